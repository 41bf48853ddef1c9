"""The public pages of 互动 have English (issue 11, point 9): rendered with the language ``en``, the
interface is English; what stays Chinese is content (body names, the published wording)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from gongkai.interaction.models import Message
from gongkai.interaction.services import handling
from gongkai.interaction.services.masking import propose_copy

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
HAN = re.compile(r"[\u3400-\u9fff\u3001\u3002\uff08\uff09\uff0c\uff1a\uff1b\uff1f]+")


def _interface_han(page: str, content: list[str]) -> set[str]:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<(\w+)[^>]*\slang="zh[^"]*"[^>]*>.*?</\1>', " ", page, flags=re.S)
    for text in sorted(content, key=len, reverse=True):
        page = page.replace(text, " ")
    return set(HAN.findall(re.sub(r"<[^>]+>", " ", page)))


def test_the_public_pages_speak_english(client, desk, clock, region):
    clock.set(dt.date(2026, 3, 16))
    message = desk.write()
    code = message.code
    handling.answer(message, actor=desk.head, text="您好，报名材料为户口簿和房产证明。")
    message = Message.objects.get(pk=message.pk)
    message = handling.publish(message, actor=desk.head, copy=propose_copy(message))
    content = [
        *(o.name for o in type(region.dept).objects.all()),
        message.published_subject,
        message.published_text,
        message.published_answer,
        message.subject,
        message.text,
        message.answer,
        "简体中文",
        "政府信息公开平台",
    ]
    pages = {
        "list": client.get(reverse("portal:messages"), **EN),
        "body": client.get(reverse("portal:body_messages", args=[region.dept.slug]), **EN),
        "message": client.get(reverse("portal:message", args=[message.pk]), **EN),
        "write": client.get(reverse("portal:message_write"), **EN),
        "track": client.post(
            reverse("portal:message_track"),
            {"tracking_number": message.tracking_number, "code": code},
            **EN,
        ),
    }
    assert "Write a message" in pages["write"].content.decode()
    assert "Question 5 working days" in pages["write"].content.decode()
    assert "Published questions and answers" in pages["list"].content.decode()
    assert "Answered and published" in pages["track"].content.decode()
    leftovers = {name: _interface_han(r.content.decode(), content) for name, r in pages.items()}
    assert leftovers == {name: set() for name in pages}
