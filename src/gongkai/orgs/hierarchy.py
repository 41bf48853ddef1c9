"""Who reports to whom in the tree of bodies.

A department reports to the competent authority of its own government (本级政府信息公开工作主管部门,
条例第四十九条). A government reports to the competent authority of the region above (a county
government to the city's office, a township to the county's); a government with no region above
(the top of the installation) to its own competent authority. That competent authority is the
body's *reporting authority*: it receives and reviews the annual report, and it is where the
information submissions of the region go (政务信息报送).

Which bodies report at all is the asking domain's rule (the annual report leaves out public
institutions, 条例第五十五条): ``keep`` says which bodies count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import Q

from gongkai.orgs.models import Kind, Organization, competent_authority_by_government

#: Which bodies count (the default: every active one).
Keep = Callable[[Organization], bool]


def _active(organization: Organization) -> bool:
    return organization.is_active


def _first_authority(
    chain: Iterable[int], by_id: dict[int, Organization], ca_of_gov: dict[int, int]
) -> int | None:
    for org_id in chain:
        org = by_id.get(org_id)
        if org is not None and org.kind == Kind.GOVERNMENT and org_id in ca_of_gov:
            return ca_of_gov[org_id]
    return None


def _authority_id(org: Organization, by_id: dict[int, Organization], ca_of_gov: dict[int, int]) -> int | None:
    """The reporting authority of ``org``, from the tree held in memory (``by_id`` must hold every
    ancestor of ``org``, ``ca_of_gov`` the competent authority of each government among them)."""
    chain = list(reversed(org.ancestor_ids))  # org itself first, then upwards
    if org.kind == Kind.GOVERNMENT and org.parent_id:
        above = _first_authority(chain[1:], by_id, ca_of_gov)
        if above is not None:
            return above
    return _first_authority(chain, by_id, ca_of_gov)


def reports_to(organization: Organization) -> Organization | None:
    """The competent authority ``organization`` reports to (see the module docstring)."""
    ids = organization.ancestor_ids
    orgs = list(
        Organization.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids, is_competent_authority=True))
    )
    by_id = {o.pk: o for o in orgs}
    by_id[organization.pk] = organization
    authority_id = _authority_id(organization, by_id, competent_authority_by_government(orgs))
    if authority_id is None:
        return None
    return by_id.get(authority_id) or Organization.objects.get(pk=authority_id)


def bodies_reporting_to(authority: Organization, *, keep: Keep = _active) -> list[Organization]:
    """The bodies that report to ``authority`` and that ``keep`` admits, in tree order (one query
    for the region); none when ``authority`` is not a competent authority."""
    if not authority.is_competent_authority:
        return []
    region = authority.supervision_root()
    above = region.ancestor_ids
    orgs = list(
        Organization.objects.filter(
            Q(path__startswith=region.path)
            | Q(pk__in=above)
            | Q(parent_id__in=above, is_competent_authority=True)
        )
    )
    by_id = {o.pk: o for o in orgs}
    ca_of_gov = competent_authority_by_government(orgs)
    return sorted(
        (
            org
            for org in orgs
            if org.path.startswith(region.path)
            and keep(org)
            and _authority_id(org, by_id, ca_of_gov) == authority.pk
        ),
        key=lambda o: (o.path, o.position),
    )


def reporting_map(*, keep: Keep = _active) -> dict[int, list[Organization]]:
    """Every active competent authority's id → the bodies reporting to it that ``keep`` admits (the
    whole installation, one query)."""
    orgs = list(Organization.objects.all())
    by_id = {o.pk: o for o in orgs}
    ca_of_gov = competent_authority_by_government(orgs)
    result: dict[int, list[Organization]] = {}
    for org in sorted(orgs, key=lambda o: (o.path, o.position)):
        if not keep(org):
            continue
        authority_id = _authority_id(org, by_id, ca_of_gov)
        if authority_id is not None and by_id[authority_id].is_active:
            result.setdefault(authority_id, []).append(org)
    return result
