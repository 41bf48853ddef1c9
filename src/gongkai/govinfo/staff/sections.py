"""govinfo's staff sections: each part of the work registers its own menu entries and routes."""

from gongkai.govinfo.staff.commissions import sections as commissions
from gongkai.govinfo.staff.dashboards import sections as dashboards
from gongkai.govinfo.staff.desk import sections as desk
from gongkai.govinfo.staff.scoring import sections as scoring
from gongkai.govinfo.staff.submissions import sections as submissions
from gongkai.govinfo.staff.urgent import sections as urgent

PARTS = (submissions, desk, commissions, scoring, dashboards, urgent)


def register() -> None:
    for part in PARTS:
        part.register()
