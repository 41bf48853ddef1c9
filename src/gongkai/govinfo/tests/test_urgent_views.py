"""The urgent-report screens (紧急信息, docs/SPEC.md §8): who sees what, the steps through the pages,
the event page's log verification, 我的工作, and clear 4xx answers to bad input (never a 500)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gongkai.core.registry import inbox_contributions
from gongkai.govinfo.models import LogEntry, Penalty, UrgentEvent
from gongkai.govinfo.services import urgent
from gongkai.govinfo.tests.urgent_helpers import at, people


@pytest.fixture
def p(region: Any) -> Any:
    return people(region)


def _event(p: Any, clock: Any) -> Any:
    clock.set(at(1, 8, 5))
    return urgent.create_event(
        actor=p.officer,
        organization=p.region.dept,
        title="某小学食物中毒事件",
        severity="major",
        occurred_at=at(1, 7, 50),
        learned_at=at(1, 8),
    )


def _entries(user: Any, key: str) -> list[Any]:
    today = at(1, 8).date()
    return [
        e
        for c in inbox_contributions()
        if c.key == "govinfo_urgent"
        for e in c.entries(user, today)
        if e.key == key
    ]


def test_who_opens_the_list(client, p, clock):
    event = _event(p, clock)
    url = reverse("backoffice:govinfo_urgent")
    for user in (p.officer, p.signer, p.desk, p.leader):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert event.title in response.content.decode()
    client.force_login(p.county_desk)
    response = client.get(url)
    assert response.status_code == 200 and event.title not in response.content.decode()
    client.force_login(p.region.outsider)
    assert client.get(url).status_code == 403
    assert client.get(reverse("backoffice:govinfo_urgent_event", args=[event.pk])).status_code == 404
    client.force_login(p.county_desk)
    assert client.get(reverse("backoffice:govinfo_urgent_event", args=[event.pk])).status_code == 404


def test_register_an_event_through_the_page(client, p, clock):
    clock.set(at(1, 9))
    client.force_login(p.officer)
    url = reverse("backoffice:govinfo_urgent_new")
    assert client.get(url).status_code == 200
    data = {
        "organization": p.region.dept.pk,
        "title": "山体滑坡",
        "severity": "large",
        "place": "某镇",
        "occurred_at": "2026-03-01T08:00",
        "learned_at": "2026-03-01T10:00",  # in the future
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "获知时间不能晚于当前时间。" in response.content.decode()
    response = client.post(url, {**data, "learned_at": "not a time", "severity": "huge"})
    assert response.status_code == 400
    assert "获知时间格式不正确" in response.content.decode()
    response = client.post(
        url, {**data, "organization": p.region.county_dept.pk, "learned_at": "2026-03-01T08:20"}
    )
    assert response.status_code == 400 and UrgentEvent.objects.count() == 0
    response = client.post(url, {**data, "learned_at": "2026-03-01T08:20"})
    event = UrgentEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "backoffice:govinfo_urgent_event", args=[event.pk]
    )
    assert (event.learned_at, event.created_at, event.created_by) == (at(1, 8, 20), at(1, 9), p.officer)
    client.force_login(p.desk)
    assert client.get(url).status_code == 403


def test_the_steps_through_the_pages_and_the_event_page(client, p, clock):
    event = _event(p, clock)
    client.force_login(p.officer)
    new = reverse("backoffice:govinfo_urgent_report_new", args=[event.pk])
    assert client.post(new, {"kind": "first", "channel": "written", "text": ""}).status_code == 400
    assert client.post(new, {"kind": "first", "channel": "written", "text": "初步情况"}).status_code == 302
    report = event.reports.get()
    sign = reverse("backoffice:govinfo_urgent_sign", args=[report.pk])
    assert client.post(sign).status_code == 403  # the writer is not a 签发人
    assert client.get(sign).status_code == 405
    client.force_login(p.signer)
    assert client.post(sign).status_code == 302
    clock.set(at(1, 9, 1))
    assert client.post(reverse("backoffice:govinfo_urgent_send", args=[report.pk])).status_code == 302
    client.force_login(p.desk)
    page = reverse("backoffice:govinfo_urgent_event", args=[event.pk])
    assert client.post(reverse("backoffice:govinfo_urgent_receive", args=[report.pk])).status_code == 302
    # A second receipt: a message, not an error page.
    response = client.post(reverse("backoffice:govinfo_urgent_receive", args=[report.pk]), follow=True)
    assert "该报告已签收。" in response.content.decode()
    body = client.get(page).content.decode()
    assert "迟报" in body and "哈希链校验通过" in body and "2026-03-01 09:01:00" in body
    penalty = reverse("backoffice:govinfo_urgent_penalty", args=[event.pk])
    response = client.post(penalty, {"kind": "late", "report": "abc"}, follow=True)
    assert response.status_code == 200 and Penalty.objects.count() == 0
    response = client.post(penalty, {"kind": "late", "report": report.pk + 1000}, follow=True)
    assert "该报告不属于本事件。" in response.content.decode()
    response = client.post(penalty, {"kind": "late", "report": report.pk}, follow=True)
    assert "已按迟报记录扣分 -100 分。" in response.content.decode()
    client.force_login(p.leader)
    assert client.post(reverse("backoffice:govinfo_urgent_read", args=[report.pk])).status_code == 302
    assert client.post(penalty, {"kind": "concealed", "reason": "x"}).status_code == 403
    # An edited entry shows on the event page.
    LogEntry.objects.filter(seq=2).update(payload={"text": "改过"})
    body = client.get(page).content.decode()
    assert "哈希链校验未通过：第 2 条的内容与其哈希不符：该条被改动" in body


def test_unknown_ids_are_404(client, p, clock):
    client.force_login(p.desk)
    assert client.get(reverse("backoffice:govinfo_urgent_event", args=[99999])).status_code == 404
    assert client.post(reverse("backoffice:govinfo_urgent_receive", args=[99999])).status_code == 404
    assert client.get("/staff/govinfo/urgent/abc/").status_code == 404


def test_my_work(client, p, clock):
    event = _event(p, clock)
    [due] = _entries(p.officer, "govinfo_urgent_due")
    assert due.count == 1 and due.urgent
    client.force_login(p.officer)
    response = client.get(due.url)
    assert response.status_code == 200 and event.title in response.content.decode()
    report = urgent.create_report(actor=p.officer, event=event, kind="first", channel="phone", text="电话")
    urgent.send_report(actor=p.officer, report=report)
    [to_receive] = _entries(p.desk, "govinfo_urgent_to_receive")
    [to_read] = _entries(p.leader, "govinfo_urgent_to_read")
    assert to_receive.count == 1 and to_read.count == 1
    urgent.receive_report(actor=p.desk, report=report)
    urgent.read_report(actor=p.leader, report=report)
    assert _entries(p.desk, "govinfo_urgent_to_receive") == []
    assert _entries(p.leader, "govinfo_urgent_to_read") == []


def test_the_menu_entry(client, p, clock):
    _event(p, clock)
    client.force_login(p.officer)
    body = client.get(reverse("backoffice:govinfo_urgent")).content.decode()
    assert "紧急信息" in body and reverse("backoffice:govinfo_urgent_new") in body


JUNK = {
    "organization": "abc",
    "title": "x" * 10_000,
    "severity": "a\x00b",
    "occurred_at": "2026-02-30T10:00",
    "learned_at": "9999-99-99",
    "kind": "²",
    "channel": "x" * 300,
    "text": "a\x00b",
    "report": str(2**63),
    "flag": "-1",
    "reason": "a\x00b",
    "work": "x" * 3000,
}


def test_no_5xx_on_junk_for_anyone(client, p, clock):
    event = _event(p, clock)
    report = urgent.create_report(actor=p.officer, event=event, kind="first", channel="phone", text="电话")
    urgent.send_report(actor=p.officer, report=report)
    urls = [
        reverse("backoffice:govinfo_urgent"),
        reverse("backoffice:govinfo_urgent_new"),
        reverse("backoffice:govinfo_urgent_event", args=[event.pk]),
        reverse("backoffice:govinfo_urgent_report_new", args=[event.pk]),
        reverse("backoffice:govinfo_urgent_penalty", args=[event.pk]),
        *(
            reverse(f"backoffice:govinfo_urgent_{step}", args=[report.pk])
            for step in ("sign", "send", "receive", "read")
        ),
    ]
    people_ = [p.officer, p.signer, p.desk, p.leader, p.county_desk, p.region.outsider]
    for person in people_:
        client.force_login(person)
        for url in urls:
            for method, data in (("get", {"work": JUNK["work"]}), ("post", JUNK), ("post", {})):
                response = getattr(client, method)(url, data)
                assert response.status_code < 500, (person.username, method, url, response.status_code)
    client.logout()
    assert client.get(urls[0]).status_code == 302  # to sign-in
