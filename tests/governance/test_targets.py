"""Which release a request filed at a given moment is for: ``submission_target``.

A release's submission deadline is a minute in Amsterdam ("uiterlijk 31 december 2026 om
23:59"); that whole minute still counts. A request filed later, or while the release is frozen,
is for the release after it, and the missed release is named so the submitter can be told. The
moments below are written in UTC and asserted in their Amsterdam meaning, also on the days the
clocks change.
"""

import datetime

import pytest

from governance.targets import accepts_submissions, submission_target
from standards.constants import ReleaseState
from standards.deadlines import AMSTERDAM, end_of_day
from standards.models import Release
from tests.factories import release_with_articles

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture
def published() -> Release:
    return release_with_articles(version="1.1")


def draft_with_deadline(published: Release, deadline_day: datetime.date | None) -> Release:
    """The 1.2 draft with its deadline stored and read back as the database gives it."""
    draft = release_with_articles(
        standard=published.standard,
        version="1.2",
        state=ReleaseState.DRAFT,
        submission_deadline=end_of_day(deadline_day) if deadline_day else None,
    )
    return Release.objects.get(pk=draft.pk)


@pytest.mark.parametrize(
    ("deadline_day", "last_moment_in_time", "first_moment_too_late"),
    [
        # New Year's Eve, winter time (CET, UTC+1): 23:59:59 Amsterdam is 22:59:59 UTC.
        (datetime.date(2026, 12, 31), utc(2026, 12, 31, 22, 59, 59), utc(2026, 12, 31, 23, 0)),
        # 28 March 2027, the clocks went forward at 02:00 (CEST, UTC+2): 21:59:59 UTC.
        (datetime.date(2027, 3, 28), utc(2027, 3, 28, 21, 59, 59), utc(2027, 3, 28, 22, 0)),
        # 25 October 2026, the clocks went back at 03:00 (CET, UTC+1): 22:59:59 UTC.
        (datetime.date(2026, 10, 25), utc(2026, 10, 25, 22, 59, 59), utc(2026, 10, 25, 23, 0)),
    ],
)
def test_the_deadline_minute_counts_and_the_next_day_does_not(
    published, deadline_day, last_moment_in_time, first_moment_too_late
):
    """23:59:59 Amsterdam on the deadline day is in time; 00:00:00 the next day is too late."""
    draft = draft_with_deadline(published, deadline_day)
    in_time_locally = last_moment_in_time.astimezone(AMSTERDAM)
    too_late_locally = first_moment_too_late.astimezone(AMSTERDAM)
    assert (in_time_locally.date(), in_time_locally.time()) == (
        deadline_day,
        datetime.time(23, 59, 59),
    )
    assert (too_late_locally.date(), too_late_locally.time()) == (
        deadline_day + datetime.timedelta(days=1),
        datetime.time(0, 0),
    )

    in_time = submission_target(draft.standard, at=last_moment_in_time)
    too_late = submission_target(draft.standard, at=first_moment_too_late)

    assert (in_time.version, in_time.release, in_time.missed) == ("1.2", draft, None)
    assert in_time.deadline == end_of_day(deadline_day)
    assert (too_late.version, too_late.release, too_late.missed) == ("1.3", None, draft)
    assert too_late.deadline is None


def test_the_deadline_is_not_read_in_utc(published):
    """An hour before UTC midnight on New Year's Eve is already 1 January in Amsterdam."""
    draft = draft_with_deadline(published, datetime.date(2026, 12, 31))

    target = submission_target(draft.standard, at=utc(2026, 12, 31, 23, 30))

    assert target.missed == draft


def test_the_deadline_holds_for_a_moment_given_in_amsterdam_time_too(published):
    """The same moments written as Amsterdam times give the same answers."""
    draft = draft_with_deadline(published, datetime.date(2026, 12, 31))

    last = datetime.datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=AMSTERDAM)
    first = datetime.datetime(2027, 1, 1, 0, 0, tzinfo=AMSTERDAM)

    assert accepts_submissions(draft, last)
    assert not accepts_submissions(draft, first)


@pytest.mark.parametrize("state", [ReleaseState.FROZEN, ReleaseState.ADOPTED])
def test_a_frozen_or_adopted_draft_accepts_nothing_even_before_its_deadline(published, state):
    """Once the content is frozen, new requests are for the release after it."""
    draft = draft_with_deadline(published, datetime.date(2026, 12, 31))
    Release.objects.filter(pk=draft.pk).update(state=state)
    draft.refresh_from_db()

    target = submission_target(draft.standard, at=utc(2026, 6, 1, 12, 0))

    assert (target.version, target.release, target.missed) == ("1.3", None, draft)


def test_without_a_draft_the_request_is_for_the_next_minor_version(published):
    """No release is being prepared: the request waits for the one after the release in force."""
    target = submission_target(published.standard, at=utc(2026, 6, 1, 12, 0))

    assert (target.version, target.release, target.missed) == ("1.2", None, None)


def test_a_standard_without_any_release_gets_version_1_0(published):
    """The very first release of a new standard."""
    Release.objects.filter(pk=published.pk).update(state=ReleaseState.WITHDRAWN)

    target = submission_target(published.standard, at=utc(2026, 6, 1, 12, 0))

    assert (target.version, target.release) == ("1.0", None)


def test_a_draft_without_a_deadline_accepts_requests_at_any_time(published):
    """No deadline set (yet): every request is for the draft."""
    draft = draft_with_deadline(published, None)

    target = submission_target(draft.standard, at=utc(2099, 1, 1, 0, 0))

    assert (target.version, target.release, target.missed) == ("1.2", draft, None)
    assert target.deadline is None
