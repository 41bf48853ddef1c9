"""A province's round is a thousand bodies: pre-filling the 自查报告 (``prefill_bodies``) and
re-scoring as finalizing does (``recompute_all``) read and write every body in bulk — as many
queries for four bodies as for two — and give exactly the totals of scoring each body alone
(``recompute_totals``). The round and its hand-worked figures are those of ``test_rounds``."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.assessment.schemes import spec_of
from gongkai.assessment.services import rounds as services
from gongkai.assessment.tests.test_rounds import fields, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _bodies(rnd: Any, n: int) -> list[Any]:
    return list(rnd.bodies.select_related("organization", "round__scheme").order_by("pk")[:n])


def _queries(fn: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_prefill_and_rescoring_take_as_many_queries_for_four_bodies_as_for_two(world: Any) -> None:  # noqa: F811
    rnd = services.create_round(actor=world.supervisor, authority=world.office, fields=fields(world))
    spec = spec_of(rnd.scheme)
    two, four = _bodies(rnd, 2), _bodies(rnd, 4)
    assert _queries(lambda: services.prefill_bodies(two)) == _queries(lambda: services.prefill_bodies(four))
    assert _queries(lambda: services.recompute_all(two, spec)) == _queries(
        lambda: services.recompute_all(four, spec)
    )


def test_rescoring_in_bulk_gives_the_totals_of_scoring_each_body_alone(world: Any) -> None:  # noqa: F811
    rnd = services.create_round(actor=world.supervisor, authority=world.office, fields=fields(world))
    services.open_round(actor=world.supervisor, round=rnd)
    bodies = _bodies(rnd, 4)
    alone = {}
    for rb in bodies:
        services.recompute_totals(rb)
        alone[rb.organization.slug] = (rb.self_total, rb.raw_total, rb.total, rb.vetoes)
    services.recompute_all(bodies, spec_of(rnd.scheme))
    for rb in _bodies(rnd, 4):
        assert (rb.self_total, rb.raw_total, rb.total, rb.vetoes) == alone[rb.organization.slug]
    # by hand (test_rounds' figures): no self points yet, so A1 and B2 give 0; B1 = 40 − 5 × items_late
    assert {slug: totals[0] for slug, totals in alone.items()} == {
        "edu": 30,
        "county": 40,
        "county-office": 30,
        "county-finance": 40,
    }
