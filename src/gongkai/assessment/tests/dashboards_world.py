"""The dashboards part of the assessment's URL walk world (``url_world.py`` lists it): the routes of
考核看板 read what the other parts built (the final round of the rounds part is the results, the
tree's colours and the body's position) and the indicators of the region's bodies; they need a body
to open (the department, which the walk's supervisor and office head both read) and a table to
export (the heat map: every reader may export it)."""

from __future__ import annotations

from typing import Any

ROUTES = {
    "assessment_dashboards",
    "assessment_dashboard_body",
    "assessment_dashboard_records",
    "assessment_dashboard_xlsx",
}


def build_dashboards(region: Any, people: dict[str, Any]) -> dict[str, str]:
    return {"assessment:dashboard:body": str(region.dept.pk)}


def values_for_dashboards(route: Any, values: dict[str, str]) -> tuple[dict[str, str], list[str]] | None:
    namespace, _, short = route.name.rpartition(":")
    if namespace != "backoffice" or short not in ROUTES:
        return None
    if short == "assessment_dashboard_body":
        return {"pk": values["assessment:dashboard:body"]}, []
    if short == "assessment_dashboard_xlsx":
        return {"table": "heatmap"}, []
    return {}, []
