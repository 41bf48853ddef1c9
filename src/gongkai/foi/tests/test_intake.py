"""Receiving applications (``gongkai.foi.services.intake``): registration numbers, look-up codes,
the day of receipt per channel (第三十一条) and the checks of the application form.

Dates are 2026 (calendar in docs/sources/calendar-notices.md: 1 March 2026 is a Sunday, the Mondays of
March are the 2nd, 9th, 16th, 23rd and 30th; no day off in March). "(n)" marks the n-th working day
counted; the day of receipt itself is never counted (第三十三条第一款 with 《民法典》第二百零一条).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.conftest import Clock
from gongkai.foi.models import ClockEvent, InfoRequest, RequestState
from gongkai.foi.services import intake
from gongkai.foi.tests.conftest import FoiRegion, application
from gongkai.orgs.unitcodes import make_uscc
from gongkai.testing import OrganizationFactory

D = dt.date


def number(org: Any, year: int, serial: int) -> str:
    return f"YSQ-{org.unit_code[-6:]}-{year}-{serial:05d}"


def register(foi: FoiRegion, *, org: Any = None, channel: str = "in_person", **kwargs: Any) -> Any:
    data = application(**kwargs.pop("data", {}))
    kwargs.setdefault("submitted_on", D(2026, 3, 2))
    return intake.register(
        org or foi.office,
        actor=kwargs.pop("actor", foi.office_handler),
        data=data,
        channel=channel,
        **kwargs,
    )


# -- registration numbers --------------------------------------------------------------------------


def test_registration_numbers_run_per_body_and_year_without_gaps(foi: FoiRegion, clock: Clock) -> None:
    clock.set(D(2026, 3, 2))
    first, _ = register(foi)
    second, _ = register(foi)
    # A rejected application takes no number: the counter moves inside the same transaction.
    with pytest.raises(ValidationError):
        register(foi, data={"description": "文件"})
    third, _ = register(foi)
    dept_first, _ = register(foi, org=foi.dept, actor=foi.dept_handler)
    assert [first.registration_number, second.registration_number, third.registration_number] == [
        number(foi.office, 2026, 1),
        number(foi.office, 2026, 2),
        number(foi.office, 2026, 3),
    ]
    assert dept_first.registration_number == number(foi.dept, 2026, 1)


def test_registration_number_takes_the_year_of_receipt(foi: FoiRegion, clock: Clock) -> None:
    clock.set(D(2026, 1, 5))
    # Posted on 29 December, signed for on 31 December 2025: received in 2025 (第三十一条第（二）项).
    late_letter, _ = register(
        foi, channel="letter", submitted_on=D(2025, 12, 29), signed_for_on=D(2025, 12, 31)
    )
    new_year, _ = register(foi, submitted_on=D(2026, 1, 5))
    assert late_letter.registration_number == number(foi.office, 2025, 1)
    assert new_year.registration_number == number(foi.office, 2026, 1)


def test_bodies_whose_unit_codes_end_alike_get_distinct_numbers(foi: FoiRegion, clock: Clock) -> None:
    """The number shows only the last six characters of the unit code; two bodies sharing them
    (same 组织机构代码 tail in two counties) must still never be given the same number."""
    first_code = make_uscc("1", "1", "341302", "00123456")
    twin_code = next(
        code
        for region in range(341303, 341400)
        if (code := make_uscc("1", "1", str(region), "00123456"))[-6:] == first_code[-6:]
    )
    first = OrganizationFactory.create(name="甲县民政局", unit_code=first_code, parent=foi.region.county)
    twin = OrganizationFactory.create(name="乙县民政局", unit_code=twin_code, parent=foi.region.county)
    from gongkai.foi.tests.conftest import grant

    grant(foi.office_handler, first, "request_handler")
    grant(foi.office_handler, twin, "request_handler")
    clock.set(D(2026, 3, 2))
    a, _ = register(foi, org=first)
    b, _ = register(foi, org=twin)
    assert a.registration_number != b.registration_number
    assert a.registration_number.startswith(f"YSQ-{first_code[-6:]}-2026-")
    assert b.registration_number.startswith(f"YSQ-{first_code[-6:]}-2026-")


# -- look-up codes -----------------------------------------------------------------------------------


def test_lookup_code_opens_only_its_own_request(foi: FoiRegion, clock: Clock) -> None:
    clock.set(D(2026, 3, 2))
    mine, code = register(foi)
    other, other_code = register(foi)
    assert len(code) == intake.CODE_LENGTH
    assert set(code) <= set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    assert code not in mine.lookup_code_hash  # stored only as a keyed hash
    assert intake.find_by_code(mine.registration_number, code) == mine
    # Lower case, spaces and dashes as an applicant may type them.
    typed = f" {code[:3].lower()} {code[3:6]}-{code[6:].lower()} "
    assert intake.find_by_code(mine.registration_number, typed) == mine
    # Full-width characters from a Chinese input method.
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in code)
    assert intake.find_by_code(mine.registration_number, full_width) == mine
    # The number is matched whatever the case and surrounding spaces.
    assert intake.find_by_code(f"  {mine.registration_number.lower()} ", code) == mine
    # Right code, wrong number; right number, wrong code; nothing.
    assert intake.find_by_code(other.registration_number, code) is None
    assert intake.find_by_code(mine.registration_number, other_code) is None
    assert intake.find_by_code(mine.registration_number, "") is None
    assert intake.find_by_code("YSQ-000000-2026-00001", code) is None


# -- online applications -----------------------------------------------------------------------------


def test_online_application_is_received_today_in_shanghai(foi: FoiRegion, clock: Clock) -> None:
    """第三十一条第（三）项: online, both sides confirm on submission, so the day of receipt is today —
    the local day: 23:30 in Shanghai on 2 March is still 2 March (15:30 UTC)."""
    clock.set(D(2026, 3, 2), at=dt.time(23, 30))
    request, code = intake.submit_online(organization=foi.office, data=application())
    request.refresh_from_db()
    assert request.channel == "online"
    assert request.received_on == D(2026, 3, 2)
    assert request.state == RequestState.REGISTERED
    assert request.created_by is None
    # 20 working days from the next day: Mar 3 (1) … 6 (4), 9–13 (9), 16–20 (14), 23–27 (19), 30 (20).
    assert request.due_date == D(2026, 3, 30)
    # The department's internal period, 5 working days earlier by default: 15th working day = Mar 23.
    assert request.internal_due_date == D(2026, 3, 23)
    assert list(request.clock_events.values_list("kind", "on")) == [("received", D(2026, 3, 2))]
    assert intake.find_by_code(request.registration_number, code) == request
    assert (
        AuditEvent.objects.filter(action="request.submitted_online", target_id=str(request.pk)).count() == 1
    )


def test_online_application_just_after_midnight_is_received_that_day(foi: FoiRegion, clock: Clock) -> None:
    # 00:30 on 3 March in Shanghai is 16:30 UTC on 2 March: the day of receipt is 3 March.
    clock.set(D(2026, 3, 3), at=dt.time(0, 30))
    request, _ = intake.submit_online(organization=foi.office, data=application())
    assert request.received_on == D(2026, 3, 3)
    # Mar 4 (1) … 6 (3), 9–13 (8), 16–20 (13), 23–27 (18), 30 (19), 31 (20).
    assert request.due_date == D(2026, 3, 31)


def test_inactive_body_takes_no_online_application(foi: FoiRegion, clock: Clock) -> None:
    clock.set(D(2026, 3, 2))
    foi.office.is_active = False
    foi.office.save()
    with pytest.raises(ValidationError) as error:
        intake.submit_online(organization=foi.office, data=application())
    assert error.value.messages == ["该机关不受理网上申请"]
    assert not InfoRequest.objects.exists()


# -- registration by staff, per channel (第三十一条) -------------------------------------------------


def test_in_person_is_received_the_day_it_is_handed_in(foi: FoiRegion, clock: Clock) -> None:
    clock.set(D(2026, 3, 4))
    request, _ = register(foi, channel="in_person", submitted_on=D(2026, 3, 2))
    assert request.received_on == D(2026, 3, 2)
    assert request.due_date == D(2026, 3, 30)
    assert request.created_by == foi.office_handler
    event = request.clock_events.get()
    assert (event.kind, event.on, event.label) == ("received", D(2026, 3, 2), "收到申请（当面提交）")


def test_a_new_request_is_announced_to_the_office(
    foi: FoiRegion, clock: Clock, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.notifications.models import Notification

    clock.set(D(2026, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):
        request, _ = intake.submit_online(organization=foi.office, data=application())
    for person in (foi.office_handler, foi.office_head):
        [note] = Notification.objects.filter(recipient=person, kind="request.new")
        assert note.title == f"新的政府信息公开申请 {request.registration_number}"
        assert note.body == "收到申请日期 2026-03-02，答复期限 2026-03-30。"
    for person in (foi.dept_handler, foi.supervisor, foi.county_handler):
        assert not Notification.objects.filter(recipient=person).exists()


def test_letter_is_received_the_day_it_is_signed_for(foi: FoiRegion, clock: Clock) -> None:
    clock.set(D(2026, 3, 4))
    request, _ = register(foi, channel="letter", submitted_on=D(2026, 2, 26), signed_for_on=D(2026, 3, 3))
    assert request.received_on == D(2026, 3, 3)
    # Mar 4 (1) … 6 (3), 9–13 (8), 16–20 (13), 23–27 (18), 30 (19), 31 (20).
    assert request.due_date == D(2026, 3, 31)


def test_letter_needs_the_day_signed_for(foi: FoiRegion, clock: Clock) -> None:
    clock.set(D(2026, 3, 4))
    with pytest.raises(ValidationError) as error:
        register(foi, channel="letter", submitted_on=D(2026, 3, 2))
    assert error.value.message_dict == {
        "signed_for_on": ["信函申请以签收之日为收到申请之日，请填写签收日期（第三十一条第（二）项）"]
    }
    with pytest.raises(ValidationError) as error:
        register(foi, channel="letter", submitted_on=D(2026, 3, 3), signed_for_on=D(2026, 3, 2))
    assert error.value.message_dict == {"signed_for_on": ["签收日期不能早于寄出日期"]}
    assert not InfoRequest.objects.exists()


@pytest.mark.parametrize("channel", ["email", "fax", "online"])
def test_email_fax_online_are_received_the_day_both_sides_confirm(
    foi: FoiRegion, clock: Clock, channel: str
) -> None:
    clock.set(D(2026, 3, 4))
    with pytest.raises(ValidationError) as error:
        register(foi, channel=channel, submitted_on=D(2026, 3, 2))
    assert error.value.message_dict == {
        "confirmed_on": [
            "网上、传真、电子邮件申请以双方确认之日为收到申请之日，请填写确认日期（第三十一条第（三）项）"
        ]
    }
    request, _ = register(foi, channel=channel, submitted_on=D(2026, 3, 2), confirmed_on=D(2026, 3, 3))
    assert request.received_on == D(2026, 3, 3)
    assert request.due_date == D(2026, 3, 31)


def test_receipt_cannot_be_in_the_future(foi: FoiRegion, clock: Clock) -> None:
    clock.set(D(2026, 3, 2))
    with pytest.raises(ValidationError) as error:
        register(foi, submitted_on=D(2026, 3, 3))
    assert error.value.message_dict == {"submitted_on": ["收到申请日期不能晚于今天"]}
    # The error sits on the date that decided the day of receipt.
    with pytest.raises(ValidationError) as error:
        register(foi, channel="letter", submitted_on=D(2026, 2, 27), signed_for_on=D(2026, 3, 3))
    assert error.value.message_dict == {"signed_for_on": ["收到申请日期不能晚于今天"]}
    with pytest.raises(ValidationError) as error:
        register(foi, channel="email", submitted_on=D(2026, 3, 2), confirmed_on=D(2026, 3, 3))
    assert error.value.message_dict == {"confirmed_on": ["收到申请日期不能晚于今天"]}
    with pytest.raises(ValidationError) as error:
        register(foi, channel="pigeon")
    assert error.value.message_dict == {"channel": ["请选择申请方式"]}
    assert not InfoRequest.objects.exists()


def test_only_the_bodys_request_staff_register(foi: FoiRegion, clock: Clock) -> None:
    clock.set(D(2026, 3, 2))
    for outsider in (foi.county_handler, foi.dept_handler, foi.supervisor, foi.region.editor):
        with pytest.raises(PermissionDenied):
            register(foi, actor=outsider)
    # The office head of the body may register.
    request, _ = register(foi, actor=foi.office_head)
    assert request.organization == foi.office


# -- the application form's checks -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"applicant_type": "business", "applicant_name": "某科技有限公司", "id_type": "credit_code"},
            "contact_person",
            "法人或其他组织申请的，请填写法定代表人或联系人",
        ),
        ({"delivery": "post", "address": ""}, "address", "选择邮寄的，请填写通信地址"),
        ({"delivery": "email", "email": ""}, "email", "选择以电子邮件获取的，请填写电子邮箱"),
        (
            {"fee_waiver_requested": True, "fee_waiver_reason": ""},
            "fee_waiver_reason",
            "申请减免费用的，请说明理由",
        ),
        ({"description": " 文件 "}, "description", "请描述所需政府信息的名称、文号或便于查询的其他特征"),
    ],
)
def test_application_checks_save_nothing(
    foi: FoiRegion, clock: Clock, data: dict[str, Any], field: str, message: str
) -> None:
    clock.set(D(2026, 3, 2))
    for submit in (
        lambda: intake.submit_online(organization=foi.office, data=application(**data)),
        lambda: register(foi, data=data),
    ):
        with pytest.raises(ValidationError) as error:
            submit()
        assert error.value.message_dict == {field: [message]}
    assert not InfoRequest.objects.exists()
    assert not ClockEvent.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="request.").exists()
    # No number was used up.
    request, _ = register(foi)
    assert request.registration_number == number(foi.office, 2026, 1)


def test_missing_applicant_type_is_reported_as_such(foi: FoiRegion, clock: Clock) -> None:
    """An application without an applicant type is not told to name an organization's contact."""
    clock.set(D(2026, 3, 2))
    with pytest.raises(ValidationError) as error:
        register(foi, data={"applicant_type": ""})
    assert list(error.value.message_dict) == ["applicant_type"]
    assert not InfoRequest.objects.exists()


