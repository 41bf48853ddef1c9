"""The daily digest e-mail and the SMS channel of urgent notices (issue 9 §5)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core import mail

from gongkai.core.registry import round_jobs
from gongkai.disclosure.models import ItemState
from gongkai.notifications import sms
from gongkai.notifications.digest import send_digests
from gongkai.notifications.models import Notification
from gongkai.notifications.services import notify

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 16)


# -- the daily digest ---------------------------------------------------------------------------------


def test_digest_sums_up_waiting_work_and_unread_notices_once_a_day(region, make_item, clock):
    clock.set(DAY)
    make_item(state=ItemState.REVIEW, title="送审稿")
    for person, address in (
        (region.reviewer, "reviewer@example.gov.cn"),
        (region.signer, "s@example.gov.cn"),
    ):
        person.email = address
        person.save()
    mail.outbox.clear()
    job = next(j for j in round_jobs() if j.key == "notifications.digest")
    counts = job.run(DAY)
    digests = [m for m in mail.outbox if m.subject.startswith("[公开] 每日待办摘要")]
    # The reviewer has an item to review and its notice unread; the signer has nothing waiting.
    assert [m.to for m in digests] == [["reviewer@example.gov.cn"]]
    body = digests[0].body
    assert "待保密审查：1项" in body and "未读通知：1项" in body
    assert "/staff/items/?work=to_review" in body
    assert digests[0].subject == "[公开] 每日待办摘要（11月16日）：2项等待处理"
    assert counts["sent"] == 1 and counts["nothing_waiting"] >= 1
    # Later rounds of the same day send nothing more; the next day sends again.
    assert send_digests(DAY)["sent"] == 0
    assert send_digests(DAY + dt.timedelta(days=1))["sent"] == 1


def test_no_digest_without_an_address_or_without_work(region, clock):
    clock.set(DAY)
    region.outsider.email = "nobody@example.gov.cn"
    region.outsider.save()
    mail.outbox.clear()
    assert send_digests(DAY)["sent"] == 0 and mail.outbox == []


# -- SMS ------------------------------------------------------------------------------------------------


class RecordingGateway:
    """A gateway for the test: keeps what it was asked to send (in ``SENT``)."""

    def send(self, phone: str, text: str) -> None:
        SENT.append((phone, text))


SENT: list[tuple[str, str]] = []


@pytest.fixture
def recording(settings: Any) -> list[tuple[str, str]]:
    settings.GONGKAI = {
        **settings.GONGKAI,
        "SMS": {**settings.GONGKAI["SMS"], "GATEWAY": f"{__name__}.RecordingGateway"},
    }
    SENT.clear()
    return SENT


@pytest.mark.parametrize(
    ("phone", "mobile"),
    [
        ("13800000000", "13800000000"),
        ("+86 138-0000-0000", "13800000000"),
        ("8613912345678", "13912345678"),
        ("0557-3010000", None),
        ("12345678901", None),
        ("", None),
    ],
)
def test_mobile_numbers_are_told_from_landlines(phone, mobile):
    assert sms.mobile_number(phone) == mobile


def test_overdue_notice_is_texted_once_to_mobile_numbers_only(
    region, recording, django_capture_on_commit_callbacks
):
    region.editor.phone = "138 0000 0000"
    region.editor.save()
    region.reviewer.phone = "0557-3010000"  # a landline: no SMS
    region.reviewer.save()
    people = [region.editor, region.reviewer]
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            people, kind="request.overdue", title="已超期：XZ-1", url="/staff/requests/1/", key="overdue:1:d1"
        )
        # The next day's notice about the same case: in the inbox, not texted again.
        notify(
            people, kind="request.overdue", title="已超期：XZ-1", url="/staff/requests/1/", key="overdue:1:d2"
        )
        # Not an urgent kind: never texted.
        notify(people, kind="request.assigned", title="请办理", url="/staff/requests/2/", key="assigned:2")
    assert Notification.objects.filter(recipient=region.editor).count() == 3
    assert len(recording) == 1
    phone, text = recording[0]
    assert phone == "13800000000" and "已超期：XZ-1" in text


def test_a_failing_gateway_loses_nothing_but_the_text(region, settings, django_capture_on_commit_callbacks):
    settings.GONGKAI = {
        **settings.GONGKAI,
        "SMS": {**settings.GONGKAI["SMS"], "GATEWAY": "gongkai.notifications.sms.HttpGateway", "URL": ""},
    }
    region.editor.phone = "13800000000"
    region.editor.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([region.editor], kind="request.overdue", title="已超期：XZ-2", url="/x/", key="k")
    assert Notification.objects.filter(recipient=region.editor, kind="request.overdue").count() == 1


def test_logging_gateway_logs_a_masked_number(caplog):
    with caplog.at_level("INFO", logger="gongkai.notifications.sms"):
        sms.LoggingGateway().send("13800001234", "测试短信")
    assert "138****1234" in caplog.text and "13800001234" not in caplog.text


class _Provider(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).received.append(
            {"auth": self.headers["Authorization"], "json": json.loads(self.rfile.read(length))}
        )
        self.send_response(type(self).status)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def provider():
    """A throw-away HTTP server on the loopback interface standing in for the SMS provider."""
    _Provider.received = []
    _Provider.status = 200
    server = HTTPServer(("127.0.0.1", 0), _Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sms/send"
    server.shutdown()
    server.server_close()


def test_http_gateway_posts_json_with_the_key(provider):
    gateway = sms.HttpGateway(url=provider, key="k-123", signature="某市政务公开", timeout=5)
    gateway.send("13800000000", "已超期：XZ-3")
    assert _Provider.received == [
        {
            "auth": "Bearer k-123",
            "json": {"phone": "13800000000", "text": "已超期：XZ-3", "signature": "某市政务公开"},
        }
    ]


def test_http_gateway_reports_a_refusal_and_an_unreachable_provider(provider):
    _Provider.status = 503
    with pytest.raises(sms.SmsError, match="503"):
        sms.HttpGateway(url=provider, key="k", timeout=5).send("13800000000", "x")
    with pytest.raises(sms.SmsError, match="unreachable"):
        sms.HttpGateway(url="http://127.0.0.1:9/", key="k", timeout=2).send("13800000000", "x")


def test_http_gateway_is_chosen_by_settings(provider, settings, region, django_capture_on_commit_callbacks):
    settings.GONGKAI = {
        **settings.GONGKAI,
        "SMS": {
            **settings.GONGKAI["SMS"],
            "GATEWAY": "gongkai.notifications.sms.HttpGateway",
            "URL": provider,
            "KEY": "secret-key",
        },
    }
    region.head.phone = "13900000000"
    region.head.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [region.head], kind="request.overdue", title="已超期：XZ-4", url="/staff/requests/4/", key="o4"
        )
    assert [r["json"]["phone"] for r in _Provider.received] == ["13900000000"]
    assert _Provider.received[0]["auth"] == "Bearer secret-key"
