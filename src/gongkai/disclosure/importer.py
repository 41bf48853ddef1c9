"""Importing a legacy catalog (历史目录导入) from CSV or XLSX: ``gongkai import items FILE --organization X``.

Every row becomes a published item of one body, with its date of publication from the file, unless
the secrecy scan finds something high in it (an ID number, a bank card, a classification mark, a high
keyword): such a row is imported as an item in secrecy review (送审), not published, and the report
says which rows and why; it is published only after a reviewer has dealt with every finding and it
has been signed, like any other item. The file is checked completely first and the report lists
every bad row with its row number and a Chinese message; only a file without errors is written, in
one transaction (nothing half-imported; the scaffolding shared with the request importer is
``core.importing``). Legacy 索引号 are kept when they follow the installation's pattern
(``IndexPattern.parse``) and are not taken yet; rows without one get a new number from the same
per-body-and-year counters that publication uses, reserved in bulk (:func:`reserve_index_serials`).
The columns are documented in docs/IMPORT.md.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.core import importing
from gongkai.core.bulk import TableWriter, reserve_ids
from gongkai.core.importing import Echo, RowError, column_label, existing_values
from gongkai.core.public_changes import public_content_changed
from gongkai.core.tabular import cell_text, parse_date
from gongkai.disclosure.index_numbers import SerialOverflow
from gongkai.disclosure.legal import DisclosureAttribute, Duration, Scope, Stage, Validity
from gongkai.disclosure.models import (
    CatalogColumn,
    Classification,
    Item,
    ItemRevision,
    ItemState,
)
from gongkai.disclosure.revisions import revision_snapshot
from gongkai.disclosure.services.content import html_to_text, sanitize_body
from gongkai.disclosure.services.index_numbers import (
    format_index_number,
    pattern,
    pattern_values,
    reserve_index_serials,
)
from gongkai.disclosure.services.scan import keywords as scan_keywords
from gongkai.orgs.models import Organization
from gongkai.orgs.unitcodes import InvalidUnitCode, normalize_unit_code
from gongkai.secrecy.scanner import Keyword, scan_document
from gongkai.workdays.calendar import get_calendar

__all__ = ["COLUMNS", "ImportReport", "RowError", "import_catalog_file", "reserve_index_serials"]

#: File column → (field, required, aliases). The first name is the documented one.
COLUMNS: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "索引号": ("index_number", False, ()),
    "信息名称": ("title", True, ("标题", "名称", "文件名称")),
    "发文字号": ("document_number", False, ("文号",)),
    "成文日期": ("date_formed", True, ("生成日期", "形成日期")),
    "发布日期": ("published", True, ("公开日期",)),
    "栏目": ("column", True, ("栏目名称", "栏目编码", "所属栏目")),
    "主题分类": ("topic", False, ()),
    "体裁分类": ("genre", False, ()),
    "服务对象分类": ("audience", False, ()),
    "组配分类": ("combined", False, ()),
    "主题词": ("keywords", False, ("关键词",)),
    "内容概述": ("summary", False, ("摘要", "内容摘要")),
    "正文": ("body", False, ("内容",)),
    "有效性": ("validity", False, ()),
    "失效/废止日期": ("validity_changed_on", False, ("失效日期", "废止日期")),
    "生效日期": ("effective_from", False, ("施行日期",)),
    "公开方式": ("disclosure_attribute", False, ("公开属性",)),
    "公开范围": ("scope", False, ()),
    "公开时限": ("duration", False, ()),
    "限时公开截止日期": ("public_until", False, ("公开截止日期",)),
    "五公开": ("stage", False, ()),
    "规章": ("is_regulation", False, ()),
    "规范性文件": ("is_normative", False, ("行政规范性文件",)),
}
_CHOICES = {
    "validity": {str(label): value for value, label in Validity.choices},
    "disclosure_attribute": {str(label): value for value, label in DisclosureAttribute.choices},
    "scope": {str(label): value for value, label in Scope.choices},
    "duration": {str(label): value for value, label in Duration.choices},
    "stage": {
        **{str(label): value for value, label in Stage.choices},
        **{str(label).removesuffix("公开"): value for value, label in Stage.choices},
    },
}
_TRUE = {"是", "Y", "YES", "TRUE", "1", "√", "✓"}
_FALSE = {"否", "N", "NO", "FALSE", "0", ""}
_LIMITS = {"title": 300, "document_number": 80, "keywords": 200}
_BATCH = 2000


@dataclass
class ImportReport(importing.ImportReport):
    organization: str = ""
    #: Rows with high secrecy-scan findings: imported in review, not published.
    held: list[RowError] = field(default_factory=list)

    NOUN: ClassVar[str] = "信息"
    UNIT: ClassVar[str] = "条"

    def heading_lines(self) -> list[str]:
        return [f"发布机构：{self.organization}"] if self.organization else []

    def result_lines(self) -> list[str]:
        if self.dry_run:
            lines = [
                f"校验通过（试运行，未写入）：可导入 {self.rows} 条，"
                f"其中保留原索引号 {self.kept_numbers} 条，新编索引号 {self.new_numbers} 条。"
            ]
        else:
            lines = [
                f"已导入 {self.imported} 条信息，其中发布 {self.imported - len(self.held)} 条；"
                f"保留原索引号 {self.kept_numbers} 条，新编索引号 {self.new_numbers} 条。"
            ]
        if self.held:
            verb = "将作为" if self.dry_run else "已作为"
            lines.append(
                f"{len(self.held)} 条发现高风险内容，{verb}待保密审查的信息导入，未发布"
                "（须经保密审查员处理、签发后才能公开）："
            )
            lines.extend(f"  {h}" for h in self.held)
        return lines


@dataclass
class _Row:
    number: int
    fields: dict[str, Any]
    published: dt.date
    index_number: str = ""  # a kept legacy number
    counter_key: str = ""  # for a new number
    held: bool = False  # high secrecy-scan findings: imported in review, numbered on publication
    index_values: dict[str, str] = field(
        default_factory=dict
    )  # {region}, {class_code} if the pattern has them
    item: Item | None = None  # the item a held row became


_FIELD_LABELS = {"title": "信息名称", "summary": "内容概述", "body": "正文"}


def _secrecy_problems(fields: dict[str, Any], keywords: list[Keyword]) -> list[str]:
    """The row's high findings in words, masked (the report is read on a screen or a terminal)."""
    from gongkai.disclosure.services.scan import KIND_LABELS
    from gongkai.secrecy.redaction import masked

    texts = {"title": fields["title"], "summary": fields["summary"], "body": fields["body_text"]}
    problems = []
    for finding in scan_document(texts, keywords):
        if finding.severity == "high":
            what = KIND_LABELS.get(finding.kind, finding.kind)
            problems.append(f"{_FIELD_LABELS[finding.field]}中的{what}“{masked(finding)}”")
    return list(dict.fromkeys(problems))


