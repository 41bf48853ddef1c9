"""The scope rule (docs/SPEC.md §1) on every screen: 404 for what a person may not read, 403 for what they may
read but not do; supervisors read the bodies below them and cannot act."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.backoffice.tests.helpers import login, text_of
from gongkai.disclosure.models import ItemState

pytestmark = pytest.mark.django_db


ITEM_PAGES = [
    "item",
    "item_edit",
    "item_review",
    "item_sign",
    "item_withdraw",
    "item_correct",
]
ITEM_POSTS = ["item_submit", "item_return", "item_link", "item_finding_decide"]


@pytest.mark.parametrize("name", ITEM_PAGES + ITEM_POSTS)
def test_dept_editor_cannot_reach_county_items(client, region, make_item, name):
    county_item = make_item(county=True, state=ItemState.REVIEW)
    login(client, region.editor)
    method = client.post if name in ITEM_POSTS else client.get
    assert method(reverse(f"backoffice:{name}", args=[county_item.pk])).status_code == 404


def test_outsider_sees_nothing(client, region, make_item):
    item = make_item()
    make_item(county=True)
    login(client, region.outsider)
    response = client.get(reverse("backoffice:items"))
    assert response.status_code == 200 and len(response.context["rows"]) == 0
    assert client.get(reverse("backoffice:item", args=[item.pk])).status_code == 404
    attachment_url = reverse("backoffice:item_attachment", args=[item.pk, 1])
    assert client.get(attachment_url).status_code == 404
    assert client.get(reverse("backoffice:item_new")).status_code == 403
    response = client.get(reverse("backoffice:inbox"))
    assert response.status_code == 200 and item.title not in response.content.decode()
    assert client.get(reverse("backoffice:timeliness")).context["data"] == []
    assert client.get(reverse("backoffice:catalog") + f"?org={region.dept.pk}").status_code == 404
    assert client.get(reverse("backoffice:people") + f"?org={region.dept.pk}").status_code == 404


def test_supervisor_reads_below_but_cannot_act(client, region, make_item):
    draft = make_item(county=True, state=ItemState.DRAFT, title="县草稿")
    in_review = make_item(county=True, state=ItemState.REVIEW)
    published = make_item(county=True)
    login(client, region.supervisor)
    response = client.get(reverse("backoffice:items") + f"?org={region.county_dept.pk}")
    assert response.status_code == 200
    assert response.context["read_only"] and "县草稿" in response.content.decode()
    assert not response.context["can_create"]
    response = client.get(reverse("backoffice:item", args=[draft.pk]))
    assert response.status_code == 200
    assert response.context["read_only"] and not response.context["any_action"]
    html = response.content.decode()
    for name in ("item_edit", "item_submit", "item_review", "item_sign", "item_withdraw", "item_correct"):
        assert reverse(f"backoffice:{name}", args=[draft.pk]) not in html
    assert "监督查阅（只读）" in text_of(response)
    # And the actions themselves are refused (403: readable, not allowed).
    assert client.get(reverse("backoffice:item_edit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("backoffice:item_submit", args=[draft.pk])).status_code == 403
    assert client.get(reverse("backoffice:item_review", args=[in_review.pk])).status_code == 403
    assert client.get(reverse("backoffice:item_withdraw", args=[published.pk])).status_code == 403
    assert client.get(reverse("backoffice:item_correct", args=[published.pk])).status_code == 403
    # Catalog: readable, not administrable.
    response = client.get(reverse("backoffice:catalog") + f"?org={region.county_dept.pk}")
    assert response.status_code == 200 and not response.context["can_admin"]
    column = region.county_column
    assert (
        client.post(reverse("backoffice:catalog_column_rename", args=[column.pk]), {"name": "x"}).status_code
        == 403
    )


def test_county_supervisor_does_not_see_the_city(client, region, make_item):
    from gongkai.orgs.models import Role

    Role.objects.create(user=region.outsider, organization=region.county_office, role="supervisor")
    city_item = make_item()
    county_item = make_item(county=True)
    login(client, region.outsider)
    assert client.get(reverse("backoffice:item", args=[county_item.pk])).status_code == 200
    assert client.get(reverse("backoffice:item", args=[city_item.pk])).status_code == 404


def test_reviewer_cannot_sign_and_editor_cannot_review(client, region, make_item):
    item = make_item(state=ItemState.REVIEW)
    login(client, region.editor)
    assert client.get(reverse("backoffice:item_review", args=[item.pk])).status_code == 403
    signoff = make_item(state=ItemState.SIGNOFF)
    login(client, region.reviewer)
    assert client.get(reverse("backoffice:item_sign", args=[signoff.pk])).status_code == 403
    assert client.post(reverse("backoffice:item_sign", args=[signoff.pk])).status_code == 403


def test_non_admin_cannot_manage_people_or_catalog(client, region):
    login(client, region.editor)
    for name in ("people_user_new", "org_contact", "org_signoff"):
        assert client.get(reverse(f"backoffice:{name}", args=[region.dept.pk])).status_code == 403
    assert (
        client.post(
            reverse("backoffice:people_role_grant", args=[region.dept.pk]),
            {"username": "editor", "role": "signer"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("backoffice:catalog_column_add", args=[region.dept.pk]), {"name": "x"}
        ).status_code
        == 403
    )
    # Another organization's admin pages are not even found.
    login(client, region.admin)
    assert client.get(reverse("backoffice:org_contact", args=[region.county_dept.pk])).status_code == 404
