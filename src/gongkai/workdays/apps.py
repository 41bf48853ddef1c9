from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from gongkai.workdays.staff import sections

        sections.register()
