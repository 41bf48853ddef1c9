from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "gongkai.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.foi import audit_labels, hooks, inbox
        from gongkai.foi.staff import sections

        audit_labels.register()
        hooks.register()
        inbox.register()
        sections.register()
        from gongkai.foi import demo

        demo.register()
