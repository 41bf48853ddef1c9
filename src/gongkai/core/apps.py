from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    verbose_name = "基础"

    def ready(self) -> None:
        from django.contrib import admin
        from django.urls import register_converter
        from django.urls.converters import get_converters

        from gongkai.core.params import IdConverter, YearConverter

        # <id:pk> and <year:year> in every URL map: values the database and the calendar can
        # hold, or no match (a 404, never a 500). See core/params.py.
        # (ready() runs again when a test changes INSTALLED_APPS: register once.)
        if "id" not in get_converters():
            register_converter(IdConverter, "id")
            register_converter(YearConverter, "year")
        # pk__in=[10**30] matches nothing instead of overflowing (ModelMultipleChoiceField).
        import gongkai.core.lookups  # noqa: F401

        # Django admin is for system administrators only (issue: "Django admin only for system
        # administrators"); staff work in the back office.
        admin.site.has_permission = lambda request: bool(  # type: ignore[method-assign]
            request.user.is_active and request.user.is_superuser
        )
        admin.site.site_header = "Gongkai 系统管理"
        admin.site.site_title = "Gongkai 系统管理"