def test_organization_with_a_contact_person_is_accepted(foi: FoiRegion, clock: Clock) -> None:
    clock.set(D(2026, 3, 2))
    request, _ = register(
        foi,
        data={
            "applicant_type": "business",
            "applicant_name": "某科技有限公司",
            "id_type": "credit_code",
            "id_number": "91341302MA2N000000",
            "contact_person": "李四",
            "delivery": "post",
            "fee_waiver_requested": True,
            "fee_waiver_reason": "小微企业，经营困难",
        },
    )
    request.refresh_from_db()
    assert (request.applicant_type, request.contact_person, request.delivery) == ("business", "李四", "post")
    assert request.fee_waiver_reason == "小微企业，经营困难"


# -- an application made on a portal host (issue 13 §3) --------------------------------------------


def _made_on_the_portal(foi: FoiRegion, settings: Any) -> tuple[dict[str, Any], str]:
    """An online application as a portal host writes it into its intake batch; the row is then taken
    off this database, as the portal's is not the staff side's."""
    from gongkai.portalsync.intake import BY_LABEL

    settings.GONGKAI_ROLE = "portal"
    info, code = intake.submit_online(organization=foi.office, data=application())
    settings.GONGKAI_ROLE = "full"
    kind = BY_LABEL["foi.inforequest"]
    row = dict(
        zip(kind.fields, InfoRequest.objects.filter(pk=info.pk).values_list(*kind.fields).get(), strict=True)
    )
    InfoRequest.objects.filter(pk=info.pk).delete()
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}, code


