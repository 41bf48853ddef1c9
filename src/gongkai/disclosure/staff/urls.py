"""Routes of the active-disclosure staff screens: items (drafting, secrecy review, sign-off,
withdrawal, correction), the catalog, exemption filings and timeliness. Mounted by the back office
shell under ``/staff/`` in the ``backoffice`` namespace (``gongkai.core.registry.staff_url_modules``)."""

from __future__ import annotations

from django.urls import path

from gongkai.disclosure.staff.views import catalog, editor, filings, items, published, review, timeliness

urlpatterns = [
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
    path(
        "catalog/columns/<id:pk>/update-class/",
        catalog.catalog_column_update_class,
        name="catalog_column_update_class",
    ),
    # Filings and timeliness
    path("filings/", filings.filings, name="filings"),
    path("filings/<id:pk>/acknowledge/", filings.filing_acknowledge, name="filing_acknowledge"),
    path("timeliness/", timeliness.timeliness, name="timeliness"),
]
