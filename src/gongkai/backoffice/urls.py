"""URL map of the staff back office (工作台), mounted under /staff/.

The shell's own routes, then the routes of every staff section an app registered
(``gongkai.core.registry``), all in the ``backoffice`` namespace.
"""

from importlib import import_module

from django.urls import path

from gongkai.accounts import views as sign_in
from gongkai.backoffice.views import (
    inbox,
    people,
)
from gongkai.core.registry import staff_url_modules

app_name = "backoffice"

urlpatterns = [
    # Sign-in: login, logout, the two-factor step, one's own sign-in security and the system
    # administrator's lockouts and resets (gongkai.accounts.views).
    *sign_in.urlpatterns,
    path("", inbox.inbox, name="inbox"),
    # People and roles
    path("people/", people.people, name="people"),
    path("people/<id:org_pk>/users/new/", people.user_new, name="people_user_new"),
    path("people/<id:org_pk>/roles/grant/", people.role_grant, name="people_role_grant"),
    path("people/roles/<id:pk>/revoke/", people.role_revoke, name="people_role_revoke"),
    path("people/<id:org_pk>/contact/", people.org_contact, name="org_contact"),
    path("people/<id:org_pk>/signoff/", people.org_signoff, name="org_signoff"),
    path("people/orgs/", people.org_list, name="org_list"),
    path("people/orgs/new/", people.org_new, name="org_new"),
    path("people/orgs/<id:org_pk>/edit/", people.org_edit, name="org_edit"),
]

# The staff sections the apps registered from their AppConfig.ready().
for _module in staff_url_modules():
    urlpatterns += import_module(_module).urlpatterns
