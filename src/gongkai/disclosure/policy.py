"""Who may do what with information items: the one policy module of active disclosure.

Plain functions over (user, item) plus queryset filters, reused by views, the API, templates and
the service functions. The rules come from docs/SPEC.md §1 and §2.4: roles are held within the item's
organization; nobody reviews or signs their own draft; supervisors read everything below theirs.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.disclosure.models import ExemptionFiling, Item, ItemState
from gongkai.disclosure.signoff import signable
from gongkai.orgs import policy as org_policy
from gongkai.orgs import signoff
from gongkai.orgs.models import Organization, RoleName


def readable_items(user: Any) -> QuerySet[Item]:
    """Items whose internal record (drafts included) ``user`` may read."""
    if getattr(user, "is_superuser", False):
        return Item.objects.all()
    return Item.objects.filter(organization__in=org_policy.readable_orgs(user))


def can_read_item(user: Any, item: Item) -> bool:
    return readable_items(user).filter(pk=item.pk).exists()


def can_create_item(user: Any, organization: Organization) -> bool:
    return org_policy.has_role(user, organization, RoleName.EDITOR)


def can_edit_item(user: Any, item: Item) -> bool:
    return item.is_editable and org_policy.has_role(user, item.organization_id, RoleName.EDITOR)


def can_submit_item(user: Any, item: Item) -> bool:
    return can_edit_item(user, item)


def is_referred(item: Item) -> bool:
    """The last review referred the item up to the competent authority (呈报上级主管部门审定)."""
    last = item.secrecy_reviews.order_by("-reviewed_at", "-pk").first()
    return last is not None and last.conclusion == "refer"


def can_review_item(user: Any, item: Item) -> bool:
    """A secrecy reviewer of the item's organization who is not its author (docs/SPEC.md §2.4); for an item
    referred up, also the supervisors of the competent authority above it."""
    if item.state != ItemState.REVIEW or item.author_id == user.pk:
        return False
    if org_policy.has_role(user, item.organization_id, RoleName.REVIEWER):
        return True
    return is_referred(item) and org_policy.is_supervisor_of(user, item.organization)


def can_sign_item(user: Any, item: Item) -> bool:
    """An item waiting for signatures, and ``user`` may sign its next step: the organization's chain
    (``orgs.signoff.can_sign``: a 签发人 of the organization, designated if the step says so, not its
    author, not one who signed a step of this round already)."""
    return item.state == ItemState.SIGNOFF and signoff.can_sign(user, signable(item))


def can_return_item(user: Any, item: Item) -> bool:
    return can_review_item(user, item) or can_sign_item(user, item)


def can_link_item(user: Any, item: Item) -> bool:
    """Links to other items are added while the item may be edited or, once published, corrected."""
    return can_edit_item(user, item) or can_correct_item(user, item)


def can_withdraw_item(user: Any, item: Item) -> bool:
    return item.state == ItemState.PUBLISHED and org_policy.has_role(
        user, item.organization_id, RoleName.SIGNER
    )


def can_correct_item(user: Any, item: Item) -> bool:
    return (
        item.state == ItemState.PUBLISHED
        and item.disclosure_attribute == "active"
        and org_policy.has_role(user, item.organization_id, RoleName.SIGNER, RoleName.EDITOR)
    )


def visible_filings(user: Any) -> QuerySet[ExemptionFiling]:
    """不予公开 filings: the filing body sees its own; a competent authority's staff see every
    filing of the region (as its supervisors or as holders of any role in the authority)."""
    if getattr(user, "is_superuser", False):
        return ExemptionFiling.objects.all()
    own = org_policy.org_ids_with_role(user)
    return ExemptionFiling.objects.filter(
        Q(organization__in=own)
        | Q(competent_authority__in=own)
        | Q(organization__in=org_policy.supervised_orgs(user).values("pk"))
    )


def can_acknowledge_filing(user: Any, filing: ExemptionFiling) -> bool:
    """The competent authority confirms receipt of a 不予公开 filing: its supervisors or the head of
    its disclosure office, once (the rule ``workflow.acknowledge_filing`` enforces)."""
    authority = filing.competent_authority_id
    return (
        authority is not None
        and filing.acknowledged_at is None
        and org_policy.has_role(user, authority, RoleName.SUPERVISOR, RoleName.OFFICE_HEAD)
    )


# -- the back office's sections ------------------------------------------------------------------
# Who each active-disclosure screen serves; the back office shows its menu entry to exactly these
# people (gongkai.disclosure.staff.sections), so that no entry leads to a 403 or an empty shell.

#: The roles that work on items within their body: draft, secrecy review, sign-off (docs/SPEC.md §2.4).
ITEM_ROLES = (RoleName.EDITOR, RoleName.REVIEWER, RoleName.SIGNER)


def _is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_superuser", False))


def works_on_items(user: Any) -> bool:
    """Does ``user`` draft, review or sign items somewhere, or supervise bodies (reading their items,
    reviewing those referred up: :func:`can_review_item`)? The system administrator reads all."""
    return _is_superuser(user) or bool(org_policy.org_ids_with_role(user, *ITEM_ROLES, RoleName.SUPERVISOR))


def can_open_items(user: Any) -> bool:
    """信息管理: the items of the bodies ``user`` works on items in, and those they supervise."""
    return works_on_items(user)


def can_open_timeliness(user: Any) -> bool:
    """时效统计: working days from formation to publication (第二十六条) of the bodies whose items
    ``user`` works on or supervises."""
    return works_on_items(user)


def can_manage_catalog(user: Any) -> bool:
    """目录管理: the organization administrators (each changes their own body's catalog:
    ``orgs.policy.can_administer_org``) and the system administrator."""
    return _is_superuser(user) or bool(org_policy.org_ids_with_role(user, RoleName.ORG_ADMIN))


def can_open_filings(user: Any) -> bool:
    """不予公开备案: those who receive the filings (supervisors, who see their region's, and the head
    of a competent authority's disclosure office, who confirms receipt: :func:`can_acknowledge_filing`)
    and those whose work files them (the item roles of the filing body: an item published as 不予公开
    is filed with its competent authority). The system administrator sees all."""
    if _is_superuser(user) or org_policy.org_ids_with_role(user, *ITEM_ROLES, RoleName.SUPERVISOR):
        return True
    heads = org_policy.organizations_for(user, RoleName.OFFICE_HEAD)
    return heads.filter(is_competent_authority=True).exists()
