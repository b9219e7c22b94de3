"""Deadline arithmetic and a contract's obligation to move to the current release (art. 3.30).

A release's implementation deadline is six calendar months after its publication, clamped to
the end of a shorter month. Against that deadline a contract is up to date (on the target or
newer), due (until and including the deadline day) or overdue (from the day after); it must be
on the first release it missed by that release's deadline, so several missed releases count
from the earliest deadline among them. "Today" is the calendar day in Europe/Amsterdam.

Most tests build releases and contracts in memory: ``contract_obligation`` works on loaded
objects only. The tests through the selector and the move service use the database.
"""

import calendar
import datetime

from django.utils import timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.roles import Role
from organisations.constants import STATUS_SEVERITY, ObligationStatus
from organisations.models import Contract
from organisations.obligations import contract_obligation, published_by, worst_status
from organisations.selectors import contract_obligations
from organisations.services import contract_record_move
from standards.constants import ReleaseState
from standards.deadlines import add_calendar_months, default_implementation_deadline
from standards.models import Release, Standard
from tests.factories import OrganisationFactory, UserFactory, contract_on, release_with_articles

UP_TO_DATE = ObligationStatus.UP_TO_DATE
DUE = ObligationStatus.DUE
OVERDUE = ObligationStatus.OVERDUE

D = datetime.date
STANDARD = Standard(name="CS Wmo", slug="cs-wmo")


def release(
    version: str,
    published_on: datetime.date | None,
    deadline: datetime.date | None = None,
    *,
    state: ReleaseState = ReleaseState.PUBLISHED,
) -> Release:
    """An unsaved release; the deadline defaults to six calendar months after publication."""
    major, minor = (int(part) for part in version.split("."))
    if deadline is None and published_on is not None:
        deadline = default_implementation_deadline(published_on)
    return Release(
        standard=STANDARD,
        version_major=major,
        version_minor=minor,
        state=state,
        published_on=published_on,
        implementation_deadline=deadline,
    )


CONTRACT_START = D(2024, 1, 1)


def contract(on: Release, *, starts_on=CONTRACT_START, ends_on=None) -> Contract:
    return Contract(standard=STANDARD, release=on, starts_on=starts_on, ends_on=ends_on)


# The catalogue most tests use: 1.1 must be implemented by 1 April 2026, 1.2 by 1 September.
V1_0 = release("1.0", D(2024, 1, 1), D(2024, 7, 1), state=ReleaseState.SUPERSEDED)
V1_1 = release("1.1", D(2025, 10, 1), D(2026, 4, 1), state=ReleaseState.SUPERSEDED)
V1_2 = release("1.2", D(2026, 3, 1), D(2026, 9, 1))
CATALOGUE = [V1_2, V1_0, V1_1]  # any order: the obligation sorts by version


def obligation(on: Release, at: datetime.date, *, releases=CATALOGUE, **kwargs):
    return contract_obligation(contract(on, **kwargs), releases=releases, at=at)


# --- Deadline arithmetic --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published_on", "deadline"),
    [
        (D(2025, 8, 31), D(2026, 2, 28)),  # February of a common year
        (D(2027, 8, 31), D(2028, 2, 29)),  # February of a leap year
        (D(2027, 8, 29), D(2028, 2, 29)),
        (D(2025, 8, 29), D(2026, 2, 28)),
        (D(2026, 3, 31), D(2026, 9, 30)),  # September has 30 days
        (D(2026, 5, 31), D(2026, 11, 30)),
        (D(2026, 12, 31), D(2027, 6, 30)),  # across the year end, into a 30-day month
        (D(2026, 7, 31), D(2027, 1, 31)),  # into January of the next year
        (D(2026, 11, 15), D(2027, 5, 15)),
        (D(2028, 2, 29), D(2028, 8, 29)),  # from the leap day: same day number
        (D(2026, 1, 1), D(2026, 7, 1)),
    ],
)
def test_the_implementation_deadline_is_six_calendar_months_after_publication(
    published_on, deadline
):
    """The same day number six months on, or the last day of that month when it is shorter."""
    assert default_implementation_deadline(published_on) == deadline


def test_the_leap_day_plus_whole_years_lands_on_the_last_day_of_february():
    """29 February 2028 plus twelve months is 28 February 2029; plus four years again the 29th."""
    assert add_calendar_months(D(2028, 2, 29), 12) == D(2029, 2, 28)
    assert add_calendar_months(D(2028, 2, 29), 48) == D(2032, 2, 29)
    assert add_calendar_months(D(2027, 8, 31), 6) == D(2028, 2, 29)


