"""URL map of the staff back office (工作台), mounted under /staff/.

The shell's own routes, then the routes of every staff section an app registered
(``gongkai.core.registry``), all in the ``backoffice`` namespace.
"""

from importlib import import_module

from django.urls import path

from gongkai.accounts import views as sign_in
from gongkai.backoffice.views import (
    catalog,
    editor,
    filings,
    inbox,
    items,
    people,
    published,
    review,
    timeliness,
)
from gongkai.core.registry import staff_url_modules

app_name = "backoffice"

urlpatterns = [
    # Sign-in: login, logout, the two-factor step, one's own sign-in security and the system
    # administrator's lockouts and resets (gongkai.accounts.views).
    *sign_in.urlpatterns,
    path("", inbox.inbox, name="inbox"),
    # Items
    path("items/", items.item_list, name="items"),
    path("items/new/", editor.item_new, name="item_new"),
    path("items/<id:pk>/", items.item_detail, name="item"),
    path("items/<id:pk>/edit/", editor.item_edit, name="item_edit"),
    path("items/<id:pk>/submit/", editor.item_submit, name="item_submit"),
    path("items/<id:pk>/links/", editor.item_link, name="item_link"),
    path("items/<id:pk>/attachments/<id:attachment_pk>/", items.attachment_download, name="item_attachment"),
    path(
        "items/<id:pk>/attachments/<id:attachment_pk>/remove/",
        editor.attachment_remove,
        name="item_attachment_remove",
    ),
    path("items/<id:pk>/review/", review.item_review, name="item_review"),
    path("items/<id:pk>/review/findings/", review.finding_decide, name="item_finding_decide"),
    path("items/<id:pk>/review/findings/mask/", review.finding_mask, name="item_finding_mask"),
    path(
        "items/<id:pk>/review/files/<id:attachment_pk>/replace/",
        review.review_attachment_replace,
        name="item_review_file_replace",
    ),
    path(
        "items/<id:pk>/review/files/<id:attachment_pk>/remove/",
        review.review_attachment_remove,
        name="item_review_file_remove",
    ),
    path("items/<id:pk>/sign/", review.item_sign, name="item_sign"),
    path("items/<id:pk>/return/", review.item_return, name="item_return"),
    path("items/<id:pk>/withdraw/", published.item_withdraw, name="item_withdraw"),
    path("items/<id:pk>/correct/", published.item_correct, name="item_correct"),
    # Catalog
    path("catalog/", catalog.catalog, name="catalog"),
    path("catalog/<id:org_pk>/template/", catalog.catalog_apply_template, name="catalog_apply_template"),
    path("catalog/<id:org_pk>/columns/add/", catalog.catalog_column_add, name="catalog_column_add"),
    path("catalog/columns/<id:pk>/rename/", catalog.catalog_column_rename, name="catalog_column_rename"),
    path(
        "catalog/columns/<id:pk>/visibility/",
        catalog.catalog_column_visibility,
        name="catalog_column_visibility",
    ),
    path("catalog/columns/<id:pk>/move/", catalog.catalog_column_move, name="catalog_column_move"),
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
    # Filings and timeliness
    path("filings/", filings.filings, name="filings"),
    path("filings/<id:pk>/acknowledge/", filings.filing_acknowledge, name="filing_acknowledge"),
    path("timeliness/", timeliness.timeliness, name="timeliness"),
]

# The staff sections the apps registered from their AppConfig.ready().
for _module in staff_url_modules():
    urlpatterns += import_module(_module).urlpatterns
