"""The assessment parts' inbox entries, round jobs and audit labels."""

from gongkai.assessment.hooks import columns, dashboards, report, rounds, schemes, surveys, warnings

PARTS = (dashboards, rounds, schemes, warnings, surveys, report, columns)


def register() -> None:
    for part in PARTS:
        part.register()
