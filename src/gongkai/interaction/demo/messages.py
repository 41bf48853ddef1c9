"""Demo messages (互动): questions, suggestions and complaints to the bodies of 宿州市, each fitting
the body (教育局: 入学政策; 人社局: 社保; 卫健委: 疫苗接种; 住建局: 公积金和物业; 医保局: 报销),
made through the real services on past dates so that every due date is the calendar's own.

市教育局 (where the demo accounts work) has work waiting for each role: new messages for
``officehead`` to assign, messages assigned to ``handler`` with days left and one overdue, an
answered one waiting to be published, and one unanswered for more than 3 months (互动回应差, red in
the list and the inbox). The other bodies have published answers and an open message each; an
office head account is made for each (``<slug>-office``, the demo password) to answer them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from gongkai.interaction.models import Message, MessageKind
from gongkai.interaction.services import handling, intake
from gongkai.interaction.services.masking import propose_copy
from gongkai.orgs.models import Role, RoleName
from gongkai.workdays.calendar import get_calendar

DEPARTMENT = "sz-jyj"


@dataclass(frozen=True)
class Letter:
    kind: str
    subject: str
    text: str
    answer: str = ""
    writer: str = ""
    phone: str = ""
    consent: bool = True


#: 市教育局: answered and published.
EDU_PUBLISHED = (
    Letter(
        "consult",
        "2026年秋季小学一年级入学需要准备哪些材料",
        "孩子今年9月满6周岁，户籍在埇桥区，租房居住。请问报名一年级需要提供哪些材料？"
        "租房合同是否需要备案？我的电话13955701234，方便时请回电。",
        "您好！根据《宿州市2026年义务教育阶段学校招生入学工作方案》，小学一年级报名需提供："
        "适龄儿童户口簿、法定监护人居住证明（房产证或经备案的租房合同）、儿童预防接种证查验证明。"
        "租房居住的，租赁合同须在住房城乡建设部门办理备案，并提供连续一年以上的居住证明。"
        "具体材料以学区学校公告为准。感谢您的关注！",
        "王建国",
        "13955701234",
    ),
    Letter(
        "consult",
        "随迁子女能否在宿州市区就读公办初中",
        "我是外地户籍，在宿州务工三年，孩子今年小学毕业，请问能否在市区就读公办初中？需要什么条件？",
        "您好！进城务工人员随迁子女符合“有合法稳定就业、有合法稳定住所、连续缴纳社会保险满一年”条件的，"
        "可向居住地所在学区学校申请就读，由教育主管部门统筹安排公办学校学位。"
        "申请时间为每年6月下旬，详见市教育局网站招生专栏。",
        "李秀英",
    ),
    Letter(
        "suggest",
        "建议延长小学课后服务时间",
        "双职工家庭下班较晚，建议将小学课后服务结束时间延长到18:00，并增加托管服务的内容。",
        "您好！感谢您的建议。我局已将课后服务时间与家长下班时间相衔接列入2026年工作要点，"
        "各校可根据家长需求提供延时托管服务，结束时间原则上不早于当地正常下班时间。"
        "我们将持续改进课后服务内容。",
    ),
    Letter(
        "complaint",
        "反映某校外培训机构退费难问题",
        "我在城东一家培训机构报了课程，机构停课后至今未退费，机构留的联系电话和邮箱也无人回复。",
        "您好！您反映的问题已转交城东街道和市场监管部门联合核查，该机构已被列入重点监管名单，"
        "并已责令其在15日内完成退费。您也可通过12315平台登记维权诉求。感谢您的监督！",
        "张丽",
        "",
        True,
    ),
)
#: 市教育局: open ones (days left, one overdue, one unanswered for more than 3 months).
EDU_OPEN = (
    Letter(
        "consult",
        "中考体育考试项目及评分标准何时公布",
        "孩子今年初三，请问2026年中考体育考试项目有没有调整？评分标准什么时候公布？",
        writer="周女士",
    ),
    Letter(
        "consult",
        "义务教育阶段学生资助如何申请",
        "家里是低保户，孩子在读初二，请问家庭经济困难学生生活补助怎么申请？需要什么材料？",
    ),
    Letter(
        "suggest",
        "建议在学校周边增设交通安全设施",
        "宿州一中门口上下学时段车辆拥堵，建议增设减速带和护学岗，保障学生安全。",
    ),
    Letter(
        "consult",
        "教师资格认定何时开始网上报名",
        "请问2026年春季中小学教师资格认定什么时候开始网上报名？体检在哪里进行？",
    ),
)
#: 市教育局: unanswered for more than 3 months (互动回应差).
EDU_STALE = Letter(
    "complaint",
    "反映民办幼儿园收费不透明",
    "某民办幼儿园每学期另收“特色课程费”，未公示收费项目和标准，请予以查处。",
)
#: 市教育局: answered, waiting to be published; answered without consent (closed).
EDU_TO_PUBLISH = Letter(
    "consult",
    "高中学校招生计划什么时候公布",
    "请问2027年市区普通高中招生计划和录取分数线什么时候公布？",
    "您好！2027年普通高中招生计划将于明年6月上旬在市教育局网站公布，"
    "录取分数线于中考成绩公布后一周内公布。请关注官方发布。",
)
EDU_PRIVATE = Letter(
    "complaint",
    "反映孩子在校受到欺凌",
    "孩子在学校多次被同学欺负，班主任处理不及时，希望教育局督促学校处理。",
    "您好！我局已责成学校成立专项工作组，约谈相关学生及家长，并对班主任进行了提醒谈话。"
    "学校将安排心理教师跟进关心。如仍有问题，请拨打我局监督电话。",
    consent=False,
)

#: Other bodies: (slug, published letters, an open letter).
OTHERS: tuple[tuple[str, tuple[Letter, ...], Letter], ...] = (
    (
        "sz-rsj",
        (
            Letter(
                "consult",
                "灵活就业人员如何缴纳城镇职工养老保险",
                "我是个体户，想以灵活就业人员身份缴纳养老保险，请问在哪里办理？缴费基数怎么选？",
                "您好！灵活就业人员可携带身份证到户籍地或居住地社保经办窗口登记，也可通过“皖事通”办理。"
                "缴费基数可在全省上年度全口径城镇单位就业人员平均工资的60%至300%之间自主选择。",
            ),
            Letter(
                "consult",
                "失业保险金申领条件",
                "我所在公司裁员，我已缴纳失业保险4年，请问能领取多长时间的失业保险金？",
                "您好！失业前累计缴费满1年不足5年的，领取失业保险金的期限最长为12个月。"
                "请在终止劳动关系之日起60日内到参保地经办机构或线上办理失业登记并申领。",
            ),
        ),
        Letter("consult", "社保卡补办需要多长时间", "社保卡丢失，请问补办需要多长时间，能否即时制卡？"),
    ),
    (
        "sz-wjw",
        (
            Letter(
                "consult",
                "成人接种流感疫苗在哪里预约",
                "请问成年人接种流感疫苗可以在哪些社区卫生服务中心预约？费用是多少？",
                "您好！全市各社区卫生服务中心和乡镇卫生院均提供流感疫苗接种服务，可通过“健康宿州”公众号预约。"
                "流感疫苗为非免疫规划疫苗，费用按各接种单位公示价格执行。",
            ),
        ),
        Letter("suggest", "建议市立医院增加夜间门诊", "建议市立医院开设儿科夜间门诊，方便上班族带孩子就医。"),
    ),
    (
        "sz-zjj",
        (
            Letter(
                "consult",
                "住房公积金提取用于支付房租的条件",
                "在宿州无自有住房，租房居住，请问每年可以提取多少公积金支付房租？",
                "您好！职工本人及配偶在本市无自有住房且租赁住房的，可申请提取住房公积金支付房租，"
                "提取额度按本市规定的租房提取限额执行，可通过住房公积金线上渠道办理。",
            ),
            Letter(
                "complaint",
                "小区物业不履行维修义务",
                "小区电梯多次故障，物业公司不及时维修，业主多次反映无果，请主管部门督促。",
                "您好！我局已约谈该物业服务企业，要求其立即组织电梯维保单位全面检修，"
                "并将其纳入物业服务企业信用评价管理。业主可通过业主委员会依法监督物业服务。",
            ),
        ),
        Letter("consult", "老旧小区改造计划查询", "请问2026年老旧小区改造计划包括哪些小区？何时开工？"),
    ),
    (
        "sz-ybj",
        (
            Letter(
                "consult",
                "异地就医备案如何办理",
                "父母长期在外地居住，请问异地就医备案怎么办理？备案后报销比例是否降低？",
                "您好！可通过国家医保服务平台APP或“皖事通”办理异地长期居住人员备案。"
                "备案后在就医地定点医疗机构直接结算，起付线、报销比例按参保地规定执行。",
            ),
        ),
        Letter("consult", "门诊慢特病申请流程", "请问高血压门诊慢特病待遇如何申请？需要哪些检查材料？"),
    ),
)


class _Builder:
    def __init__(self, region: Any, today: dt.date) -> None:
        self.region = region
        self.today = today
        self.calendar = get_calendar()
        self.kinds = {k.code: k for k in MessageKind.objects.all()}
        self.count = 0

    def workdays_ago(self, n: int) -> dt.date:
        day = self.today
        while n > 0:
            day -= dt.timedelta(days=1)
            if self.calendar.is_workday(day):
                n -= 1
        return day

    def at(self, day: dt.date, hour: int = 9) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))

    def after(self, day: dt.date, workdays: int) -> dt.date:
        return min(self.calendar.add_workdays(day, workdays), self.today)

    def receive(self, body: Any, letter: Letter, on: dt.date) -> Message:
        message, _code = intake.submit_message(
            organization=body,
            kind=self.kinds[letter.kind],
            data={
                "subject": letter.subject,
                "text": letter.text,
                "writer_name": letter.writer,
                "writer_phone": letter.phone,
                "consent_publish": letter.consent,
            },
            received_at=self.at(on),
        )
        self.count += 1
        return message

    def answer(self, message: Message, head: Any, handler: Any, letter: Letter, days: int) -> Message:
        handling.assign(message, actor=head, assignee=handler, at=self.at(message.received_on, 14))
        message = handling.answer(
            message, actor=handler, text=letter.answer, at=self.at(self.after(message.received_on, days), 16)
        )
        return message

    def publish(self, message: Message, actor: Any) -> Message:
        return handling.publish(
            message,
            actor=actor,
            copy=propose_copy(message),
            at=self.at(self.after(message.answered_on or message.received_on, 1), 10),
        )


def _office_head(region: Any, slug: str) -> Any:
    from gongkai.accounts.models import User

    body = region.bodies[slug]
    user, _ = User.objects.get_or_create(
        username=f"{slug}-office",
        defaults={"full_name": f"{body.display_short}公开办", "password": make_password(None)},
    )
    if region.users.get("officehead") is not None:
        user.password = region.users["officehead"].password  # the documented demo password
        user.save(update_fields=["password"])
    Role.objects.get_or_create(user=user, organization=body, role=RoleName.OFFICE_HEAD)
    return user


def build_messages(region: Any, *, today: dt.date, echo: Callable[[str], Any] = print) -> int:
    b = _Builder(region, today)
    edu = region.bodies.get(DEPARTMENT)
    if edu is not None:
        head, handler = region.users["officehead"], region.users["handler"]
        for n, letter in enumerate(EDU_PUBLISHED):
            message = b.receive(edu, letter, b.workdays_ago(40 - 8 * n))
            b.publish(b.answer(message, head, handler, letter, 3 + n), handler)
        to_publish = b.receive(edu, EDU_TO_PUBLISH, b.workdays_ago(6))
        b.answer(to_publish, head, handler, EDU_TO_PUBLISH, 2)
        private = b.receive(edu, EDU_PRIVATE, b.workdays_ago(20))
        handling.close(
            b.answer(private, head, handler, EDU_PRIVATE, 8),
            actor=handler,
            reason="",
            at=b.at(b.after(private.received_on, 9)),
        )
        # Open: two new ones for the office head, two with the handler (one due soon), one overdue.
        b.receive(edu, EDU_OPEN[0], b.workdays_ago(1))
        b.receive(edu, EDU_OPEN[1], today)
        handling.assign(
            b.receive(edu, EDU_OPEN[2], b.workdays_ago(4)),
            actor=head,
            assignee=handler,
            at=b.at(b.workdays_ago(3)),
        )
        handling.assign(
            b.receive(edu, EDU_OPEN[3], b.workdays_ago(9)),
            actor=head,
            assignee=handler,
            at=b.at(b.workdays_ago(8)),
        )
        stale_day = today - dt.timedelta(days=100)
        b.receive(edu, EDU_STALE, stale_day)
    for slug, published, open_letter in OTHERS:
        body = region.bodies.get(slug)
        if body is None:
            continue
        head = _office_head(region, slug)
        for n, letter in enumerate(published):
            message = b.receive(body, letter, b.workdays_ago(30 - 10 * n))
            b.publish(b.answer(message, head, head, letter, 4 + n), head)
        b.receive(body, open_letter, b.workdays_ago(2))
    echo(f"  互动交流：{b.count} 条留言")
    return b.count
