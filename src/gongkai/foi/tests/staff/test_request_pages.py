"""The request pages of the back office (依申请公开, docs/SPEC.md §4): the register (登记簿) and its scope,
registration of applications received offline (第三十一条), who sees the applicant's data, and the
audit of every reading of it.

Dates are frozen; every due date here is counted by hand on the 2026 calendar (November and early
December 2026 have no holiday; 2027 has no State Council notice yet, so only 1 January is off there).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.backoffice.tests.helpers import ID_NUMBER, login, text_of
from gongkai.foi.models import InfoRequest, RequestState
from gongkai.foi.services import handling
from gongkai.orgs.models import Kind, Organization, Role, RoleName
from gongkai.testing import OrganizationFactory, Region, UserFactory

pytestmark = pytest.mark.django_db


@dataclass
class Staff:
    region: Region
    section: Organization  # a unit of the education bureau, the handling department
    clerk: Any  # request handler of the bureau: its disclosure office (or window)
    head: Any  # the bureau's disclosure office head (build_region's 局长丁)
    section_handler: Any  # request handler of the section
    county_handler: Any  # request handler of another body (the county finance bureau)
    supervisor: Any  # the competent authority's supervisor (build_region)


@pytest.fixture
def staff(region: Region) -> Staff:
    section = OrganizationFactory.create(
        name="测试市教育局基础教育科", slug="edu-basic", parent=region.dept, kind=Kind.DIRECTLY_UNDER
    )
    clerk = UserFactory.create(username="clerk", full_name="登记员庚")
    Role.objects.create(user=clerk, organization=region.dept, role=RoleName.REQUEST_HANDLER)
    section_handler = UserFactory.create(username="sectionhandler", full_name="承办人辛")
    Role.objects.create(user=section_handler, organization=section, role=RoleName.REQUEST_HANDLER)
    county_handler = UserFactory.create(username="countyhandler", full_name="县承办人壬")
    Role.objects.create(user=county_handler, organization=region.county_dept, role=RoleName.REQUEST_HANDLER)
    return Staff(
        region=region,
        section=section,
        clerk=clerk,
        head=region.head,
        section_handler=section_handler,
        county_handler=county_handler,
        supervisor=region.supervisor,
    )


def register_post(organization: Organization, **overrides: Any) -> dict[str, Any]:
    """The registration form as a browser posts it: a letter signed for on 2 November 2026."""
    data: dict[str, Any] = {
        "organization": str(organization.pk),
        "channel": "letter",
        "submitted_on": "2026-10-30",
        "signed_for_on": "2026-11-02",
        "confirmed_on": "",
        "applicant_type": "person",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "legal_representative": "",
        "contact_person": "",
        "phone": "13912345678",
        "email": "",
        "address": "测试市北城区人民路1号",
        "postcode": "234000",
        "description": "2025年本市义务教育阶段各学校招生计划及实际招生人数",
        "format": "electronic",
        "delivery": "post",
        "fee_waiver_reason": "",
    }
    data.update(overrides)
    return data


def register(client: Any, user: Any, organization: Organization, **overrides: Any) -> InfoRequest:
    login(client, user)
    response = client.post(reverse("backoffice:request_new"), register_post(organization, **overrides))
    assert response.status_code == 302, text_of(response)
    return InfoRequest.objects.order_by("-pk").first()  # type: ignore[return-value]


def viewed(user: Any, info: InfoRequest) -> int:
    return AuditEvent.objects.filter(
        action="request.personal_data_viewed",
        actor=user,
        target_type="foi.inforequest",
        target_id=str(info.pk),
    ).count()


# -- registration (第三十一条) -----------------------------------------------------------------------


def test_register_page_shows_the_receipt_rule_of_each_channel(client, staff):
    login(client, staff.clerk)
    page = text_of(client.get(reverse("backoffice:request_new")))
    assert "以邮寄方式提交的，以行政机关签收之日为收到申请之日（第三十一条第（二）项）" in page
    assert "当面提交的，以提交之日为收到申请之日（第三十一条第（一）项）" in page
    assert "以传真方式提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）" in page
    assert "以电子邮件方式提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）" in page


def test_register_a_letter_shows_number_and_lookup_code_once(client, staff, clock):
    clock.set(dt.date(2026, 11, 2))
    info = register(client, staff.clerk, staff.region.dept)
    assert info.registration_number == f"YSQ-{staff.region.dept.unit_code[-6:]}-2026-00001"
    # 第三十一条第（二）项: the day signed for; 20 working days after it (第三十三条): 30 November;
    # the internal due date 5 working days earlier: 23 November.
    assert info.channel == "letter"
    assert info.received_on == dt.date(2026, 11, 2)
    assert info.due_date == dt.date(2026, 11, 30)
    assert info.internal_due_date == dt.date(2026, 11, 23)
    first = client.get(reverse("backoffice:request_detail", args=[info.pk]))
    code = first.context["new_code"]
    assert len(code) == 10
    assert code in text_of(first) and "登记回执" in text_of(first)
    # The code matches the stored hash, and is never shown again.
    from gongkai.foi.services.intake import find_by_code

    assert find_by_code(info.registration_number, code) == info
    second = client.get(reverse("backoffice:request_detail", args=[info.pk]))
    assert second.context["new_code"] is None
    assert code not in second.content.decode()


def test_register_letter_without_signed_for_date_is_refused_in_chinese_keeping_input(client, staff, clock):
    login(client, staff.clerk)
    clock.set(dt.date(2026, 11, 2))
    response = client.post(
        reverse("backoffice:request_new"), register_post(staff.region.dept, signed_for_on="")
    )
    assert response.status_code == 200
    assert InfoRequest.objects.count() == 0
    form = response.context["form"]
    assert form.errors["signed_for_on"] == [
        "信函申请以签收之日为收到申请之日，请填写签收日期（第三十一条第（二）项）"
    ]
    html = response.content.decode()
    assert 'value="张三"' in html and "2025年本市义务教育阶段各学校招生计划及实际招生人数" in html
    assert "提交未成功" in text_of(response)


def test_register_in_person_fax_and_email_dates_of_receipt(client, staff, clock):
    clock.set(dt.date(2026, 11, 2))
    in_person = register(
        client,
        staff.clerk,
        staff.region.dept,
        channel="in_person",
        submitted_on="2026-10-29",
        signed_for_on="",
    )
    fax = register(
        client,
        staff.clerk,
        staff.region.dept,
        channel="fax",
        submitted_on="2026-10-29",
        signed_for_on="",
        confirmed_on="2026-10-30",
    )
    login(client, staff.clerk)
    response = client.post(
        reverse("backoffice:request_new"),
        register_post(staff.region.dept, channel="email", signed_for_on="", confirmed_on=""),
    )
    # (一) in person: the day submitted; (三) fax: the day both sides confirmed.
    assert in_person.received_on == dt.date(2026, 10, 29)
    assert fax.received_on == dt.date(2026, 10, 30)
    # 20 working days after Thursday 29 October: 26 November; after Friday 30 October: 27 November.
    assert in_person.due_date == dt.date(2026, 11, 26)
    assert fax.due_date == dt.date(2026, 11, 27)
    assert response.status_code == 200
    assert response.context["form"].errors["confirmed_on"] == [
        "网上、传真、电子邮件申请以双方确认之日为收到申请之日，请填写确认日期（第三十一条第（三）项）"
    ]


def test_register_is_for_request_staff_only(client, staff):
    login(client, staff.supervisor)
    assert client.get(reverse("backoffice:request_new")).status_code == 403
    # The organization select offers only bodies where the user may register.
    login(client, staff.clerk)
    form = client.get(reverse("backoffice:request_new")).context["form"]
    assert list(form.fields["organization"].queryset) == [staff.region.dept]


# -- scope and personal data -------------------------------------------------------------------------


def test_list_is_scoped_and_hides_names_from_non_handlers(client, staff, clock):
    clock.set(dt.date(2026, 11, 2))
    info = register(client, staff.clerk, staff.region.dept)

    # A handler of another body sees nothing, and the case page is 404 to them.
    login(client, staff.county_handler)
    response = client.get(reverse("backoffice:requests"))
    assert response.context["page_obj"].paginator.count == 0
    assert "没有符合条件的申请" in text_of(response)
    assert client.get(reverse("backoffice:request_detail", args=[info.pk])).status_code == 404

    # The competent authority's supervisor sees the case but not the applicant.
    login(client, staff.supervisor)
    page = text_of(client.get(reverse("backoffice:requests")))
    assert info.registration_number in page and "市教育局" in page
    assert "（仅承办人员可见）" in page and "张三" not in page

    # The handler sees the name; the listing is recorded as a reading of personal data.
    login(client, staff.clerk)
    page = text_of(client.get(reverse("backoffice:requests")))
    assert "张三" in page
    listed = AuditEvent.objects.get(action="request.personal_data_listed", actor=staff.clerk)
    assert listed.data == {"requests": [info.registration_number]}


def test_supervisor_sees_the_case_but_no_applicant_data_and_is_not_audited(client, staff, clock):
    clock.set(dt.date(2026, 11, 2))
    info = register(client, staff.clerk, staff.region.dept)
    login(client, staff.supervisor)
    response = client.get(reverse("backoffice:request_detail", args=[info.pk]))
    assert response.status_code == 200
    page = text_of(response)
    assert info.registration_number in page and "2026年11月30日" in page
    for personal in ("张三", ID_NUMBER, "13912345678", "人民路1号", "实际招生人数"):
        assert personal not in response.content.decode()
    assert "申请人信息属于个人信息，仅本申请的承办人员可见" in page
    assert not response.context["see_applicant"]
    assert viewed(staff.supervisor, info) == 0
    # A supervisor may remind (催办) but not act on the case.
    actions = response.context["actions"]
    assert actions["remind"] and not actions["reply"] and not actions["assign"] and not actions["extend"]


def test_viewing_applicant_data_is_audited_once_per_page_view(client, staff, clock):
    clock.set(dt.date(2026, 11, 2))
    info = register(client, staff.clerk, staff.region.dept)
    url = reverse("backoffice:request_detail", args=[info.pk])
    response = client.get(url)
    html = response.content.decode()
    assert "张三" in html and ID_NUMBER in html and "13912345678" in html
    assert viewed(staff.clerk, info) == 1
    client.get(url)
    assert viewed(staff.clerk, info) == 2
    event = AuditEvent.objects.filter(action="request.personal_data_viewed").latest("id")
    assert event.target_label == info.registration_number
    assert event.organization == staff.region.dept
    # The page lists who read the applicant data.
    assert "申请人信息查阅记录" in text_of(client.get(url))


def test_section_handler_sees_applicant_after_assignment_only(client, staff, clock):
    clock.set(dt.date(2026, 11, 2))
    info = register(client, staff.clerk, staff.region.dept)
    login(client, staff.section_handler)
    assert client.get(reverse("backoffice:request_detail", args=[info.pk])).status_code == 404
    handling.assign(info, actor=staff.clerk, handling_unit=staff.section, assignee=staff.section_handler)
    response = client.get(reverse("backoffice:request_detail", args=[info.pk]))
    assert response.status_code == 200 and response.context["see_applicant"]
    assert "张三" in response.content.decode()
    assert viewed(staff.section_handler, info) == 1


def test_letters_are_only_for_the_handling_staff(client, staff, clock):
    clock.set(dt.date(2026, 11, 2))
    info = register(client, staff.clerk, staff.region.dept)
    letter = handling.extend(info, actor=staff.head, on=dt.date(2026, 11, 2), days=5, reason="需要检索档案")
    login(client, staff.supervisor)
    for name in ("request_letter_docx", "request_letter_print"):
        assert client.get(reverse(f"backoffice:{name}", args=[info.pk, letter.pk])).status_code == 403
    login(client, staff.clerk)
    printed = client.get(reverse("backoffice:request_letter_print", args=[info.pk, letter.pk]))
    assert printed.status_code == 200
    assert printed["Cache-Control"] == "private, no-store"
    assert "延期答复告知书" in printed.content.decode()
    event = AuditEvent.objects.filter(action="request.personal_data_viewed", actor=staff.clerk).latest("id")
    assert event.data == {"letter": letter.number, "as": "print"}


# -- the register's filters ---------------------------------------------------------------------------


def test_filters_overdue_due_soon_provisional_correction_paused(client, staff, clock):
    dept = staff.region.dept
    clock.set(dt.date(2026, 11, 25))
    # In person: the day submitted is the day of receipt. 20 working days after:
    late = register(client, staff.clerk, dept, channel="in_person", submitted_on="2026-10-27")  # 24 Nov
    soon = register(client, staff.clerk, dept, channel="in_person", submitted_on="2026-10-28")  # 25 Nov
    fresh = register(client, staff.clerk, dept, channel="in_person", submitted_on="2026-11-20")  # 18 Dec
    asked = register(client, staff.clerk, dept, channel="in_person", submitted_on="2026-11-23")
    paused = register(client, staff.clerk, dept, channel="in_person", submitted_on="2026-11-24")
    handling.ask_correction(asked, actor=staff.clerk, on=dt.date(2026, 11, 25), what="请写明所需文件的年份")
    handling.consult(
        paused, actor=staff.clerk, kind="third_party", party="某某公司", on=dt.date(2026, 11, 25)
    )
    assert (late.due_date, soon.due_date, fresh.due_date) == (
        dt.date(2026, 11, 24),
        dt.date(2026, 11, 25),
        dt.date(2026, 12, 18),
    )

    def listed(**params: str) -> set[str]:
        response = client.get(reverse("backoffice:requests"), params)
        return {row["info"].registration_number for row in response.context["rows"]}

    assert listed(overdue="on") == {late.registration_number}
    assert listed(due_soon="on") == {soon.registration_number}
    assert listed(correction="on") == {asked.registration_number}
    assert listed(paused="on") == {paused.registration_number}
    assert listed(q=fresh.registration_number[-5:]) == {fresh.registration_number}
    assert listed(state=RequestState.CORRECTION) == {asked.registration_number}
    # The consultation pauses the clock from 26 November for at most 15 working days (to
    # 16 December); the latest due date is 19 working days after that (1 used), in 2027: 13 January.
    paused.refresh_from_db()
    assert (paused.due_date, paused.due_projected, paused.provisional_years) == (
        dt.date(2027, 1, 13),
        True,
        "2027",
    )
    assert listed(provisional="on") == {paused.registration_number}
    page = client.get(reverse("backoffice:requests"), {"overdue": "on"}).content.decode()
    assert "deadline-over" in page and "超期" in page

    clock.set(dt.date(2026, 12, 1))
    # 20 working days after 1 December: 29 December; 20 more reach into 2027, which no State
    # Council notice covers yet: 30, 31 Dec, then 4 January on (1 January 元旦 off) → 27 January.
    later = register(client, staff.clerk, dept, channel="in_person", submitted_on="2026-12-01")
    assert later.due_date == dt.date(2026, 12, 29) and later.provisional_years == ""
    handling.extend(later, actor=staff.head, on=dt.date(2026, 12, 1), days=20, reason="需要调取档案")
    later.refresh_from_db()
    assert later.due_date == dt.date(2027, 1, 27)
    assert later.provisional_years == "2027"
    assert listed(provisional="on") == {paused.registration_number, later.registration_number}
    row = text_of(client.get(reverse("backoffice:requests"), {"provisional": "on"}))
    assert "2027-01-27 暂定" in row and "最迟 2027-01-13 暂定" in row
    # The case page says why the date is provisional, and how it was computed.
    page = client.get(reverse("backoffice:request_detail", args=[later.pk]))
    assert page.context["clock"]["provisional"].years == [2027]
    text = text_of(page)
    assert "暂定：期限计算涉及2027年，国务院办公厅关于2027年部分节假日安排的通知尚未录入本平台" in text
    assert "答复期限由2026年12月29日延至2027年1月27日" in text
    # The internal due date: 35 of the 40 working days, 20 January 2027.
    assert "2027年1月20日" in text


def test_list_paginates(client, staff, clock):
    clock.set(dt.date(2026, 11, 2))
    for _ in range(27):
        register(client, staff.clerk, staff.region.dept, channel="in_person", signed_for_on="")
    response = client.get(reverse("backoffice:requests"))
    assert len(response.context["rows"]) == 25
    second = client.get(reverse("backoffice:requests"), {"page": 2})
    assert len(second.context["rows"]) == 2
    assert "共 27 条" in text_of(response)


def test_register_export_masks_and_is_limited_to_the_handlers_cases(client: Any, staff: Staff, clock) -> None:
    """The register's export: only cases whose applicant data the user may see, ID and phone
    numbers masked (docs/SPEC.md §4.5), the export audited; a supervisor's export is empty."""
    import openpyxl

    clock.set(dt.date(2026, 11, 3))
    info = register(client, staff.clerk, staff.region.dept)
    response = client.get(reverse("backoffice:request_export") + "?format=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    flat = " ".join(str(v) for row in rows for v in row if v is not None)
    assert info.registration_number in flat
    assert ID_NUMBER not in flat and "13912345678" not in flat
    assert "139****5678" in flat and ID_NUMBER[:3] + "*" * 11 + ID_NUMBER[-4:] in flat
    assert AuditEvent.objects.filter(action="requests.exported", actor=staff.clerk).exists()

    login(client, staff.supervisor)
    csv_text = client.get(reverse("backoffice:request_export") + "?format=csv").content.decode("utf-8-sig")
    assert info.registration_number not in csv_text
    assert csv_text.startswith("登记编号")


def test_reissuing_the_lookup_code_replaces_the_old_one(client: Any, staff: Staff, clock) -> None:
    from gongkai.foi.services.intake import find_by_code, hash_code

    clock.set(dt.date(2026, 11, 3))
    info = register(client, staff.clerk, staff.region.dept)
    old_hash = info.lookup_code_hash
    response = client.post(reverse("backoffice:request_code_reissue", args=[info.pk]), follow=True)
    info.refresh_from_db()
    assert info.lookup_code_hash != old_hash
    code = response.context["new_code"]
    assert hash_code(code) == info.lookup_code_hash
    assert find_by_code(info.registration_number, code) == info
    assert AuditEvent.objects.filter(action="request.code_reissued", target_id=str(info.pk)).exists()

    login(client, staff.supervisor)
    assert client.post(reverse("backoffice:request_code_reissue", args=[info.pk])).status_code == 403
