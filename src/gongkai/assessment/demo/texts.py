"""What the demo's bodies write in their 自查报告: the overall narrative and the 自查情况 of each
criterion of the standard scheme, written for the body — its name, its kind (a 县（区）人民政府, a
市直部门, a 乡镇（街道）) and the fields of work it answers for — from its own figures, the indicator
snapshot of the round (``RoundBody.indicators``): “2025年本局主动公开政府信息12条……”.

Pure and deterministic: the same body and figures give the same words (a body's variant of a
phrase is chosen by a checksum of its slug, never at random); nothing here reads the database.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.foi.clock import zh_date

#: The fields of work a department reports on first, by a word of its name (the demo's 宿州).
AREAS: tuple[tuple[str, str], ...] = (
    ("教育", "招生入学政策、学校收费和教育经费使用"),
    ("民政", "社会救助、养老服务和社会组织管理"),
    ("自然资源", "国土空间规划、土地征收和不动产登记"),
    ("发展和改革", "重大建设项目、价格收费和发展规划"),
    ("住房", "保障性住房、房屋征收和建筑市场监管"),
    ("科学技术", "科技计划项目和科技资金使用"),
    ("公安", "户籍办理、出入境管理和道路交通安全"),
    ("司法", "行政复议、公共法律服务和法治政府建设"),
    ("生态环境", "环境影响评价审批、污染防治和环境监测"),
    ("交通运输", "公路建设、城乡客运和交通运输执法"),
    ("水利", "水利工程建设、防汛抗旱和水资源管理"),
    ("农业农村", "涉农补贴、乡村振兴项目和农产品质量安全"),
    ("商务", "招商引资、市场运行和外贸政策"),
    ("文化和旅游", "公共文化服务、文物保护和旅游市场监管"),
    ("应急管理", "安全生产监管、应急救援和防灾减灾"),
    ("审计", "审计结果公告和财政资金审计"),
    ("市场监督", "市场主体登记、食品药品安全和产品质量抽检"),
    ("统计", "统计数据发布和统计调查"),
    ("医疗保障", "医保政策、医疗救助和药品集中采购"),
    ("信访", "信访事项办理和信访工作制度"),
    ("数据资源", "政务服务事项和政府网站集约化建设"),
    ("财政", "预决算公开、财政资金直达和政府采购"),
    ("人力资源", "就业创业、社会保险和人事考试录用"),
    ("卫生健康", "医疗卫生服务、公共卫生和疾病预防控制"),
)
GOVERNMENT_AREAS = "重大建设项目、财政预决算、乡村振兴和惠民惠农财政补贴资金"
TOWNSHIP_AREAS = "惠民惠农补贴发放、低保和特困供养、村级财务"


class Figures:
    """A body's indicator snapshot (``RoundBody.indicators``: code → ``Figure.as_json()``)."""

    def __init__(self, data: Mapping[str, Any] | None) -> None:
        self.data = data or {}

    def value(self, code: str) -> Decimal | None:
        raw = (self.data.get(code) or {}).get("value")
        if raw is None:
            return None
        try:
            return Decimal(str(raw))
        except InvalidOperation:
            return None

    def count(self, code: str) -> int:
        """A count figure as a whole number (0 when there is none)."""
        v = self.value(code)
        return int(v) if v is not None else 0

    def part(self, code: str, key: str) -> Any:
        return (self.data.get(code) or {}).get(key)

    def detail(self, code: str) -> Mapping[str, Any]:
        return (self.data.get(code) or {}).get("detail") or {}


