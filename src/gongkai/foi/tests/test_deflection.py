"""Request deflection (2019 条例 第三十六条第（一）项: information already public → where to get it).

While the description is typed, the application form shows published items that may answer it
(``portal:request_suggestions``), public items only; following one goes through
``portal:request_suggestion_follow``, which counts it and redirects to the item. The counts are
anonymous, per body and month (``DeflectionTally``), read by ``foi.deflection.monthly_figures``
and shown on the 办理情况 dashboard.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from gongkai.conftest import Clock
from gongkai.disclosure.models import Item
from gongkai.foi import deflection
from gongkai.foi.models import DeflectionTally
from gongkai.foi.services import deflection as counts
from gongkai.foi.tests.conftest import FoiRegion

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)
TITLE = "关于公布2026年测试市义务教育阶段学校招生划片范围的通知"
HIDDEN_TITLE = "测试市义务教育阶段学校招生划片范围调整的内部意见"
DESCRIPTION = "请提供2026年测试市义务教育阶段学校招生划片范围"


@pytest.fixture
def index() -> Callable[[], int]:
    """Drain the search outbox into the index (the on-commit hook never fires inside a test)."""
    from gongkai.search.indexer import drain_outbox, engine

    def run() -> int:
        n = drain_outbox()
        engine().refresh()
        return n

    return run


@pytest.fixture
def published(foi: FoiRegion, make_item: Callable[..., Any], index: Callable[[], int], clock: Clock) -> Item:
    """A public item that answers DESCRIPTION, and one that would but is no longer public (made
    internal after it was indexed: the index still holds it, the public must never see it)."""
    clock.set(DAY)
    item = make_item(title=TITLE, document_number="测教〔2026〕7号")
    hidden = make_item(title=HIDDEN_TITLE, document_number="测教〔2026〕8号")
    index()
    Item.objects.filter(pk=hidden.pk).update(scope="internal")
    return item


def suggest(client: Any, description: str, organization: Any = None) -> Any:
    params = {"description": description}
    if organization is not None:
        params["organization"] = str(organization.pk)
    return client.get(reverse("portal:request_suggestions"), params, HTTP_HX_REQUEST="true")


def tally(organization: Any) -> tuple[int, int, int]:
    row = DeflectionTally.objects.filter(organization=organization, month=DAY.replace(day=1)).first()
    return (row.shown, row.followed, row.submitted) if row else (0, 0, 0)


def test_art36_1_suggestions_show_only_public_items_and_are_counted(
    client: Any, foi: FoiRegion, published: Item
) -> None:
    hidden = Item.objects.get(title=HIDDEN_TITLE)
    response = suggest(client, DESCRIPTION, foi.dept)
    assert response.status_code == 200
    html = response.content.decode()
    follow = reverse("portal:request_suggestion_follow", args=[published.pk])
    assert f'{follow}?body={foi.dept.pk}"' in html
    assert TITLE in re.sub(r"</?mark>", "", html) and 'name="suggestions_shown" value="1"' in html
    assert HIDDEN_TITLE not in html and f"/suggestions/{hidden.pk}/" not in html
    assert response["Cache-Control"] == "no-store"
    assert tally(foi.dept) == (1, 0, 0)
    # Too short, or nothing found: nothing shown, nothing counted.
    assert suggest(client, "招生", foi.dept).content.decode().strip() == ""
    assert "suggestions_shown" not in suggest(client, "完全无关的气象卫星数据", foi.dept).content.decode()
    assert tally(foi.dept) == (1, 0, 0)
    # No body chosen yet: counted for no body.
    suggest(client, DESCRIPTION)
    assert tally(None) == (1, 0, 0)


def test_follow_is_recorded_and_redirects_to_the_item(client: Any, foi: FoiRegion, published: Item) -> None:
    url = reverse("portal:request_suggestion_follow", args=[published.pk])
    response = client.get(url, {"body": foi.dept.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:item", args=[published.pk])
    assert tally(foi.dept) == (0, 1, 0)
    assert client.head(url, {"body": foi.dept.pk}).status_code == 302
    assert tally(foi.dept) == (0, 1, 0)  # a HEAD (a link checker) is not a citizen following it
    # Any item the public may not see: 404, counted nowhere.
    hidden = Item.objects.get(title=HIDDEN_TITLE)
    response = client.get(
        reverse("portal:request_suggestion_follow", args=[hidden.pk]), {"body": foi.dept.pk}
    )
    assert response.status_code == 404
    assert client.get(reverse("portal:request_suggestion_follow", args=[987654321])).status_code == 404
    assert tally(foi.dept) == (0, 1, 0)
    # A body that is no body: still redirects, counted for no body.
    assert client.get(url, {"body": "x"}).status_code == 302
    assert tally(None) == (0, 1, 0)


def test_application_submitted_anyway_is_counted(client: Any, foi: FoiRegion, published: Item) -> None:
    from gongkai.foi.models import InfoRequest

    data = {
        "organization": foi.dept.pk,
        "applicant_type": "person",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "email": "zhangsan@example.com",
        "address": "测试市人民路1号",
        "postcode": "234000",
        "description": DESCRIPTION,
        "format": "electronic",
        "delivery": "online",
        "confirm": "on",
    }
    page = client.get(reverse("portal:request_apply")).content.decode()
    assert f'hx-get="{reverse("portal:request_suggestions")}"' in page
    assert 'id="request-suggestions"' in page
    # Without suggestions shown (no JavaScript): the form works and nothing is counted.
    assert client.post(reverse("portal:request_apply"), data).status_code == 302
    assert tally(foi.dept) == (0, 0, 0)
    assert client.post(reverse("portal:request_apply"), {**data, "suggestions_shown": "1"}).status_code == 302
    assert tally(foi.dept) == (0, 0, 1)
    assert InfoRequest.objects.filter(organization=foi.dept).count() == 2


def test_monthly_figures_per_body(foi: FoiRegion, clock: Clock) -> None:
    clock.set(DAY)
    for _ in range(3):
        counts.count_shown(foi.dept.pk)
    counts.count_followed(foi.dept.pk)
    counts.count_submitted(foi.dept.pk)
    counts.count_shown(foi.office.pk)
    counts.count_shown(None)
    clock.set(dt.date(2026, 4, 1))
    counts.count_shown(foi.dept.pk)  # next month

    figures = {f.organization_id: f for f in deflection.monthly_figures(2026, 3)}
    dept = figures[foi.dept.pk]
    assert (dept.shown, dept.followed, dept.submitted) == (3, 1, 1)
    assert dept.follow_rate == pytest.approx(1 / 3)
    assert (figures[foi.office.pk].shown, figures[None].shown) == (1, 1)
    assert figures[None].organization_name == "未选择受理机关"
    only = deflection.monthly_figures(2026, 3, org_ids=[foi.dept.pk])
    assert [(f.organization_id, f.shown) for f in only] == [(foi.dept.pk, 3)]
    assert deflection.total(deflection.monthly_figures(2026, 3)).shown == 5
    assert [(f.organization_id, f.shown) for f in deflection.monthly_figures(2026, 4)] == [(foi.dept.pk, 1)]
    assert deflection.monthly_figures(2026, 5) == []


def test_dashboard_shows_the_line(client: Any, foi: FoiRegion, clock: Clock) -> None:
    clock.set(DAY)
    counts.count_shown(foi.office.pk)
    counts.count_shown(foi.office.pk)
    counts.count_followed(foi.office.pk)
    counts.count_shown(foi.region.county_dept.pk)  # another body: not the office's figure
    client.force_login(foi.office_handler)
    html = client.get(reverse("backoffice:request_dashboard")).content.decode()
    assert "2026年3月网上申请引导（第三十六条第（一）项）" in html
    assert "提示已主动公开的信息2次，申请人点击查看1次，提示后仍提交申请0件" in html


@pytest.mark.django_db(transaction=True)
def test_concurrent_counts_are_all_kept(foi: FoiRegion, clock: Clock) -> None:
    """Every count is one UPDATE (the row created by the first): none is lost between threads."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes writers; the race is exercised on PostgreSQL")
    clock.set(DAY)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(10):
                counts.count_shown(foi.dept.pk)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert tally(foi.dept)[0] == 80


