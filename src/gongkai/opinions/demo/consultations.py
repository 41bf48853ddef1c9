"""The demo's consultations of 宿州市教育局 (docs/SPEC.md §2.4), each through the real services:

- one open for comment for twenty days, with comments answered and others waiting for moderation
  (work for the editor and the office head);
- one whose period has ended, closed by the platform's round, its comments handled but its
  采纳情况 not yet published (work for the signer);
- one concluded: comments answered by theme, the 采纳情况 published and linked to the final policy,
  published as an item;
- one waiting for secrecy review (work for the reviewer).

A consultation opens on the day it is signed; each is then moved back in time (its dates and times
only, ``_backdate``), as if drafted, reviewed, signed and commented on over the past weeks, and the
two past ones are closed by the round (``services.close_due``); the final policy is the draft with
what was adopted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gongkai.opinions import services
from gongkai.opinions.models import Adoption, Comment, Consultation, Theme

HOW = (
    "公众可通过以下方式提出意见建议：\n"
    "1. 在本页面“提交意见”栏直接填写；\n"
    "2. 电子邮件发送至 jyjzcfgk@ahsz.gov.cn，邮件主题注明“意见征集”；\n"
    "3. 信函寄至宿州市教育局政策法规科（宿州市埇桥区淮河西路），信封注明“意见征集”。\n"
    "联系电话：0557-3021568。"
)

OPEN_TITLE = "宿州市教育局关于进一步规范中小学课后服务工作的实施意见（征求意见稿）"
OPEN_BODY = (
    "<h2>一、总体要求</h2><p>坚持学生自愿、学校主责、公益普惠原则，课后服务每周5天全覆盖，"
    "结束时间原则上不早于当地正常下班时间。</p><h2>二、服务内容</h2><p>以作业辅导、文体活动、科普、阅读为主，"
    "不得利用课后服务时间讲授新课。</p><h2>三、保障措施</h2><p>课后服务经费按照成本分担原则，"
    "由财政补助和服务性收费共同承担，收费标准由市发展改革委会同市教育局核定。</p>"
)
OPEN_COMMENTS = [
    (
        "建议课后服务结束时间与家长下班时间衔接，低年级可以增设延时看护。",
        True,
        "感谢您的建议，我们将在实施意见中明确各校可根据家长需求提供弹性延时服务。",
    ),
    (
        "农村学校师资紧张，建议允许引进退休教师和志愿者参与课后服务。",
        True,
        "已吸收：实施意见将明确可引入退休教师、具备资质的社会力量和志愿者参与。",
    ),
    ("希望增加体育类活动的比重，每天保证学生一小时户外活动。", None, ""),
    ("收费标准能否公开？建议每学期在学校公示栏和网站公开收支情况。", None, ""),
    ("专业代写作业，加微信了解，www.example-ad.top", None, ""),
    ("我孩子在埇桥区某小学，老师电话13905571234，课后服务一直在讲新课，请核查。", None, ""),
]

CLOSED_TITLE = "宿州市幼儿园收费管理办法（征求意见稿）"
CLOSED_BODY = (
    "<p>为规范全市幼儿园收费行为，根据《幼儿园收费管理办法》和省有关规定，结合我市实际，制定本办法。</p>"
    "<h2>一、收费项目</h2><p>公办幼儿园收费项目包括保育教育费、住宿费，代收费项目包括伙食费。</p>"
    "<h2>二、收费公示</h2><p>幼儿园应在醒目位置公示收费项目、标准、依据和投诉电话。</p>"
)
CLOSED_COMMENTS = [
    ("伙食费应单独核算，每学期公布伙食费收支明细。", True),
    ("建议对家庭经济困难幼儿减免保育教育费。", True),
    ("普惠性民办园的收费上限建议明确到具体金额。", True),
    ("这个和我们小区停车收费有什么关系？", False),
]

CONCLUDED_TITLE = "宿州市教育局关于义务教育阶段学校招生入学工作的指导意见（征求意见稿）"
CONCLUDED_BODY = (
    "<p>为推进义务教育公平优质发展，做好我市义务教育阶段学校招生入学工作，提出如下指导意见。</p>"
    "<h2>一、坚持免试就近入学</h2><p>公办学校按照划定的学区招生，不得以任何形式的考试、测试选拔学生。</p>"
    "<h2>二、规范民办学校招生</h2><p>民办义务教育学校纳入审批地统一管理，与公办学校同步招生。</p>"
)
CONCLUDED_COMMENTS = [
    "学区划分应提前公布，给家长留出足够时间。",
    "建议学区划分方案公布前听取社区和家长代表的意见。",
    "随迁子女入学材料要求应简化，居住证满半年即可。",
    "进城务工人员子女入学应与户籍学生享受同等待遇。",
    "希望取消民办学校面谈环节。",
]
FINAL_TITLE = "宿州市教育局关于义务教育阶段学校招生入学工作的指导意见"
#: The final policy: the draft with what was adopted (学区划分公开, 随迁子女入学, no 面谈).
FINAL_BODY = (
    "<p>各县（区）教育局，市直各学校：</p>"
    "<p>为推进义务教育公平优质发展，做好我市义务教育阶段学校招生入学工作，现提出如下指导意见。</p>"
    "<h2>一、坚持免试就近入学</h2><p>公办学校按照划定的学区招生，不得以任何形式的考试、测试选拔学生。"
    "学区划分方案于每年4月底前向社会公布，公布前听取社区和家长代表的意见。</p>"
    "<h2>二、规范民办学校招生</h2><p>民办义务教育学校纳入审批地统一管理，与公办学校同步招生，"
    "不得组织面试面谈。</p>"
    "<h2>三、保障随迁子女入学</h2><p>进城务工人员随迁子女凭居住证在居住地入学，与户籍学生享受同等待遇；"
    "入学材料清单予以精简，由各县（区）教育局向社会公布。</p>"
    "<p>本意见自印发之日起施行。</p>"
)
FINAL_SUMMARY = "明确免试就近入学、学区划分方案公开、民办学校同步招生和随迁子女凭居住证入学等要求。"

REVIEW_TITLE = "宿州市教育局关于加强中小学生近视防控工作的通知（征求意见稿）"


def _consultation(users: dict[str, Any], org: Any, title: str, body: str, days: int = 30) -> Consultation:
    return services.create_consultation(
        actor=users["editor"],
        organization=org,
        fields={"title": title, "body": body, "how_to_comment": HOW, "duration_days": days},
    )


def _open(users: dict[str, Any], c: Consultation) -> Consultation:
    services.submit_for_review(actor=users["editor"], consultation=c)
    for finding in services.blocking(c):
        services.decide_finding(
            actor=users["reviewer"],
            consultation=c,
            fingerprint=finding.fingerprint,
            note="系公开的办公电话和邮箱。",
        )
    services.pass_review(
        actor=users["reviewer"], consultation=c, opinion="经审查不涉及国家秘密，同意公开征求意见。"
    )
    return services.open_consultation(actor=users["signer"], consultation=c)


def _comment(c: Consultation, text: str, n: int, name: str = "") -> Comment:
    data = {"text": text, "name": name, "phone": f"1395571{n:04d}" if name else "", "email": ""}
    comment, _created = services.submit_comment(consultation=c, data=data, key=f"{c.pk:08x}{n:024x}")
    return comment


def _backdate(c: Consultation, opened_days_ago: int) -> None:
    """Move a just-opened consultation back in time, as if the work had taken its usual days:
    drafted a week before it opened, sent for review and reviewed before, opened at half past nine,
    its comments received three days apart within the period, each moderated the next day and
    answered two days after that (nothing later than now)."""
    now = timezone.now()
    opens = timezone.localdate() - dt.timedelta(days=opened_days_ago)
    nine = timezone.make_aware(dt.datetime.combine(opens, dt.time(9, 0)))
    Consultation.objects.filter(pk=c.pk).update(
        opens_on=opens,
        closes_on=opens + dt.timedelta(days=c.duration_days),
        created_at=nine - dt.timedelta(days=7),
        submitted_at=nine - dt.timedelta(days=3),
        reviewed_at=nine - dt.timedelta(days=1, hours=-6),
        opened_at=nine + dt.timedelta(minutes=30),
    )
    latest: dict[int, dt.datetime] = {}
    for i, comment in enumerate(c.comments.order_by("pk")):
        received = min(nine + dt.timedelta(days=2 + 3 * i, hours=(3 * i) % 8, minutes=(17 * i) % 60), now)
        Comment.objects.filter(pk=comment.pk).update(
            received_at=received,
            moderated_at=min(received + dt.timedelta(days=1), now) if comment.moderated_at else None,
            answered_at=min(received + dt.timedelta(days=3), now) if comment.answered_at else None,
        )
        if comment.theme_id:
            latest[comment.theme_id] = max(latest.get(comment.theme_id, received), received)
    for theme_id, last in latest.items():
        Theme.objects.filter(pk=theme_id, answered_at__isnull=False).update(
            answered_at=min(last + dt.timedelta(days=3), now)
        )
    c.refresh_from_db()


def build_consultations(region: Any, *, department: str, seed: int) -> int:
    users = region.users
    org = region.bodies[department]
    head = users["officehead"]
    names = ["张女士", "李先生", "", "王老师", "", "陈先生"]

    # 1. Open for twenty days (ten left): two answered, four waiting for moderation.
    c = _open(users, _consultation(users, org, OPEN_TITLE, OPEN_BODY))
    for n, (text, accept, answer) in enumerate(OPEN_COMMENTS):
        comment = _comment(c, text, n, names[n % len(names)])
        if accept:
            services.moderate_comment(actor=head, comment=comment, accept=True)
            services.answer_comment(actor=users["editor"], comment=comment, answer=answer)
    _backdate(c, 20)

    # 2. Closed by the round, comments handled, 采纳情况 not yet published (the signer's work).
    c = _open(users, _consultation(users, org, CLOSED_TITLE, CLOSED_BODY))
    comments = [(_comment(c, text, 100 + n, "家长"), ok) for n, (text, ok) in enumerate(CLOSED_COMMENTS)]
    for comment, ok in comments:
        if ok:
            services.moderate_comment(actor=head, comment=comment, accept=True)
        else:
            services.moderate_comment(actor=head, comment=comment, accept=False, reason="off_topic")
    accepted = [comment for comment, ok in comments if ok]
    services.answer_comment(
        actor=head,
        comment=accepted[0],
        answer="已采纳，办法第六条增加伙食费按学期公布收支的规定。",
        adoption=Adoption.ADOPTED,
    )
    services.answer_comment(
        actor=head, comment=accepted[1], answer="已采纳，办法增加资助条款。", adoption=Adoption.ADOPTED
    )
    services.answer_comment(
        actor=head,
        comment=accepted[2],
        answer="普惠性民办园收费上限由各县区根据办园成本核定。",
        adoption=Adoption.NOT_ADOPTED,
        adoption_reason="收费上限属县级价格主管部门职权，本办法不宜统一规定具体金额。",
    )
    _backdate(c, 40)
    services.close_due(timezone.localdate())

    # 3. Concluded, answered by theme, linked to the final policy.
    c = _open(users, _consultation(users, org, CONCLUDED_TITLE, CONCLUDED_BODY))
    made = [_comment(c, text, 200 + n, "市民") for n, text in enumerate(CONCLUDED_COMMENTS)]
    for comment in made:
        services.moderate_comment(actor=head, comment=comment, accept=True)
    theme = services.create_theme(
        actor=head, consultation=c, title="学区划分公开", comment_ids=[m.pk for m in made[:2]]
    )
    services.answer_theme(
        actor=head,
        theme=theme,
        answer="采纳。学区划分方案将于每年4月底前向社会公布，并事先听取意见。",
        adoption=Adoption.ADOPTED,
    )
    theme = services.create_theme(
        actor=head, consultation=c, title="随迁子女入学", comment_ids=[m.pk for m in made[2:4]]
    )
    services.answer_theme(
        actor=head,
        theme=theme,
        answer="部分采纳。随迁子女凭居住证入学，材料清单予以精简。",
        adoption=Adoption.PARTLY,
        adoption_reason="居住证办理时限按省统一规定执行，本意见不作调整。",
    )
    services.answer_comment(
        actor=head,
        comment=made[4],
        answer="民办学校招生不得面试面谈，已在意见中明确。",
        adoption=Adoption.ADOPTED,
    )
    _backdate(c, 60)
    services.close_due(timezone.localdate())
    c.refresh_from_db()
    services.publish_summary(actor=users["signer"], consultation=c, text=services.draft_summary_text(c))
    from gongkai.disclosure.demo.special import _Showcase

    showcase = _Showcase(region, department, seed)
    number = f"宿教〔{timezone.localdate().year}〕88号"
    final = showcase.publish(
        showcase.draft(
            FINAL_TITLE,
            "政策",
            genre="意见",
            document_number=number,
            body=FINAL_BODY,
            summary=FINAL_SUMMARY,
            keywords="义务教育 招生入学 学区划分 随迁子女",
        )
    )
    services.link_final_document(actor=users["signer"], consultation=c, item=final)

    # 4. Waiting for secrecy review.
    c = _consultation(
        users, org, REVIEW_TITLE, "<p>各县区教育局、市直各学校：为落实儿童青少年近视防控要求……</p>"
    )
    services.submit_for_review(actor=users["editor"], consultation=c)
    return 4
