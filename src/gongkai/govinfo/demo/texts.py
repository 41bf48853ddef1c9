"""The demo's submission texts: a title and a body written from a unit's topics (``topics``) for each
kind of 政务信息 (docs/SPEC.md §8), so each title fits its body — the title's topic, meeting, problem
or figure is in the body — and each body fits its carrier (普刊 ≤ 200 字; 调研 as 专供信息, several
paragraphs: 基本情况、主要做法、存在问题、对策建议).

The vocabulary is that of docs/SPEC.md §8's source papers (the general offices' own accounts
of their information work): 动态信息 report a meeting and what it required; 经验做法 list
一是、二是、三是; 问题/反映 and 建议/对策 既报喜又报忧, "有情况、有分析、有建议"; 经济运行 is
reported 当月报, 紧急信息 随时报. Pure: no Django.
"""

from __future__ import annotations

import datetime as dt
import html
import random
import re
from dataclasses import dataclass, field

from gongkai.govinfo.demo.topics import (
    DOMAINS,
    EMERGENCIES,
    INDICATORS,
    SEASONS,
    SPECIALTIES,
    STUDIES,
    UNIT_DOMAINS,
    Topic,
)
from gongkai.govinfo.lengths import count_chars

_SLOT = re.compile(r"\{(\d+(?:\.\d)?)-(\d+(?:\.\d)?)\}")
_CN_DIGITS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Unit:
    """A reporting unit as the texts name it."""

    slug: str
    name: str  # 宿州市教育局, 砀山县人民政府
    short: str  # 市教育局, 砀山县
    area: str  # 全市, 砀山县
    county_kind: str = "市"  # 全市 / 全县 / 全区
    towns: tuple[str, ...] = ()
    specialty: str = ""

    @property
    def domain(self) -> str:
        return UNIT_DOMAINS[self.slug]


