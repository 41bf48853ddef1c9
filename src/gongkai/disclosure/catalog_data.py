"""The catalog templates and class lists shipped with Gongkai, as plain data (docs/SPEC.md §2.1, §2.3).

A data migration loads them; ``gongkai.disclosure.services.catalog.sync_shipped_data`` can be run
again after an upgrade and only adds what is missing.
"""

from __future__ import annotations

from typing import Any

Column = tuple[str, list[Any]]  # (name, children)

ARTICLE_20_ITEMS = [
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
]
ARTICLE_21_ITEMS = ["市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助"]

BASIC_LEVEL_FIELDS = [
    "城乡规划",
    "重大建设项目",
    "公共资源交易",
    "财政预决算",
    "安全生产",
    "税收管理",
    "农村集体土地征收",
    "国有土地上房屋征收与补偿",
    "保障性住房",
    "农村危房改造",
    "生态环境",
    "公共文化服务",
    "公共法律服务",
    "扶贫",
    "救灾",
    "食品药品监管",
    "城市综合执法",
    "就业",
    "社会保险",
    "社会救助",
    "养老服务",
    "户籍管理",
    "涉农补贴",
    "义务教育",
    "卫生健康",
    "市政服务",
]

TEMPLATES: list[dict[str, Any]] = [
    {
        "code": "article-20",
        "name": "《政府信息公开条例》第二十条、第二十一条法定主动公开内容",
        "basis": "《中华人民共和国政府信息公开条例》（2019年修订）第二十条、第二十一条",
        "description": (
            "各级行政机关应当依照第二十条主动公开的十五类政府信息；"
            "设区的市级、县级人民政府及其部门还应主动公开第二十一条所列信息。"
        ),
        "columns": [
            *[(name, []) for name in ARTICLE_20_ITEMS],
            (
                "第二十一条：市、县级人民政府及其部门、乡（镇）人民政府主动公开的信息",
                [(name, []) for name in ARTICLE_21_ITEMS],
            ),
        ],
    },
    {
        "code": "general-office",
        "name": "政府办公厅（室）主动公开目录",
        "basis": "规范政府办公厅（室）政府信息公开工作的栏目设置",
        "description": "政府办公厅（室）自身主动公开政府信息的共性栏目，各地可适当增删子栏目。",
        "columns": [
            (
                "机构设置概况",
                [("机构职能", []), ("领导班子成员和工作分工", []), ("内设机构", []), ("下属单位", [])],
            ),
            (
                "政策法规",
                [("法律", []), ("法规", []), ("规章", []), ("规范性文件", []), ("政策法规解读", [])],
            ),
            (
                "业务工作",
                [
                    ("工作计划", []),
                    ("工作简报", []),
                    ("领导讲话", []),
                    ("工作总结", []),
                    ("政府信息公开工作", []),
                    ("市长信箱/人民来信办理", []),
                    ("市长公开电话办理", []),
                    ("其他业务工作", []),
                ],
            ),
            ("其他", [("其他需主动公开的信息", []), ("资料下载", [])]),
        ],
    },
    {
        "code": "city-platform",
        "name": "市级政府信息公开平台目录",
        "basis": "市、县、乡三级统一政府信息公开目录",
        "description": "市、县、乡三级政府及其部门统一使用的政府信息公开目录。",
        "columns": [
            ("政府领导", []),
            ("政府机构", []),
            ("人事信息", []),
            ("政府规范性文件", []),
            ("行政法规、规章", []),
            ("提交市人大报告", []),
            ("国民经济和社会发展规划", []),
            ("财政预算决算报告", []),
            ("统计信息", []),
            ("政府会议", []),
            ("重点工作", []),
            ("重大建设项目", []),
            ("政府集中采购", []),
            ("应急管理", []),
            ("公告和新闻发布", []),
            ("民生公益", []),
            ("其他", []),
        ],
    },
    {
        "code": "basic-level",
        "name": "基层政务公开标准目录（26个领域）",
        "basis": "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）",
        "description": "县、乡两级按26个试点领域编制的政务公开事项标准目录。",
        "columns": [(name, []) for name in BASIC_LEVEL_FIELDS],
        "standard": {
            "公开内容": "依据本领域标准指引梳理的公开要素",
            "公开依据": "《中华人民共和国政府信息公开条例》及本领域法律法规",
            "公开时限": "自信息形成或者变更之日起20个工作日内",
            "公开主体": "本级人民政府及其部门",
            "公开渠道和载体": "政府网站、政务新媒体、公开栏",
            "公开对象": "全社会",
            "公开方式": "主动公开",
        },
    },
]

# 栏目更新类别 of the shipped template columns (docs/SPEC.md §7; the intervals are in
# ``gongkai.disclosure.column_updates``): by column name; a template column with sub-columns is a
# heading (its items go in the sub-columns) and has no update duty; a name not listed here is a
# column of notices and documents (通知公告/政策文件, 6 months).
UPDATE_CLASS_BY_NAME: dict[str, str] = {
    # static pages: what the body is, not what it does (no update duty; may still be empty)
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名": "static",
    "机构职能": "static",
    "内设机构": "static",
    "下属单位": "static",
    "政府机构": "static",
    "资料下载": "static",
    # news: 动态/要闻, 2 weeks
    "工作简报": "news",
    "公告和新闻发布": "news",
    # 人事 and 规划计划 (and the other yearly documents: budgets, annual reports), 1 year
    "国民经济和社会发展规划、专项规划、区域规划及相关政策": "yearly",
    "国民经济和社会发展规划": "yearly",
    "城乡规划": "yearly",
    "工作计划": "yearly",
    "工作总结": "yearly",
    "财政预算、决算信息": "yearly",
    "财政预算决算报告": "yearly",
    "财政预决算": "yearly",
    "行政事业性收费项目及其依据、标准": "yearly",
    "公务员招考的职位、名额、报考条件等事项以及录用结果": "yearly",
    "领导班子成员和工作分工": "yearly",
    "政府领导": "yearly",
    "人事信息": "yearly",
    "提交市人大报告": "yearly",
    "政府信息公开工作": "yearly",
    "法律": "yearly",
    "法规": "yearly",
}
DEFAULT_UPDATE_CLASS = "notices"


def update_class_for(name: str, *, has_children: bool) -> str:
    """The update class a shipped template column gets (see :data:`UPDATE_CLASS_BY_NAME`)."""
    if has_children:
        return "static"
    return UPDATE_CLASS_BY_NAME.get(name, DEFAULT_UPDATE_CLASS)


# 体裁分类: the document kinds of 《党政机关公文处理工作条例》 led by 政府令
# (docs/SPEC.md §2.1: 01 政府令, 02 决定, …).
GENRES = [
    "政府令",
    "决定",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "函",
    "纪要",
    "决议",
    "公报",
    "议案",
    "规划",
    "其他",
]

# 主题分类: the State Council public information catalog's topic classes.
TOPICS = [
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
]

AUDIENCES = ["全社会", "公民", "企业", "社会组织", "农民", "学生", "老年人", "残疾人", "公务员", "其他"]

COMBINED = ["规范性文件", "政策解读", "规划计划", "财政资金", "人事信息", "应急管理", "重点项目", "其他"]

CLASSIFICATIONS: dict[str, list[str]] = {
    "genre": GENRES,
    "topic": TOPICS,
    "audience": AUDIENCES,
    "combined": COMBINED,
}
