"""Small helpers shared by the API tests."""

from __future__ import annotations

import json
from typing import Any

from gongkai.disclosure.models import Item
from gongkai.disclosure.services import workflow
from gongkai.testing import Region

#: A tiny file that the upload check accepts as a PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def get_json(client: Any, url: str, status: int = 200, **extra: Any) -> Any:
    response = client.get(url, **extra)
    assert response.status_code == status, (url, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def publish(region: Region, item: Item) -> Item:
    """Drive a draft of the department through review and sign-off (as ``make_item`` does)."""
    workflow.submit_item(user=region.editor, item=item)
    for f in workflow.scan_item(item):
        if f.blocks:
            workflow.decide_finding(
                user=region.reviewer,
                item=item,
                fingerprint=f.fingerprint,
                decision="not_secret",
                note="经核实为虚构的测试数据",
            )
    workflow.review_item(user=region.reviewer, item=item, conclusion="pass")
    workflow.sign_item(user=region.signer, item=item)
    item.refresh_from_db()
    return item