@dataclass
class Text:
    title: str
    paragraphs: list[str]
    #: The words of the title the body must contain (the topic, the event, the figure …).
    keys: tuple[str, ...] = ()
    topic: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def html(self) -> str:
        return "".join(f"<p>{html.escape(p)}</p>" for p in self.paragraphs)

    @property
    def plain(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def length(self) -> int:
        return count_chars(self.plain)


class Writer:
    """Writes a unit's texts; ``rng`` decides the figures and the wording (one seed, one text)."""

    def __init__(self, unit: Unit, rng: random.Random, all_towns: tuple[tuple[str, str], ...]) -> None:
        self.unit = unit
        self.rng = rng
        #: (county, town) pairs of the region, for city units' field visits and emergencies.
        self.all_towns = all_towns

    # -- slots ------------------------------------------------------------------------------------

    def fill(self, phrase: str, town: str = "") -> str:
        def number(match: re.Match[str]) -> str:
            low, high = match.group(1), match.group(2)
            if "." in low or "." in high:
                return f"{self.rng.uniform(float(low), float(high)):.1f}"
            return str(self.rng.randint(int(low), int(high)))

        text = _SLOT.sub(number, phrase)
        return (
            text.replace("{town}", town or self.town()[1])
            .replace("{specialty}", self.unit.specialty or "特色农业")
            .replace("{county_kind}", self.unit.county_kind)
        )

    def town(self) -> tuple[str, str]:
        if self.unit.towns:
            return self.unit.short, self.rng.choice(self.unit.towns)
        return self.rng.choice(self.all_towns)

    def topics(self) -> tuple[Topic, ...]:
        return DOMAINS[self.unit.domain]

    def topic(self, day: dt.date | None = None) -> Topic:
        """One of the unit's topics, in season on ``day`` (no 秋粮 in spring)."""
        topics = self.topics()
        if day is not None:
            topics = tuple(t for t in topics if day.month in SEASONS.get(t.name, range(1, 13))) or topics
        return self.rng.choice(topics)

    def _pick(self, items: tuple[str, ...], n: int) -> list[str]:
        return [self.fill(s) for s in self.rng.sample(list(items), min(n, len(items)))]

    # -- kinds ------------------------------------------------------------------------------------

    def dynamic(self, day: dt.date, topic: Topic | None = None) -> Text:
        t = topic or self.topic(day)
        u = self.unit
        event = self.fill(t.event)
        r = self._pick(t.results, 2)
        p = self._pick(t.proposals, 2)
        if self.rng.random() < 0.6:
            title = f"{u.short}{event}"
            body = (
                f"{day.month}月{day.day}日，{u.short}{event}。会议通报了{t.name}工作进展：{r[0]}，{r[1]}。"
                f"会议要求，{p[0]}；{p[1]}。"
            )
            return self._short(Text(title, [body], keys=(event,), topic=t.name), [body])
        title = f"{u.short}{t.name}工作稳步推进"
        m = self._pick(t.measures, 2)
        body = (
            f"今年以来，{u.short}扎实推进{t.name}工作，{m[0]}，{m[1]}。截至{day.month}月{day.day}日，"
            f"{r[0]}。下一步，将{p[0]}。"
        )
        return self._short(Text(title, [body], keys=(t.name,), topic=t.name), [body])

    def experience(self, day: dt.date, topic: Topic | None = None) -> Text:
        t = topic or self.topic(day)
        u = self.unit
        m = self._pick(t.measures, 3)
        r = self._pick(t.results, 1)
        title = self.rng.choice(
            (
                f"{u.short}多措并举推进{t.name}",
                f"{u.short}扎实做好{t.name}工作",
                f"{u.short}推进{t.name}的主要做法",
            )
        )
        body = (
            f"今年以来，{u.short}把{t.name}作为重点工作来抓。"
            + "".join(f"{_CN_DIGITS[i]}是{s}。" for i, s in enumerate(m))
            + f"截至{day.month}月{day.day}日，{r[0]}。"
        )
        return self._short(Text(title, [body], keys=(t.name,), topic=t.name), [body])

    def problem(self, day: dt.date, topic: Topic | None = None) -> Text:
        t = topic or self.topic(day)
        u = self.unit
        probs = [(s, self.fill(long)) for s, long in self.rng.sample(list(t.problems), len(t.problems))]
        p = self._pick(t.proposals, 2)
        short = self.fill(probs[0][0])
        area = u.area
        whole = f"全{u.county_kind}"
        title = self.rng.choice((f"{area}{t.name}中{short}问题值得关注", f"{t.name}面临{short}等问题"))
        parts = "；".join(f"{_CN_DIGITS[i]}是{self.fill(s)}，{long}" for i, (s, long) in enumerate(probs))
        where = self.town()
        seen = where[1] if u.towns else f"{where[0]}{where[1]}"
        period = ("上旬", "中旬", "下旬")[min(day.day // 10, 2)]
        body = (
            f"{day.month}月{period}，{u.short}在{seen}等地督查调研中发现，{whole}{t.name}存在以下问题：{parts}。"
            f"建议{p[0]}，{p[1]}。"
        )
        return self._short(Text(title, [body], keys=(t.name, short), topic=t.name), [body])

    def proposal(self, day: dt.date, topic: Topic | None = None) -> Text:
        t = topic or self.topic(day)
        u = self.unit
        r = self._pick(t.results, 1)
        shorts = [self.fill(s) for s, _ in t.problems]
        p = self._pick(t.proposals, 3)
        title = self.rng.choice((f"关于加快推进{t.name}的建议", f"进一步做好{t.name}工作的几点建议"))
        body = (
            f"{_so_far(day)}，{u.area}{t.name}取得积极进展，{r[0]}，但仍存在{'、'.join(shorts)}等问题。"
            f"为此，{u.short}建议：" + "；".join(f"{_CN_DIGITS[i]}是{s}" for i, s in enumerate(p)) + "。"
        )
        return self._short(Text(title, [body], keys=(t.name,), topic=t.name), [body])

    def studied_topics(self) -> tuple[Topic, ...]:
        """The unit's topics a 调研 can be written on (those with a study)."""
        return tuple(t for t in self.topics() if t.name in STUDIES)

    def research(self, day: dt.date, topic: Topic | None = None) -> Text:
        """A 调研 as 专供信息 (≈ 1,500 字): 基本情况, 主要做法, 存在问题 with their causes, 对策建议."""
        t = topic or self.rng.choice(self.studied_topics() or self.topics())
        study = STUDIES.get(t.name)
        u = self.unit
        case_county, case_town = self.town()
        towns = sorted({self.town()[1] for _ in range(5)} | {case_town})
        area = "全市" if u.area == "全市" else u.area
        title = self.rng.choice((f"关于{area}{t.name}情况的调研报告", f"{area}{t.name}调研与思考"))
        ms = [self.fill(s) for s in t.measures]
        rs = [self.fill(s) for s in t.results]
        probs = [(self.fill(s), self.fill(long)) for s, long in t.problems]
        ps = [self.fill(s) for s in t.proposals]
        n_units = self.rng.randint(6, 14)
        where = case_town if u.towns else f"{case_county}{case_town}"
        paragraphs = [
            f"为深入了解{area}{t.name}情况，{day.month}月上旬，{u.short}组成调研组，深入{'、'.join(towns)}等乡镇"
            f"（街道）和{n_units}个单位，采取座谈交流、实地查看、问卷调查等方式进行了专题调研。现将有关情况报告如下。",
            "一、基本情况",
            f"今年以来，{area}把{t.name}作为重点工作来抓："
            + "；".join(f"{_CN_DIGITS[i]}是{s}" for i, s in enumerate(ms))
            + f"。截至{day.month}月上旬，{'；'.join(rs)}。",
        ]
        if study is not None:
            paragraphs += [self.fill(study.findings, case_town), self.fill(study.case, where)]
        paragraphs.append("二、存在的问题")
        for i, (s, long) in enumerate(probs):
            cause = study.causes[i] if study is not None and i < len(study.causes) else ""
            paragraphs.append(f"（{_CN_DIGITS[i]}）{s}。{long}。{self.fill(cause)}")
        paragraphs.append("三、对策建议")
        follow = (
            f"建议由{u.short}牵头制定具体办法，明确责任单位和完成时限，{day.month % 12 + 1}月底前报市政府。",
            "建议纳入年度目标管理考核，按季度调度、通报。",
            f"建议在{case_town}先行试点，取得经验后在{area}推开。",
        )
        how = study.how if study is not None else ()
        paragraphs += [
            f"（{_CN_DIGITS[i]}）{s}。{self.fill(how[i]) if i < len(how) else ''}{follow[i % 3]}"
            for i, s in enumerate(ps)
        ]
        return Text(title, paragraphs, keys=(t.name,), topic=t.name)

    def economy(self, day: dt.date) -> Text | None:
        """经济运行 of the month before ``day`` (当月报); ``None`` for units without an indicator."""
        ind = INDICATORS.get(self.unit.domain)
        if ind is None:
            return None
        u = self.unit
        month = (day.replace(day=1) - dt.timedelta(days=1)).month
        value = self.rng.uniform(*ind.scale)
        growth = self.rng.uniform(-1.5, 9.5)
        delta = self.rng.uniform(0.2, 2.5)
        area = "全市" if u.area == "全市" else u.area
        trend = "增长" if growth >= 0 else "下降"
        figure = f"{trend}{abs(growth):.1f}%"
        title = f"{month}月份{area}{ind.name}同比{figure}"
        comps = "，".join(self.fill(c) for c in ind.components)
        body = (
            f"{month}月份，{area}完成{ind.name}{value:.1f}{ind.unit}，同比{figure}，"
            f"增速较上月{'加快' if self.rng.random() < 0.5 else '回落'}{delta:.1f}个百分点。其中，{comps}。"
            f"从运行情况看，{ind.watch}等问题仍需关注。"
        )
        return self._short(Text(title, [body], keys=(ind.name, figure), topic=ind.name), [body])

    def emergency(self, when: dt.datetime) -> Text:
        county, town = self.town()
        what, detail, done = self.rng.choice(EMERGENCIES)
        detail, done = self.fill(detail, town), self.fill(done, town)
        title = f"{county}{town}{what}"
        body = (
            f"{when.month}月{when.day}日{when.hour}时许，{county}{town}{what}，{detail}。事件发生后，"
            f"{county}立即组织应急、公安、消防等部门赶赴现场处置，{done}。有关情况将及时续报。"
        )
        return Text(title, [body], keys=(town, what), topic="突发事件")

    def inspection(self, day: dt.date, topic: Topic, sites: tuple[tuple[str, str], ...], seed: int) -> Text:
        """A provincial inspection of two counties, reported by each of them in nearly the same words
        (the other near-duplicate the desk merges: two counties on one event)."""
        rng = random.Random(seed)
        saved, self.rng = self.rng, rng
        try:
            r = self._pick(topic.results, 2)
            p = self._pick(topic.proposals, 2)
        finally:
            self.rng = saved
        own = next((f"{c}{t}" for c, t in sites if c == self.unit.short), "")
        seen = "、".join(f"{c}{t}" for c, t in sites)
        title = f"省政府督查组来宿督查{topic.name}工作"
        body = (
            f"{day.month}月{day.day}日，省政府督查组来宿督查{topic.name}工作，实地查看了{seen}等地项目现场。"
            f"督查组认为，宿州市{topic.name}推进有力：{r[0]}，{r[1]}。"
            + (f"督查组对{own}的做法给予肯定。" if own else "")
            + f"督查组要求，{p[0]}；{p[1]}。"
        )
        return Text(title, [body], keys=(topic.name,), topic=topic.name)

    def field_meeting(
        self, day: dt.date, topic: Topic, host: str, town: str, seed: int, *, host_side: bool
    ) -> Text:
        """One event reported by two units (the host county and the department that ran it): the
        same facts in nearly the same words — the near-duplicate pair the desk merges."""
        rng = random.Random(seed)
        saved, self.rng = self.rng, rng
        try:
            r = self._pick(topic.results, 2)
            p = self._pick(topic.proposals, 2)
        finally:
            self.rng = saved
        title = f"全市{topic.name}现场推进会在{host}召开"
        opening = f"{day.month}月{day.day}日，全市{topic.name}现场推进会在{host}召开"
        body = (
            f"{opening}，与会人员实地观摩了{host}{town}{topic.name}现场。"
            f"会议通报了全市{topic.name}工作进展：{r[0]}，{r[1]}。"
            + (f"{host}在会上作了典型发言。" if host_side else "")
            + f"会议要求，{p[0]}；{p[1]}。"
        )
        return Text(title, [body], keys=(topic.name, host), topic=topic.name)

    # -- length -----------------------------------------------------------------------------------

    def _short(self, text: Text, paragraphs: list[str], limit: int = 200) -> Text:
        """Keep a 普刊 text within ``limit`` 字: drop whole sentences from the end, never the first."""
        body = paragraphs[0]
        while count_chars(body) > limit:
            sentences = [s for s in re.split(r"(?<=。)", body) if s]
            if len(sentences) <= 1:
                break
            body = "".join(sentences[:-1])
        text.paragraphs = [body]
        return text


def make_unit(slug: str, name: str, short: str, level: str, towns: tuple[str, ...] = ()) -> Unit:
    """The texts' view of a body of the demo region."""
    if level == "county":
        county = short.removesuffix("政府").removesuffix("人民")
        kind = "区" if county.endswith("区") else "县"
        return Unit(slug, name, county, county, kind, towns, SPECIALTIES.get(slug, ""))
    return Unit(slug, name, short, "全市")


def _so_far(day: dt.date) -> str:
    """“今年1—9月” (the months of the year so far, the last one included)."""
    return f"{day.month}月份" if day.month == 1 else f"今年1—{day.month}月"
