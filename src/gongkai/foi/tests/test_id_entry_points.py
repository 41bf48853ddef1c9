"""Every entry point checks ID numbers with the one validator, ``core.idnumbers`` (issue 8 §5: the
public form checked birth date and check digit, the importer the digit only, staff registration and
the intake service nothing). The intake service enforces it whatever the caller."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.foi.tests.conftest import application

EXAMPLE = "11010519491231002X"
PERSON = "341302199001011238"
TODAY = dt.date(2026, 11, 20)

# -- the entry points --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_intake_service_enforces_the_validator(foi, clock) -> None:
    """The service is the one place that must enforce it: staff registration through it."""
    from gongkai.foi.models import InfoRequest
    from gongkai.foi.services.intake import register

    clock.set(dt.date(2026, 3, 2))
    for bad, words in (("341302199001011234", "校验位"), ("341302202703011238", "出生日期")):
        with pytest.raises(ValidationError) as exc:
            register(
                foi.office,
                actor=foi.office_handler,
                data=application(id_number=bad),
                channel="in_person",
                submitted_on=dt.date(2026, 3, 2),
            )
        assert words in exc.value.message_dict["id_number"][0]
    assert not InfoRequest.objects.exists()
    request, _ = register(
        foi.office,
        actor=foi.office_handler,
        data=application(id_number="11010519491231002x"),
        channel="in_person",
        submitted_on=dt.date(2026, 3, 2),
    )
    assert request.id_number == EXAMPLE


@pytest.mark.django_db
def test_online_submission_is_checked_by_the_service_too(region, clock) -> None:
    from gongkai.foi.services.intake import submit_online

    clock.set(dt.date(2026, 3, 2))
    with pytest.raises(ValidationError) as exc:
        submit_online(organization=region.office, data=application(id_number="991302199001011239"))
    assert "省级行政区划代码" in exc.value.message_dict["id_number"][0]


@pytest.mark.django_db
def test_staff_registration_form_gives_the_message_early(foi, clock, client) -> None:
    from gongkai.backoffice.tests.helpers import login, text_of

    clock.set(dt.date(2026, 3, 2))
    login(client, foi.office_handler)
    data = {
        **application(id_number="341302199001011234"),
        "organization": foi.office.pk,
        "channel": "in_person",
        "submitted_on": "2026-03-02",
    }
    data["fee_waiver_requested"] = ""
    response = client.post(reverse("backoffice:request_new"), data)
    assert response.status_code == 200
    assert "居民身份证号码校验位不正确" in text_of(response)


@pytest.mark.django_db
def test_public_form_uses_the_same_rules(region, clock) -> None:
    from gongkai.portal.request_forms import clean_resident_id

    clock.set(TODAY)
    assert clean_resident_id("11010519491231002x") == EXAMPLE
    with pytest.raises(ValidationError) as exc:
        clean_resident_id("991302199001011239")  # the old form did not check the region
    assert exc.value.code == "region"
    with pytest.raises(ValidationError) as exc:
        clean_resident_id("341302202611211234")
    assert exc.value.code == "birth"


def test_register_importer_checks_dates_and_region_now() -> None:
    """The importer checked the check digit only; a 15-digit number born on 13/13 passed."""
    from gongkai.foi.import_rows import valid_resident_id

    assert valid_resident_id(PERSON) and valid_resident_id("341302900101123")
    assert not valid_resident_id("341302901313123")  # month 13
    assert not valid_resident_id("991302199001011239")  # no such province, check digit right
