"""Satisfaction ratings (社会评议, docs/SPEC.md §3, §7) of items and bodies, and their figures per
body and month."""

from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "gongkai.ratings"
    label = "ratings"
    verbose_name = "社会评议"

    def ready(self) -> None:
        from gongkai.ratings import audit_labels, demo
        from gongkai.ratings.staff import sections

        sections.register()
        audit_labels.register()
        demo.register()
