"""Deterministic generator of realistic government-information items (pure Python, no Django).

Used by the search benchmark (``benchmarks/corpus.py``) and reusable by the demo-data generator::

    from gongkai.search.textgen import ItemGenerator
    gen = ItemGenerator(seed=42)          # sentence bank from $GONGKAI_SEEDS_DIR or the packaged one
    item = gen.item(12345)                # the same item for the same (seed, n), in any process
    gen.org(17)                           # the generated body: name, document-number prefix, place

Bodies mix sentences drawn from the source documents of docs/SPEC.md (real 政务公开 prose) with templated,
topic-specific
sentences (扶贫, 预算, 征收, 义务教育 …) so that word frequencies range from "in every document"
(工作, 政府, 公开) to rare (place names, specific programmes). Topics are drawn with a Zipf-like
weight, so some topics are frequent and others rare. Generating an item costs ~20–40 µs.
"""

from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path

# The sentence bank shipped with the package (sentences taken from the source documents of docs/SPEC.md).
DEFAULT_SEEDS_DIR = str(Path(__file__).resolve().parent.parent / "disclosure" / "demo" / "data")

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

PLACES = (
    "宿州", "埇桥", "砀山", "萧县", "灵璧", "泗县", "淮北", "濉溪", "蚌埠", "怀远", "五河", "固镇", "阜阳",
    "颍上", "界首", "临泉", "太和", "阜南", "亳州", "涡阳", "蒙城", "利辛", "淮南", "凤台", "寿县", "滁州",
    "天长", "明光", "来安", "全椒", "定远", "凤阳", "六安", "霍邱", "舒城", "金寨", "霍山", "合肥", "肥东",
    "肥西", "长丰", "庐江", "巢湖", "芜湖", "南陵", "无为", "马鞍山", "当涂", "含山", "和县", "铜陵",
    "枞阳", "安庆", "怀宁", "太湖", "宿松", "望江", "岳西", "桐城", "潜山", "黄山", "歙县", "休宁",
    "黟县", "祁门", "池州", "东至", "石台", "青阳", "宣城", "郎溪", "广德", "泾县", "绩溪", "旌德", "宁国",
    "陇川", "盈江", "瑞丽", "芒市", "梁河", "汉中", "南郑", "城固", "洋县", "西乡", "勉县", "略阳",
)  # fmt: skip

# (department name, document-number infix)
DEPARTMENTS = (
    ("人民政府", "政"), ("人民政府办公室", "政办"), ("发展和改革委员会", "发改"), ("教育局", "教"),
    ("科学技术局", "科"), ("工业和信息化局", "经信"), ("公安局", "公"), ("民政局", "民"), ("司法局", "司"),
    ("财政局", "财"), ("人力资源和社会保障局", "人社"), ("自然资源和规划局", "自然资源"),
    ("生态环境分局", "环"), ("住房和城乡建设局", "建"), ("交通运输局", "交"), ("水利局", "水"),
    ("农业农村局", "农"), ("商务局", "商"), ("文化和旅游局", "文旅"), ("卫生健康委员会", "卫健"),
    ("退役军人事务局", "退役"), ("应急管理局", "应急"), ("审计局", "审"), ("市场监督管理局", "市监"),
    ("统计局", "统"), ("医疗保障局", "医保"), ("林业局", "林"), ("乡村振兴局", "乡振"),
    ("数据资源管理局", "数据"), ("信访局", "信访"),
)  # fmt: skip

