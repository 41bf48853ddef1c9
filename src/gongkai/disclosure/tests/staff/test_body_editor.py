"""正文 without JavaScript: the editor page is a plain textarea (marked for the rich-text editor), and
HTML typed or pasted into it is saved sanitized, tables included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from gongkai.backoffice.tests.helpers import editor_post, login
from gongkai.disclosure.models import Item

pytestmark = pytest.mark.django_db

WORD = Path(__file__).resolve().parents[1] / "clipboard" / "word.html"


def test_body_is_a_textarea_the_editor_enhances(client, region):
    html = login(client, region.editor).get(reverse("backoffice:item_new")).content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", html)
    assert textarea is not None
    assert 'data-richtext="document"' in textarea[0]
    assert 'data-editor-script="/static/vendor/jodit/jodit.min.js"' in textarea[0]
    assert "/static/backoffice/richtext.js" in html
    # the editor's files are not loaded by the page itself: richtext.js fetches them when needed
    assert 'jodit.min.js"></script>' not in html


def test_saving_html_from_the_textarea_keeps_the_table_and_drops_office_markup(client, region, today):
    login(client, region.editor)
    data = editor_post(region.column, date_formed=today.isoformat(), body=WORD.read_text(encoding="utf-8"))
    response = client.post(reverse("backoffice:item_new") + f"?org={region.dept.pk}", data)
    assert response.status_code == 302
    item = Item.objects.get(title=data["title"])
    assert '<td rowspan="2">' in item.body and '<td colspan="2">' in item.body
    assert "<h2>关于2026年度政务公开工作要点的通知</h2>" in item.body
    for markup in ("mso-", "Mso", "style=", "<o:p", "<span", "<!--"):
        assert markup not in item.body
    assert "县政府办公室" in item.body_text
    # reopened, the textarea holds the sanitized HTML
    html = client.get(reverse("backoffice:item_edit", args=[item.pk])).content.decode()
    assert "&lt;td rowspan=&quot;2&quot;&gt;" in html
