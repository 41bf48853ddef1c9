"""The public methodology page (docs/SPEC.md §7 point 4.6): how every score of a scheme a round uses
is computed — criteria with points and rules in words, the indicators with their explanation and
minimum samples, vetoes, scaling, grades and ranking; and nothing of a scheme the public may not see
(draft, or only used by a draft round)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gongkai.assessment.models import Round, RoundState, Scheme
from gongkai.assessment.shipped import STANDARD
from gongkai.assessment.tests import methodology_probes
from gongkai.portal.tests.leaksweep import fetch_all

pytestmark = pytest.mark.django_db


def test_the_standard_scheme_explained(region: Any, client: Any) -> None:
    scheme = Scheme.objects.get(authority=None, code=STANDARD, version=1)
    Round.objects.create(
        authority=region.office,
        title="2026年度政务公开考核",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        scheme=scheme,
        state=RoundState.SELF_ASSESSMENT,
    )
    listing = client.get(reverse("portal:assessment_methodology")).content.decode()
    assert "政府信息公开工作考核标准方案" in listing
    page = client.get(reverse("portal:assessment_methodology_scheme", args=[scheme.pk])).content.decode()
    # A criterion, its points and its rule in words.
    assert "公开时效" in page and "超过20个工作日公开的信息：每项扣5分" in page
    # The indicator the rule reads, with how it is computed; a minimum sample.
    assert "样本少于5件的单位不参与该比率的排名" in page
    # Scaling, grades, vetoes, ties.
    assert "得分乘以4/3折算" in page
    assert "触发单项否决的单位，无论得分多少，等次均为不合格" in page
    assert "得分相同的并列同一名次，其后名次顺延（如1、2、2、4）" in page
    assert "2026年度政务公开考核" in page


def test_a_scheme_not_used_by_an_opened_round_is_not_public(region: Any, client: Any) -> None:
    scheme = Scheme.objects.get(authority=None, code=STANDARD, version=1)
    url = reverse("portal:assessment_methodology_scheme", args=[scheme.pk])
    assert client.get(url).status_code == 404
    assert "考核标准方案" not in client.get(reverse("portal:assessment_methodology")).content.decode()


def test_the_probes_hide_and_show(region: Any, client: Any) -> None:
    sweep = methodology_probes.build(region)
    pages = fetch_all(client, sweep.probes)
    text = "".join(body for _, body in pages)
    for marker in sweep.hidden:
        assert marker not in text
    for marker in sweep.shown:
        assert marker in text