def test_zero_months_is_the_day_itself_and_december_rolls_into_the_next_year():
    assert add_calendar_months(D(2026, 12, 31), 0) == D(2026, 12, 31)
    assert add_calendar_months(D(2026, 12, 31), 1) == D(2027, 1, 31)
    assert add_calendar_months(D(2026, 12, 31), 2) == D(2027, 2, 28)
    assert add_calendar_months(D(2026, 10, 1), 27) == D(2029, 1, 1)


days = st.dates(min_value=D(1990, 1, 1), max_value=D(2200, 12, 31))


@given(days)
def test_the_deadline_is_always_after_publication_and_in_the_sixth_month(published_on):
    """Never before (nor on) the publication day; six months on; the day clamped, never moved
    into the next month."""
    deadline = default_implementation_deadline(published_on)
    assert deadline > published_on
    assert (deadline.year * 12 + deadline.month) - (
        published_on.year * 12 + published_on.month
    ) == 6
    last_day = calendar.monthrange(deadline.year, deadline.month)[1]
    assert deadline.day == min(published_on.day, last_day)
    # Six calendar months hold 181 days (31 August to 28 February) to 184 (1 March to 1 September).
    assert 181 <= (deadline - published_on).days <= 184


@given(days, days)
def test_a_later_publication_never_gives_an_earlier_deadline(first, second):
    """The deadline grows with the publication date (two releases keep their order)."""
    early, late = sorted((first, second))
    assert default_implementation_deadline(early) <= default_implementation_deadline(late)


@given(days, st.integers(min_value=0, max_value=120), st.integers(min_value=0, max_value=120))
def test_adding_months_in_two_steps_never_ends_later_than_in_one(day, first, second):
    """Clamping can only pull a day back: (d + a) + b ≤ d + (a + b), same month."""
    stepwise = add_calendar_months(add_calendar_months(day, first), second)
    at_once = add_calendar_months(day, first + second)
    assert (stepwise.year, stepwise.month) == (at_once.year, at_once.month)
    assert stepwise <= at_once


# --- "Today" is the Amsterdam date ----------------------------------------------------------------


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("now", "today"),
    [
        # Summer time (from 29 March 2026): UTC+2, so 23:30 UTC is already the next day.
        (utc(2026, 3, 31, 23, 30), D(2026, 4, 1)),
        (utc(2026, 3, 31, 21, 30), D(2026, 3, 31)),
        (utc(2026, 3, 31, 22, 0), D(2026, 4, 1)),
        # Winter time: UTC+1.
        (utc(2026, 1, 31, 23, 30), D(2026, 2, 1)),
        (utc(2026, 1, 31, 22, 59), D(2026, 1, 31)),
        (utc(2026, 12, 31, 23, 0), D(2027, 1, 1)),
    ],
)
def test_today_is_the_calendar_day_in_amsterdam(monkeypatch, now, today):
    monkeypatch.setattr(timezone, "now", lambda: now)
    assert timezone.localdate() == today


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("now", "status"),
    [
        (utc(2026, 3, 31, 21, 59), DUE),  # 23:59 on 31 March in Amsterdam: the deadline day
        (utc(2026, 3, 31, 22, 0), OVERDUE),  # 00:00 on 1 April in Amsterdam, 22:00 UTC
        (utc(2026, 3, 31, 23, 30), OVERDUE),
    ],
)
def test_the_obligations_of_today_are_those_of_the_amsterdam_date(monkeypatch, now, status):
    """A deadline of 31 March has passed at 23:30 UTC on 31 March: in Amsterdam (summer time)
    it is 1 April already; the selector measures against ``timezone.localdate()``."""
    v1_0 = release_with_articles(version="1.0", published_on=D(2025, 1, 1))
    release_with_articles(
        standard=v1_0.standard,
        version="1.1",
        published_on=D(2025, 9, 30),
        implementation_deadline=D(2026, 3, 31),
    )
    contract_on(v1_0)
    monkeypatch.setattr(timezone, "now", lambda: now)

    [obligation] = contract_obligations(Contract.objects.all())

    assert obligation.at == timezone.localdate()
    assert obligation.status == status
    assert obligation.deadline == D(2026, 3, 31)


# --- Status transitions ---------------------------------------------------------------------------


