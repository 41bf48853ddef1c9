"""Helpers for the back-office tests: log in, build upload files, read the page text."""

from __future__ import annotations

import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

#: A valid resident ID number (GB 11643 check character X) for the secrecy scan to find.
ID_NUMBER = "11010519491231002X"


def login(client: Client, user: Any) -> Client:
    user.__dict__.pop("_gongkai_roles", None)
    client.force_login(user)
    return client


def docx_file(text: str, name: str = "名单.docx") -> SimpleUploadedFile:
    import docx

    document = docx.Document()
    document.add_paragraph("附件：拟录用人员名单")
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def fake_pdf(name: str = "通知.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "这其实是一个文本文件".encode(), content_type="application/pdf")


def editor_post(column: Any, **overrides: Any) -> dict[str, Any]:
    """The fields of the item editor as a browser would post them."""
    data: dict[str, Any] = {
        "title": "关于公布2026年教师招聘拟录用人员名单的公告",
        "document_number": "测教〔2026〕20号",
        "date_formed": "",
        "column": str(column.pk),
        "keywords": "教师 招聘",
        "disclosure_attribute": "active",
        "scope": "public",
        "duration": "long_term",
        "validity": "valid",
        "summary": "公布拟录用人员名单，公示期5个工作日。",
        "body": "<p>经笔试、面试、考察和体检，现将拟录用人员名单予以公示。</p>",
        "channels": ["website", "notice_board"],
        "action": "save",
    }
    data.update(overrides)
    return data


def text_of(response: Any) -> str:
    """The page's text without tags (for assertions about what a person reads)."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
