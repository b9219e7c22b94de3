"""A standard with three published releases around today, and the people of two municipalities.

CS Jeugd 1.0 was published two years ago (superseded), 1.1 a month ago with its implementation
deadline 150 days ahead, 1.2 is a draft. Each release changes article 3.1, so 1.0 → 1.1 has one
changed article. ``gemeente`` (contact ``contact``) holds a contract on 1.0 with one provider;
``andere`` has its own contact. The secretariat reads all of it.
"""

import datetime
import html
import re

from django.utils import timezone

import pytest

from accounts.roles import Role
from organisations.constants import OrganisationKind
from standards.constants import ReleaseState
from tests.factories import (
    OrganisationFactory,
    StandardFactory,
    UserFactory,
    contract_on,
    release_with_articles,
)

DAYS_LEFT = 150


def main(response) -> str:
    """The page's own content, without header, navigation and footer."""
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def text_of(response) -> str:
    """The visible text of the page's content, whitespace collapsed."""
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main(response))).strip())
    return re.sub(r" ([,.)])", r"\1", text).replace("( ", "(")


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def standard():
    return StandardFactory(slug="cs-jeugd", name="CS Jeugd")


@pytest.fixture
def releases(standard, today):
    """1.0 (superseded), 1.1 (published a month ago, deadline in 150 days)."""
    old = release_with_articles(
        standard=standard,
        version="1.0",
        state=ReleaseState.SUPERSEDED,
        articles=[("3.1", "Levering", "De aanbieder levert binnen tien dagen.")],
        published_on=today - datetime.timedelta(days=730),
        effective_on=today - datetime.timedelta(days=700),
        implementation_deadline=today - datetime.timedelta(days=550),
    )
    identities = [old.article_versions.get().article]
    new = release_with_articles(
        standard=standard,
        version="1.1",
        articles=[("3.1", "Levering", "De aanbieder levert binnen vijf dagen.")],
        identities=identities,
        published_on=today - datetime.timedelta(days=30),
        effective_on=today + datetime.timedelta(days=60),
        implementation_deadline=today + datetime.timedelta(days=DAYS_LEFT),
    )
    return old, new


@pytest.fixture
def contact():
    return UserFactory(username="contact-gemeente", roles=[Role.ORGANISATION_CONTACT])


@pytest.fixture
def other_contact():
    return UserFactory(username="contact-andere", roles=[Role.ORGANISATION_CONTACT])


@pytest.fixture
def secretariat():
    return UserFactory(username="secretaris", roles=[Role.SECRETARIAT])


@pytest.fixture
def gemeente(contact):
    return OrganisationFactory(
        name="Gemeente Utrecht", slug="gemeente-utrecht", cbs_code="GM0344", contacts=[contact]
    )


@pytest.fixture
def andere(other_contact):
    return OrganisationFactory(
        name="Gemeente Zeist", slug="gemeente-zeist", cbs_code="GM0355", contacts=[other_contact]
    )


@pytest.fixture
def provider():
    return OrganisationFactory(
        kind=OrganisationKind.PROVIDER, name="Zorg BV", slug="zorg-bv", kvk_number="12345678"
    )


@pytest.fixture
def contract(releases, gemeente, provider):
    """Gemeente Utrecht's contract on 1.0, since 1 January two years ago, with Zorg BV."""
    old, _new = releases
    return contract_on(
        old,
        organisation=gemeente,
        starts_on=old.effective_on,
        providers=[provider],
        name="Jeugdhulp 2025",
    )