class Body:
    """How a body speaks of itself in its report, by its kind and level."""

    def __init__(self, org: Any) -> None:
        self.name: str = org.name
        self.slug: str = org.slug or org.name
        self.kind: str = org.kind
        self.level: str = org.level
        self.office: str = org.disclosure_office or "办公室"
        self.head: str = org.disclosure_office_head or ""
        self.functions: str = org.functions or ""

    @property
    def government(self) -> bool:
        return self.kind == "government"

    @property
    def township(self) -> bool:
        return self.government and self.level == "township"

    @property
    def we(self) -> str:
        """我县 / 我区 / 我镇 / 本局 / 本委 …"""
        name = self.name.removesuffix("人民政府")
        if self.government:
            for tail, word in (
                ("街道", "我街道"),
                ("镇", "我镇"),
                ("乡", "我乡"),
                ("区", "我区"),
                ("市", "我市"),
            ):
                if name.endswith(tail):
                    return word
            return "我县"
        for tail, word in (("委员会", "本委"), ("局", "本局"), ("办公室", "本办"), ("中心", "本中心")):
            if self.name.endswith(tail):
                return word
        return "本单位"

    @property
    def deputy(self) -> str:
        """Who leads its 政务公开 work: 分管副县长, 分管副局长 …"""
        if self.township:
            return "党委副书记"
        if self.government:
            return "分管副区长" if self.we == "我区" else "分管副县长"
        return "分管副主任" if self.we == "本委" else "分管副局长"

    @property
    def areas(self) -> str:
        if self.township:
            return TOWNSHIP_AREAS
        if self.government:
            return GOVERNMENT_AREAS
        for word, areas in AREAS:
            if word in self.name:
                return areas
        duties = self.functions.removeprefix("负责").removeprefix("全市").split("。")[0]
        return duties or "本部门职责范围内"

    def pick(self, key: str, *choices: str) -> str:
        """One of ``choices``, the same for the body every time (a checksum of its slug and ``key``)."""
        return choices[zlib.crc32(f"{self.slug}:{key}".encode()) % len(choices)]

    def number(self, key: str, low: int, high: int) -> int:
        return low + zlib.crc32(f"{self.slug}:{key}".encode()) % (high - low + 1)


def period_words(start: dt.date, end: dt.date) -> str:
    """How a report names its period: 2025年 for a calendar year, 2026年第三季度 for a quarter, else
    考核期内."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"{start.year}年"
    if start.day == 1 and start.month % 3 == 1 and (end - start).days in range(88, 93):
        return f"{start.year}年第{'一二三四'[start.month // 3]}季度"
    return "考核期内"


def _scope(when: str) -> str:
    """The period again, as the figures of the narrative's second sentence say it."""
    return "全年" if when.endswith("年") else "季度内" if when.endswith("季度") else "考核期内"


def _percent(share: Decimal | None) -> str:
    if share is None:
        return ""
    tenths = (share * 100).quantize(Decimal("0.1"))
    return f"{tenths.to_integral_value() if tenths == tenths.to_integral_value() else tenths}%"


def _date(raw: Any) -> str:
    try:
        return zh_date(dt.date.fromisoformat(str(raw)))
    except ValueError:
        return str(raw)


# -- the criteria -------------------------------------------------------------------------------------


def _timeliness(b: Body, f: Figures, when: str) -> str:
    items, late = f.count("items_published"), f.count("items_late")
    median = f.value("publish_days_median")
    if not items:
        return (
            f"{when}{b.we}通过平台主动公开的政府信息较少，已梳理{b.areas}等方面的应公开事项，"
            "确保信息自形成之日起20个工作日内公开。"
        )
    speed = f"，形成到公开的中位数为{median.normalize():f}个工作日" if median is not None else ""
    if not late:
        return (
            f"{when}{b.we}主动公开政府信息{items}条，均在形成之日起20个工作日内公开{speed}，未发现逾期公开。"
        )
    why = (
        "需经政府常务会议审议后印发，印发和公开衔接不够紧"
        if b.government and not b.township
        else b.pick("late", "涉及多个部门会签，印发时间较长", "承办科室送审不及时")
    )
    return (
        f"{when}{b.we}主动公开政府信息{items}条{speed}；其中{late}条超过20个工作日公开，主要原因是{why}。"
        "已逐条说明情况，并将公开时限纳入发文审核环节。"
    )


def _elements(b: Body, f: Figures, title: str) -> str:
    missing = f.count("metadata_missing")
    if missing:
        text = f"自查发现已公开信息中缺失要素{missing}项，已在平台逐条补录。"
    else:
        text = "发布信息的索引号、发布机构、成文日期、文号等要素齐全，主题分类准确。"
    if "栏目" not in title:
        return text
    empty, stale = f.count("columns_empty"), f.count("columns_stale")
    if not empty and not stale:
        return text + "各栏目均按更新周期维护，没有空白栏目。"
    parts = []
    if empty:
        parts.append(f"空白栏目{empty}个")
    if stale:
        parts.append(f"未按更新周期更新的栏目{stale}个")
    return text + (
        f"目录中尚有{'、'.join(parts)}，已逐一明确责任科室和更新时限，确无信息的栏目按规定作出说明或申请调整。"
    )


