"""政务信息报送 benchmark: a province's year of information work (issue 10 "Performance").

Builds a province into a fresh database, fast (bulk inserts, no services): a province government,
its office (the province's 信息科) and departments; cities, each with its government, office and
departments, and counties (a government and departments, no office of their own, so they report to
the city's office — ``orgs.hierarchy.reports_to``); about 3,000 bodies in all. Each body has a
信息员, each office two 信息科编辑 and a leader. Over the last 365 days the units send 300,000
submissions (Zipf-like activity; each with a title, an HTML body and its ``plain_text`` made from a
vocabulary of events, places, measures and figures, so texts vary; about 2 % are near-copies of an
earlier text, as when two units report one event), each credited to its unit (5 % jointly with a
second unit) with its author. The offices issue 2,000 numbered issues of their publications
(《政务信息》 of each office, the province's 互联网版), whose entries are 采用 of the items in them;
items forwarded upward are adopted by the province (×2) and by 国办 (×5, recorded by hand): 20,000
adoptions in all. Leaders give 3,000 instructions (county, city, province), desks record penalties,
every unit has a monthly quota, offices send 约稿通知 to named units.

Then, in a fresh process, each against a baseline measured in the same run (a plain
``Submission.objects.count()``, and the indexed look-up of one submission), reported as a ratio:

(a) the yearly ranking of all units from scratch: ``govinfo.scoring.standings_by_office(start, end)``
    (every office's ranking in one pass, every unit of the province ranked once) — target < 1 s;
    for comparison ``govinfo.scoring.standings(office, start, end)`` of the province office, and of
    every office in turn;
(b) a unit's dashboard: GET ``backoffice:govinfo_dashboard`` through ``django.test.Client`` as the
    signed-in 信息员 of 50 different units (after one warm-up request each) — target p95 < 200 ms;
    the same for the desk editors of the offices, for comparison;
(c) an issue's DOCX (``govinfo.render``) for the biggest issue — target < 1 s;
(d) near-duplicate candidates for a new submission among the last 30 days (``govinfo.neardup`` and
    its selector) — target < 100 ms.
A function that does not exist yet is reported as "not available yet".

    .venv/bin/python benchmarks/bench_govinfo.py --quick                   # smoke run, seconds
    .venv/bin/python benchmarks/bench_govinfo.py                           # SQLite, full province
    .venv/bin/python benchmarks/bench_govinfo.py --db postgres

Data go to benchmarks/out/bench_govinfo-<db>-<submissions>/ and results to
benchmarks/out/bench_govinfo-<db>-<submissions>.json (gitignored). PostgreSQL uses
postgres://postgres@127.0.0.1:5432/gk_bench_govinfo, dropped and created for the run.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections import deque
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PG_DB = "gk_bench_govinfo"

#: Targets (issue 10), in milliseconds.
TARGETS = {"ranking": 1000.0, "dashboard_p95": 200.0, "docx": 1000.0, "neardup": 100.0}

#: The full province (the issue's figures).
FULL = {"units": 3000, "submissions": 300_000, "issues": 2000, "adoptions": 20_000, "instructions": 3000}
QUICK = {"units": 250, "submissions": 4000, "issues": 60, "adoptions": 500, "instructions": 60}

PROVINCE_DEPARTMENTS = [
    "发展和改革委员会", "教育厅", "科学技术厅", "工业和信息化厅", "公安厅", "民政厅", "司法厅", "财政厅",
    "人力资源和社会保障厅", "自然资源厅", "生态环境厅", "住房和城乡建设厅", "交通运输厅", "水利厅", "农业农村厅",
    "商务厅", "文化和旅游厅", "卫生健康委员会", "退役军人事务厅", "应急管理厅", "审计厅", "外事办公室",
    "国有资产监督管理委员会", "市场监督管理局", "广播电视局", "体育局", "统计局", "医疗保障局", "林业局",
    "地方金融管理局", "粮食和物资储备局", "能源局", "监狱管理局", "药品监督管理局", "知识产权局", "数据资源管理局",
    "信访局", "机关事务管理局",
]  # fmt: skip
CITY_DEPARTMENTS = [
    "发展和改革委员会", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局",
    "商务局", "文化和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局",
    "医疗保障局", "林业局", "数据资源管理局", "信访局", "城市管理局", "税务局", "供销社",
]  # fmt: skip
COUNTY_DEPARTMENTS = [
    "教育局", "财政局", "民政局", "农业农村局", "自然资源局", "卫生健康委员会", "住房和城乡建设局",
    "人力资源和社会保障局", "公安局", "交通运输局", "水利局", "商务局", "文化和旅游局", "应急管理局",
    "市场监督管理局", "生态环境分局", "医疗保障局", "林业局", "退役军人事务局", "信访局",
]  # fmt: skip
CITY_NAMES = "江淮皖北皖南庐阳宣城池阳铜陵淮河黄山滁州六安亳州宿松芜湖马鞍蚌埠阜阳"
COUNTIES_PER_CITY = 8

# -- the text vocabulary ---------------------------------------------------------------------------

TOPICS = [
    "春季农业生产", "安全生产大检查", "优化营商环境", "乡村振兴", "河长制湖长制", "秸秆禁烧", "防汛抗旱", "招商引资",
    "重点项目建设", "民生实事", "消费券发放", "稳岗就业", "高标准农田建设", "老旧小区改造", "城市更新", "食品安全",
    "校园安全", "居家养老服务", "医保基金监管", "森林防火", "农村人居环境整治", "文明城市创建", "数字政府建设",
    "政务服务一网通办", "信访积案化解", "矛盾纠纷排查化解", "冬季清洁取暖", "重要民生商品价格监测", "粮食收购",
    "农民工工资支付", "燃气安全专项整治", "自建房安全排查", "道路交通安全", "电动自行车充电安全", "义务教育招生",
    "学前教育普惠", "县域医共体建设", "基层卫生服务", "公共法律服务", "生态保护修复", "大气污染防治",
    "水污染防治", "土壤污染防治", "耕地保护", "违法用地整治", "企业纾困解难", "专精特新企业培育", "科技成果转化",
    "人才引进", "高校毕业生就业", "退役军人服务保障", "社会救助兜底", "困难群众冬春救助", "防止返贫动态监测",
    "农村集体经济", "农产品电商", "文旅融合发展", "全民健身", "非遗保护传承", "网格化社会治理", "平安建设",
    "反电信诈骗宣传", "禁毒宣传", "应急物资储备", "地质灾害防治", "水利工程建设", "城乡供水一体化", "物流通道建设",
    "开发区改革", "项目审批提速", "减税降费政策落实", "统计督察整改", "审计问题整改", "国有企业改革",
    "市场主体培育", "消费品以旧换新", "外贸稳规模优结构", "数字经济", "新能源汽车推广", "节能降碳", "林长制",
]  # fmt: skip
ACTIONS = [
    "召开{t}工作推进会", "开展{t}专项行动", "部署{t}工作", "启动{t}集中攻坚", "出台{t}实施方案", "扎实推进{t}",
    "多措并举抓好{t}", "全力做好{t}", "组织{t}督查", "举办{t}培训班", "建立{t}工作机制", "完成{t}阶段性任务",
]  # fmt: skip
DEMANDS = [
    "提高政治站位，压紧压实责任", "坚持问题导向，抓好整改落实", "强化统筹调度，确保按时完成任务",
    "加强部门协同，形成工作合力", "严格督查考核，确保措施落地见效", "守牢安全底线，防范化解风险",
    "聚焦群众关切，切实解决急难愁盼问题", "加大宣传力度，营造良好氛围",
]  # fmt: skip
MEASURES = [
    "建立“周调度、月通报”制度", "组建专班实行挂图作战", "开通绿色通道实行容缺受理", "推行“清单化+闭环式”管理",
    "开展“四不两直”暗查暗访", "实行“一企一策”精准帮扶", "推动“线上+线下”同步办理", "落实“包保责任制”",
    "组织专家逐户上门服务", "实施“红黄绿”三色预警管理", "建立联席会议制度", "引入第三方专业机构评估",
]  # fmt: skip
PROBLEMS = [
    "部分乡镇工作进展不平衡", "基层专业力量不足", "资金拨付进度偏慢", "群众知晓率不高", "部分企业融资难",
    "农村道路养护不到位", "个别项目要素保障不足", "监管手段相对单一", "信息共享不够顺畅", "季节性用工短缺",
]  # fmt: skip
NEXTS = [
    "持续加大工作力度", "进一步完善长效机制", "加快补齐短板弱项", "强化跟踪问效", "及时总结推广经验做法",
    "加强分析研判", "扩大政策覆盖面", "做好后续服务保障",
]  # fmt: skip
GOALS = [
    "各项任务按期完成", "群众满意度持续提升", "全年目标任务顺利实现", "不发生重大安全事故", "政策红利应享尽享",
    "问题动态清零", "工作走在全省前列",
]  # fmt: skip
FIGURES = [
    "累计投入资金{a}万元", "排查隐患{n}处，已整改{m}处", "惠及群众{n}人次", "签约项目{n}个，总投资{b}亿元",
    "同比增长{p}%", "帮助企业解决问题{n}个", "新增就业岗位{n}个", "发放补贴{a}万元", "受理群众诉求{n}件，办结率{p}%",
    "开展宣传活动{n}场，发放资料{m}份", "培训基层干部{n}人次", "新建改建{n}处", "走访企业{n}家",
]  # fmt: skip
VILLAGES = "东关西湖南岗北塘新桥马庄李集王圩陈楼张店黄营刘湾孙集"


def _setup() -> None:
    sys.path.insert(0, str(ROOT.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def _memory() -> dict[str, float]:
    """Current and peak resident memory of this process, in MiB (Linux /proc)."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values