# topic → (topic class label, keywords, title phrases)
TOPICS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("政务公开", ("政务公开", "政府信息公开", "依申请公开", "主动公开", "公开指南", "公开目录"),
     ("政府信息公开工作年度报告", "政务公开工作要点", "政府信息公开指南", "主动公开基本目录")),
    ("财政预决算", ("部门预算", "财政预算", "决算", "三公经费", "预算执行", "转移支付", "专项资金"),
     ("部门预算公开", "部门决算公开", "预算执行情况报告", "三公经费支出情况说明")),
    ("扶贫", ("扶贫", "脱贫攻坚", "精准扶贫", "贫困户", "易地扶贫搬迁", "扶贫资金", "产业扶贫"),
     ("脱贫攻坚工作总结", "扶贫资金分配结果公告", "精准扶贫实施方案", "扶贫项目库建设情况")),
    ("义务教育", ("义务教育", "学前教育", "招生入学", "营养改善计划", "教育资助", "校舍改造"),
     ("义务教育阶段招生入学工作方案", "学生资助政策", "教育经费使用情况")),
    ("社会救助", ("最低生活保障", "低保", "特困供养", "临时救助", "医疗救助", "社会救助"),
     ("城乡低保提标通知", "临时救助实施办法", "特困人员救助供养名单")),
    ("就业", ("就业", "创业担保贷款", "职业技能培训", "公益性岗位", "稳岗补贴", "高校毕业生"),
     ("就业创业补贴申领公告", "公益性岗位招聘公告", "职业技能提升行动方案")),
    ("征收", ("土地征收", "房屋征收", "征地补偿", "安置补偿", "征收决定", "棚户区改造"),
     ("国有土地上房屋征收决定", "征地补偿安置方案公告", "棚户区改造项目征收补偿方案")),
    ("安全生产", ("安全生产", "隐患排查", "危险化学品", "消防安全", "安全监管", "事故调查"),
     ("安全生产专项整治方案", "安全生产大检查通报", "事故调查报告")),
    ("生态环境", ("环境保护", "大气污染防治", "水污染", "环境影响评价", "秸秆禁烧", "河长制"),
     ("环境影响评价审批公示", "大气污染防治实施方案", "河长制工作要点")),
    ("食品药品", ("食品安全", "药品监管", "抽检", "餐饮服务", "食品药品监督"),
     ("食品安全监督抽检信息公告", "药品监管工作要点")),
    ("卫生健康", ("公共卫生", "疫情防控", "家庭医生", "医疗机构", "基本公共卫生服务", "疫苗接种"),
     ("基本公共卫生服务项目实施方案", "疫情防控工作通知", "家庭医生签约服务")),
    ("社会保险", ("养老保险", "医疗保险", "失业保险", "工伤保险", "社保缴费", "城乡居民养老保险"),
     ("城乡居民养老保险缴费标准通知", "医疗保险待遇调整")),
    ("养老服务", ("养老服务", "养老机构", "居家养老", "高龄津贴", "老年人"),
     ("养老服务体系建设方案", "高龄津贴发放名单")),
    ("城乡规划", ("城乡规划", "控制性详细规划", "国土空间规划", "规划许可", "建设用地"),
     ("控制性详细规划批前公示", "国土空间总体规划", "建设工程规划许可证批后公布")),
    ("重大建设项目", ("重大建设项目", "项目审批", "招标投标", "施工许可", "竣工验收", "项目建设"),
     ("重点项目建设计划", "重大建设项目批准和实施情况")),
    ("公共资源交易", ("公共资源交易", "政府采购", "中标公告", "采购意向", "集中采购"),
     ("政府采购意向公开", "中标结果公告", "集中采购目录及限额标准")),
    ("涉农补贴", ("涉农补贴", "耕地地力保护补贴", "农机购置补贴", "种粮补贴", "惠民惠农"),
     ("耕地地力保护补贴发放公示", "农机购置补贴实施方案")),
    ("保障性住房", ("保障性住房", "公共租赁住房", "住房保障", "租赁补贴", "农村危房改造"),
     ("公共租赁住房分配方案", "农村危房改造对象公示")),
    ("行政执法", ("行政处罚", "行政许可", "双随机", "执法检查", "行政强制", "行政复议"),
     ("行政处罚决定书", "双随机一公开抽查结果", "行政许可事项清单")),
    ("人事信息", ("公务员招录", "事业单位招聘", "人事任免", "干部任前公示", "录用名单"),
     ("事业单位公开招聘公告", "公务员拟录用人员公示", "干部任前公示")),
    ("应急管理", ("应急预案", "防汛抗旱", "自然灾害", "救灾", "预警信息", "突发事件"),
     ("防汛抗旱应急预案", "自然灾害救助资金分配", "突发事件总体应急预案")),
    ("统计信息", ("统计公报", "国民经济", "地区生产总值", "固定资产投资", "居民人均可支配收入"),
     ("国民经济和社会发展统计公报", "主要经济指标完成情况")),
)  # fmt: skip

