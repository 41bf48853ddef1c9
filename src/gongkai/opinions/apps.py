from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "gongkai.opinions"
    label = "opinions"
    verbose_name = "意见征集"

    def ready(self) -> None:
        from gongkai.opinions import audit_labels, demo, hooks, inbox
        from gongkai.opinions.staff import sections

        sections.register()
        inbox.register()
        hooks.register()
        audit_labels.register()
        demo.register()
