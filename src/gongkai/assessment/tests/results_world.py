"""The results 通报 part of the assessment's URL walk (``url_world.py`` lists it): the results 通报 of
the final round of the rounds part, for 生成通报 and 公开 on the round's results screen; and the
public methodology page of its scheme (published, used by opened rounds)."""

from __future__ import annotations

from typing import Any

from gongkai.assessment.models import Round


def build_results(region: Any, people: dict[str, Any]) -> dict[str, str]:
    """The results 通报 of the final round of ``build_rounds`` (generated, not yet published)."""
    from gongkai.assessment.results import generate_results_bulletin

    final = Round.objects.get(authority=region.office, title="走查：已确定")
    bulletin = generate_results_bulletin(actor=region.supervisor, the_round=final)
    return {"assessment:results_bulletin": str(bulletin.pk), "assessment:methodology": str(final.scheme_id)}


RESULTS_ROUTES = {"assessment_round_bulletin", "assessment_round_bulletin_publish"}
METHODOLOGY_ROUTES = {"assessment_methodology", "assessment_methodology_scheme"}


def values_for_results(route: Any, values: dict[str, str]) -> tuple[dict[str, str], list[str]] | None:
    namespace, _, short = route.name.rpartition(":")
    if namespace == "portal" and short in METHODOLOGY_ROUTES:
        keys = {"pk": "assessment:methodology"}
    elif namespace == "backoffice" and short in RESULTS_ROUTES:
        keys = {"pk": "assessment:round:final", "bulletin_pk": "assessment:results_bulletin"}
    else:
        return None
    found = {p.name: values.get(keys.get(p.name, ""), "") for p in route.params}
    missing = [name for name, value in found.items() if not value]
    return {name: value or "1" for name, value in found.items()}, missing
