"""The rich-text control of the staff forms: a plain ``<textarea>`` holding HTML, which
``backoffice/richtext.js`` turns into the Jodit editor (vendored under ``static/vendor/jodit/``).

Without JavaScript the textarea is submitted as it is; with it, the editor writes its HTML back into
the textarea, which stays the submitted field. Either way the service sanitizes the HTML on save
(``disclosure.services.content.sanitize_body``): the editor and its paste cleaning are a convenience,
never the safeguard.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.templatetags.static import static

#: The vendored editor, loaded by richtext.js only on pages that have a rich-text field.
EDITOR_SCRIPT = "vendor/jodit/jodit.min.js"
EDITOR_STYLESHEET = "vendor/jodit/jodit.min.css"
#: The platform's adjustments to the editor's looks, loaded after Jodit's.
OWN_STYLESHEET = "backoffice/richtext.css"


class RichTextWidget(forms.Textarea):
    """A textarea marked ``data-richtext`` with the URLs of the editor's files.

    ``toolbar`` names the set of buttons richtext.js offers: ``"document"`` (headings, lists, tables,
    links — an item's 正文) or ``"narrative"`` (the same without headings — a section of the annual
    report, whose headings are fixed by the national format).
    """

    def __init__(self, attrs: dict[str, Any] | None = None, *, toolbar: str = "document") -> None:
        super().__init__(attrs={"rows": 12, **(attrs or {}), "data-richtext": toolbar})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-editor-script"] = static(EDITOR_SCRIPT)
        context["widget"]["attrs"]["data-editor-stylesheet"] = static(EDITOR_STYLESHEET)
        context["widget"]["attrs"]["data-richtext-stylesheet"] = static(OWN_STYLESHEET)
        return context
