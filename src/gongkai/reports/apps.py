from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self) -> None:
        from gongkai.reports import demo, hooks, inbox
        from gongkai.reports.staff import sections

        sections.register()
        inbox.register()
        hooks.register()
        demo.register()
