"""Change-request numbers: ``WV-<year>-<4 digits>``, unique and without gaps per year.

The year is the Amsterdam year of the moment of submission. A submission that fails after it took
its number gives the number back (same transaction), so the next request gets it: no gaps.
(Concurrent submissions: ``tests/governance/test_concurrency.py``, on PostgreSQL.)
"""

import datetime

import pytest

from governance.exceptions import InvalidInput
from governance.models import ChangeRequest, NumberSeries
from governance.models.numbering import format_number
from governance.services import change_requests as services
from standards.deadlines import AMSTERDAM
from tests.governance.services.builders import draft_release, published_release, submit
from tests.governance.services.snapshots import workflow_rows

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def draft():
    return draft_release(published_release())


class Boom(Exception):
    """A failure inside the submission's transaction, after the number was taken."""


def test_the_number_is_formatted_with_four_digits():
    """WV-2026-0042 as the Ketenbureau writes it."""
    assert format_number(2026, 42) == "WV-2026-0042"
    assert format_number(2026, 1) == "WV-2026-0001"


def test_the_first_number_of_a_year_is_0001_and_the_next_ones_follow(draft):
    """Numbers follow each other within a year and start again at 0001 in the next."""
    numbers = [
        submit(draft, at=datetime.datetime(2026, month, 1, 12, tzinfo=AMSTERDAM))[0].number
        for month in (3, 4, 5)
    ]
    numbers.append(submit(draft, at=datetime.datetime(2027, 1, 2, 12, tzinfo=AMSTERDAM))[0].number)
    numbers.append(submit(draft, at=datetime.datetime(2026, 12, 1, 12, tzinfo=AMSTERDAM))[0].number)

    assert numbers == [
        "WV-2026-0001",
        "WV-2026-0002",
        "WV-2026-0003",
        "WV-2027-0001",
        "WV-2026-0004",
    ]
    assert dict(NumberSeries.objects.values_list("year", "last_sequence")) == {2026: 4, 2027: 1}
    assert list(
        ChangeRequest.objects.order_by("year", "sequence").values_list("year", "sequence")
    ) == [(2026, 1), (2026, 2), (2026, 3), (2026, 4), (2027, 1)]


def test_the_year_is_the_amsterdam_year(draft):
    """31 December 2026 23:30 UTC is 1 January 2027 00:30 in Amsterdam: WV-2027-0001."""
    moment = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert moment.astimezone(AMSTERDAM).year == 2027

    change_request, _target = submit(draft, at=moment)

    assert change_request.number == "WV-2027-0001"
    assert change_request.year == 2027


def test_the_last_utc_hour_of_new_years_day_is_still_that_year_in_amsterdam(draft):
    """1 January 2027 22:59 UTC is 23:59 the same day in Amsterdam: still 2027."""
    submit(draft, at=datetime.datetime(2026, 12, 31, 22, 59, 59, tzinfo=UTC))

    change_request, _target = submit(draft, at=datetime.datetime(2027, 1, 1, 22, 59, tzinfo=UTC))

    assert ChangeRequest.objects.get(year=2026).number == "WV-2026-0001"
    assert change_request.number == "WV-2027-0001"


def test_a_submission_failing_after_it_took_its_number_leaves_no_gap(draft, monkeypatch):
    """The number goes back with the failed transaction; the next request gets it."""
    submit(draft)
    before = workflow_rows()
    taken = []
    real_next_number = services._next_number

    def take_then_fail():
        raise Boom

    def next_number(at):
        taken.append(real_next_number(at))
        return taken[-1]

    monkeypatch.setattr(services, "_next_number", next_number)
    monkeypatch.setattr(services, "new_tracking_token", take_then_fail)
    with pytest.raises(Boom):
        submit(draft)
    assert taken == [(2026, 2)], "the failed submission did take number 2"
    assert workflow_rows() == before

    monkeypatch.undo()
    change_request, _target = submit(draft)
    assert change_request.number == "WV-2026-0002"


def test_a_refused_submission_after_the_number_was_taken_leaves_no_gap(draft):
    """Input checked after the number is taken (the title here) also gives the number back."""
    submit(draft)

    with pytest.raises(InvalidInput):
        submit(draft, title="")

    assert submit(draft)[0].number == "WV-2026-0002"
    assert NumberSeries.objects.get(year=2026).last_sequence == 2
