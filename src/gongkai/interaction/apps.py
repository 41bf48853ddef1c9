from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "gongkai.interaction"
    label = "interaction"
    verbose_name = "互动交流"

    def ready(self) -> None:
        from gongkai.interaction import audit_labels, demo, hooks, inbox
        from gongkai.interaction.staff import sections

        sections.register()
        inbox.register()
        hooks.register()
        audit_labels.register()
        demo.register()
