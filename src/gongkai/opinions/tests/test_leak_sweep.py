"""This app's own part of the leak sweep, on its own routes (the portal's ``test_never_a_leak`` runs
the same probes together with every other public route): nothing hidden — drafts, a consultation
under review, pending and rejected comments, contact data — appears; what is public does."""

from __future__ import annotations

import pytest

from gongkai.opinions.tests import leak_probes
from gongkai.portal.tests.leaksweep import fetch_all

pytestmark = pytest.mark.django_db


def test_hidden_markers_never_shown_and_public_ones_are(client, region):
    sweep = leak_probes.build(region)
    pages = fetch_all(client, sweep.probes)
    assert len(pages) >= 12
    for marker in sweep.hidden:
        for where, html in pages:
            assert marker not in html, f"{marker} leaked on {where}"
    joined = "\n".join(html for _, html in pages)
    for marker in sweep.shown:
        assert marker in joined, f"{marker} is public but shown nowhere"
