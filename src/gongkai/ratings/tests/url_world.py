"""ratings's part of the URL walk (``tests/test_url_walk.py``): ``build`` creates, through the real
services, a record in every state the app's routes act on and returns their ids under keys of its
own; ``values_for`` gives a route's path arguments from them (None: not one of this app's routes).

The world holds a public item to rate, and ratings (with a masked comment) of it and of the body,
so that the staff screen and its export have figures, a least helpful item and a comment to show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

ROUTES = {"portal:rate_item", "portal:rate_body", "backoffice:ratings", "backoffice:ratings_export"}


def build(region: Any, people: dict[str, Any]) -> dict[str, str]:
    from django.utils import timezone

    from gongkai.ratings.services import body_target, item_target, submit_rating
    from gongkai.testing import make_item

    item = make_item(region=region, title="关于做好2026年春季学期学生资助工作的通知")
    target = item_target(item.pk)
    body = body_target(region.dept.slug)
    assert target is not None and body is not None
    now = timezone.now()
    for n, (what, grade, comment) in enumerate(
        [
            (target, "unsatisfied", "资助标准没有写清楚，电话13955701234"),
            (target, "satisfied", ""),
            (body, "basic", "希望多公开一些办事流程"),
        ]
    ):
        submit_rating(
            target=what,
            grade=grade,
            comment=comment,
            token=f"walk-rating-{n:08d}",
            at=now - dt.timedelta(hours=n),
        )
    return {"ratings_item": str(item.pk)}


def values_for(route: Any, values: dict[str, str]) -> tuple[dict[str, str], list[str]] | None:
    if route.name not in ROUTES:
        return None
    if route.name == "portal:rate_item":
        return {"pk": values["ratings_item"]}, []
    if route.name == "portal:rate_body":
        return {"slug": values["slug"]}, []
    return {}, []
