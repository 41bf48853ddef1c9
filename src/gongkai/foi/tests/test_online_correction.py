"""The applicant's correction sent online from the look-up page (补正, 2019 条例 第三十条).

第三十条: the 20 working days count afresh from the day the corrected application is received;
no correction by the date given means the request is treated as abandoned. 第三十一条第（三）项: an
online submission is received the day both sides confirm, and the platform confirms on submission
(as for online applications, ``intake.submit_online``), so the day of arrival counts, Beijing time,
a day off included; the day of receipt itself is not counted (第三十三条第一款).

Received Wednesday 1 April 2026; correction asked Wednesday 8 April, to be made by Friday 24 April.
Worked out by hand from the 2026 notice (国办发明电〔2025〕7号: 清明 4–6 April off, 劳动节 1–5 May
off, Saturday 9 May worked).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.conftest import Clock
from gongkai.foi.models import ClockEvent, Correction, InfoRequest, Letter, LetterKind, RequestState
from gongkai.foi.services import corrections, handling, intake
from gongkai.foi.tests.conftest import FoiRegion
from gongkai.notifications.models import Notification
from gongkai.testing import application

pytestmark = pytest.mark.django_db

D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIVED = D(2026, 4, 1)
ASKED = D(2026, 4, 8)
CORRECT_BY = D(2026, 4, 24)
TOKEN = "t0ken-of-the-form-0123456789"


def fresh(request: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.select_related("organization").get(pk=request.pk)


def events(request: InfoRequest) -> list[tuple[str, dt.date]]:
    return list(ClockEvent.objects.filter(request=request).values_list("kind", "on"))


@pytest.fixture
def awaiting(foi: FoiRegion, clock: Clock) -> tuple[InfoRequest, str]:
    """A request awaiting correction, and its look-up code. The office's telephone (its contact
    details, shown in the guide) is 0557-3021000."""
    from gongkai.orgs.models import Organization

    Organization.objects.filter(pk=foi.office.pk).update(phone="0557-3021000")
    foi.office.refresh_from_db()
    clock.set(RECEIVED)
    request, code = intake.register(
        foi.office, actor=foi.office_handler, data=application(), channel="in_person", submitted_on=RECEIVED
    )
    clock.set(ASKED)
    handling.ask_correction(
        request,
        actor=foi.office_handler,
        on=ASKED,
        what="请写明所需文件的文号或者发布时间\n请写明文件的制发机关",
        until=CORRECT_BY,
    )
    return fresh(request), code


# -- the service -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "received_on"),
    [
        # Saturday 18 April: received that Saturday; counting starts on Monday 20 April.
        (dt.datetime(2026, 4, 18, 10, 0), D(2026, 4, 18)),
        # Friday 17 April, 23:30 Beijing time (15:30 UTC): after hours, still Friday.
        (dt.datetime(2026, 4, 17, 23, 30), D(2026, 4, 17)),
        # Saturday 18 April, 00:30 Beijing time (Friday 16:30 UTC): Saturday.
        (dt.datetime(2026, 4, 18, 0, 30), D(2026, 4, 18)),
    ],
)
def test_art30_online_correction_counts_from_the_day_it_arrives(
    awaiting: tuple[InfoRequest, str], clock: Clock, moment: dt.datetime, received_on: dt.date
) -> None:
    """第三十条, 第三十一条第（三）项: received the day it arrives (Beijing time), day off or after hours;
    20 working days after it: Apr 20 (1) … 24 (5), 27–30 (9), [May 1–5], May 6 (10), 7 (11),
    8 (12), Sat 9 (13, worked), 11–15 (18), 18 (19), 19 (20) → Tuesday 19 May, for Friday and
    Saturday alike (the first counted day is Monday 20 April either way)."""
    request, _code = awaiting
    assert request.due_date is None
    clock.set(moment.replace(tzinfo=SHANGHAI))
    correction, created = corrections.submit_online(request, text="所需文件为测教〔2025〕12号", token=TOKEN)
    assert created
    assert correction.received_on == received_on
    request = fresh(request)
    assert request.state == RequestState.REGISTERED
    assert request.clock_status == "running"
    assert request.correction_due is None
    assert request.due_date == D(2026, 5, 19)
    assert events(request)[-1] == ("correction_received", received_on)
    event = ClockEvent.objects.filter(request=request).last()
    assert event is not None and event.label == "收到补正后的申请（网上提交）" and event.actor is None
    from gongkai.foi.services.clock import compute

    step = compute(request).steps[-1]
    assert step.article == "第三十条"
    assert "重新计算20个工作日，答复期限至2026年5月19日" in step.effect


def test_art30_correction_on_a_working_monday_is_due_a_day_later(
    awaiting: tuple[InfoRequest, str], clock: Clock
) -> None:
    """第三十条: arriving Monday 20 April, the period runs Apr 21 (1) … May 20 (20)."""
    request, _code = awaiting
    clock.set(dt.datetime(2026, 4, 20, 9, 0, tzinfo=SHANGHAI))
    corrections.submit_online(request, text="所需文件为测教〔2025〕12号", token=TOKEN)
    assert fresh(request).due_date == D(2026, 5, 20)


def test_correction_goes_back_to_the_department_and_the_handlers_are_told(
    foi: FoiRegion, awaiting: tuple[InfoRequest, str], clock: Clock, django_capture_on_commit_callbacks: Any
) -> None:
    request, _code = awaiting
    request.handling_unit = foi.dept
    request.assignee = foi.dept_handler
    request.save(update_fields=["handling_unit", "assignee"])
    clock.set(D(2026, 4, 20))
    with django_capture_on_commit_callbacks(execute=True):
        corrections.submit_online(request, text="所需文件为测教〔2025〕12号", token=TOKEN)
    assert fresh(request).state == RequestState.ASSIGNED
    note = Notification.objects.get(recipient=foi.dept_handler, kind="request.correction_received")
    assert request.registration_number in note.title
    assert "2026-05-20" in note.body and "第三十条" in note.body
    audit = AuditEvent.objects.get(action="request.correction_submitted_online")
    assert audit.actor is None and audit.data["actor"] == "系统"


def test_the_same_form_twice_is_one_event(awaiting: tuple[InfoRequest, str], clock: Clock) -> None:
    request, _code = awaiting
    clock.set(D(2026, 4, 20))
    first, created = corrections.submit_online(request, text="所需文件为测教〔2025〕12号", token=TOKEN)
    again, created_again = corrections.submit_online(
        fresh(request), text="所需文件为测教〔2025〕12号", token=TOKEN
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert [kind for kind, _ in events(request)].count("correction_received") == 1
    assert Correction.objects.count() == 1
    # Another form after it: already received.
    with pytest.raises(ValidationError) as error:
        corrections.submit_online(fresh(request), text="再补充一点", token="another-token-0123456789")
    assert error.value.messages == [corrections.ALREADY_SENT]


def test_refused_when_not_awaiting_or_lapsed(
    foi: FoiRegion, awaiting: tuple[InfoRequest, str], clock: Clock
) -> None:
    """第三十条: after the date given the request is treated as abandoned — no online correction."""
    request, _code = awaiting
    clock.set(D(2026, 4, 27))  # Monday after Friday 24 April
    with pytest.raises(ValidationError) as error:
        corrections.submit_online(request, text="所需文件为测教〔2025〕12号", token=TOKEN)
    assert error.value.messages[0].startswith("补正期限（2026年4月24日）已过，网上补正已关闭。")
    assert "第三十条" in error.value.messages[0]
    assert not Correction.objects.exists()
    # On the last day it is still accepted; a request not awaiting a correction is refused.
    other, _ = intake.register(
        foi.office,
        actor=foi.office_handler,
        data=application(),
        channel="in_person",
        submitted_on=D(2026, 4, 27),
    )
    with pytest.raises(ValidationError) as error:
        corrections.submit_online(other, text="所需文件为测教〔2025〕12号", token=TOKEN)
    assert error.value.messages == [corrections.NOT_AWAITING]
    clock.set(CORRECT_BY)
    corrections.submit_online(fresh(request), text="所需文件为测教〔2025〕12号", token=TOKEN)
    assert fresh(request).state == RequestState.REGISTERED


def test_text_and_files_are_checked(awaiting: tuple[InfoRequest, str], clock: Clock) -> None:
    request, _code = awaiting
    clock.set(D(2026, 4, 20))
    with pytest.raises(ValidationError) as error:
        corrections.submit_online(request, text="  ", token=TOKEN)
    assert "text" in error.value.message_dict
    fake = SimpleUploadedFile("说明.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        corrections.submit_online(request, text="所需文件为测教〔2025〕12号", token=TOKEN, files=[fake])
    assert "不是可接受的文件格式" in error.value.message_dict["files"][0]
    assert fresh(request).state == RequestState.CORRECTION  # nothing recorded
    assert not Correction.objects.exists()


# -- the notice names a contact person and a telephone ---------------------------------------------------


def test_correction_notice_names_contact_person_and_phone(
    foi: FoiRegion, awaiting: tuple[InfoRequest, str]
) -> None:
    """The 补正告知书 names the handler and the body's telephone (orgs contact details) by default."""
    request, _code = awaiting
    letter = Letter.objects.get(request=request, kind=LetterKind.CORRECTION)
    phone = "0557-3021000"
    assert f"联系人：{foi.office_handler.display_name}；联系电话：{phone}。" in letter.body
    assert (request.correction_contact, request.correction_phone) == (foi.office_handler.display_name, phone)
    assert request.correction_items == "请写明所需文件的文号或者发布时间\n请写明文件的制发机关"