# ---------------------------------------------------------------------------------------------
# Checking rows
# ---------------------------------------------------------------------------------------------


class _Checker:
    """Turns the cells of one row into item fields, or into Chinese error messages."""

    def __init__(self, organization: Organization) -> None:
        self.organization = organization
        self.pattern = pattern()
        self.today = timezone.localdate()
        columns = list(CatalogColumn.objects.filter(organization=organization).select_related("parent"))
        self.columns_by_code = {c.code: c for c in columns}
        by_name: dict[str, list[CatalogColumn]] = {}
        for c in columns:
            for name in {c.name, c.label, c.label.replace(" › ", "/")}:
                by_name.setdefault(name, []).append(c)
        self.columns_by_name = by_name
        self.classes: dict[str, dict[str, Classification]] = {}
        for cls in Classification.objects.filter(is_active=True):
            scheme = self.classes.setdefault(cls.scheme, {})
            scheme[cls.name] = cls
            scheme.setdefault(cls.code, cls)

    def check(self, cells: dict[str, Any], errors: list[str]) -> dict[str, Any]:
        text = {key: cell_text(value) for key, value in cells.items()}
        f: dict[str, Any] = {}
        for name, limit in _LIMITS.items():
            value = text.get(name, "")
            if len(value) > limit:
                label = _label(name)
                errors.append(f"{label}长度为{len(value)}字，超过{limit}字的上限")
            f[name] = value
        if not f["title"]:
            errors.append("信息名称不能为空")

        for name in ("date_formed", "published", "validity_changed_on", "effective_from", "public_until"):
            raw = cells.get(name)
            if raw is None or text.get(name, "") == "":
                f[name] = None
                if name in ("date_formed", "published"):
                    errors.append(f"{_label(name)}不能为空")
                continue
            try:
                f[name] = parse_date(raw)
            except (ValueError, TypeError):
                f[name] = None
                errors.append(f"{_label(name)}“{text[name]}”不是有效日期（应写作 2021-03-05）")
        formed, published = f["date_formed"], f["published"]
        if published and published > self.today:
            errors.append(f"发布日期 {published} 晚于今天，历史目录只能导入已发布的信息")
        if formed and published and formed > published:
            errors.append(f"成文日期 {formed} 晚于发布日期 {published}")

        column_text = text.get("column", "")
        column = self.columns_by_code.get(column_text)
        if column is None:
            matches = self.columns_by_name.get(column_text, [])
            if not column_text:
                errors.append("栏目不能为空")
            elif not matches:
                errors.append(f"栏目“{column_text}”不在本机构的目录中（请填写栏目名称或编码）")
            elif len(matches) > 1:
                codes = "、".join(c.code for c in matches)
                errors.append(f"栏目名称“{column_text}”对应多个栏目（编码 {codes}），请填写栏目编码")
            else:
                column = matches[0]
        f["column"] = column

        for scheme in ("topic", "genre", "audience", "combined"):
            value = text.get(scheme, "")
            f[scheme] = None
            if value:
                cls = self.classes.get(scheme, {}).get(value)
                if cls is None:
                    errors.append(f"{_label(scheme)}“{value}”不是本系统的分类名称")
                f[scheme] = cls

        for name, choices in _CHOICES.items():
            value = text.get(name, "")
            default = {"validity": Validity.VALID, "disclosure_attribute": DisclosureAttribute.ACTIVE,
                       "scope": Scope.PUBLIC, "duration": Duration.LONG_TERM, "stage": ""}[name]  # fmt: skip
            if not value:
                f[name] = default
            elif value in choices or value in choices.values():
                f[name] = choices.get(value, value)
            else:
                allowed = "、".join(dict.fromkeys(choices))
                errors.append(f"{_label(name)}“{value}”无效，应为：{allowed}")
                f[name] = default
        if f["disclosure_attribute"] == DisclosureAttribute.EXEMPT:
            errors.append("不予公开的信息须说明法定理由并逐条备案，不能通过历史目录导入")
        if f["validity"] != Validity.VALID and not f["validity_changed_on"]:
            errors.append("有效性为失效或废止时必须填写失效/废止日期")
        if f["duration"] == Duration.LIMITED and not f["public_until"]:
            errors.append("限时公开必须填写限时公开截止日期")

        for name in ("is_regulation", "is_normative"):
            value = text.get(name, "").upper()
            if value in _TRUE:
                f[name] = True
            elif value in _FALSE:
                f[name] = False
            else:
                errors.append(f"{_label(name)}应填写“是”或“否”，实为“{text[name]}”")
                f[name] = False

        f["summary"] = text.get("summary", "")
        body = text.get("body", "")
        if body and "<" not in body:
            body = "".join(f"<p>{_escape(p)}</p>" for p in body.splitlines() if p.strip())
        f["body"] = sanitize_body(body)
        f["body_text"] = html_to_text(f["body"])
        f["index_number"] = text.get("index_number", "")
        return f


