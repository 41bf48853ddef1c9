"""The pure rules of 约稿 and 批示落实 (``govinfo.commission_rules``, docs/SPEC.md §8: "Missing 2 or more
commissioned pieces zeroes the year"), hand-worked, without Django."""

from __future__ import annotations

import datetime as dt

from gongkai.govinfo import commission_rules as rules

TZ = dt.timezone(dt.timedelta(hours=8))
DEADLINE = dt.datetime(2026, 3, 9, 17, 0, tzinfo=TZ)  # Monday 17:00


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=TZ)


def test_first_answers_take_the_earliest_submitted_and_credit_joint_items() -> None:
    answers = [
        ({1}, at(9, 18)),
        ({1, 2}, at(9, 16)),  # joint item of units 1 and 2
        ({3}, None),  # a draft never submitted
        ({2}, at(8, 9)),
    ]
    assert rules.first_answers(answers) == {1: at(9, 16), 2: at(8, 9)}


def test_missed_units_on_time_late_and_never() -> None:
    """Unit 1 answers at 16:59 (on time), unit 2 at 17:01 (late), unit 3 only a draft, unit 4 at
    17:00 sharp (on time: at the deadline counts)."""
    answers = [({1}, at(9, 16, 59)), ({2}, at(9, 17, 1)), ({3}, None), ({4}, at(9, 17))]
    assert rules.missed_units([1, 2, 3, 4], answers, DEADLINE, now=at(10, 9)) == [2, 3]
    # Before the deadline has passed nobody has missed it.
    assert rules.missed_units([1, 2, 3, 4], answers, DEADLINE, now=at(9, 16)) == []


def test_answered_on_time_and_missed() -> None:
    assert rules.answered_on_time(at(9, 17), DEADLINE)
    assert not rules.answered_on_time(at(9, 17, 1), DEADLINE)
    assert not rules.answered_on_time(None, DEADLINE)
    assert rules.answered_on_time(at(20, 9), None)  # no deadline: any answer
    assert not rules.missed(None, None, at(30, 9))  # a 要点 without deadline is never missed
    assert rules.missed(None, DEADLINE, at(9, 17, 1))
    assert not rules.missed(None, DEADLINE, at(9, 17))


def test_reminder_due_from_the_last_working_day_before() -> None:
    """Deadline Monday 3月9日 17:00. On Thursday 3月5日 the next working day is Friday (not due); on
    Friday 3月6日 it is Monday 3月9日 (due); after 17:00 on Monday nothing is due any more."""
    day = dt.date(2026, 3, 9)
    assert not rules.reminder_due(DEADLINE, at(5, 10), day, horizon=dt.date(2026, 3, 6))
    assert rules.reminder_due(DEADLINE, at(6, 10), day, horizon=dt.date(2026, 3, 9))
    assert rules.reminder_due(DEADLINE, at(9, 9), day, horizon=dt.date(2026, 3, 10))
    assert not rules.reminder_due(DEADLINE, at(9, 17, 30), day, horizon=dt.date(2026, 3, 10))


def test_follow_up_overdue_after_its_deadline_day() -> None:
    deadline = dt.date(2026, 3, 9)
    assert not rules.follow_up_overdue(True, deadline, dt.date(2026, 3, 9))
    assert rules.follow_up_overdue(True, deadline, dt.date(2026, 3, 10))
    assert not rules.follow_up_overdue(False, deadline, dt.date(2026, 3, 10))  # closed
