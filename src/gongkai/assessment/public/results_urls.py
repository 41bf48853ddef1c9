"""Public routes of the assessment's 通报, mounted at ``/assessment/`` in the ``portal`` namespace
(``public/urls.py``). Every route here is in the leak sweep (``assessment/tests/leak_probes.py``).
The methodology page (/assessment/methodology/) is the rankings part's own module, mounted before
this one in ``public/urls.py``."""

from django.urls import URLPattern, URLResolver, path

from gongkai.assessment.public import results

urlpatterns: list[URLPattern | URLResolver] = [
    path("bulletins/", results.bulletin_list, name="assessment_bulletins"),
    path("bulletins/<id:pk>/", results.bulletin_page, name="assessment_bulletin"),
    path("bulletins/<id:pk>/docx/", results.bulletin_docx, name="assessment_bulletin_docx"),
    path("bodies/<slug:slug>/bulletins/", results.body_bulletins, name="assessment_body_bulletins"),
]
