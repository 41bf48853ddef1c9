"""The demo region as data: a city modeled on 宿州's 2008 report with its bodies.

宿州市人民政府 with its general office (the competent authority: docs/sources/suzhou-2008-report.txt names
市政务公开办公室, which
is the office's disclosure office here), the city departments, two vertically managed units, public
enterprises and institutions, and the five county-level governments 埇桥区, 砀山县, 萧县, 灵璧县, 泗县
each with its office, a few departments and townships. Unit codes are real-looking 统一社会信用代码
built with the real 行政区划代码 and valid check characters.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from gongkai.orgs.models import Kind, Level
from gongkai.orgs.unitcodes import make_uscc

CITY_REGION = "341300"
OFFICE_HOURS = "工作日上午8:00—12:00，下午14:30—17:30（6月至9月下午15:00—18:00）"


@dataclass
class BodySpec:
    """One body of the demo region before it is written to the database."""

    slug: str
    name: str
    short_name: str
    level: str
    kind: str
    region: str  # 行政区划代码 of the registering authority
    place: str  # for generated text: 宿州市, 砀山县 …
    doc_prefix: str  # 发文字号 prefix: 宿教, 砀政办 …
    template: str  # catalog template code
    parent: str | None = None  # parent slug
    registration: tuple[str, str] = ("1", "1")  # 登记管理部门码, 机构类别码: 机构编制/机关
    competent_authority: bool = False
    functions: str = ""
    postcode: str = "234000"
    unit_code: str = field(default="", init=False)


CITY_DEPARTMENTS = (
    # (name, short name, slug, document-number infix, functions)
    ("发展和改革委员会", "市发展改革委", "fgw", "发改",
     "拟订并组织实施全市国民经济和社会发展规划，统筹协调经济社会发展。"),
    ("教育局", "市教育局", "jyj", "教",
     "贯彻执行国家教育方针政策，统筹管理全市各级各类教育，负责义务教育均衡发展和招生入学工作。"),
    ("科学技术局", "市科技局", "kjj", "科",
     "拟订全市科技发展规划和政策，组织实施科技计划项目。"),
    ("公安局", "市公安局", "gaj", "公",
     "负责全市社会治安管理、户籍管理、出入境管理和道路交通安全管理。"),
    ("民政局", "市民政局", "mzj", "民",
     "负责社会救助、养老服务、社会组织登记、婚姻和殡葬管理。"),
    ("司法局", "市司法局", "sfj", "司",
     "负责全市法治政府建设、公共法律服务和行政复议工作。"),
    ("财政局", "市财政局", "czj", "财",
     "负责全市财政收支管理，编制年度预决算草案并组织执行。"),
    ("人力资源和社会保障局", "市人社局", "rsj", "人社",
     "负责全市就业创业、社会保险、人事人才和劳动关系工作。"),
    ("自然资源和规划局", "市自然资源和规划局", "zrzyj", "自然资源",
     "负责国土空间规划、自然资源调查监测、土地征收和不动产登记。"),
    ("生态环境局", "市生态环境局", "sthjj", "环",
     "负责全市生态环境保护、污染防治和环境影响评价审批。"),
    ("住房和城乡建设局", "市住房城乡建设局", "zjj", "建",
     "负责住房保障、城乡建设、建筑市场和房屋征收管理。"),
    ("交通运输局", "市交通运输局", "jtj", "交",
     "负责全市公路、水路交通运输和城乡客运管理。"),
    ("水利局", "市水利局", "slj", "水",
     "负责全市水资源管理、水利工程建设和防汛抗旱。"),
    ("农业农村局", "市农业农村局", "nyncj", "农",
     "负责全市农业农村发展、涉农补贴和乡村振兴相关工作。"),
    ("商务局", "市商务局", "swj", "商",
     "负责全市内外贸易、招商引资和市场运行调节。"),
    ("文化和旅游局", "市文化旅游局", "wlj", "文旅",
     "负责全市公共文化服务、文物保护和旅游发展。"),
    ("卫生健康委员会", "市卫生健康委", "wjw", "卫健",
     "负责全市医疗卫生、公共卫生和疾病预防控制工作。"),
    ("应急管理局", "市应急局", "yjj", "应急",
     "负责全市应急管理、安全生产监督和防灾减灾救灾。"),
    ("审计局", "市审计局", "sjj", "审",
     "负责全市财政收支和公共资金的审计监督。"),
    ("市场监督管理局", "市市场监管局", "scjgj", "市监",
     "负责市场主体登记、食品药品安全和产品质量监督。"),
    ("统计局", "市统计局", "tjj", "统",
     "负责全市统计调查，发布国民经济和社会发展统计信息。"),
    ("医疗保障局", "市医保局", "ybj", "医保",
     "负责全市医疗保险、生育保险和医疗救助工作。"),
    ("信访局", "市信访局", "xfj", "信访",
     "负责受理群众来信来访，交办、督办信访事项。"),
    ("数据资源管理局", "市数据资源局", "sjzyj", "数据",
     "负责全市数据资源管理、政务服务和政府网站集约化建设。"),
)  # fmt: skip

COUNTIES = (
    # (name, slug, region code, document-number prefix, postcode, townships [(name, slug)])
    ("埇桥区", "yqq", "341302", "埇", "234000",
     (("符离镇", "fuli"), ("夹沟镇", "jiagou"), ("栏杆镇", "langan"), ("城东街道", "chengdong"))),
    ("砀山县", "dsx", "341321", "砀", "235300",
     (("砀城镇", "dangcheng"), ("周寨镇", "zhouzhai"), ("李庄镇", "lizhuang"), ("葛集镇", "geji"))),
    ("萧县", "xx", "341322", "萧", "235200",
     (("龙城镇", "longcheng"), ("黄口镇", "huangkou"), ("杨楼镇", "yanglou"), ("圣泉镇", "shengquan"))),
    ("灵璧县", "lbx", "341323", "灵", "234200",
     (("灵城镇", "lingcheng"), ("韦集镇", "weiji"), ("虞姬镇", "yuji"), ("娄庄镇", "louzhuang"))),
    ("泗县", "sx", "341324", "泗", "234300",
     (("泗城镇", "sicheng"), ("墩集镇", "dunji"), ("丁湖镇", "dinghu"), ("草沟镇", "caogou"))),
)  # fmt: skip

COUNTY_DEPARTMENTS = (
    ("教育局", "jyj", "教"),
    ("财政局", "czj", "财"),
    ("民政局", "mzj", "民"),
    ("农业农村局", "nyncj", "农"),
)

#: The department where every demo account holds its role.
DEMO_DEPARTMENT = "sz-jyj"
CITY = "suzhou"
CITY_OFFICE = "sz-zfb"


def region_bodies(seed: int) -> list[BodySpec]:
    """Every body of the demo region, in publishing-activity order (busiest first), with unit codes."""
    city = BodySpec(
        slug=CITY,
        name="宿州市人民政府",
        short_name="市政府",
        level=Level.CITY,
        kind=Kind.GOVERNMENT,
        region=CITY_REGION,
        place="宿州市",
        doc_prefix="宿政",
        template="article-20",
        functions="宿州市人民政府是宿州市的国家行政机关，领导全市各部门和各县区人民政府的工作。",
    )
    office = BodySpec(
        slug=CITY_OFFICE,
        name="宿州市人民政府办公室",
        short_name="市政府办",
        level=Level.CITY,
        kind=Kind.GENERAL_OFFICE,
        region=CITY_REGION,
        place="宿州市",
        doc_prefix="宿政办",
        template="general-office",
        parent=CITY,
        competent_authority=True,
        functions=(
            "协助市政府领导处理市政府日常工作；市政务公开办公室设在市政府办公室，为全市政府信息公开工作"
            "主管部门，负责推进、指导、协调、监督全市政府信息公开工作。"
        ),
    )
    departments = [
        BodySpec(
            slug=f"sz-{slug}",
            name=f"宿州市{name}",
            short_name=short,
            level=Level.CITY,
            kind=Kind.DEPARTMENT,
            region=CITY_REGION,
            place="宿州市",
            doc_prefix=f"宿{infix}",
            template="article-20",
            parent=CITY,
            functions=functions,
        )
        for name, short, slug, infix, functions in CITY_DEPARTMENTS
    ]
    by_slug = {d.slug: d for d in departments}
    busiest = ["sz-jyj", "sz-czj", "sz-rsj", "sz-wjw", "sz-mzj", "sz-zrzyj", "sz-fgw", "sz-zjj"]
    departments = [by_slug[s] for s in busiest] + [d for d in departments if d.slug not in busiest]

    counties: list[BodySpec] = []
    county_offices: list[BodySpec] = []
    county_departments: list[BodySpec] = []
    townships: list[BodySpec] = []
    for name, slug, region, prefix, postcode, towns in COUNTIES:
        gov = BodySpec(
            slug=slug,
            name=f"{name}人民政府",
            short_name=f"{name}政府",
            level=Level.COUNTY,
            kind=Kind.GOVERNMENT,
            region=region,
            place=name,
            doc_prefix=f"{prefix}政",
            template="basic-level",
            parent=CITY,
            postcode=postcode,
            functions=f"{name}人民政府是{name}的国家行政机关，负责本行政区域内的经济、社会和公共事务管理。",
        )
        counties.append(gov)
        county_offices.append(
            BodySpec(
                slug=f"{slug}-zfb",
                name=f"{name}人民政府办公室",
                short_name=f"{name}政府办",
                level=Level.COUNTY,
                kind=Kind.GENERAL_OFFICE,
                region=region,
                place=name,
                doc_prefix=f"{prefix}政办",
                template="general-office",
                parent=slug,
                competent_authority=True,
                postcode=postcode,
                functions=f"协助{name}政府领导处理日常工作，是{name}政府信息公开工作主管部门。",
            )
        )
        for dep_name, dep_slug, infix in COUNTY_DEPARTMENTS:
            county_departments.append(
                BodySpec(
                    slug=f"{slug}-{dep_slug}",
                    name=f"{name}{dep_name}",
                    short_name=f"{name}{dep_name}",
                    level=Level.COUNTY,
                    kind=Kind.DEPARTMENT,
                    region=region,
                    place=name,
                    doc_prefix=f"{prefix}{infix}",
                    template="article-20",
                    parent=slug,
                    postcode=postcode,
                )
            )
        for town, town_slug in towns:
            townships.append(
                BodySpec(
                    slug=f"{slug}-{town_slug}",
                    name=f"{name}{town}" if town.endswith("街道") else f"{name}{town}人民政府",
                    short_name=town,
                    level=Level.TOWNSHIP,
                    kind=Kind.GOVERNMENT,
                    region=region,
                    place=town,
                    doc_prefix=f"{town[:2]}政",
                    template="basic-level",
                    parent=slug,
                    postcode=postcode,
                    functions=f"负责{town}辖区内经济社会发展、公共服务和基层治理工作。",
                )
            )

    def unit(slug: str, name: str, short: str, kind: str, parent: str, registration: tuple[str, str],
             prefix: str, functions: str) -> BodySpec:  # fmt: skip
        return BodySpec(
            slug=slug,
            name=name,
            short_name=short,
            level=Level.CITY,
            kind=kind,
            region=CITY_REGION,
            place="宿州市",
            doc_prefix=prefix,
            template="article-20",
            parent=parent,
            registration=registration,
            functions=functions,
        )

    others = [
        unit("sz-sw", "国家税务总局宿州市税务局", "市税务局", Kind.VERTICAL, CITY, ("1", "1"), "宿税",
             "负责全市税收征收管理和纳税服务（垂直管理单位）。"),
        unit("sz-qxj", "宿州市气象局", "市气象局", Kind.VERTICAL, CITY, ("1", "1"), "宿气",
             "负责全市气象监测预报和气象灾害预警（垂直管理单位）。"),
        unit("sz-gs", "宿州市供水有限公司", "市供水公司", Kind.PUBLIC_INSTITUTION, CITY, ("9", "1"), "宿供水",
             "负责宿州市城区供水设施的建设运营和供水服务。"),
        unit("sz-gd", "国网安徽省电力有限公司宿州供电公司", "宿州供电公司", Kind.PUBLIC_INSTITUTION, CITY,
             ("9", "1"), "宿电", "负责宿州地区电网建设运营和供电服务。"),
        unit("sz-gj", "宿州市公共交通有限公司", "市公交公司", Kind.PUBLIC_INSTITUTION, CITY, ("9", "1"),
             "宿公交", "负责宿州市城区公共交通运营服务。"),
        unit("sz-yz", "宿州市第一中学", "宿州一中", Kind.PUBLIC_INSTITUTION, "sz-jyj", ("1", "2"), "宿一中",
             "普通高级中学，承担高中阶段教育教学工作（事业单位）。"),
        unit("sz-slyy", "宿州市立医院", "市立医院", Kind.PUBLIC_INSTITUTION, "sz-wjw", ("1", "2"), "宿立医",
             "三级综合医院，承担医疗、急救、教学和公共卫生任务（事业单位）。"),
    ]  # fmt: skip

    bodies = [
        city,
        office,
        *departments[:4],
        *counties,
        *departments[4:],
        *county_offices,
        *county_departments,
        *townships,
        *others,
    ]
    _assign_unit_codes(bodies, seed)
    return bodies


def _assign_unit_codes(bodies: list[BodySpec], seed: int) -> None:
    """Give every body a distinct, valid 统一社会信用代码 (deterministic for the seed)."""
    rnd = random.Random(seed * 31 + 7)
    used: set[str] = set()
    for body in bodies:
        while True:
            # 组织机构代码 body: government bodies' codes in Anhui look like 003xxxxx; others vary.
            lead = "00" if body.registration == ("1", "1") else "MA" if body.registration[0] == "9" else "48"
            core = f"{lead}{rnd.randrange(10**6):06d}"
            if core not in used:
                used.add(core)
                break
        body.unit_code = make_uscc(body.registration[0], body.registration[1], body.region, core)
