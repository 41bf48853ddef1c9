"""政务信息报送 for staff integrations (docs/SPEC.md §8): read-only, authenticated, never public.

Unlike the rest of ``/api/v1/``, these operations serve staff data, so:

- **Authentication**, either of:

  - ``Authorization: Bearer <token>``: a personal API token (个人接口令牌, ``gk_`` + 43 characters)
    that a member of staff created on the back office's 登录安全 page for an integration
    (``accounts.tokens``). It authenticates as its user while it is neither revoked nor expired and
    the account is active; two-factor sign-in was required to create it, so it is not asked again.
    When the header is present it alone decides: a malformed, unknown, revoked or expired token, or
    another scheme, is a 401 even if a session cookie comes with the request.
  - the back office's signed-in session (the ``sessionid`` cookie of a sign-in at
    ``/staff/login/``), with the same conditions as the back office: an active account, the second
    factor passed when ``accounts.twofactor`` requires it, and a session not idle past
    ``GONGKAI["SESSION_IDLE_MINUTES"]``.

  Anything else is a 401 with a Chinese ``detail``.
- **Scope** (the same with a token as with its user's session): exactly what the person may read
  in the back office — submissions of their units and those sent to the offices whose desk they
  run (``govinfo.access.readable_submissions``), issues of their desks and, issued, of the offices
  whose publications they read as leaders (``govinfo.desk_access.readable_issues``), standings of
  the offices whose figures they read (``govinfo.figures``) or their units report to. Anything out
  of scope is a 404, exactly like something that does not exist.
- **Caching**: every answer is ``Cache-Control: private, no-store`` (the public API's answers are
  ``public``; these must never be kept by a shared cache).
- **Description**: the operations are left out of the public OpenAPI document
  (``include_in_schema=False``), whose contract is "只读、无需登录、只提供已主动公开的政府信息"; they are
  described here and in the operations' docstrings.

Routes (under ``/api/v1/govinfo``): ``GET submissions`` (``unit``, ``state``, ``submitted_from``,
``submitted_to``, ``page``, ``page_size``), ``GET submissions/{id}``, ``GET issues`` (``page``,
``page_size``), ``GET issues/{id}`` (with its entries), ``GET adoptions`` (``unit``, ``level``,
``adopted_from``, ``adopted_to``, ``page``, ``page_size``), ``GET standings`` (``office``, ``start``,
``end``).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import APIKeyCookie

from gongkai.accounts import tokens, twofactor
from gongkai.accounts.middleware import LAST_SEEN_KEY, idle_seconds
from gongkai.api.pagination import paginate
from gongkai.api.schemas import ErrorOut
from gongkai.api.selectors import BadParameter
from gongkai.govinfo import access, desk_access, figures, policy
from gongkai.govinfo.models import Adoption, Issue, PublicationLevel, State, Submission
from gongkai.orgs import hierarchy
from gongkai.orgs.models import Organization

NOT_SIGNED_IN = "请先登录后台：本接口只对已登录的工作人员开放（使用后台登录会话）。"
NOT_VERIFIED = "请先在后台完成两步验证。"
IDLE = "因长时间未操作，登录已失效，请重新登录后台。"
NOT_FOUND = "未找到"
NO_SCORING = "计分功能尚未提供排名。"
PRIVATE = "private, no-store"
BAD_TOKEN = "接口令牌无效、已过期或已被撤销，请在后台“登录安全”中查看或重新创建。"  # noqa: S105
BAD_SCHEME = "Authorization 请求头的格式应为“Bearer 接口令牌”。"

_M = TypeVar("_M", bound=Model)


class StaffSession(APIKeyCookie):
    """A personal API token in ``Authorization: Bearer``, else the back office's session, checked as
    the back office checks it (see the module docstring)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # read-only GETs: nothing to forge

    def __call__(self, request: HttpRequest) -> Any:
        return self.authenticate(request, None)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        header = request.headers.get("Authorization")
        if header is not None:
            return self._bearer(header)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            raise HttpError(401, NOT_SIGNED_IN)
        if twofactor.is_required(user) and not user.is_verified():
            raise HttpError(401, NOT_VERIFIED)
        limit = idle_seconds()
        seen = request.session.get(LAST_SEEN_KEY)
        if limit and isinstance(seen, int) and int(time.time()) - seen > limit:
            raise HttpError(401, IDLE)
        return user

    def _bearer(self, header: str) -> Any:
        scheme, _, raw = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            raise HttpError(401, BAD_SCHEME)
        user = tokens.authenticate(raw.strip())
        if user is None:
            raise HttpError(401, BAD_TOKEN)
        return user


