"""Fixtures for the tests outside the package (browser tests): the package's own fixtures."""

from gongkai.conftest import _isolated_data_dir, clock, make_item, region, today  # noqa: F401