# --- counts made on a portal host (内外网分离, issue 13 §3) ------------------------------------


def _portal_host(settings: Any, host: int = 2) -> None:
    settings.GONGKAI_ROLE = "portal"
    settings.GONGKAI_PORTAL_HOST = host


def test_a_portal_host_sends_the_counts_it_made_since_they_were_last_taken_in(
    foi: FoiRegion, clock: Clock, settings: Any
) -> None:
    clock.set(DAY)
    _portal_host(settings)
    for _ in range(3):
        counts.count_shown(foi.dept.pk)
    counts.count_followed(foi.dept.pk)
    counts.count_shown(None)
    sent = {r["organization_id"]: r for r in counts.portal_counts()}
    assert sent[foi.dept.pk] == {
        "organization_id": foi.dept.pk,
        "month": "2026-03-01",
        "shown": 3,
        "followed": 1,
        "submitted": 0,
        "host": 2,
        "key": f"2/{foi.dept.pk}/2026-03-01/3/1/0",
    }
    assert sent[None]["key"] == "2/-/2026-03-01/1/0/0"
    # Counted again after the batch was written: the acknowledgement does not settle that body's
    # month, which goes again with its new counts; the other is settled and not sent again.
    counts.count_submitted(foi.dept.pk)
    assert counts.settle_portal_counts([r["key"] for r in sent.values()]) == 1
    [again] = counts.portal_counts()
    assert (again["organization_id"], again["shown"], again["submitted"]) == (foi.dept.pk, 3, 1)
    # The counts themselves stay on the portal host (anonymous; its own figures go on growing).
    assert tally(foi.dept) == (3, 1, 1)


