from django.apps import AppConfig


class GovinfoConfig(AppConfig):
    name = "gongkai.govinfo"
    label = "govinfo"
    verbose_name = "政务信息报送"

    def ready(self) -> None:
        from gongkai.govinfo import demo, hooks
        from gongkai.govinfo.staff import sections

        sections.register()
        hooks.register()
        demo.register()
