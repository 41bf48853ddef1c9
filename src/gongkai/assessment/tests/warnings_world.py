"""The warnings part of the assessment's URL walk world (``url_world.py`` lists it): a draft
通报批评 and an issued one whose 通报 is published on the portal, made through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.assessment import bulletins
from gongkai.assessment.models import Criticism
from gongkai.assessment.services import warnings


def build_warnings(region: Any, people: dict[str, Any]) -> dict[str, str]:
    draft = Criticism.objects.create(
        authority=region.office,
        organization=region.county,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        overruns=[
            {"kind": "messages_overdue", "label": "走查留言", "url": "", "date": "2026-02-02", "note": ""}
        ],
        text="走查：通报批评草稿",
    )
    issued = Criticism.objects.create(
        authority=region.office,
        organization=region.dept,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        text="走查：已印发的通报批评",
    )
    issued = warnings.issue_criticism(actor=region.supervisor, criticism=issued)
    assert issued.bulletin is not None
    bulletins.publish_bulletin(actor=region.supervisor, bulletin=issued.bulletin)
    return {
        "assessment:criticism": str(draft.pk),
        "assessment:bulletin": str(issued.bulletin.pk),
        "assessment:warned_body": str(region.county.pk),
        "assessment:authority": str(region.office.pk),
        "assessment:slug": region.dept.slug,
    }


#: The routes of the part (by full name) → the world's key of each path argument.
WARNING_ROUTES: dict[str, dict[str, str]] = {
    "backoffice:assessment_warnings_body": {"org_id": "assessment:warned_body"},
    "backoffice:assessment_overrun_policy": {"authority_id": "assessment:authority"},
    "backoffice:assessment_criticism": {"pk": "assessment:criticism"},
    "backoffice:assessment_bulletin": {"pk": "assessment:bulletin"},
    "backoffice:assessment_bulletin_docx": {"pk": "assessment:bulletin"},
    "portal:assessment_bulletin": {"pk": "assessment:bulletin"},
    "portal:assessment_bulletin_docx": {"pk": "assessment:bulletin"},
    "portal:assessment_body_bulletins": {"slug": "assessment:slug"},
}


def values_for_warnings(route: Any, values: dict[str, str]) -> tuple[dict[str, str], list[str]] | None:
    keys = WARNING_ROUTES.get(route.name)
    if keys is None:
        return None
    found: dict[str, str] = {}
    missing: list[str] = []
    for p in route.params:
        value = values.get(keys.get(p.name, ""), "")
        if value:
            found[p.name] = value
        else:
            missing.append(p.name)
            found[p.name] = "1"
    return found, missing