router = Router(auth=StaffSession())


# -- schemas ---------------------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    name: str


class AdoptionOut(Schema):
    id: int
    submission_id: int
    publication: str = Field(description="刊物")
    level: str = Field(description="层级：county 县级 / city 市级 / province 省级 / national 国办")
    level_label: str
    issue_label: str = Field(description="期号")
    adopted_on: dt.date
    source: str


class SubmissionOut(Schema):
    id: int
    serial: str = Field(description="编号")
    title: str
    unit: UnitRef = Field(description="报送单位")
    recipient: UnitRef | None = Field(description="报送至")
    kind: str
    kind_label: str
    urgency: str
    state: str
    state_label: str
    length: int = Field(description="字数")
    submitted_at: dt.datetime | None


class SubmissionDetailOut(SubmissionOut):
    body: str = Field(description="正文（HTML，已净化）")
    plain_text: str
    authors: list[str]
    credited_units: list[UnitRef]
    adoptions: list[AdoptionOut]


class _Page(Schema):
    """The envelope ``gongkai.api.pagination.paginate`` answers with; each page adds its ``results``."""

    count: int
    page: int
    page_size: int
    num_pages: int
    next: str | None
    previous: str | None


class SubmissionPage(_Page):
    results: list[SubmissionOut]


class EntryOut(Schema):
    position: int
    submission_id: int
    title: str
    body: str


class IssueOut(Schema):
    id: int
    publication: str
    year: int
    number: int | None
    total_number: int | None
    date: dt.date | None
    state: str
    label: str


class IssueDetailOut(IssueOut):
    editor_note: str
    bao: str
    song: str
    fa: str
    entries: list[EntryOut]


class IssuePage(_Page):
    results: list[IssueOut]


class AdoptionPage(_Page):
    results: list[AdoptionOut]


class StandingOut(Schema):
    rank: int
    tied: bool
    unit: UnitRef
    submissions: int
    adopted: int
    points: str = Field(description="积分（十进制字符串）")
    no_submission: bool


class StandingsOut(Schema):
    office: UnitRef
    start: dt.date
    end: dt.date
    results: list[StandingOut]


class Paging(Schema):
    page: int = Field(1, ge=1, le=10_000, description="页码，从 1 开始")
    page_size: int = Field(20, ge=1, le=100, description="每页条数，最多 100")


#: The largest id the database holds (a 64-bit signed integer); a larger one names nothing.
MAX_ID = 2**63 - 1
#: Dates the filters accept (a day of year 1 or 9999 cannot be turned into a local moment and back).
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(9998, 12, 31)


class SubmissionFilters(Paging):
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="报送单位编号")
    state: str | None = Field(None, max_length=20, description="状态：" + "、".join(State.values))
    submitted_from: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="报送日期起（含）")
    submitted_to: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="报送日期止（含）")


class AdoptionFilters(Paging):
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="报送单位编号")
    level: str | None = Field(None, max_length=20, description="层级：" + "、".join(PublicationLevel.values))
    adopted_from: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="采用日期起（含）")
    adopted_to: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="采用日期止（含）")


class StandingsParams(Schema):
    office: int = Field(..., ge=1, le=MAX_ID, description="信息科所在办公室（机构编号）")
    start: dt.date = Field(..., ge=FIRST_DAY, le=LAST_DAY, description="起始日期（含）")
    end: dt.date = Field(..., ge=FIRST_DAY, le=LAST_DAY, description="截止日期（含）")


# -- helpers ---------------------------------------------------------------------------------------


def _private(response: HttpResponse) -> None:
    response["Cache-Control"] = PRIVATE
    response["Vary"] = "Cookie, Authorization"


def _unit(org: Organization | None) -> dict[str, Any] | None:
    return {"id": org.pk, "name": org.name} if org is not None else None


def _adoption(a: Adoption) -> dict[str, Any]:
    return {
        "id": a.pk,
        "submission_id": a.submission_id,
        "publication": a.publication.name,
        "level": a.level,
        "level_label": str(PublicationLevel(a.level).label)
        if a.level in PublicationLevel.values
        else a.level,
        "issue_label": a.issue_label,
        "adopted_on": a.adopted_on,
        "source": a.source,
    }


