"""A year of 政务信息报送 in the demo region (issue 10 item 12; docs/SPEC.md §8 and its source papers).

The units that report to 市政府办公室 (``govinfo.scoring.units_of``: the city's departments, the
county governments, the vertically managed units and public bodies) each have 信息员 and three
签发人 with the default chain (科室负责人审核 → 分管副职签发 → 主要负责人签发 for region-wide or urgent
items), a quota tier (一档 6 … 四档 2 a month), and a year of submissions up to the demo's today
written from their lines of work (``texts``). The office's 信息科 received them, returned some with
reasons, kept some in reserve, merged the same event reported by two units, and adopted about a
third into numbered issues of 《政务信息》 (two a week), 《每日要情》 and 《政务信息专报》 with their
distribution lists, filed the past months' issues and forwarded the best upward, where the province
(and twice 国办) adopted some. Leaders instructed on items and issues; the units followed up.
Commissions: the year's plan, four quarterly 报送要点 and about ten 约稿通知 (two units missed two).
One urgent event went 初报 → 续报 → 日报 → 终报 through the real services, its written 初报 late, and
the 迟报 cost the county 100 points; an untrue item cost a unit 50. Last month's 通报 is issued, this
month's is a draft.

Everything is written in bulk (a few thousand rows in a few statements), on dates before today,
deterministically from the demo's seed. The demo accounts find work waiting: the 信息员 a returned
item, a draft, a 约稿通知 due in a few days and a leader's instruction to follow up; the 签发人 items
at their step; the desk editor new items (among them a near-duplicate pair), a draft issue and this
month's draft 通报; the leader unread issues.
"""

from __future__ import annotations

import datetime as dt
import html
import random
import zlib
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.core.serials import reserve_serials
from gongkai.demo.region import CITY, CITY_OFFICE, DEMO_DEPARTMENT
from gongkai.govinfo import scoring
from gongkai.govinfo.demo.texts import Text, Unit, Writer, make_unit
from gongkai.govinfo.demo.topics import DOMAINS, UNIT_DOMAINS
from gongkai.govinfo.models import (
    Adoption,
    AdoptionSource,
    Author,
    Bulletin,
    Carrier,
    Circulation,
    Commission,
    CommissionKind,
    CommissionTarget,
    CreditedUnit,
    Edition,
    FollowUp,
    FollowUpReport,
    FollowUpState,
    Forward,
    Instruction,
    Issue,
    IssueEntry,
    IssueState,
    Kind,
    LeaderLevel,
    Penalty,
    PenaltyKind,
    PeriodKind,
    PointsRuleSet,
    Publication,
    PublicationLevel,
    Revision,
    Signature,
    State,
    Submission,
    TimeClass,
    UnitQuota,
    Urgency,
)
from gongkai.govinfo.text import set_body
from gongkai.orgs.models import Organization, Role, RoleName

#: Quota tiers (docs/SPEC.md §8: tiered monthly quotas 6/5/3/2).
TIERS = {"一档": 6, "二档": 5, "三档": 3, "四档": 2}
TIER_OF = {
    **dict.fromkeys(("sz-fgw", "sz-jyj", "sz-czj", "sz-nyncj", "yqq", "dsx", "xx", "lbx", "sx"), "一档"),
    **dict.fromkeys(
        ("sz-rsj", "sz-wjw", "sz-mzj", "sz-zrzyj", "sz-zjj", "sz-swj", "sz-yjj", "sz-sthjj"), "二档"
    ),
}
#: Units below their task: 市审计局 misses two 约稿通知 in the year (zeroed), 市信访局 one in each of two
#: calendar years; 宿州一中 sent nothing in the last two months (flagged).
MISSER_ZEROED = "sz-sjj"
MISSER_SPLIT = "sz-xfj"
SILENT = "sz-yz"
#: How diligent each unit is against its quota (the rest are 0.8–1.05).
DILIGENCE = {
    "sz-jyj": 1.1,
    "dsx": 1.15,
    "xx": 1.05,
    "sz-nyncj": 1.1,
    "sz-sjj": 0.55,
    "sz-xfj": 0.6,
    "sz-yz": 0.5,
}

_SURNAMES = (
    "王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
)
#: Given names, two characters each.
_GIVEN_TEXT = (
    "晓燕建华丽萍志刚海涛雪梅文杰春霞国庆玉兰立新红霞永强美玲俊峰桂芳德胜秀梅明辉淑华"
    "振宇慧敏少华晓峰亚楠金凤卫东小勇静怡家豪思远佳琪宏亮凤英长青海鹰建军晓光艳红学文"
)
_GIVEN = tuple(_GIVEN_TEXT[i : i + 2] for i in range(0, len(_GIVEN_TEXT), 2))

RETURN_REASONS = (
    "内容偏重工作过程，缺少具体数据和成效，请补充后再报。",
    "标题与内容不符，请修改标题，突出主要信息。",
    "字数超过普刊要求，请压缩到200字以内后再报。",
    "时效性不强，所报事项已过去半个多月，请注意当天报送。",
    "问题分析不够深入，请补充原因分析和对策建议。",
    "所报内容属一般性工作安排，信息价值不高，建议结合工作亮点重新编写。",
)
UNTRUE_REASON = "经核实，文中“完成年度计划的九成以上”与统计部门公布数据不符，属信息失实。"

CITY_LEADERS = (("张明远", "市长"), ("陈卫东", "常务副市长"), ("李红梅", "副市长"))
PROVINCE_LEADERS = (("周建平", "副省长"), ("孙立群", "省政府秘书长"))
COUNTY_LEADER_TITLES = {"yqq": "区长", "dsx": "县长", "xx": "县长", "lbx": "县长", "sx": "县长"}
COUNTY_LEADER_NAMES = {"yqq": "马国栋", "dsx": "吴志华", "xx": "韩立新", "lbx": "彭永刚", "sx": "高俊杰"}

INSTRUCTION_TEXTS = (
    "此件很好。请{unit}认真总结经验，在全市推广。",
    "所反映问题值得重视，请{unit}会同有关部门研究提出解决办法，月底前报我。",
    "请{unit}抓好落实，并将进展情况及时报市政府办公室。",
    "这一做法有特色、有成效，请各县区、各部门学习借鉴。",
    "请{unit}针对存在的问题逐项拿出整改措施，限期解决。",
)
FOLLOW_UP_REPORTS = (
    "已按批示要求召开专题会议研究，制定了工作方案，明确责任单位和完成时限，目前正在推进。",
    "批示件已传达到各县区和有关单位，相关问题已整改到位，有关情况已书面报市政府办公室。",
)

BAO = "省政府办公厅"
SONG = "市委办公室、市人大常委会办公室、市政协办公室，市委、市政府领导同志"
FA = "各县区人民政府，市政府各部门、各直属机构"


def _set_state(submission: Submission, state: str) -> None:
    """Plan a submission's state before it is written (the state field is protected against direct
    assignment once set: the demo writes finished histories in bulk, not transitions)."""
    submission.__dict__["state"] = state


def _day(issue: Issue) -> dt.date:
    assert issue.date is not None
    return issue.date


def _sent(submission: Submission) -> dt.datetime:
    assert submission.submitted_at is not None
    return submission.submitted_at


def _weekday(day: dt.date) -> bool:
    return day.weekday() < 5


