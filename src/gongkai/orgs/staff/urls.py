"""Routes of the people and organizations section, mounted under /staff/ in the ``backoffice``
namespace by the back office shell (``gongkai.core.registry``)."""

from django.urls import path

from gongkai.orgs.staff import views

urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/<id:org_pk>/users/new/", views.user_new, name="people_user_new"),
    path("people/<id:org_pk>/roles/grant/", views.role_grant, name="people_role_grant"),
    path("people/roles/<id:pk>/revoke/", views.role_revoke, name="people_role_revoke"),
    path("people/<id:org_pk>/contact/", views.org_contact, name="org_contact"),
    path("people/<id:org_pk>/signoff/", views.org_signoff, name="org_signoff"),
    path("people/orgs/", views.org_list, name="org_list"),
    path("people/orgs/new/", views.org_new, name="org_new"),
    path("people/orgs/<id:org_pk>/edit/", views.org_edit, name="org_edit"),
]