def _submission(s: Submission) -> dict[str, Any]:
    return {
        "id": s.pk,
        "serial": s.serial,
        "title": s.title,
        "unit": _unit(s.organization),
        "recipient": _unit(s.recipient),
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "urgency": s.urgency,
        "state": s.state,
        "state_label": s.get_state_display(),
        "length": s.length,
        "submitted_at": s.submitted_at,
    }


def _issue(i: Issue) -> dict[str, Any]:
    return {
        "id": i.pk,
        "publication": i.publication.name,
        "year": i.year,
        "number": i.number,
        "total_number": i.total_number,
        "date": i.date,
        "state": i.state,
        "label": str(i),
    }


def _one(qs: QuerySet[_M], pk: int) -> _M | None:
    """The row of ``qs`` with this id, or None: an id past the database's largest names nothing."""
    return None if pk > MAX_ID else qs.filter(pk=pk).first()


def _not_found() -> Status:
    """Out of scope answers exactly like what does not exist."""
    return Status(404, {"detail": NOT_FOUND, "errors": []})


def _readable(user: Any) -> QuerySet[Submission]:
    return access.readable_submissions(user)


def _unit_in_scope(user: Any, unit_id: int) -> bool:
    """A unit the caller may filter on: one of theirs, one reporting to a desk of theirs, or one with a
    submission they may read."""
    if unit_id in access.unit_ids(user):
        return True
    unit = Organization.objects.filter(pk=unit_id).first()
    if unit is None:
        return False
    office = hierarchy.reports_to(unit)
    if office is not None and policy.can_use_desk(user, office):
        return True
    return _readable(user).filter(organization_id=unit_id).exists()


def _day_start(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime(day.year, day.month, day.day))


# -- operations ------------------------------------------------------------------------------------


