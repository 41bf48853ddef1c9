"""Demo ratings: each body of the region gets its own level of satisfaction (most bodies well
rated, a few with more 不满意), visitors rate the body's disclosure work and its published items
over the last six months — more in recent months, more for the busy bodies —, about one rating in
six with a comment. Comments are written as visitors write them, a few with a telephone number,
and stored through the real service, which masks it (``ratings.services.submit_rating``)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from gongkai.disclosure.models import Item
from gongkai.ratings.models import Grade, TargetKind
from gongkai.ratings.services import Target, submit_rating

#: How many ratings the demo region holds, about.
TOTAL = 420
DAYS = 180

ITEM_COMMENTS = {
    Grade.SATISFIED: [
        "内容清楚，办事指南很实用，谢谢。",
        "政策讲得很明白，附件也能下载。",
        "正好需要这个通知，找到了。",
        "申报条件写得很具体，点赞。",
        "信息发布很及时。",
    ],
    Grade.BASIC: [
        "内容可以，希望附上办理流程图。",
        "能不能把申报材料清单单独列出来？",
        "文件有点长，建议配一份政策解读。",
        "希望注明咨询电话和办理地点。",
    ],
    Grade.UNSATISFIED: [
        "附件打不开，请检查一下。",
        "没有写清楚补贴什么时候发放。",
        "只有标题没有具体内容，看不明白。",
        "这个文件还有效吗？页面上没有说明。",
        "我按里面的电话13905571234打了几次都没人接。",
    ],
}
BODY_COMMENTS = {
    Grade.SATISFIED: [
        "网站信息更新及时，查找方便。",
        "依申请公开答复很规范，按时收到了。",
        "工作人员电话答复耐心细致。",
    ],
    Grade.BASIC: [
        "总体不错，希望多发布一些与群众生活相关的信息。",
        "信息公开目录有些栏目长期没有更新。",
        "建议开通手机端查询。",
    ],
    Grade.UNSATISFIED: [
        "申请公开的信息过了很久才答复，请提高效率。",
        "好多栏目是空的，年度报告也找不到。",
        "留的联系电话0557-3021234经常打不通。",
    ],
}


def _moment(
    rng: random.Random, today: dt.date, earliest: dt.date, not_before: dt.datetime | None
) -> dt.datetime:
    """A daytime moment between ``earliest`` and now, weighted towards recent days, and never
    before ``not_before`` (an item's publication)."""
    span = max((today - earliest).days, 0)
    back = min(int(span * rng.random() ** 1.4), span)
    day = today - dt.timedelta(days=back)
    at = dt.time(rng.randint(7, 22), rng.randint(0, 59), rng.randint(0, 59))
    moment = timezone.make_aware(dt.datetime.combine(day, at))
    if not_before is not None and moment < not_before:
        moment = not_before + dt.timedelta(minutes=rng.randint(5, 600))
    return min(moment, timezone.now())


def _grade(rng: random.Random, mood: tuple[float, float]) -> str:
    satisfied, unsatisfied = mood
    roll = rng.random()
    if roll < satisfied:
        return Grade.SATISFIED
    if roll < satisfied + unsatisfied:
        return Grade.UNSATISFIED
    return Grade.BASIC


def build_ratings(region: Any, *, seed: int, today: dt.date) -> int:
    rng = random.Random(seed * 7 + 11)
    start = today - dt.timedelta(days=DAYS)
    bodies = list(region.bodies.values())
    items_by_body: dict[int, list[Item]] = {}
    for item in (
        Item.objects.public()
        .filter(organization__in=bodies, published_at__isnull=False)
        .select_related("organization")
        .order_by("-published_at")[:3000]
    ):
        items_by_body.setdefault(item.organization_id, []).append(item)
    # Busy bodies are rated more; every body a little.
    weights = [1 + len(items_by_body.get(b.pk, [])) ** 0.5 for b in bodies]
    made = 0
    moods = {}
    for body in bodies:
        unsatisfied = rng.choice([0.04, 0.06, 0.08, 0.1, 0.12, 0.25])
        moods[body.pk] = (rng.uniform(0.5, 0.8) * (1 - unsatisfied), unsatisfied)
    for _ in range(TOTAL):
        body = rng.choices(bodies, weights)[0]
        items = items_by_body.get(body.pk, [])
        if items and rng.random() < 0.7:
            item = items[min(int(len(items) * rng.random() ** 2), len(items) - 1)]
            published = timezone.localdate(item.published_at)
            target = Target(TargetKind.ITEM, body, item)
            earliest, not_before, bank = max(start, published), item.published_at, ITEM_COMMENTS
        else:
            target, earliest, not_before, bank = Target(TargetKind.BODY, body), start, None, BODY_COMMENTS
        grade = _grade(rng, moods[body.pk])
        chance = 0.45 if grade == Grade.UNSATISFIED else 0.12
        comment = rng.choice(bank[Grade(grade)]) if rng.random() < chance else ""
        token = f"demo{rng.getrandbits(96):024x}"
        _rating, created = submit_rating(
            target=target,
            grade=grade,
            comment=comment,
            token=token,
            at=_moment(rng, today, earliest, not_before),
        )
        made += created
    return made
