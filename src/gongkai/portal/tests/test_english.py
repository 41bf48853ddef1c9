"""Every public page has English (issue 11, point 9): rendered with the language ``en``, the words the
templates and views produce are all English. What stays Chinese is content, which is data: item
titles and texts, body and column names, the sections and tables of an annual report (a legal
document in the national format). To tell the two apart without guessing, the region's bodies,
columns, classes and items are renamed to ASCII first; any Han character left on the page then comes
from the interface, which the test reports with its surroundings.
"""

from __future__ import annotations

import contextlib
import html as htmlmod
import re
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from gongkai.disclosure.models import CatalogColumn, CatalogTemplate, Classification, TemplateColumn
from gongkai.orgs.models import Organization

pytestmark = pytest.mark.django_db

#: Han ideographs and the full-width punctuation that only Chinese text uses (，。：；（）、《》【】！？).
HAN = re.compile(
    r"[\u3400-\u9fff\uf900-\ufaff\u3001\u3002\u3008-\u3011\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f]+"
)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
#: Attributes read out or shown to the visitor.
SHOWN_ATTRIBUTES = re.compile(r'\s(?:aria-label|title|alt|placeholder|content|data-confirm)="([^"]*)"')


def visible_text(page: str) -> str:
    """The page's text and its shown attributes, without scripts, styles, and elements that declare
    themselves Chinese (``lang="zh-hans"``: the language switch names 简体中文 in its own language)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r'<(\w+)[^>]*\slang="zh[^"]*"[^>]*>.*?</\1>', " ", page, flags=re.S)
    attributes = " ".join(SHOWN_ATTRIBUTES.findall(page))
    return htmlmod.unescape(re.sub(r"<[^>]+>", " ", page) + " " + attributes)


#: A document number (发文字号, e.g. 国办发〔2019〕12号) is a name: English text cites it as it is.
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕(?:\d+号)?")


def chinese_left(page: str) -> list[str]:
    """Each run of Chinese in the page's visible text, with 20 characters either side."""
    text = DOCUMENT_NUMBER.sub("No.", re.sub(r"\s+", " ", visible_text(page)))
    return [text[max(0, m.start() - 20) : m.end() + 20] for m in HAN.finditer(text)]


def ascii_region(region: Any) -> None:
    """Rename the data the pages show to ASCII: bodies, columns, catalogue templates and classes
    (shipped data included)."""
    for org in Organization.objects.all():
        org.name = f"Body {org.slug}"
        org.short_name = f"B-{org.slug}"
        org.save()
    for fixture_org in (region.city, region.office, region.dept, region.county, region.county_dept):
        fixture_org.refresh_from_db()
    for column in CatalogColumn.objects.all():
        column.name = f"Column {column.code}"
        column.save()
    for template in CatalogTemplate.objects.all():
        template.name = f"Template {template.code}"
        template.save()
    for template_column in TemplateColumn.objects.all():
        template_column.name = f"Template column {template_column.pk}"
        template_column.save()
    for cls in Classification.objects.all():
        cls.name = f"Class {cls.pk}"
        cls.save()
    from gongkai.core.public_changes import bump_public_version

    bump_public_version()


ASCII_ITEM = {
    "title": "Notice on school enrolment 2026",
    "document_number": "CE-2026-12",
    "summary": "Scope, time and procedure of enrolment.",
    "body": "<p>To every county education bureau: the enrolment rules are as follows.</p>",
}


@pytest.fixture
def world(region, publish):
    ascii_region(region)
    item = publish(**ASCII_ITEM)
    return {"item": item, "region": region}


def get_en(client: Any, url: str, status: int = 200) -> str:
    response = client.get(url, **EN)
    assert response.status_code == status, (url, response.status_code)
    page = response.content.decode()
    assert 'lang="en"' in page[:500] or url.endswith(("feed/", ".xml")), url
    return page


def assert_english(client: Any, url: str, status: int = 200, *, strip: str | None = None) -> None:
    page = get_en(client, url, status)
    if strip:
        page = re.sub(strip, " ", page, flags=re.S)
    left = chinese_left(page)
    assert not left, f"{url}: Chinese left in English: {left}"


def optional_urls(*candidates: tuple[str, list[Any]]) -> list[str]:
    """The URLs of pages that other parts of the portal add (kiosk, 政策解读, 意见征集, 互动) once their
    routes exist."""
    urls = []
    for name, args in candidates:
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(f"portal:{name}", args=args))
    return urls


def public_urls(region: Any, item: Any) -> list[str]:
    column = region.column
    return [
        reverse("portal:home"),
        reverse("portal:catalog"),
        reverse("portal:guide_region"),
        reverse("portal:body", args=["edu"]),
        reverse("portal:body_guide", args=["edu"]),
        reverse("portal:body_catalog", args=["edu"]),
        reverse("portal:column", args=["edu", column.code]),
        reverse("portal:item", args=[item.pk]),
        reverse("portal:search") + "?q=enrolment",
        reverse("portal:search") + "?q=nothing-matches-this",
        reverse("portal:body_search", args=["edu"]) + "?q=enrolment",
        reverse("portal:request_apply"),
        reverse("portal:request_lookup"),
        reverse("portal:annual_reports"),
        reverse("portal:body_annual_reports", args=["edu"]),
        reverse("portal:body_annual_reports", args=["office"]),  # none published
        *optional_urls(
            ("kiosk", []),
            ("kiosk_body", ["edu"]),
            ("kiosk_item", [item.pk]),
            ("kiosk_slip", [item.pk]),
            ("interpretations", []),
            ("body_interpretations", ["edu"]),
            ("body_rules", ["edu"]),
        ),
    ]


