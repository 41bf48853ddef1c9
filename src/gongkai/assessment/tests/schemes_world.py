"""The schemes part of assessment's URL walk (``url_world.py``): a template, an authority's published
scheme with a draft new version (a criterion on it), and a closed round recomputed under a corrected
version — made through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gongkai.assessment.models import CriterionScore, Round, RoundBody, RoundState, Scheme
from gongkai.assessment.services import recompute as recompute_services
from gongkai.assessment.services import schemes as services
from gongkai.assessment.shipped import LONGCHUAN, STANDARD, sync_shipped_schemes


def build_schemes(region: Any, people: dict[str, Any]) -> dict[str, str]:
    sync_shipped_schemes()
    actor = region.supervisor
    template = Scheme.objects.get(authority=None, code=STANDARD, version=1)
    published = services.copy_template(actor=actor, template=template, authority=region.office)
    services.publish_scheme(actor=actor, scheme=published)
    draft = services.new_version(actor=actor, scheme=published)
    criterion = draft.criteria.get(code="4.1")

    longchuan = Scheme.objects.get(authority=None, code=LONGCHUAN, version=1)
    v1 = services.copy_template(actor=actor, template=longchuan, authority=region.office)
    services.publish_scheme(actor=actor, scheme=v1)
    rnd = Round.objects.create(
        authority=region.office,
        title="走查：按陇川细则考核（已确定）",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        scheme=v1,
        state=RoundState.FINAL,
    )
    rb = RoundBody.objects.create(
        round=rnd, organization=region.dept, peer_group="", total=Decimal(85), raw_total=Decimal(85)
    )
    points = {"一": 20, "二": 10, "三": 20, "四": 20, "五": 15}
    for c in v1.criteria.all():
        CriterionScore.objects.create(round_body=rb, criterion=c, final_points=Decimal(points[c.code]))
    v2 = services.new_version(actor=actor, scheme=v1)
    services.publish_scheme(actor=actor, scheme=v2)
    done = recompute_services.recompute_round(
        actor=actor, round=rnd, scheme=v2, reason="走查：更正方案后重新计分"
    )
    return {
        "assessment:scheme:template": str(template.pk),
        "assessment:scheme:published": str(published.pk),
        "assessment:scheme:draft": str(draft.pk),
        "assessment:criterion:draft": str(criterion.pk),
        "assessment:round:recomputed": str(rnd.pk),
        "assessment:recomputation": str(done.pk),
    }


#: The scheme each route acts on (by route name).
SCHEME_STATE = {
    "assessment_scheme": "published",
    "assessment_scheme_edit": "draft",
    "assessment_scheme_copy": "template",
    "assessment_scheme_version": "published",
    "assessment_scheme_publish": "draft",
    "assessment_scheme_retire": "published",
    "assessment_scheme_diff": "draft",
    "assessment_criterion_new": "draft",
    "assessment_criterion_edit": "draft",
    "assessment_criterion_delete": "draft",
}
SCHEME_ROUTES = {
    "assessment_schemes",
    "assessment_scheme_new",
    "assessment_round_recompute",
    "assessment_recomputation",
    *SCHEME_STATE,
}


def values_for_schemes(route: Any, values: dict[str, str]) -> tuple[dict[str, str], list[str]] | None:
    namespace, _, short = route.name.rpartition(":")
    if namespace != "backoffice" or short not in SCHEME_ROUTES:
        return None
    if short == "assessment_round_recompute":
        keys = {"pk": "assessment:round:recomputed"}
    elif short == "assessment_recomputation":
        keys = {"pk": "assessment:recomputation"}
    else:
        keys = {
            "pk": f"assessment:scheme:{SCHEME_STATE.get(short, 'published')}",
            "criterion_pk": "assessment:criterion:draft",
        }
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
