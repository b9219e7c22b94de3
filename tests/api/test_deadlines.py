"""``/api/v1/deadlines``: the calendar of deadlines, the dates the iCalendar agenda lists.

Per release: the last moment to file a change request (23:59 Amsterdam time), and once the
release is published its effective date and the end of its implementation term. A withdrawn
release has no dates; planned dates of an unpublished release are not announced.
"""

import datetime

import pytest

from api.governance.views import release_deadlines
from api.problems import PROBLEM_CONTENT_TYPE
from notifications.calendars import calendar_releases, release_events
from standards.constants import ReleaseState
from standards.deadlines import end_of_day
from standards.models import Release
from tests.factories import StandardFactory, release_with_articles

pytestmark = pytest.mark.django_db

LIST = "/api/v1/deadlines"
# The releases with their standard; one more to check the standard of a filter. No count query:
# the deadlines are paged in memory.
LIST_QUERIES = 1


@pytest.fixture
def wmo():
    """CS Wmo 2015: 1.0 superseded, 1.1 in force, 1.2 open for requests until 31 December."""
    standard = StandardFactory(slug="cs-wmo", name="CS Wmo 2015")
    old = release_with_articles(standard=standard, version="1.0", state=ReleaseState.SUPERSEDED)
    current = release_with_articles(
        standard=standard,
        version="1.1",
        effective_on=datetime.date(2026, 1, 1),
        implementation_deadline=datetime.date(2026, 4, 1),
        submission_deadline=end_of_day(datetime.date(2025, 6, 30)),
    )
    upcoming = release_with_articles(
        standard=standard,
        version="1.2",
        state=ReleaseState.DRAFT,
        submission_deadline=end_of_day(datetime.date(2026, 12, 31)),
        # Planned dates of an unpublished release are not announced.
        effective_on=datetime.date(2027, 1, 1),
    )
    return old, current, upcoming


def rows(response) -> list[tuple[str, str, str]]:
    return [(row["release"], row["kind"], row["date"]) for row in response.json()["results"]]


def test_deadlines_in_date_order_as_the_agenda_lists_them(client, wmo):
    """Submission deadlines of every release; effective and end dates of published ones only."""
    response = client.get(LIST)

    assert response.status_code == 200
    assert rows(response) == [
        ("1.1", "submission_deadline", "2025-06-30"),
        ("1.0", "effective_date", "2026-01-01"),
        ("1.1", "effective_date", "2026-01-01"),
        ("1.0", "implementation_deadline", "2026-04-01"),
        ("1.1", "implementation_deadline", "2026-04-01"),
        ("1.2", "submission_deadline", "2026-12-31"),
    ]


def test_a_submission_deadline_is_2359_amsterdam_time(client, wmo):
    """``at`` carries the moment with its offset; all-day dates have none."""
    _old, _current, upcoming = wmo

    results = client.get(LIST).json()["results"]

    deadline = results[-1]
    assert deadline == {
        "id": f"release-{upcoming.pk}-submission-deadline",
        "kind": "submission_deadline",
        "kindLabel": "Laatste moment voor wijzigingsverzoeken",
        "date": "2026-12-31",
        "at": "2026-12-31T23:59:00+01:00",
        "standard": "cs-wmo",
        "release": "1.2",
        "releaseState": "draft",
        "webUrl": f"http://testserver{upcoming.get_absolute_url()}",
    }
    assert {row["at"] for row in results if row["kind"] != "submission_deadline"} == {None}


def test_deadlines_are_the_dates_of_the_icalendar_agenda(wmo):
    """Same events, same ids (the agenda's UIDs), same dates: the two never drift apart."""
    releases = list(calendar_releases())

    ours = {(d.id, d.at or d.date) for d in release_deadlines(releases)}
    agenda = {(e.uid.removesuffix("@cs-portaal.nl"), e.start) for e in release_events(releases)}

    assert ours == agenda


def test_a_withdrawn_release_has_no_dates(client, wmo):
    _old, _current, upcoming = wmo
    Release.objects.filter(pk=upcoming.pk).update(state=ReleaseState.WITHDRAWN)

    assert "1.2" not in {release for release, _kind, _date in rows(client.get(LIST))}


def test_deadlines_filter_by_standard_and_window(client, wmo):
    """``from`` and ``to`` are inclusive dates; ``standard`` a standard's slug."""
    release_with_articles(
        standard=StandardFactory(slug="cs-jeugd"),
        version="3.0",
        state=ReleaseState.DRAFT,
        submission_deadline=end_of_day(datetime.date(2026, 1, 1)),
    )

    window = rows(client.get(LIST, {"from": "2026-01-01", "to": "2026-04-01"}))
    jeugd = rows(client.get(LIST, {"standard": "cs-jeugd"}))
    after = rows(client.get(LIST, {"standard": "cs-wmo", "from": "2026-04-02"}))

    assert window == [
        ("1.0", "effective_date", "2026-01-01"),
        ("1.1", "effective_date", "2026-01-01"),
        ("3.0", "submission_deadline", "2026-01-01"),
        ("1.0", "implementation_deadline", "2026-04-01"),
        ("1.1", "implementation_deadline", "2026-04-01"),
    ]
    assert jeugd == [("3.0", "submission_deadline", "2026-01-01")]
    assert after == [("1.2", "submission_deadline", "2026-12-31")]


@pytest.mark.parametrize(
    ("query", "invalid"),
    [
        ({"standard": "bestaat-niet"}, "standard"),
        ({"from": "1-1-2026"}, "from"),
        ({"to": "morgen"}, "to"),
        ({"from": "2026-05-01", "to": "2026-04-01"}, "to"),
    ],
)
def test_a_bad_filter_is_a_400_problem(client, query, invalid):
    response = client.get(LIST, query)

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    params = response.json()["invalidParams"]
    assert [param["name"] for param in params] == [invalid]
    assert all(param["code"] for param in params)


def test_deadlines_are_paginated(client, wmo):
    first = client.get(LIST, {"pageSize": 4}).json()

    assert first["count"] == 6
    assert len(first["results"]) == 4
    assert len(client.get(first["next"]).json()["results"]) == 2
    assert client.get(LIST, {"page": 9}).status_code == 400


@pytest.mark.parametrize("count", [1, 5])
def test_queries_do_not_grow_with_releases(client, django_assert_num_queries, count):
    standard = StandardFactory(slug="cs-wmo")
    for minor in range(count):
        release_with_articles(
            standard=standard,
            version=f"1.{minor}",
            submission_deadline=end_of_day(datetime.date(2020, 1, 1)),
        )

    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(LIST).json()["count"] == 3 * count
    with django_assert_num_queries(LIST_QUERIES + 1):
        assert client.get(LIST, {"standard": "cs-wmo"}).status_code == 200