def _requests(b: Body, f: Figures, when: str) -> str:
    received, answered = f.count("requests_received"), f.count("requests_answered")
    overdue = f.count("requests_overdue")
    if not received:
        return (
            f"{when}{b.we}未收到政府信息公开申请。申请渠道、办理流程和申请表已在门户网站“依申请公开”栏目公布，"
            "安排专人负责登记和办理。"
        )
    on_time = f.part("requests_on_time", "count")
    text = f"{when}{b.we}收到政府信息公开申请{received}件，已答复{answered}件"
    if on_time is not None and answered:
        text += f"，其中按期答复{on_time}件"
    if overdue:
        return text + f"；逾期答复{overdue}件，已对承办人员提醒督办，并在办理台账中设置到期提醒。"
    return text + "，无逾期答复；需要征求第三方意见的，依法延长答复期限并书面告知申请人。"


def _appeals(b: Body, f: Figures, when: str) -> str:
    n = f.count("appeals_corrected")
    if not n:
        return f"{when}{b.we}未发生因政府信息公开被行政复议纠错或行政诉讼败诉的情况。"
    d = f.detail("appeals_corrected")
    return (
        f"{when}{b.we}因政府信息公开被行政复议纠错或诉讼败诉{n}件（行政复议{d.get('review', 0)}件、"
        f"行政诉讼{d.get('litigation', 0)}件），已按决定重新答复，并组织承办人员学习条例有关规定。"
    )


def _report(b: Body, f: Figures) -> str:
    d = f.detail("annual_report_on_time")
    year, due = d.get("year"), _date(d.get("due", ""))
    if d.get("not_due_in_period") or f.value("annual_report_on_time") is None:
        return f"{year}年度政府信息公开工作年度报告的公布期限（{due}）不在本考核期内，本项不作评价。"
    published = d.get("published_on")
    if f.value("annual_report_on_time"):
        return f"{year}年度政府信息公开工作年度报告已于{_date(published)}在门户网站公布，早于{due}的期限。"
    if published:
        return (
            f"{year}年度政府信息公开工作年度报告于{_date(published)}公布，晚于{due}的期限，"
            "原因是数据核对时间较长；本年度已提前部署编制工作。"
        )
    return (
        f"{year}年度政府信息公开工作年度报告未能在{due}前公布，目前正按国务院办公厅规定的格式修改完善，"
        "将尽快公布。"
    )


def _content(b: Body, short: Decimal) -> str:
    text = (
        "年度报告按国务院办公厅规定的格式编制，主动公开、依申请公开和复议诉讼数据由平台统计生成，"
        f"结合{b.areas}等工作实际撰写，没有照搬往年内容。"
    )
    return text + ("个别部分的情况说明还不够具体，下一年度将补充工作案例。" if short else "")


def _organization(b: Body, short: Decimal) -> str:
    staff = b.number("staff", 1, 3)
    head = f"（负责人{b.head}）" if b.head else ""
    if b.township:
        text = (
            f"{b.name}明确{b.deputy}分管政务公开工作，党政办公室承担日常工作{head}，"
            f"配备兼职信息员{staff}名，各村（社区）明确一名联络员。"
        )
    elif b.government:
        text = (
            f"{b.name}政务公开工作领导小组由{b.deputy}任组长，{b.office}承担日常工作{head}，"
            f"配备专职工作人员{staff}名；各乡镇（街道）和政府工作部门均明确了分管负责人和信息员。"
        )
    else:
        text = (
            f"{b.we}调整政务公开工作领导小组，由{b.deputy}任组长，{b.office}承担政府信息公开日常工作{head}，"
            f"配备专职人员1名、各科室兼职信息员{staff + 2}名。"
        )
    return text + ("人员变动后领导小组成员未及时调整，已着手印发调整通知。" if short else "")


def _rules(b: Body, short: Decimal) -> str:
    extra = b.pick(
        "rules",
        "将政务公开纳入科室年度目标考核",
        "明确信息发布“先审后发”和“三审三校”要求",
        "建立政策文件与解读材料同步起草、同步审签、同步发布机制",
    )
    text = f"{b.we}修订完善公开审查、依申请公开办理、考核和责任追究等制度，{extra}。"
    return text + ("奖惩措施还不够具体，拟在下一年度考核办法中细化。" if short else "")


def _training(b: Body, f: Figures, short: Decimal, when: str) -> str:
    courses, checks = b.number("courses", 1, 3), b.number("checks", 2, 4)
    found = f.count("columns_empty") + f.count("columns_stale") + f.count("metadata_missing")
    how = "参加上级组织的政务公开业务培训" if b.township else "组织政务公开业务培训"
    text = f"{when}{b.we}{how}{courses}次，开展栏目和信息内容自查{checks}次"
    if found:
        text += f"，发现栏目和信息要素方面的问题{found}个，已建立问题清单逐项整改"
        text += "，部分栏目的整改仍在推进。" if short else "。"
    else:
        text += "，未发现需要整改的问题。"
    return text


