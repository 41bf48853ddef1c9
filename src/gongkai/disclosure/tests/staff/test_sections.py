"""The active-disclosure menu entries: each role sees the entries whose pages serve it, and every
entry it sees opens (200, never a 403 or a page saying the person lacks the role)."""

from __future__ import annotations

import pytest

from gongkai.accounts.models import User
from gongkai.backoffice.menu import menu_for
from gongkai.backoffice.tests.helpers import login, text_of
from gongkai.disclosure import policy
from gongkai.disclosure.models import ExemptionFiling
from gongkai.disclosure.staff.sections import SECTIONS
from gongkai.orgs.models import RoleName
from gongkai.testing import UserFactory, grant

OURS = {key for key, *_ in SECTIONS}

ITEM_WORK = ["items", "filings", "timeliness"]

#: For each role, held in 市教育局 ("dept") or in the city's general office, the competent authority
#: ("office"): the active-disclosure entries its holder sees, in menu order.
EXPECTED = [
    (RoleName.EDITOR, "dept", ITEM_WORK),
    (RoleName.REVIEWER, "dept", ITEM_WORK),
    (RoleName.SIGNER, "dept", ITEM_WORK),
    (RoleName.REQUEST_HANDLER, "dept", []),
    (RoleName.REQUEST_HANDLER, "office", []),
    (RoleName.OFFICE_HEAD, "dept", []),
    # The head of the competent authority's disclosure office confirms receipt of filings.
    (RoleName.OFFICE_HEAD, "office", ["filings"]),
    (RoleName.INFO_OFFICER, "dept", []),
    (RoleName.INFO_EDITOR, "office", []),
    (RoleName.LEADER, "dept", []),
    (RoleName.SUPERVISOR, "office", ITEM_WORK),
    (RoleName.ORG_ADMIN, "dept", ["catalog"]),
]


def _ours(user: User) -> list[str]:
    return [entry.key for entry in menu_for(user) if entry.key in OURS]


def test_every_role_is_covered():
    assert {role for role, _, _ in EXPECTED} == set(RoleName.values)


@pytest.mark.parametrize(("role", "where", "expected"), EXPECTED, ids=lambda v: str(v))
def test_each_role_sees_the_entries_that_serve_it_and_each_opens(client, region, role, where, expected):
    person = grant(UserFactory.create(username=f"p-{role}-{where}"), getattr(region, where), role)
    assert _ours(person) == expected
    login(client, person)
    for entry in menu_for(person):
        if entry.key not in OURS:
            continue
        response = client.get(entry.url)
        assert response.status_code == 200, entry.key
        assert "您没有这种角色" not in text_of(response)


def test_no_role_no_entry_and_superuser_all(client, region):
    assert _ours(region.outsider) == []
    admin = UserFactory.create(username="root", is_superuser=True, is_staff=True)
    assert _ours(admin) == ["items", "catalog", "filings", "timeliness"]
    login(client, admin)
    for entry in menu_for(admin):
        if entry.key in OURS:
            assert client.get(entry.url).status_code == 200, entry.key


def test_roles_in_an_inactive_body_give_no_entry(region):
    region.dept.is_active = False
    region.dept.save(update_fields=["is_active"])
    assert _ours(User.objects.get(pk=region.editor.pk)) == []


def test_acknowledge_button_only_for_those_the_service_accepts(client, region, make_item):
    """The filings page offers 确认收到 to the competent authority's supervisors and the head of its
    disclosure office: the people ``workflow.acknowledge_filing`` accepts (no button leads to a 403)."""
    item = make_item(
        disclosure_attribute="exempt",
        exemption_reason="third_party",
        exemption_explanation="涉及第三方商业秘密",
        title="不予公开的合同",
    )
    filing = ExemptionFiling.objects.get(item=item)
    head = grant(UserFactory.create(username="office-head"), region.office, RoleName.OFFICE_HEAD)
    info_editor = grant(UserFactory.create(username="office-editor"), region.office, RoleName.INFO_EDITOR)
    assert policy.can_acknowledge_filing(region.supervisor, filing)
    assert policy.can_acknowledge_filing(head, filing)
    assert not policy.can_acknowledge_filing(info_editor, filing)
    assert not policy.can_acknowledge_filing(region.editor, filing)
    response = login(client, info_editor).get("/staff/filings/")
    assert response.status_code == 200
    assert all(not can for _, can in response.context["rows"])
    response = login(client, head).get("/staff/filings/")
    assert [can for f, can in response.context["rows"] if f.pk == filing.pk] == [True]
    assert client.post(f"/staff/filings/{filing.pk}/acknowledge/").status_code == 302
    filing.refresh_from_db()
    assert filing.acknowledged_by == head
    assert not policy.can_acknowledge_filing(region.supervisor, filing)  # once
