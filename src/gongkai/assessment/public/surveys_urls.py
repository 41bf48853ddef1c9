"""Public routes of 民主评议 (``assessment.public.surveys_views``), under /surveys/ in the portal's
namespace. Every route here is in the leak sweep (``assessment/tests/leak_probes.py``) and the URL
walk (``assessment/tests/url_world.py``); none is in the public page cache."""

from django.urls import URLPattern, URLResolver, path

from gongkai.assessment.public import surveys_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.survey_list, name="surveys"),
    path("<id:pk>/", views.survey, name="survey"),
    path("<id:pk>/results/", views.results, name="survey_results"),
]
