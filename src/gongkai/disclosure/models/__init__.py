"""Models of active disclosure (主动公开): catalog, items, attachments, workflow records."""

from gongkai.disclosure.models.catalog import (
    CatalogColumn,
    CatalogTemplate,
    Classification,
    ClassificationScheme,
    TemplateColumn,
    UpdateClass,
)
from gongkai.disclosure.models.items import (
    Attachment,
    Item,
    ItemLink,
    ItemRevision,
    ItemState,
    LinkKind,
    ReadFile,
    TextStatus,
)
from gongkai.disclosure.models.review import (
    ExemptionFiling,
    FindingDecision,
    SecrecyKeyword,
    SecrecyReview,
    SignOff,
)

__all__ = [
    "Attachment",
    "CatalogColumn",
    "CatalogTemplate",
    "Classification",
    "ClassificationScheme",
    "ExemptionFiling",
    "FindingDecision",
    "Item",
    "ItemLink",
    "ItemRevision",
    "ItemState",
    "LinkKind",
    "ReadFile",
    "SecrecyKeyword",
    "SecrecyReview",
    "SignOff",
    "TemplateColumn",
    "TextStatus",
    "UpdateClass",
]
