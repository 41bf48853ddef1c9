"""民主评议 screens (docs/SPEC.md §7 item 5) of a competent authority's supervisors: the list of
their surveys, a survey's configuration (questions, grades with points, bodies rated, public or
invited only), its panels with weights and their access codes (shown once: printed list or XLSX),
opening and closing, and the results per body and per body and question, with an XLSX export.

Every change goes through ``assessment.services.surveys``; a survey is found only among those of
the person's own authorities (404 otherwise)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.assessment.indicators.surveys import survey_results
from gongkai.assessment.models import AccessCode, Panel, Survey, SurveyState
from gongkai.assessment.services import surveys as svc
from gongkai.assessment.staff.surveys.forms import CodesForm, PanelForm, SurveyForm
from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.core.params import parse_id
from gongkai.core.tabular import Sheet, write_workbook
from gongkai.orgs.models import Organization

NAV = "assessment_surveys"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _gate(request: HttpRequest) -> None:
    deny_unless(svc.can_manage_surveys(request.user), _("只有主管部门的监督人员可以组织民主评议。"))


def _get(request: HttpRequest, pk: int) -> Survey:
    _gate(request)
    return get_object_or_404(svc.manageable_surveys(request.user).select_related("authority"), pk=pk)


def _crumbs(*extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("民主评议"), reverse("backoffice:assessment_surveys")), *extra]


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    _gate(request)
    surveys = svc.manageable_surveys(request.user).select_related("authority")
    return render(
        request,
        "backoffice/assessment/surveys/list.html",
        {"surveys": surveys, "nav_section": NAV, "crumbs": _crumbs()},
    )


def _form_page(
    request: HttpRequest, form: SurveyForm, survey: Survey | None, status: int = 200
) -> HttpResponse:
    title = _("修改民主评议") if survey else _("新建民主评议")
    return render(
        request,
        "backoffice/assessment/surveys/form.html",
        {
            "form": form,
            "survey": survey,
            "title": title,
            "nav_section": NAV,
            "crumbs": _crumbs((title, None)),
        },
        status=status,
    )


@login_required
def survey_new(request: HttpRequest) -> HttpResponse:
    _gate(request)
    if request.method == "POST":
        form = SurveyForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                survey = svc.create_survey(
                    actor=request.user, authority=form.cleaned_data["authority"], data=form.survey_data()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已保存。请添加评议代表类别、生成评议码，然后开始评议。"))
                return redirect("backoffice:assessment_survey", survey.pk)
        return _form_page(request, form, None, status=400)
    year = svc.local_today().year
    form = SurveyForm(
        user=request.user,
        initial={"year": year, "title": _("%(year)d年度政务公开工作民主评议") % {"year": year}},
    )
    bodies = form.fields["bodies"]
    form.initial["bodies"] = [o.pk for o in bodies.queryset]  # type: ignore[attr-defined]
    return _form_page(request, form, None)


@login_required
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _get(request, pk)
    if survey.state != SurveyState.DRAFT:
        messages.error(request, _("评议已经开始，不能再修改评议内容、评价等次和被评议单位。"))
        return redirect("backoffice:assessment_survey", survey.pk)
    if request.method == "POST":
        form = SurveyForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                svc.update_survey(actor=request.user, survey=survey, data=form.survey_data())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已保存。"))
                return redirect("backoffice:assessment_survey", survey.pk)
        return _form_page(request, form, survey, status=400)
    form = SurveyForm(
        user=request.user,
        initial={
            "authority": survey.authority_id,
            "year": survey.year,
            "title": survey.title,
            "introduction": survey.introduction,
            "opens_on": survey.opens_on,
            "closes_on": survey.closes_on,
            "open_to_public": survey.open_to_public,
            "public_weight": survey.public_weight,
            "grades": svc.grades_text(svc.grades(survey)),
            "questions": "\n".join(survey.questions.values_list("text", flat=True)),
            "bodies": list(survey.bodies.values_list("pk", flat=True)),
        },
    )
    return _form_page(request, form, survey)


def _detail(
    request: HttpRequest,
    survey: Survey,
    *,
    panel_form: PanelForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    panels = list(survey.panels.order_by("pk"))
    for panel in panels:
        codes = AccessCode.objects.filter(panel=panel)
        panel.codes_total = codes.count()  # type: ignore[attr-defined]
        panel.codes_used = codes.exclude(used_at=None).count()  # type: ignore[attr-defined]
        panel.answers = panel.responses.count()  # type: ignore[attr-defined]
    today = svc.local_today()
    return render(
        request,
        "backoffice/assessment/surveys/detail.html",
        {
            "survey": survey,
            "grades": svc.grades(survey),
            "questions": list(survey.questions.all()),
            "bodies": list(survey.bodies.order_by("path", "position", "name")),
            "panels": panels,
            "public_responses": survey.responses.filter(panel=None).count(),
            "responses": survey.responses.count(),
            "panel_form": panel_form or PanelForm(),
            "codes_form": CodesForm(),
            "problems": problems or [],
            "accepting": svc.accepting(survey, today),
            "refusal": svc.refusal(survey, today),
            "public_url": reverse("portal:survey", args=[survey.pk]),
            "nav_section": NAV,
            "crumbs": _crumbs((survey.title, None)),
        },
        status=status,
    )


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get(request, pk))


@login_required
@require_POST
def panel_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _get(request, pk)
    form = PanelForm(request.POST)
    if form.is_valid():
        try:
            svc.add_panel(
                actor=request.user,
                survey=survey,
                name=form.cleaned_data["name"],
                weight=form.cleaned_data["weight"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已添加评议代表类别。"))
            return redirect("backoffice:assessment_survey", survey.pk)
    return _detail(request, survey, panel_form=form, status=400)


def _panel(survey: Survey, panel_pk: int) -> Panel:
    return get_object_or_404(Panel, survey=survey, pk=panel_pk)


@login_required
@require_POST
def panel_remove(request: HttpRequest, pk: int, panel_pk: int) -> HttpResponse:
    survey = _get(request, pk)
    panel = _panel(survey, panel_pk)
    try:
        svc.remove_panel(actor=request.user, panel=panel)
    except ValidationError as error:
        return _detail(request, survey, problems=error.messages, status=400)
    messages.success(request, _("已删除评议代表类别。"))
    return redirect("backoffice:assessment_survey", survey.pk)


@login_required
@require_POST
def codes(request: HttpRequest, pk: int, panel_pk: int) -> HttpResponseBase:
    """Issue access codes and show them this once: a printable list or an XLSX (never stored)."""
    survey = _get(request, pk)
    panel = _panel(survey, panel_pk)
    form = CodesForm(request.POST)
    if not form.is_valid():
        return _detail(
            request, survey, problems=[str(m) for ms in form.errors.values() for m in ms], status=400
        )
    try:
        issued = svc.issue_codes(actor=request.user, panel=panel, count=form.cleaned_data["count"])
    except ValidationError as error:
        return _detail(request, survey, problems=error.messages, status=400)
    url = request.build_absolute_uri(reverse("portal:survey", args=[survey.pk]))
    response: HttpResponse
    if form.cleaned_data["format"] == "xlsx":
        sheet = Sheet(
            _("评议码"),
            _("%(title)s · %(panel)s评议码（每码限用一次；评议地址：%(url)s）")
            % {"title": survey.title, "panel": panel.name, "url": url},
            [_("序号"), _("评议码"), _("评议代表类别")],
            [[n, code, panel.name] for n, code in enumerate(issued, start=1)],
        )
        response = HttpResponse(write_workbook([sheet], first_column_width=8), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-codes-{panel.pk}.xlsx"'
    else:
        response = render(
            request,
            "backoffice/assessment/surveys/codes.html",
            {
                "survey": survey,
                "panel": panel,
                "codes": issued,
                "url": url,
                "nav_section": NAV,
                "crumbs": _crumbs(
                    (survey.title, reverse("backoffice:assessment_survey", args=[survey.pk])),
                    (_("评议码"), None),
                ),
            },
        )
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_POST
def survey_open(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _get(request, pk)
    try:
        svc.open_survey(actor=request.user, survey=survey)
    except ValidationError as error:
        return _detail(request, survey, problems=error.messages, status=400)
    messages.success(request, _("评议已开始，公众和评议代表可以在门户网站上参加。"))
    return redirect("backoffice:assessment_survey", survey.pk)


@login_required
@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _get(request, pk)
    try:
        svc.close_survey(actor=request.user, survey=survey)
    except ValidationError as error:
        return _detail(request, survey, problems=error.messages, status=400)
    messages.success(request, _("评议已结束，结果已在门户网站公布。"))
    return redirect("backoffice:assessment_survey", survey.pk)


def _results_context(survey: Survey, org: Organization | None) -> dict[str, Any]:
    bodies = list(survey.bodies.order_by("path", "position", "name"))
    if org is not None:
        bodies = [b for b in bodies if b.pk == org.pk]
    results = survey_results(survey, [b.pk for b in bodies])
    questions = list(survey.questions.all())
    grades = svc.grades(survey)
    rows = []
    for body in bodies:
        figures = results.bodies.get(body.pk)
        per_question = [(q, results.questions.get((body.pk, q.pk))) for q in questions]
        rows.append((body, figures, per_question))
    return {
        "survey": survey,
        "rows": rows,
        "questions": questions,
        "grades": grades,
        "results": results,
        "org": org,
    }


def _org(request: HttpRequest, survey: Survey) -> Organization | None:
    raw = request.GET.get("org")
    if not raw:
        return None
    pk = parse_id(raw)
    if pk is None:
        raise Http404
    return get_object_or_404(survey.bodies.all(), pk=pk)


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _get(request, pk)
    context = _results_context(survey, _org(request, survey))
    context.update(
        {
            "nav_section": NAV,
            "crumbs": _crumbs(
                (survey.title, reverse("backoffice:assessment_survey", args=[survey.pk])),
                (_("评议结果"), None),
            ),
        }
    )
    return render(request, "backoffice/assessment/surveys/results.html", context)


def _pct(value: Any) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _get(request, pk)
    context = _results_context(survey, _org(request, survey))
    grades = context["grades"]
    header = [_("被评议单位"), _("答卷数"), _("得分"), _("满意率"), *(g.label for g in grades), _("评价总数")]
    body_rows: list[list[object]] = []
    question_rows: list[list[object]] = []
    for body, figures, per_question in context["rows"]:
        if figures is None:
            body_rows.append([body.name, 0, "—", "—", *(0 for _g in grades), 0])
        else:
            body_rows.append(
                [
                    body.name,
                    figures.responses,
                    figures.result.score,
                    _pct(figures.result.rate),
                    *(figures.grades.get(g.label, 0) for g in grades),
                    figures.result.answers,
                ]
            )
        for question, qf in per_question:
            question_rows.append(
                [
                    body.name,
                    question.text,
                    qf.result.score if qf else "—",
                    _pct(qf.result.rate) if qf else "—",
                    *((qf.grades.get(g.label, 0) if qf else 0) for g in grades),
                    qf.result.answers if qf else 0,
                ]
            )
    sheets = [
        Sheet(
            _("各单位"),
            _("%(title)s · 各单位评议结果（得分按评议代表类别加权；满意率=（优秀+满意+基本满意）÷评价总数）")
            % {"title": survey.title},
            header,
            body_rows,
        ),
        Sheet(
            _("各评议内容"),
            _("%(title)s · 各单位各项评议内容") % {"title": survey.title},
            [
                _("被评议单位"),
                _("评议内容"),
                _("得分"),
                _("满意率"),
                *(g.label for g in grades),
                _("评价总数"),
            ],
            question_rows,
        ),
    ]
    response = HttpResponse(write_workbook(sheets, first_column_width=28), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.xlsx"'
    return response
