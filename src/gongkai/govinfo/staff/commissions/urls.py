"""Routes of the commissions (约稿) and leaders' instructions (领导批示, 落实反馈) screens of 政务信息报送,
mounted under ``/staff/`` in the ``backoffice`` namespace (docs/SPEC.md §8)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.govinfo.staff.commissions.views import commissions, instructions

urlpatterns: list[URLPattern] = [
    path("govinfo/commissions/", commissions.commission_list, name="govinfo_commissions"),
    path("govinfo/commissions/new/", commissions.commission_new, name="govinfo_commission_new"),
    path("govinfo/commissions/<id:pk>/", commissions.commission_detail, name="govinfo_commission"),
    path("govinfo/commissions/<id:pk>/edit/", commissions.commission_edit, name="govinfo_commission_edit"),
    path("govinfo/commissions/<id:pk>/issue/", commissions.commission_issue, name="govinfo_commission_issue"),
    path("govinfo/instructions/", instructions.instruction_list, name="govinfo_instructions"),
    path("govinfo/instructions/new/", instructions.instruction_new, name="govinfo_instruction_new"),
    path("govinfo/instructions/<id:pk>/", instructions.instruction_detail, name="govinfo_instruction"),
    path(
        "govinfo/instructions/<id:pk>/followups/new/",
        instructions.followup_new,
        name="govinfo_followup_new",
    ),
    path("govinfo/followups/<id:pk>/", instructions.followup_detail, name="govinfo_followup"),
    path("govinfo/followups/<id:pk>/report/", instructions.followup_report, name="govinfo_followup_report"),
    path("govinfo/followups/<id:pk>/close/", instructions.followup_close, name="govinfo_followup_close"),
]
