"""Routes of 信息统计 (the dashboards of 政务信息报送, docs/SPEC.md §8), mounted under ``/staff/`` in the
``backoffice`` namespace by the back office's URL map.

- ``govinfo_dashboard``: the entry of the menu (one dashboard: straight to it; several: a list);
- ``govinfo_dashboard_office`` (pk: the office): the information section's dashboard, ``?year=``;
- ``govinfo_dashboard_office_submissions`` (pk): the submissions behind a cell,
  ``?year=&unit=&month=&what=submitted|adopted|county|city|province|national``;
- ``govinfo_dashboard_points`` (pk: the office, unit): the records behind a unit's points, ``?year=&month=``;
- ``govinfo_dashboard_office_xlsx`` (pk, table: submitted|adopted|rates|ranking);
- ``govinfo_dashboard_unit`` (pk: the unit): a unit's figures against its quota, ``?year=&month=``;
- ``govinfo_dashboard_unit_submissions`` (pk): the submissions behind a cell of it,
  ``?year=&month=&what=&officer=&week=``;
- ``govinfo_dashboard_unit_xlsx`` (pk, table: months|officers).
"""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.govinfo.staff.dashboards import views

urlpatterns: list[URLPattern] = [
    path("govinfo/dashboard/", views.dashboard, name="govinfo_dashboard"),
    path("govinfo/dashboard/offices/<id:pk>/", views.office_dashboard, name="govinfo_dashboard_office"),
    path(
        "govinfo/dashboard/offices/<id:pk>/submissions/",
        views.office_submissions,
        name="govinfo_dashboard_office_submissions",
    ),
    path(
        "govinfo/dashboard/offices/<id:pk>/points/<id:unit>/",
        views.points_detail,
        name="govinfo_dashboard_points",
    ),
    path(
        "govinfo/dashboard/offices/<id:pk>/<slug:table>.xlsx",
        views.office_xlsx,
        name="govinfo_dashboard_office_xlsx",
    ),
    path("govinfo/dashboard/units/<id:pk>/", views.unit_dashboard, name="govinfo_dashboard_unit"),
    path(
        "govinfo/dashboard/units/<id:pk>/submissions/",
        views.unit_submissions,
        name="govinfo_dashboard_unit_submissions",
    ),
    path(
        "govinfo/dashboard/units/<id:pk>/<slug:table>.xlsx",
        views.unit_xlsx,
        name="govinfo_dashboard_unit_xlsx",
    ),
]
