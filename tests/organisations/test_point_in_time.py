"""Which release applied to a contract on a given day (``release_in_force``).

Outside the contract's term no release applies. Within it, the release the contract started on
applies until its first recorded move; on the day of a move the new release applies. The moves
are recorded through the service, as the contact does.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from accounts.roles import Role
from organisations.obligations import release_in_force
from organisations.selectors import contract_get
from organisations.services import contract_record_move
from tests.factories import OrganisationFactory, UserFactory, contract_on, release_with_articles

pytestmark = pytest.mark.django_db

D = datetime.date
STARTS_ON = D(2025, 1, 1)
ENDS_ON = D(2028, 12, 31)
FIRST_MOVE = D(2026, 3, 15)
SECOND_MOVE = D(2026, 11, 1)


@pytest.fixture
def releases():
    v1_0 = release_with_articles(version="1.0", published_on=D(2024, 6, 1))
    v1_1 = release_with_articles(standard=v1_0.standard, version="1.1", published_on=D(2025, 10, 1))
    v1_2 = release_with_articles(standard=v1_0.standard, version="1.2", published_on=D(2026, 6, 1))
    return v1_0, v1_1, v1_2


@pytest.fixture
def contact():
    return UserFactory(roles=[Role.ORGANISATION_CONTACT])


@pytest.fixture
def contract(releases, contact):
    """A contract from 1 January 2025 to 31 December 2028 on 1.0, not moved yet."""
    municipality = OrganisationFactory(contacts=[contact])
    return contract_on(releases[0], organisation=municipality, starts_on=STARTS_ON, ends_on=ENDS_ON)


def moved_twice(contract, contact, releases):
    """1.0 until 14 March 2026, 1.1 from 15 March, 1.2 from 1 November 2026."""
    _v1_0, v1_1, v1_2 = releases
    contract_record_move(contract=contract, by=contact, to_release=v1_1, moved_on=FIRST_MOVE)
    contract_record_move(contract=contract, by=contact, to_release=v1_2, moved_on=SECOND_MOVE)
    return contract_get(organisation=contract.organisation, pk=contract.pk)


def in_force(contract, on: datetime.date) -> str | None:
    release = release_in_force(contract, on=on)
    return None if release is None else release.version


def test_without_moves_the_contract_release_applies_throughout_its_term(contract):
    assert in_force(contract, STARTS_ON) == "1.0"
    assert in_force(contract, D(2027, 6, 1)) == "1.0"
    assert in_force(contract, ENDS_ON) == "1.0"


def test_before_the_start_and_after_the_end_no_release_applies(contract, contact, releases):
    contract = moved_twice(contract, contact, releases)
    assert in_force(contract, STARTS_ON - datetime.timedelta(days=1)) is None
    assert in_force(contract, D(2020, 1, 1)) is None
    assert in_force(contract, ENDS_ON + datetime.timedelta(days=1)) is None


def test_on_the_start_and_end_dates_the_contract_applies(contract, contact, releases):
    """The term includes its first and its last day."""
    contract = moved_twice(contract, contact, releases)
    assert in_force(contract, STARTS_ON) == "1.0"
    assert in_force(contract, ENDS_ON) == "1.2"


def test_on_the_day_of_a_move_the_new_release_applies(contract, contact, releases):
    contract = moved_twice(contract, contact, releases)
    day = datetime.timedelta(days=1)
    assert in_force(contract, FIRST_MOVE - day) == "1.0"
    assert in_force(contract, FIRST_MOVE) == "1.1"
    assert in_force(contract, SECOND_MOVE - day) == "1.1"
    assert in_force(contract, SECOND_MOVE) == "1.2"


def test_between_the_moves_the_release_moved_to_first_applies(contract, contact, releases):
    contract = moved_twice(contract, contact, releases)
    assert in_force(contract, D(2026, 7, 1)) == "1.1"
    assert in_force(contract, D(2027, 1, 1)) == "1.2"


def test_the_past_does_not_change_when_the_contract_moves_on(contract, contact, releases):
    """Before any move the contract says 1.0 for a day in 2025; after two moves it still does,
    although the contract itself is now based on 1.2."""
    assert in_force(contract, D(2025, 6, 1)) == "1.0"
    contract = moved_twice(contract, contact, releases)
    assert contract.release.version == "1.2"
    assert in_force(contract, D(2025, 6, 1)) == "1.0"


def test_two_moves_on_one_day_leave_the_later_release_in_force_that_day(
    contract, contact, releases
):
    """Skipping a release by recording both moves on the same day: the last recorded wins."""
    _v1_0, v1_1, v1_2 = releases
    contract_record_move(contract=contract, by=contact, to_release=v1_1, moved_on=D(2026, 7, 1))
    contract_record_move(contract=contract, by=contact, to_release=v1_2, moved_on=D(2026, 7, 1))
    contract = contract_get(organisation=contract.organisation, pk=contract.pk)
    assert in_force(contract, D(2026, 6, 30)) == "1.0"
    assert in_force(contract, D(2026, 7, 1)) == "1.2"


def test_a_contract_without_an_end_date_applies_indefinitely(releases, contact):
    open_ended = contract_on(releases[0], starts_on=STARTS_ON, ends_on=None)
    assert in_force(open_ended, D(2099, 1, 1)) == "1.0"
    assert in_force(open_ended, STARTS_ON - datetime.timedelta(days=1)) is None


def test_a_prefetched_contract_answers_without_a_query(contract, contact, releases):
    """``contract_get`` loads the moves with their releases: asking about many days is free."""
    contract = moved_twice(contract, contact, releases)
    with CaptureQueriesContext(connection) as queries:
        answers = [in_force(contract, D(2024 + n // 12, n % 12 + 1, 1)) for n in range(72)]
    assert len(queries) == 0
    assert answers.count(None) == 24  # all of 2024 (before the start) and 2029 (after the end)
    assert set(answers) == {None, "1.0", "1.1", "1.2"}
