"""``gongkai govinfo …``: the console verbs of 政务信息报送 (rankings, 通报, the urgent-report log).

Each part adds its verbs to the ``govinfo`` group from its own module, imported below.
"""

from __future__ import annotations

import os

import click


@click.group()
def govinfo() -> None:
    """政务信息报送：排名、通报、紧急信息日志校验。"""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


from gongkai.govinfo.console import scoring, urgent  # noqa: E402,F401  (they add their verbs)
