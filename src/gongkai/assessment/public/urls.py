"""The assessment's public pages, mounted by the portal in its namespace: published 通报 and the
methodology of each scheme (/assessment/), and the 民主评议 questionnaire (/surveys/)."""

from django.urls import include, path

urlpatterns = [
    path("assessment/methodology/", include("gongkai.assessment.public.methodology_urls")),
    path("assessment/", include("gongkai.assessment.public.results_urls")),
    path("surveys/", include("gongkai.assessment.public.surveys_urls")),
]
