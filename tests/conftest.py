"""Shared test setup.

Some tests need things a new developer's machine may lack (Chromium, axe-core, PostgreSQL, the
published documents in ``../shared``). They skip with a clear reason there; CI sets
``CS_REQUIRE_ALL_TESTS=1`` so that a missing prerequisite fails the run instead of skipping.
Tests marked ``postgres`` (row locks, real concurrency) skip on SQLite; CI's PostgreSQL pass sets
``CS_REQUIRE_POSTGRES=1`` so that they fail there instead of skipping.
"""

import logging
import os

from django.core.cache import cache
from django.db import connections

import pytest


def require(available: bool, reason: str) -> None:
    """Skip the calling test when ``available`` is false, or fail when CI demands everything."""
    if available:
        return
    if os.environ.get("CS_REQUIRE_ALL_TESTS") == "1":
        pytest.fail(f"required in CI but missing: {reason}", pytrace=False)
    pytest.skip(reason)


# aiosmtpd, the real SMTP server of the mail tests, logs each connection at INFO from its own
# thread; after a test ends pytest has closed the stream that logging would write to.
logging.getLogger("mail.log").setLevel(logging.WARNING)

POSTGRES_REASON = "needs PostgreSQL: runs in CI's PostgreSQL pass (set DATABASE_URL=postgres://…)"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked ``postgres`` skip on any other database, or fail where CI demands them.

    CI sets ``CS_REQUIRE_POSTGRES=1`` in its PostgreSQL pass only, so that a misconfigured
    ``DATABASE_URL`` there cannot turn the concurrency tests into silent skips. This runs before
    the test's fixtures, so no database is set up for a test that is skipped.
    """
    if item.get_closest_marker("postgres") is None:
        return
    if connections["default"].vendor == "postgresql":
        return
    if os.environ.get("CS_REQUIRE_POSTGRES") == "1":
        pytest.fail(
            f"CS_REQUIRE_POSTGRES=1 but the database is not PostgreSQL; {POSTGRES_REASON}",
            pytrace=False,
        )
    pytest.skip(POSTGRES_REASON)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache: the API keeps sealed responses by address, and
    factories reuse addresses (``cs-test-1``) with other data from test to test."""
    cache.clear()
