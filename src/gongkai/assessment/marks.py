"""Words of the pure kernels (``scoring``, ``standings``) marked for translation without Django.

A kernel writes its explanation lines and problems from Chinese templates with ``%(name)s``
parameters, each wrapped in :func:`gettext_noop`: ``makemessages`` finds them by that name and puts
them in the assessment catalogue, and :data:`MARKED` lists them for the edge
(``assessment.kernel_text``), which recognises a line by its template and gives it in the reader's
language. Pure: no Django.
"""

from __future__ import annotations

#: Every template marked so far, in the order the kernels marked them.
MARKED: list[str] = []


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation; return it unchanged."""
    if message not in MARKED:
        MARKED.append(message)
    return message