TOPIC_SENTENCES = (
    "为切实做好{kw}工作，根据有关法律法规和上级文件精神，结合{place}实际，制定本方案。",
    "{year}年，{org}认真落实{kw}各项政策措施，{kw2}工作取得明显成效。",
    "各乡镇、各有关部门要高度重视{kw}工作，明确责任分工，确保各项任务落到实处。",
    "截至{year}年{month}月底，全{unit}累计完成{kw}{num}项，涉及资金{money}万元。",
    "对{kw}中发现的问题，要建立台账，限期整改，整改情况及时向社会公开。",
    "本通知自印发之日起施行，有效期{valid}年，由{org}负责解释。",
    "各单位要加强{kw}与{kw2}的统筹衔接，进一步提高工作透明度和群众满意度。",
    "{place}{kw}领导小组办公室设在{org}，负责日常协调和督促检查工作。",
    "请各地于{year}年{month}月{day}日前将{kw}工作进展情况报送{org}。",
    "联系人：{person}，联系电话：0557-{phone}。",
)

TITLE_TEMPLATES = (
    "{org}关于印发《{place}{phrase}》的通知",
    "{org}关于{year}年{phrase}的公告",
    "{org}{year}年{phrase}",
    "关于做好{year}年{kw}工作的通知",
    "{place}{kw}工作实施意见",
    "{org}关于进一步加强{kw}工作的意见",
    "关于{place}{phrase}的公示",
    "{org}{year}年度{phrase}",
    "关于开展{kw}专项检查的通知",
    "{org}关于{kw}有关事项的批复",
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈"
)
GIVEN = "建华国强志明秀英桂兰海燕德明红梅立新文静晓东春生玉兰永刚丽娟振华建军淑珍宏伟"

