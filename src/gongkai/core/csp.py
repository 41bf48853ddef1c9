"""Content-Security-Policy for the few standalone pages that carry their own ``<style>`` element.

Every page of the platform gets django-csp's policy (``settings.CONTENT_SECURITY_POLICY``: only the
platform's own scripts and style sheets, nothing inline). A letter's printable page
(``foi/letter_print.html``) is deliberately one self-contained file — it is printed and saved as
is — so its CSS is inline. Rather than allowing ``'unsafe-inline'``, its policy allows exactly the
``<style>`` elements the server rendered, by their SHA-256 hash (CSP Level 2): a style injected
into the page by anyone else would not match.
"""

from __future__ import annotations

import base64
import hashlib
import re

_STYLE = re.compile(r"<style(?:\s[^>]*)?>(.*?)</style>", re.S | re.I)


def style_hashes(html: str) -> list[str]:
    """The CSP source expressions (``'sha256-…'``) of every ``<style>`` element's content."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
        for css in _STYLE.findall(html)
    ]


def standalone_page_policy(html: str) -> str:
    """Nothing may load or run; only the page's own style elements apply (images as data: URLs)."""
    styles = " ".join(style_hashes(html)) or "'none'"
    return (
        f"default-src 'none'; style-src {styles}; img-src data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )
