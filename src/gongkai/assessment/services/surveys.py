"""The actions of 民主评议 (docs/SPEC.md §7; 2019 条例 第四十六条: 社会评议制度): a competent
authority's supervisor creates the yearly survey (questions, grades with points, bodies rated,
whether the public may answer), invites panels with weights and issues their access codes, opens
and closes it; the public and the panels' members answer on the portal.

Every action checks the policy, validates (a Chinese ``ValidationError`` keyed by field), writes and
records an audit event. A public answer stores nothing about who sent it: no account, no address,
no name — only the grades, the panel when an access code was used, and the form's random token
that makes a form sent twice count once. An access code is kept only as a keyed hash
(HMAC-SHA256 with the installation's ``SECRET_KEY``), shown once when issued, and usable once;
the answer is not linked to the code that opened it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from gongkai.assessment.models import (
    AccessCode,
    Panel,
    Question,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyState,
)
from gongkai.assessment.survey_kernel import Grade, default_grades, grades_from_json, grades_to_json
from gongkai.audit.log import record
from gongkai.core.actors import SYSTEM
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization, RoleName

#: The form's idempotency token: random, 16 to 64 letters, digits, "-" or "_".
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
#: Access codes: 12 characters of an alphabet without look-alikes (no 0/O, 1/I/L), printed in
#: groups of four; 31^12 ≈ 7.9 × 10^17 codes, guessing one is hopeless at the portal's rate limit.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
MAX_CODES_PER_ISSUE = 1000
MAX_QUESTIONS = 30
MAX_BODIES = 500
LABEL_MAX = 20

AUDIT_LABELS = {
    "survey.created": "创建民主评议",
    "survey.updated": "修改民主评议",
    "survey.panel_added": "添加评议代表类别",
    "survey.panel_removed": "删除评议代表类别",
    "survey.codes_issued": "生成评议码",
    "survey.opened": "开始民主评议",
    "survey.closed": "结束民主评议",
    "survey.response_received": "收到民主评议答卷",
}


def local_today() -> dt.date:
    return timezone.localdate()


# --- policy ------------------------------------------------------------------------------------


def authorities_for(user: Any) -> QuerySet[Organization]:
    """The competent authorities (政府信息公开工作主管部门) whose supervisor ``user`` is."""
    ids = org_policy.org_ids_with_role(user, RoleName.SUPERVISOR)
    return Organization.objects.filter(pk__in=ids, is_competent_authority=True)


def can_manage_surveys(user: Any) -> bool:
    """Does the 民主评议 screen serve ``user``: a supervisor of a competent authority."""
    return bool(getattr(user, "is_authenticated", False)) and authorities_for(user).exists()


def manageable_surveys(user: Any) -> QuerySet[Survey]:
    return Survey.objects.filter(authority__in=authorities_for(user))


def can_manage(user: Any, survey: Survey) -> bool:
    return authorities_for(user).filter(pk=survey.authority_id).exists()


def region_bodies(authority: Organization) -> QuerySet[Organization]:
    """The bodies a competent authority may have rated: the active bodies of its region."""
    root = authority.supervision_root()
    return (
        Organization.objects.active().filter(path__startswith=root.path).order_by("path", "position", "name")
    )


def _deny_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionError(_("只有组织本次评议的主管部门监督人员可以进行此操作。"))


# --- states ------------------------------------------------------------------------------------


def accepting(survey: Survey, today: dt.date) -> bool:
    """Does the survey take answers today: opened, and within its dates."""
    return (
        survey.state == SurveyState.OPEN
        and (survey.opens_on is None or survey.opens_on <= today)
        and (survey.closes_on is None or today <= survey.closes_on)
    )


def finished(survey: Survey, today: dt.date) -> bool:
    """Is the survey over (closed, or opened and past its last day): its results may be shown."""
    if survey.state == SurveyState.CLOSED:
        return True
    return survey.state == SurveyState.OPEN and survey.closes_on is not None and today > survey.closes_on


def refusal(survey: Survey, today: dt.date) -> str:
    """Why the survey takes no answer today (empty when it does)."""
    if accepting(survey, today):
        return ""
    if finished(survey, today):
        end = survey.closes_on
        return (
            _("本次评议已于%(date)s结束，不再接收答卷。") % {"date": dateformat.format(end, _("Y年n月j日"))}
            if end
            else _("本次评议已经结束，不再接收答卷。")
        )
    if survey.state == SurveyState.OPEN and survey.opens_on is not None:
        opens = dateformat.format(survey.opens_on, _("Y年n月j日"))
        return _("本次评议将于%(date)s开始，届时欢迎参加。") % {"date": opens}
    return _("本次评议尚未开始。")


def grades(survey: Survey) -> list[Grade]:
    return grades_from_json(survey.choices) if survey.choices else default_grades()


# --- the survey's configuration -----------------------------------------------------------------


@dataclass(frozen=True)
class SurveyData:
    """What the supervisor sets: validated by :func:`validate`."""

    year: int
    title: str
    introduction: str
    opens_on: dt.date | None
    closes_on: dt.date | None
    open_to_public: bool
    public_weight: Decimal
    grades: Sequence[Grade]
    questions: Sequence[str]
    bodies: Sequence[Organization]


def _taken(authority: Organization, year: int, survey: Survey | None) -> str:
    """Why ``authority`` cannot have another survey of ``year`` (empty when it can): one survey per
    authority and year — the year's results are that survey's (``Survey``'s constraint)."""
    others = Survey.objects.filter(authority=authority, year=year)
    found = (others.exclude(pk=survey.pk) if survey is not None else others).first()
    if found is None:
        return ""
    return _(
        "%(authority)s已有%(year)d年度的民主评议“%(title)s”，每个年度只能组织一次。请修改该评议，或选择其他年度。"
    ) % {
        "authority": authority.name,
        "year": year,
        "title": found.title,
    }


def _validate(authority: Organization, data: SurveyData, survey: Survey | None = None) -> None:
    errors: dict[str, list[str]] = {}

    def err(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not 2000 <= data.year <= 2100:
        err("year", _("请填写2000年至2100年之间的评议年度。"))
    elif taken := _taken(authority, data.year, survey):
        err("year", taken)
    if not data.title.strip():
        err("title", _("请填写评议标题。"))
    if data.opens_on and data.closes_on and data.closes_on < data.opens_on:
        err("closes_on", _("结束日期不能早于开始日期。"))
    if not (Decimal(0) <= data.public_weight <= Decimal("999.99")):
        err("public_weight", _("权重应为0至999.99之间的数。"))
    labels = [g.label for g in data.grades]
    if len(data.grades) < 2:
        err("grades", _("请至少设置两个评价等次。"))
    if len(set(labels)) != len(labels):
        err("grades", _("评价等次的名称不能重复。"))
    for g in data.grades:
        if not g.label or len(g.label) > LABEL_MAX:
            err("grades", _("评价等次的名称应为1至%(n)d个字。") % {"n": LABEL_MAX})
        if not 0 <= g.points <= 100:
            err("grades", _("“%(label)s”的分值应为0至100之间的整数。") % {"label": g.label})
    if not data.questions:
        err("questions", _("请至少填写一项评议内容。"))
    if len(data.questions) > MAX_QUESTIONS:
        err("questions", _("评议内容最多%(n)d项。") % {"n": MAX_QUESTIONS})
    if len(set(data.questions)) != len(data.questions):
        err("questions", _("评议内容不能重复。"))
    if any(len(q) > 300 for q in data.questions):
        err("questions", _("每项评议内容最多300个字。"))
    if not data.bodies:
        err("bodies", _("请至少选择一个被评议单位。"))
    if len(data.bodies) > MAX_BODIES:
        err("bodies", _("被评议单位最多%(n)d个。") % {"n": MAX_BODIES})
    allowed = set(region_bodies(authority).values_list("pk", flat=True))
    if any(b.pk not in allowed for b in data.bodies):
        err("bodies", _("被评议单位只能是本行政区域内的机构。"))
    if errors:
        raise ValidationError(errors)


def _write(survey: Survey, data: SurveyData) -> None:
    survey.year = data.year
    survey.title = data.title.strip()
    survey.introduction = data.introduction.strip()
    survey.opens_on = data.opens_on
    survey.closes_on = data.closes_on
    survey.open_to_public = data.open_to_public
    survey.public_weight = data.public_weight
    survey.choices = grades_to_json(data.grades)
    survey.save()
    survey.bodies.set(data.bodies)
    kept = {q.text: q for q in survey.questions.all()}
    wanted = [q.strip() for q in data.questions]
    Question.objects.filter(survey=survey).exclude(text__in=wanted).delete()
    for position, text in enumerate(wanted, start=1):
        question = kept.get(text) or Question(survey=survey, text=text)
        question.position = position
        question.save()


@contextmanager
def _one_per_year(authority: Organization, year: int, survey: Survey | None = None) -> Iterator[None]:
    """Two supervisors saving the same year at once: the constraint refuses the second, in words."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise ValidationError(
            {"year": _taken(authority, year, survey) or _("该年度已有民主评议。")}
        ) from None


def create_survey(*, actor: Any, authority: Organization, data: SurveyData) -> Survey:
    """A new survey (草稿) of ``authority``, which ``actor`` supervises."""
    _deny_unless(authorities_for(actor).filter(pk=authority.pk).exists())
    _validate(authority, data)
    with transaction.atomic(), _one_per_year(authority, data.year):
        survey = Survey(authority=authority, created_by=actor)
        _write(survey, data)
        record(
            actor=actor,
            action="survey.created",
            target=survey,
            organization=authority,
            data={"year": data.year, "bodies": len(data.bodies), "questions": len(data.questions)},
        )
    return survey


def update_survey(*, actor: Any, survey: Survey, data: SurveyData) -> Survey:
    """Change a survey while it is a draft (once answers come, questions and grades are fixed)."""
    _deny_unless(can_manage(actor, survey))
    if survey.state != SurveyState.DRAFT:
        raise ValidationError(_("评议已经开始，不能再修改评议内容、评价等次和被评议单位。"))
    _validate(survey.authority, data, survey)
    with transaction.atomic(), _one_per_year(survey.authority, data.year, survey):
        _write(survey, data)
        record(actor=actor, action="survey.updated", target=survey, organization=survey.authority)
    return survey


def add_panel(*, actor: Any, survey: Survey, name: str, weight: Decimal) -> Panel:
    """Invite a panel (e.g. 人大代表、政协委员、企业代表、群众代表) with its weight."""
    _deny_unless(can_manage(actor, survey))
    errors: dict[str, str] = {}
    name = name.strip()
    if not name or len(name) > 100:
        errors["name"] = _("请填写评议代表类别（最多100个字）。")
    elif survey.panels.filter(name=name).exists():
        errors["name"] = _("已有同名的评议代表类别。")
    if not (Decimal(0) < weight <= Decimal("999.99")):
        errors["weight"] = _("权重应为大于0、不超过999.99的数。")
    if survey.state == SurveyState.CLOSED:
        errors["name"] = _("评议已经结束，不能再添加评议代表。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        panel = Panel.objects.create(survey=survey, name=name, weight=weight)
        record(
            actor=actor,
            action="survey.panel_added",
            target=survey,
            organization=survey.authority,
            data={"panel": name, "weight": str(weight)},
        )
    return panel


def remove_panel(*, actor: Any, panel: Panel) -> None:
    """Remove a panel that has no answers (its unused codes go with it)."""
    survey = panel.survey
    _deny_unless(can_manage(actor, survey))
    if panel.responses.exists():
        raise ValidationError(_("该类别的代表已经提交了答卷，不能删除。"))
    with transaction.atomic():
        name = panel.name
        panel.delete()
        record(
            actor=actor,
            action="survey.panel_removed",
            target=survey,
            organization=survey.authority,
            data={"panel": name},
        )


def normalize_code(code: str) -> str:
    return re.sub(r"[\s\-－—_]", "", code).upper()


def code_hash(code: str) -> str:
    """The keyed hash an access code is stored as (meaningless without the installation's key)."""
    message = f"survey-code\x1f{normalize_code(code)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def issue_codes(*, actor: Any, panel: Panel, count: int) -> list[str]:
    """``count`` new access codes for ``panel``: returned this once (printed or exported), stored
    only as keyed hashes, each usable for one answer."""
    survey = panel.survey
    _deny_unless(can_manage(actor, survey))
    if survey.state == SurveyState.CLOSED:
        raise ValidationError({"count": _("评议已经结束，不能再生成评议码。")})
    if not 1 <= count <= MAX_CODES_PER_ISSUE:
        raise ValidationError({"count": _("每次可生成1至%(n)d个评议码。") % {"n": MAX_CODES_PER_ISSUE}})
    codes = [
        format_code("".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH)))
        for _n in range(count)
    ]
    with transaction.atomic():
        AccessCode.objects.bulk_create([AccessCode(panel=panel, code_hash=code_hash(c)) for c in codes])
        record(
            actor=actor,
            action="survey.codes_issued",
            target=survey,
            organization=survey.authority,
            data={"panel": panel.name, "count": count},
        )
    return codes


def open_survey(*, actor: Any, survey: Survey, today: dt.date | None = None) -> Survey:
    """Start taking answers (from ``opens_on``, today when none was set)."""
    _deny_unless(can_manage(actor, survey))
    today = today or local_today()
    problems = []
    if survey.state != SurveyState.DRAFT:
        problems.append(_("只有草稿状态的评议可以开始。"))
    if not survey.questions.exists():
        problems.append(_("请先填写评议内容。"))
    if not survey.bodies.exists():
        problems.append(_("请先选择被评议单位。"))
    if not survey.open_to_public and not AccessCode.objects.filter(panel__survey=survey).exists():
        problems.append(_("本次评议不向社会公众开放，请先添加评议代表类别并生成评议码。"))
    if survey.closes_on is not None and survey.closes_on < today:
        problems.append(_("结束日期已过，请先修改结束日期。"))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        survey.state = SurveyState.OPEN
        if survey.opens_on is None:
            survey.opens_on = today
        survey.save(update_fields=["state", "opens_on"])
        record(actor=actor, action="survey.opened", target=survey, organization=survey.authority)
    return survey


def close_survey(*, actor: Any, survey: Survey, today: dt.date | None = None) -> Survey:
    """Stop taking answers; the results become public."""
    _deny_unless(can_manage(actor, survey))
    today = today or local_today()
    if survey.state != SurveyState.OPEN:
        raise ValidationError(_("只有正在进行的评议可以结束。"))
    with transaction.atomic():
        survey.state = SurveyState.CLOSED
        if survey.closes_on is None or survey.closes_on > today:
            survey.closes_on = today
        if survey.opens_on is not None and survey.opens_on > survey.closes_on:
            survey.opens_on = survey.closes_on
        survey.save(update_fields=["state", "closes_on", "opens_on"])
        record(
            actor=actor,
            action="survey.closed",
            target=survey,
            organization=survey.authority,
            data={"responses": survey.responses.count()},
        )
    return survey


# --- answering -----------------------------------------------------------------------------------


def survey_for_public(pk: int) -> Survey | None:
    """A survey the public may see (opened or closed; a draft never)."""
    return Survey.objects.exclude(state=SurveyState.DRAFT).filter(pk=pk).first()


def already_received(token: str) -> bool:
    return bool(token) and SurveyResponse.objects.filter(token=token).exists()


def submit_response(
    *,
    survey: Survey,
    answers: Mapping[tuple[int, int], str],
    token: str,
    code: str = "",
    today: dt.date | None = None,
) -> tuple[SurveyResponse, bool]:
    """Store one questionnaire: ``answers`` maps (body id, question id) to a grade's label (a pair
    left out is 不了解, not counted). With ``code`` the answer counts for the code's panel and uses
    the code up. Returns the response and ``True``; the same form sent again (its ``token``)
    stores nothing and returns the first one with ``False``.
    """
    today = today or local_today()
    errors: dict[str, str] = {}
    if not TOKEN.match(token or ""):
        errors["token"] = _("表单已失效，请刷新页面后重新填写。")
    earlier = SurveyResponse.objects.filter(token=token).first() if not errors else None
    if earlier is not None:
        if earlier.survey_id != survey.pk:
            raise ValidationError({"token": _("表单已失效，请刷新页面后重新填写。")})
        return earlier, False
    why = refusal(survey, today)
    if why:
        raise ValidationError({"__all__": why}, code="closed")
    labels = {g.label for g in grades(survey)}
    body_ids = set(survey.bodies.values_list("pk", flat=True))
    question_ids = set(survey.questions.values_list("pk", flat=True))
    rows = [(o, q, c) for (o, q), c in answers.items() if c]
    if not rows:
        errors["__all__"] = _("请至少对一个单位的一项内容作出评价。")
    if any(o not in body_ids or q not in question_ids or c not in labels for o, q, c in rows):
        errors["__all__"] = _("评价内容有误，请刷新页面后重新填写。")
    access: AccessCode | None = None
    code = normalize_code(code or "")
    if code:
        access = (
            AccessCode.objects.select_related("panel")
            .filter(code_hash=code_hash(code), panel__survey=survey)
            .first()
        )
        if access is None:
            errors["code"] = _("评议码不正确，请核对后重新输入（不区分大小写，可不输入连字符）。")
        elif access.used_at is not None:
            errors["code"] = _("该评议码已经使用过，每个评议码只能提交一次答卷。")
    elif not survey.open_to_public:
        errors["code"] = _("本次评议仅限受邀评议代表参加，请输入您收到的评议码。")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            if access is not None:
                # Used up in the same transaction as the answer is stored: two forms sent at once
                # with one code store one answer.
                taken = AccessCode.objects.filter(pk=access.pk, used_at__isnull=True).update(
                    used_at=timezone.now()
                )
                if not taken:
                    raise ValidationError({"code": _("该评议码已经使用过，每个评议码只能提交一次答卷。")})
            response = SurveyResponse.objects.create(
                survey=survey, panel=access.panel if access else None, token=token
            )
            SurveyAnswer.objects.bulk_create(
                [
                    SurveyAnswer(response=response, organization_id=o, question_id=q, choice=c)
                    for o, q, c in rows
                ]
            )
            record(
                actor=SYSTEM,
                action="survey.response_received",
                target=survey,
                organization=survey.authority,
                data={"panel": access.panel.name if access else "", "answers": len(rows)},
            )
    except IntegrityError:
        # The same form sent twice at once: the other request stored it (``token`` is unique).
        earlier = SurveyResponse.objects.filter(token=token, survey=survey).first()
        if earlier is None:
            raise
        return earlier, False
    return response, True


def parse_grades(text: str) -> list[Grade]:
    """Grades written one a line as ``名称=分值`` (e.g. ``优秀=100``); a grade of 0 points (e.g.
    不满意) does not count as satisfied, every other does."""
    out = []
    problems = []
    for n, line in enumerate((raw.strip() for raw in text.splitlines()), start=1):
        if not line:
            continue
        label, sep, points = line.replace("＝", "=").partition("=")
        try:
            value = int(points.strip()) if sep else -1
        except ValueError:
            value = -1
        if value < 0:
            problems.append(
                _("第%(n)d行“%(line)s”应写作“名称=分值”，如“优秀=100”。") % {"n": n, "line": line}
            )
            continue
        out.append(Grade(label.strip(), value, value > 0))
    if problems:
        raise ValidationError({"grades": problems})
    return out


def grades_text(items: Iterable[Grade]) -> str:
    return "\n".join(f"{g.label}={g.points}" for g in items)