GENRES = ("政府令", "决定", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复", "函", "纪要")
AUDIENCES = ("社会公众", "企业", "农民", "学生", "老年人", "残疾人")
VALIDITY = ("valid", "expired", "abolished")

_JUNK = re.compile(
    r"http|www\.|上传|下载|版权|被引量|文档之家|当前位置|来源\s*:|关键词|篇[一二三四五六七八九十\d]"
)
_SPLIT = re.compile(r"[^。！？；!?\n]+[。！？；!?]?")
_HAN = re.compile(r"[\u4e00-\u9fff]")

FALLBACK_SENTENCES = (
    "为进一步推进政府信息公开工作，提高政府工作透明度，促进依法行政，现将有关事项通知如下。",
    "各级行政机关应当主动公开本行政机关的机构设置、职能、办事程序等情况。",
    "政府信息公开工作主管部门负责推进、指导、协调、监督本行政区域的政府信息公开工作。",
    "行政机关应当建立健全政府信息公开协调机制，确保发布的政府信息准确一致。",
    "公民、法人或者其他组织可以向地方各级人民政府申请获取相关政府信息。",
    "行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复。",
)


def load_sentences(seeds_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Clean sentences (12–160 chars, mostly Chinese, no page furniture) from ``*.txt`` seeds."""
    d = Path(seeds_dir or os.environ.get("GONGKAI_SEEDS_DIR", DEFAULT_SEEDS_DIR))
    out: list[str] = []
    seen: set[str] = set()
    files = sorted(d.glob("*.txt")) if d.is_dir() else []
    for f in files:
        for raw in _SPLIT.findall(f.read_text(encoding="utf-8", errors="replace")):
            s = re.sub(r"\s+", "", raw)
            if not 12 <= len(s) <= 160 or s in seen or _JUNK.search(s):
                continue
            if len(_HAN.findall(s)) < 0.6 * len(s):
                continue
            seen.add(s)
            out.append(s if s[-1] in "。！？；!?" else s + "。")
    return out or list(FALLBACK_SENTENCES)


@dataclass(frozen=True, slots=True)
class Org:
    id: int
    name: str
    place: str
    prefix: str  # document-number prefix, e.g. 宿财


@dataclass(slots=True)
class GeneratedItem:
    id: int
    title: str
    body: str
    attachments: str
    org_id: int
    column_ids: tuple[int, ...]
    topic_class_id: int
    genre_class_id: int
    audience_class_id: int
    published: date
    doc_number: str
    validity: str
    keywords: tuple[str, ...] = field(default=())


class ItemGenerator:
    """Deterministic item generator: ``item(n)`` depends only on ``(seed, n)``."""

    FIRST_DAY = date(2008, 5, 1)
    LAST_DAY = date(2026, 6, 30)

    def __init__(
        self,
        seed: int = 20190515,
        n_orgs: int = 600,
        columns_per_org: int = 24,
        seeds_dir: str | os.PathLike[str] | None = None,
        sentences: list[str] | None = None,
    ) -> None:
        self.seed = seed
        self.n_orgs = n_orgs
        self.columns_per_org = columns_per_org
        self.sentences = sentences if sentences is not None else load_sentences(seeds_dir)
        self._days = (self.LAST_DAY - self.FIRST_DAY).days
        # Zipf-like topic weights: topic k has weight 1/(k+1).
        self._topic_weights = [1.0 / (k + 1) for k in range(len(TOPICS))]
        self._topic_cum = list(_accumulate(self._topic_weights))

    @cached_property
    def orgs(self) -> list[Org]:
        rnd = random.Random(self.seed * 7919 + 1)
        orgs: list[Org] = []
        for i in range(self.n_orgs):
            place = PLACES[i % len(PLACES)]
            dep, infix = DEPARTMENTS[(i // len(PLACES) + i) % len(DEPARTMENTS)]
            suffix = "市" if rnd.random() < 0.3 else "县"
            orgs.append(Org(id=i + 1, name=f"{place}{suffix}{dep}", place=place, prefix=place[0] + infix))
        return orgs

    def org(self, org_id: int) -> Org:
        return self.orgs[org_id - 1]

    def item(self, n: int) -> GeneratedItem:
        rnd = random.Random(self.seed * 1_000_003 + n)
        r = rnd.random
        # Org activity is skewed: a few bodies publish a lot.
        org = self.orgs[min(int(self.n_orgs * r() ** 1.6), self.n_orgs - 1)]
        t = _bisect(self._topic_cum, r() * self._topic_cum[-1])
        _topic, kws, phrases = TOPICS[t]
        kw = kws[int(r() * len(kws))]
        kw2 = kws[int(r() * len(kws))]
        # Publication dates skew to recent years.
        published = self.FIRST_DAY + timedelta(days=int(self._days * r() ** 0.7))
        year = published.year
        ctx = {
            "org": org.name,
            "place": org.place,
            "kw": kw,
            "kw2": kw2,
            "phrase": phrases[int(r() * len(phrases))],
            "year": year,
        }
        title = TITLE_TEMPLATES[int(r() * len(TITLE_TEMPLATES))].format(**ctx)

        target = int(300 + 1200 * r() ** 1.5)
        sents = self.sentences
        parts: list[str] = []
        size = 0
        while size < target:
            if r() < 0.25:
                ctx.update(
                    kw=kws[int(r() * len(kws))],
                    month=1 + int(r() * 12),
                    day=1 + int(r() * 28),
                    num=1 + int(r() * 500),
                    money=round(r() * 5000, 1),
                    valid=(2, 3, 5)[int(r() * 3)],
                    unit=("市", "县", "区")[int(r() * 3)],
                    person=SURNAMES[int(r() * len(SURNAMES))] + _given(int(r() * (len(GIVEN) // 2))),
                    phone=f"{int(r() * 10_000_000):07d}",
                )
                s = TOPIC_SENTENCES[int(r() * len(TOPIC_SENTENCES))].format(**ctx)
            else:
                s = sents[int(r() * len(sents))]
            parts.append(s)
            size += len(s)
        body = "".join(parts)

        attachments = ""
        if r() < 0.15:
            att = [sents[int(r() * len(sents))] for _ in range(3 + int(r() * 30))]
            attachments = f"附件：{title}\n" + "".join(att)

        doc_number = ""
        if r() < 0.7:
            kind = ("发", "", "函", "字")[int(r() * 4)]
            doc_number = f"{org.prefix}{kind}〔{year}〕{1 + int(r() * 180)}号"
        col = (org.id - 1) * self.columns_per_org + 1 + int(r() * self.columns_per_org)
        columns = (col,) if r() < 0.85 else (col, (org.id - 1) * self.columns_per_org + 1)
        v = r()
        validity = "valid" if v < 0.8 else ("expired" if v < 0.92 else "abolished")
        return GeneratedItem(
            id=n,
            title=title,
            body=body,
            attachments=attachments,
            org_id=org.id,
            column_ids=columns,
            topic_class_id=t + 1,
            genre_class_id=1 + int(r() * len(GENRES)),
            audience_class_id=1 + int(r() * len(AUDIENCES)),
            published=published,
            doc_number=doc_number,
            validity=validity,
            keywords=(kw, kw2) if kw != kw2 else (kw,),
        )


def _given(k: int) -> str:
    return GIVEN[2 * k : 2 * k + 2]


def _accumulate(xs: list[float]) -> list[float]:
    total = 0.0
    out = []
    for x in xs:
        total += x
        out.append(total)
    return out


def _bisect(cum: list[float], x: float) -> int:
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo
