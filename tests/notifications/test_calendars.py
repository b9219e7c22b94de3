"""The iCalendar feeds (``notifications.calendars``): submission deadlines, effective dates, ends
of implementation terms and steering meetings, read back with ``icalendar`` as a calendar program
would."""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

import pytest
from icalendar import Calendar

from governance.constants import ChangeRequestState as S
from governance.models import AgendaItem, SteeringMeeting
from notifications.calendars import organisation_calendar_token, organisation_calendar_url
from organisations.constants import OrganisationKind
from organisations.models import Contract, Organisation
from standards.constants import ReleaseState
from standards.deadlines import AMSTERDAM, end_of_day
from tests.factories import (
    OrganisationFactory,
    StandardFactory,
    change_request_in_state,
    contract_on,
    release_with_articles,
)

pytestmark = pytest.mark.django_db

ALL = reverse("notifications:calendar_all")
DEADLINE = datetime.date(2026, 12, 31)
# Queries per calendar, whatever the number of events: releases, meetings (+ the standard).
QUERIES_ALL = 2
QUERIES_STANDARD = 3


def standard_url(slug: str) -> str:
    return reverse("notifications:calendar_standard", kwargs={"standard": slug})


def read(client, url: str) -> tuple[Calendar, bytes]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content), response.content


def events_by_uid(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


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
        submission_deadline=end_of_day(DEADLINE),
        # Planned dates of an unpublished release are not announced.
        effective_on=datetime.date(2027, 1, 1),
    )
    return standard, old, current, upcoming


def test_calendar_has_deadlines_effective_dates_and_implementation_terms(client, wmo):
    _standard, old, current, upcoming = wmo
    calendar, _body = read(client, ALL)
    events = events_by_uid(calendar)

    assert set(events) == {
        f"release-{old.pk}-effective@cs-portaal.nl",
        f"release-{old.pk}-implementation-deadline@cs-portaal.nl",
        f"release-{current.pk}-submission-deadline@cs-portaal.nl",
        f"release-{current.pk}-effective@cs-portaal.nl",
        f"release-{current.pk}-implementation-deadline@cs-portaal.nl",
        f"release-{upcoming.pk}-submission-deadline@cs-portaal.nl",
    }
    effective = events[f"release-{current.pk}-effective@cs-portaal.nl"]
    assert str(effective["SUMMARY"]) == "CS Wmo 2015 versie 1.1 gaat in"
    assert effective.start == datetime.date(2026, 1, 1)
    assert not isinstance(effective.start, datetime.datetime)
    assert effective.end == datetime.date(2026, 1, 2)
    assert str(effective["URL"]) == "http://testserver/standaarden/cs-wmo/versies/1.1/"
    term = events[f"release-{current.pk}-implementation-deadline@cs-portaal.nl"]
    assert str(term["SUMMARY"]) == "Einde implementatietermijn CS Wmo 2015 versie 1.1"
    assert term.start == datetime.date(2026, 4, 1)


def test_submission_deadline_is_2359_amsterdam_time_with_its_timezone(client, wmo):
    _standard, _old, _current, upcoming = wmo
    calendar, body = read(client, ALL)
    deadline = events_by_uid(calendar)[f"release-{upcoming.pk}-submission-deadline@cs-portaal.nl"]

    start = deadline.start
    assert isinstance(start, datetime.datetime)
    assert start == datetime.datetime(2026, 12, 31, 23, 59, tzinfo=AMSTERDAM)
    assert str(start.tzinfo) == "Europe/Amsterdam"
    assert b"DTSTART;TZID=Europe/Amsterdam:20261231T235900" in body
    assert "31 december 2026 om 23:59" in str(deadline["DESCRIPTION"])
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "CS-portaal: alle contractstandaarden"


def test_calendar_is_the_same_bytes_on_every_request(client, wmo):
    """Stable UIDs and a DTSTAMP from the data, not from the clock: nothing changes by itself."""
    _calendar, first = read(client, ALL)
    _calendar, second = read(client, ALL)
    assert first == second
    uids = [str(event["UID"]) for event in Calendar.from_ical(first).walk("VEVENT")]
    assert len(uids) == len(set(uids))


def test_withdrawn_release_has_no_dates(client, wmo):
    standard, *_releases = wmo
    withdrawn = release_with_articles(
        standard=standard,
        version="1.3",
        state=ReleaseState.WITHDRAWN,
        submission_deadline=end_of_day(DEADLINE),
    )
    calendar, _body = read(client, ALL)
    assert not any(f"release-{withdrawn.pk}-" in uid for uid in events_by_uid(calendar))


def test_steering_meetings_show_date_and_location_but_not_the_agenda(client):
    change_request = change_request_in_state(S.STEERING, title="Geheim agendapunt")
    meeting = SteeringMeeting.objects.create(
        held_on=datetime.date(2027, 3, 1), location="Utrecht, VNG"
    )
    AgendaItem.objects.create(meeting=meeting, change_request=change_request, position=1)

    calendar, body = read(client, ALL)
    event = events_by_uid(calendar)[f"steering-meeting-{meeting.pk}@cs-portaal.nl"]

    assert str(event["SUMMARY"]) == "Vergadering Stuurgroep i-Sociaal Domein"
    assert event.start == datetime.date(2027, 3, 1)
    assert str(event["LOCATION"]) == "Utrecht, VNG"
    assert "URL" not in event  # the decision list is not published yet
    assert b"Geheim agendapunt" not in body
    assert change_request.number.encode() not in body


def test_calendar_of_a_standard_has_its_own_releases_and_every_meeting(client, wmo):
    standard, _old, current, _upcoming = wmo
    other = release_with_articles(standard=StandardFactory(slug="cs-jeugd"), version="1.0")
    meeting = SteeringMeeting.objects.create(held_on=datetime.date(2027, 3, 1))

    calendar, _body = read(client, standard_url(standard.slug))
    uids = set(events_by_uid(calendar))

    assert f"release-{current.pk}-effective@cs-portaal.nl" in uids
    assert not any(f"release-{other.pk}-" in uid for uid in uids)
    assert f"steering-meeting-{meeting.pk}@cs-portaal.nl" in uids
    assert str(calendar["X-WR-CALNAME"]) == "CS-portaal: CS Wmo 2015"
    assert str(calendar["UID"]) != str(read(client, ALL)[0]["UID"])


def test_calendar_of_an_unknown_standard_is_404(client):
    assert client.get(standard_url("bestaat-niet")).status_code == 404


def test_calendar_may_be_cached_for_five_minutes(client):
    response = client.get(ALL)
    assert response["Cache-Control"] == "public, max-age=300"


def test_empty_calendar_is_still_a_valid_calendar(client):
    calendar, body = read(client, ALL)
    assert calendar.walk("VEVENT") == []
    assert b"VTIMEZONE" not in body


def make_rows(count: int):
    standard = StandardFactory(slug="cs-wmo", name="CS Wmo 2015")
    for minor in range(count):
        release_with_articles(
            standard=standard,
            version=f"1.{minor}",
            state=ReleaseState.SUPERSEDED,
            submission_deadline=end_of_day(datetime.date(2020, 1, 1) + datetime.timedelta(minor)),
        )
    SteeringMeeting.objects.bulk_create(
        SteeringMeeting(held_on=datetime.date(2027, 1, 1) + datetime.timedelta(days=day))
        for day in range(count)
    )
    return standard


@pytest.mark.parametrize("count", [3, 30])
def test_calendar_queries_do_not_grow_with_events(client, django_assert_num_queries, count):
    standard = make_rows(count)
    with django_assert_num_queries(QUERIES_ALL):
        response = client.get(ALL)
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 4 * count
    with django_assert_num_queries(QUERIES_STANDARD):
        response = client.get(standard_url(standard.slug))
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 4 * count


# --- An organisation's calendar: its contracts' deadlines, behind a signed key -------------------


@pytest.fixture
def contracts():
    """Utrecht (member of Regio Domstad-Zuid) and Houten, with CS Jeugd 1.0, 1.1 and 1.2."""
    jeugd = StandardFactory(slug="cs-jeugd", name="CS Jeugd")
    v10 = release_with_articles(standard=jeugd, version="1.0", state=ReleaseState.SUPERSEDED)
    v11 = release_with_articles(
        standard=jeugd,
        version="1.1",
        state=ReleaseState.SUPERSEDED,
        implementation_deadline=datetime.date(2026, 4, 15),
    )
    v12 = release_with_articles(
        standard=jeugd, version="1.2", implementation_deadline=datetime.date(2027, 4, 1)
    )
    utrecht = OrganisationFactory(name="Utrecht", slug="utrecht")
    houten = OrganisationFactory(name="Houten", slug="houten")
    region = OrganisationFactory(
        kind=OrganisationKind.REGION, name="Regio Domstad-Zuid", municipalities=[utrecht]
    )
    return {
        "utrecht": utrecht,
        "houten": houten,
        "region": region,
        "behind": contract_on(v10, organisation=utrecht, name="Jeugdhulp 2025"),
        "moved_once": contract_on(v11, organisation=region, name="Jeugdhulp regio"),
        "up_to_date": contract_on(v12, organisation=utrecht, name="Actueel"),
        "ends_first": contract_on(
            v11, organisation=utrecht, name="Loopt af", ends_on=datetime.date(2027, 3, 31)
        ),
        "of_houten": contract_on(v10, organisation=houten, name="Jeugdhulp Houten"),
        "v12": v12,
    }


def relative(url: str) -> str:
    return url.removeprefix(settings.SITE_URL)


def organisation_path(organisation, token: str | None = None) -> str:
    path = reverse("notifications:calendar_organisation", kwargs={"slug": organisation.slug})
    return path if token is None else f"{path}?{urlencode({'sleutel': token})}"


def test_an_organisations_calendar_has_the_deadlines_of_the_contracts_that_bind_it(
    client, contracts
):
    """One all-day event per contract that must still move: its own and its region's; not the
    contract that is up to date, the one that ends before its deadline, or another's."""
    url = organisation_calendar_url(contracts["utrecht"])
    assert url.startswith(f"{settings.SITE_URL}/organisaties/utrecht/agenda.ics?sleutel=")

    calendar, _body = read(client, relative(url))
    events = events_by_uid(calendar)

    behind, moved_once = contracts["behind"], contracts["moved_once"]
    assert set(events) == {
        f"contract-{behind.pk}-implementation-deadline@cs-portaal.nl",
        f"contract-{moved_once.pk}-implementation-deadline@cs-portaal.nl",
    }
    # Missed 1.1 and 1.2: due by the earliest deadline, to the newest release.
    event = events[f"contract-{behind.pk}-implementation-deadline@cs-portaal.nl"]
    assert event.start == datetime.date(2026, 4, 15)
    assert event.end == datetime.date(2026, 4, 16)
    assert "VALUE=DATE" in event.to_ical().decode().replace("\r\n ", "")
    assert str(event["SUMMARY"]) == (
        "Jeugdhulp 2025 (Utrecht) uiterlijk over naar CS Jeugd versie 1.2"
    )
    assert str(event["URL"]) == f"http://testserver/organisaties/utrecht/contracten/{behind.pk}/"
    region_event = events[f"contract-{moved_once.pk}-implementation-deadline@cs-portaal.nl"]
    assert region_event.start == datetime.date(2027, 4, 1)
    assert str(calendar["X-WR-CALNAME"]) == "CS-portaal: termijnen van gemeente Utrecht"


def test_an_organisations_calendar_is_the_same_bytes_whatever_the_day(
    client, contracts, monkeypatch
):
    """Events follow from the data alone: a year later, the same data gives the same bytes."""
    url = relative(organisation_calendar_url(contracts["utrecht"]))
    _calendar, first = read(client, url)
    later = timezone.now() + datetime.timedelta(days=365)
    monkeypatch.setattr(timezone, "now", lambda: later)
    _calendar, second = read(client, url)
    assert first == second


def test_a_contract_that_moved_has_no_event_any_more(client, contracts):
    url = relative(organisation_calendar_url(contracts["region"]))
    uid = f"contract-{contracts['moved_once'].pk}-implementation-deadline@cs-portaal.nl"
    assert uid in events_by_uid(read(client, url)[0])
    Contract.objects.filter(pk=contracts["moved_once"].pk).update(release=contracts["v12"])
    assert uid not in events_by_uid(read(client, url)[0])


@pytest.mark.parametrize(
    "token",
    [
        None,  # no key
        "",
        "niet-ondertekend",
        "tampered",  # the key of Utrecht with one character changed
        "of-houten",  # a valid key, of another organisation
        "other-salt",  # Utrecht's id signed for another purpose (an unsubscribe link)
    ],
)
def test_an_organisations_calendar_without_its_own_key_is_404(client, contracts, token):
    utrecht = contracts["utrecht"]
    if token == "tampered":
        good = organisation_calendar_token(utrecht)
        token = good[:-1] + ("A" if good[-1] != "A" else "B")
    elif token == "of-houten":
        token = organisation_calendar_token(contracts["houten"])
    elif token == "other-salt":
        token = signing.dumps(utrecht.pk, salt="notifications.unsubscribe")
    response = client.get(organisation_path(utrecht, token))
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_an_unknown_organisation_is_404_also_with_a_key(client, contracts):
    token = organisation_calendar_token(contracts["utrecht"])
    assert (
        client.get(organisation_path(Organisation(slug="bestaat-niet"), token)).status_code == 404
    )


def test_an_organisations_calendar_is_never_kept_in_a_shared_cache(client, contracts):
    url = relative(organisation_calendar_url(contracts["utrecht"]))
    response = client.get(url)
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("count", [2, 12])
def test_an_organisations_calendar_takes_three_queries(client, django_assert_num_queries, count):
    """The organisation, the contracts that bind it, and the releases of their standards."""
    old = release_with_articles(version="1.0", state=ReleaseState.SUPERSEDED)
    release_with_articles(standard=old.standard, version="1.1")
    municipality = OrganisationFactory()
    region = OrganisationFactory(kind=OrganisationKind.REGION, municipalities=[municipality])
    for number in range(count):
        contract_on(old, organisation=municipality, name=f"Eigen {number}")
        contract_on(old, organisation=region, name=f"Regio {number}")
    url = relative(organisation_calendar_url(municipality))
    with django_assert_num_queries(3):
        response = client.get(url)
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 2 * count