def test_before_a_new_release_is_published_the_contract_is_up_to_date():
    """A release published after the day asked about is not yet a target."""
    result = obligation(V1_0, D(2025, 9, 30))
    assert result.status == UP_TO_DATE
    assert (result.target, result.deadline, result.missed) == (None, None, ())
    assert result.days_left is None and result.days_overdue is None


def test_on_the_publication_day_the_contract_is_due_with_six_months_to_go():
    result = obligation(V1_0, D(2025, 10, 1))
    assert result.status == DUE
    assert result.target is V1_1
    assert result.deadline == D(2026, 4, 1)
    assert result.days_left == 182


def test_on_the_deadline_day_itself_the_contract_is_still_due():
    result = obligation(V1_0, D(2026, 4, 1), releases=[V1_0, V1_1])
    assert result.status == DUE
    assert result.days_left == 0
    assert result.days_overdue is None


def test_the_day_after_the_deadline_the_contract_is_overdue():
    result = obligation(V1_0, D(2026, 4, 2), releases=[V1_0, V1_1])
    assert result.status == OVERDUE
    assert result.days_left == -1
    assert result.days_overdue == 1


def test_a_contract_on_the_newest_release_or_newer_than_the_target_is_up_to_date():
    assert obligation(V1_2, D(2026, 10, 1)).status == UP_TO_DATE
    assert obligation(V1_1, D(2026, 2, 1)).status == UP_TO_DATE  # 1.2 not yet published
    assert obligation(V1_2, D(2026, 10, 1)).target is None


def test_with_several_missed_releases_the_earliest_deadline_counts():
    """On 1.0 in May 2026 the contract missed 1.1 (deadline 1 April) and 1.2 (1 September):
    it must move to 1.2, and is overdue since it should have been on 1.1 by 1 April."""
    result = obligation(V1_0, D(2026, 5, 1))
    assert result.status == OVERDUE
    assert result.target is V1_2
    assert result.missed == (V1_1, V1_2)
    assert result.deadline == D(2026, 4, 1)
    assert result.days_overdue == 30


def test_a_contract_that_kept_up_with_the_previous_release_counts_from_the_newest_deadline():
    result = obligation(V1_1, D(2026, 5, 1))
    assert result.status == DUE
    assert result.target is V1_2
    assert result.missed == (V1_2,)
    assert result.deadline == D(2026, 9, 1)
    assert result.days_left == 123


def test_the_earliest_deadline_counts_even_when_a_later_release_has_an_earlier_one():
    """Deadlines need not follow the version order (a release with a shortened term)."""
    shortened = release("1.2", D(2025, 11, 1), D(2026, 2, 1))
    result = obligation(V1_0, D(2026, 3, 1), releases=[V1_0, V1_1, shortened])
    assert result.deadline == D(2026, 2, 1)
    assert result.status == OVERDUE


def test_a_target_passed_explicitly_limits_the_missed_releases_to_it():
    """The dashboard reports on one release: against 1.1, only 1.1 is missed."""
    result = contract_obligation(contract(V1_0), releases=CATALOGUE, at=D(2026, 3, 15), target=V1_1)
    assert result.status == DUE
    assert result.target is V1_1
    assert result.missed == (V1_1,)
    assert result.deadline == D(2026, 4, 1)


def test_a_contract_newer_than_an_explicit_target_is_up_to_date_against_it():
    result = contract_obligation(contract(V1_2), releases=CATALOGUE, at=D(2026, 5, 1), target=V1_1)
    assert result.status == UP_TO_DATE
    assert result.target is None


def test_an_ended_contract_has_no_obligation_but_on_its_last_day_it_has():
    """After its end date the contract is left out (status None); on the end date itself it
    still counts."""
    ended = obligation(V1_0, D(2026, 5, 1), ends_on=D(2026, 4, 30))
    assert ended.status is None
    assert (ended.target, ended.deadline, ended.days_left) == (None, None, None)
    assert obligation(V1_0, D(2026, 4, 30), ends_on=D(2026, 4, 30)).status == OVERDUE


