"""GET /api/v1/classifications: the class lists usable as filters."""

from __future__ import annotations

import pytest

from gongkai.api.tests.helpers import get_json
from gongkai.disclosure.models import Classification

pytestmark = pytest.mark.django_db


def test_lists_active_classes_per_scheme(client, region):
    retired = Classification.objects.filter(scheme="genre").last()
    retired.is_active = False
    retired.save()
    data = get_json(client, "/api/v1/classifications")
    assert [s["scheme"] for s in data] == ["topic", "genre", "audience", "combined"]
    assert [s["name"] for s in data] == ["主题分类", "体裁分类", "服务对象分类", "组配分类"]
    genre = {c["code"]: c["name"] for c in data[1]["classes"]}
    assert retired.code not in genre
    assert genre["03"] == Classification.objects.get(scheme="genre", code="03").name
