"""The leak sweep of the assessment's public routes (see ``gongkai/portal/tests/leaksweep.py``),
one part per piece of the app, merged by ``build``: each part module has ``build(region) -> Sweep``
and is listed in ``PARTS``.

The 通报 part (``bulletins_sweep``). Hidden: a 通报 never published, one published then withdrawn,
and the text of a draft 通报批评 not yet issued. Shown: a published 通报批评's title and text.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from gongkai.assessment import bulletins
from gongkai.assessment.models import Criticism
from gongkai.portal.tests.leaksweep import Probe, Sweep

HIDDEN = ["隐未公开通报甲十一", "隐撤回通报乙十一", "隐批评草稿丙十一"]
SHOWN = ["显公开通报丁十一", "显通报正文戊十一"]

#: The other parts' probe modules (``gongkai.assessment.tests.<name>``).
PARTS: tuple[str, ...] = ("methodology_probes", "survey_probes")


def bulletins_sweep(region: Any) -> Sweep:
    sup = region.supervisor
    kwargs = {"actor": sup, "authority": region.office}
    unpublished = bulletins.create_bulletin(**kwargs, kind="results", title="隐未公开通报甲十一", body="正文")
    withdrawn = bulletins.create_bulletin(**kwargs, kind="results", title="隐撤回通报乙十一", body="正文")
    bulletins.publish_bulletin(actor=sup, bulletin=withdrawn)
    bulletins.unpublish_bulletin(actor=sup, bulletin=withdrawn, reason="走查")
    shown = bulletins.create_bulletin(
        **kwargs, kind="criticism", title="显公开通报丁十一", body="<p>显通报正文戊十一</p>"
    )
    bulletins.publish_bulletin(actor=sup, bulletin=shown)
    Criticism.objects.create(
        authority=region.office,
        organization=region.county,
        period_start=shown.created_at.date().replace(month=1, day=1),
        period_end=shown.created_at.date().replace(month=12, day=31),
        text="隐批评草稿丙十一",
    )
    Criticism.objects.create(
        authority=region.office,
        organization=region.dept,
        period_start=shown.created_at.date().replace(year=2000, month=1, day=1),
        period_end=shown.created_at.date().replace(year=2000, month=12, day=31),
        state="issued",
        text="显通报正文戊十一",
        bulletin=shown,
    )
    probes = {
        "assessment_bulletins": [Probe([]), Probe([], {"kind": "criticism"}), Probe([], {"kind": "results"})],
        "assessment_bulletin": [
            Probe([shown.pk]),
            Probe([unpublished.pk], status=404),
            Probe([withdrawn.pk], status=404),
        ],
        "assessment_bulletin_docx": [
            Probe([shown.pk]),
            Probe([unpublished.pk], status=404),
            Probe([withdrawn.pk], status=404),
        ],
        "assessment_body_bulletins": [Probe([region.dept.slug]), Probe([region.county.slug])],
    }
    return Sweep(probes=probes, hidden=HIDDEN, shown=SHOWN)


def build(region: Any) -> Sweep:
    sweeps = [bulletins_sweep(region)] + [
        import_module(f"gongkai.assessment.tests.{name}").build(region) for name in PARTS
    ]
    merged = Sweep(probes={})
    for sweep in sweeps:
        merged.probes.update(sweep.probes)
        merged.hidden.extend(sweep.hidden)
        merged.shown.extend(sweep.shown)
    return merged