def participation_urls() -> list[str]:
    """The pages of 意见征集 and 互动 (apps with their own catalogues; 社会评议 is part of the body and
    item pages)."""
    return optional_urls(
        ("consultations", []),
        ("body_consultations", ["edu"]),
        ("messages", []),
        ("body_messages", ["edu"]),
        ("message_write", []),
        ("message_track", []),
    )


def test_public_pages_are_english(client, world):
    failures = []
    for url in public_urls(world["region"], world["item"]):
        left = chinese_left(get_en(client, url))
        if left:
            failures.append(f"{url}: {left}")
    assert not failures, "\n".join(failures)


def test_participation_pages_are_english(client, world):
    failures = []
    for url in participation_urls():
        left = chinese_left(get_en(client, url))
        if left:
            failures.append(f"{url}: {left}")
    assert not failures, "\n".join(failures)


def test_assessment_pages_are_english(client, world):
    """The assessment's public pages (issue 12): 考核通报, the methodology of a scheme, 民主评议 — over
    data renamed to ASCII (``assessment/tests/english_world.py``)."""
    from gongkai.assessment.tests import english_world

    failures = []
    for url, status in english_world.build(world["region"]):
        left = chinese_left(get_en(client, url, status))
        if left:
            failures.append(f"{url}: {left}")
    assert not failures, "\n".join(failures)


def test_the_survey_answers_are_english(client, world):
    """民主评议's questionnaire sent in English: its errors (a wrong access code, nothing chosen) and the
    thanks."""
    from gongkai.assessment.tests import english_world

    url, wrong, good = english_world.answers_to_send(world["region"])
    refused = client.post(url, wrong, **EN)
    assert refused.status_code == 400
    assert not chinese_left(refused.content.decode())
    thanked = client.post(url, good, **EN)
    assert thanked.status_code == 200 and "Thank you" in thanked.content.decode()
    assert not chinese_left(thanked.content.decode())


def test_the_annual_report_page_is_english_around_the_report(client, world):
    """The report itself (title, six sections, the national tables) is a Chinese legal document: only
    what the portal puts around it is checked."""
    from gongkai.reports.render import report_title
    from gongkai.reports.tests.samples import make_report

    report = make_report(world["region"].dept, 2025)
    page = get_en(client, reverse("portal:annual_report", args=["edu", 2025]))
    page = re.sub(r'<section aria-labelledby="section-.*?</section>', " ", page, flags=re.S)
    page = page.replace(report_title(report), "")
    assert not chinese_left(page)
    assert not chinese_left(get_en(client, reverse("portal:annual_reports")))


def apply_in_english(client: Any, region: Any) -> None:
    response = client.post(
        reverse("portal:request_apply"),
        {
            "organization": region.dept.pk,
            "applicant_type": "person",
            "applicant_name": "Zhang San",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13812345678",
            "email": "zhangsan@example.com",
            "address": "88 Yinhe Road",
            "postcode": "234000",
            "description": "The enrolment plan of the compulsory-education schools for 2025",
            "format": "electronic",
            "delivery": "online",
            "confirm": "on",
        },
        **EN,
    )
    assert response.status_code == 302, chinese_left(response.content.decode())


def test_the_request_pages_are_english(client, world, settings):
    region = world["region"]
    # An invalid application: the error summary and the messages are English too.
    page = client.post(reverse("portal:request_apply"), {"organization": region.dept.pk, "phone": "1"}, **EN)
    assert page.status_code == 200
    assert not chinese_left(page.content.decode())
    apply_in_english(client, region)
    submitted = get_en(client, reverse("portal:request_submitted"))
    assert not chinese_left(submitted)
    from gongkai.foi.models import InfoRequest

    info = InfoRequest.objects.get()
    status = get_en(client, reverse("portal:request_status", args=[info.registration_number]))
    # How the due date was computed is the case's record, in the words of the record (foi.clock's
    # steps, stored event labels): the table's rows are data, its headings are not.
    status = re.sub(
        r'(<section aria-labelledby="steps-title">.*?)<tbody>.*?</tbody>', r"\1", status, flags=re.S
    )
    assert "How the reply period was worked out" in status
    assert not chinese_left(status)
    # 429: the form is refused once the allowance of the hour is used.
    settings.GONGKAI = {**settings.GONGKAI, "REQUEST_FORM_PER_HOUR": 1}
    page = client.post(reverse("portal:request_apply"), {"organization": region.dept.pk}, **EN)
    assert page.status_code == 429
    assert not chinese_left(page.content.decode())


def test_error_pages_are_english(client, world):
    assert not chinese_left(get_en(client, "/no-such-page/x/", status=404))
    assert not chinese_left(get_en(client, reverse("portal:item", args=[999999]), status=404))
    # 500.html is static (nothing that can fail): it says everything in both languages.
    from pathlib import Path

    import gongkai

    page = (Path(gongkai.__file__).parent / "templates" / "500.html").read_text()
    english = " ".join(re.findall(r'<(?:p|span) lang="en">(.*?)</(?:p|span)>', page, flags=re.S))
    assert "Server error" in english and "try again later" in english and "Home page" in english


def test_feed_titles_are_english(client, world):
    for url in (reverse("portal:feed"), reverse("portal:body_feed", args=["edu"])):
        feed = client.get(url, **EN).content.decode()
        titles = re.findall(r"<(?:title|subtitle)>([^<]*)</", feed)
        assert titles and not [t for t in titles if HAN.search(t)], (url, titles)
