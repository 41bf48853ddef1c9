"""Every placeholder the 索引号 parser accepts is supplied at publication (issue 8 §5).

Before the fix, a pattern with {region} or {class_code} passed the parser but publication never gave
those values, so every publication failed. {region} is the 行政区划码 of the body's region (from the
unit code of its people's government, GB 32100-2015 characters 3–8); {class_code} the code of the
item's 栏目. A value that cannot be given is refused with a Chinese message and takes no serial.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongkai.core.models import SerialCounter
from gongkai.disclosure.checks import check_index_number_pattern
from gongkai.disclosure.index_numbers import IndexPattern
from gongkai.disclosure.models import Item, ItemState
from gongkai.disclosure.services import workflow
from gongkai.orgs.models import Organization
from gongkai.orgs.unitcodes import make_uscc, org_code_check_char

pytestmark = pytest.mark.django_db


@pytest.fixture
def use_pattern(settings):
    def set_pattern(value: str) -> IndexPattern:
        settings.GONGKAI = {**settings.GONGKAI, "INDEX_NUMBER_PATTERN": value}
        return IndexPattern(value)

    return set_pattern


@pytest.fixture
def city_code(region) -> str:
    """The city government's own code names region 341300; the department's names 341302."""
    code = make_uscc("1", "1", "341300", "00009001")
    Organization.objects.filter(pk=region.city.pk).update(unit_code=code)
    return code


def publish(make_item, region) -> Item:
    item = make_item(state=ItemState.SIGNOFF)
    workflow.sign_item(actor=region.signer, item=Item.objects.get(pk=item.pk))
    return Item.objects.get(pk=item.pk)


def test_region_comes_from_the_government_of_the_body(region, make_item, use_pattern, city_code, today):
    p = use_pattern("{region}-{unit_code}/{year}-{serial:05d}")
    item = publish(make_item, region)
    assert item.state == ItemState.PUBLISHED
    assert item.index_number == f"341300-{region.dept.unit_code}/{today.year}-00001"
    assert p.parse(item.index_number)["region"] == "341300"


def test_class_code_is_the_code_of_the_items_column(region, make_item, use_pattern, today):
    use_pattern("{unit_code}-{class_code}-{year}-{serial:04d}")
    item = publish(make_item, region)
    assert item.index_number == f"{region.dept.unit_code}-{region.column.code}-{today.year}-0001"


def test_month_and_every_field_together(region, make_item, use_pattern, city_code, today):
    p = use_pattern("{region}-{unit_code}-{class_code}-{year}{month}-{serial:05d}")
    item = publish(make_item, region)
    assert p.parse(item.index_number) == {
        "region": "341300",
        "unit_code": region.dept.unit_code,
        "class_code": region.column.code,
        "year": today.year,
        "month": today.month,
        "serial": 1,
    }


def test_region_falls_back_to_the_bodys_own_code(region, make_item, use_pattern, today):
    """A government with a 9-character 组织机构代码 carries no 行政区划码: the body's own USCC does."""
    Organization.objects.filter(pk=region.city.pk).update(
        unit_code="00001434" + org_code_check_char("00001434")
    )
    use_pattern("{region}/{year}-{serial:05d}")
    item = publish(make_item, region)
    assert item.index_number == f"{region.dept.unit_code[2:8]}/{today.year}-00001"


def test_no_region_to_give_is_refused_clearly_and_takes_no_serial(region, make_item, use_pattern):
    body = "00001434"
    Organization.objects.filter(pk=region.city.pk).update(unit_code=body + org_code_check_char(body))
    other = "12345678"
    Organization.objects.filter(pk=region.dept.pk).update(unit_code=other + org_code_check_char(other))
    use_pattern("{region}/{year}-{serial:05d}")
    item = make_item(state=ItemState.SIGNOFF)
    with pytest.raises(ValidationError) as exc:
        workflow.sign_item(actor=region.signer, item=Item.objects.get(pk=item.pk))
    assert "无法取得行政区划码" in exc.value.messages[0]
    assert Item.objects.get(pk=item.pk).state == ItemState.SIGNOFF
    assert not SerialCounter.objects.exists()


def test_sign_page_shows_the_refusal(region, make_item, use_pattern, client):
    for org, body in ((region.city, "00001434"), (region.dept, "12345678")):
        Organization.objects.filter(pk=org.pk).update(unit_code=body + org_code_check_char(body))
    use_pattern("{region}/{year}-{serial:05d}")
    item = make_item(state=ItemState.SIGNOFF)
    client.force_login(region.signer)
    response = client.post(f"/staff/items/{item.pk}/sign/", {"opinion": "同意", "step": "1"})
    assert response.status_code == 200
    assert "无法取得行政区划码" in response.content.decode()


def test_start_up_check_refuses_a_bad_pattern(settings):
    settings.GONGKAI = {**settings.GONGKAI, "INDEX_NUMBER_PATTERN": "{unit_code}/{year}-{county}"}
    [error] = check_index_number_pattern()
    assert error.id == "gongkai.E301" and "未知占位符 {county}" in error.msg
    settings.GONGKAI = {
        **settings.GONGKAI,
        "INDEX_NUMBER_PATTERN": "{region}-{class_code}-{year}-{serial:05d}",
    }
    assert check_index_number_pattern() == []


def test_catalog_import_numbers_with_region_and_class_code(region, use_pattern, city_code, tmp_path):
    from gongkai.disclosure.importer import import_catalog_file
    from gongkai.disclosure.tests.test_importer import good_rows, write_csv

    p = use_pattern("{region}-{unit_code}-{class_code}/{year}-{serial:05d}")
    rows = [row for row in good_rows(region) if not row[0]]  # the row with no legacy number
    report = import_catalog_file(
        write_csv(tmp_path / "catalog.csv", rows), organization=region.dept.unit_code, echo=lambda _: None
    )
    assert report.errors == [], report.summary()
    item = Item.objects.get(title="2016年部门预算公开")
    assert p.parse(item.index_number) == {
        "region": "341300",
        "unit_code": region.dept.unit_code,
        "class_code": region.column.code,
        "year": 2016,
        "serial": 1,
    }


def test_catalog_import_reports_a_missing_region_per_row(region, use_pattern, tmp_path):
    from gongkai.disclosure.importer import import_catalog_file
    from gongkai.disclosure.tests.test_importer import good_rows, write_csv

    for org, body in ((region.city, "00001434"), (region.dept, "12345678")):
        Organization.objects.filter(pk=org.pk).update(unit_code=body + org_code_check_char(body))
    use_pattern("{region}/{year}-{serial:05d}")
    rows = [row for row in good_rows(region) if not row[0]]
    report = import_catalog_file(
        write_csv(tmp_path / "catalog.csv", rows), organization=region.dept.slug, echo=lambda _: None
    )
    assert report.imported == 0 and "无法取得行政区划码" in report.summary()
