"""The scheduled round: every job the apps registered (``core.registry.RoundJob``), in order.

``gongkai round`` runs it once by hand (``--today`` runs it as of another day); ``gongkai serve``
keeps one process running it every hour. Each job is safe to repeat on the same day (its notices
carry per-day keys), so a round that runs twice, or a process restarted mid-round, does no harm.
One failing job is logged and does not keep the others from running.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.utils import timezone

from gongkai.core.registry import RoundJob, round_jobs

logger = logging.getLogger(__name__)


@dataclass
class JobResult:
    job: RoundJob
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""

    def lines(self) -> list[tuple[str, int]]:
        """(label, count) for every count, labelled as the job says."""
        return [(self.job.count_labels.get(key, key), value) for key, value in self.counts.items()]


def run_round(today: dt.date | None = None, *, only: set[str] | None = None) -> list[JobResult]:
    """Run every registered job (or the jobs keyed in ``only``) as of ``today`` (default: today in
    the platform's time zone)."""
    today = today or timezone.localdate()
    results = []
    for job in round_jobs():
        if only is not None and job.key not in only:
            continue
        try:
            counts = dict(job.run(today))
        except Exception as exc:  # a job's failure must not stop the round: logged, reported, next job
            logger.exception("round job %s failed", job.key)
            results.append(JobResult(job, error=f"{type(exc).__name__}: {exc}"))
        else:
            results.append(JobResult(job, counts))
    return results
