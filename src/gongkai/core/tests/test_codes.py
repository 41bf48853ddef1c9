"""Numbers and codes given on a portal host (``core.codes``, issue 13 §3): each portal host numbers
in a range of its own that the staff side's serials never reach, and the code's portable hash is
checked without a key."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from gongkai.core import codes


def test_each_portal_host_numbers_in_a_range_of_its_own(settings: Any) -> None:
    given: dict[int, set[int]] = {}
    for host in (1, 2, 9):
        settings.GONGKAI_PORTAL_HOST = host
        given[host] = {
            codes.portal_serial(n) for n in (*range(1, 2_000), 99_999, 100_000, 123_456, 1_000_000)
        }
    settings.GONGKAI_PORTAL_HOST = 1
    assert codes.portal_serial(1) == 9_100_001 and codes.portal_serial(100_000) == 91_100_000
    assert not given[1] & given[2] and not given[1] & given[9] and not given[2] & given[9]
    # Beyond any staff-side serial (a body's requests or the region's messages of one year).
    assert min(min(g) for g in given.values()) >= codes.PORTAL_SERIAL_BASE


def test_the_portable_hash_is_checked_without_a_key(settings: Any) -> None:
    stored = codes.portable_hash("foi", "YSQ-123456-2026-9100001", "ABCD234567")
    assert codes.is_portable(stored)
    settings.SECRET_KEY = "another-key-on-the-staff-side"
    assert codes.portable_matches(stored, "foi", "YSQ-123456-2026-9100001", "ABCD234567")
    assert not codes.portable_matches(stored, "foi", "YSQ-123456-2026-9100002", "ABCD234567")
    assert not codes.portable_matches(stored, "interaction", "YSQ-123456-2026-9100001", "ABCD234567")


def test_a_portal_host_number_that_is_not_one_digit_stops_the_start_with_a_clear_message() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings", "GONGKAI_PORTAL_HOST": "12"}
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "GONGKAI_PORTAL_HOST must be one digit from 1 to 9, not '12'" in done.stderr
