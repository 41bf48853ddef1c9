from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "gongkai.disclosure"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.core.public_changes import register_expiry_source
        from gongkai.disclosure.expiry import ended_items

        register_expiry_source(ended_items)
        from gongkai.disclosure import audit_labels, checks, inbox, notices
        from gongkai.disclosure.staff import sections

        checks.register()
        sections.register()
        audit_labels.register()
        inbox.register()
        notices.register()
        from gongkai.disclosure import demo

        demo.register()
