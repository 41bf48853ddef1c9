from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _chinese() -> Iterator[None]:
    """Each test starts in the site's language, whatever language an earlier request activated.
    (Django is imported here, not at the top: the kernel tests load this conftest without Django.)"""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield
