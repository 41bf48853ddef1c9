"""The public pages of 民主评议 (docs/SPEC.md §7 item 5), in the portal's namespace under /surveys/:
the list of surveys (open ones to answer, finished ones with results), the questionnaire, and a
finished survey's results per body.

The questionnaire asks for nothing personal: the public answers anonymously; an invited panel
member types the access code they were given (kept only as a keyed hash, used once, not linked to
the answer). A page with the form carries a CSRF token and each answer is the visitor's own: never
cached (``no-store``). A form sent twice counts once (its random token); answers are rate limited
per client address and hour (``core.ratelimit`` under a keyed hash, as ``ratings.limits``); a
filled honeypot is thanked and nothing is kept.

Statuses: 200; 400 a form with errors (a wrong or used code, nothing chosen); 403 a survey not yet
open (its results before it ends); 404 a draft or unknown survey; 410 a finished survey's form;
429 too many answers.
"""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gongkai.assessment.indicators.surveys import survey_results
from gongkai.assessment.models import Survey, SurveyState
from gongkai.assessment.services import surveys as svc
from gongkai.core.conf import conf
from gongkai.ratings.limits import HashedWindow

#: Questionnaires a client address may send per hour (``GONGKAI["SURVEY_ANSWERS_PER_HOUR"]``).
ANSWERS_PER_HOUR = 10

hourly = HashedWindow("surveys", lambda: int(conf().get("SURVEY_ANSWERS_PER_HOUR", ANSWERS_PER_HOUR)))


class QuestionnaireForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("评议码"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    website = forms.CharField(
        label=gettext_lazy("请勿填写此项"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        code = self.fields["code"]
        code.required = False
        code.help_text = (
            _("受邀的评议代表请输入收到的评议码（每码限用一次）；社会公众无需填写。")
            if survey.open_to_public
            else _("本次评议仅限受邀评议代表参加，请输入收到的评议码（每码限用一次）。")
        )
        choices = [("", _("不了解"))] + [(g.label, g.label) for g in svc.grades(survey)]
        self.grid: list[tuple[Any, list[Any]]] = []
        questions = list(survey.questions.all())
        for body in survey.bodies.order_by("path", "position", "name"):
            row = []
            for q in questions:
                name = f"a_{body.pk}_{q.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=q.text,
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect,
                    initial="",
                    error_messages={"invalid_choice": _("请从给出的评价等次中选择。")},
                )
                row.append((q, self[name]))
            self.grid.append((body, row))

    def answers(self) -> dict[tuple[int, int], str]:
        out = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("a_") and value:
                _a, org, question = name.split("_")
                out[(int(org), int(question))] = value
        return out


def _crumbs(*tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("首页"), reverse("portal:home")), (_("民主评议"), reverse("portal:surveys")), *tail]


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def _get(pk: int) -> Survey:
    survey = svc.survey_for_public(pk)
    if survey is None:
        raise Http404
    return survey


@require_http_methods(["GET", "HEAD"])
def survey_list(request: HttpRequest) -> HttpResponse:
    today = svc.local_today()
    surveys = list(Survey.objects.exclude(state=SurveyState.DRAFT).select_related("authority"))
    rows = [(s, svc.accepting(s, today), svc.finished(s, today), svc.refusal(s, today)) for s in surveys]
    return _private(
        render(
            request,
            "assessment/portal/surveys.html",
            {"rows": rows, "crumbs": _crumbs(), "nav_section": "surveys"},
        )
    )


def _message(request: HttpRequest, survey: Survey, *, title: str, message: str, status: int) -> HttpResponse:
    return _private(
        render(
            request,
            "assessment/portal/survey_message.html",
            {
                "survey": survey,
                "title": title,
                "message": message,
                "status": status,
                "finished": svc.finished(survey, svc.local_today()),
                "crumbs": _crumbs((survey.title, reverse("portal:survey", args=[survey.pk]))),
            },
            status=status,
        )
    )


def _page(request: HttpRequest, survey: Survey, form: QuestionnaireForm, status: int = 200) -> HttpResponse:
    return _private(
        render(
            request,
            "assessment/portal/survey.html",
            {
                "survey": survey,
                "form": form,
                "grades": svc.grades(survey),
                "crumbs": _crumbs((survey.title, None)),
            },
            status=status,
        )
    )


def _thanks(request: HttpRequest, survey: Survey) -> HttpResponse:
    return _message(
        request,
        survey,
        title=_("感谢您参加评议"),
        message=_("您的答卷已收到。评议结束后，结果将在本网站公布。"),
        status=200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def survey(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The questionnaire (GET) and its answer (POST)."""
    item = _get(pk)
    today = svc.local_today()
    if not svc.accepting(item, today):
        finished = svc.finished(item, today)
        return _message(
            request,
            item,
            title=_("本次评议已经结束") if finished else _("本次评议尚未开始"),
            message=svc.refusal(item, today),
            status=410 if finished else 403,
        )
    if request.method != "POST":
        return _page(
            request, item, QuestionnaireForm(survey=item, initial={"token": secrets.token_urlsafe(24)})
        )
    form = QuestionnaireForm(request.POST, survey=item)
    if not form.is_valid():
        return _page(request, item, form, status=400)
    if form.cleaned_data["website"]:
        return _thanks(request, item)  # a bot filled the honeypot: thanked, nothing kept
    token = form.cleaned_data["token"]
    if svc.already_received(token):  # the same form sent again: one answer
        return _thanks(request, item)
    slot = hourly.take(request)
    if not slot.allowed:
        response = _message(
            request,
            item,
            title=_("提交过于频繁"),
            message=_("为防止滥用，同一网络地址每小时最多提交%(n)d份答卷，请%(m)d分钟后再试。")
            % {"n": hourly.limit(), "m": max((hourly.retry_after() + 59) // 60, 1)},
            status=429,
        )
        response["Retry-After"] = str(hourly.retry_after())
        return response
    try:
        _response, created = svc.submit_response(
            survey=item, answers=form.answers(), token=token, code=form.cleaned_data["code"], today=today
        )
    except ValidationError as error:
        slot.release()
        for field, messages in error.message_dict.items():
            for message in messages:
                form.add_error(field if field == "code" else None, message)
        data = request.POST.copy()
        data["token"] = secrets.token_urlsafe(24)  # nothing was stored: the corrected form is a new one
        form.data = data
        return _page(request, item, form, status=400)
    if not created:
        slot.release()
    return _thanks(request, item)


@require_http_methods(["GET", "HEAD"])
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """A finished survey's figures per body (before it ends: 403)."""
    item = _get(pk)
    if not svc.finished(item, svc.local_today()):
        return _message(
            request,
            item,
            title=_("评议结果尚未公布"),
            message=_("评议结果将在评议结束后公布。"),
            status=403,
        )
    figures = survey_results(item)
    rows = [(b, figures.bodies.get(b.pk)) for b in item.bodies.order_by("path", "position", "name")]
    return _private(
        render(
            request,
            "assessment/portal/survey_results.html",
            {
                "survey": item,
                "rows": rows,
                "responses": figures.responses,
                "grades": svc.grades(item),
                "crumbs": _crumbs((item.title, None)),
            },
        )
    )