def test_the_staff_side_adds_what_each_portal_host_counted_once(foi: FoiRegion, clock: Clock) -> None:
    clock.set(DAY)
    counts.count_shown(foi.dept.pk)  # counted on the staff side's own form

    def record(host: int, shown: int, followed: int = 0, submitted: int = 0) -> dict[str, Any]:
        values = {"organization_id": foi.dept.pk, "month": "2026-03-01", "host": host}
        values.update(shown=shown, followed=followed, submitted=submitted)
        return {**values, "key": counts.portal_key(values)}

    assert counts.receive_portal_counts(record(1, 3, 1)) is True
    assert tally(foi.dept) == (4, 1, 0)
    assert counts.receive_portal_counts(record(1, 3, 1)) is False  # the same counts again: nothing
    assert tally(foi.dept) == (4, 1, 0)
    assert counts.receive_portal_counts(record(1, 5, 1, 1)) is True  # later: the difference
    assert counts.receive_portal_counts(record(2, 2)) is True  # another host counts on its own
    assert tally(foi.dept) == (8, 1, 1)
    figures = {f.organization_id: f for f in deflection.monthly_figures(2026, 3)}
    assert (figures[foi.dept.pk].shown, figures[foi.dept.pk].submitted) == (8, 1)


def test_portal_counts_travel_through_the_channel_back(
    foi: FoiRegion, clock: Clock, settings: Any, tmp_path: Any
) -> None:
    from gongkai.portalsync.intake import apply_ack, export_intake, import_intake

    clock.set(DAY)
    _portal_host(settings, host=3)
    counts.count_shown(foi.dept.pk)
    counts.count_shown(foi.dept.pk)
    counts.count_submitted(foi.dept.pk)
    sent = export_intake(tmp_path / "gate")
    assert sent is not None and sent.rows == 1
    # One database plays both sides here: the staff side's has none of the portal's tallies.
    portal_rows = list(DeflectionTally.objects.values())
    DeflectionTally.objects.all().delete()
    settings.GONGKAI_ROLE = "full"
    taken = import_intake(sent.manifest, tmp_path / "back")
    assert (taken.created, taken.repeated) == (1, 0)
    assert tally(foi.dept) == (2, 0, 1)
    again = import_intake(sent.manifest, tmp_path / "back")
    assert (again.created, again.repeated) == (0, 1)
    assert tally(foi.dept) == (2, 0, 1)
    # Back on the portal host: the acknowledgement settles the counts, which stay there.
    DeflectionTally.objects.all().delete()
    DeflectionTally.objects.bulk_create([DeflectionTally(**row) for row in portal_rows])
    _portal_host(settings, host=3)
    assert apply_ack(taken.ack).deleted == 1
    assert tally(foi.dept) == (2, 0, 1)
    assert export_intake(tmp_path / "gate") is None  # nothing new to send
