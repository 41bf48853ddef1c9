"""The annual report's workflow (docs/SPEC.md §6), one entry point per change.

draft → submitted to the competent authority → returned with comments (back to editing) /
accepted → published on the portal. Each function checks permission through
``gongkai.reports.policy``, validates (Chinese messages, ``ValidationError`` keyed by field),
changes state through the report's FSM transition, records the audit event and notifies. Views,
the API, the CLI and the demo generator all call these functions.

Deadlines (《中华人民共和国政府信息公开条例》第四十九条): a department submits its report on the
previous year to the competent authority of its government by **31 January**; the report of a
people's government is published by **31 March**. The contents are those of 第五十条, in the
national format of 国办公开办函〔2021〕30号 (``reports.national``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.core import public_deps
from gongkai.core.public_changes import public_pages_changed
from gongkai.disclosure.services.content import sanitize_body
from gongkai.foi.services.letters import zh_date
from gongkai.notifications.services import notify
from gongkai.orgs import hierarchy
from gongkai.orgs.models import Kind, Organization, RoleName
from gongkai.orgs.selectors import staff_of
from gongkai.reports import figures as report_figures
from gongkai.reports import national, policy
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.national import CheckError
from gongkai.reports.render import is_html

#: The first year a report can be written for (the 2008 条例 took effect on 1 May 2008).
FIRST_YEAR = 2008

SECTION_FIELDS = [f"section_{key}" for key, _ in national.SECTIONS]

#: Entered figures of 表二 (field, its source field, the cell as the form names it).
ENTERED_FIGURES: list[tuple[str, str, str]] = [
    ("licensing_decisions", "licensing_source", "行政许可 × 本年处理决定数量"),
    ("penalty_decisions", "penalty_source", "行政处罚 × 本年处理决定数量"),
    ("coercion_decisions", "coercion_source", "行政强制 × 本年处理决定数量"),
    ("fee_income", "fee_income_source", "行政事业性收费 × 本年收费金额（单位：万元）"),
]
ENTERED_FIELDS = [field for field, _, _ in ENTERED_FIGURES] + [source for _, source, _ in ENTERED_FIGURES]
EDITABLE_FIELDS = SECTION_FIELDS + ENTERED_FIELDS

#: Reminders before the deadline: this many calendar days before it (0 = the day itself).
REMINDER_DAYS_BEFORE = (15, 7, 3, 1, 0)
#: After the deadline: the first day after it, then every this many days until the report arrives.
OVERDUE_EVERY_DAYS = 7
#: The body's staff told about its report's deadline.
BODY_REMINDER_ROLES = (RoleName.OFFICE_HEAD, RoleName.ORG_ADMIN, RoleName.REQUEST_HANDLER)

_MAX_FEE_INCOME = Decimal("9999999999.9999")
COUNT_ERROR = "请填写不小于0的整数"
AMOUNT_ERROR = "请填写不小于0的金额（万元，最多4位小数）"


def local_today() -> dt.date:
    return timezone.localdate()


# -- deadlines ---------------------------------------------------------------------------------------


def due_date(organization: Organization, year: int) -> dt.date:
    """The deadline for ``organization``'s report on ``year`` (条例第四十九条): 31 March of the next
    year for a people's government, 31 January of the next year for every other body."""
    if organization.kind == Kind.GOVERNMENT:
        return dt.date(year + 1, 3, 31)
    return dt.date(year + 1, 1, 31)


def due_rule(organization: Organization) -> str:
    """The deadline rule in words, with its article (shown beside the due date)."""
    article = "（《中华人民共和国政府信息公开条例》第四十九条）"
    if organization.kind == Kind.GOVERNMENT:
        return f"人民政府的年度报告应于每年3月31日前向社会公布{article}"
    return f"部门的年度报告应于每年1月31日前报送本级政府信息公开工作主管部门并向社会公布{article}"


def is_submitted(report: AnnualReport | None) -> bool:
    return report is not None and report.state in policy.SUBMITTED_STATES


def missing_reports(authority: Organization, year: int) -> list[Organization]:
    """The bodies reporting to ``authority`` whose report on ``year`` has not reached it (no report,
    a draft, or one returned and not yet submitted again)."""
    return bodies_missing(policy.reporting_bodies(authority), year)


