from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "gongkai.notifications"
    label = "notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        from gongkai.notifications import inbox, jobs
        from gongkai.notifications.staff import sections

        sections.register()
        inbox.register()
        jobs.register()
