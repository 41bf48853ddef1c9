"""The demo's bulk items follow an installation's 索引号 pattern with {region} and {class_code} too,
with the values publication gives (``services.index_numbers.pattern_values``)."""

from __future__ import annotations

import pytest

from gongkai.disclosure.demo.bulk import _IndexExtras
from gongkai.disclosure.index_numbers import IndexPattern

pytestmark = pytest.mark.django_db


def test_bulk_writer_gives_region_and_class_code(region):
    extras = _IndexExtras(IndexPattern("{region}-{unit_code}-{class_code}/{year}-{serial:05d}"))
    values = extras.get(region.dept.unit_code, region.column.pk)
    assert values == {"region": region.city.unit_code[2:8], "class_code": region.column.code}
    assert extras.get(region.dept.unit_code, region.column.pk) is values  # looked up once


def test_default_pattern_needs_nothing_more(region):
    assert _IndexExtras(IndexPattern("{unit_code}/{year}-{serial:05d}")).get("x", 0) == {}