def _escape(text: str) -> str:
    import html

    return html.escape(text.strip(), quote=False)


def _label(name: str) -> str:
    return column_label(COLUMNS, name)


def _legacy_number(checker: _Checker, raw: str, published: dt.date) -> tuple[str, str] | None:
    """(normalized number, counter key it belongs to) if ``raw`` follows the pattern, else None."""
    try:
        parts = checker.pattern.parse(raw)
    except ValueError:
        return None
    unit_code = str(parts.get("unit_code", checker.organization.unit_code))
    year = int(parts.get("year", published.year))
    month = int(parts.get("month", published.month))
    try:
        key = checker.pattern.counter_key(unit_code=unit_code, year=year, month=month)
    except ValueError:
        return None
    return raw.strip(), key


# ---------------------------------------------------------------------------------------------
# The import
# ---------------------------------------------------------------------------------------------


def _find_organization(code: str) -> Organization | None:
    try:
        normalized = normalize_unit_code(code)
    except InvalidUnitCode:
        normalized = code.strip()
    return (
        Organization.objects.filter(unit_code=normalized).first()
        or Organization.objects.filter(slug=code.strip()).first()
    )


def _import_user(organization: Organization) -> Any:
    """Legacy items need an author: the system account that performs imports."""
    from gongkai.accounts.models import User

    user, created = User.objects.get_or_create(
        username="legacy-import", defaults={"full_name": "历史目录导入", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def import_catalog_file(
    path: str | Path,
    *,
    organization: str,
    dry_run: bool = False,
    echo: Echo = print,
    user: Any = None,
) -> ImportReport:
    """Check ``path`` and, when every row is good and not ``dry_run``, import it in one transaction."""
    path = Path(path)
    report = ImportReport(path=str(path), dry_run=dry_run)
    org = _find_organization(organization)
    if org is None:
        report.errors.append(RowError(0, f"找不到单位代码或网址标识为“{organization}”的机构"))
        return report
    report.organization = f"{org.name}（{org.unit_code}）"
    table = importing.read_import_table(path, COLUMNS, report)
    if table is None:
        return report

    checker = _Checker(org)
    keywords = scan_keywords()
    existing_numbers = _existing_numbers(table)
    existing_titles = set(
        Item.objects.filter(organization=org, published_at__isnull=False).values_list("title", "published_at")
    )
    existing_titles = {(t, timezone.localtime(p).date()) for t, p in existing_titles}
    seen_numbers: dict[str, int] = {}
    good: list[_Row] = []
    for number, values in importing.row_values(table):
        messages: list[str] = []
        fields = checker.check(values, messages)
        row = _Row(number=number, fields=fields, published=fields["published"] or checker.today)
        raw_number = fields.pop("index_number")
        if raw_number:
            legacy = _legacy_number(checker, raw_number, row.published)
            if legacy is None:
                report.warnings.append(
                    RowError(number, f"索引号“{raw_number}”不符合格式“{checker.pattern.pattern}”，将重新编号")
                )
            elif legacy[0] in existing_numbers:
                messages.append(f"索引号“{legacy[0]}”已被系统中的其他信息使用")
            elif legacy[0] in seen_numbers:
                messages.append(f"索引号“{legacy[0]}”与第{seen_numbers[legacy[0]]}行重复")
            else:
                seen_numbers[legacy[0]] = number
                row.index_number, row.counter_key = legacy
        if fields["published"] and (fields["title"], fields["published"]) in existing_titles:
            messages.append("本机构已有同名且同日发布的信息（文件可能已导入过）")
        if not row.index_number and fields["published"]:
            row.counter_key = checker.pattern.counter_key(
                unit_code=org.unit_code, year=row.published.year, month=row.published.month
            )
            if fields.get("column") is not None:
                try:
                    row.index_values = pattern_values(
                        checker.pattern, organization=org, column=fields["column"]
                    )
                except ValidationError as exc:
                    messages.extend(exc.messages)
        report.errors.extend(RowError(number, m) for m in messages)
        if not messages:
            problems = _secrecy_problems(fields, keywords)
            if problems:
                row.held = True
                report.held.append(RowError(number, f"《{fields['title']}》：{'；'.join(problems)}"))
            good.append(row)
    report.kept_numbers = sum(1 for r in good if r.index_number)
    report.new_numbers = sum(1 for r in good if not r.index_number and not r.held)
    if not report.writable:
        return report

    def write() -> int:
        author = user or _import_user(org)
        imported = _write(org, good, checker, author)
        held = {h.row: h.message for h in report.held}
        for row in good:
            if row.held:
                record(
                    actor=author,
                    action="item.import_held_for_review",
                    target=row.item,
                    reason=f"第{row.number}行：{held[row.number]}",
                )
        record(
            actor=author,
            action="items.imported",
            organization=org,
            data={
                "file": path.name,
                "rows": imported,
                "kept_numbers": report.kept_numbers,
                "new_numbers": report.new_numbers,
                "held_for_review": sorted(held),
            },
        )
        return imported

    return importing.write_all_or_nothing(
        report, write, count=len(good), echo=echo, rolled_back_on=(SerialOverflow,)
    )


def _existing_numbers(table: Any) -> set[str]:
    """The legacy 索引号 of the file that items in the system already hold."""
    pos = table.positions.get("index_number")
    if pos is None:
        return set()
    wanted = (cell_text(cells[pos]) for _, cells in table.rows if pos < len(cells))
    return existing_values(Item.objects.all(), "index_number", (n for n in wanted if n))


def _write(org: Organization, rows: list[_Row], checker: _Checker, author: Any) -> int:
    calendar = get_calendar()
    tz = timezone.get_current_timezone()
    floors: dict[str, int] = {}
    for row in rows:
        if row.index_number:
            serial = int(checker.pattern.parse(row.index_number)["serial"])
            floors[row.counter_key] = max(floors.get(row.counter_key, 0), serial)
    counts = Counter(row.counter_key for row in rows if not row.index_number and not row.held)
    first = reserve_index_serials(dict(counts), at_least=floors)
    next_serial = dict(first)
    for row in sorted(rows, key=lambda r: (r.published, r.number)):
        if row.index_number or row.held:
            continue
        serial = next_serial[row.counter_key]
        next_serial[row.counter_key] = serial + 1
        row.index_number = format_index_number(
            checker.pattern,
            organization=org,
            column=row.fields["column"],
            on=row.published,
            serial=serial,
            values=row.index_values,
        )

    imported = 0
    progress = importing.progress(len(rows), desc="导入", unit="条")
    public_ids: list[int] = []
    items, revisions = TableWriter(Item, with_id=True), TableWriter(ItemRevision, with_id=False)
    now = timezone.now()
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        for row in batch:
            if row.held:
                # In review (送审) as if submitted now; a kept legacy 索引号 stays reserved for it.
                # Few rows: saved one by one, outside the bulk insert of the published ones.
                fields = {k: v for k, v in row.fields.items() if k != "published"}
                row.item = Item(
                    organization=org,
                    index_number=row.index_number or None,
                    state=ItemState.REVIEW,
                    submitted_at=now,
                    author=author,
                    **fields,
                )
                row.item.save()
        published = [row for row in batch if not row.held]
        # Straight into the tables (core.bulk): building Item instances and compiling bulk_create
        # cost more than the writing (benchmarks/bench_import.py --catalog).
        ids = reserve_ids(Item, len(published))
        item_rows, revision_rows = [], []
        for row, pk in zip(published, ids, strict=True):
            values = _item_values(row, org, author.pk, tz, now)
            values["id"] = pk
            values["workdays_to_publish"] = calendar.workdays_between(
                row.fields["date_formed"], row.published
            )
            item_rows.append(items.row(values))
            revision_rows.append(
                revisions.row(
                    {
                        "item_id": pk,
                        "number": 1,
                        "snapshot": revision_snapshot(values),
                        "created_at": now,
                        "created_by_id": author.pk,
                    }
                )
            )
            if _is_public(row.fields, checker.today):
                public_ids.append(pk)
        items.insert(item_rows)
        revisions.insert(revision_rows)
        imported += len(batch)
        progress.update(len(batch))
    progress.close()
    # No sequence to reset: on PostgreSQL the keys came from the sequence itself (moving it back to
    # the highest key could hand out a key another session holds), and SQLite follows by itself.
    public_content_changed(public_ids)
    return imported


#: Fields of a checked row that name a related row, and the column each is written to.
_RELATED = {
    "column": "column_id",
    "topic": "topic_id",
    "genre": "genre_id",
    "audience": "audience_id",
    "combined": "combined_id",
}


def _item_values(row: _Row, org: Organization, author_id: int, tz: Any, now: dt.datetime) -> dict[str, Any]:
    """A published legacy item's field values, as :class:`TableWriter` takes them."""
    values: dict[str, Any] = {"channels": []}
    for name, value in row.fields.items():
        if name in _RELATED:
            values[_RELATED[name]] = value.pk if value is not None else None
        elif name != "published":
            values[name] = value
    published_at = dt.datetime.combine(row.published, dt.time(12, 0), tzinfo=tz)
    values.update(
        organization_id=org.pk,
        index_number=row.index_number,
        state=ItemState.PUBLISHED,
        published_at=published_at,
        author_id=author_id,
        created_at=now,
        updated_at=now,
    )
    return values


def _is_public(fields: dict[str, Any], today: dt.date) -> bool:
    return (
        fields["disclosure_attribute"] == DisclosureAttribute.ACTIVE
        and fields["scope"] == Scope.PUBLIC
        and (
            fields["duration"] == Duration.LONG_TERM
            or not fields["public_until"]
            or fields["public_until"] >= today
        )
    )
