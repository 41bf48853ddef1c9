"""The leak sweep of ratings's public routes (see ``gongkai/portal/tests/leaksweep.py``).

Comments of ratings are never public (issue 11 point 3): ratings with marker words in their
comments are stored through the real service for a public item and for a body, and for an item
that is withdrawn afterwards; no page may show them. The rating pages of a public item and of a
body answer; those of an item the public cannot see (a draft, the withdrawn one) and of an
unknown body are 404. Nothing of ratings is public, so ``shown`` stays empty.
"""

from __future__ import annotations

from typing import Any

from gongkai.portal.tests.leaksweep import Probe, Sweep

HIDDEN = ["mkratingitemcomment", "mkratingbodycomment", "mkratingwithdrawncomment"]


def build(region: Any) -> Sweep:
    from gongkai.disclosure.services import workflow
    from gongkai.ratings.services import body_target, item_target, submit_rating
    from gongkai.testing import make_item

    public = make_item(region=region, title="关于开展2026年度教师资格认定工作的公告")
    later_withdrawn = make_item(region=region, title="关于调整校车运行线路的通知")
    draft = make_item(region=region, state="draft", title="关于学区划分的征求意见稿")
    targets = [item_target(public.pk), body_target(region.dept.slug), item_target(later_withdrawn.pk)]
    for n, (target, marker) in enumerate(zip(targets, HIDDEN, strict=True)):
        assert target is not None
        submit_rating(target=target, grade="basic", comment=f"{marker} 意见", token=f"leak-rating-{n:08d}")
    workflow.withdraw_item(actor=region.signer, item=later_withdrawn, reason="线路已再次调整")
    return Sweep(
        probes={
            "rate_item": [
                Probe([public.pk]),
                Probe([draft.pk], status=404),
                Probe([later_withdrawn.pk], status=404),
            ],
            "rate_body": [Probe([region.dept.slug]), Probe(["no-such-body"], status=404)],
        },
        hidden=list(HIDDEN),
    )
