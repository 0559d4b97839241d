"""Tests marked ``slow`` build the binary and the .deb: they run when PACKAGE_TESTS=1 (.ci/run
sets it), and say so when they do not."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.environ.get("PACKAGE_TESTS") == "1":
        return
    skip = pytest.mark.skip(
        reason="builds the binary and the .deb: set PACKAGE_TESTS=1 (.ci/run does)"
    )
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
