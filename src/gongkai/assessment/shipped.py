"""The assessment schemes shipped with Gongkai (templates: no authority), loaded by a data migration
(``0004_shipped_schemes``) and put back by ``sync_shipped_schemes`` (a later load never overwrites a
template: rows are only created when missing). A competent authority copies a template into a scheme
of its own (``services.schemes.copy_template``) and changes the copy.

- **陇川** — docs/SPEC.md §7 (篇一, a 镇's 2009 自评报告 "按照《陇川县政府信息公开工作评议考核办法》…
  对照陇川县政府信息公开目标评议考核细则"): 一、组织领导和机构情况 20分; 二、制度建设与监督检查 15分
  (the report reads “未建立奖惩机制扣5分”); 三、政府信息公开的内容 20分; 四、政府信息公开的形式 20分;
  五、政府信息公开的实效 20分. The five parts sum to **95**, not 100: the figures are the source's, kept
  as they are (``source_note`` says so). Every part is scored by hand with evidence;
  the source states no grades.
- **标准方案** — docs/SPEC.md §7 "Rules in use elsewhere" (国办秘函〔2019〕19号 and local 评议考核细则):
  deductions from 100, each capped at its criterion's points (−5 per item published late, 2019 条例
  第二十六条; −1 per missing metadata field; −6 per overdue request, 第三十三条; −3 per request
  corrected by 复议/诉讼, 第五十一条; −5 for an annual report late, unpublished or copied, 第四十九条、
  第五十条); vetoes (5 or more empty columns, 5 or more stale columns, a valid public message
  unanswered for more than 3 months); governments and departments in separate peer groups; bodies
  without public-service functions scored out of 75 × 4/3; below 60 fails, 67 passes, the top
  quarter 先进.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

LONGCHUAN = "longchuan"
STANDARD = "standard"

GRADES: dict[str, Any] = {
    "bands": [
        {"from": "0", "grade": gettext_noop("不合格")},
        {"from": "60", "grade": gettext_noop("基本合格")},
        {"from": "67", "grade": gettext_noop("合格")},
    ],
    "veto_grade": gettext_noop("不合格"),
    "top": {"share": "0.25", "grade": gettext_noop("先进"), "min_total": "67"},
}


def _c(
    code: str,
    title: str,
    kind: str,
    points: str,
    parent: str | None = None,
    *,
    groups: tuple[str, ...] = (),
    rules: tuple[dict[str, Any], ...] = (),
    guidance: str = "",
    evidence: bool = False,
) -> dict[str, Any]:
    return {
        "code": code,
        "title": title,
        "kind": kind,
        "max_points": points,
        "parent": parent,
        "groups": list(groups),
        "rules": list(rules),
        "guidance": guidance,
        "evidence_required": evidence,
    }


SCHEMES: tuple[dict[str, Any], ...] = (
    {
        "code": LONGCHUAN,
        "version": 1,
        "name": gettext_noop("陇川县政府信息公开目标评议考核细则"),
        "source_document": gettext_noop(
            "《陇川县政府信息公开工作评议考核办法》及陇川县政府信息公开目标评议考核细则"
        ),
        "source_note": gettext_noop(
            "依据种子材料003所载某镇2009年政府信息公开工作自评报告（篇一）整理：该报告按上述办法和细则"
            "逐项自评，五个部分分值为20、15、20、20、20分，合计95分（非100分），平台照录原文分值，未作调整；"
            "第二部分原文载明“未建立奖惩机制扣5分”。原文未规定等次，使用前请在本机关的方案中设置。"
        ),
        "config": {},
        "criteria": (
            _c(
                "一",
                "组织领导和机构情况",
                "manual",
                "20",
                guidance="成立政府信息公开领导小组并明确组长、副组长和成员；明确工作机构和信息联络员；"
                "制定年度政府信息公开和办事公开工作计划；及时向上级报送相关材料。",
                evidence=True,
            ),
            _c(
                "二",
                "制度建设与监督检查",
                "manual",
                "15",
                rules=({"type": "checklist", "label": "未建立奖惩机制", "points": "5"},),
                guidance="制定和完善信息公开、保密审查、重大决策预公开、首问责任、依申请公开、评议和责任追究"
                "等制度；公布咨询和投诉电话，接受人大、政协、监察部门和群众监督。未建立奖惩机制扣5分。",
                evidence=True,
            ),
            _c(
                "三",
                "政府信息公开的内容",
                "manual",
                "20",
                guidance="依照政府信息公开内容目录开展公开，及时修订、补充完善本单位目录；针对工作重点和群众"
                "关注的热点难点问题及时更新和充实公开内容，做到全面真实、及时准确、重点突出。",
                evidence=True,
            ),
            _c(
                "四",
                "政府信息公开的形式",
                "manual",
                "20",
                guidance="依托政府网站、宣传栏、板报、工作简报、会议文件、咨询电话等多种形式公开政府信息和"
                "办事信息，方便群众知情办事。",
                evidence=True,
            ),
            _c(
                "五",
                "政府信息公开的实效",
                "manual",
                "20",
                guidance="通过便于群众知晓的形式传递政府信息，为群众提供快捷、方便的服务，群众知情权得到保障。",
                evidence=True,
            ),
        ),
    },
    {
        "code": STANDARD,
        "version": 1,
        "name": gettext_noop("政府信息公开工作考核标准方案"),
        "source_document": gettext_noop(
            "《中华人民共和国政府信息公开条例》（2019年修订）、政府网站检查指标（国办秘函〔2019〕19号）"
            "及各地评议考核细则的通行规则"
        ),
        "source_note": gettext_noop(
            "平台根据通行规则整理：扣分制，满分100分，各项扣分以该项分值为限；无公共服务职能的单位不考核"
            "“依申请公开”，按75分计分后乘以4/3折算；空白栏目5个及以上、不更新栏目5个及以上、有效留言超过"
            "3个月未答复的，单项否决；低于60分为不合格，67分及以上为合格，同组前四分之一评为先进。"
        ),
        "config": {
            "groups": [
                {
                    "code": "government",
                    "label": gettext_noop("人民政府"),
                    "kinds": ["government", "general_office"],
                    "levels": [],
                    "scale": "1",
                },
                {
                    "code": "department",
                    "label": gettext_noop("政府部门"),
                    "kinds": ["department", "directly_under", "vertical", "public_institution", "authorized"],
                    "levels": [],
                    "scale": "1",
                },
                {
                    "code": "no_service",
                    "label": gettext_noop("无公共服务职能的单位"),
                    "kinds": [],
                    "levels": [],
                    "scale": "4/3",
                },
            ],
            "default_group": "department",
            "grades": GRADES,
            "min_samples": {"requests_on_time": 5, "messages_answered_in_limit": 5, "satisfaction_rate": 30},
        },
        "criteria": (
            _c("1", "主动公开", "group", "35"),
            _c(
                "1.1",
                "公开时效",
                "indicator",
                "20",
                "1",
                rules=(
                    {
                        "type": "per_unit",
                        "indicator": "items_late",
                        "points": "5",
                        "label": "超过20个工作日公开的信息",
                    },
                ),
                guidance="属于主动公开范围的政府信息，应当自形成或者变更之日起20个工作日内予以公开"
                "（2019年条例第二十六条）。每逾期1条扣5分。",
            ),
            _c(
                "1.2",
                "公开要素",
                "indicator",
                "15",
                "1",
                rules=(
                    {
                        "type": "per_unit",
                        "indicator": "metadata_missing",
                        "points": "1",
                        "label": "缺失的元数据项",
                    },
                ),
                guidance="公开信息的索引号、发布机构、成文日期、文号等要素齐全。每缺1项扣1分。",
            ),
            _c(
                "2",
                "依申请公开",
                "group",
                "25",
                groups=("government", "department"),
            ),
            _c(
                "2.1",
                "答复时限",
                "indicator",
                "15",
                "2",
                rules=(
                    {
                        "type": "per_unit",
                        "indicator": "requests_overdue",
                        "points": "6",
                        "label": "逾期答复的申请",
                    },
                ),
                guidance="在2019年条例第三十三条规定的期限内答复。每逾期1件扣6分。",
            ),
            _c(
                "2.2",
                "复议诉讼纠错",
                "indicator",
                "10",
                "2",
                rules=(
                    {
                        "type": "per_unit",
                        "indicator": "appeals_corrected",
                        "points": "3",
                        "label": "被复议、诉讼纠错的申请",
                    },
                ),
                guidance="因政府信息公开工作被行政复议决定撤销、变更、确认违法或被判决败诉（2019年条例"
                "第五十一条）。每件扣3分。",
            ),
            _c("3", "年度报告", "group", "10"),
            _c(
                "3.1",
                "按时公布",
                "indicator",
                "5",
                "3",
                rules=(
                    {
                        "type": "when",
                        "indicator": "annual_report_on_time",
                        "op": "eq",
                        "value": "0",
                        "points": "5",
                        "label": "年度报告按时公布",
                        "text": "年度报告未按时公布",
                    },
                ),
                guidance="部门每年1月31日前、人民政府每年3月31日前公布本机关上一年度政府信息公开工作年度报告"
                "（2019年条例第四十九条）。逾期或未公布扣5分；考核期不含该期限的不评价此项。",
            ),
            _c(
                "3.2",
                "内容规范",
                "manual",
                "5",
                "3",
                rules=({"type": "checklist", "label": "年度报告照搬照抄", "points": "5"},),
                guidance="年度报告内容符合2019年条例第五十条的规定，格式符合国务院办公厅要求，"
                "不照搬照抄往年或其他单位的报告。照搬照抄扣5分。",
            ),
            _c("4", "组织保障", "group", "30"),
            _c(
                "4.1",
                "组织领导",
                "manual",
                "10",
                "4",
                guidance="明确分管负责人和政府信息公开工作机构（2019年条例第四条），配备工作人员。",
                evidence=True,
            ),
            _c(
                "4.2",
                "制度建设",
                "manual",
                "10",
                "4",
                rules=({"type": "checklist", "label": "未建立奖惩机制", "points": "5"},),
                guidance="建立健全公开审查、依申请公开、考核、社会评议和责任追究等制度（2019年条例第四十六条）。"
                "未建立奖惩机制扣5分。",
                evidence=True,
            ),
            _c(
                "4.3",
                "监督检查与培训",
                "manual",
                "10",
                "4",
                guidance="开展政府信息公开工作的监督检查和业务培训，问题整改到位。",
                evidence=True,
            ),
            _c(
                "5",
                "空白栏目或不更新栏目",
                "veto",
                "0",
                rules=(
                    {
                        "type": "veto",
                        "indicator": "columns_empty",
                        "op": "ge",
                        "value": "5",
                        "label": "空白栏目",
                    },
                    {
                        "type": "veto",
                        "indicator": "columns_stale",
                        "op": "ge",
                        "value": "5",
                        "label": "不更新栏目",
                    },
                ),
                guidance="空白栏目5个及以上，或应更新未更新的栏目5个及以上的，单项否决。",
            ),
            _c(
                "6",
                "留言长期未答复",
                "veto",
                "0",
                rules=(
                    {
                        "type": "veto",
                        "indicator": "messages_unanswered_3_months",
                        "op": "ge",
                        "value": "1",
                        "label": "超过3个月未答复的有效留言",
                    },
                ),
                guidance="有效的公众留言超过3个月未答复的，单项否决。",
            ),
        ),
    },
)


def sync_shipped_schemes(apps: Any = None) -> None:
    """Create the shipped templates that are missing, published (``apps``: a migration's app
    registry, or None)."""
    from django.utils import timezone

    scheme_model: Any
    criterion_model: Any
    if apps is None:
        from gongkai.assessment.models import Criterion, Scheme

        scheme_model, criterion_model = Scheme, Criterion
    else:
        scheme_model = apps.get_model("assessment", "Scheme")
        criterion_model = apps.get_model("assessment", "Criterion")
    for data in SCHEMES:
        if scheme_model.objects.filter(authority=None, code=data["code"], version=data["version"]).exists():
            continue
        scheme = scheme_model.objects.create(
            authority=None,
            code=data["code"],
            version=data["version"],
            name=data["name"],
            source_document=data["source_document"],
            source_note=data["source_note"],
            state="published",
            published_at=timezone.now(),
            config=data["config"],
        )
        by_code: dict[str, Any] = {}
        for position, c in enumerate(data["criteria"], start=1):
            by_code[c["code"]] = criterion_model.objects.create(
                scheme=scheme,
                parent=by_code.get(c["parent"]) if c["parent"] else None,
                code=c["code"],
                title=c["title"],
                kind=c["kind"],
                max_points=c["max_points"],
                position=position * 10,
                groups=c["groups"],
                rules=c["rules"],
                guidance=c["guidance"],
                evidence_required=c["evidence_required"],
            )
