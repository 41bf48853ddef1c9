"""Demo requests for information: every state, every outcome of 表三, both routing models, fees,
appeals with every result — all made through the real services on dates in the past, so every
due date in the demo is the kernel's own.

市教育局 works in routing model A (its office assigns and its handler replies); 市人民政府 works in
model B (接办分离: the ``window`` account receives, 市教育局's handler drafts, the window reviews and
delivers). Dates are relative to the day the demo is built and chosen as working days so that every
statutory check passes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.utils import timezone

from gongkai.core.conf import conf
from gongkai.foi.legal import (
    AppealKind,
    AppealResult,
    ApplicantType,
    Channel,
    ConsultationAnswer,
    ConsultationKind,
    Delivery,
    FeeMethod,
    Format,
    IdType,
    Outcome,
    reply_types_for,
)
from gongkai.foi.models import InfoRequest, RequestSettings, Routing
from gongkai.orgs.unitcodes import make_uscc
from gongkai.secrecy.scanner import resident_id_check_char
from gongkai.workdays.calendar import get_calendar

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_GIVEN = ["建国", "秀英", "志强", "丽娟", "海涛", "春梅", "晓明", "桂兰", "文博", "雪梅", "国庆", "玉珍"]
_ORGS: dict[str, list[str]] = {
    ApplicantType.BUSINESS: ["宿州市恒达建材有限公司", "安徽皖北物流有限公司", "宿州市鑫源商贸有限公司"],
    ApplicantType.RESEARCH: ["宿州学院地方发展研究中心", "安徽省农业科学院宿州试验站"],
    ApplicantType.PUBLIC_WELFARE: ["宿州市青少年发展基金会", "宿州市助残志愿者协会"],
    ApplicantType.LEGAL_SERVICE: ["安徽淮海律师事务所", "宿州市埇桥区法律援助中心"],
    ApplicantType.OTHER_ORG: ["宿州市某小区业主委员会", "宿州市个体劳动者协会"],
}
_WANTS = [
    "2025年度宿州市义务教育阶段学校招生划片范围及依据文件",
    "市区新建小学项目的立项批复和建设用地审批文件",
    "2025年度教育经费投入统计公告及各县区生均公用经费标准",
    "本人子女入学申请的审核结果及审核依据",
    "2025年宿州市学前教育资助资金分配明细",
    "我市民办学校年检结果及年检标准",
    "教师招聘考试成绩复核程序的规定文件",
    "校外培训机构审批名单及审批依据",
    "某中学扩建项目环境影响评价相关材料",
    "2024年以来学校食堂食品安全检查记录汇总",
    "中小学校舍安全改造工程招标文件及中标结果",
    "我市2026年中考加分政策及加分人员名单公示情况",
]


class DemoRequests:
    def __init__(self, region: Any, seed: int, echo: Callable[[str], Any]) -> None:
        self.region = region
        self.rng = random.Random(seed + 3)
        self.echo = echo
        self.today = timezone.localdate()
        self.calendar = get_calendar()
        self.body = region.bodies["sz-jyj"]
        self.city = region.bodies["suzhou"]
        self.handler = region.users["handler"]
        self.head = region.users["officehead"]
        self.window = region.users["window"]
        self.count = 0

    # -- dates --------------------------------------------------------------------------------------

    def workdays_ago(self, n: int) -> dt.date:
        """The working day n working days before today (n working days lie in (that day, today])."""
        day = self.today
        while self.calendar.workdays_between(day, self.today) < n or not self.calendar.is_workday(day):
            day -= dt.timedelta(days=1)
        return day

    def after(self, day: dt.date, n: int) -> dt.date:
        return self.calendar.add_workdays(day, n)

    # -- applicants -----------------------------------------------------------------------------------

    def applicant(self, kind: str = ApplicantType.PERSON, **overrides: Any) -> dict[str, Any]:
        rng = self.rng
        data: dict[str, Any]
        if kind == ApplicantType.PERSON:
            born = dt.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
            first17 = f"341302{born:%Y%m%d}{rng.randint(0, 999):03d}"
            data = {
                "applicant_name": rng.choice(_SURNAMES) + rng.choice(_GIVEN),
                "id_type": IdType.RESIDENT_ID,
                "id_number": first17 + resident_id_check_char(first17),
            }
        else:
            data = {
                "applicant_name": rng.choice(_ORGS[kind]),
                "id_type": IdType.CREDIT_CODE,
                "id_number": make_uscc("9", "1", "341302", f"{rng.randint(10**7, 10**8 - 1)}"),
                "legal_representative": rng.choice(_SURNAMES) + rng.choice(_GIVEN),
                "contact_person": rng.choice(_SURNAMES) + rng.choice(_GIVEN),
            }
        data.update(
            applicant_type=kind,
            phone=f"13{rng.randint(0, 9)}{rng.randint(10**7, 10**8 - 1)}",
            email=f"applicant{self.count + 1}@example.com",
            address=f"安徽省宿州市埇桥区淮海路{rng.randint(1, 300)}号",
            postcode="234000",
            description=rng.choice(_WANTS),
            format=rng.choice([Format.PAPER, Format.ELECTRONIC]),
            delivery=rng.choice([Delivery.EMAIL, Delivery.POST, Delivery.PICKUP, Delivery.ONLINE]),
            fee_waiver_requested=False,
        )
        data.update(overrides)
        return data

    def register(
        self, received: dt.date, *, body: Any = None, channel: str = Channel.IN_PERSON, **applicant: Any
    ) -> InfoRequest:
        from gongkai.foi.services.intake import register

        body = body or self.body
        kind = applicant.pop("kind", ApplicantType.PERSON)
        actor = self.window if body == self.city else self.handler
        extra: dict[str, Any] = {}
        if channel == Channel.LETTER:
            extra["signed_for_on"] = received
        elif channel in (Channel.ONLINE, Channel.FAX, Channel.EMAIL):
            extra["confirmed_on"] = received
        request, _code = register(
            actor=actor,
            organization=body,
            data=self.applicant(kind, **applicant),
            channel=channel,
            submitted_on=received,
            **extra,
        )
        self.count += 1
        return request

    def assign(self, request: InfoRequest) -> InfoRequest:
        from gongkai.foi.services.handling import assign

        if request.organization == self.city:
            return assign(request, actor=self.window, handling_unit=self.body, assignee=self.handler)
        return assign(request, actor=self.handler, handling_unit=self.body, assignee=self.handler)

    def reply(self, request: InfoRequest, outcome: str, on: dt.date, reasons: str = "", **extra: Any) -> None:
        from gongkai.foi.services.handling import issue_reply

        types = reply_types_for(outcome)
        reply_type = extra.pop("reply_type", types[0] if types else "")
        if not reasons and (outcome != Outcome.GRANTED or reply_type == "already_public"):
            reasons = _REASONS.get(outcome, "经审查，依法作出上述处理。")
        issue_reply(
            request,
            actor=self.handler,
            on=on,
            outcome=outcome,
            reply_type=reply_type,
            reasons=reasons,
            **extra,
        )

    # -- the cases ------------------------------------------------------------------------------------

    def build(self) -> int:
        from gongkai.foi.services import corrections, handling
        from gongkai.foi.services.intake import submit_online

        RequestSettings.objects.update_or_create(
            organization=self.city,
            defaults={
                "routing": Routing.WINDOW,
                "review_body": "安徽省人民政府",
                "court": "宿州市中级人民法院",
                "letter_prefix": "宿政依复",
            },
        )
        RequestSettings.objects.update_or_create(
            organization=self.body,
            defaults={
                "routing": Routing.OFFICE,
                "review_body": "宿州市人民政府",
                "court": "宿州市埇桥区人民法院",
                "letter_prefix": "宿教依复",
            },
        )

        # Open cases, model A.
        submit_online(
            organization=self.body,
            data=self.applicant(description="2026年秋季学期各小学招生计划及实际录取人数"),
        )
        self.count += 1
        self.register(self.workdays_ago(1), channel=Channel.LETTER)  # 待分办
        self.assign(self.register(self.workdays_ago(6), channel=Channel.EMAIL))  # 办理中
        soon = self.assign(self.register(self.workdays_ago(18)))  # 临期
        overdue = self.assign(self.register(self.workdays_ago(23), kind=ApplicantType.BUSINESS))  # 超期
        handling.remind(overdue, actor=self.head, message="请抓紧办理，已超过法定答复期限。", escalation=True)
        handling.remind(soon, actor=self.head, message="请于内部期限前提交答复意见。")

        waiting = self.assign(self.register(self.workdays_ago(4), description="学校的那个文件"))  # 待补正
        handling.ask_correction(
            waiting,
            actor=self.handler,
            on=self.workdays_ago(2),
            what="请写明所需信息的学校名称、年份和文件名称",
        )

        restarted = self.assign(self.register(self.workdays_ago(12), description="关于学区的文件"))
        handling.ask_correction(
            restarted, actor=self.handler, on=self.workdays_ago(10), what="请写明学区名称和所需文件的年份"
        )
        handling.receive_correction(
            restarted,
            actor=self.handler,
            on=self.workdays_ago(5),
            note="申请人补充：2026年埇桥区第三学区划分文件",
        )

        # The applicant sent the correction online from the look-up page (第三十条), with the text
        # the 补正告知书 asked for: the handler finds it on the case page.
        online = self.assign(self.register(self.workdays_ago(3), description="学校校车的有关材料"))
        handling.ask_correction(
            online,
            actor=self.handler,
            on=self.workdays_ago(1),
            what="请写明所需校车线路的学校名称和学年",
        )
        corrections.submit_online(
            online,
            text="所需信息为2026—2027学年埇桥区城东小学校车运行线路及停靠站点安排。",
            token=f"demo-correction-{online.pk:012d}",
        )

        third = self.assign(
            self.register(self.workdays_ago(9), kind=ApplicantType.LEGAL_SERVICE)
        )  # 征求第三方意见（进行中）
        handling.consult(
            third,
            actor=self.handler,
            kind=ConsultationKind.THIRD_PARTY,
            party="宿州市恒达建材有限公司",
            party_contact="0557-3021234",
            on=self.workdays_ago(3),
        )

        joint = self.assign(self.register(self.workdays_ago(16), kind=ApplicantType.RESEARCH))
        consultation = handling.consult(
            joint,
            actor=self.handler,
            kind=ConsultationKind.OTHER_BODY,
            party="宿州市财政局",
            on=self.workdays_ago(14),
        )
        handling.record_consultation_answer(
            consultation,
            actor=self.handler,
            on=self.workdays_ago(8),
            answer=ConsultationAnswer.AGREE,
            opinion="同意公开。",
        )

        extended = self.assign(self.register(self.workdays_ago(17), kind=ApplicantType.PUBLIC_WELFARE))
        handling.extend(
            extended, actor=self.head, on=self.workdays_ago(1), days=15, reason="涉及多个县区数据，需汇总核实"
        )

        provisional = self.assign(self.register(self.workdays_ago(2)))
        handling.extend(
            provisional, actor=self.head, on=self.today, days=20, reason="所需信息数量较大，需逐件检索"
        )

        # Model B (市人民政府): registered, drafted (awaiting review), approved (awaiting delivery).
        self.register(self.workdays_ago(1), body=self.city, channel=Channel.ONLINE)
        drafted = self.assign(self.register(self.workdays_ago(8), body=self.city))
        handling.submit_draft(
            drafted,
            actor=self.handler,
            outcome=Outcome.GRANTED,
            reply_type="provided",
            reasons="",
            title="政府信息公开申请答复告知书",
            body=self._draft_body(drafted),
        )
        approved = self.assign(
            self.register(self.workdays_ago(11), body=self.city, kind=ApplicantType.BUSINESS)
        )
        handling.submit_draft(
            approved,
            actor=self.handler,
            outcome=Outcome.UNABLE_NOT_HELD,
            reply_type="not_exist",
            reasons="经检索，本机关未制作或获取该信息。",
            title="政府信息公开申请答复告知书",
            body=self._draft_body(approved),
        )
        handling.approve_draft(approved, actor=self.window)
        finished_b = self.assign(self.register(self.workdays_ago(30), body=self.city))
        handling.submit_draft(
            finished_b,
            actor=self.handler,
            outcome=Outcome.GRANTED,
            reply_type="already_public",
            reasons=_REASONS[Outcome.GRANTED],
            title="政府信息公开申请答复告知书",
            body=self._draft_body(finished_b),
        )
        handling.approve_draft(finished_b, actor=self.window)
        handling.issue_reply(finished_b, actor=self.window, on=self.workdays_ago(12))

        # Every outcome of 表三, answered over this year and the last.
        self._every_outcome()
        self._fees()
        self._appeals()
        self._periods_ending()
        self._deflection()
        return self.count

    def _deflection(self) -> None:
        """This month's request deflection (第三十六条第（一）项): published items suggested while
        citizens typed their applications, some followed, some applications submitted anyway."""
        from gongkai.foi.services import deflection

        for body, shown in ((self.body, 38), (self.city, 21)):
            followed = shown * 2 // 5
            for n in range(shown):
                deflection.count_shown(body.pk)
                if n < followed:
                    deflection.count_followed(body.pk)
                elif n < followed + shown // 4:
                    deflection.count_submitted(body.pk)

    def _periods_ending(self) -> None:
        """A correction and a consultation whose periods end in two working days: the 15 working
        days given to the applicant (第三十条) and to the third party (第三十二条) run out soon."""
        from gongkai.foi.services import handling

        unclear = self.assign(
            self.register(self.workdays_ago(16), channel=Channel.LETTER, description="学校收费的有关文件")
        )
        handling.ask_correction(
            unclear,
            actor=self.handler,
            on=self.workdays_ago(13),
            what="请写明所需文件涉及的学校、收费项目和年份",
        )
        school = self.assign(
            self.register(
                self.workdays_ago(15),
                kind=ApplicantType.OTHER_ORG,
                channel=Channel.ONLINE,
                description="宿州市启明民办学校2025年度办学许可证年检材料及财务审计报告",
            )
        )
        handling.consult(
            school,
            actor=self.handler,
            kind=ConsultationKind.THIRD_PARTY,
            party="宿州市启明民办学校",
            party_contact="0557-3028816",
            on=self.workdays_ago(13),
        )

    def _draft_body(self, request: InfoRequest) -> str:
        return (
            f"{request.applicant_name}：\n本机关于{request.received_on:%Y年%m月%d日}收到您提出的政府信息公开申请"
            f"（登记编号 {request.registration_number}）。经审查，现答复如下：……"
        )

    def _every_outcome(self) -> None:
        kinds = [ApplicantType.PERSON, *_ORGS]
        outcomes = [
            o
            for o in Outcome
            if o not in (Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID, Outcome.OTHER)
        ]
        for i, outcome in enumerate(outcomes):
            back = 30 + i * 9  # spread over about a year of working days
            received = self.workdays_ago(back)
            request = self.assign(
                self.register(received, kind=kinds[i % len(kinds)], channel=list(Channel)[i % len(Channel)])
            )
            extra: dict[str, Any] = {}
            if outcome == Outcome.UNABLE_NOT_HELD and i % 2:
                extra = {
                    "reply_type": "not_ours",
                    "referred_body": "宿州市人力资源和社会保障局，电话0557-3010411",
                }
            if outcome == Outcome.NOT_HANDLED_REPEAT:
                request.duplicate_of = (
                    InfoRequest.objects.exclude(pk=request.pk)
                    .filter(organization=self.body)
                    .earliest("received_on")
                )
                request.save(update_fields=["duplicate_of"])
            self.reply(request, outcome, self.after(received, 5 + i % 10), **extra)
            if i % 3 == 0:
                from gongkai.foi.services.letters import record_delivery

                letter = request.letters.filter(kind="reply").get()
                record_delivery(
                    letter,
                    actor=self.handler,
                    on=letter.issued_on,
                    delivery=request.delivery,
                    note="EMS 1100" + str(4000000 + i) if request.delivery == Delivery.POST else "",
                )
        # Outcome 6.1: no correction made in time.
        from gongkai.foi.services import handling

        lapsed = self.assign(self.register(self.workdays_ago(40), description="有关的相关文件"))
        handling.ask_correction(
            lapsed,
            actor=self.handler,
            on=self.after(lapsed.received_on, 2),
            what="请写明所需文件的名称或文号",
            until=self.after(lapsed.received_on, 12),
        )
        lapsed.refresh_from_db()
        handling.lapse_correction(lapsed, actor=self.handler, on=self.after(lapsed.received_on, 13))
        # Outcome 6.3: withdrawn by the applicant.
        withdrawn = self.assign(self.register(self.workdays_ago(26)))
        handling.withdraw(
            withdrawn,
            actor=self.handler,
            on=self.after(withdrawn.received_on, 3),
            reason="申请人来电表示已通过其他途径获取，申请撤回",
        )

    @contextmanager
    def _fees_enabled(self) -> Iterator[None]:
        fees = conf()["REQUEST_FEES"]
        before = fees["ENABLED"]
        fees["ENABLED"] = True
        try:
            yield
        finally:
            fees["ENABLED"] = before

    def _fees(self) -> None:
        from gongkai.foi.services import fees

        with self._fees_enabled():
            paid = self.assign(
                self.register(
                    self.workdays_ago(28),
                    kind=ApplicantType.BUSINESS,
                    description="2020年至2025年全市校舍建设项目全部合同文本（约250页）",
                )
            )
            notice = fees.issue_fee_notice(
                paid,
                actor=self.handler,
                method=FeeMethod.BY_VOLUME,
                quantity=250,
                on=self.after(paid.received_on, 3),
            )
            fees.record_payment(notice, actor=self.handler, on=self.after(paid.received_on, 8))
            paid.refresh_from_db()
            self.reply(paid, Outcome.GRANTED, self.after(paid.received_on, 14))

            unpaid = self.assign(
                self.register(
                    self.workdays_ago(60),
                    kind=ApplicantType.OTHER_ORG,
                    description="2015年以来全部教育收费文件及附件（约400页）",
                )
            )
            notice = fees.issue_fee_notice(
                unpaid,
                actor=self.handler,
                method=FeeMethod.BY_VOLUME,
                quantity=400,
                on=self.after(unpaid.received_on, 2),
            )
            fees.lapse_fee(notice, actor=self.handler, on=self.after(notice.pay_by, 1))

    def _appeals(self) -> None:
        from gongkai.foi.services import handling

        finished = list(
            InfoRequest.objects.filter(organization=self.body, state="answered").order_by("received_on")[:4]
        )
        results = [AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER, AppealResult.PENDING]
        reviews: list[Any] = []
        for request, result in zip(finished, results, strict=False):
            filed = self.after(request.answered_on, 10)
            if filed > self.today:
                filed = self.today
            review = handling.record_appeal(
                request,
                actor=self.handler,
                kind=AppealKind.REVIEW,
                filed_on=filed,
                authority="宿州市人民政府",
                case_number=f"宿政复〔{filed.year}〕{len(reviews) + 11}号",
            )
            decided = self.after(filed, 30)
            handling.decide_appeal(
                review,
                actor=self.handler,
                result=result,
                decided_on=decided if decided <= self.today else None,
            )
            reviews.append(review)
        if len(reviews) >= 2:
            first = reviews[0]
            after = self.after(first.decided_on or first.filed_on, 5)
            handling.record_appeal(
                first.request,
                actor=self.handler,
                kind=AppealKind.LITIGATION,
                filed_on=min(after, self.today),
                authority="宿州市埇桥区人民法院",
                case_number="（2026）皖1302行初15号",
                after_review=first,
            )
            direct = reviews[1].request
            handling.record_appeal(
                direct,
                actor=self.handler,
                kind=AppealKind.LITIGATION,
                filed_on=min(self.after(direct.answered_on or direct.received_on, 20), self.today),
                authority="宿州市埇桥区人民法院",
                case_number="（2026）皖1302行初22号",
            )


_REASONS: dict[str, str] = {
    Outcome.GRANTED: "该信息已在本机关政府信息公开专栏“法定主动公开内容”栏目主动公开，可在门户网站查阅。",
    Outcome.PARTIAL: "所申请信息中含有第三方个人信息（姓名、身份证号码、联系电话），已区分处理后提供。",
    Outcome.REFUSED_STATE_SECRET: "所申请信息经依法确定为国家秘密。",
    Outcome.REFUSED_PROHIBITED: "所申请信息属于法律、行政法规禁止公开的信息。",
    Outcome.REFUSED_THREE_SECURITIES: "所申请信息公开后可能危及国家安全、公共安全、经济安全和社会稳定。",
    Outcome.REFUSED_THIRD_PARTY: "所申请信息涉及第三方商业秘密，第三方不同意公开。",
    Outcome.REFUSED_INTERNAL: "所申请信息属于本机关内部事务信息（内部管理制度）。",
    Outcome.REFUSED_PROCESS: "所申请信息属于本机关在履行行政管理职能过程中形成的讨论记录、过程稿。",
    Outcome.REFUSED_ENFORCEMENT: "所申请信息属于行政执法案卷信息。",
    Outcome.REFUSED_QUERY: "所申请信息属于行政查询事项，请依照有关规定向登记机关查询。",
    Outcome.UNABLE_NOT_HELD: "经检索，本机关未制作或获取所申请的政府信息。",
    Outcome.UNABLE_NEEDS_CREATION: "所申请信息需要本机关对现有信息进行加工、分析后另行制作。",
    Outcome.UNABLE_STILL_UNCLEAR: "经补正后，申请内容仍不明确，无法确定所需政府信息。",
    Outcome.NOT_HANDLED_PETITION: "您的申请属于信访、投诉、举报事项，请通过相应渠道提出。",
    Outcome.NOT_HANDLED_REPEAT: "本机关已就您此前提出的相同申请作出答复，不予重复处理。",
    Outcome.NOT_HANDLED_PUBLICATION: "所申请内容为公开出版物，请通过公开发行渠道获取。",
    Outcome.NOT_HANDLED_EXCESSIVE: "申请人无正当理由大量、反复提出申请，明显超过合理范围。",
    Outcome.NOT_HANDLED_CONFIRM: "您的申请要求本机关确认或重新出具已获取的信息。",
}


def build_requests(region: Any, *, seed: int, echo: Callable[[str], Any]) -> int:
    count = DemoRequests(region, seed, echo).build()
    echo(f"已生成 {count} 件政府信息公开申请（各种办理状态和全部办理结果）。")
    return count
