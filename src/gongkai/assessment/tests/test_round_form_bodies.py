"""组织考核's bodies (UX walk: ~80 check boxes without a way to take them all): listed by level and
kind, each group with a “全部参评” box and one box for every body, which the form itself understands
(no script needed): the round gets every body of a ticked group, or all of them; ticking nothing is
refused in Chinese, a group that is not the authority's is refused, never a 500."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gongkai.assessment.models import Round, Scheme, SchemeState
from gongkai.assessment.staff.rounds.forms import body_groups
from gongkai.orgs.models import Organization
from gongkai.testing import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(region: Any, clock: Any, client: Any) -> Any:
    clock.set(dt.date(2027, 1, 11))
    region.scheme = Scheme.objects.create(
        code="t", name="测试细则", source_document="测试文件", state=SchemeState.PUBLISHED, config={}
    )
    login_verified(client, region.supervisor)
    return region


def _post(client: Any, region: Any, **extra: Any) -> Any:
    data = {
        "org": region.office.pk,
        "title": "2026年度政务公开考核",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "scheme": region.scheme.pk,
        "objection_days": "5",
        **extra,
    }
    return client.post(reverse("backoffice:assessment_round_new") + f"?org={region.office.pk}", data)


def _bodies(rnd: Round) -> set[int]:
    return set(rnd.bodies.values_list("organization_id", flat=True))


def test_the_bodies_are_listed_by_level_and_kind_with_a_box_for_each_group(page: Any, client: Any) -> None:
    region = page
    html = client.get(
        reverse("backoffice:assessment_round_new") + f"?org={region.office.pk}"
    ).content.decode()
    groups = {
        g.label: [o.name for o in g.bodies]
        for g in body_groups([region.dept, region.county, region.county_dept])
    }
    assert groups == {
        "市政府部门": ["测试市教育局"],
        "县（区）人民政府": ["测试县人民政府"],
        "县（区）政府部门": ["测试县财政局"],
    }
    assert 'name="all_bodies"' in html and "全部单位参评（共" in html
    assert "<legend>市政府部门</legend>" in html and "市政府部门全部参评（" in html
    assert 'value="city-department"' in html and "assessment/round-bodies.js" in html


def test_a_group_box_or_the_all_box_takes_every_body_without_a_script(page: Any, client: Any) -> None:
    region = page
    county_level = set(
        Organization.objects.filter(level="county", kind="department", path__startswith=region.city.path)
        .filter(is_active=True)
        .values_list("pk", flat=True)
    )
    assert county_level
    # One group ticked, one body of another group ticked by hand.
    made = _post(client, region, body_groups=["county-department"], bodies=[str(region.dept.pk)])
    assert made.status_code == 302, made.content.decode()[:3000]
    assert _bodies(Round.objects.get()) == county_level | {region.dept.pk}
    Round.objects.all().delete()
    everyone = _post(client, region, all_bodies="on")
    assert everyone.status_code == 302
    expected = {
        o.pk
        for o in Organization.objects.filter(path__startswith=region.city.path, is_active=True).exclude(
            pk__in=[region.city.pk, region.office.pk]
        )
    }
    assert _bodies(Round.objects.get()) == expected


def test_nothing_ticked_or_a_foreign_group_is_a_400_in_chinese(page: Any, client: Any) -> None:
    region = page
    empty = _post(client, region)
    assert empty.status_code == 400 and "请至少选择一个参评单位。" in empty.content.decode()
    foreign = _post(client, region, body_groups=["province-department"])
    assert foreign.status_code == 400 and "所选类别不在本机关考核范围内。" in foreign.content.decode()
    assert not Round.objects.exists()
