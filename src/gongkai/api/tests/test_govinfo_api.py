"""The staff read API of 政务信息报送 (/api/v1/govinfo/…, docs/SPEC.md §8): signed-in staff only
(401 otherwise, in Chinese), exactly the rows the person may read in the back office (404 out of
scope, never a leak), private caching, clear 422s for bad input, and the public OpenAPI document
unchanged."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gongkai.govinfo import access
from gongkai.govinfo.models import Issue, IssueEntry, IssueState, Submission
from gongkai.govinfo.tests.dashboards_world import build_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/govinfo"


@pytest.fixture
def world(clock):
    clock.set(dt.date(2026, 4, 15))
    w = build_world()
    w.issue = Issue.objects.create(
        publication=w.city_pub,
        year=2026,
        number=3,
        state=IssueState.ISSUED,
        created_by=w.desk,
        editor_note="按语",
    )
    IssueEntry.objects.create(
        issue=w.issue, submission=w.subs["jan5"], position=1, title="条目一", body="<p>正文</p>"
    )
    w.draft_issue = Issue.objects.create(publication=w.city_pub, year=2026, created_by=w.desk)
    return w


def signed_in(client, world, user):
    client.force_login(world.fresh(user))
    return client


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response


def titles(response):
    return {r["title"] for r in response.json()["results"]}


URLS = [
    "/submissions",
    "/issues",
    "/adoptions",
    "/standings?office=1&start=2026-01-01&end=2026-03-31",
]


@pytest.mark.parametrize("path", URLS)
def test_anonymous_is_401_in_chinese(client, world, path):
    response = get(client, BASE + path, status=401)
    assert response.json()["detail"].startswith("请先登录后台")
    assert "no-store" in response["Cache-Control"]


def test_anonymous_cannot_open_a_submission_or_issue(client, world):
    assert get(client, f"{BASE}/submissions/{world.subs['jan5'].pk}", status=401)
    assert get(client, f"{BASE}/issues/{world.issue.pk}", status=401)


def test_two_factor_required_but_not_passed_is_401(client, world, settings):
    settings.GONGKAI = {**settings.GONGKAI, "TWO_FACTOR": "all"}
    signed_in(client, world, world.desk)
    assert get(client, f"{BASE}/submissions", status=401).json()["detail"] == "请先在后台完成两步验证。"


def test_desk_reads_what_was_sent_to_its_office(client, world):
    signed_in(client, world, world.desk)
    response = get(client, f"{BASE}/submissions?page_size=100")
    assert response["Cache-Control"] == "private, no-store"
    got = titles(response)
    assert "一月五日稿" in got and "县一月稿" in got
    assert "未报送草稿" not in got and "二月撤回稿" not in got  # never sent / taken back
    response = get(client, f"{BASE}/submissions?unit={world.county.pk}")
    assert titles(response) == {"县一月稿"}
    response = get(client, f"{BASE}/submissions?state=returned")
    assert titles(response) == {"二月二十日退回稿"}
    response = get(client, f"{BASE}/submissions?submitted_from=2026-02-01&submitted_to=2026-02-28")
    assert titles(response) == {"二月一日凌晨稿", "二月二十日退回稿"}


def test_submission_detail(client, world):
    signed_in(client, world, world.desk)
    data = get(client, f"{BASE}/submissions/{world.subs['jan6'].pk}").json()
    assert data["title"] == "一月六日稿" and data["unit"]["name"] == "测试市教育局"
    assert data["authors"] == ["信息员甲"]
    assert {a["level"] for a in data["adoptions"]} == {"city", "province"}


def test_unit_officer_sees_only_their_unit(client, world):
    signed_in(client, world, world.county_writer)
    got = titles(get(client, f"{BASE}/submissions?page_size=100"))
    assert got == {"县一月稿"}
    get(client, f"{BASE}/submissions/{world.subs['jan5'].pk}", status=404)
    assert (
        get(client, f"{BASE}/submissions?unit={world.unit.pk}", status=404).json()["detail"] == "未找到该单位"
    )
    got = {a["submission_id"] for a in get(client, f"{BASE}/adoptions").json()["results"]}
    assert got == {world.subs["county"].pk}
    get(client, f"{BASE}/adoptions?unit={world.unit.pk}", status=404)


def test_adoptions_filters(client, world):
    signed_in(client, world, world.desk)
    data = get(client, f"{BASE}/adoptions?level=province").json()
    assert [a["submission_id"] for a in data["results"]] == [world.subs["jan6"].pk]
    data = get(client, f"{BASE}/adoptions?adopted_from=2026-03-01").json()
    assert [a["level"] for a in data["results"]] == ["national"]


def test_issues_for_the_desk_and_not_for_a_unit(client, world):
    signed_in(client, world, world.desk)
    data = get(client, f"{BASE}/issues").json()
    assert {i["id"] for i in data["results"]} == {world.issue.pk, world.draft_issue.pk}
    issue = get(client, f"{BASE}/issues/{world.issue.pk}").json()
    assert issue["entries"] == [
        {"position": 1, "submission_id": world.subs["jan5"].pk, "title": "条目一", "body": "<p>正文</p>"}
    ]
    signed_in(client, world, world.writer)
    assert get(client, f"{BASE}/issues").json()["results"] == []
    get(client, f"{BASE}/issues/{world.issue.pk}", status=404)


def test_standings_scope(client, world, monkeypatch):
    from gongkai.govinfo import scoring

    def standings(office, start, end, *, rule_set=None):
        return [scoring.UnitStanding(organization=world.unit, rank=1, submissions=6, adopted=2)]

    monkeypatch.setattr(scoring, "standings", standings)
    url = f"{BASE}/standings?office={world.office.pk}&start=2026-01-01&end=2026-03-31"
    signed_in(client, world, world.desk)
    data = get(client, url).json()
    assert data["results"][0]["unit"]["name"] == "测试市教育局" and data["results"][0]["points"] == "0"
    signed_in(client, world, world.writer)  # the unit reports to this office: reads its ranking
    assert get(client, url).json()["office"]["id"] == world.office.pk
    signed_in(client, world, world.outsider)
    get(client, url, status=404)
    signed_in(client, world, world.county_writer)
    get(
        client,
        f"{BASE}/standings?office={world.region.county_office.pk}&start=2026-01-01&end=2026-03-31",
        404,
    )


@pytest.mark.parametrize(
    "path, status",
    [
        ("/submissions?unit=abc", 422),
        ("/submissions?unit=999999999999", 404),
        ("/submissions?state=nope", 422),
        ("/submissions?submitted_from=2026-13-01", 422),
        ("/submissions?submitted_from=2026-03-01&submitted_to=2026-01-01", 422),
        ("/submissions?page=0", 422),
        ("/submissions?page_size=1000", 422),
        ("/submissions/999999999999", 404),
        (f"/submissions/{2**63}", 404),
        (f"/issues/{10**30}", 404),
        (f"/submissions?unit={2**63}", 422),
        (f"/adoptions?unit={2**63}", 422),
        ("/submissions?submitted_to=9999-12-31", 422),
        ("/submissions?submitted_from=0001-01-01", 422),
        ("/submissions?unit=%C2%B2", 422),
        ("/submissions?state=a%00b", 400),  # a NUL: the middleware refuses it
        (f"/standings?office={2**63}&start=2026-01-01&end=2026-01-31", 422),
        ("/issues/999999999999", 404),
        ("/adoptions?level=planet", 422),
        ("/standings?office=abc&start=2026-01-01&end=2026-01-31", 422),
        ("/standings?office=1&start=2026-02-01&end=2026-01-31", 422),
        ("/standings", 422),
    ],
)
def test_bad_input_is_never_a_500(client, world, path, status):
    signed_in(client, world, world.desk)
    response = get(client, BASE + path, status=status)
    assert response.json()["detail"]


def test_read_only(client, world):
    signed_in(client, world, world.desk)
    assert client.post(f"{BASE}/submissions").status_code == 405


def test_public_openapi_document_does_not_describe_the_staff_api(client, world):
    doc = get(client, "/api/v1/openapi.json").json()
    assert not [p for p in doc["paths"] if "govinfo" in p]
    assert "govinfo" not in json.dumps(doc).lower()


def _crawl(client, world) -> tuple[str, set[int]]:
    """Every answer of the staff API for the signed-in person, and the submissions it opened."""
    out: list[str] = []
    opened: set[int] = set()
    for path in ("/submissions?page_size=100", "/adoptions?page_size=100", "/issues?page_size=100"):
        out.append(get(client, BASE + path).content.decode())
    for s in Submission.objects.all():
        response = client.get(f"{BASE}/submissions/{s.pk}")
        assert response.status_code in (200, 404)
        if response.status_code == 200:
            opened.add(s.pk)
        out.append(response.content.decode())
    for i in Issue.objects.all():
        response = client.get(f"{BASE}/issues/{i.pk}")
        assert response.status_code in (200, 404)
        out.append(response.content.decode())
    return "\n".join(out), opened


@pytest.mark.parametrize("who", ["desk", "writer", "signer", "county_writer", "supervisor", "outsider"])
def test_never_a_row_the_person_may_not_read(client, world, who):
    """The staff API's own "never a leak": crawled as each role, no answer names a submission the
    person cannot open in the back office (``govinfo.access.readable_submissions``), and every one
    they can open answers."""
    user = getattr(world, who)
    signed_in(client, world, user)
    readable = set(access.readable_submissions(world.fresh(user)).values_list("pk", flat=True))
    text, opened = _crawl(client, world)
    assert opened == readable
    for s in Submission.objects.exclude(pk__in=readable):
        assert s.title not in text, (who, s.title)
    if who in ("supervisor", "outsider"):
        assert readable == set() and "条目一" not in text
