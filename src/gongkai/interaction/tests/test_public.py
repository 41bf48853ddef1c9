"""The public pages of 互动 (docs/SPEC.md §3): writing a message (CSRF, not cached, rate limited,
honeypot, a double submit is one message), the tracking code shown once, the writer's look-up (one
neutral page for any wrong pair), and the published questions and answers (cached, masked)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.interaction.models import Message, MessageKind
from gongkai.interaction.services import handling
from gongkai.interaction.services.masking import propose_copy

from .conftest import message_data

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 16)


def _form(region, **overrides):
    data = message_data()
    data.update(
        organization=region.dept.pk,
        kind=MessageKind.objects.get(code="consult").pk,
        token="t" * 32,
        consent_publish="on",
    )
    data.update(overrides)
    return data


def test_the_form_is_private_and_prefilled_with_the_body(client, region, clock):
    clock.set(MONDAY)
    response = client.get(reverse("portal:message_write"), {"body": region.dept.slug})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert f'<option value="{region.dept.pk}" selected>' in response.content.decode()
    assert "咨询5个工作日" in response.content.decode()


def test_a_citizen_writes_gets_the_code_once_and_looks_up(client, region, clock):
    clock.set(MONDAY)
    response = client.post(reverse("portal:message_write"), _form(region))
    assert response.status_code == 302 and response["Location"] == reverse("portal:message_submitted")
    page = client.get(response["Location"]).content.decode()
    number = re.search(r"data-tracking-number>([^<]+)<", page).group(1)
    code = re.search(r"data-tracking-code>([^<]+)<", page).group(1)
    assert number == "LY-2026-000001"
    # Shown once: the second visit no longer has it.
    again = client.get(reverse("portal:message_submitted")).content.decode()
    assert code not in again and "只显示一次" in again
    # The look-up shows the state and the due date (5 working days after 16 March).
    found = client.post(reverse("portal:message_track"), {"tracking_number": number, "code": code})
    assert found.status_code == 200 and found["Cache-Control"] == "no-store"
    assert "已收到，正在办理" in found.content.decode() and "2026-03-23" in found.content.decode()


def test_a_wrong_code_and_an_unknown_number_get_the_same_neutral_page(client, desk, clock):
    clock.set(MONDAY)
    message = desk.write()
    pages = []
    for number, code in (
        (message.tracking_number, "WRONG23456"),
        ("LY-2026-999999", message.code),
        ("x", "y"),
    ):
        response = client.post(reverse("portal:message_track"), {"tracking_number": number, "code": code})
        assert response.status_code == 400
        body = response.content.decode()
        assert "留言编号或查询码不正确" in body and message.subject not in body
        pages.append(
            re.sub(r'value="[^"]*"', "", re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body))
        )
    assert pages[0] == pages[1] == pages[2]


def test_the_answer_shows_on_the_look_up_even_unpublished(client, desk, clock):
    clock.set(MONDAY)
    message = desk.write(consent_publish=False)
    handling.answer(message, actor=desk.head, text="您好，报名材料为户口簿、房产证明和接种证明。")
    found = client.post(
        reverse("portal:message_track"), {"tracking_number": message.tracking_number, "code": message.code}
    ).content.decode()
    assert "户口簿、房产证明和接种证明" in found and "已答复" in found


def test_a_double_submit_is_one_message_and_the_honeypot_refuses(client, region, clock):
    clock.set(MONDAY)
    url = reverse("portal:message_write")
    assert client.post(url, _form(region)).status_code == 302
    assert client.post(url, _form(region)).status_code == 302
    assert Message.objects.count() == 1
    robot = client.post(url, _form(region, token="r" * 32, website="http://spam.example"))
    assert robot.status_code == 400 and Message.objects.count() == 1


def test_bad_input_keeps_what_was_typed(client, region, clock):
    clock.set(MONDAY)
    response = client.post(reverse("portal:message_write"), _form(region, text="太短", writer_phone="电话"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "至少10个字" in body and "请填写正确的电话号码" in body and "关于小学入学材料的咨询" in body


def test_the_rate_limit_answers_429_in_chinese(client, region, clock, settings):
    clock.set(MONDAY)
    settings.GONGKAI = {**settings.GONGKAI, "MESSAGE_FORM_PER_HOUR": 2}
    url = reverse("portal:message_write")
    for n in range(2):
        assert client.post(url, _form(region, token=f"{n}" * 32)).status_code == 302
    refused = client.post(url, _form(region, token="z" * 32))
    assert refused.status_code == 429
    assert "每小时最多提交2条留言" in refused.content.decode() and refused["Retry-After"]
    # A form with errors does not use a place.
    settings.GONGKAI = {**settings.GONGKAI, "MESSAGE_FORM_PER_HOUR": 3}
    assert client.post(url, _form(region, token="e" * 32, text="短")).status_code == 400
    assert client.post(url, _form(region, token="y" * 32)).status_code == 302


def test_wrong_look_ups_are_capped(client, desk, clock, settings):
    clock.set(MONDAY)
    settings.GONGKAI = {**settings.GONGKAI, "MESSAGE_TRACK_PER_HOUR": 2}
    message = desk.write()
    url = reverse("portal:message_track")
    for _ in range(2):
        assert (
            client.post(url, {"tracking_number": message.tracking_number, "code": "BAD"}).status_code == 400
        )
    assert (
        client.post(url, {"tracking_number": message.tracking_number, "code": message.code}).status_code
        == 429
    )


def test_published_messages_are_listed_masked_and_cached(desk, clock, region):
    clock.set(MONDAY)
    message = desk.write()
    handling.answer(message, actor=desk.head, text="王建国您好：请携带户口簿报名，电话0557-3021234。")
    message = Message.objects.get(pk=message.pk)
    handling.publish(message, actor=desk.head, copy=propose_copy(message))
    hidden = desk.write(subject="未公开的留言标题")
    anonymous = Client()
    for url in (
        reverse("portal:messages"),
        reverse("portal:body_messages", args=[region.dept.slug]),
        reverse("portal:message", args=[message.pk]),
    ):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"]
        body = response.content.decode()
        assert hidden.subject not in body and "王建国" not in body and "13955701234" not in body
    detail = anonymous.get(reverse("portal:message", args=[message.pk])).content.decode()
    assert "139****1234" in detail and "0557-***1234" in detail
    # The list is a catalog table: on a phone each row reads as a card, its cells labelled (gongkai.css).
    listing = anonymous.get(reverse("portal:messages")).content.decode()
    assert '<table class="table catalog-table">' in listing
    assert 'data-label="留言日期"' in listing and 'class="item-title-cell"' in listing
    assert anonymous.get(reverse("portal:message", args=[hidden.pk])).status_code == 404
    assert anonymous.get(reverse("portal:messages"), {"body": "no-such-body"}).status_code == 400
    assert anonymous.get(reverse("portal:messages"), {"body": region.dept.slug}).status_code == 302
