from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "gongkai.orgs"
    verbose_name = "机构与角色"

    def ready(self) -> None:
        from gongkai.orgs.staff import sections

        sections.register()
