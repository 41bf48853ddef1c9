"""opinions's part of the URL walk (``tests/test_url_walk.py``): ``build`` creates, through the real
services, a record in every state the app's routes act on and returns their ids under keys of its
own; ``values_for`` gives a route's path arguments from them (None: not one of this app's routes)."""

from __future__ import annotations

from typing import Any

from gongkai.opinions import services
from gongkai.opinions.tests.world import comment, draft, office_head, opened, to_signoff
from gongkai.secrecy.tests.files import docx_with


def build(region: Any, people: dict[str, Any]) -> dict[str, str]:
    head = office_head(region)
    drafted = draft(region, "走查：草稿中的征求意见稿")
    draft_file = services.add_attachment(
        actor=region.editor, consultation=drafted, data=docx_with("起草说明"), filename="起草说明.docx"
    )
    review = draft(region, "走查：审查中的征求意见稿", body="<p>身份证号码341302199001011238</p>")
    services.submit_for_review(actor=region.editor, consultation=review)
    signoff = to_signoff(region, draft(region, "走查：待签发的征求意见稿"))

    public = draft(region, "走查：征求意见中的征求意见稿")
    public_file = services.add_attachment(
        actor=region.editor, consultation=public, data=docx_with("附件正文"), filename="附件.docx"
    )
    public = services.open_consultation(actor=region.signer, consultation=to_signoff(region, public))
    waiting = comment(public, "走查：待审核的意见", name="张三", phone="13800000000")
    accepted = comment(public, "走查：已通过的意见")
    services.moderate_comment(actor=head, comment=accepted, accept=True)
    theme = services.create_theme(
        actor=head, consultation=public, title="走查主题", comment_ids=[accepted.pk]
    )

    closed = opened(region, "走查：已截止的征求意见稿")
    services.close_consultation(actor=region.signer, consultation=closed, note="走查")
    return {
        "opinions:draft": str(drafted.pk),
        "opinions:draft_file": str(draft_file.pk),
        "opinions:review": str(review.pk),
        "opinions:signoff": str(signoff.pk),
        "opinions:open": str(public.pk),
        "opinions:open_file": str(public_file.pk),
        "opinions:comment": str(waiting.pk),
        "opinions:theme": str(theme.pk),
        "opinions:closed": str(closed.pk),
    }


#: The consultation each staff route acts on (by route name; the rest: the open one).
STAFF_STATE = {
    "opinions_edit": "draft",
    "opinions_submit": "draft",
    "opinions_attachment": "draft",
    "opinions_attachment_remove": "draft",
    "opinions_review": "review",
    "opinions_open": "signoff",
    "opinions_return": "signoff",
    "opinions_summary": "closed",
    "opinions_final": "closed",
}
PORTAL = {
    "portal:consultation",
    "portal:consultation_attachment",
    "portal:body_consultations",
    "portal:body_consultations_feed",
}


def values_for(route: Any, values: dict[str, str]) -> tuple[dict[str, str], list[str]] | None:
    name = route.name
    short = name.rpartition(":")[2]
    if name in PORTAL:
        state = "open"
    elif name.startswith("backoffice:opinions"):
        state = STAFF_STATE.get(short, "open")
    else:
        return None
    found: dict[str, str] = {}
    missing: list[str] = []
    for p in route.params:
        key = {
            "pk": f"opinions:{state}",
            "comment_pk": "opinions:comment",
            "theme_pk": "opinions:theme",
            "attachment_pk": "opinions:draft_file",
            "attachment_id": "opinions:open_file",
            "slug": "slug",
        }.get(p.name, "")
        value = values.get(key, "")
        if value:
            found[p.name] = value
        else:
            missing.append(p.name)
            found[p.name] = "1"
    return found, missing
