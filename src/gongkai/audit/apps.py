"""The audit log (docs/SPEC.md §9): every change of state or data, append-only, searchable by
supervisors within their region (操作日志)."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gongkai.audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from gongkai.audit.staff import sections

        sections.register()