@router.get(
    "/submissions",
    response={200: SubmissionPage, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    operation_id="listGovinfoSubmissions",
    url_name="listGovinfoSubmissions",
    include_in_schema=False,
)
def list_submissions(request: HttpRequest, response: HttpResponse, filters: Query[SubmissionFilters]) -> Any:
    """政务信息稿件：本人可以查看的（本单位的稿件、报送到本人所在信息科的稿件），报送时间从新到旧。"""
    _private(response)
    user = request.auth  # type: ignore[attr-defined]
    qs = _readable(user).select_related("organization", "recipient")
    if filters.unit is not None:
        if not _unit_in_scope(user, filters.unit):
            return Status(404, {"detail": "未找到该单位", "errors": []})
        qs = qs.filter(organization_id=filters.unit)
    if filters.state:
        if filters.state not in State.values:
            raise BadParameter("state", "可选值为：" + "、".join(State.values) + "。")
        qs = qs.filter(state=filters.state)
    if filters.submitted_from and filters.submitted_to and filters.submitted_from > filters.submitted_to:
        raise BadParameter("submitted_to", "截止日期不能早于起始日期。")
    if filters.submitted_from:
        qs = qs.filter(submitted_at__gte=_day_start(filters.submitted_from))
    if filters.submitted_to:
        qs = qs.filter(submitted_at__lt=_day_start(filters.submitted_to + dt.timedelta(days=1)))
    page = paginate(
        request, qs.order_by("-submitted_at", "-pk"), page=filters.page, page_size=filters.page_size
    )
    page["results"] = [_submission(s) for s in page.pop("objects")]
    return page


@router.get(
    "/submissions/{int:submission_id}",
    response={200: SubmissionDetailOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="getGovinfoSubmission",
    url_name="getGovinfoSubmission",
    include_in_schema=False,
)
def get_submission(request: HttpRequest, response: HttpResponse, submission_id: int) -> Any:
    """一篇稿件：正文、作者、署名单位和采用记录。"""
    _private(response)
    qs = _readable(request.auth).select_related("organization", "recipient")  # type: ignore[attr-defined]
    s = _one(qs, submission_id)
    if s is None:
        return _not_found()
    data = _submission(s)
    data["body"] = s.body
    data["plain_text"] = s.plain_text
    data["authors"] = [a.name for a in s.authors.all()]
    data["credited_units"] = [_unit(c.organization) for c in s.credits.select_related("organization")]
    data["adoptions"] = [_adoption(a) for a in s.adoptions.select_related("publication")]
    return data


@router.get(
    "/issues",
    response={200: IssuePage, 401: ErrorOut, 422: ErrorOut},
    operation_id="listGovinfoIssues",
    url_name="listGovinfoIssues",
    include_in_schema=False,
)
def list_issues(request: HttpRequest, response: HttpResponse, paging: Query[Paging]) -> Any:
    """信息刊物的刊期：本人所在信息科的（含编辑中的），以及本人作为领导阅看的已印发刊期。"""
    _private(response)
    qs = desk_access.readable_issues(request.auth).select_related("publication")  # type: ignore[attr-defined]
    page = paginate(
        request, qs.order_by("-year", "-number", "-pk"), page=paging.page, page_size=paging.page_size
    )
    page["results"] = [_issue(i) for i in page.pop("objects")]
    return page


@router.get(
    "/issues/{int:issue_id}",
    response={200: IssueDetailOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="getGovinfoIssue",
    url_name="getGovinfoIssue",
    include_in_schema=False,
)
def get_issue(request: HttpRequest, response: HttpResponse, issue_id: int) -> Any:
    """一期刊物及其条目（按顺序）。读取接口不记录传阅。"""
    _private(response)
    qs = desk_access.readable_issues(request.auth).select_related("publication")  # type: ignore[attr-defined]
    issue = _one(qs, issue_id)
    if issue is None:
        return _not_found()
    data = _issue(issue)
    data.update(editor_note=issue.editor_note, bao=issue.bao, song=issue.song, fa=issue.fa)
    data["entries"] = [
        {"position": e.position, "submission_id": e.submission_id, "title": e.title, "body": e.body}
        for e in issue.entries.all()
    ]
    return data


@router.get(
    "/adoptions",
    response={200: AdoptionPage, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    operation_id="listGovinfoAdoptions",
    url_name="listGovinfoAdoptions",
    include_in_schema=False,
)
def list_adoptions(request: HttpRequest, response: HttpResponse, filters: Query[AdoptionFilters]) -> Any:
    """采用记录：本人可以查看的稿件被各级刊物采用的记录，采用日期从新到旧。"""
    _private(response)
    user = request.auth  # type: ignore[attr-defined]
    readable = _readable(user)
    if filters.unit is not None:
        if not _unit_in_scope(user, filters.unit):
            return Status(404, {"detail": "未找到该单位", "errors": []})
        readable = readable.filter(organization_id=filters.unit)
    qs = Adoption.objects.filter(submission__in=readable.values("pk")).select_related("publication")
    if filters.level:
        if filters.level not in PublicationLevel.values:
            raise BadParameter("level", "可选值为：" + "、".join(PublicationLevel.values) + "。")
        qs = qs.filter(level=filters.level)
    if filters.adopted_from:
        qs = qs.filter(adopted_on__gte=filters.adopted_from)
    if filters.adopted_to:
        qs = qs.filter(adopted_on__lte=filters.adopted_to)
    page = paginate(
        request, qs.order_by("-adopted_on", "-pk"), page=filters.page, page_size=filters.page_size
    )
    page["results"] = [_adoption(a) for a in page.pop("objects")]
    return page


def _standing_offices(user: Any) -> set[int]:
    ids = set(figures.dashboard_offices(user).values_list("pk", flat=True))
    for unit in figures.own_units(user):
        office = hierarchy.reports_to(unit)
        if office is not None:
            ids.add(office.pk)
    return ids


@router.get(
    "/standings",
    response={200: StandingsOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 503: ErrorOut},
    operation_id="getGovinfoStandings",
    url_name="getGovinfoStandings",
    include_in_schema=False,
)
def get_standings(request: HttpRequest, response: HttpResponse, params: Query[StandingsParams]) -> Any:
    """一个信息科在一段时间内各单位的积分排名（``govinfo.scoring.standings``）。"""
    _private(response)
    if params.start > params.end:
        raise BadParameter("end", "截止日期不能早于起始日期。")
    if params.office not in _standing_offices(request.auth):  # type: ignore[attr-defined]
        return _not_found()
    office = Organization.objects.get(pk=params.office)
    rows = figures.standings(office, params.start, params.end)
    if rows is None:
        return Status(503, {"detail": NO_SCORING, "errors": []})
    return {
        "office": _unit(office),
        "start": params.start,
        "end": params.end,
        "results": [
            {
                "rank": r.rank,
                "tied": bool(r.tied),
                "unit": _unit(r.organization),
                "submissions": r.submissions,
                "adopted": r.adopted,
                "points": str(r.points),
                "no_submission": bool(r.no_submission),
            }
            for r in rows
        ],
    }
