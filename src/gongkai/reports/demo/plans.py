"""The demo's annual-report history as data: what each reporting body did in the two years (how many
requests, 规范性文件 and 规章, appeals, entered figures with their sources, problems it would name),
and the narrative sections written from the computed figures (``gongkai.reports.demo.reports`` uses both).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from gongkai.foi.legal import AppealKind, AppealResult, ApplicantType, Outcome
from gongkai.orgs.models import Organization
from gongkai.reports import figures as report_figures
from gongkai.reports.models import ReportState
from gongkai.reports.national import Figures


@dataclass(frozen=True)
class BodyPlan:
    """What one body did in the two years, and where its newer report stands."""

    slug: str
    requests: tuple[int, int]  # requests received in (older year, newer year)
    normative: tuple[int, int]  # 行政规范性文件 made
    regulations: tuple[int, int]  # 规章 made (a government with legislative power only)
    newer_state: str  # state of the newer year's report
    #: entered figures of 表二 per year: 行政许可, 行政处罚, 行政强制 decisions, 行政事业性收费 (万元)
    entered: tuple[tuple[int, int, int, str], tuple[int, int, int, str]]
    sources: tuple[str, str, str, str]
    wants: tuple[str, ...]  # what applicants ask this body for
    policies: tuple[str, ...]  # names of its 规范性文件 (《…》)
    #: appeals per year: (kind, result, after a review of the same year)
    appeals: tuple[tuple[tuple[str, str, bool], ...], tuple[tuple[str, str, bool], ...]] = ((), ())
    problems: tuple[str, str] = ("", "")
    regulation_names: tuple[str, ...] = ()


REVIEW, LITIGATION = AppealKind.REVIEW, AppealKind.LITIGATION
UPHELD, CORRECTED, OTHER = AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER

PLANS: tuple[BodyPlan, ...] = (
    BodyPlan(
        slug="sz-jyj",
        requests=(16, 22),
        normative=(3, 4),
        regulations=(0, 0),
        newer_state=ReportState.PUBLISHED,
        entered=((412, 9, 0, "0"), (436, 12, 0, "0")),
        sources=(
            "安徽政务服务网宿州分厅审批系统统计",
            "本局行政执法案卷统计",
            "本局行政执法案卷统计",
            "本局年度财务决算报表",
        ),
        wants=(
            "{year}年度宿州市义务教育阶段学校招生划片范围及依据文件",
            "{year}年度教育经费投入统计公告及各县区生均公用经费标准",
            "{year}年宿州市学前教育资助资金分配明细",
            "民办学校年检结果及年检标准",
            "教师招聘考试成绩复核程序的规定文件",
            "校外培训机构审批名单及审批依据",
            "中小学校舍安全改造工程招标文件及中标结果",
            "某中学扩建项目环境影响评价相关材料",
        ),
        policies=(
            "宿州市中小学校学生欺凌防治工作实施办法",
            "宿州市民办义务教育学校招生管理办法",
            "宿州市校外培训机构监督管理办法",
            "宿州市中小学教师招聘管理办法",
            "宿州市学生资助资金管理实施细则",
            "宿州市中小学校课后服务管理办法",
            "宿州市义务教育阶段学校招生入学工作实施意见",
            "宿州市中小学校长职级制管理办法",
        ),
        appeals=(
            ((REVIEW, UPHELD, False),),
            ((REVIEW, UPHELD, False), (REVIEW, CORRECTED, False), (LITIGATION, UPHELD, False)),
        ),
        problems=(
            "政策解读形式较为单一，图解、视频等解读方式运用不多；依申请公开答复文书的说理还不够充分",
            "部分县区教育部门信息发布的及时性有待提高；政府信息管理动态调整机制还需完善",
        ),
    ),
    BodyPlan(
        slug="suzhou",
        requests=(18, 22),
        normative=(4, 5),
        regulations=(1, 2),
        newer_state=ReportState.PUBLISHED,
        entered=((36, 0, 0, "0"), (41, 0, 0, "0")),
        sources=(
            "市政务服务管理局审批系统统计",
            "市司法局行政执法监督平台统计",
            "市司法局行政执法监督平台统计",
            "市财政局非税收入管理系统统计",
        ),
        wants=(
            "{year}年宿州市政府常务会议研究重大建设项目的会议纪要",
            "市区某地块国有土地上房屋征收决定及补偿方案",
            "{year}年宿州市重点民生工程实施情况",
            "宿州市城市总体规划修编的批复文件",
            "某村集体土地征收的批准文件及征地补偿安置方案",
            "{year}年市政府工作报告确定的重点工作任务分解文件",
            "市区老旧小区改造项目名单及资金安排",
            "宿州市中心城区停车收费标准的制定依据",
        ),
        policies=(
            "宿州市人民政府关于进一步优化营商环境的若干意见",
            "宿州市国有土地上房屋征收与补偿实施办法",
            "宿州市城市居民最低生活保障实施办法",
            "宿州市政府投资项目管理办法",
            "宿州市城市居民住房保障实施意见",
            "宿州市行政规范性文件制定和监督管理办法",
            "宿州市政府向社会力量购买服务管理办法",
            "宿州市重大行政决策程序实施细则",
            "宿州市公共资源交易管理办法",
            "宿州市数据资源管理办法",
        ),
        appeals=(
            ((REVIEW, UPHELD, False), (REVIEW, UPHELD, False), (LITIGATION, UPHELD, True)),
            (
                (REVIEW, UPHELD, False),
                (REVIEW, OTHER, False),
                (REVIEW, CORRECTED, False),
                (LITIGATION, UPHELD, False),
            ),
        ),
        regulation_names=(
            "宿州市城市绿化管理办法",
            "宿州市城市供水节约用水管理办法",
            "宿州市公共租赁住房管理办法",
        ),
        problems=(
            "政策解读的针对性和可读性还需增强；基层政务公开标准化规范化建设推进不够平衡",
            "政府信息公开专栏部分栏目更新不够及时；依申请公开办理的规范化水平还需进一步提高",
        ),
    ),
    BodyPlan(
        slug="sz-czj",
        requests=(5, 6),
        normative=(2, 3),
        regulations=(0, 0),
        newer_state=ReportState.ACCEPTED,
        entered=((0, 2, 0, "0"), (0, 3, 0, "0")),
        sources=(
            "本局行政审批事项统计",
            "本局会计监督检查案卷统计",
            "本局行政执法案卷统计",
            "本局年度财务决算报表",
        ),
        wants=(
            "{year}年度宿州市市级部门预算公开情况汇总",
            "{year}年市级财政专项资金分配明细",
            "政府采购项目的采购文件及中标结果",
            "{year}年宿州市政府债务限额及余额情况",
        ),
        policies=(
            "宿州市市级财政专项资金管理办法",
            "宿州市政府采购内部控制管理办法",
            "宿州市市级预算绩效管理实施办法",
            "宿州市行政事业单位国有资产管理办法",
            "宿州市政府购买服务指导性目录管理办法",
        ),
        problems=(
            "预决算公开的细化程度还需提高；财政政策解读的通俗性有待增强",
            "部分专项资金分配结果公开还不够及时；依申请公开答复的说理性需进一步加强",
        ),
    ),
    BodyPlan(
        slug="sz-rsj",
        requests=(8, 10),
        normative=(3, 2),
        regulations=(0, 0),
        newer_state=ReportState.SUBMITTED,
        entered=((1796, 23, 0, "32.4500"), (1852, 27, 0, "35.6200")),
        sources=(
            "安徽政务服务网宿州分厅审批系统统计",
            "本局劳动保障监察案卷统计",
            "本局劳动保障监察案卷统计",
            "市人事考试中心年度财务决算报表",
        ),
        wants=(
            "{year}年宿州市事业单位公开招聘笔试成绩及录用名单",
            "本单位职工工伤认定决定书及认定依据",
            "{year}年度宿州市最低工资标准调整文件",
            "某企业欠薪案件的劳动保障监察处理决定",
            "{year}年就业补助资金使用情况",
        ),
        policies=(
            "宿州市就业创业补贴资金管理办法",
            "宿州市高层次人才引进实施办法",
            "宿州市工伤保险经办规程实施细则",
            "宿州市职业技能提升行动实施方案",
            "宿州市事业单位公开招聘人员实施办法",
        ),
        appeals=(((REVIEW, UPHELD, False),), ((REVIEW, UPHELD, False),)),
        problems=(
            "社会保障政策的解读还不够通俗易懂；基层服务事项的公开还不够全面",
            "就业创业政策的主动推送还不够精准；政务公开工作人员的业务能力有待提高",
        ),
    ),
    BodyPlan(
        slug="sz-mzj",
        requests=(4, 5),
        normative=(2, 2),
        regulations=(0, 0),
        newer_state=ReportState.RETURNED,
        entered=((198, 4, 0, "0"), (214, 4, 0, "0")),
        sources=(
            "社会组织登记管理系统统计",
            "本局行政执法案卷统计",
            "本局行政执法案卷统计",
            "本局年度财务决算报表",
        ),
        wants=(
            "{year}年宿州市城乡低保资金发放明细",
            "某社会组织的登记和年检情况",
            "{year}年养老服务补贴发放标准及对象名单",
        ),
        policies=(
            "宿州市特困人员救助供养实施办法",
            "宿州市养老服务补贴实施办法",
            "宿州市社会组织登记管理实施细则",
            "宿州市临时救助实施办法",
        ),
        problems=(
            "社会救助信息公开的及时性还需提高；政策解读的形式不够丰富",
            "基层民政服务事项的公开标准还不够统一；政务公开队伍力量相对薄弱",
        ),
    ),
    BodyPlan(
        slug="dsx",
        requests=(10, 12),
        normative=(3, 3),
        regulations=(0, 0),
        newer_state=ReportState.DRAFT,
        entered=((88, 0, 0, "0"), (96, 0, 0, "0")),
        sources=(
            "县数据资源管理局审批系统统计",
            "县司法局行政执法监督平台统计",
            "县司法局行政执法监督平台统计",
            "县财政局非税收入管理系统统计",
        ),
        wants=(
            "砀山县某镇集体土地征收的批准文件及补偿标准",
            "{year}年砀山县涉农补贴资金发放明细",
            "砀山县城区某路段拓宽工程的立项批复",
            "{year}年度砀山县财政预算执行情况",
            "砀山县农村危房改造对象名单及补助标准",
        ),
        policies=(
            "砀山县农村集体经济组织财务管理办法",
            "砀山县城乡居民基本医疗保险实施办法",
            "砀山县国有土地上房屋征收补偿安置办法",
            "砀山县农村宅基地管理办法",
            "砀山县政府投资项目管理办法",
            "砀山县酥梨产业发展扶持办法",
        ),
        appeals=(((REVIEW, CORRECTED, False),), ((LITIGATION, OTHER, False),)),
        problems=(
            "乡镇政务公开工作发展不够平衡；政策解读的质量有待提高",
            "部分乡镇信息发布不够及时；依申请公开办理人员业务水平有待提高",
        ),
    ),
)

#: Outcomes drawn for the demo's requests, weighted roughly as real reports show them.
OUTCOME_WEIGHTS: tuple[tuple[str, int], ...] = (
    (Outcome.GRANTED, 40),
    (Outcome.PARTIAL, 8),
    (Outcome.REFUSED_STATE_SECRET, 1),
    (Outcome.REFUSED_THREE_SECURITIES, 1),
    (Outcome.REFUSED_THIRD_PARTY, 3),
    (Outcome.REFUSED_INTERNAL, 2),
    (Outcome.REFUSED_PROCESS, 3),
    (Outcome.REFUSED_ENFORCEMENT, 1),
    (Outcome.REFUSED_QUERY, 1),
    (Outcome.UNABLE_NOT_HELD, 20),
    (Outcome.UNABLE_NEEDS_CREATION, 3),
    (Outcome.UNABLE_STILL_UNCLEAR, 2),
    (Outcome.NOT_HANDLED_PETITION, 3),
    (Outcome.NOT_HANDLED_REPEAT, 3),
    (Outcome.NOT_HANDLED_PUBLICATION, 1),
    (Outcome.NOT_HANDLED_CONFIRM, 1),
    (Outcome.OTHER_NO_CORRECTION, 3),
    (Outcome.OTHER, 3),
)
APPLICANT_WEIGHTS: tuple[tuple[str, int], ...] = (
    (ApplicantType.PERSON, 78),
    (ApplicantType.BUSINESS, 10),
    (ApplicantType.RESEARCH, 2),
    (ApplicantType.PUBLIC_WELFARE, 2),
    (ApplicantType.LEGAL_SERVICE, 5),
    (ApplicantType.OTHER_ORG, 3),
)

#: Improvements a report names in section 五 (two are drawn per report).
MEASURES = (
    "健全政策解读与文件同步起草、同步审签、同步发布机制，多用图解、问答等形式解读重要政策",
    "建立公开专栏栏目更新台账，按月检查、按季度通报，确保信息发布及时准确",
    "开展依申请公开答复文书专项评查，统一答复格式，加强说理和法律依据的引用",
    "组织政务公开业务培训，提高工作人员依法公开和保密审查的能力",
    "动态调整主动公开目录和政府信息公开指南，及时清理、更新现行有效的规范性文件",
)

#: The return comment of the report sent back (市民政局, newer year).
RETURN_COMMENT = (
    "经审核，请修改后重新报送：1.第三部分对“无法提供”的情形说明过于简单，请补充未制作或获取信息的具体原因；"
    "2.第五部分改进措施应与存在问题逐条对应，并写明完成时限。"
)


# -- the narrative ---------------------------------------------------------------------------------------


def _n(figures: Figures, table: str, row: str, col: str = "total") -> int:
    return int(figures[table].get((row, col)) or 0)


def _sum(figures: Figures, prefix: str) -> int:
    return sum(
        int(v or 0)
        for (row, col), v in figures["table3"].items()
        if col == "total" and (row == prefix or row.startswith(prefix + "."))
    )


def narrative(
    org: Organization,
    year: int,
    figures: Figures,
    *,
    published: int,
    late: int,
    problems: str,
    rng: random.Random,
) -> dict[str, str]:
    """The six sections, written from the figures (what a disclosure office writes every January)."""
    name = org.name
    t2 = figures["table2"]
    new, carried_in = _n(figures, "table3", "new"), _n(figures, "table3", "carried_in")
    done, carried_out = _n(figures, "table3", "outcome_total"), _n(figures, "table3", "carried_out")
    persons = _n(figures, "table3", "new", "person")
    granted, partial = _sum(figures, "1"), _sum(figures, "2")
    refused, unable, not_handled, other = (_sum(figures, g) for g in ("3", "4", "5", "6"))
    made = int(t2["normative", "made"] or 0)
    abolished = int(t2["normative", "abolished"] or 0)
    in_force = int(t2["normative", "in_force"] or 0)
    regs = int(t2["regulation", "made"] or 0)
    fees_paid = Decimal(figures.get("extra", {}).get(("fees", report_figures.FEES_COLLECTED)) or 0)
    interpretations = max(1, made + rng.randint(0, 3))
    proposals = rng.randint(6, 40)

    regs_text = f"制定规章{regs}件，" if regs else ""
    section_1 = (
        f"{year}年，{name}认真贯彻落实《中华人民共和国政府信息公开条例》和国家、省、市关于政务公开工作的部署要求，"
        "坚持以公开为常态、不公开为例外，围绕中心工作深化政务公开，以公开促落实、促规范、促服务。\n"
        f"（一）主动公开。全年通过政府信息公开专栏主动公开政府信息{published}条，{regs_text}"
        f"制发行政规范性文件{made}件，均按规定在政府网站和政府公报同步公开；围绕重要政策发布解读材料{interpretations}篇。\n"
        f"（二）依申请公开。全年新收政府信息公开申请{new}件，上年结转{carried_in}件，办结{done}件，"
        f"{'均在法定期限内答复' if not late else f'其中{late}件超过法定期限答复，已逐件分析原因并整改'}。\n"
        "（三）政府信息管理。严格落实公开前保密审查和发布审核制度，对行政规范性文件实行统一登记、统一编号、统一发布，"
        f"年内对现行有效的行政规范性文件进行了全面清理，宣布失效或废止{abolished}件。\n"
        "（四）平台建设。依托政府信息公开平台统一发布、统一管理，及时更新政府信息公开指南和目录，"
        "做好政府网站与政务新媒体的协同发布。\n"
        "（五）监督保障。将政务公开工作纳入年度目标管理考核，明确分管负责同志和工作人员，"
        "组织开展业务培训，按季度检查公开专栏更新情况并通报结果。"
    )
    section_2 = (
        f"本年度制发行政规范性文件{made}件，废止（失效）{abolished}件，截至{year}年12月31日现行有效{in_force}件"
        + (f"；制定规章{regs}件" if regs else "")
        + "。行政许可、行政处罚、行政强制和行政事业性收费情况据本机关业务系统统计，详见下表。"
    )
    parts = [
        f"予以公开{granted}件",
        f"部分公开{partial}件",
        f"不予公开{refused}件",
        f"无法提供{unable}件",
        f"不予处理{not_handled}件",
        f"其他处理{other}件",
    ]
    section_3 = (
        f"{year}年，本机关共收到政府信息公开申请{new}件，其中自然人申请{persons}件，"
        f"法人或其他组织申请{new - persons}件；"
        f"上年结转{carried_in}件。本年度办结{done}件，其中{'，'.join(parts)}；结转下年度继续办理{carried_out}件。"
        "“无法提供”的主要原因是所申请信息本机关未制作或获取；“不予处理”的主要是信访、投诉、举报类申请和重复申请。"
    )
    review_total = _n(figures, "table4", "all", "review.total")
    direct_total = _n(figures, "table4", "all", "direct.total")
    after_total = _n(figures, "table4", "all", "after_review.total")
    corrected = sum(
        _n(figures, "table4", "all", f"{g}.corrected") for g in ("review", "direct", "after_review")
    )

    def results(group: str) -> str:
        labels = (
            ("upheld", "结果维持"),
            ("corrected", "结果纠正"),
            ("other", "其他结果"),
            ("pending", "尚未审结"),
        )
        counts = [(label, _n(figures, "table4", "all", f"{group}.{key}")) for key, label in labels]
        return "，".join(f"{label}{n}件" for label, n in counts if n)

    if review_total + direct_total + after_total == 0:
        section_4 = f"{year}年，本机关未发生因政府信息公开工作引起的行政复议和行政诉讼。"
    else:
        review = (
            f"被申请行政复议{review_total}件（{results('review')}）" if review_total else "未被申请行政复议"
        )
        routes = [
            f"{label}{n}件（{results(group)}）"
            for group, label, n in (
                ("direct", "未经复议直接起诉", direct_total),
                ("after_review", "复议后起诉", after_total),
            )
            if n
        ]
        litigation = (
            f"被提起行政诉讼{direct_total + after_total}件，其中{'，'.join(routes)}"
            if routes
            else "未被提起行政诉讼"
        )
        section_4 = f"{year}年，本机关因政府信息公开工作{review}；{litigation}。" + (
            "对被纠正的案件，已逐件分析原因，进一步规范答复文书的说理和法律依据。" if corrected else ""
        )
    first, second = [*problems.split("；", 1), ""][:2]
    measures = rng.sample(MEASURES, 2)
    section_5 = (
        f"（一）存在的主要问题。一是{first}；二是{second}。\n"
        f"（二）改进措施。一是{measures[0]}，{year + 1}年6月底前完成；"
        f"二是{measures[1]}，{year + 1}年底前完成。"
    )
    fee_text = (
        f"本年度依据《政府信息公开信息处理费管理办法》收取信息处理费{fees_paid:.2f}元。"
        if fees_paid
        else "本年度未收取信息处理费。"
    )
    section_6 = (
        f"（一）信息处理费收取情况。{fee_text}\n"
        f"（二）人大代表建议和政协提案办理结果公开情况。本年度承办人大代表建议和政协提案{proposals}件，"
        "均按期办结，办理复文已按规定主动公开。\n"
        f"（三）年度工作要点落实情况。已按照{year}年政务公开工作要点逐项落实，完成情况在门户网站公开。"
    )
    return {
        "section_1": section_1,
        "section_2": section_2,
        "section_3": section_3,
        "section_4": section_4,
        "section_5": section_5,
        "section_6": section_6,
    }
