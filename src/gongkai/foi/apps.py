from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "gongkai.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.foi import inbox, jobs
        from gongkai.foi.staff import sections

        jobs.register()
        inbox.register()
        sections.register()
