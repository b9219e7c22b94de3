"""Fixtures shared by the service tests: one standard with a published 1.0 and a 1.1 draft."""

import pytest

from standards.models import Release
from tests.factories import UserFactory
from tests.governance.services.builders import draft_release, published_release


@pytest.fixture
def published() -> Release:
    """Version 1.0, in force, with one article (art. 3.1)."""
    return published_release()


@pytest.fixture
def draft(published: Release) -> Release:
    """The draft of 1.1, open for change requests, with the same article."""
    return draft_release(published)


@pytest.fixture
def submitter_account():
    """A plain account without any role: whoever files change requests while logged in."""
    return UserFactory(username="indiener", email="indiener@gemeente.example.nl")
