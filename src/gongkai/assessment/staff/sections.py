"""The assessment staff sections: each part of the work registers its own menu entries and routes."""

from gongkai.assessment.staff.dashboards import sections as dashboards
from gongkai.assessment.staff.rounds import sections as rounds
from gongkai.assessment.staff.schemes import sections as schemes
from gongkai.assessment.staff.surveys import sections as surveys
from gongkai.assessment.staff.warnings import sections as warnings

PARTS = (dashboards, rounds, schemes, warnings, surveys)


def register() -> None:
    for part in PARTS:
        part.register()