def test_a_portal_host_numbers_in_its_own_range_and_records_nothing_for_staff(
    foi: FoiRegion, clock: Clock, settings: Any
) -> None:
    clock.set(D(2026, 3, 6))
    audit_before = AuditEvent.objects.count()
    row, code = _made_on_the_portal(foi, settings)
    assert row["registration_number"] == number(foi.office, 2026, 9_100_001)  # portal host 1's range
    assert row["lookup_code_hash"].startswith("s1$") and code not in str(row)
    assert AuditEvent.objects.count() == audit_before  # no staff on a portal host: nothing recorded


def test_the_staff_side_takes_a_portal_application_once_with_its_number_code_and_day(
    foi: FoiRegion, clock: Clock, settings: Any
) -> None:
    clock.set(D(2026, 3, 6))  # a Friday: received on the portal
    row, code = _made_on_the_portal(foi, settings)
    clock.set(D(2026, 3, 9))  # collected on the Monday
    taken, created = intake.receive_from_portal(row)
    assert created and intake.find_by_code(row["registration_number"], code) == taken
    # 第三十一条第（三）项: received when the form confirmed it; (1) is Monday 9 March, (20) Friday 3 April.
    assert taken.received_on == D(2026, 3, 6) and taken.due_date == D(2026, 4, 3)
    assert AuditEvent.objects.filter(action="request.submitted_online").count() == 1
    again, created = intake.receive_from_portal(row)
    assert again == taken and not created
    # The staff side numbers in its own series, below the portal's range.
    staff_made, _code = register(foi, submitted_on=D(2026, 3, 9))
    assert int(staff_made.registration_number.rsplit("-", 1)[1]) < 9_000_000


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"lookup_code_hash": "0" * 64}, "格式不正确"),  # a keyed hash: not the portal's
        ({"registration_number": "YSQ-000000-2026-00007"}, "格式不正确"),  # the staff side's range
    ],
)
def test_an_application_not_from_a_portal_host_is_refused(
    foi: FoiRegion, clock: Clock, settings: Any, change: dict[str, str], message: str
) -> None:
    clock.set(D(2026, 3, 6))
    row, _code = _made_on_the_portal(foi, settings)
    with pytest.raises(ValidationError, match=message):
        intake.receive_from_portal({**row, **change})
    assert not InfoRequest.objects.exists()


def test_another_application_under_a_number_taken_is_refused(
    foi: FoiRegion, clock: Clock, settings: Any
) -> None:
    clock.set(D(2026, 3, 6))
    row, _code = _made_on_the_portal(foi, settings)
    intake.receive_from_portal(row)
    other = {**row, "lookup_code_hash": intake.portable_hash(row["registration_number"], "2345678923")}
    with pytest.raises(ValidationError, match="已被另一份申请使用"):
        intake.receive_from_portal(other)
    assert InfoRequest.objects.count() == 1
