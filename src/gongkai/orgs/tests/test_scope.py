"""The scope rule of docs/SPEC.md §1, and the organization tree."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongkai.disclosure import policy as item_policy
from gongkai.disclosure.models import ItemState
from gongkai.orgs import policy
from gongkai.orgs.models import Organization
from gongkai.testing import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_tree_paths_and_descendants(region):
    below_city = set(Organization.objects.descendants_of(region.city).values_list("slug", flat=True))
    assert {"city", "office", "edu", "county", "county-office", "county-finance"} <= below_city
    assert set(Organization.objects.descendants_of(region.county).values_list("slug", flat=True)) == {
        "county",
        "county-office",
        "county-finance",
    }


def test_moving_a_subtree_moves_its_paths(region):
    region.county.parent = region.dept
    region.county.save()
    region.county_dept.refresh_from_db()
    assert region.county_dept.path.startswith(region.dept.path)


def test_competent_authority_is_nearest_region_office(region):
    assert region.dept.competent_authority() == region.office
    assert region.county_dept.competent_authority() == region.county_office
    assert region.office.supervision_root() == region.city


def test_people_see_only_their_organizations(region):
    assert set(policy.readable_orgs(region.editor)) == {region.dept}
    assert not policy.readable_orgs(region.outsider).exists()


def test_supervisor_sees_whole_region_read_only(region, make_item):
    county_item = make_item(county=True, state=ItemState.REVIEW)
    assert policy.is_supervisor_of(region.supervisor, region.county_dept)
    assert item_policy.can_read_item(region.supervisor, county_item)
    assert not item_policy.can_review_item(region.supervisor, county_item)
    assert not item_policy.can_edit_item(region.supervisor, county_item)


def test_county_staff_cannot_read_city_department(region, make_item):
    item = make_item(state=ItemState.DRAFT)
    assert not item_policy.can_read_item(region.county_editor, item)
    assert not item_policy.can_read_item(region.outsider, item)


def test_unit_code_validated_on_model(region):
    org = OrganizationFactory.build(unit_code="11341300000000000X", parent=region.city)
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "unit_code" in exc.value.message_dict


def test_org_code_accepted_with_hyphen_normalized(region):
    org = OrganizationFactory.build(unit_code="00001434-9", parent=region.city, slug="legacy")
    org.full_clean()
    assert org.unit_code == "000014349"
