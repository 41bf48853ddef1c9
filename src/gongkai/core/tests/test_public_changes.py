"""The public version is shared by all processes and only ever moves forward."""

from __future__ import annotations

import pytest

from gongkai.core.public_changes import bump_public_version, public_version


@pytest.mark.django_db  # reading the version first applies any 限时公开 ending that is due
def test_version_moves_forward_and_lives_in_the_data_dir(settings):
    first = public_version()
    bump_public_version()
    second = public_version()
    bump_public_version()
    assert first < second < public_version()
    assert (settings.DATA_DIR / "public-version").exists()