@contextmanager
def given_times(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the times the demo gives to ``auto_now``/``auto_now_add`` fields (the
    demo writes a past year; those fields would stamp today)."""
    fields = [
        f
        for m in model_classes
        for f in m._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]  # type: ignore[attr-defined]
    for f in fields:
        f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add  # type: ignore[attr-defined]


class _Item:
    """A submission being planned, with what the later steps need to know of it."""

    __slots__ = ("edited", "obj", "officer", "partner", "text", "unit")

    def __init__(self, obj: Submission, unit: Unit, officer: User, text: Text) -> None:
        self.obj = obj
        self.unit = unit
        self.officer = officer
        self.text = text
        self.edited: tuple[str, str] | None = None  # the editor's (title, body) when edited
        self.partner: Organization | None = None


class GovinfoDemo:
    def __init__(self, context: Any) -> None:
        self.context = context
        self.region = context.region
        self.users: dict[str, User] = self.region.users
        self.today: dt.date = context.today
        self.rng = random.Random(context.seed * 1009 + 10)
        self.tz = timezone.get_current_timezone()
        self.start = self.today - dt.timedelta(days=364)
        self.office: Organization = self.region.bodies[CITY_OFFICE]
        self.city: Organization = self.region.bodies[CITY]
        # In the region's own order (tree paths are made of ids, which a reset moves on).
        self.orgs: list[Organization] = sorted(
            (o for o in scoring.units_of(self.office) if o.slug in UNIT_DOMAINS), key=lambda o: o.position
        )
        self.by_slug = {o.slug: o for o in self.orgs}
        self.password = self.users["editor"].password
        self.names: set[str] = {u.full_name for u in self.users.values()}
        self.items: list[_Item] = []
        self.officers: dict[str, list[User]] = {}
        self.signers: dict[str, tuple[User, User, User]] = {}
        self.units: dict[str, Unit] = {}
        self.writers: dict[str, Writer] = {}
        self.editor = self.users["infoeditor"]
        self.made: dict[str, int] = {}
        #: Items the desk has not touched (new on the desk, the demo accounts' own work).
        self.fixed: set[int] = set()

    # -- helpers ----------------------------------------------------------------------------------

    def at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz)

    def name(self) -> str:
        while True:
            full = self.rng.choice(_SURNAMES) + self.rng.choice(_GIVEN)
            if full not in self.names:
                self.names.add(full)
                return full

    def weekdays(self, first: dt.date, last: dt.date) -> list[dt.date]:
        days = []
        day = first
        while day <= last:
            if _weekday(day):
                days.append(day)
            day += dt.timedelta(days=1)
        return days

    # -- people, chains, publications, quotas -------------------------------------------------------

    def people(self) -> None:
        towns_by_county: dict[str, list[str]] = defaultdict(list)
        for spec in self.region.specs:
            if spec.level == "township" and spec.parent:
                towns_by_county[spec.parent].append(spec.short_name)
        all_towns = tuple(
            (self.region.bodies[c].name.removesuffix("人民政府"), t)
            for c, ts in towns_by_county.items()
            for t in ts
        )
        new_users: list[User] = []
        roles: list[tuple[str, str, str]] = []  # (username, org slug, role)
        plan: dict[str, dict[str, Any]] = {}
        for org in self.orgs:
            slug = org.slug
            level = "county" if org.level == "county" else "city"
            unit = make_unit(
                slug, org.name, org.short_name or org.name, level, tuple(towns_by_county.get(slug, ()))
            )
            self.units[slug] = unit
            # Seeded by the slug, not the id: a reset rebuilds the same texts (ids move on).
            rng = random.Random(self.context.seed * 7919 + zlib.crc32(slug.encode()))
            self.writers[slug] = Writer(unit, rng, all_towns)
            if slug == DEMO_DEPARTMENT:
                plan[slug] = {
                    "officers": ["infoofficer", f"{slug}-xxy2"],
                    "signers": ["infohead", "signer", "signer2"],
                }
            else:
                n = 2 if TIER_OF.get(slug) == "一档" else 1
                plan[slug] = {
                    "officers": [f"{slug}-xxy{i + 1}" for i in range(n)],
                    "signers": [f"{slug}-kz", f"{slug}-fg", f"{slug}-zy"],
                }
            titles = ("信息员", "科室负责人", "分管负责人", "主要负责人")
            for username in plan[slug]["officers"]:
                if username not in self.users:
                    new_users.append(
                        User(
                            username=username,
                            full_name=self.name(),
                            password=self.password,
                            email=f"{username}@example.gov.cn",
                        )
                    )
                    roles.append((username, slug, RoleName.INFO_OFFICER))
            for username, _title in zip(plan[slug]["signers"], titles[1:], strict=True):
                if username not in self.users:
                    new_users.append(
                        User(
                            username=username,
                            full_name=self.name(),
                            password=self.password,
                            email=f"{username}@example.gov.cn",
                        )
                    )
                    roles.append((username, slug, RoleName.SIGNER))
        chief = User(
            username="sz-zfb-xxk",
            full_name=self.name(),
            password=self.password,
            email="sz-zfb-xxk@example.gov.cn",
        )
        new_users.append(chief)
        roles.append(("sz-zfb-xxk", CITY_OFFICE, RoleName.INFO_EDITOR))
        created = {u.username: u for u in User.objects.bulk_create(new_users)}
        everyone = {**self.users, **created}
        Role.objects.bulk_create(
            Role(user=everyone[u], organization=self.region.bodies[slug], role=role)
            for u, slug, role in roles
        )
        for slug, p in plan.items():
            self.officers[slug] = [everyone[u] for u in p["officers"]]
            kz, fg, zy = (everyone[u] for u in p["signers"])
            self.signers[slug] = (kz, fg, zy)
        self.chief = everyone["sz-zfb-xxk"]
        self.made["people"] = len(new_users)

    def chains(self) -> None:
        from gongkai.govinfo.services.submissions import install_default_chain

        for org in self.orgs:
            kz, fg, zy = self.signers[org.slug]
            install_default_chain(org, section_head=kz, deputy=fg, head=zy)
        self.step_titles = {1: "科室负责人审核", 2: "分管副职签发", 3: "主要负责人签发"}

    def publications(self) -> None:
        office = self.office

        def pub(code: str, name: str, edition: str, bao: str, song: str, fa: str) -> Publication:
            return Publication.objects.create(
                organization=office,
                code=code,
                name=name,
                level=PublicationLevel.CITY,
                edition=edition,
                publisher_name="宿州市人民政府办公室",
                default_bao=bao,
                default_song=song,
                default_fa=fa,
            )

        self.general = pub("sz-zfb-zwxx", "《政务信息》", Edition.GENERAL, BAO, SONG, FA)
        self.daily = pub("sz-zfb-mryq", "《每日要情》", Edition.DAILY, BAO, "市委、市政府领导同志", "")
        self.special = pub(
            "sz-zfb-zb", "《政务信息专报》", Edition.SPECIAL, "市政府主要负责同志", "市政府分管负责同志", ""
        )
        self.province = {p.code: p for p in Publication.objects.filter(organization__isnull=True)}

    def quotas(self) -> None:
        since = dt.date(self.start.year, 1, 1)
        UnitQuota.objects.bulk_create(
            UnitQuota(
                organization=org,
                tier=self.tier(org.slug),
                monthly_items=TIERS[self.tier(org.slug)],
                effective_from=since,
            )
            for org in self.orgs
        )

    def tier(self, slug: str) -> str:
        if slug in TIER_OF:
            return TIER_OF[slug]
        org = self.by_slug[slug]
        return "三档" if org.kind == "department" else "四档"

    # -- submissions --------------------------------------------------------------------------------

    def new_item(
        self,
        slug: str,
        text: Text,
        kind: str,
        day: dt.date,
        *,
        hour: int | None = None,
        carrier: str = "pukan",
    ) -> _Item:
        org = self.by_slug[slug]
        officer = self.rng.choice(self.officers[slug])
        hour = hour if hour is not None else self.rng.randint(8, 16)
        submitted = self.at(day, hour, self.rng.choice((5, 12, 20, 26, 34, 41, 48, 55)))
        created = submitted - dt.timedelta(hours=self.rng.randint(2, 30))
        urgent = kind == Kind.EMERGENCY
        sub = Submission(
            organization=org,
            recipient=self.office,
            title=text.title,
            kind=kind,
            time_class=TimeClass.MONTH
            if kind == Kind.ECONOMY
            else TimeClass.ANY_TIME
            if urgent
            else TimeClass.DAY,
            urgency=Urgency.URGENT if urgent else Urgency.NORMAL,
            is_region_wide=kind in (Kind.RESEARCH, Kind.PROPOSAL) and self.rng.random() < 0.25,
            carrier=self.carriers[carrier],
            state=State.RECEIVED,
            drafter=officer,
            signoff_round=1,
            created_at=created,
            updated_at=submitted,
            sent_for_signoff_at=created + dt.timedelta(minutes=self.rng.randint(20, 90)),
            submitted_at=submitted,
            received_at=submitted + dt.timedelta(minutes=self.rng.randint(30, 600)),
            received_by=self.editor,
        )
        set_body(sub, text.html)
        item = _Item(sub, self.units[slug], officer, text)
        self.items.append(item)
        return item

    def write(self, slug: str, day: dt.date, kind: str) -> tuple[Text, str, str]:
        """(text, kind, carrier) of one submission of ``slug`` on ``day``."""
        w = self.writers[slug]
        if kind == Kind.ECONOMY:
            text = w.economy(day)
            if text is not None:
                return text, Kind.ECONOMY, "pukan"
            kind = Kind.DYNAMIC
        if kind == Kind.RESEARCH:
            if w.studied_topics():
                return w.research(day), Kind.RESEARCH, "zhuangong"
            kind = Kind.EXPERIENCE
        methods: dict[str, Any] = {
            Kind.DYNAMIC: w.dynamic,
            Kind.EXPERIENCE: w.experience,
            Kind.PROBLEM: w.problem,
            Kind.PROPOSAL: w.proposal,
        }
        method = methods[kind]
        text = method(day)
        carrier = "yaoqing" if kind == Kind.DYNAMIC and self.rng.random() < 0.12 else "pukan"
        return text, kind, carrier

    def year_of_submissions(self) -> None:
        self.carriers = {c.code: c for c in Carrier.objects.all()}
        kinds = (Kind.DYNAMIC, Kind.EXPERIENCE, Kind.PROBLEM, Kind.PROPOSAL, Kind.RESEARCH)
        weights = (46, 24, 12, 10, 4)
        last = self.today - dt.timedelta(days=3)  # the last three days are the desk's new items
        month = self.start.replace(day=1)
        silent_from = (self.today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        while month <= last:
            nxt = (month + dt.timedelta(days=32)).replace(day=1)
            first, end = max(month, self.start), min(nxt - dt.timedelta(days=1), last)
            days = self.weekdays(first, end)
            share = len(days) / max(1, len(self.weekdays(month, nxt - dt.timedelta(days=1))))
            for org in self.orgs:
                slug = org.slug
                if slug == SILENT and month >= silent_from:
                    continue
                quota = TIERS[self.tier(slug)]
                factor = DILIGENCE.get(slug, self.rng.uniform(0.8, 1.05))
                n = round(quota * factor * share * 0.89 + self.rng.uniform(-0.8, 0.8))
                if not days or n <= 0:
                    continue
                chosen = sorted(self.rng.choice(days) for _ in range(n))
                for i, day in enumerate(chosen):
                    kind: str
                    if i == 0 and day.day <= 12 and self.rng.random() < 0.55:
                        kind = Kind.ECONOMY
                    else:
                        kind = self.rng.choices(kinds, weights)[0]
                    text, kind, carrier = self.write(slug, day, kind)
                    self.new_item(slug, text, kind, day, carrier=carrier)
            month = nxt
        # 突发信息随时报: a few small emergencies reported by the counties and 市应急局.
        reporters = [s for s in ("yqq", "dsx", "xx", "lbx", "sx", "sz-yjj") if s in self.by_slug]
        for _ in range(10):
            day = self.start + dt.timedelta(days=self.rng.randint(5, 350))
            if not _weekday(day) or day > last:
                continue
            slug = self.rng.choice(reporters)
            hour = self.rng.randint(7, 20)
            text = self.writers[slug].emergency(self.at(day, hour))
            item = self.new_item(slug, text, Kind.EMERGENCY, day, hour=min(hour + 1, 22), carrier="yaoqing")
            item.obj.created_at = _sent(item.obj) - dt.timedelta(minutes=40)
            item.obj.sent_for_signoff_at = _sent(item.obj) - dt.timedelta(minutes=35)

    def near_duplicates(self) -> None:
        """The same field meeting reported by the host county and the department that ran it, and a
        provincial inspection reported by the two counties it visited; the desk merged the older
        pairs (crediting both units), the newest pair waits on the desk."""
        pairs = [("sz-nyncj", "yqq", 0), ("sz-jyj", "xx", 1), ("sz-yjj", "lbx", 0), ("sz-wjw", "sx", 0)]
        self.merged_pairs: list[tuple[_Item, _Item]] = []
        for i, (dept, county, topic_index) in enumerate(pairs):
            if dept not in self.by_slug or county not in self.by_slug:
                continue
            day = self.start + dt.timedelta(days=60 + i * 80)
            while not _weekday(day):
                day += dt.timedelta(days=1)
            topic = DOMAINS[self.units[dept].domain][topic_index]
            town = self.rng.choice(self.units[county].towns or ("城关镇",))
            seed = self.context.seed * 31 + i
            a = self.new_item(
                dept,
                self.writers[dept].field_meeting(
                    day, topic, self.units[county].short, town, seed, host_side=False
                ),
                Kind.DYNAMIC,
                day,
            )
            b = self.new_item(
                county,
                self.writers[county].field_meeting(
                    day, topic, self.units[county].short, town, seed, host_side=True
                ),
                Kind.DYNAMIC,
                day,
            )
            self.merged_pairs.append((a, b))
        # Two counties on one event: the province's inspection of both.
        if "lbx" in self.by_slug and "sx" in self.by_slug:
            day = self.start + dt.timedelta(days=150)
            while day.weekday() > 3:
                day += dt.timedelta(days=1)
            topic = DOMAINS["county"][2]
            sites = tuple(
                (self.units[c].short, (self.units[c].towns or ("城关镇",))[0]) for c in ("lbx", "sx")
            )
            seed = self.context.seed * 31 + 50
            a = self.new_item(
                "lbx", self.writers["lbx"].inspection(day, topic, sites, seed), Kind.DYNAMIC, day
            )
            b = self.new_item("sx", self.writers["sx"].inspection(day, topic, sites, seed), Kind.DYNAMIC, day)
            self.merged_pairs.append((a, b))
        # The pair waiting on the desk (reported yesterday or the working day before).
        day = self.today - dt.timedelta(days=1)
        while not _weekday(day):
            day -= dt.timedelta(days=1)
        topic = DOMAINS["agriculture"][0]
        town = self.units["dsx"].towns[0] if self.units["dsx"].towns else "砀城镇"
        seed = self.context.seed * 31 + 99
        a = self.new_item(
            "sz-nyncj",
            self.writers["sz-nyncj"].field_meeting(day, topic, "砀山县", town, seed, host_side=False),
            Kind.DYNAMIC,
            day,
        )
        b = self.new_item(
            "dsx",
            self.writers["dsx"].field_meeting(day, topic, "砀山县", town, seed, host_side=True),
            Kind.DYNAMIC,
            day,
        )
        self.waiting_pair = (a, b)

    def recent(self) -> None:
        """What came in during the last three days: new on the desk (已报送, not signed for)."""
        days = self.weekdays(self.today - dt.timedelta(days=3), self.today)
        kinds = (Kind.DYNAMIC, Kind.EXPERIENCE, Kind.PROBLEM, Kind.PROPOSAL)
        self.fresh: list[_Item] = list(self.waiting_pair)
        slugs = [o.slug for o in self.orgs if o.slug not in (SILENT, DEMO_DEPARTMENT)]
        for _ in range(12):
            day = self.rng.choice(days) if days else self.today
            slug = self.rng.choice(slugs)
            text, kind, carrier = self.write(slug, day, self.rng.choice(kinds))
            hour = min(self.rng.randint(8, 16), 23)
            item = self.new_item(slug, text, kind, day, hour=hour, carrier=carrier)
            self.fresh.append(item)
        now = timezone.now()
        for item in self.fresh:
            s = item.obj
            if s.submitted_at and s.submitted_at > now:
                s.submitted_at = now - dt.timedelta(minutes=self.rng.randint(20, 120))
                s.created_at = s.submitted_at - dt.timedelta(hours=3)
                s.sent_for_signoff_at = s.created_at + dt.timedelta(minutes=30)
            self.fixed.add(id(item))
            _set_state(s, State.SUBMITTED)
            s.received_at = None
            s.received_by = None
            s.updated_at = _sent(s)

    # -- the desk -------------------------------------------------------------------------------------

    def plan_issues(self) -> None:
        """Issues of the three publications with their entries; adoptions at issuing."""
        self.issues: list[tuple[Issue, list[_Item]]] = []
        pool = sorted(
            (i for i in self.items if id(i) not in self.fixed and i.obj.kind != Kind.EMERGENCY),
            key=lambda i: _sent(i.obj),
        )
        merged_away = {b for _, b in self.merged_pairs}
        used: set[int] = set()

        def candidates(day: dt.date, kinds: tuple[str, ...], back: int) -> list[_Item]:
            lo, hi = self.at(day - dt.timedelta(days=back), 0), self.at(day, 9)
            return [
                i
                for i in pool
                if id(i) not in used
                and i not in merged_away
                and i.obj.kind in kinds
                and lo <= _sent(i.obj) < hi
            ]

        last_issue_day = self.today - dt.timedelta(days=1)
        general_days = [
            d
            for d in self.weekdays(self.start + dt.timedelta(days=3), last_issue_day)
            if d.weekday() in (1, 4)
        ]
        daily_days = [
            d for d in self.weekdays(self.start + dt.timedelta(days=3), last_issue_day) if d.weekday() == 2
        ]
        special_days = [
            d
            for d in self.weekdays(self.start + dt.timedelta(days=10), last_issue_day)
            if d.day in range(20, 27) and d.weekday() == 3
        ]
        plan: list[tuple[dt.date, Publication]] = sorted(
            [(d, self.general) for d in general_days]
            + [(d, self.daily) for d in daily_days]
            + [(d, self.special) for d in special_days],
            key=lambda x: (x[0], x[1].pk),
        )
        general_kinds = (Kind.EXPERIENCE, Kind.PROBLEM, Kind.PROPOSAL, Kind.DYNAMIC, Kind.ECONOMY)
        for day, pub in plan:
            if pub == self.general:
                found = candidates(day, general_kinds, 12)
                self.rng.shuffle(found)
                found.sort(key=lambda i: general_kinds.index(i.obj.kind))
                chosen = found[: self.rng.randint(3, 5)]
            elif pub == self.daily:
                found = candidates(day, (Kind.DYNAMIC,), 3)
                chosen = found[: self.rng.randint(1, 2)]
            else:
                chosen = candidates(day, (Kind.RESEARCH,), 40)[:1]
            if not chosen:
                continue
            used.update(id(i) for i in chosen)
            issue = Issue(
                publication=pub,
                year=day.year,
                date=day,
                bao=pub.default_bao,
                song=pub.default_song,
                fa=pub.default_fa,
                state=IssueState.ISSUED,
                created_by=self.editor,
                created_at=self.at(day - dt.timedelta(days=1), 15),
                issued_at=self.at(day, 16, 30),
                issued_by=self.chief,
                copies={self.general.pk: 80, self.daily.pk: 30}.get(pub.pk, 15),  # 共印N份
            )
            self.issues.append((issue, chosen))
        # This week's 《政务信息》 in the making: a draft issue with items the desk has already taken.
        found = [
            i
            for i in pool
            if id(i) not in used
            and i not in merged_away
            and i.obj.kind in general_kinds[:3]
            and _sent(i.obj) >= self.at(self.today - dt.timedelta(days=10), 0)
        ]
        self.draft_entries = found[:3]
        used.update(id(i) for i in self.draft_entries)
        self.used = used

    def number_issues(self) -> None:
        counters: dict[tuple[int, int], int] = defaultdict(int)
        totals = {
            self.general.pk: 412,
            self.daily.pk: 1268,
            self.special.pk: 57,
        }  # the years before the demo's
        first_of_month = self.today.replace(day=1)
        for issue, _entries in sorted(self.issues, key=lambda x: (_day(x[0]), x[0].publication_id)):
            key = (issue.publication_id, issue.year)
            counters[key] += 1
            totals[issue.publication_id] += 1
            issue.number = counters[key]
            issue.total_number = totals[issue.publication_id]
            if _day(issue) < first_of_month:
                name = issue.publication.name.replace("《", "").replace("》", "")
                issue.archive_code = f"GX-{issue.year}-{name}-{issue.number:03d}"
                issue.archived_at = self.at(_day(issue) + dt.timedelta(days=3), 10)
        with given_times(Issue):
            Issue.objects.bulk_create([i for i, _ in self.issues])
        reserve_serials(
            {},
            at_least={
                **{f"govinfo.issue:{pub}:{year}": n for (pub, year), n in counters.items()},
                **{f"govinfo.issue.total:{pub}": n for pub, n in totals.items()},
            },
        )
        draft = Issue(
            publication=self.general,
            year=self.today.year,
            bao=BAO,
            song=SONG,
            fa=FA,
            state=IssueState.DRAFT,
            created_by=self.editor,
            created_at=self.at(self.today - dt.timedelta(days=1), 10),
        )
        with given_times(Issue):
            draft.save()
        self.draft_issue = draft
        self.made["issues"] = len(self.issues)

    def decide(self) -> None:
        """The desk's decision on every item not adopted: reserve, keep as read, return, withdraw."""
        adopted = self.used
        merged_away = {id(b) for _, b in self.merged_pairs}
        for item in self.items:
            s = item.obj
            if id(item) in self.fixed:
                continue
            if id(item) in adopted:
                _set_state(s, State.ADOPTED)
                s.decided_at = s.received_at
                continue
            if id(item) in merged_away:
                _set_state(s, State.MERGED)
                s.decided_at = s.received_at
                continue
            roll = self.rng.random()
            if roll < 0.30:
                _set_state(s, State.RESERVED)
                s.decided_at = s.received_at
            elif roll < 0.88:
                _set_state(s, State.RECEIVED)
            elif roll < 0.985:
                _set_state(s, State.RETURNED)
                s.return_reason = self.rng.choice(RETURN_REASONS)
                s.decided_at = s.received_at
            else:
                _set_state(s, State.WITHDRAWN)
                s.received_at = s.received_by = None

    def editor_edits(self) -> None:
        """The desk edits about a third of what it adopts: a tighter title, a sentence cut."""
        officer = self.users["infoofficer"]
        shown = False  # 吴海燕 sees the desk's edit of one of her adopted items as a diff
        for item in self.items:
            if id(item) not in self.used:
                continue
            hers = not shown and item.officer == officer and len(item.text.paragraphs) == 1
            if self.rng.random() > 0.35 and not hers:
                continue
            shown = shown or hers
            s = item.obj
            title = (
                s.title.replace("扎实做好", "做好")
                .replace("多措并举推进", "推进")
                .replace("稳步推进", "有序推进")
            )
            paragraphs = item.text.paragraphs
            if len(paragraphs) == 1:
                sentences = [x for x in paragraphs[0].split("。") if x]
                if len(sentences) >= 3:  # the sentence before the last goes (the last holds the date)
                    paragraphs = ["。".join(sentences[:-2] + sentences[-1:]) + "。"]
            else:
                paragraphs = paragraphs[:-1]
            if title == s.title and paragraphs == item.text.paragraphs:
                continue
            body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
            item.edited = (title, body)
            s.title = title
            set_body(s, body)

    # -- writing ------------------------------------------------------------------------------------

    def save_submissions(self) -> None:
        self.items.sort(key=lambda i: (i.obj.submitted_at or i.obj.created_at, i.obj.organization_id))
        counters: dict[tuple[int, int], int] = defaultdict(int)
        for item in self.items:
            s = item.obj
            if s.submitted_at is not None and s.state not in (State.DRAFT, State.SIGNING):
                year = timezone.localtime(s.submitted_at).year
                counters[(s.organization_id, year)] += 1
                s.serial = f"{year}-{counters[(s.organization_id, year)]:04d}"
        for item in self.items:
            s = item.obj
            if s.state not in (State.DRAFT, State.SIGNING):
                s.signoff_position = 3 if s.needs_head else 2
        with given_times(Submission):
            Submission.objects.bulk_create([i.obj for i in self.items], batch_size=500)
        reserve_serials({}, at_least={f"govinfo.submission:{o}:{y}": n for (o, y), n in counters.items()})
        authors, credits, revisions, signatures = [], [], [], []
        for item in self.items:
            s = item.obj
            if item.partner is not None:
                partner_officer = self.officers[item.partner.slug][0]
                authors += [
                    Author(
                        submission=s,
                        user=item.officer,
                        name=item.officer.full_name,
                        share=Decimal("0.5"),
                        position=0,
                    ),
                    Author(
                        submission=s,
                        user=partner_officer,
                        name=partner_officer.full_name,
                        share=Decimal("0.5"),
                        position=1,
                    ),
                ]
                credits.append(CreditedUnit(submission=s, organization=item.partner))
            else:
                authors.append(
                    Author(submission=s, user=item.officer, name=item.officer.full_name, position=0)
                )
            credits.append(CreditedUnit(submission=s, organization_id=s.organization_id))
            original = item.text
            revisions.append(
                Revision(
                    submission=s,
                    number=1,
                    title=original.title,
                    body=original.html,
                    by=item.officer,
                    note="起草",
                    at=s.created_at,
                )
            )
            if item.edited is not None:
                revisions.append(
                    Revision(
                        submission=s,
                        number=2,
                        title=item.edited[0],
                        body=s.body,
                        by=self.editor,
                        by_editor=True,
                        note="信息科编辑修改：压缩文字，精炼标题",
                        at=s.received_at or s.created_at,
                    )
                )
            if s.state in (State.DRAFT,):
                continue
            kz, fg, zy = self.signers[item.unit.slug]
            top = s.signoff_position
            moment = s.sent_for_signoff_at or s.created_at
            span = (
                ((s.submitted_at or timezone.now()) - moment)
                if s.state != State.SIGNING
                else dt.timedelta(hours=2)
            )
            for position, signer in ((1, kz), (2, fg), (3, zy))[:top]:
                moment = moment + span / 4
                signatures.append(
                    Signature(
                        submission=s,
                        position=position,
                        title=self.step_titles[position],
                        round=1,
                        signer=signer,
                        signed_at=moment,
                        opinion="同意报送" if position > 1 else "已审核",
                    )
                )
        with given_times(Revision, Signature):
            Author.objects.bulk_create(authors, batch_size=1000)
            CreditedUnit.objects.bulk_create(credits, batch_size=1000)
            Revision.objects.bulk_create(revisions, batch_size=500)
            Signature.objects.bulk_create(signatures, batch_size=1000)
        self.made["submissions"] = len(self.items)

    def save_merges(self) -> None:
        for keep, other in self.merged_pairs:
            Submission.objects.filter(pk=other.obj.pk).update(merged_into=keep.obj)
            CreditedUnit.objects.get_or_create(submission=keep.obj, organization_id=other.obj.organization_id)

    def save_entries_and_adoptions(self) -> None:
        entries, adoptions = [], []
        for issue, chosen in self.issues:
            label = f"{issue.year}年第{issue.number}期"
            for position, item in enumerate(chosen, start=1):
                s = item.obj
                entries.append(
                    IssueEntry(issue=issue, submission=s, position=position, title=s.title, body=s.body)
                )
                adoptions.append(
                    Adoption(
                        submission=s,
                        publication=issue.publication,
                        level=PublicationLevel.CITY,
                        issue=issue,
                        issue_label=label,
                        adopted_on=_day(issue),
                        source=AdoptionSource.ISSUE,
                        recorded_by=self.chief,
                    )
                )
        for position, item in enumerate(self.draft_entries, start=1):
            s = item.obj
            entries.append(
                IssueEntry(
                    issue=self.draft_issue, submission=s, position=position, title=s.title, body=s.body
                )
            )
        IssueEntry.objects.bulk_create(entries, batch_size=1000)
        # 编者按 on a few issues of 《政务信息》 that lead with an 经验做法.
        notes = []
        for issue, chosen in self.issues:
            if (
                issue.publication_id == self.general.pk
                and chosen[0].obj.kind == Kind.EXPERIENCE
                and self.rng.random() < 0.4
            ):
                lead = chosen[0]
                issue.editor_note = (
                    f"编者按：{lead.unit.short}围绕{lead.text.topic}抓重点、求实效，做法具体，成效明显。"
                    "现将其做法刊发，请各县区、各部门结合实际学习借鉴。"
                )
                notes.append(issue)
        Issue.objects.bulk_update(notes, ["editor_note"])
        Adoption.objects.bulk_create(adoptions, batch_size=1000)
        self.made["adoptions"] = len(adoptions)

    def forwards_and_adoptions_above(self) -> None:
        """The desk forwarded the best of 《政务信息》 to 省政府办公厅 (off the platform); the province
        adopted some in its 《政务信息》 and internet edition, and 国办 twice."""
        general = [
            (issue, item)
            for issue, chosen in self.issues
            if issue.publication_id == self.general.pk
            for item in chosen
            if item.obj.kind in (Kind.EXPERIENCE, Kind.PROBLEM, Kind.PROPOSAL)
        ]
        picked = self.rng.sample(general, min(70, len(general)))
        picked.sort(key=lambda x: _day(x[0]))
        forwards, adoptions = [], []
        counters: dict[tuple[str, int], int] = defaultdict(lambda: 0)
        self.province_adopted: list[_Item] = []
        for n, (issue, item) in enumerate(picked):
            at = self.at(_day(issue) + dt.timedelta(days=1), 9, 30)
            if at.date() > self.today - dt.timedelta(days=2):
                continue
            forwards.append(
                Forward(submission=item.obj, to_name="安徽省人民政府办公厅", at=at, by=self.editor)
            )
            roll = n % 7
            code = "province-general" if roll in (0, 2, 4) else "province-internet" if roll == 5 else ""
            if n in (11, 40):
                code = "national-general"
            if not code:
                continue
            adopted_on = at.date() + dt.timedelta(days=self.rng.randint(3, 12))
            if adopted_on >= self.today:
                continue
            year = adopted_on.year
            counters[(code, year)] += self.rng.randint(2, 4)
            pub = self.province[code]
            adoptions.append(
                Adoption(
                    submission=item.obj,
                    publication=pub,
                    level=pub.level,
                    issue_label=f"{year}年第{counters[(code, year)] + 20}期",
                    adopted_on=adopted_on,
                    source=AdoptionSource.MANUAL,
                    via_forward=True,
                    notice=f"{pub.publisher_name}信息处采用通报（{year}年第{adopted_on.month}期）",
                    recorded_by=self.editor,
                )
            )
            self.province_adopted.append(item)
        with given_times(Forward):
            Forward.objects.bulk_create(forwards)
        Adoption.objects.bulk_create(adoptions)
        self.made["forwards"] = len(forwards)
        self.made["adoptions_above"] = len(adoptions)

    def circulation(self) -> None:
        """传阅: the desk and the leader open the issues; the leader has not yet read the latest."""
        leader = self.users["leader"]
        issued = sorted((i for i, _ in self.issues), key=lambda i: (_day(i), i.pk))
        unread = {i.pk for i in [x for x in issued if x.publication_id == self.general.pk][-3:]}
        unread |= {i.pk for i in [x for x in issued if x.publication_id == self.special.pk][-1:]}
        rows = []
        for issue in issued:
            assert issue.issued_at is not None
            rows.append(
                Circulation(issue=issue, user=self.chief, opened_at=issue.issued_at + dt.timedelta(minutes=5))
            )
            if issue.pk not in unread:
                rows.append(
                    Circulation(
                        issue=issue,
                        user=leader,
                        opened_at=issue.issued_at + dt.timedelta(hours=self.rng.randint(15, 40)),
                    )
                )
        with given_times(Circulation):
            Circulation.objects.bulk_create(rows, batch_size=1000)

    # -- commissions ----------------------------------------------------------------------------------

    def commissions(self) -> None:
        """The year's plan, four quarterly 报送要点, about ten 约稿通知 with their answers."""
        office, editor = self.office, self.chief
        year = self.today.year if dt.date(self.today.year, 1, 8) <= self.today else self.today.year - 1
        rows: list[Commission] = [
            Commission(
                organization=office,
                kind=CommissionKind.PLAN,
                year=year,
                title=f"{year}年全市政务信息工作要点",
                body=(
                    f"<p>{year}年，全市政务信息工作要围绕市委、市政府中心工作，坚持“及时、准确、全面、真实”的原则，"
                    "突出经济运行、项目建设、民生实事和安全稳定等重点。</p><p>各县区和市直各部门每周至少报送2条信息；"
                    "经济运行信息当月报，动态信息当天报，突发信息随时报。信息采用情况按月通报，年底评选先进单位和先进个人。</p>"
                ),
                issued_at=self.at(dt.date(year, 1, 8), 10),
                created_by=editor,
            )
        ]
        quarter_starts = []
        q = dt.date(self.today.year, 3 * ((self.today.month - 1) // 3) + 1, 1)
        for _ in range(4):
            quarter_starts.append(q)
            q = (q - dt.timedelta(days=1)).replace(day=1)
            q = dt.date(q.year, 3 * ((q.month - 1) // 3) + 1, 1)
        focus = {
            1: "春季农业生产、一季度经济“开门红”、项目集中开工",
            2: "防汛备汛、夏粮收购、高校毕业生就业",
            3: "秋粮生产、安全生产、民生实事进展",
            4: "全年目标任务冲刺、冬季供暖和安全稳定",
        }
        for start in sorted(quarter_starts):
            quarter = (start.month - 1) // 3 + 1
            rows.append(
                Commission(
                    organization=office,
                    kind=CommissionKind.POINTS,
                    year=start.year,
                    quarter=quarter,
                    title=f"{start.year}年第{quarter}季度政务信息报送要点",
                    body=f"<p>本季度请重点围绕{focus[quarter]}等方面报送信息，做到有情况、有分析、有建议。</p>",
                    issued_at=self.at(start, 9),
                    created_by=editor,
                )
            )
        Commission.objects.bulk_create(rows)
        self.notices()

    def notices(self) -> None:
        subjects = (
            ("稳就业工作", ("sz-rsj", "sz-jyj", "sz-swj", "yqq", "dsx", "sz-xfj")),
            ("民生实事推进", ("sz-jyj", "sz-wjw", "sz-mzj", "sz-zjj", "sz-sjj", "xx")),
            ("安全生产大排查大整治", ("sz-yjj", "sz-zjj", "sz-jtj", "lbx", "sx", "sz-sjj")),
            ("防汛备汛", ("sz-slj", "sz-yjj", "sz-qxj", "yqq", "sx", "sz-xfj")),
            ("项目建设", ("sz-fgw", "sz-czj", "dsx", "xx", "lbx", "sz-sjj")),
            ("优化营商环境", ("sz-sjzyj", "sz-scjgj", "sz-sw", "sz-swj", "sx", "sz-xfj")),
            ("秋粮生产", ("sz-nyncj", "sz-slj", "dsx", "xx", "lbx", "sz-sjj")),
            ("乡村振兴", ("sz-nyncj", "yqq", "dsx", "sx", "sz-mzj", "sz-xfj")),
            ("审计整改", ("sz-sjj", "sz-czj", "sz-fgw", "sz-jyj")),
            ("冬春季校园安全", ("sz-jyj", "sz-gaj", "sz-scjgj", "sz-wjw")),
            ("老年人助餐服务", ("sz-mzj", "sz-jyj", "yqq", "xx")),
        )
        n_past = 9
        starts = [self.today - dt.timedelta(days=330 - 36 * k) for k in range(n_past)]
        schedule = [(s, s + dt.timedelta(days=10)) for s in starts]
        schedule.append(
            (self.today - dt.timedelta(days=4), self.today + dt.timedelta(days=3))
        )  # due in 3 days
        schedule.append((self.today - dt.timedelta(days=2), self.today + dt.timedelta(days=9)))
        this_year = [k for k, (_, d) in enumerate(schedule[:n_past]) if d.year == self.today.year]
        last_year = [k for k, (_, d) in enumerate(schedule[:n_past]) if d.year < self.today.year]
        # 市审计局 misses two this calendar year (zeroed); 市信访局 one last year and one this year.
        zeroed_misses = set(this_year[-3:-1]) if len(this_year) >= 3 else set(this_year[-2:])
        split_misses = {last_year[-1]} if last_year else set()
        if this_year:
            split_misses.add(this_year[-1])
        commissions, targets = [], []
        plan: list[tuple[Commission, list[str], dt.date, dt.date, int]] = []
        for k, (issued, due) in enumerate(schedule):
            subject, listed = subjects[k % len(subjects)]
            units = [u for u in listed if u in self.by_slug]
            if k >= n_past and DEMO_DEPARTMENT not in units:
                units = [DEMO_DEPARTMENT, *units[:3]]
            if k in zeroed_misses and MISSER_ZEROED not in units:
                units.append(MISSER_ZEROED)
            if k in split_misses and MISSER_SPLIT not in units:
                units.append(MISSER_SPLIT)
            c = Commission(
                organization=self.office,
                kind=CommissionKind.NOTICE,
                year=issued.year,
                title=f"关于报送{subject}情况的约稿通知",
                body=(
                    f"<p>各有关单位：</p><p>为全面掌握全市{subject}情况，为市政府领导决策提供参考，请各有关单位围绕本单位"
                    f"{subject}的主要做法、取得成效、存在问题及下一步打算，认真采编信息，于{due.month}月{due.day}日"
                    "下班前通过平台报送。</p><p>要求：内容真实、数据准确，有情况、有分析、有建议；经单位负责人签发；"
                    "字数一般不超过1500字。</p>"
                ),
                deadline=self.at(due, 17, 30),
                issued_at=self.at(issued, 10),
                created_by=self.chief,
                reminded_at=self.at(due - dt.timedelta(days=1), 9) if due < self.today else None,
            )
            commissions.append(c)
            plan.append((c, units, issued, due, k))
        Commission.objects.bulk_create(commissions)
        for c, units, _issued, _due, _k in plan:
            targets += [CommissionTarget(commission=c, organization=self.by_slug[u]) for u in units]
        CommissionTarget.objects.bulk_create(targets)
        self.notice_plan = plan
        self.zeroed_misses, self.split_misses = zeroed_misses, split_misses

    def answers(self) -> list[_Item]:
        """Each target of a past 约稿通知 answers by its deadline (but the two missers); of the open
        ones, some have answered already. Answers are new items written for the notice."""
        made: list[_Item] = []
        for c, units, issued, due, k in self.notice_plan:
            for slug in units:
                if slug == MISSER_ZEROED and k in self.zeroed_misses:
                    continue
                if slug == MISSER_SPLIT and k in self.split_misses:
                    continue
                if due >= self.today and (slug == DEMO_DEPARTMENT or self.rng.random() < 0.6):
                    continue  # not yet answered
                days = self.weekdays(
                    issued + dt.timedelta(days=2), min(due, self.today - dt.timedelta(days=4))
                )
                if not days:
                    continue
                day = self.rng.choice(days)
                w = self.writers[slug]
                wanted = Kind.RESEARCH if w.studied_topics() and self.rng.random() < 0.4 else Kind.PROPOSAL
                text, kind, carrier = self.write(slug, day, wanted)
                item = self.new_item(slug, text, kind, day, carrier=carrier)
                item.obj.commission = c
                made.append(item)
        return made

    # -- the demo accounts' work ------------------------------------------------------------------------

    def accounts_work(self) -> None:
        """市教育局's 信息员 has a returned item, a draft; its 签发人 each have an item at their step."""
        slug = DEMO_DEPARTMENT
        officer = self.users["infoofficer"]
        w = self.writers[slug]
        yesterday = self.today - dt.timedelta(days=1)
        topics = DOMAINS["education"]

        def mine(text: Text, kind: str, state: str, position: int, *, urgent: bool = False) -> _Item:
            carrier = "zhuangong" if kind == Kind.RESEARCH else "pukan"
            item = self.new_item(slug, text, kind, yesterday, carrier=carrier)
            item.officer = officer
            s = item.obj
            s.drafter = officer
            _set_state(s, state)
            s.received_at = s.received_by = None
            if state in (State.DRAFT, State.SIGNING):
                s.submitted_at = None
                s.serial = ""
                if state == State.DRAFT:
                    s.sent_for_signoff_at = None
                    s.signoff_round = 0
            s.signoff_position = position
            if urgent:
                s.is_region_wide = True
            self.fixed.add(id(item))
            return item

        returned = mine(
            w.experience(yesterday - dt.timedelta(days=3), topics[1]), Kind.EXPERIENCE, State.RETURNED, 2
        )
        returned.obj.return_reason = (
            "内容偏重工作过程，缺少具体数据和成效，请补充参与学生人数、家长满意度等数据后再报。"
        )
        returned.obj.received_at = returned.obj.submitted_at
        returned.obj.received_by = self.editor
        returned.obj.decided_at = _sent(returned.obj) + dt.timedelta(hours=3)
        mine(w.dynamic(self.today, topics[1]), Kind.DYNAMIC, State.DRAFT, 0)
        mine(w.problem(yesterday, topics[0]), Kind.PROBLEM, State.SIGNING, 0)  # at 科室负责人审核 (infohead)
        mine(w.proposal(yesterday, topics[1]), Kind.PROPOSAL, State.SIGNING, 1)  # at 分管副职签发 (signer)
        mine(
            w.research(yesterday, topics[0]), Kind.RESEARCH, State.SIGNING, 2, urgent=True
        )  # at 主要负责人签发
        self.accounts_items = True

    def joint(self) -> None:
        """A few joint items (联合报送): credited to both units, the authors sharing it."""
        pairs = (("sz-rsj", "sz-jyj"), ("sz-nyncj", "sz-slj"), ("sz-mzj", "sz-wjw"), ("sz-zjj", "sz-yjj"))
        for owner, partner in pairs:
            if owner not in self.by_slug or partner not in self.by_slug:
                continue
            own = [
                i
                for i in self.items
                if i.unit.slug == owner
                and i.obj.kind in (Kind.EXPERIENCE, Kind.DYNAMIC)
                and id(i) not in self.fixed
                and i.partner is None
            ]
            for item in self.rng.sample(own, min(2, len(own))):
                item.partner = self.by_slug[partner]
                short, other = item.unit.short, self.units[partner].short
                s = item.obj
                s.title = s.title.replace(short, f"{short}会同{other}", 1)
                body = s.body.replace(short, f"{short}会同{other}", 1)
                item.text.title = s.title
                item.text.paragraphs = [
                    p.replace(short, f"{short}会同{other}", 1) for p in item.text.paragraphs
                ]
                set_body(s, body)

    # -- instructions -----------------------------------------------------------------------------------

    def instructions(self) -> None:
        leader = self.users["leader"]
        adopted = [(issue, item) for issue, chosen in self.issues for item in chosen]
        adopted.sort(key=lambda x: _day(x[0]))
        rows: list[tuple[Instruction, _Item | None]] = []

        def text_for(item: _Item | None) -> str:
            tmpl = self.rng.choice(INSTRUCTION_TEXTS)
            return tmpl.format(unit=item.unit.short if item else "各县区、各部门")

        city_picks = self.rng.sample(adopted, min(30, len(adopted)))
        for n, (issue, item) in enumerate(city_picks):
            given = _day(issue) + dt.timedelta(days=self.rng.randint(1, 4))
            if given >= self.today:
                continue
            if n % 2 == 0:
                who, title, user = leader.full_name, "副市长", leader
            else:
                who, title = CITY_LEADERS[n % len(CITY_LEADERS)]
                user = None
            rows.append(
                (
                    Instruction(
                        submission=item.obj,
                        leader=user,
                        leader_name=who,
                        leader_title=title,
                        level=LeaderLevel.CITY,
                        given_on=given,
                        text=text_for(item),
                        recorded_by=self.editor,
                        recorded_at=self.at(given, 16),
                    ),
                    item,
                )
            )
        for issue, _chosen in self.rng.sample(
            [x for x in self.issues if x[0].publication_id == self.special.pk],
            min(3, sum(1 for x in self.issues if x[0].publication_id == self.special.pk)),
        ):
            given = _day(issue) + dt.timedelta(days=2)
            if given >= self.today:
                continue
            rows.append(
                (
                    Instruction(
                        issue=issue,
                        leader=leader,
                        leader_name=leader.full_name,
                        leader_title="副市长",
                        level=LeaderLevel.CITY,
                        given_on=given,
                        text="本期专报反映的情况很有参考价值，请市政府办公室分送有关部门研究，提出具体意见。",
                        recorded_by=self.editor,
                        recorded_at=self.at(given, 16),
                    ),
                    None,
                )
            )
        for n, item in enumerate(self.province_adopted[:4]):
            adoption_day = max(a.adopted_on for a in Adoption.objects.filter(submission=item.obj))
            given = adoption_day + dt.timedelta(days=3)
            if given >= self.today:
                continue
            who, title = PROVINCE_LEADERS[n % 2]
            rows.append(
                (
                    Instruction(
                        submission=item.obj,
                        leader_name=who,
                        leader_title=title,
                        level=LeaderLevel.PROVINCE,
                        given_on=given,
                        text=f"{item.unit.short}的做法好，请省有关部门总结推广。",
                        recorded_by=self.editor,
                        recorded_at=self.at(given, 11),
                    ),
                    item,
                )
            )
        # The leader's latest: on 市教育局's most recent adopted item, its follow-up with 吴海燕.
        edu_adopted = [(i, it) for i, it in adopted if it.unit.slug == DEMO_DEPARTMENT]
        recent_edu = [(i, it) for i, it in edu_adopted if (self.today - _day(i)).days >= 3]
        if recent_edu:
            issue, item = recent_edu[-1]
            given = _day(issue) + dt.timedelta(days=1)
            rows.append(
                (
                    Instruction(
                        submission=item.obj,
                        leader=leader,
                        leader_name=leader.full_name,
                        leader_title="副市长",
                        level=LeaderLevel.CITY,
                        given_on=given,
                        text=f"请{item.unit.short}抓好落实，并将进展情况及时报市政府办公室。",
                        recorded_by=self.editor,
                        recorded_at=self.at(given, 16),
                    ),
                    item,
                )
            )
            self.edu_instruction = rows[-1][0]
        county_items = [(i, it) for i, it in adopted if it.unit.slug in COUNTY_LEADER_NAMES]
        for issue, item in self.rng.sample(county_items, min(6, len(county_items))):
            given = _day(issue) + dt.timedelta(days=2)
            if given >= self.today:
                continue
            slug = item.unit.slug
            rows.append(
                (
                    Instruction(
                        submission=item.obj,
                        leader_name=COUNTY_LEADER_NAMES[slug],
                        leader_title=f"{item.unit.short}{COUNTY_LEADER_TITLES[slug]}",
                        level=LeaderLevel.COUNTY,
                        given_on=given,
                        text=f"请{item.unit.short}政府办公室督促有关乡镇和部门抓好落实。",
                        recorded_by=self.editor,
                        recorded_at=self.at(given, 15),
                    ),
                    item,
                )
            )
        with given_times(Instruction):
            Instruction.objects.bulk_create([r for r, _ in rows])
        self.made["instructions"] = len(rows)
        self.follow_ups(rows)

    def follow_ups(self, rows: list[tuple[Instruction, _Item | None]]) -> None:
        """A follow-up (落实反馈) on the city's and province's instructions on items: closed with a
        report for the older ones, open for the recent, one overdue; 市教育局 owns an open one."""
        candidates = [
            (i, it)
            for i, it in rows
            if it is not None and i.level in (LeaderLevel.CITY, LeaderLevel.PROVINCE)
        ]
        candidates.sort(key=lambda x: x[0].given_on)
        mine = getattr(self, "edu_instruction", None)
        old = [c for c in candidates if (self.today - c[0].given_on).days > 40 and c[0] is not mine]
        recent = [c for c in candidates if 3 <= (self.today - c[0].given_on).days <= 40 and c[0] is not mine]
        chosen = old[:: max(1, len(old) // 10)][:10] + recent[-3:] + [c for c in candidates if c[0] is mine]
        overdue = recent[-3][0] if len(recent) >= 3 else recent[0][0] if recent else None
        follow_ups, reports = [], []
        for instruction, item in sorted(chosen, key=lambda x: x[0].given_on):
            assert item is not None
            deadline = instruction.given_on + dt.timedelta(days=15)
            owner = (
                self.users["infoofficer"]
                if item.unit.slug == DEMO_DEPARTMENT
                else self.officers[item.unit.slug][0]
            )
            f = FollowUp(
                instruction=instruction,
                organization=item.obj.organization,
                owner=owner,
                deadline=deadline,
                opened_at=self.at(instruction.given_on, 17),
            )
            age = (self.today - instruction.given_on).days
            if instruction is mine:
                f.deadline = max(deadline, self.today + dt.timedelta(days=5))
            elif age > 40:
                f.state = FollowUpState.CLOSED
                f.closed_at = self.at(deadline - dt.timedelta(days=2), 15)
                reports.append(
                    (f, FOLLOW_UP_REPORTS[0], self.at(instruction.given_on + dt.timedelta(days=6), 10), False)
                )
                reports.append((f, FOLLOW_UP_REPORTS[1], f.closed_at - dt.timedelta(hours=1), True))
            elif instruction is overdue:  # left open past its deadline
                f.deadline = min(deadline, self.today - dt.timedelta(days=1))
            else:
                f.deadline = max(deadline, self.today + dt.timedelta(days=7))
            follow_ups.append(f)
        with given_times(FollowUp, FollowUpReport):
            FollowUp.objects.bulk_create(follow_ups)
            FollowUpReport.objects.bulk_create(
                FollowUpReport(follow_up=f, text=t, by=f.owner, at=at, closes=closes)
                for f, t, at, closes in reports
            )
        self.made["follow_ups"] = len(follow_ups)

    # -- penalties, the urgent event, the 通报 ------------------------------------------------------

    def untrue(self) -> None:
        returned = [
            i
            for i in self.items
            if i.obj.state == State.RETURNED
            and i.unit.slug not in (DEMO_DEPARTMENT,)
            and i.obj.kind in (Kind.EXPERIENCE, Kind.DYNAMIC)
            and i.obj.decided_at
            and i.obj.decided_at.date() < self.today.replace(day=1)
        ]
        if not returned:
            return
        item = returned[len(returned) // 2]
        Submission.objects.filter(pk=item.obj.pk).update(return_reason=UNTRUE_REASON)
        assert item.obj.decided_at is not None
        day = item.obj.decided_at.date() + dt.timedelta(days=1)
        with given_times(Penalty):
            Penalty.objects.create(
                organization=item.obj.organization,
                kind=PenaltyKind.FALSE,
                points=Decimal(-50),
                on=day,
                notice=f"宿政办信通〔{day.year}〕{day.month + 2}号",
                reason=f"《{item.obj.title}》{UNTRUE_REASON}",
                submission=item.obj,
                recorded_by=self.chief,
                recorded_at=self.at(day, 10),
            )

    def urgent_event(self) -> None:
        """萧县 reports a fire at a chemical plant: phone 初报 on time, the written 初报 late (迟报), a
        续报, a 日报 and the 终报 — all through the services with their times — and the office
        penalizes the 迟报 (−100) as its notice says."""
        from gongkai.govinfo.services import urgent

        slug = "xx" if "xx" in self.by_slug else next(o.slug for o in self.orgs if o.level == "county")
        org = self.by_slug[slug]
        officer = self.officers[slug][0]
        _kz, fg, _zy = self.signers[slug]
        leader = self.users["leader"]
        town = (self.units[slug].towns or ("黄口镇",))[0]
        day = self.today - dt.timedelta(days=45)
        while day.weekday() != 1:
            day -= dt.timedelta(days=1)
        occurred = self.at(day, 13, 42)
        learned = occurred + dt.timedelta(minutes=13)
        place = f"{self.units[slug].short}{town}经济开发区"
        event = urgent.create_event(
            actor=officer,
            organization=org,
            title=f"{place}一化工企业仓库发生火灾",
            severity="large",
            occurred_at=occurred,
            learned_at=learned,
            place=place,
            at=learned + dt.timedelta(minutes=9),
        )
        m = dt.timedelta(minutes=1)

        def step(
            kind: str,
            channel: str,
            text: str,
            written: dt.datetime,
            signed: dt.datetime | None,
            sent: dt.datetime,
        ) -> Any:
            report = urgent.create_report(
                actor=officer, event=event, kind=kind, channel=channel, text=text, at=written
            )
            if signed is not None:
                report = urgent.sign_report(actor=fg, report=report, at=signed)
            report = urgent.send_report(actor=officer, report=report, at=sent)
            report = urgent.receive_report(actor=self.editor, report=report, at=sent + 6 * m)
            urgent.read_report(actor=leader, report=report, at=sent + 35 * m)
            return report

        step(
            "first",
            "phone",
            f"{occurred:%H时%M分}许，{place}一化工企业仓库起火，现场有浓烟，县消防救援大队已出动，伤亡情况正在核实。",
            learned + 20 * m,
            None,
            learned + 24 * m,
        )
        late = step(
            "first",
            "written",
            f"{occurred.month}月{occurred.day}日{occurred:%H时%M分}许，{place}一化工企业原料仓库发生火灾。"
            "县消防救援大队出动消防车8辆、指战员46人赶赴现场处置，县政府主要负责同志带领应急、生态环境、"
            "公安等部门到场指挥。经初步核实，未造成人员伤亡，周边200余名群众已疏散。起火原因正在调查。",
            learned + 95 * m,
            learned + 140 * m,
            learned + 152 * m,
        )
        step(
            "follow",
            "written",
            "截至当日19时，明火已全部扑灭，过火面积约600平方米。生态环境部门对周边空气和水体开展监测，"
            "各项指标未见异常；疏散群众已全部返回。企业已停产整顿。",
            self.at(day, 19, 20),
            self.at(day, 19, 50),
            self.at(day, 20, 5),
        )
        next_day = day + dt.timedelta(days=1)
        step(
            "daily",
            "written",
            "事发企业已全面停产，县应急管理局牵头组成调查组进驻企业；全县开展危险化学品仓储场所安全隐患排查，"
            "已检查企业23家，发现并督促整改隐患41处。",
            self.at(next_day, 15, 30),
            self.at(next_day, 16, 10),
            self.at(next_day, 16, 25),
        )
        final_day = day + dt.timedelta(days=2)
        step(
            "final",
            "written",
            "经调查，火灾系仓库内电气线路短路引燃包装材料所致，直接经济损失约85万元，无人员伤亡，"
            "周边环境未受影响。县政府已责成企业落实整改措施，对相关责任人依法依规处理，"
            "并在全县开展为期一个月的危险化学品安全专项整治。",
            self.at(final_day, 10, 0),
            self.at(final_day, 10, 40),
            self.at(final_day, 11, 0),
        )
        penalty_at = self.at(final_day + dt.timedelta(days=6), 10)
        penalty = urgent.record_penalty(
            actor=self.editor, event=event, kind=PenaltyKind.LATE, report=late, at=penalty_at
        )
        Penalty.objects.filter(pk=penalty.pk).update(
            notice=f"宿政办信通〔{penalty_at.year}〕{penalty_at.month}号（关于紧急信息报送情况的通报）"
        )
        self.event = event

    def bulletins(self) -> None:
        """Last month's 通报, issued early this month; this month's, a draft (``govinfo.bulletins``)."""
        try:
            from gongkai.govinfo import bulletins
        except ImportError:  # pragma: no cover - the scoring part not landed
            return
        rule_set = scoring.rule_set_on(self.today) or PointsRuleSet.objects.order_by("effective_from").first()
        if rule_set is None:
            return
        first = self.today.replace(day=1)
        last_start = (first - dt.timedelta(days=1)).replace(day=1)
        periods = [(last_start, first - dt.timedelta(days=1), True), (first, self.today, False)]
        for n, (start, end, issued) in enumerate(periods):
            rows = scoring.standings(self.office, start, end, rule_set=rule_set)
            table = bulletins.table_of(rows, self.office, start, end)
            issued_at = min(self.at(first + dt.timedelta(days=4), 10), timezone.now() - dt.timedelta(hours=1))
            with given_times(Bulletin):
                Bulletin.objects.create(
                    organization=self.office,
                    period_kind=PeriodKind.MONTH,
                    period_start=start,
                    period_end=end,
                    rule_set=rule_set,
                    title=bulletins.bulletin_title(self.office, PeriodKind.MONTH, start),
                    number=f"宿政办信通〔{start.year}〕{start.month + n}号" if issued else "",
                    foreword=bulletins.foreword(self.office, PeriodKind.MONTH, start, table),
                    table=table,
                    created_by=self.chief,
                    created_at=issued_at - dt.timedelta(days=1) if issued else timezone.now(),
                    issued_at=issued_at if issued else None,
                )

    # -- the whole ---------------------------------------------------------------------------------------

    def build(self) -> None:
        from django.apps import apps

        from gongkai.govinfo.shipped import sync_shipped_data

        # A demo reset deletes every row pointing at a body or a person, the publications above
        # and the shipped rule set among them: put the shipped configuration back first.
        sync_shipped_data(apps)
        self.people()
        self.chains()
        self.publications()
        self.quotas()
        self.year_of_submissions()
        self.commissions()
        self.answers()
        self.near_duplicates()
        self.recent()
        self.accounts_work()
        self.plan_issues()
        self.decide()
        self.joint()
        self.editor_edits()
        self.save_submissions()
        self.save_merges()
        self.number_issues()
        self.save_entries_and_adoptions()
        self.forwards_and_adoptions_above()
        self.circulation()
        self.instructions()
        self.untrue()
        self.urgent_event()
        self.bulletins()
        self.context.made.update({f"govinfo_{k}": v for k, v in self.made.items()})


__all__ = ["GovinfoDemo", "given_times"]
