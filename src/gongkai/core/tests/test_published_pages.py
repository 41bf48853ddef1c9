"""Publishing public pages as files: written lazily, switched away atomically on every change."""

from __future__ import annotations

import os

import pytest

from gongkai.core.public_changes import bump_public_version, public_version
from gongkai.disclosure.services import workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def publishing(settings):
    settings.GONGKAI = {**settings.GONGKAI, "PUBLISH_PAGES": True}
    bump_public_version()
    return settings.GONGKAI["PUBLISH_DIR"]


def test_page_written_once_rendered_and_gone_after_withdrawal(
    client, region, make_item, publishing, django_capture_on_commit_callbacks
):
    item = make_item(title="关于公布2026年城乡低保标准的通知")
    bump_public_version()
    assert client.get(f"/items/{item.pk}/").status_code == 200
    published = publishing / "current" / "testserver" / "items" / str(item.pk) / "index.html"
    assert published.exists()
    assert "城乡低保标准" in published.read_text()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw_item(actor=region.signer, item=item, reason="标准已调整")
    assert not (publishing / "current" / "testserver" / "items" / str(item.pk) / "index.html").exists()
    assert os.readlink(publishing / "current") == str(public_version())


def test_query_strings_and_other_languages_are_not_published(client, make_item, publishing):
    make_item()
    bump_public_version()
    client.get("/search/?q=招生")
    client.get("/catalog/", HTTP_ACCEPT_LANGUAGE="en")
    current = publishing / "current" / "testserver"
    assert not (current / "search").exists()
    assert not (current / "catalog").exists()


def test_first_page_after_start_creates_the_current_link(client, make_item, settings):
    settings.GONGKAI = {**settings.GONGKAI, "PUBLISH_PAGES": True}
    item = make_item()
    assert client.get(f"/items/{item.pk}/").status_code == 200
    assert (
        settings.GONGKAI["PUBLISH_DIR"] / "current" / "testserver" / "items" / str(item.pk) / "index.html"
    ).exists()
