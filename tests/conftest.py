"""Shared test setup.

Some tests need things a new developer's machine may lack (Chromium, axe-core, PostgreSQL, the
published documents in ``../shared``). They skip with a clear reason there; CI sets
``CS_REQUIRE_ALL_TESTS=1`` so that a missing prerequisite fails the run instead of skipping.
"""

import os

import pytest


def require(available: bool, reason: str) -> None:
    """Skip the calling test when ``available`` is false, or fail when CI demands everything."""
    if available:
        return
    if os.environ.get("CS_REQUIRE_ALL_TESTS") == "1":
        pytest.fail(f"required in CI but missing: {reason}", pytrace=False)
    pytest.skip(reason)
