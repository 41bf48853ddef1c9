from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _chinese() -> Iterator[None]:
    """Each test starts in the site's language, whatever language an earlier request activated."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