def test_correction_notice_contact_edited_when_drafting(foi: FoiRegion, clock: Clock) -> None:
    clock.set(RECEIVED)
    request, _ = intake.register(
        foi.office, actor=foi.office_handler, data=application(), channel="in_person", submitted_on=RECEIVED
    )
    clock.set(ASKED)
    letter = handling.ask_correction(
        request,
        actor=foi.office_handler,
        on=ASKED,
        what="请写明文号。",
        until=CORRECT_BY,
        contact_person="李四",
        contact_phone="0557-3021234。",
    )
    assert "联系人：李四；联系电话：0557-3021234。" in letter.body
    import io

    import docx

    from gongkai.foi.services.letters import render_docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(letter))).paragraphs)
    assert "联系人：李四；联系电话：0557-3021234。" in text


# -- the look-up page ----------------------------------------------------------------------------------


def _look_up(client: Any, request: InfoRequest, code: str) -> None:
    response = client.post(
        reverse("portal:request_lookup"), {"registration_number": request.registration_number, "code": code}
    )
    assert response.status_code == 302


def _token(page: str) -> str:
    import re

    match = re.search(r'name="token" value="([^"]+)"', page)
    assert match, page[:2000]
    return match.group(1)


def test_lookup_page_shows_the_points_and_takes_the_correction(
    client: Any, awaiting: tuple[InfoRequest, str], clock: Clock
) -> None:
    request, code = awaiting
    clock.set(dt.datetime(2026, 4, 18, 11, 0, tzinfo=SHANGHAI))
    status_url = reverse("portal:request_status", args=[request.registration_number])
    url = reverse("portal:request_correction", args=[request.registration_number])
    # Without the grant: back to the look-up page, nothing recorded.
    response = client.post(url, {"text": "所需文件为测教〔2025〕12号", "token": TOKEN})
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:request_lookup"))
    assert not Correction.objects.exists()

    _look_up(client, request, code)
    page = client.get(status_url).content.decode()
    assert "请写明所需文件的文号或者发布时间" in page and "请写明文件的制发机关" in page
    assert "提交补正" in page and "2026年4月24日" in page
    token = _token(page)
    upload = SimpleUploadedFile("补充说明.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    response = client.post(
        url, {"text": "所需文件为测教〔2025〕12号", "token": token, "attachments": [upload]}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    again = client.post(url, {"text": "所需文件为测教〔2025〕12号", "token": token})
    assert again.status_code == 302  # the same form again: the same correction, no second event
    assert [kind for kind, _ in events(request)].count("correction_received") == 1
    page = client.get(status_url).content.decode()
    assert "已于2026年4月18日收到您在网上提交的补正" in page
    assert "2026年5月19日" in page  # the new due date
    assert "收到补正后的申请（网上提交）" in page
    assert 'name="token"' not in page  # no form any more
    # Once more with another form: refused with the reason, 400.
    response = client.post(url, {"text": "再补充", "token": "another-token-0123456789"})
    assert response.status_code == 400
    assert corrections.ALREADY_SENT in response.content.decode()


def test_lookup_page_refuses_a_lapsed_correction(
    client: Any, awaiting: tuple[InfoRequest, str], clock: Clock
) -> None:
    request, code = awaiting
    clock.set(D(2026, 4, 27))
    _look_up(client, request, code)
    page = client.get(reverse("portal:request_status", args=[request.registration_number])).content.decode()
    assert 'name="token"' not in page
    response = client.post(
        reverse("portal:request_correction", args=[request.registration_number]),
        {"text": "所需文件为测教〔2025〕12号", "token": TOKEN},
    )
    assert response.status_code == 400
    assert "网上补正已关闭" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_staff_see_the_correction_on_the_request_page(
    client: Any, foi: FoiRegion, awaiting: tuple[InfoRequest, str], clock: Clock
) -> None:
    request, _code = awaiting
    clock.set(D(2026, 4, 20))
    upload = SimpleUploadedFile("补充说明.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    correction, _ = corrections.submit_online(
        request, text="所需文件为测教〔2025〕12号", token=TOKEN, files=[upload]
    )
    client.force_login(foi.office_handler)
    page = client.get(reverse("backoffice:request_detail", args=[request.pk])).content.decode()
    assert "申请人网上提交的补正" in page and "所需文件为测教〔2025〕12号" in page
    file = correction.files.get()
    url = reverse("backoffice:request_correction_file", args=[request.pk, file.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    client.force_login(foi.county_handler)
    assert client.get(url).status_code == 404
