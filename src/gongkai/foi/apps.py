from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "gongkai.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.foi import audit_labels, demo, hooks, inbox
        from gongkai.foi.staff import sections

        sections.register()
        inbox.register()
        hooks.register()
        audit_labels.register()
        demo.register()
