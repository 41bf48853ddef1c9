"""Cross-cutting tables: the shared counters of the rate limits (``gongkai.core.ratelimit``)."""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """How many events one client had in one fixed window of one rate limit.

    The database is the store every app process shares in the embedded deployment (each gunicorn
    worker has its own local-memory cache). One statement counts an event —
    ``INSERT … ON CONFLICT (key, window_start) DO UPDATE SET hits = hits + 1 RETURNING hits`` — so
    concurrent events of one client queue on the row and each sees its own count.
    """

    key = models.CharField("限流对象", max_length=200)  # "<scope>:<client address or /64>"
    window_start = models.BigIntegerField("时间窗起点")  # seconds since the epoch
    hits = models.IntegerField("次数", default=0)
    expires_at = models.BigIntegerField("可清除时间", db_index=True)  # seconds since the epoch

    class Meta:
        verbose_name = "访问频率计数"
        verbose_name_plural = "访问频率计数"
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="core_ratecounter_key_window"),
        ]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start}: {self.hits}"


class SerialCounter(models.Model):
    """The last serial handed out by one counter (``gongkai.core.serials``): a body's 索引号 per
    year, a body's request registration numbers and letter numbers per year, …"""

    key = models.CharField(max_length=120, unique=True)
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "流水号计数器"
        verbose_name_plural = "流水号计数器"

    def __str__(self) -> str:
        return f"{self.key}: {self.last_serial}"
