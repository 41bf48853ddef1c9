"""Start-up checks of the sign-in settings (``gongkai serve`` and ``manage check`` report them)."""

from __future__ import annotations

from typing import Any

from django.core import checks

from gongkai.accounts.twofactor import MODES
from gongkai.core.conf import conf


def check_sign_in_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    value = str(conf().get("TWO_FACTOR", "privileged")).strip().lower()
    if value not in MODES:
        errors.append(
            checks.Error(
                f"GONGKAI_2FA 的值“{value}”无效，应为 privileged、all 或 off 之一。",
                hint="未识别的值按 all 处理：所有工作人员都须两步验证。",
                id="gongkai.E201",
            )
        )
    idle = conf().get("SESSION_IDLE_MINUTES", 30)
    if not isinstance(idle, int) or idle < 0:
        errors.append(
            checks.Error(
                f"GONGKAI_SESSION_IDLE_MINUTES 的值“{idle}”无效，应为不小于0的整数（0 表示不限）。",
                id="gongkai.E202",
            )
        )
    return errors


def register() -> None:
    checks.register(check_sign_in_settings, "security")