def test_drafts_withdrawn_and_unpublished_releases_are_never_targets():
    """Only published and superseded releases count, and only once published."""
    withdrawn = release("1.3", D(2026, 4, 1), state=ReleaseState.WITHDRAWN)
    draft = release("2.0", None, state=ReleaseState.DRAFT)
    adopted = release("2.1", D(2026, 4, 1), state=ReleaseState.ADOPTED)
    releases = [*CATALOGUE, withdrawn, draft, adopted]
    assert obligation(V1_2, D(2026, 10, 1), releases=releases).status == UP_TO_DATE
    assert published_by(releases, D(2026, 10, 1)) == [V1_0, V1_1, V1_2]
    assert published_by(releases, D(2026, 2, 28)) == [V1_0, V1_1]


def test_a_missed_release_without_a_deadline_makes_the_contract_due_but_never_overdue():
    """A release that sets no new implementation term (non-substantive changes) is still the
    release to move to, but has no date by which the move is late."""
    no_term = release("1.1", D(2025, 10, 1), state=ReleaseState.PUBLISHED)
    no_term.implementation_deadline = None
    result = obligation(V1_0, D(2030, 1, 1), releases=[V1_0, no_term])
    assert result.status == DUE
    assert result.deadline is None
    assert result.days_left is None and result.days_overdue is None


def test_a_release_without_a_deadline_does_not_hide_the_deadline_of_an_earlier_one():
    no_term = release("1.2", D(2026, 3, 1))
    no_term.implementation_deadline = None
    result = obligation(V1_0, D(2026, 5, 1), releases=[V1_0, V1_1, no_term])
    assert result.deadline == D(2026, 4, 1)
    assert result.status == OVERDUE


@settings(max_examples=200)
@given(st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31)))
def test_the_status_follows_the_calendar_for_a_contract_on_the_old_release(at):
    """Up to date before publication, due from publication through the deadline day, overdue
    after: the three statuses in this order and no other."""
    result = obligation(V1_0, at, releases=[V1_0, V1_1])
    if at < V1_1.published_on:
        assert result.status == UP_TO_DATE
    elif at <= V1_1.implementation_deadline:
        assert result.status == DUE
        assert result.days_left == (V1_1.implementation_deadline - at).days >= 0
    else:
        assert result.status == OVERDUE
        assert result.days_overdue == (at - V1_1.implementation_deadline).days > 0


@pytest.mark.django_db
def test_recording_the_move_makes_an_overdue_contract_up_to_date():
    """Overdue on 1.0 the day after the deadline; after the contact records the move to 1.1
    the same contract, read again, is up to date on that day and later."""
    v1_0 = release_with_articles(version="1.0", published_on=D(2025, 1, 1))
    v1_1 = release_with_articles(
        standard=v1_0.standard,
        version="1.1",
        published_on=D(2025, 10, 1),
        implementation_deadline=D(2026, 4, 1),
    )
    contact = UserFactory(roles=[Role.ORGANISATION_CONTACT])
    municipality = OrganisationFactory(contacts=[contact])
    the_contract = contract_on(v1_0, organisation=municipality)
    [before] = contract_obligations([the_contract], at=D(2026, 4, 2))
    assert before.status == OVERDUE

    contract_record_move(contract=the_contract, by=contact, to_release=v1_1, moved_on=D(2026, 4, 2))

    [after] = contract_obligations(Contract.objects.all(), at=D(2026, 4, 2))
    assert after.status == UP_TO_DATE
    [later] = contract_obligations(Contract.objects.all(), at=D(2027, 1, 1))
    assert later.status == UP_TO_DATE


# --- Worst status ---------------------------------------------------------------------------------


def test_the_worst_status_is_overdue_then_due_then_up_to_date():
    assert worst_status([UP_TO_DATE, DUE, UP_TO_DATE]) == DUE
    assert worst_status([DUE, OVERDUE, UP_TO_DATE]) == OVERDUE
    assert worst_status([UP_TO_DATE]) == UP_TO_DATE
    assert sorted(ObligationStatus, key=STATUS_SEVERITY.__getitem__) == [UP_TO_DATE, DUE, OVERDUE]


def test_ended_contracts_do_not_count_and_nothing_gives_none():
    assert worst_status([None, UP_TO_DATE, None]) == UP_TO_DATE
    assert worst_status([None]) is None
    assert worst_status([]) is None


@given(st.lists(st.sampled_from([UP_TO_DATE, DUE, OVERDUE, None])))
def test_the_worst_status_does_not_depend_on_the_order(statuses):
    present = [status for status in statuses if status is not None]
    expected = max(present, key=STATUS_SEVERITY.__getitem__) if present else None
    assert worst_status(statuses) == expected
    assert worst_status(reversed(statuses)) == expected
