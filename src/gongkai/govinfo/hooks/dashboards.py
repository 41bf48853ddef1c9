"""What the dashboards part of 政务信息报送 registers on the platform's registry: nothing. The
dashboards (信息统计, ``govinfo.figures``) only read; no work waits on them in "我的工作", no round job
computes them (a unit's points by month and an office's ranks of a month are cached on demand, see
``govinfo.figures.CACHE_SECONDS``) and they record no audit actions."""


def register() -> None:
    """Nothing to register: the dashboards only read."""
