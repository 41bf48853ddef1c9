"""The domain side of govinfo's wiring: each part registers its inbox entries, round jobs and audit
labels (``core.registry``) from its own module, called from ``GovinfoConfig.ready()``."""

from gongkai.govinfo.hooks import commissions, dashboards, desk, scoring, submissions, urgent

PARTS = (submissions, desk, commissions, scoring, dashboards, urgent)


def register() -> None:
    for part in PARTS:
        part.register()
