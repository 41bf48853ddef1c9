"""URL map of the staff back office (工作台), mounted under /staff/.

The shell's own routes, then the routes of every staff section an app registered
(``gongkai.core.registry``), all in the ``backoffice`` namespace.
"""

from importlib import import_module

from django.urls import path

from gongkai.accounts import views as sign_in
from gongkai.backoffice.views import inbox
from gongkai.core.registry import staff_url_modules

app_name = "backoffice"

urlpatterns = [
    # Sign-in: login, logout, the two-factor step, one's own sign-in security and the system
    # administrator's lockouts and resets (gongkai.accounts.views).
    *sign_in.urlpatterns,
    path("", inbox.inbox, name="inbox"),
]

# The staff sections the apps registered from their AppConfig.ready().
for _module in staff_url_modules():
    urlpatterns += import_module(_module).urlpatterns
