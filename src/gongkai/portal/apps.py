from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    verbose_name = "门户"

    def ready(self) -> None:
        from gongkai.core.public_changes import register_purge_listener
        from gongkai.portal.prewarm import after_purge

        register_purge_listener(after_purge)  # the hot pages of a change, rendered after its commit