def bodies_missing(bodies: Iterable[Organization], year: int) -> list[Organization]:
    """Of ``bodies``, those whose report on ``year`` has not been submitted."""
    bodies = list(bodies)
    submitted = set(
        AnnualReport.objects.filter(
            organization__in=[b.pk for b in bodies], year=year, state__in=policy.SUBMITTED_STATES
        ).values_list("organization_id", flat=True)
    )
    return [b for b in bodies if b.pk not in submitted]


# -- starting and editing --------------------------------------------------------------------------


def _deny(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@transaction.atomic
def get_or_create_report(organization: Organization, year: int, *, actor: Any) -> AnnualReport:
    """The body's report on ``year``, started (empty, a draft) if it does not exist yet."""
    _deny(
        policy.can_edit_body_reports(actor, organization),
        "只有本机关的公开工作机构负责人或机构管理员可以编写年度报告。",
    )
    existing = AnnualReport.objects.filter(organization=organization, year=year).first()
    if existing is not None:
        return existing
    today = local_today()
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationError({"year": f"年度应在{FIRST_YEAR}年至{today.year}年之间"})
    report, created = AnnualReport.objects.get_or_create(organization=organization, year=year)
    if created:
        record(actor=actor, action="report.created", target=report, data={"year": year})
    return report


def _parse_count(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        number = value
    elif isinstance(value, Decimal | float):
        if value != int(value):
            raise ValueError
        number = int(value)
    else:
        text = str(value).strip()
        if not text.isdigit():
            raise ValueError
        number = int(text)
    if number < 0:
        raise ValueError
    return number


def _parse_amount(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError from exc
    if not amount.is_finite() or amount < 0 or amount > _MAX_FEE_INCOME:
        raise ValueError
    if amount.as_tuple().exponent < -4:  # type: ignore[operator]
        raise ValueError
    return amount


@transaction.atomic
def update_report(report: AnnualReport, *, actor: Any, data: Mapping[str, Any]) -> AnnualReport:
    """Save sections and entered figures (only the keys given). A figure other than zero needs its
    source (docs/SPEC.md §6: figures the platform cannot know are entered with their source)."""
    _deny(
        policy.can_edit_body_reports(actor, report.organization),
        "只有本机关的公开工作机构负责人或机构管理员可以编写年度报告。",
    )
    if not report.is_editable:
        raise ValidationError(f"报告{report.get_state_display()}，不能修改（退回后方可修改）。")
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能直接修改这些字段：{', '.join(sorted(unknown))}")
    # Everything is validated before the report is touched: a refusal leaves it as it was.
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in SECTION_FIELDS:
        if name in data:
            text = str(data[name] or "").replace("\r\n", "\n").replace("\r", "\n")
            # the rich-text editor's HTML is sanitized like an item's body; plain text stays as typed
            changes[name] = sanitize_body(text) if is_html(text) else text.strip("\n").rstrip()
    for field, source, _cell in ENTERED_FIGURES:
        if field in data:
            parse = _parse_amount if field == "fee_income" else _parse_count
            try:
                changes[field] = parse(data[field])
            except ValueError:
                errors[field] = AMOUNT_ERROR if field == "fee_income" else COUNT_ERROR
        if source in data:
            changes[source] = str(data[source] or "").strip()
    for field, source, cell in ENTERED_FIGURES:
        if field in errors:
            continue
        value = changes[field] if field in changes else getattr(report, field)
        source_text = changes[source] if source in changes else getattr(report, source)
        if value and not source_text:
            errors[source] = f"{cell}不为0，请注明数据来源（如：本机关行政审批系统统计、财务决算报表）"
        elif len(source_text) > 200:
            errors[source] = "数据来源不能超过200个字"
    if errors:
        raise ValidationError(errors)
    for name, value in changes.items():
        setattr(report, name, value)
    report.save()
    record(
        actor=actor,
        action="report.updated",
        target=report,
        data={"fields": sorted(name for name in data if name in EDITABLE_FIELDS)},
    )
    return report


# -- the check rules ---------------------------------------------------------------------------------


def last_year_carried_out(report: AnnualReport) -> dict[str, int]:
    """Last year's 四、结转下年度继续办理: from last year's report as submitted when there is one
    (the figure the competent authority received), else computed from the register."""
    last = AnnualReport.objects.filter(
        organization_id=report.organization_id, year=report.year - 1, state__in=policy.SUBMITTED_STATES
    ).first()
    if last is not None and last.figures:
        return report_figures.carried_out(report_figures.from_json(last.figures))
    computed = report_figures.compute([report.organization_id], report.year - 1)
    return report_figures.carried_out(computed[report.organization_id])


def _sources_missing(report: AnnualReport) -> list[CheckError]:
    return [
        CheckError("表二", cell, "不为0，须注明数据来源")
        for field, source, cell in ENTERED_FIGURES
        if getattr(report, field) and not getattr(report, source).strip()
    ]


def check_figures(report: AnnualReport, figures: national.Figures) -> list[CheckError]:
    """The checks on ``figures`` (the report's, already with its entered cells)."""
    errors = national.check(figures, last_year_carried_out=last_year_carried_out(report))
    return errors + _sources_missing(report)


def run_checks(report: AnnualReport) -> list[CheckError]:
    """The check rules of the national format on the report's figures (as frozen on submission,
    else computed now), with this year's carried-in checked against last year's carried-out."""
    return check_figures(report, report_figures.for_report(report))


def describe(error: CheckError) -> str:
    return f"{error.table}“{error.cell}”：{error.message}"


# -- the workflow --------------------------------------------------------------------------------------


def report_url(report: AnnualReport) -> str:
    return reverse("backoffice:report", args=[report.pk])


def overview_url(authority_id: int, year: int) -> str:
    return f"{reverse('backoffice:reports_overview')}?authority={authority_id}&year={year}"


def body_reports_url(organization_id: int) -> str:
    return f"{reverse('backoffice:reports')}?org={organization_id}"


@transaction.atomic
def submit(report: AnnualReport, *, actor: Any) -> AnnualReport:
    """报送: check the report, freeze its figures and send it to the competent authority."""
    _deny(
        policy.can_edit_body_reports(actor, report.organization),
        "只有本机关的公开工作机构负责人或机构管理员可以报送年度报告。",
    )
    if not report.is_editable:
        raise ValidationError(f"报告{report.get_state_display()}，不能再次报送。")
    if report.year >= local_today().year:
        raise ValidationError(f"{report.year}年度尚未结束，年度报告在次年报送（条例第四十九条）。")
    authority = hierarchy.reports_to(report.organization)
    if authority is None:
        raise ValidationError("未找到本机关所在行政区域的政府信息公开工作主管部门，无法报送。")
    computed = report_figures.compute([report.organization_id], report.year)[report.organization_id]
    figures = report_figures.with_entered(computed, report)
    errors = check_figures(report, figures)
    if errors:
        raise ValidationError([describe(e) for e in errors])
    report.submit()
    report.figures = report_figures.to_json(figures)
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.save()
    record(actor=actor, action="report.submitted", target=report, data={"authority": authority.pk})
    notify(
        staff_of(authority.pk, *policy.REVIEWER_ROLES),
        kind="report.submitted",
        title=f"{report.organization.name}报送了{report.year}年度政府信息公开工作年度报告",
        body="请审核：退回修改或审核通过。",
        url=report_url(report),
        key=f"report.submitted:{report.pk}:{report.submitted_at:%Y%m%d%H%M%S}",
    )
    return report


def _notify_editors(report: AnnualReport, *, kind: str, title: str, body: str = "") -> None:
    notify(
        staff_of(report.organization_id, *policy.EDITOR_ROLES),
        kind=kind,
        title=title,
        body=body,
        url=report_url(report),
    )


@transaction.atomic
def return_report(report: AnnualReport, *, actor: Any, comment: str) -> AnnualReport:
    """退回: the competent authority sends the report back with its comments; its figures are no
    longer frozen (they are computed again until the next submission)."""
    _deny(
        policy.is_reviewer_for(actor, hierarchy.reports_to(report.organization)),
        "只有本机关所属政府信息公开工作主管部门的监督人员可以退回年度报告。",
    )
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(f"报告{report.get_state_display()}，只有已报送的报告可以退回。")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "退回须填写审核意见，说明需要修改的内容。"})
    report.send_back(comment)
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    report.save()
    record(actor=actor, action="report.returned", target=report, reason=comment)
    _notify_editors(
        report,
        kind="report.returned",
        title=f"{report.year}年度政府信息公开工作年度报告被退回修改",
        body=f"审核意见：{comment}",
    )
    return report


@transaction.atomic
def accept(report: AnnualReport, *, actor: Any, comment: str = "") -> AnnualReport:
    """审核通过: the competent authority accepts the report as submitted."""
    _deny(
        policy.is_reviewer_for(actor, hierarchy.reports_to(report.organization)),
        "只有本机关所属政府信息公开工作主管部门的监督人员可以审核年度报告。",
    )
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(f"报告{report.get_state_display()}，只有已报送的报告可以审核。")
    comment = (comment or "").strip()
    report.accept(comment)
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    report.save()
    record(actor=actor, action="report.accepted", target=report, reason=comment)
    _notify_editors(
        report,
        kind="report.accepted",
        title=f"{report.year}年度政府信息公开工作年度报告已审核通过，可以公开",
        body=f"审核意见：{comment}" if comment else "",
    )
    return report


@transaction.atomic
def publish(report: AnnualReport, *, actor: Any) -> AnnualReport:
    """公开: put the accepted report on the portal (向社会公布, 条例第四十九条)."""
    _deny(
        policy.can_edit_body_reports(actor, report.organization)
        or policy.is_reviewer_for(actor, hierarchy.reports_to(report.organization)),
        "只有本机关的公开工作机构负责人、机构管理员或主管部门监督人员可以公开年度报告。",
    )
    if report.state != ReportState.ACCEPTED:
        raise ValidationError(f"报告{report.get_state_display()}：年度报告须经主管部门审核通过后才能公开。")
    report.publish()
    report.published_at = timezone.now()
    report.save()
    record(actor=actor, action="report.published", target=report)
    public_pages_changed(public_deps.annual_report_changed(report.organization_id))
    return report


# -- reminders -------------------------------------------------------------------------------------


def _reminder_due(days_left: int) -> bool:
    if days_left >= 0:
        return days_left in REMINDER_DAYS_BEFORE
    return (-days_left - 1) % OVERDUE_EVERY_DAYS == 0


def _deadline_words(days_left: int) -> str:
    if days_left < 0:
        return "已逾期"
    return "今天截止" if days_left == 0 else f"还有{days_left}天截止"


def send_reminders(today: dt.date) -> dict[str, int]:
    """Remind bodies whose report on last year has not reached the competent authority.

    Before the deadline (15, 7, 3 and 1 days before, and on the day) the body's office staff are told;
    after it, on the first day late and then every 7 days until the report arrives. On the same days
    the receiving authority's supervisors get one list per deadline of the bodies still missing.
    Safe to run every hour: every notice has a per-day key. Returns how many bodies were told
    (``due_soon``, ``overdue``) and how many authorities got their list, in this run.
    """
    year = today.year - 1
    mapping = policy.reporting_map()
    submitted = set(
        AnnualReport.objects.filter(year=year, state__in=policy.SUBMITTED_STATES).values_list(
            "organization_id", flat=True
        )
    )
    counts = {"due_soon": 0, "overdue": 0, "authorities": 0}
    for authority_id, bodies in mapping.items():
        missing_by_due: dict[dt.date, list[Organization]] = {}
        for body in bodies:
            if body.pk in submitted:
                continue
            due = due_date(body, year)
            missing_by_due.setdefault(due, []).append(body)
            days_left = (due - today).days
            if not _reminder_due(days_left):
                continue
            if days_left >= 0:
                when = "今天" if days_left == 0 else f"还有{days_left}天"
                title = f"请按期报送{year}年度政府信息公开工作年度报告（{when}截止）"
                kind = "report.due_soon"
            else:
                title = f"{year}年度政府信息公开工作年度报告已逾期{-days_left}天未报送"
                kind = "report.overdue"
            sent = notify(
                staff_of(body.pk, *BODY_REMINDER_ROLES),
                kind=kind,
                title=title,
                body=f"报送期限：{zh_date(due)}。{due_rule(body)}。",
                url=body_reports_url(body.pk),
                key=f"{kind}:{body.pk}:{year}:{today}",
            )
            if sent:
                counts["due_soon" if days_left >= 0 else "overdue"] += 1
        supervisors: list[Any] | None = None
        for due, missing in sorted(missing_by_due.items()):
            days_left = (due - today).days
            if not _reminder_due(days_left):
                continue
            if supervisors is None:
                supervisors = list(staff_of(authority_id, *policy.REVIEWER_ROLES))
            names = "、".join(b.display_short for b in missing[:20]) + (
                f"等{len(missing)}个机关" if len(missing) > 20 else ""
            )
            state = _deadline_words(days_left)
            sent = notify(
                supervisors,
                kind="report.missing",
                title=f"{len(missing)}个机关尚未报送{year}年度报告（报送期限{zh_date(due)}，{state}）",
                body=f"尚未报送：{names}。",
                url=overview_url(authority_id, year),
                key=f"report.missing:{authority_id}:{year}:{due}:{today}",
            )
            if sent:
                counts["authorities"] += 1
    return counts
