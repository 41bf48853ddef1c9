"""Public routes of the methodology page, mounted at ``/assessment/methodology/`` in the ``portal``
namespace (``public/urls.py``). Every route is in the leak sweep (``assessment/tests/leak_probes.py``,
``methodology_probes``)."""

from django.urls import URLPattern, URLResolver, path

from gongkai.assessment.public import methodology

urlpatterns: list[URLPattern | URLResolver] = [
    path("", methodology.methodology_list, name="assessment_methodology"),
    path("<id:pk>/", methodology.methodology_page, name="assessment_methodology_scheme"),
]
