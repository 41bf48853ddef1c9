"""机构: the public bodies of the installation and their catalog column trees."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError

from gongkai.api.pagination import paginate
from gongkai.api.schemas import ErrorOut, OrganizationDetailOut, OrganizationFilters, OrganizationPage
from gongkai.api.selectors import BadParameter, find_organization, public_organizations, visible_column_tree
from gongkai.api.serialize import organization_dict

router = Router()

NOT_FOUND = "未找到该机构"


@router.get(
    "",
    response={200: OrganizationPage, 422: ErrorOut},
    operation_id="listOrganizations",
    summary="机构列表 / List organizations",
)
def list_organizations(request: HttpRequest, filters: Query[OrganizationFilters]) -> dict[str, Any]:
    """启用的机构及其指南公示的联系方式，按机构树排序。Active bodies with the contact details of
    their disclosure guide (政府信息公开指南), in tree order."""
    qs = public_organizations()
    if filters.parent:
        parent = find_organization(filters.parent)
        if parent is None:
            raise BadParameter("parent", f"没有找到机构“{filters.parent}”。")
        qs = qs.filter(parent=parent)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    page = paginate(
        request, qs.order_by("path", "position", "id"), page=filters.page, page_size=filters.page_size
    )
    active_ids = set(public_organizations().values_list("pk", flat=True))
    page["results"] = [organization_dict(o, active_ids=active_ids) for o in page.pop("objects")]
    return page


@router.get(
    "/{slug}",
    response={200: OrganizationDetailOut, 404: ErrorOut},
    operation_id="getOrganization",
    summary="机构详情与目录栏目 / Organization with its catalog columns",
)
def get_organization(request: HttpRequest, slug: str) -> dict[str, Any]:
    """一个机构的指南信息和目录栏目树（不含隐藏栏目）。``slug`` 也可以是机构编号。
    One body's guide details and its catalog column tree (hidden columns left out); ``slug`` may
    also be the numeric id."""
    org = find_organization(slug)
    if org is None:
        raise HttpError(404, NOT_FOUND)
    parents = public_organizations().filter(pk=org.parent_id) if org.parent_id else []
    active_ids = {p.pk for p in parents}
    data = organization_dict(org, active_ids=active_ids)
    data["columns"] = visible_column_tree(org)
    return data
