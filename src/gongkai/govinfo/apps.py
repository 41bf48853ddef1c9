from django.apps import AppConfig


class GovinfoConfig(AppConfig):
    name = "gongkai.govinfo"
    label = "govinfo"
    verbose_name = "政务信息报送"

    def ready(self) -> None:
        # Each part registers what it brings (sections, inbox, round jobs, audit labels, demo) from
        # here once it exists; see docs/ARCHITECTURE.md.
        pass
