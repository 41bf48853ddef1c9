"""A submission's body: sanitized rich text in, plain text and 字数 out (``govinfo.lengths``)."""

from __future__ import annotations

from gongkai.disclosure.services.content import html_to_text, sanitize_body
from gongkai.govinfo import lengths

__all__ = ["clean_body", "plain_text", "set_body"]


def clean_body(raw: str) -> str:
    """The body as stored: the same sanitizing as every rich-text body of the platform."""
    return sanitize_body(raw)


def plain_text(body: str) -> str:
    return html_to_text(body)


def set_body(submission: object, raw: str) -> None:
    """Set a submission's ``body`` (sanitized), ``plain_text`` and ``length`` together."""
    body = clean_body(raw)
    text = plain_text(body)
    submission.body = body  # type: ignore[attr-defined]
    submission.plain_text = text  # type: ignore[attr-defined]
    submission.length = lengths.count_chars(text)  # type: ignore[attr-defined]