def note(
    code: str,
    title: str,
    org: Any,
    figures: Mapping[str, Any] | None,
    start: dt.date,
    end: dt.date,
    short: Decimal = Decimal(0),
) -> str:
    """The 自查情况 of the standard scheme's criterion ``code`` (``title`` as the scheme names it)
    for ``org`` with its ``figures``; ``short``: how far below the maximum the body scores itself."""
    b, f, when = Body(org), Figures(figures), period_words(start, end)
    if code == "1.1":
        return _timeliness(b, f, when)
    if code == "1.2":
        return _elements(b, f, title)
    if code == "2.1":
        return _requests(b, f, when)
    if code == "2.2":
        return _appeals(b, f, when)
    if code == "3.1":
        return _report(b, f)
    if code == "3.2":
        return _content(b, short)
    if code == "4.1":
        return _organization(b, short)
    if code == "4.2":
        return _rules(b, short)
    if code == "4.3":
        return _training(b, f, short, when)
    return f"{when}{b.we}对照“{title}”的评分标准逐项落实。"


# -- the overall narrative ----------------------------------------------------------------------------


def _facts(f: Figures) -> list[str]:
    facts = [f"主动公开政府信息{f.count('items_published')}条"]
    if f.count("requests_received"):
        facts.append(f"办理政府信息公开申请{f.count('requests_received')}件")
    if f.count("messages_received"):
        facts.append(f"受理群众留言{f.count('messages_received')}件")
    if f.count("consultations_opened"):
        facts.append(f"开展意见征集{f.count('consultations_opened')}次")
    if f.count("govinfo_submissions"):
        adopted = f.count("govinfo_adoptions")
        facts.append(
            f"报送政务信息{f.count('govinfo_submissions')}条" + (f"、被采用{adopted}次" if adopted else "")
        )
    rate = _percent(f.value("survey_satisfaction_rate"))
    if rate:
        facts.append(f"民主评议满意率{rate}")
    return facts


def _problems(f: Figures) -> list[str]:
    problems = []
    if f.count("items_late"):
        problems.append(f"{f.count('items_late')}条信息公开不够及时")
    if f.count("columns_empty"):
        problems.append(f"{f.count('columns_empty')}个栏目尚为空白")
    if f.count("columns_stale"):
        problems.append(f"{f.count('columns_stale')}个栏目未按周期更新")
    if f.count("metadata_missing"):
        problems.append("部分信息公开要素不全")
    if f.count("requests_overdue"):
        problems.append(f"{f.count('requests_overdue')}件公开申请逾期答复")
    if f.count("messages_overdue"):
        problems.append(f"{f.count('messages_overdue')}件群众留言答复超期")
    if f.value("annual_report_on_time") == 0:
        problems.append("年度报告未按时公布")
    return problems


def _plans(problems: Sequence[str]) -> str:
    plans = []
    if any("栏目" in p for p in problems):
        plans.append("落实栏目维护责任到科室，按更新周期逐一维护")
    if any("及时" in p or "要素" in p for p in problems):
        plans.append("严格执行发文与公开同步审核")
    if any("逾期" in p or "超期" in p for p in problems):
        plans.append("完善办理台账和到期提醒")
    if not plans:
        plans.append("丰富政策解读形式，提升互动回应质量")
    return "；".join(plans)


def summary(org: Any, figures: Mapping[str, Any] | None, start: dt.date, end: dt.date) -> str:
    """The 自查情况总述 of ``org``'s report from its ``figures`` of the period."""
    b, f, when = Body(org), Figures(figures), period_words(start, end)
    if b.township:
        stance = f"坚持把政务公开作为便民服务的重要内容，重点公开{b.areas}等与群众利益密切相关的信息"
    elif b.government:
        stance = b.pick(
            "stance",
            f"把政务公开纳入政府年度重点工作，重点公开{b.areas}等信息",
            f"坚持以公开为常态、不公开为例外，着力推进{b.areas}等重点领域信息公开",
        )
    else:
        stance = f"围绕{b.areas}等重点领域，推进决策、执行、管理、服务、结果公开"
    problems = _problems(f)
    found = (
        "存在的主要问题是" + "、".join(problems[:3])
        if problems
        else "主要不足是政策解读形式还比较单一、互动回应的深度还不够"
    )
    return (
        f"{when}，{b.name}认真贯彻《中华人民共和国政府信息公开条例》，{stance}。"
        f"{_scope(when)}{'，'.join(_facts(f))}。对照考核细则逐项自查，{found}。"
        f"下一步，{b.we}将{_plans(problems)}。"
    )