# ---------------------------------------------------------------------------------------------
# Texts
# ---------------------------------------------------------------------------------------------


class TextMaker:
    """Varied Chinese submissions: a lead sentence (date, place, unit, action, topic) and sentences
    with figures, demands, measures, problems and next steps, chosen and filled at random."""

    def __init__(self, rng: random.Random) -> None:
        from gongkai.disclosure.demo.textbank import load_sentence_bank

        self.rng = rng
        #: 1,782 sentences of the source documents of docs/SPEC.md: most of a text's sentences come
        #: from here, so two unrelated texts share few words (as two units' reports do).
        self.bank = load_sentence_bank()

    def _figure(self) -> str:
        r = self.rng
        return r.choice(FIGURES).format(
            a=r.randint(20, 90000), b=round(r.uniform(0.5, 300), 1), n=r.randint(3, 9000),
            m=r.randint(2, 3000), p=round(r.uniform(0.5, 99), 1),
        )  # fmt: skip

    def make(self, unit: str, place: str, day: dt.date, long: bool) -> tuple[str, list[str]]:
        r = self.rng
        topic = r.choice(TOPICS)
        action = r.choice(ACTIONS).format(t=topic)
        if r.random() < 0.5:
            title = f"{place}{action}"
        else:
            title = r.choice(
                [f"{unit}{action}", f"{place}{topic}工作取得阶段性成效", f"{unit}“{r.randint(3, 6)}个到位”推进{topic}",
                 f"关于{place}{topic}有关情况的报告", f"{place}{r.choice(MEASURES)}助推{topic}"]
            )  # fmt: skip
        village = r.choice(VILLAGES) + r.choice(VILLAGES)
        paragraphs = [
            f"{day.month}月{day.day}日，{unit}{action}，{r.choice(DEMANDS)}。"
            f"截至{day.month}月{min(day.day + r.randint(0, 5), 28)}日，{self._figure()}，{self._figure()}。"
        ]
        sentences = [
            f"针对{r.choice(PROBLEMS)}等问题，{unit}{r.choice(MEASURES)}，{r.choice(DEMANDS)}。",
            f"{place}{village}村{r.choice(MEASURES)}，{self._figure()}。",
            f"据统计，{self._figure()}，{self._figure()}。",
            f"下一步，{unit}将{r.choice(NEXTS)}，{r.choice(NEXTS)}，确保{r.choice(GOALS)}。",
            f"在{topic}中，{unit}{r.choice(MEASURES)}，{r.choice(MEASURES)}，{self._figure()}。",
            f"调研发现，{r.choice(PROBLEMS)}，{r.choice(PROBLEMS)}，建议{r.choice(NEXTS)}。",
        ]
        count = r.randint(5, 12) if long else r.randint(1, 2)
        for _ in range(count):
            own = r.choice(sentences) if r.random() < 0.3 else ""
            paragraphs.append(own + "".join(r.choice(self.bank) for _ in range(2 if long else 1)))
        return title[:200], paragraphs

    def vary(self, paragraphs: list[str]) -> list[str]:
        """A near-copy: the same event reported by another unit, one paragraph rewritten."""
        copy = list(paragraphs)
        i = self.rng.randrange(len(copy))
        copy[i] = f"据统计，{self._figure()}，{self._figure()}。" + copy[i][len(copy[i]) // 2 :]
        return copy


def _html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


# ---------------------------------------------------------------------------------------------
# Building the data (child process 1)
# ---------------------------------------------------------------------------------------------


def _province(n_units: int) -> dict[str, Any]:
    """The province tree (bulk-created level by level, paths computed here). About ``n_units``
    bodies: the province's government, office and departments; cities of 2 + 30 + 8 × 21 = 200."""
    from gongkai.orgs.models import Kind, Level, Organization
    from gongkai.orgs.unitcodes import make_uscc

    serial = iter(range(1, 1_000_000))

    def new(name: str, parent: Organization | None, kind: str, level: str) -> Organization:
        n = next(serial)
        return Organization(
            name=name,
            slug=f"gb{n}",
            unit_code=make_uscc("1", "1", "340000", f"{n:08d}"),
            parent=parent,
            kind=kind,
            level=level,
            is_competent_authority=kind == Kind.GENERAL_OFFICE,
            position=n,
        )

    def save(orgs: list[Organization]) -> list[Organization]:
        created = Organization.objects.bulk_create(orgs, batch_size=500)
        for org in created:
            org.path = (org.parent.path if org.parent is not None else "/") + f"{org.pk}/"
        Organization.objects.bulk_update(created, ["path"], batch_size=500)
        return created

    per_city = 2 + len(CITY_DEPARTMENTS) + COUNTIES_PER_CITY * (1 + len(COUNTY_DEPARTMENTS))
    n_cities = max(1, min(len(CITY_NAMES), round((n_units - 40) / per_city)))
    (gov,) = save([new("基准省人民政府", None, Kind.GOVERNMENT, Level.PROVINCE)])
    office, *_ = save(
        [new("基准省人民政府办公厅", gov, Kind.GENERAL_OFFICE, Level.PROVINCE)]
        + [new(f"基准省{d}", gov, Kind.DEPARTMENT, Level.PROVINCE) for d in PROVINCE_DEPARTMENTS]
    )
    city_govs = save(
        [new(f"{CITY_NAMES[c]}州市人民政府", gov, Kind.GOVERNMENT, Level.CITY) for c in range(n_cities)]
    )
    level2: list[Organization] = []
    for c, city in enumerate(city_govs):
        level2.append(new(f"{CITY_NAMES[c]}州市人民政府办公室", city, Kind.GENERAL_OFFICE, Level.CITY))
        level2 += [
            new(f"{CITY_NAMES[c]}州市{d}", city, Kind.DEPARTMENT, Level.CITY) for d in CITY_DEPARTMENTS
        ]
        level2 += [
            new(f"{CITY_NAMES[c]}州市第{k + 1}县人民政府", city, Kind.GOVERNMENT, Level.COUNTY)
            for k in range(COUNTIES_PER_CITY)
        ]
    level2 = save(level2)
    counties = [o for o in level2 if o.kind == Kind.GOVERNMENT]
    save(
        [
            new(f"{county.name.removesuffix('人民政府')}{d}", county, Kind.DEPARTMENT, Level.COUNTY)
            for county in counties
            for d in COUNTY_DEPARTMENTS
        ]
    )
    from gongkai.orgs.hierarchy import reporting_map

    reporting = reporting_map()
    offices = list(Organization.objects.filter(kind=Kind.GENERAL_OFFICE).order_by("path"))
    return {"province_office": office, "offices": offices, "reporting": reporting}


def _weights(n: int) -> list[float]:
    return [1 / (rank + 1) ** 0.6 for rank in range(n)]


def build(scale: dict[str, int], seed: int) -> dict:
    _setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import F
    from django.utils import timezone

    from gongkai.accounts.models import User
    from gongkai.core.database import refresh_statistics
    from gongkai.disclosure.demo.bulk import bulk_write_mode
    from gongkai.govinfo import lengths
    from gongkai.govinfo.models import (
        Adoption,
        AdoptionSource,
        Author,
        Carrier,
        Commission,
        CommissionKind,
        CommissionTarget,
        CreditedUnit,
        Edition,
        Instruction,
        Issue,
        IssueEntry,
        IssueState,
        Kind,
        LeaderLevel,
        Penalty,
        PenaltyKind,
        Publication,
        PublicationLevel,
        State,
        Submission,
        TimeClass,
        UnitQuota,
        Urgency,
    )
    from gongkai.orgs.models import Level, Organization, Role, RoleName

    t0 = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    t_migrated = time.perf_counter()
    rng = random.Random(seed)
    texts = TextMaker(rng)
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    first_day = today - dt.timedelta(days=364)

    # -- organizations and people ------------------------------------------------------------------
    tree = _province(scale["units"])
    offices: list[Organization] = tree["offices"]
    province_office: Organization = tree["province_office"]
    reporting: dict[int, list[Organization]] = tree["reporting"]
    office_ids = {o.pk for o in offices}
    units = [o for o in Organization.objects.order_by("path") if o.pk not in office_ids]
    recipient_of = {org.pk: authority for authority, orgs in reporting.items() for org in orgs}
    users = User.objects.bulk_create(
        [User(username=f"xxy-{u.pk}", full_name=f"信息员{u.pk}") for u in units]
        + [User(username=f"bj-{o.pk}-{i}", full_name=f"编辑{o.pk}-{i}") for o in offices for i in (1, 2)]
        + [User(username=f"ld-{o.pk}", full_name=f"领导{o.pk}") for o in offices],
        batch_size=1000,
    )
    by_name = {u.username: u for u in users}
    officer_of = {u.pk: by_name[f"xxy-{u.pk}"] for u in units}
    editor_of = {o.pk: by_name[f"bj-{o.pk}-1"] for o in offices}
    leader_of = {o.pk: by_name[f"ld-{o.pk}"] for o in offices}
    Role.objects.bulk_create(
        [Role(user=officer_of[u.pk], organization=u, role=RoleName.INFO_OFFICER) for u in units]
        + [Role(user=by_name[f"bj-{o.pk}-{i}"], organization=o, role=RoleName.INFO_EDITOR)
           for o in offices for i in (1, 2)]
        + [Role(user=leader_of[o.pk], organization=o.parent, role=RoleName.LEADER) for o in offices],
        batch_size=1000,
    )  # fmt: skip
    tiers = [("一档", 6), ("二档", 5), ("三档", 3), ("四档", 2)]
    UnitQuota.objects.bulk_create(
        [
            UnitQuota(organization=u, tier=t, monthly_items=m, effective_from=dt.date(today.year - 1, 1, 1))
            for u in units
            for t, m in [tiers[0 if u.kind == "government" else rng.randrange(1, 4)]]
        ],
        batch_size=1000,
    )
    # -- publications ------------------------------------------------------------------------------
    publications = {}
    for o in offices:
        level = PublicationLevel.PROVINCE if o.level == Level.PROVINCE else PublicationLevel.CITY
        publications[o.pk] = Publication.objects.create(
            organization=o, name=f"{o.name.removesuffix('人民政府办公厅').removesuffix('人民政府办公室')}《政务信息》",
            code=f"zwxx-{o.pk}", level=level, edition=Edition.GENERAL, publisher_name=o.name,
        )  # fmt: skip
    internet = Publication.objects.create(
        organization=province_office, name="基准省《政务信息》互联网版", code="zwxx-internet",
        level=PublicationLevel.PROVINCE, edition=Edition.INTERNET, publisher_name=province_office.name,
    )  # fmt: skip
    national = Publication.objects.get(code="national-general")
    carriers = list(Carrier.objects.all())
    short = [c for c in carriers if c.limit <= 200]
    longer = [c for c in carriers if c.limit > 200]

    # -- commissions (约稿通知 to named units) -------------------------------------------------------
    commissions: dict[int, list[int]] = {}  # unit id → commissions addressed to it
    for o in offices:
        below = reporting.get(o.pk, [])
        for _k in range(max(1, scale["issues"] // 200)):
            deadline = first_day + dt.timedelta(days=rng.randint(20, 350))
            c = Commission.objects.create(
                organization=o, kind=CommissionKind.NOTICE, year=deadline.year, title=f"关于报送{rng.choice(TOPICS)}情况的约稿通知",
                body="请按要求报送。", deadline=dt.datetime.combine(deadline, dt.time(17), tzinfo=tz),
                issued_at=dt.datetime.combine(deadline - dt.timedelta(days=10), dt.time(9), tzinfo=tz),
                created_by=editor_of[o.pk],
            )  # fmt: skip
            targets = rng.sample(below, min(len(below), 12))
            CommissionTarget.objects.bulk_create(
                [CommissionTarget(commission=c, organization=t) for t in targets]
            )
            for t in targets:
                commissions.setdefault(t.pk, []).append(c.pk)

    # -- submissions ----------------------------------------------------------------------------
    weights = _weights(len(units))
    order = list(units)
    rng.shuffle(order)  # activity does not follow the tree order
    n = scale["submissions"]
    states = [State.SUBMITTED] * 5 + [State.RECEIVED] * 30 + [State.RETURNED] * 5 + [State.RESERVED] * 8
    states += [State.DRAFT] * 2 + [State.WITHDRAWN]
    recent: deque[list[str]] = deque(maxlen=500)
    near_copies = 0
    t_subs = time.perf_counter()
    chunk = 10_000
    made = 0
    adoptable: dict[int, list[tuple[int, dt.date]]] = {}  # recipient id → (submission id, day)
    credited_of: dict[int, list[int]] = {}
    sub_unit: dict[int, int] = {}
    with bulk_write_mode():
        while made < n:
            size = min(chunk, n - made)
            rows: list[Submission] = []
            partners: list[int | None] = []
            for unit in rng.choices(order, weights, k=size):
                day = first_day + dt.timedelta(days=rng.randint(0, 364))
                kind = rng.choices(
                    [Kind.DYNAMIC, Kind.EXPERIENCE, Kind.PROBLEM, Kind.PROPOSAL, Kind.RESEARCH, Kind.ECONOMY],
                    [60, 15, 10, 6, 4, 5],
                )[0]
                long = kind in (Kind.EXPERIENCE, Kind.RESEARCH) or rng.random() < 0.1
                place = unit.name.removesuffix("人民政府")[:8]
                if recent and rng.random() < 0.02:
                    title, paragraphs = f"{place}{rng.choice(TOPICS)}情况", texts.vary(rng.choice(recent))
                    near_copies += 1
                else:
                    title, paragraphs = texts.make(unit.name, place, day, long)
                    recent.append(paragraphs)
                plain = "\n".join(paragraphs)
                state = rng.choice(states)
                at = dt.datetime.combine(day, dt.time(rng.randint(8, 20), rng.randint(0, 59)), tzinfo=tz)
                sent = state not in (State.DRAFT,)
                recipient = recipient_of.get(unit.pk)
                rows.append(
                    Submission(
                        organization=unit, recipient_id=recipient, serial=f"{unit.pk}-{day:%Y%m%d}-{made + len(rows)}",
                        title=title, body=_html(paragraphs), kind=kind,
                        time_class=TimeClass.MONTH if kind == Kind.ECONOMY else TimeClass.DAY,
                        urgency=Urgency.URGENT if rng.random() < 0.02 else Urgency.NORMAL,
                        carrier=rng.choice(longer if long else short) if carriers else None,
                        commission_id=rng.choice(commissions[unit.pk]) if unit.pk in commissions and rng.random() < 0.05 else None,
                        state=state, drafter=officer_of[unit.pk],
                        submitted_at=at if sent else None,
                        received_at=at + dt.timedelta(hours=2) if state in (State.RECEIVED, State.RESERVED, State.RETURNED) else None,
                        plain_text=plain, length=lengths.count_chars(plain),
                    )
                )  # fmt: skip
                # A joint submission's partner reports to the same office (services.submissions).
                partners.append(
                    rng.choice(reporting[recipient]).pk if recipient and rng.random() < 0.05 else None
                )
            with transaction.atomic():
                created = Submission.objects.bulk_create(rows, batch_size=1000)
                # created_at / updated_at follow the (back-dated) submission time.
                credits = []
                authors = []
                for s, partner in zip(created, partners, strict=True):
                    sub_unit[s.pk] = s.organization_id
                    ids = [s.organization_id] + (
                        [partner] if partner and partner != s.organization_id else []
                    )
                    credited_of[s.pk] = ids
                    credits += [CreditedUnit(submission_id=s.pk, organization_id=i) for i in ids]
                    authors.append(Author(submission_id=s.pk, user=s.drafter, name=s.drafter.full_name))
                    if s.state in (State.RECEIVED, State.RESERVED) and s.recipient_id:
                        adoptable.setdefault(s.recipient_id, []).append((s.pk, s.submitted_at.date()))
                CreditedUnit.objects.bulk_create(credits, batch_size=2000)
                Author.objects.bulk_create(authors, batch_size=2000)
            made += size
            print(f"  {made:,} / {n:,} submissions", file=sys.stderr, flush=True)
        t_subs_done = time.perf_counter()

        # -- issues, entries, adoptions ------------------------------------------------------------
        # The province's issues weigh more; every office issues its 《政务信息》, the province also
        # its internet edition. Entries are adopted submissions received by that office.
        n_issues = scale["issues"]
        n_adoptions = scale["adoptions"]
        above_share = 0.2  # adoptions above: province (automatic) and 国办 (by hand)
        entries_total = round(n_adoptions * (1 - above_share))
        per_issue = max(1, entries_total // n_issues)
        plan: list[tuple[Publication, int]] = []
        city_offices = [o for o in offices if o.pk != province_office.pk]
        prov_issues = max(2, n_issues // 6)
        plan += [
            (publications[province_office.pk], prov_issues * 2 // 3),
            (internet, prov_issues - prov_issues * 2 // 3),
        ]
        rest = n_issues - prov_issues
        for i, o in enumerate(city_offices):
            plan.append(
                (publications[o.pk], rest // len(city_offices) + (1 if i < rest % len(city_offices) else 0))
            )
        issue_rows: list[Issue] = []
        entry_plan: list[tuple[int, list[tuple[int, dt.date]]]] = []
        biggest_entries = 40 if n_issues >= 100 else 12
        for pub, count in plan:
            # An issue adopts the latest items received before its date that no issue took yet.
            pool = sorted(adoptable.get(pub.organization_id, []), key=lambda x: x[1])
            days = sorted(first_day + dt.timedelta(days=rng.randint(1, 364)) for _ in range(count))
            numbers: dict[int, int] = {}
            available: list[tuple[int, dt.date]] = []
            pointer = 0
            for d in days:
                while pointer < len(pool) and pool[pointer][1] <= d:
                    available.append(pool[pointer])
                    pointer += 1
                numbers[d.year] = numbers.get(d.year, 0) + 1
                k = per_issue if issue_rows else biggest_entries  # the first issue is the big one
                take = [available.pop() for _ in range(min(k, len(available)))]
                issue_rows.append(
                    Issue(
                        publication=pub, year=d.year, number=numbers[d.year], total_number=numbers[d.year],
                        date=d, editor_note="", bao="省委、省政府领导", song="各市人民政府", fa="各县（区）人民政府，省直各部门",
                        state=IssueState.ISSUED, created_by=editor_of[pub.organization_id],
                        issued_at=dt.datetime.combine(d, dt.time(16), tzinfo=tz), issued_by=editor_of[pub.organization_id],
                    )
                )  # fmt: skip
                entry_plan.append((len(issue_rows) - 1, take))
        issues = Issue.objects.bulk_create(issue_rows, batch_size=1000)
        texts_of = {
            s["pk"]: s
            for s in Submission.objects.filter(
                pk__in=[sid for _, take in entry_plan for sid, _d in take]
            ).values("pk", "title", "body")
        }
        entries = []
        adoptions = []
        adopted_ids = []
        for i, take in entry_plan:
            issue = issues[i]
            for pos, (sid, _d) in enumerate(take):
                entries.append(
                    IssueEntry(issue=issue, submission_id=sid, position=pos, title=texts_of[sid]["title"], body=texts_of[sid]["body"])
                )  # fmt: skip
                adoptions.append(
                    Adoption(
                        submission_id=sid, publication=issue.publication, level=issue.publication.level, issue=issue,
                        issue_label=f"{issue.year}年第{issue.number}期", adopted_on=issue.date, source=AdoptionSource.ISSUE,
                        recorded_by=editor_of[issue.publication.organization_id],
                    )
                )  # fmt: skip
                adopted_ids.append(sid)
        # Adoptions above: items of the cities' units forwarded to the province and adopted there (×2),
        # and a few to 国办 (×5, recorded by hand from its notice).
        city_adopted = [a for a in adoptions if a.publication.organization_id != province_office.pk]
        prov_issue_list = sorted(
            (x for x in issues if x.publication_id == publications[province_office.pk].pk),
            key=lambda x: x.date,
        )
        prov_days = [x.date for x in prov_issue_list]
        for a in rng.sample(city_adopted, min(len(city_adopted), n_adoptions - len(adoptions))):
            later = bisect.bisect_left(prov_days, a.adopted_on)
            if rng.random() < 0.9 and later < len(prov_issue_list):
                issue = prov_issue_list[rng.randrange(later, min(len(prov_issue_list), later + 5))]
                adoptions.append(
                    Adoption(
                        submission_id=a.submission_id, publication_id=issue.publication_id, level=PublicationLevel.PROVINCE,
                        issue=issue, issue_label=f"{issue.year}年第{issue.number}期", adopted_on=issue.date,
                        source=AdoptionSource.AUTOMATIC, via_forward=True,
                    )
                )  # fmt: skip
            else:
                adoptions.append(
                    Adoption(
                        submission_id=a.submission_id, publication=national, level=PublicationLevel.NATIONAL,
                        issue_label=f"第{rng.randint(1, 300)}期", adopted_on=min(today, a.adopted_on + dt.timedelta(days=7)),
                        source=AdoptionSource.MANUAL, via_forward=True, notice="国办信息采用通报",
                        recorded_by=editor_of[province_office.pk],
                    )
                )  # fmt: skip
        with transaction.atomic():
            IssueEntry.objects.bulk_create(entries, batch_size=1000)
            Adoption.objects.bulk_create(adoptions, batch_size=1000, ignore_conflicts=True)
            for start in range(0, len(adopted_ids), 900):
                Submission.objects.filter(pk__in=adopted_ids[start : start + 900]).update(state=State.ADOPTED)

        # -- instructions, penalties -----------------------------------------------------------------
        levels = [(LeaderLevel.COUNTY, 50), (LeaderLevel.CITY, 35), (LeaderLevel.PROVINCE, 15)]
        instructions = []
        for _ in range(scale["instructions"]):
            level = rng.choices([lv for lv, _w in levels], [w for _lv, w in levels])[0]
            if rng.random() < 0.85 and adopted_ids:
                sid = rng.choice(adopted_ids)
                subject = {"submission_id": sid}
                office_id = recipient_of.get(sub_unit[sid], province_office.pk)
            else:
                issue = rng.choice(issues)
                subject = {"issue": issue}
                office_id = issue.publication.organization_id
            instructions.append(
                Instruction(
                    **subject, leader=leader_of[office_id], leader_name=f"领导{office_id}", leader_title="副市长",
                    level=level, given_on=first_day + dt.timedelta(days=rng.randint(5, 364)),
                    text="此件很好，请有关部门认真研究，抓好落实。", recorded_by=editor_of[office_id],
                )
            )  # fmt: skip
        Instruction.objects.bulk_create(instructions, batch_size=1000)
        kinds = [(PenaltyKind.LATE, -100), (PenaltyKind.MISSED, -200), (PenaltyKind.FALSE, -50)]
        Penalty.objects.bulk_create(
            [
                Penalty(organization=u, kind=k, points=p, on=first_day + dt.timedelta(days=rng.randint(0, 364)),
                        notice="信息工作通报", reason="基准数据", recorded_by=editor_of[recipient_of.get(u.pk, province_office.pk)])
                for u in rng.sample(units, max(1, len(units) // 10))
                for k, p in [rng.choice(kinds)]
            ],
            batch_size=1000,
        )  # fmt: skip
        # created_at follows the (back-dated) time of sending, as if written then.
        Submission.objects.exclude(submitted_at=None).update(created_at=F("submitted_at"))
    build_seconds = time.perf_counter() - t_subs
    refresh_statistics()
    biggest = issues[0].pk
    return {
        "engine": connection.vendor,
        "bodies": Organization.objects.count(),
        "offices": len(offices),
        "units": len(units),
        "units_of_province_office": len(reporting.get(province_office.pk, [])),
        "users": User.objects.count(),
        "submissions": Submission.objects.count(),
        "near_copies": near_copies,
        "credited_units": CreditedUnit.objects.count(),
        "issues": Issue.objects.count(),
        "issue_entries": IssueEntry.objects.count(),
        "biggest_issue": biggest,
        "biggest_issue_entries": IssueEntry.objects.filter(issue_id=biggest).count(),
        "adoptions": Adoption.objects.count(),
        "adoptions_by_level": {
            lv: Adoption.objects.filter(level=lv).count() for lv in ("city", "province", "national")
        },
        "adoptions_via_forward": Adoption.objects.filter(via_forward=True).count(),
        "instructions": Instruction.objects.count(),
        "penalties": Penalty.objects.count(),
        "mean_length": round(
            sum(Submission.objects.values_list("length", flat=True)[:5000])
            / max(1, min(5000, Submission.objects.count()))
        ),
        "migrate_seconds": round(t_migrated - t0, 1),
        "submissions_seconds": round(t_subs_done - t_subs, 1),
        "build_seconds": round(build_seconds, 1),
        "setup_seconds": round(time.perf_counter() - t0, 1),
        "first_day": str(first_day),
        "today": str(today),
    }


# ---------------------------------------------------------------------------------------------
# Measuring (child process 2)
# ---------------------------------------------------------------------------------------------


def _stats(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {
        "n": len(samples),
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[max(0, math.ceil(0.95 * len(samples)) - 1)], 2),  # nearest rank
        "min_ms": round(samples[0], 2),
        "max_ms": round(samples[-1], 2),
    }


def _timings(fn: Any, repeat: int = 20, warm: bool = True) -> dict[str, float]:
    if warm:
        fn()  # warm-up: caches, query plans, imports
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return _stats(samples)


class _Queries:
    """Count the queries of a block (and their total time), without DEBUG."""

    def __init__(self) -> None:
        self.count = 0
        self.slowest: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.slowest.append(((time.perf_counter() - start) * 1000, sql[:300]))

    def top(self, k: int = 3) -> list[dict[str, Any]]:
        return [{"ms": round(ms, 1), "sql": sql} for ms, sql in sorted(self.slowest, reverse=True)[:k]]


def _counted(fn: Any) -> dict[str, Any]:
    from django.db import connection

    q = _Queries()
    with connection.execute_wrapper(q):
        fn()
    return {"queries": q.count, "slowest": q.top()}


def _missing(module: str, *names: str) -> Any:
    """The first of ``names`` in ``module`` that is callable, or a "not available yet" string."""
    import importlib

    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        return f"not available yet ({module}: {exc})"
    for name in names:
        fn = getattr(mod, name, None)
        if callable(fn):
            return fn
    return f"not available yet ({module} has none of {', '.join(names)})"


def _ratio(value: float, baseline: dict[str, float]) -> float:
    return round(value / baseline["median_ms"], 1) if baseline["median_ms"] else 0.0


def measure_ranking(result: dict, baseline: dict) -> None:
    """``scoring.standings`` of the province office and of every office in turn, over the 365 days of
    the data (every submission) and over the calendar year (the year's path: zeroing for missed
    commissions and the appraisal); each call from scratch (scoring keeps no cache)."""
    from django.utils import timezone

    from gongkai.orgs.models import Kind, Organization

    standings = _missing("gongkai.govinfo.scoring", "standings")
    by_office = _missing("gongkai.govinfo.scoring", "standings_by_office")
    if isinstance(standings, str):
        result["ranking"] = standings
        return
    today = timezone.localdate()
    periods = {
        "365_days": (today - dt.timedelta(days=364), today),
        "calendar_year": (dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)),
    }
    offices = list(Organization.objects.filter(kind=Kind.GENERAL_OFFICE).order_by("path"))
    province_office = offices[0]
    for period, (start, end) in periods.items():
        try:
            t = time.perf_counter()
            table = standings(province_office, start, end)
            first = (time.perf_counter() - t) * 1000
        except NotImplementedError as exc:
            result["ranking"] = f"not available yet (standings: NotImplementedError {exc})"
            return
        province = _timings(lambda s=start, e=end: standings(province_office, s, e), repeat=3, warm=False)
        result[f"ranking_province_office_{period}"] = {
            **province, "period": f"{start}..{end}", "first_ms": round(first, 1), "units_ranked": len(table),
            "ratio_to_baseline": _ratio(province["median_ms"], baseline),
            **_counted(lambda s=start, e=end: standings(province_office, s, e)),
        }  # fmt: skip

        def each_office(s: dt.date = start, e: dt.date = end) -> int:
            return sum(len(standings(o, s, e)) for o in offices)

        ranked = each_office()
        each = _timings(each_office, repeat=3, warm=False)
        result[f"ranking_each_office_{period}"] = {
            **each, "period": f"{start}..{end}", "offices": len(offices), "units_ranked": ranked,
            "ratio_to_baseline": _ratio(each["median_ms"], baseline), **_counted(each_office),
        }  # fmt: skip
        if isinstance(by_office, str):
            result["ranking_all_units"] = by_office
            continue

        def all_units(s: dt.date = start, e: dt.date = end) -> int:
            return sum(len(table) for table in by_office(s, e).values())

        ranked = all_units()
        every = _timings(all_units, repeat=3, warm=False)
        result[f"ranking_every_office_{period}"] = {
            **every, "period": f"{start}..{end}", "function": "govinfo.scoring.standings_by_office",
            "offices": sum(1 for table in by_office(start, end).values() if table), "units_ranked": ranked,
            "ratio_to_baseline": _ratio(every["median_ms"], baseline), **_counted(all_units),
        }  # fmt: skip


def _sample_units(n_units: int) -> list[Any]:
    """The 10 busiest units (the heaviest dashboards), then a random sample of the rest."""
    from django.db.models import Count

    from gongkai.govinfo.models import Submission
    from gongkai.orgs.models import Role, RoleName

    officers = {
        r.organization_id: r
        for r in Role.objects.filter(role=RoleName.INFO_OFFICER).select_related("user", "organization")
    }
    busiest = [
        row["organization"]
        for row in Submission.objects.values("organization").annotate(n=Count("id")).order_by("-n")[:10]
    ]
    chosen = [officers[b] for b in busiest if b in officers]
    rest = sorted(pk for pk in officers if pk not in set(busiest))
    chosen += [
        officers[pk] for pk in random.Random(7).sample(rest, max(0, min(len(rest), n_units - len(chosen))))
    ]
    return chosen


def measure_dashboard(result: dict, baseline: dict, n_units: int) -> None:
    """A unit's dashboard: ``figures.unit_dashboard(unit, year)`` and its page (GET
    ``govinfo_dashboard_unit`` as the unit's signed-in 信息员), for ``n_units`` units; the office's
    dashboard (``figures.office_figures`` and ``govinfo_dashboard_office`` as its desk editor).

    The cache is emptied first; "first" is each unit's first request (the first unit of an office
    also computes what the dashboards of that office share), "again" its second request."""
    from django.core.cache import cache
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from gongkai.orgs.models import Kind, Organization, Role, RoleName
    from gongkai.testing import login_verified

    year = timezone.localdate().year
    chosen = _sample_units(n_units)
    offices = list(Organization.objects.filter(kind=Kind.GENERAL_OFFICE).order_by("path"))
    unit_dashboard = _missing("gongkai.govinfo.figures", "unit_dashboard")
    if isinstance(unit_dashboard, str):
        result["dashboard_function"] = unit_dashboard
    else:
        cache.clear()
        first, again = [], []
        for role in chosen:
            for samples in (first, again):
                start = time.perf_counter()
                unit_dashboard(role.organization, year)
                samples.append((time.perf_counter() - start) * 1000)
        for key, samples in (("first", first), ("again", again)):
            stats = _stats(samples)
            result[f"dashboard_unit_function_{key}"] = {
                **stats, "units": len(chosen), "ratio_to_baseline": _ratio(stats["median_ms"], baseline),
            }  # fmt: skip
        cache.clear()
        result["dashboard_unit_function_first"]["busiest_unit_cold"] = _counted(
            lambda: unit_dashboard(chosen[0].organization, year)
        )
    try:
        reverse("backoffice:govinfo_dashboard_unit", args=[chosen[0].organization_id])
    except NoReverseMatch:
        result["dashboard"] = "not available yet (route backoffice:govinfo_dashboard_unit does not exist)"
        return
    cache.clear()
    first, again = [], []
    statuses: dict[int, int] = {}
    clients = []
    for role in chosen:
        client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
        client.force_login(role.user)
        client.get(reverse("backoffice:inbox"))  # the session's first request (sign-in, menus)
        clients.append(client)
    for role, client in zip(chosen, clients, strict=True):
        url = reverse("backoffice:govinfo_dashboard_unit", args=[role.organization_id])
        for samples in (first, again):
            start = time.perf_counter()
            status = client.get(url).status_code
            samples.append((time.perf_counter() - start) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
    if set(statuses) != {200}:
        result["dashboard"] = f"not available yet (GET govinfo_dashboard_unit answered {statuses})"
    else:
        url = reverse("backoffice:govinfo_dashboard_unit", args=[chosen[0].organization_id])
        for key, samples in (("first", first), ("again", again)):
            stats = _stats(samples)
            result[f"dashboard_unit_page_{key}"] = {
                **stats, "url": url, "units": len(samples), "ratio_to_baseline": _ratio(stats["median_ms"], baseline),
            }  # fmt: skip
        cache.clear()
        result["dashboard_unit_page_first"]["busiest_unit_cold"] = _counted(lambda: clients[0].get(url))
    # The office's dashboard, for comparison (no target): its figures and its page as its editor.
    office_figures = _missing("gongkai.govinfo.figures", "office_figures")
    if not isinstance(office_figures, str):
        cache.clear()
        stats = _stats(
            [
                _timings(lambda o=o: office_figures(o, year), repeat=1, warm=False)["median_ms"]
                for o in offices
            ]
        )
        result["dashboard_office_function"] = {**stats, "offices": len(offices)}
    cache.clear()
    first, again = [], []
    for office in offices:
        role = (
            Role.objects.filter(role=RoleName.INFO_EDITOR, organization=office).select_related("user").first()
        )
        url = reverse("backoffice:govinfo_dashboard_office", args=[office.pk])
        client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
        login_verified(client, role.user)
        client.get(reverse("backoffice:inbox"))
        statuses = {}
        for samples in (first, again):
            start = time.perf_counter()
            status = client.get(url).status_code
            samples.append((time.perf_counter() - start) * 1000)
            statuses[status] = 1
        if set(statuses) != {200}:
            result["dashboard_office"] = (
                f"not available yet (GET govinfo_dashboard_office answered {statuses})"
            )
            return
    result["dashboard_office_page_first"] = {**_stats(first), "offices": len(first)}
    result["dashboard_office_page_again"] = {**_stats(again), "offices": len(again)}


def measure_docx(result: dict, baseline: dict, issue_id: int) -> None:
    from gongkai.govinfo.models import Issue

    render = _missing(
        "gongkai.govinfo.render", "issue_docx", "render_issue_docx", "docx_bytes", "render_docx"
    )
    if isinstance(render, str):
        result["docx"] = render
        return
    issue = Issue.objects.get(pk=issue_id)
    try:
        data = render(issue)
    except NotImplementedError as exc:
        result["docx"] = f"not available yet ({render.__name__}: NotImplementedError {exc})"
        return
    size = len(data) if isinstance(data, bytes | bytearray) else len(getattr(data, "getvalue", lambda: b"")())

    def fresh() -> Any:
        return render(Issue.objects.get(pk=issue_id))

    stats = _timings(fresh, repeat=10)
    result["docx_biggest_issue"] = {
        **stats, "function": f"govinfo.render.{render.__name__}", "issue": str(issue),
        "entries": issue.entries.count(), "characters": sum(len(e.body) for e in issue.entries.all()),
        "bytes": size, "ratio_to_baseline": _ratio(stats["median_ms"], baseline), **_counted(fresh),
    }  # fmt: skip


def measure_neardup(result: dict, baseline: dict) -> None:
    """Near-duplicate candidates of a new submission at its desk, among the last 30 days
    (``govinfo.duplicates.near_duplicates``, the selector over ``govinfo.neardup``): 20 new
    submissions of the busiest desks' units, half near-copies of a recent item, half new texts."""
    from django.utils import timezone

    from gongkai.govinfo import lengths
    from gongkai.govinfo.models import Submission

    candidates = _missing("gongkai.govinfo.duplicates", "near_duplicates")
    if isinstance(candidates, str):
        result["neardup"] = candidates
        return
    rng = random.Random(11)
    texts = TextMaker(rng)
    now = timezone.now()
    since = now - dt.timedelta(days=30)
    recent = list(
        Submission.objects.filter(submitted_at__gte=since).exclude(recipient=None).order_by("pk")[::97][:20]
    )
    news = []
    for i, s in enumerate(recent):
        new = Submission(
            organization_id=s.organization_id, recipient_id=s.recipient_id, title=s.title, drafter_id=s.drafter_id,
            state="submitted", submitted_at=now,
        )  # fmt: skip
        if i % 2 == 0:
            paragraphs = texts.vary(s.plain_text.split("\n"))
        else:
            new.title, paragraphs = texts.make("某单位", "某地", now.date(), rng.random() < 0.3)
        new.body, new.plain_text = _html(paragraphs), "\n".join(paragraphs)
        new.length = lengths.count_chars(new.plain_text)
        new.save()
        news.append(new)
    found = [len(candidates(s)) for s in news]  # warm-up
    samples = []
    for s in news:
        start = time.perf_counter()
        candidates(s)
        samples.append((time.perf_counter() - start) * 1000)
    stats = _stats(samples)
    at_desk = [
        Submission.objects.filter(recipient_id=s.recipient_id, submitted_at__gte=since).count() for s in news
    ]
    result["neardup_new_submission"] = {
        **stats, "function": f"{candidates.__module__}.{candidates.__name__}",
        "candidates_found": found, "desk_items_last_30_days": f"{min(at_desk)}..{max(at_desk)}",
        "submissions_last_30_days": Submission.objects.filter(submitted_at__gte=since).count(),
        "ratio_to_baseline": _ratio(stats["median_ms"], baseline), **_counted(lambda: candidates(news[0])),
    }  # fmt: skip
    Submission.objects.filter(pk__in=[s.pk for s in news]).delete()  # kept data stay as built


def measure(only: list[str], n_dash: int, issue_id: int) -> dict:
    _setup()
    from django.db import connection

    from gongkai.govinfo.models import Submission

    result: dict = {"engine": connection.vendor, "load_before": os.getloadavg()}
    count = _timings(lambda: Submission.objects.count())
    one = Submission.objects.order_by("-pk").values_list("pk", flat=True).first()
    lookup = _timings(lambda: Submission.objects.filter(pk=one).first())
    result["baseline_count"] = count
    result["baseline_lookup"] = lookup
    steps = {
        "ranking": lambda: measure_ranking(result, count),
        "dashboard": lambda: measure_dashboard(result, count, n_dash),
        "docx": lambda: measure_docx(result, count, issue_id),
        "neardup": lambda: measure_neardup(result, count),
    }
    for name, step in steps.items():
        if only and name not in only:
            continue
        print(f"  measuring {name} (load {os.getloadavg()})", file=sys.stderr, flush=True)
        try:
            step()
        except Exception as exc:  # a part that lands half-done must not hide the other figures
            import traceback

            traceback.print_exc()
            result[name] = f"failed: {type(exc).__name__}: {exc}"
    result["memory"] = _memory()
    result["load_after"] = os.getloadavg()
    return result


# ---------------------------------------------------------------------------------------------
# The driver
# ---------------------------------------------------------------------------------------------


def _child(phase: str, args: argparse.Namespace, env: dict, extra: list[str]) -> dict | None:
    command = [
        sys.executable,
        __file__,
        "--child",
        phase,
        *_scale_args(args),
        "--seed",
        str(args.seed),
        *extra,
    ]
    proc = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    print(f"{phase}: failed (exit {proc.returncode})", flush=True)
    return None


def _scale(args: argparse.Namespace) -> dict[str, int]:
    base = QUICK if args.quick else FULL
    return {key: getattr(args, key) if getattr(args, key) is not None else base[key] for key in FULL}


def _scale_args(args: argparse.Namespace) -> list[str]:
    return [f"--{k}={v}" for k, v in _scale(args).items()]


def _print(result: dict) -> None:
    b = result["build"]
    print(
        f"build: {b['bodies']:,} bodies ({b['offices']} offices, {b['units']:,} units; "
        f"{b['units_of_province_office']} report to the province office), {b['submissions']:,} submissions "
        f"(mean {b['mean_length']} 字, {b['near_copies']:,} near-copies), {b['issues']:,} issues "
        f"({b['issue_entries']:,} entries), {b['adoptions']:,} adoptions {b['adoptions_by_level']}, "
        f"{b['instructions']:,} instructions; {b['build_seconds']} s "
        f"(submissions {b['submissions_seconds']} s; migrate {b['migrate_seconds']} s; total {b['setup_seconds']} s)"
    )
    for key in ("baseline_count", "baseline_lookup"):
        d = result[key]
        print(f"{key}: median {d['median_ms']} ms, p95 {d['p95_ms']} ms")
    rows = [
        ("ranking_province_office_365_days", "standings(province office, 365 days)", "median_ms", "ranking"),
        (
            "ranking_every_office_365_days",
            "standings_by_office(): every office at once, 365 days (all units)",
            "median_ms",
            "ranking",
        ),
        (
            "ranking_each_office_365_days",
            "standings(office) of every office in turn, 365 days",
            "median_ms",
            None,
        ),
        (
            "ranking_province_office_calendar_year",
            "standings(province office, calendar year)",
            "median_ms",
            "ranking",
        ),
        (
            "ranking_each_office_calendar_year",
            "standings(office) of every office in turn, calendar year",
            "median_ms",
            None,
        ),
        (
            "ranking_every_office_calendar_year",
            "standings_by_office(): every office at once, calendar year (all units)",
            "median_ms",
            "ranking",
        ),
        (
            "dashboard_unit_function_first",
            "figures.unit_dashboard(unit, year), first",
            "p95_ms",
            "dashboard_p95",
        ),
        (
            "dashboard_unit_function_again",
            "figures.unit_dashboard(unit, year), again",
            "p95_ms",
            "dashboard_p95",
        ),
        (
            "dashboard_unit_page_first",
            "GET govinfo_dashboard_unit as its 信息员, first",
            "p95_ms",
            "dashboard_p95",
        ),
        (
            "dashboard_unit_page_again",
            "GET govinfo_dashboard_unit as its 信息员, again",
            "p95_ms",
            "dashboard_p95",
        ),
        ("dashboard_office_function", "figures.office_figures(office, year), cache empty", "p95_ms", None),
        ("dashboard_office_page_first", "GET govinfo_dashboard_office as its editor, first", "p95_ms", None),
        ("dashboard_office_page_again", "GET govinfo_dashboard_office as its editor, again", "p95_ms", None),
        ("docx_biggest_issue", "issue DOCX, biggest issue", "median_ms", "docx"),
        ("neardup_new_submission", "near-duplicate candidates, new item", "p95_ms", "neardup"),
    ]
    for key, label, figure, target in rows:
        if key in result:
            d = result[key]
            verdict = ""
            if target:
                verdict = " ✓" if d[figure] < TARGETS[target] else " ✗"
                verdict += f" (target {figure.removesuffix('_ms')} < {TARGETS[target]:.0f} ms)"
            extra = {k: v for k, v in d.items() if k not in ("n", "min_ms", "max_ms", "slowest")}
            print(f"{label}: median {d['median_ms']} ms, p95 {d['p95_ms']} ms{verdict}; {extra}")
    for key in (
        "ranking",
        "ranking_all_units",
        "dashboard_function",
        "dashboard",
        "dashboard_office",
        "docx",
        "neardup",
    ):
        if key in result:
            print(f"{key}: {result[key]}")
    print(f"load average before {result['load_before']}, after {result['load_after']}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--quick", action="store_true", help="a small province, for a smoke run")
    for key, value in FULL.items():
        parser.add_argument(
            f"--{key}", type=int, default=None, help=f"default {value:,} (--quick: {QUICK[key]:,})"
        )
    parser.add_argument(
        "--dashboards", type=int, default=50, help="units whose dashboard is timed (default 50)"
    )
    parser.add_argument(
        "--only", default="", help="measure only these (comma-separated: ranking,dashboard,docx,neardup)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the data directory and the database")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the kept data of an earlier run (no build)"
    )
    parser.add_argument("--issue", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=["build", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "build":
        print("RESULT " + json.dumps(build(_scale(args), args.seed)), flush=True)
        return
    if args.child == "measure":
        only = [x for x in args.only.split(",") if x]
        print("RESULT " + json.dumps(measure(only, args.dashboards, args.issue)), flush=True)
        return

    OUT.mkdir(exist_ok=True)
    scale = _scale(args)
    name = f"bench_govinfo-{args.db}-{scale['submissions']}"
    data_dir = OUT / name
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    if args.db == "postgres":
        env["DATABASE_URL"] = PG_SERVER + PG_DB
    built_file = OUT / f"{name}.build.json"
    if args.reuse:
        built = json.loads(built_file.read_text())
    else:
        if data_dir.exists():
            shutil.rmtree(data_dir)
        (data_dir / "static").mkdir(parents=True)  # WhiteNoise warns about a missing static root
        if args.db == "postgres":
            import psycopg

            with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
                conn.execute(f'CREATE DATABASE "{PG_DB}"')
        print(f"== {args.db}: {scale} into {data_dir} (load {os.getloadavg()})", flush=True)
        built = _child("build", args, env, [])
        if built:
            built_file.write_text(json.dumps(built, indent=1, ensure_ascii=False))
    extra = ["--dashboards", str(args.dashboards), "--issue", str(built["biggest_issue"] if built else 0)]
    if args.only:
        extra += ["--only", args.only]
    measured = _child("measure", args, env, extra) if built else None
    if built and measured:
        result = {
            "database": args.db,
            "build": built,
            **measured,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
        }
        (OUT / f"{name}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
        _print(result)
    if not (args.keep or args.reuse):
        shutil.rmtree(data_dir, ignore_errors=True)
        built_file.unlink(missing_ok=True)
        if args.db == "postgres":
            import psycopg

            with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
    if not (built and measured):
        sys.exit(1)


if __name__ == "__main__":
    main()
