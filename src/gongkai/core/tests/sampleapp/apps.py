from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import AppConfig
from django.urls import reverse

from gongkai.core import registry

BUILT: list[Any] = []


def _entries(user: Any, today: dt.date) -> list[registry.InboxEntry]:
    return [
        registry.InboxEntry(
            key="sample.waiting",
            label="待处理的示例事项",
            count=2,
            url=reverse("backoffice:sample_list"),
            urgent=True,
            rows=(("示例事项一", reverse("backoffice:sample_list"), "今天到期"),),
        )
    ]


def _job(today: dt.date) -> dict[str, int]:
    return {"checked": today.day}


class SampleAppConfig(AppConfig):
    name = "gongkai.core.tests.sampleapp"
    label = "sampleapp"
    verbose_name = "示例模块"

    def ready(self) -> None:
        registry.register_staff_section(
            registry.StaffSection(
                key="sample",
                label="示例模块",
                url_name="sample_list",
                urls="gongkai.core.tests.sampleapp.urls",
                order=55,
                visible=lambda user: user.is_authenticated and user.username == "sample_user",
            )
        )
        registry.register_inbox(registry.InboxContribution(key="sample", title="示例模块", entries=_entries))
        registry.register_round_job(
            registry.RoundJob(
                key="sample", label="示例模块：每日检查", run=_job, count_labels={"checked": "检查"}
            )
        )
        registry.register_audit_labels({"sample.done": "完成示例事项"})
        registry.register_demo_builder(
            registry.DemoBuilder(key="sample", label="示例数据", build=BUILT.append)
        )
