"""The public side of disclosure on request (docs/SPEC.md §4.1, §4.5): the online application, the code shown
once, the look-up, the applicant's status page and letters, and the privacy of all of it.

Dates are worked out by hand from the 2025 State Council notice (国办发明电〔2024〕12号: 1–8 October
off, Sunday 28 September and Saturday 11 October worked) and the counting rule of 第三十三条 (the day
of receipt is not counted).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from gongkai.conftest import Clock
from gongkai.core.actors import SYSTEM
from gongkai.foi.clock import EventKind
from gongkai.foi.models import ClockEvent, InfoRequest, Letter, LetterAttachment, LetterKind
from gongkai.foi.services import intake
from gongkai.foi.services.clock import add_event
from gongkai.orgs.unitcodes import make_uscc

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Monday 22 September 2025, 10:00 in China.
MONDAY = dt.datetime(2025, 9, 22, 10, 0, tzinfo=SHANGHAI)
ID_NUMBER = "11010519491231002X"  # GB 11643's own example: check character X
PHONE = "13812345678"
ADDRESS = "安徽省宿州市埇桥区银河一路88号"
EMAIL = "zhangsan@example.com"
CODE_RE = re.compile(r"<code>([2-9A-Z]{10})</code>")
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def monday(clock: Clock) -> Clock:
    """The clock, set to MONDAY for the whole test (move it with ``set`` and ``shift``)."""
    clock.set(MONDAY)
    return clock


@pytest.fixture
def client_factory() -> Any:
    """Another browser (its own cookies, so its own session)."""
    from django.test import Client

    return Client


def application(region: Any, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organization": region.dept.pk,
        "applicant_type": "person",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "legal_representative": "",
        "contact_person": "",
        "phone": "138 1234 5678",
        "email": EMAIL,
        "address": ADDRESS,
        "postcode": "234000",
        "description": "2025年本市义务教育阶段学校招生计划及划片范围的文件",
        "format": "electronic",
        "delivery": "online",
        "fee_waiver_reason": "",
        "confirm": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit(client: Any, region: Any, **overrides: Any) -> tuple[InfoRequest, str]:
    """Apply, then read the code from the page shown once; returns the request and the code."""
    response = client.post(reverse("portal:request_apply"), application(region, **overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("portal:request_submitted")
    page = client.get(reverse("portal:request_submitted")).content.decode()
    match = CODE_RE.findall(page)
    assert len(match) == 1
    info = InfoRequest.objects.order_by("-pk").first()
    assert info is not None
    return info, match[0]


def status_url(info: InfoRequest) -> str:
    return reverse("portal:request_status", args=[info.registration_number])


# --- applying ----------------------------------------------------------------------------------


def test_apply_creates_request_received_today_due_in_20_working_days(client, region, monday):
    """第三十一条第（三）项: online, received the day both sides confirm (submission); 第三十三条: due
    on the 20th working day after. From Mon 22 Sep 2025: 23–26 Sep (4), Sun 28 Sep worked (5),
    29–30 Sep (7), 1–8 Oct off, 9–10 Oct (9), Sat 11 Oct worked (10), 13–17 Oct (15), 20–24 Oct (20)."""
    info, code = submit(client, region)

    assert info.organization == region.dept
    assert info.channel == "online"
    assert info.received_on == dt.date(2025, 9, 22)
    assert info.applicant_name == "张三"
    assert info.id_number == ID_NUMBER
    assert info.phone == PHONE  # normalized from "138 1234 5678"
    assert info.postcode == "234000"
    assert info.due_date == dt.date(2025, 10, 24)
    assert info.provisional_years == ""
    assert not info.due_projected
    events = list(ClockEvent.objects.filter(request=info).values_list("kind", "on"))
    assert events == [(EventKind.RECEIVED.value, dt.date(2025, 9, 22))]
    # The code on the page is the request's code (only its hash is stored).
    assert intake.find_by_code(info.registration_number, code) == info
    assert code not in str(InfoRequest.objects.filter(pk=info.pk).values().get())


def test_code_is_shown_once(client, region, monday):
    response = client.post(reverse("portal:request_apply"), application(region))
    assert response.status_code == 302
    first = client.get(reverse("portal:request_submitted"))
    html = first.content.decode()
    info = InfoRequest.objects.get()
    codes = CODE_RE.findall(html)
    assert len(codes) == 1
    assert info.registration_number in html
    assert "只在本页显示这一次" in html
    assert "2025年10月24日" in html
    second = client.get(reverse("portal:request_submitted"))
    assert second.status_code == 302
    assert second["Location"] == reverse("portal:request_lookup")
    assert "foi.submitted" not in client.session
    # The code is nowhere in the session any more.
    assert codes[0] not in str(dict(client.session.items()))


def test_body_query_preselects_the_body(client, region):
    html = client.get(reverse("portal:request_apply"), {"body": "edu"}).content.decode()
    assert f'<option value="{region.dept.pk}" selected>测试市教育局</option>' in html
    html = client.get(reverse("portal:request_apply")).content.decode()
    assert f'<option value="{region.dept.pk}">测试市教育局</option>' in html


def test_inactive_bodies_are_not_offered_and_refused(client, region):
    region.county_dept.is_active = False
    region.county_dept.save()
    html = client.get(reverse("portal:request_apply")).content.decode()
    assert "测试县财政局" not in html
    response = client.post(
        reverse("portal:request_apply"), application(region, organization=region.county_dept.pk)
    )
    assert response.status_code == 200
    assert "所选机关不存在或暂不受理网上申请，请重新选择" in response.content.decode()
    assert not InfoRequest.objects.exists()


def test_invalid_input_is_refused_in_chinese_and_everything_entered_is_kept(client, region):
    bad_id = ID_NUMBER[:17] + "1"  # the check character of GB 11643 is X
    data = application(
        region,
        id_number=bad_id,
        phone="12345",
        postcode="2340",
        description="文件",
        confirm=None,
        fee_waiver_requested="on",
        fee_waiver_reason="低保户",
    )
    response = client.post(reverse("portal:request_apply"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "提交未成功，请修改以下问题（已填写的内容已保留）" in html
    assert "居民身份证号码校验位不正确，请核对号码（GB 11643《公民身份号码》）" in html
    assert "请填写11位手机号码，或带区号的固定电话（如 0557-3021234）" in html
    assert "邮政编码应为6位数字" in html
    assert "描述过短（至少4个字），请写明所需信息的名称、文号或其他便于查找的特征" in html
    assert "请确认所填写的信息真实后再提交" in html
    # Every value is still in the form.
    assert 'value="张三"' in html
    assert f'value="{bad_id}"' in html
    assert 'value="12345"' in html
    assert f'value="{EMAIL}"' in html
    assert f'value="{ADDRESS}"' in html
    assert 'value="2340"' in html
    assert ">\n文件</textarea>" in html
    assert ">\n低保户</textarea>" in html
    assert re.search(r'value="person"[^>]*checked', html)
    assert re.search(r'value="resident_id"[^>]*selected', html)
    assert re.search(r'value="online"[^>]*checked', html)
    assert re.search(r'name="fee_waiver_requested"[^>]*checked', html)
    assert not InfoRequest.objects.exists()


def test_service_rules_land_on_their_fields(client, region):
    """intake's own rules (an organization needs a contact; e-mail delivery needs an address) come
    back from the service as a ValidationError keyed by field and are shown at those fields."""
    data = application(
        region,
        applicant_type="business",
        applicant_name="宿州某某科技有限公司",
        id_type="credit_code",
        id_number=make_uscc("9", "1", "341302", "12345678"),
        delivery="email",
        email="",
    )
    response = client.post(reverse("portal:request_apply"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "法人或其他组织申请的，请填写法定代表人或联系人" in html
    assert "选择以电子邮件获取的，请填写电子邮箱" in html
    assert re.search(r'id="id_contact_person_error"', html)
    assert re.search(r'id="id_email_error"', html)
    assert 'value="宿州某某科技有限公司"' in html
    assert not InfoRequest.objects.exists()


def test_organization_applies_with_credit_code(client, region, monday):
    code = make_uscc("9", "1", "341302", "12345678")
    info, _ = submit(
        client,
        region,
        applicant_type="research",
        applicant_name="某某研究院",
        id_type="credit_code",
        id_number=code.lower(),
        contact_person="李四",
        phone="(0557) 302 1234",
    )
    assert info.applicant_type == "research"
    assert info.id_number == code  # normalized to upper case
    assert info.contact_person == "李四"
    assert info.phone == "0557-3021234"


def test_person_cannot_use_a_credit_code_nor_an_organization_an_id_card(client, region):
    html = client.post(
        reverse("portal:request_apply"),
        application(region, id_type="credit_code", id_number=make_uscc("9", "1", "341302", "12345678")),
    ).content.decode()
    assert "自然人申请的，请选择本人的身份证件" in html
    html = client.post(
        reverse("portal:request_apply"),
        application(region, applicant_type="business", applicant_name="某公司", contact_person="李四"),
    ).content.decode()
    assert "法人或其他组织申请的，请选择统一社会信用代码" in html
    html = client.post(
        reverse("portal:request_apply"),
        application(
            region,
            applicant_type="business",
            applicant_name="某公司",
            contact_person="李四",
            id_type="credit_code",
            id_number="913413021234567880",
        ),
    ).content.decode()
    assert "统一社会信用代码校验位错误：应为 8" in html
    assert not InfoRequest.objects.exists()


def test_apply_is_rate_limited_per_address(client, region, settings, monday):
    settings.GONGKAI = {**settings.GONGKAI, "REQUEST_FORM_PER_HOUR": 2}
    # Invalid submissions create nothing and do not use up the allowance.
    assert client.post(reverse("portal:request_apply"), application(region, phone="1")).status_code == 200
    submit(client, region)
    submit(client, region)
    response = client.post(reverse("portal:request_apply"), application(region))
    assert response.status_code == 429
    html = response.content.decode()
    assert "操作过于频繁，请稍后再试" in html
    assert "为防止滥用，同一网络地址每小时最多提交2份申请，本小时已达上限。" in html
    assert "请约60分钟后再试" in html  # 10:00 on the hour: the window ends at 11:00
    assert response["Retry-After"] == "3600"
    assert InfoRequest.objects.count() == 2
    # Another address is not affected.
    other = client.post(reverse("portal:request_apply"), application(region), REMOTE_ADDR="198.51.100.20")
    assert other.status_code == 302
    # The next hour opens a new window.
    monday.shift(dt.timedelta(hours=1))
    assert client.post(reverse("portal:request_apply"), application(region)).status_code == 302
    assert InfoRequest.objects.count() == 4


# --- look-up -----------------------------------------------------------------------------------


def _lookup(client: Any, number: str, code: str) -> Any:
    return client.post(reverse("portal:request_lookup"), {"registration_number": number, "code": code})


def test_lookup_with_the_code_opens_the_status_page(client, client_factory, region, monday):
    info, code = submit(client, region)
    visitor = client_factory()
    assert visitor.get(status_url(info))["Location"] == (
        reverse("portal:request_lookup") + f"?number={info.registration_number}"
    )
    # Lower case, spaces and full-width characters are forgiven.
    response = _lookup(visitor, f" {info.registration_number.lower()} ", " ".join(code.lower()))
    assert response.status_code == 302
    assert response["Location"] == status_url(info)
    assert visitor.get(status_url(info)).status_code == 200


def test_wrong_code_and_unknown_number_are_refused_identically(client, client_factory, region, monday):
    info, code = submit(client, region)
    wrong_code = "2" * 10 if code != "2" * 10 else "3" * 10
    unknown = "YSQ-999999-2025-00077"
    visitor = client_factory()
    a = _lookup(visitor, info.registration_number, wrong_code)
    b = _lookup(visitor, unknown, wrong_code)
    assert a.status_code == b.status_code == 200
    message = "登记编号或查询码不正确，请核对后重新输入。查询码遗失的，请联系受理机关。"
    html_a, html_b = a.content.decode(), b.content.decode()
    assert message in html_a and message in html_b
    same_a = CSRF_RE.sub("", html_a).replace(info.registration_number, "NUMBER")
    same_b = CSRF_RE.sub("", html_b).replace(unknown, "NUMBER")
    assert same_a == same_b
    assert visitor.get(status_url(info)).status_code == 302
    assert not any(key.startswith("foi.access.") for key, _value in visitor.session.items())


def test_lookup_is_rate_limited(client, client_factory, region, settings, monday):
    settings.GONGKAI = {**settings.GONGKAI, "REQUEST_LOOKUP_PER_HOUR": 3}
    info, code = submit(client, region)
    visitor = client_factory()
    for _ in range(3):
        assert _lookup(visitor, info.registration_number, "2222222222").status_code == 200
    response = _lookup(visitor, info.registration_number, code)  # even the right code, now
    assert response.status_code == 429
    assert "同一网络地址每小时最多可输错登记编号或查询码3次，本小时已达上限。" in response.content.decode()
    assert visitor.get(status_url(info)).status_code == 302


def test_grant_lapses_when_idle_and_ends_on_request(client, region, monday):
    info, _ = submit(client, region)
    assert client.get(status_url(info)).status_code == 200
    monday.shift(dt.timedelta(minutes=29))
    assert client.get(status_url(info)).status_code == 200  # used: the idle clock starts again
    monday.shift(dt.timedelta(minutes=31))
    assert client.get(status_url(info)).status_code == 302
    info2, _ = submit(client, region)
    assert client.get(status_url(info2)).status_code == 200
    response = client.post(reverse("portal:request_end", args=[info2.registration_number]))
    assert response["Location"] == reverse("portal:request_lookup")
    assert client.get(status_url(info2)).status_code == 302


def test_a_grant_is_for_one_request_only(client, client_factory, region, monday):
    first, _ = submit(client, region)
    other_client = client_factory()
    second, _ = submit(other_client, region, applicant_name="王五")
    assert client.get(status_url(first)).status_code == 200
    assert client.get(status_url(second)).status_code == 302
    assert other_client.get(status_url(first)).status_code == 302


# --- the status page ---------------------------------------------------------------------------


def test_status_page_shows_the_case_and_how_the_due_date_was_computed(client, region, monday):
    info, _ = submit(client, region)
    html = client.get(status_url(info)).content.decode()
    assert info.registration_number in html
    assert "测试市教育局" in html
    assert "网上申请" in html
    assert "2025年9月22日" in html
    assert "待分办" in html
    assert "2025年10月24日" in html
    assert "剩余20个工作日" in html
    assert "（共20个工作日，已用0个工作日）" in html
    assert "收到申请（网上申请）" in html
    assert "《条例》第三十一条、第三十三条第一款" in html
    assert "自次日起计算20个工作日，答复期限至2025年10月24日" in html
    assert "最迟" not in html and "（暂定）" not in html
    assert "尚未出具告知书或答复文书。" in html


def test_status_page_never_shows_the_applicants_personal_data(client, region, monday):
    info, _ = submit(client, region)
    html = client.get(status_url(info)).content.decode()
    assert "张*" in html
    for secret in ("张三", ID_NUMBER, ID_NUMBER[-8:], PHONE, "138 1234 5678", ADDRESS, EMAIL, "234000"):
        assert secret not in html, secret


def test_paused_clock_shows_the_latest_due_date(client, region, monday):
    """第三十三条第三款: a consultation sent on Wed 24 Sep pauses from the next day; 2 working days
    used (23, 24 Sep). If the answer takes until its latest day, Thu 16 Oct, 18 remain: 17 Oct,
    20–24 Oct, 27–31 Oct, 3–7 Nov, 10–11 Nov → at the latest Tue 11 Nov 2025."""
    info, code = submit(client, region)
    monday.set(dt.datetime(2025, 9, 24, 15, 0, tzinfo=SHANGHAI))
    assert _lookup(client, info.registration_number, code).status_code == 302  # Monday's grant lapsed
    add_event(
        info,
        EventKind.PAUSE_STARTED,
        dt.date(2025, 9, 24),
        actor=SYSTEM,
        label="征求第三方意见",
        key="consultation:1",
        until=dt.date(2025, 10, 16),
    )
    html = client.get(status_url(info)).content.decode()
    assert "最迟2025年11月11日" in html
    assert "（暂停计时：征求意见或缴费期间不计算在答复期限内）" in html
    assert "剩余18个工作日" in html
    assert "征求第三方意见" in html
    assert "《条例》第三十三条第三款" in html
    assert "最迟于2025年10月16日恢复，届时答复期限最迟至2025年11月11日" in html


def test_awaiting_correction_shows_the_date_to_correct_and_no_due_date(client, region, monday):
    """第三十条: asked on Wed 24 Sep to correct by 15 Oct; no period runs meanwhile."""
    info, code = submit(client, region)
    monday.set(dt.datetime(2025, 9, 24, 15, 0, tzinfo=SHANGHAI))
    assert _lookup(client, info.registration_number, code).status_code == 302
    add_event(
        info,
        EventKind.CORRECTION_REQUESTED,
        dt.date(2025, 9, 24),
        actor=SYSTEM,
        label="告知补正",
        until=dt.date(2025, 10, 15),
    )
    html = client.get(status_url(info)).content.decode()
    assert "请于2025年10月15日前补正；答复期限自收到补正后的申请之日起重新计算" in html
    assert "答复期限停止计算；申请人应于2025年10月15日前补正，逾期未补正视为放弃申请" in html
    assert "剩余时间" not in html and "2025年10月24日" in html  # only in the first step's line
    assert html.count("2025年10月24日") == 1


def test_provisional_due_date_is_marked(client, region, clock):
    """Received Tue 15 Dec 2026; no 2027 notice yet, so 1 Jan 2027 (元旦, 《全国年节及纪念日放假办法》)
    is off provisionally: 16–18, 21–25, 28–31 Dec (12), 4–8 Jan (17), 11–13 Jan (20) → 13 Jan 2027."""
    clock.set(dt.datetime(2026, 12, 15, 9, 0, tzinfo=SHANGHAI))
    info, _ = submit(client, region)
    assert info.due_date == dt.date(2027, 1, 13)
    assert info.provisional_years == "2027"
    html = client.get(status_url(info)).content.decode()
    assert "2027年1月13日（暂定）" in html
    assert "2027年的国务院办公厅节假日安排通知尚未发布" in html


# --- headers -----------------------------------------------------------------------------------


def test_every_response_is_no_store_and_noindex(client, client_factory, region, settings, monday):
    info, _ = submit(client, region)
    settings.GONGKAI = {**settings.GONGKAI, "REQUEST_FORM_PER_HOUR": 1}
    stranger = client_factory(REMOTE_ADDR="198.51.100.30")  # another address: its own allowance
    responses = {
        "apply": client.get(reverse("portal:request_apply")),
        "apply invalid": stranger.post(reverse("portal:request_apply"), application(region, phone="1")),
        "apply limited": client.post(reverse("portal:request_apply"), application(region)),
        "submitted gone": client.get(reverse("portal:request_submitted")),
        "lookup": stranger.get(reverse("portal:request_lookup")),
        "lookup wrong": stranger.post(
            reverse("portal:request_lookup"), {"registration_number": "X-1", "code": "2"}
        ),
        "status": client.get(status_url(info)),
        "status refused": stranger.get(status_url(info)),
        "letter missing": client.get(
            reverse("portal:request_letter_print", args=[info.registration_number, 999])
        ),
        "file missing": client.get(
            reverse("portal:request_letter_file", args=[info.registration_number, 999])
        ),
        "end": client.post(reverse("portal:request_end", args=[info.registration_number])),
    }
    expected_status = {
        "apply limited": 429,
        "submitted gone": 302,
        "status refused": 302,
        "letter missing": 404,
        "file missing": 404,
        "end": 302,
    }
    for name, response in responses.items():
        assert response.status_code == expected_status.get(name, 200), name
        assert response["Cache-Control"] == "no-store", name
        assert "noindex" in response["X-Robots-Tag"], name
    assert "页面不存在" in responses["file missing"].content.decode()


# --- letters -----------------------------------------------------------------------------------


def _letter(info: InfoRequest, title: str, *, to_applicant: bool = True, body: str = "") -> Letter:
    return Letter.objects.create(
        request=info,
        kind=LetterKind.EXTENSION,
        number=f"测教依延〔2025〕{info.pk}号",
        title=title,
        body=body or f"{title}正文：经本机关政府信息公开工作机构负责人同意，延长答复期限。",
        issued_on=info.received_on,
        to_applicant=to_applicant,
    )


@pytest.fixture
def letters_ready() -> None:
    pytest.importorskip("gongkai.foi.services.letters")


def test_letters_only_for_the_holder_and_only_their_own(
    client, client_factory, region, monday, letters_ready
):
    info, _ = submit(client, region)
    other_client = client_factory()
    other, _ = submit(other_client, region, applicant_name="王五")
    sent = _letter(info, "延期答复告知书")
    internal = _letter(info, "征求意见函（内部）", to_applicant=False)
    foreign = _letter(other, "他人的告知书")
    attachment = LetterAttachment.objects.create(
        letter=sent,
        file=ContentFile(b"%PDF-1.4 provided", name="a.pdf"),
        name="所需信息.pdf",
        content_type="application/pdf",
        size=17,
    )
    hidden_attachment = LetterAttachment.objects.create(
        letter=internal,
        file=ContentFile(b"internal", name="b.pdf"),
        name="内部.pdf",
        content_type="application/pdf",
        size=8,
    )
    number = info.registration_number

    html = client.get(status_url(info)).content.decode()
    assert "延期答复告知书" in html and sent.number in html
    assert "征求意见函（内部）" not in html and "他人的告知书" not in html
    assert "所需信息.pdf" in html and "内部.pdf" not in html

    docx = client.get(reverse("portal:request_letter_docx", args=[number, sent.pk]))
    assert docx.status_code == 200
    assert docx["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert docx.content[:2] == b"PK"
    assert "attachment" in docx["Content-Disposition"]
    assert docx["Cache-Control"] == "no-store"

    printable = client.get(reverse("portal:request_letter_print", args=[number, sent.pk]))
    assert printable.status_code == 200
    assert "延期答复告知书正文" in printable.content.decode()

    file = client.get(reverse("portal:request_letter_file", args=[number, attachment.pk]))
    assert file.status_code == 200
    assert b"".join(file.streaming_content) == b"%PDF-1.4 provided"
    assert file["Cache-Control"] == "no-store"

    # Not sent to the applicant, or another request's: not found, even by id.
    for name, letter_id in (
        ("request_letter_docx", internal.pk),
        ("request_letter_docx", foreign.pk),
        ("request_letter_print", internal.pk),
        ("request_letter_print", foreign.pk),
    ):
        assert client.get(reverse(f"portal:{name}", args=[number, letter_id])).status_code == 404
    hidden_url = reverse("portal:request_letter_file", args=[number, hidden_attachment.pk])
    assert client.get(hidden_url).status_code == 404
    # Another request's letter under its own number: this session holds no grant for it.
    refused = client.get(reverse("portal:request_letter_docx", args=[other.registration_number, foreign.pk]))
    assert refused.status_code == 302
    # A visitor without the code gets nothing at all.
    stranger = client_factory()
    for url in (
        reverse("portal:request_letter_docx", args=[number, sent.pk]),
        reverse("portal:request_letter_print", args=[number, sent.pk]),
        reverse("portal:request_letter_file", args=[number, attachment.pk]),
    ):
        response = stranger.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:request_lookup"))
