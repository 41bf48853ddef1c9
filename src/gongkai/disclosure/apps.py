from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "gongkai.disclosure"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.disclosure import checks

        checks.register()
