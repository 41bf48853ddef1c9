"""监督考核 (docs/SPEC.md §7): indicators from the records, early warnings and 通报批评, versioned
assessment schemes, rounds with self-assessment, scoring, objections and honest rankings, 通报, the
民主评议 survey, and the competent authority's dashboards."""

from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "gongkai.assessment"
    label = "assessment"
    verbose_name = "监督考核"

    def ready(self) -> None:
        from gongkai.assessment import audit_labels, demo, hooks
        from gongkai.assessment.staff import sections

        sections.register()
        hooks.register()
        audit_labels.register()
        demo.register()
