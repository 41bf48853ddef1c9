from django.urls import path

from gongkai.core.tests.sampleapp import views

urlpatterns = [path("sample/", views.sample_list, name="sample_list")]
