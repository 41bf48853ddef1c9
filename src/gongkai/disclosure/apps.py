from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "gongkai.disclosure"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.core.public_changes import register_expiry_source, register_item_facts
        from gongkai.disclosure import audit_labels, checks, demo, inbox, notices
        from gongkai.disclosure.expiry import ended_items
        from gongkai.disclosure.page_facts import item_facts
        from gongkai.disclosure.staff import sections

        checks.register()
        sections.register()
        inbox.register()
        notices.register()
        audit_labels.register()
        demo.register()
        register_expiry_source(ended_items)  # 限时公开 endings (core.public_changes)
        register_item_facts(item_facts)  # what pages show an item (core.public_deps)
