"""The leak sweep of opinions's public routes (see ``gongkai/portal/tests/leaksweep.py``).

Hidden: a draft and a consultation under review (their titles and a file's text), a pending and a
rejected comment, and the contact data (name, phone, e-mail) of an accepted, published comment.
Shown: the open consultation's title, the accepted comment's text and the published 采纳情况.
"""

from __future__ import annotations

from typing import Any

from gongkai.opinions import services
from gongkai.opinions.tests.world import comment, draft, office_head, opened, to_signoff
from gongkai.portal.tests.leaksweep import Probe, Sweep
from gongkai.secrecy.tests.files import docx_with

HIDDEN = [
    "隐草稿标题甲九",
    "隐草稿附件乙九",
    "隐审查标题丙九",
    "隐待审意见丁九",
    "隐驳回意见戊九",
    "隐联系人己九",
    "13911112222",
    "hidden-contact@example.com",
]
SHOWN = ["显征求标题庚九", "显采纳意见辛九", "显采纳情况壬九"]


def build(region: Any) -> Sweep:
    head = office_head(region)
    hidden_draft = draft(region, "隐草稿标题甲九")
    hidden_file = services.add_attachment(
        actor=region.editor,
        consultation=hidden_draft,
        data=docx_with("隐草稿附件乙九"),
        filename="草稿附件.docx",
    )
    review = draft(region, "隐审查标题丙九")
    services.submit_for_review(actor=region.editor, consultation=review)

    c = draft(region, "显征求标题庚九")
    shown_file = services.add_attachment(
        actor=region.editor, consultation=c, data=docx_with("征求意见稿附件"), filename="起草说明.docx"
    )
    c = services.open_consultation(actor=region.signer, consultation=to_signoff(region, c))
    pending = comment(c, "隐待审意见丁九")
    rejected = comment(c, "隐驳回意见戊九")
    services.moderate_comment(actor=head, comment=rejected, accept=False, reason="abuse")
    accepted = comment(
        c, "显采纳意见辛九", name="隐联系人己九", phone="13911112222", email="hidden-contact@example.com"
    )
    services.moderate_comment(actor=head, comment=accepted, accept=True)
    services.answer_comment(actor=head, comment=accepted, answer="感谢您的意见。")
    assert pending.moderation == "pending"

    concluded = opened(region, "已结束的征求意见稿")
    services.close_consultation(actor=region.signer, consultation=concluded, note="决策事项调整")
    services.publish_summary(actor=region.signer, consultation=concluded, text="显采纳情况壬九：未收到意见。")

    slug = region.dept.slug
    probes = {
        "consultations": [
            Probe([]),
            Probe([], {"body": slug}),
            Probe([], {"status": "open"}),
            Probe([], {"status": "closed"}),
        ],
        "consultations_feed": [Probe([])],
        "consultation": [
            Probe([c.pk]),
            Probe([concluded.pk]),
            Probe([hidden_draft.pk], status=404),
            Probe([review.pk], status=404),
        ],
        "consultation_attachment": [
            Probe([c.pk, shown_file.pk]),
            Probe([hidden_draft.pk, hidden_file.pk], status=404),
            Probe([c.pk, hidden_file.pk], status=404),
        ],
        "body_consultations": [Probe([slug]), Probe([slug], {"status": "closed"})],
        "body_consultations_feed": [Probe([slug])],
    }
    return Sweep(probes=probes, hidden=HIDDEN, shown=SHOWN)
