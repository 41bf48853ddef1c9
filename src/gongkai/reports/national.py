"""The national format of the annual report (国办公开办函〔2021〕30号, docs/SPEC.md §6), as plain data.

No Django. Every cell of 表二, 表三 and 表四 has a key; figures travel as ``{table: {(row, col): n}}``
and the check rules below name the cell and the reason in Chinese. The labels are exactly those of
the form, because the report is compared against it line by line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "TABLE2_ROWS",
    "TABLE3_COLUMNS",
    "TABLE3_ROWS",
    "TABLE4_COLUMNS",
    "CheckError",
    "check",
    "empty_figures",
]

SECTIONS = [
    ("1", "一、总体情况"),
    ("2", "二、主动公开政府信息情况"),
    ("3", "三、收到和处理政府信息公开申请情况"),
    ("4", "四、政府信息公开行政复议、行政诉讼情况"),
    ("5", "五、存在的主要问题及改进情况"),
    ("6", "六、其他需要报告的事项"),
]

# -- 表二 ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table2Group:
    article: str  # 第二十条第（一）项
    columns: tuple[tuple[str, str], ...]  # (key, label)
    rows: tuple[tuple[str, str], ...]  # (key, label)


TABLE2: tuple[Table2Group, ...] = (
    Table2Group(
        "第二十条第（一）项",
        (("made", "本年制发件数"), ("abolished", "本年废止件数"), ("in_force", "现行有效件数")),
        (("regulation", "规章"), ("normative", "行政规范性文件")),
    ),
    Table2Group("第二十条第（五）项", (("decisions", "本年处理决定数量"),), (("licensing", "行政许可"),)),
    Table2Group(
        "第二十条第（六）项",
        (("decisions", "本年处理决定数量"),),
        (("penalty", "行政处罚"), ("coercion", "行政强制")),
    ),
    Table2Group(
        "第二十条第（八）项", (("income", "本年收费金额（单位：万元）"),), (("fees", "行政事业性收费"),)
    ),
)
TABLE2_ROWS = [row for group in TABLE2 for row, _ in group.rows]
#: The cells of 表二 the platform computes from the catalog; the others are entered by staff.
TABLE2_COMPUTED = {
    (row, col) for row in ("regulation", "normative") for col in ("made", "abolished", "in_force")
}
TABLE2_ENTERED = {
    ("licensing", "decisions"),
    ("penalty", "decisions"),
    ("coercion", "decisions"),
    ("fees", "income"),
}

# -- 表三 ------------------------------------------------------------------------------------------

#: (key, label); the five kinds of 法人或其他组织 sit under one merged header.
TABLE3_COLUMNS: tuple[tuple[str, str], ...] = (
    ("person", "自然人"),
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("public_welfare", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
TABLE3_ORG_COLUMNS = ("business", "research", "public_welfare", "legal_service", "other_org")
TABLE3_PART_COLUMNS = ("person", *TABLE3_ORG_COLUMNS)

#: (key, label, group label or ""): the outcome rows carry the codes of ``foi.legal.Outcome``.
TABLE3_ROWS: tuple[tuple[str, str, str], ...] = (
    ("new", "一、本年新收政府信息公开申请数量", ""),
    ("carried_in", "二、上年结转政府信息公开申请数量", ""),
    ("1", "（一）予以公开", "三、本年度办理结果"),
    ("2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "三、本年度办理结果"),
    ("3.1", "1.属于国家秘密", "（三）不予公开"),
    ("3.2", "2.其他法律行政法规禁止公开", "（三）不予公开"),
    ("3.3", "3.危及“三安全一稳定”", "（三）不予公开"),
    ("3.4", "4.保护第三方合法权益", "（三）不予公开"),
    ("3.5", "5.属于三类内部事务信息", "（三）不予公开"),
    ("3.6", "6.属于四类过程性信息", "（三）不予公开"),
    ("3.7", "7.属于行政执法案卷", "（三）不予公开"),
    ("3.8", "8.属于行政查询事项", "（三）不予公开"),
    ("4.1", "1.本机关不掌握相关政府信息", "（四）无法提供"),
    ("4.2", "2.没有现成信息需要另行制作", "（四）无法提供"),
    ("4.3", "3.补正后申请内容仍不明确", "（四）无法提供"),
    ("5.1", "1.信访举报投诉类申请", "（五）不予处理"),
    ("5.2", "2.重复申请", "（五）不予处理"),
    ("5.3", "3.要求提供公开出版物", "（五）不予处理"),
    ("5.4", "4.无正当理由大量反复申请", "（五）不予处理"),
    ("5.5", "5.要求行政机关确认或重新出具已获取信息", "（五）不予处理"),
    ("6.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("6.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("6.3", "3.其他", "（六）其他处理"),
    ("outcome_total", "（七）总计", "三、本年度办理结果"),
    ("carried_out", "四、结转下年度继续办理", ""),
)
TABLE3_OUTCOME_ROWS = tuple(key for key, _, _ in TABLE3_ROWS if key[0].isdigit())
TABLE3_CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# -- 表四 ------------------------------------------------------------------------------------------

TABLE4_RESULTS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
TABLE4_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("direct", "未经复议直接起诉"),
    ("after_review", "复议后起诉"),
)
TABLE4_COLUMNS = [(group, result) for group, _ in TABLE4_GROUPS for result, _ in TABLE4_RESULTS]

Figures = dict[str, dict[tuple[str, str], int | Decimal | None]]


def empty_figures() -> Figures:
    """Every cell of the three tables, zero (entered cells of 表二: None until entered)."""
    table2: dict[tuple[str, str], int | Decimal | None] = {cell: 0 for cell in TABLE2_COMPUTED}
    table2.update({cell: None for cell in TABLE2_ENTERED})
    return {
        "table2": table2,
        "table3": {(row, col): 0 for row, _, _ in TABLE3_ROWS for col, _ in TABLE3_COLUMNS},
        "table4": {("all", f"{group}.{result}"): 0 for group, result in TABLE4_COLUMNS},
    }


# -- the check rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckError:
    table: str  # 表二 / 表三 / 表四 / 跨年度
    cell: str  # the cell in the form's words, e.g. "三、本年度办理结果（七）总计 × 商业企业"
    message: str


def _col_label(col: str) -> str:
    return dict(TABLE3_COLUMNS)[col]


def _row_label(row: str) -> str:
    for key, label, group in TABLE3_ROWS:
        if key == row:
            return f"{group}{label}" if group and not group.startswith("三") else label
    raise KeyError(row)


def check(figures: Figures, *, last_year_carried_out: Mapping[str, int] | None = None) -> list[CheckError]:
    """The check rules printed on the form (docs/SPEC.md §6), in the order a reader meets the cells.

    * 表三, every column: 一 + 二 = 三（七）+ 四;
    * 表三: （七）总计 equals the sum of the outcome rows; 总计 equals the sum of the applicant columns;
    * 表四: each 总计 equals the sum of its four results;
    * 表二: entered cells are filled and not negative;
    * across years: this year's 二、上年结转 equals last year's 四、结转下年度 (when given).
    """
    errors: list[CheckError] = []
    t2, t3, t4 = figures["table2"], figures["table3"], figures["table4"]
    labels2 = {row: label for group in TABLE2 for row, label in group.rows}
    cols2 = {col: label for group in TABLE2 for col, label in group.columns}
    for row, col in sorted(TABLE2_ENTERED):
        value = t2.get((row, col))
        if value is None:
            errors.append(
                CheckError("表二", f"{labels2[row]} × {cols2[col]}", "尚未填报，请填写数字（没有的填0）")
            )
        elif value < 0:
            errors.append(CheckError("表二", f"{labels2[row]} × {cols2[col]}", "不能为负数"))

    def n(row: str, col: str) -> int:
        return int(t3.get((row, col)) or 0)

    for col, label in TABLE3_COLUMNS:
        outcomes = sum(n(row, col) for row in TABLE3_OUTCOME_ROWS)
        if n("outcome_total", col) != outcomes:
            errors.append(
                CheckError(
                    "表三",
                    f"三、本年度办理结果（七）总计 × {label}",
                    f"应等于（一）至（六）各项之和 {outcomes}，实为 {n('outcome_total', col)}",
                )
            )
        left = n("new", col) + n("carried_in", col)
        right = n("outcome_total", col) + n("carried_out", col)
        if left != right:
            errors.append(
                CheckError(
                    "表三",
                    f"{label}列",
                    f"第一项加第二项之和（{n('new', col)}+{n('carried_in', col)}={left}）"
                    f"应等于第三项加第四项之和（{n('outcome_total', col)}+{n('carried_out', col)}={right}）",
                )
            )
    for row, _, _ in TABLE3_ROWS:
        parts = sum(n(row, col) for col in TABLE3_PART_COLUMNS)
        if n(row, "total") != parts:
            errors.append(
                CheckError(
                    "表三",
                    f"{_row_label(row)} × 总计",
                    f"应等于自然人与法人或其他组织各列之和 {parts}，实为 {n(row, 'total')}",
                )
            )
    groups4 = dict(TABLE4_GROUPS)
    results4 = dict(TABLE4_RESULTS)
    for group, _ in TABLE4_GROUPS:
        parts = sum(
            int(t4.get(("all", f"{group}.{r}")) or 0) for r in ("upheld", "corrected", "other", "pending")
        )
        total = int(t4.get(("all", f"{group}.total")) or 0)
        if total != parts:
            errors.append(
                CheckError(
                    "表四",
                    f"{groups4[group]} × {results4['total']}",
                    f"应等于四种结果之和 {parts}，实为 {total}",
                )
            )
    if last_year_carried_out is not None:
        for col, label in TABLE3_COLUMNS:
            before = int(last_year_carried_out.get(col, 0))
            if n("carried_in", col) != before:
                errors.append(
                    CheckError(
                        "跨年度",
                        f"二、上年结转政府信息公开申请数量 × {label}",
                        f"应等于上一年度报告“四、结转下年度继续办理”的 {before}，实为 {n('carried_in', col)}",
                    )
                )
    return errors
