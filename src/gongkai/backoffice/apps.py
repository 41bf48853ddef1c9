from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The shell of the staff back office: layout, navigation and the inbox ("我的工作").

    The screens themselves live beside their domains, which register them as staff sections
    (``gongkai.core.registry``); the shell mounts their URLs and shows their menu entries.
    """

    name = "gongkai.backoffice"
    verbose_name = _("工作台")

    def ready(self) -> None:
        from gongkai.backoffice import sections

        sections.register()
