"""The leak sweep of interaction's public routes (see ``gongkai/portal/tests/leaksweep.py``).

Made through the real services in the test region's 测试市教育局: a published message whose writer
(name, telephone, e-mail) and original wording must never appear, only its published copy (masked,
edited by staff); an answered message with consent but not published yet; an answered message
without consent (closed); a new one. Every public route of the app is probed, the private ones too
(the form, the code page, the look-up: they show nothing of any message without the code)."""

from __future__ import annotations

from typing import Any

from gongkai.portal.tests.leaksweep import Probe, Sweep

WRITER_NAME = "欧阳漏测"
WRITER_PHONE = "13911112222"
WRITER_EMAIL = "leakprobe@example.com"


def build(region: Any) -> Sweep:
    from gongkai.interaction.models import MessageKind
    from gongkai.interaction.services import handling, intake
    from gongkai.interaction.services.masking import Copy
    from gongkai.orgs.models import RoleName
    from gongkai.testing import UserFactory, grant

    head = region.head  # office head of 测试市教育局
    handler = grant(UserFactory.create(username="leak_msg_handler"), region.dept, RoleName.REQUEST_HANDLER)
    consult = MessageKind.objects.get(code="consult")

    def answered(subject: str, text: str, answer: str, *, consent: bool = True) -> Any:
        message, _code = intake.submit_message(
            organization=region.dept,
            kind=consult,
            data={
                "subject": subject,
                "text": text,
                "writer_name": WRITER_NAME,
                "writer_phone": WRITER_PHONE,
                "writer_email": WRITER_EMAIL,
                "consent_publish": consent,
            },
        )
        message = handling.assign(message, actor=head, assignee=handler)
        return handling.answer(message, actor=handler, text=answer)

    published = answered(
        "咨询学区划分公开标题",
        f"我是{WRITER_NAME}，原文专有说法甲，请问学区怎么划分？电话{WRITER_PHONE}。",
        "您好，学区划分方案已在市教育局网站公布，公开答复标记戊。",
    )
    published = handling.publish(
        published,
        actor=handler,
        copy=Copy(
            "咨询学区划分公开标题",
            "请问学区怎么划分？",
            "您好，学区划分方案已在市教育局网站公布，公开答复标记戊。",
        ),
    )
    waiting = answered(
        "未公开留言标记乙", "未公开留言正文标记乙，请问何时开学？", "未公开答复标记乙，9月1日开学。"
    )
    private = answered(
        "不同意公开标记丙",
        "不同意公开正文标记丙，反映某校收费问题。",
        "不同意公开答复标记丙，已核查。",
        consent=False,
    )
    private = handling.close(private, actor=handler, reason="")
    new, _ = intake.submit_message(
        organization=region.dept,
        kind=consult,
        data={
            "subject": "待办留言标记丁",
            "text": "待办留言正文标记丁，请问怎么报名？",
            "consent_publish": True,
        },
    )
    slug = region.dept.slug
    return Sweep(
        probes={
            "messages": [
                Probe([]),
                Probe([], {"page": "2"}),
                Probe([], {"body": "no-such-body"}, status=400),
            ],
            "body_messages": [
                Probe([slug]),
                Probe([region.office.slug]),
                Probe(["no-such-body"], status=404),
            ],
            "message": [
                Probe([published.pk]),
                Probe([waiting.pk], status=404),
                Probe([private.pk], status=404),
                Probe([new.pk], status=404),
            ],
            "message_write": [Probe([]), Probe([], {"body": slug})],
            "message_submitted": [Probe([])],
            "message_track": [Probe([]), Probe([], {"number": waiting.tracking_number})],
        },
        hidden=[
            WRITER_NAME,
            WRITER_PHONE,
            WRITER_EMAIL,
            "原文专有说法甲",
            "未公开留言标记乙",
            "未公开留言正文标记乙",
            "未公开答复标记乙",
            "不同意公开标记丙",
            "不同意公开正文标记丙",
            "不同意公开答复标记丙",
            "待办留言标记丁",
            "待办留言正文标记丁",
        ],
        shown=["咨询学区划分公开标题", "公开答复标记戊"],
    )
