"""The Atom feeds (``notifications.feeds``): new releases of a standard, the status changes of a
standard's change requests and the timeline of one change request, read back with feedparser as
a feed reader would; and the overview page of all feeds and calendars."""

import datetime
import re

from django.urls import Resolver404, resolve, reverse

import feedparser
import pytest

from governance.constants import ActorRole
from governance.constants import ChangeRequestState as S
from governance.models import ChangeRequest, TransitionEvent
from notifications.feeds import FEED_LENGTH
from standards.constants import ReleaseState
from tests.factories import StandardFactory, change_request_in_state, release_with_articles

pytestmark = pytest.mark.django_db

INTERNAL = "Interne afweging: niet voor de buitenwereld."
PUBLIC = "Wij leggen uw verzoek voor aan het expertteam."

# Queries per request, whatever the number of rows: the standard or change request, the entries.
QUERIES_RELEASE_FEED = 2
QUERIES_CHANGE_REQUEST_FEED = 2
QUERIES_OVERVIEW = 1


def releases_url(slug: str) -> str:
    return reverse("notifications:feed_releases", kwargs={"standard": slug})


def change_requests_url(slug: str) -> str:
    return reverse("notifications:feed_change_requests", kwargs={"standard": slug})


def change_request_url(number: str) -> str:
    return reverse("notifications:feed_change_request", kwargs={"number": number})


def parse(client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def published_series(count: int):
    """A standard with ``count`` releases: 1.0 … superseded, the newest published."""
    standard = StandardFactory(slug="cs-wmo", name="CS Wmo 2015")
    previous = None
    for minor in range(count):
        state = ReleaseState.PUBLISHED if minor == count - 1 else ReleaseState.SUPERSEDED
        previous = release_with_articles(
            standard=standard,
            version=f"1.{minor}",
            state=state,
            based_on=previous,
            published_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=minor),
        )
    return standard


def add_events(change_request: ChangeRequest, count: int) -> None:
    """``count`` more status changes (deferrals), each with a public and an internal text."""
    TransitionEvent.objects.bulk_create(
        TransitionEvent(
            change_request=change_request,
            transition="decide",
            from_state=S.STEERING,
            to_state=S.STEERING,
            actor_role=ActorRole.STEERING_GROUP,
            public_comment=f"{PUBLIC} ({number})",
            internal_note=INTERNAL,
        )
        for number in range(count)
    )


# --- addresses --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/standaarden/cs-wmo/feeds/versies.atom",
        "/standaarden/cs-wmo/feeds/wijzigingsverzoeken.atom",
        "/standaarden/cs-wmo/agenda.ics",
        "/wijzigingsverzoeken/WV-2026-0042/feed.atom",
        "/agenda.ics",
    ],
)
def test_no_feed_address_can_be_read_as_a_page_of_standards_or_governance(path):
    """Whatever order the URL configurations are included in, only the feed matches: a dot is
    no slug, so ``feed.atom`` is no workflow step and ``feeds/versies.atom`` no release."""
    for urlconf in ("standards.urls", "governance.urls", "pages.urls"):
        with pytest.raises(Resolver404):
            resolve(path, urlconf=urlconf)
    assert resolve(path).namespace == "notifications"


def test_a_workflow_step_is_still_a_workflow_step():
    """The feed of a change request leaves the step pages next to it alone."""
    match = resolve("/wijzigingsverzoeken/WV-2026-0042/beoordelen/")
    assert match.view_name == "governance:change_request_step"


# --- releases ---------------------------------------------------------------------------------


def test_release_feed_lists_published_releases_newest_first_with_dates_and_compare_link(client):
    """Superseded and published releases are entries; a draft or withdrawn release is not."""
    standard = published_series(3)
    release_with_articles(standard=standard, version="1.3", state=ReleaseState.DRAFT)
    release_with_articles(standard=standard, version="1.4", state=ReleaseState.WITHDRAWN)

    feed = parse(client, releases_url(standard.slug))

    assert feed.feed.title == "CS Wmo 2015: nieuwe versies"
    assert [entry.title for entry in feed.entries] == [
        "CS Wmo 2015 versie 1.2 gepubliceerd",
        "CS Wmo 2015 versie 1.1 gepubliceerd",
        "CS Wmo 2015 versie 1.0 gepubliceerd",
    ]
    newest = feed.entries[0]
    assert newest.link == "http://testserver/standaarden/cs-wmo/versies/1.2/"
    assert newest.updated.startswith("2020-01-03T00:00:00+01:00")
    assert "Ingangsdatum: 1 januari 2026." in newest.summary
    assert "uiterlijk op 1 april 2026" in newest.summary
    assert 'href="http://testserver/standaarden/cs-wmo/vergelijk/1.1/1.2/"' in newest.summary
    # The first release has no predecessor to compare with.
    assert "vergelijk" not in feed.entries[-1].summary


def test_release_entries_keep_their_ids(client):
    """An entry's id is a tag URI with the release's key: the same in every request."""
    standard = published_series(2)
    first = [entry.id for entry in parse(client, releases_url(standard.slug)).entries]
    second = [entry.id for entry in parse(client, releases_url(standard.slug)).entries]
    assert first == second
    assert len(set(first)) == 2
    assert all(re.fullmatch(r"tag:cs-portaal\.nl,2026:release-\d+", id_) for id_ in first)


def test_release_feed_of_an_unknown_standard_is_404(client):
    assert client.get(releases_url("bestaat-niet")).status_code == 404


def test_feeds_may_be_cached_for_five_minutes(client):
    standard = published_series(1)
    assert client.get(releases_url(standard.slug))["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("count", [3, 30])
def test_release_feed_queries_do_not_grow_with_releases(client, django_assert_num_queries, count):
    standard = published_series(count)
    with django_assert_num_queries(QUERIES_RELEASE_FEED):
        response = client.get(releases_url(standard.slug))
    assert len(feedparser.parse(response.content).entries) == count


# --- change requests ----------------------------------------------------------------------------


def test_change_request_feed_of_a_standard_has_public_steps_only(client):
    """Status changes of the standard's confirmed requests, newest first, with the public comment
    and the role; never an internal note, never an unconfirmed request or another standard's."""
    public = change_request_in_state(S.LEGAL_REVIEW, title="Levertermijn verduidelijken")
    add_events(public, 1)
    unconfirmed = change_request_in_state(
        S.SUBMITTED, release=public.base_release, title="Nog niet bevestigd"
    )
    elsewhere = change_request_in_state(S.INTAKE, title="Ander verzoek")
    assert unconfirmed.events.exists()

    feed = parse(client, change_requests_url(public.standard.slug))

    titles = [entry.title for entry in feed.entries]
    assert titles[0] == f"{public.number} Levertermijn verduidelijken: Besluitvorming stuurgroep"
    assert titles[1] == f"{public.number} Levertermijn verduidelijken: Juridische toets"
    assert len(titles) == public.events.count()
    assert not any(unconfirmed.number in title or elsewhere.number in title for title in titles)
    newest = feed.entries[0]
    assert PUBLIC in newest.summary
    assert newest.author == "Stuurgroep"
    assert newest.link == f"http://testserver/wijzigingsverzoeken/{public.number}/"
    body = client.get(change_requests_url(public.standard.slug)).content.decode()
    assert INTERNAL not in body
    assert "Nog niet bevestigd" not in body


def test_change_request_feed_of_a_standard_holds_the_latest_fifty(client):
    change_request = change_request_in_state(S.STEERING)
    add_events(change_request, FEED_LENGTH + 5)
    feed = parse(client, change_requests_url(change_request.standard.slug))
    assert len(feed.entries) == FEED_LENGTH
    assert feed.entries[0].summary.endswith(f"({FEED_LENGTH + 4})</p>")


def test_feed_of_one_change_request_is_its_timeline_newest_first(client):
    change_request = change_request_in_state(S.LEGAL_REVIEW)
    feed = parse(client, change_request_url(change_request.number))
    assert feed.feed.title == f"{change_request.number} {change_request.title}"
    events = list(change_request.events.order_by("-created_at", "-pk"))
    assert [entry.id for entry in feed.entries] == [
        f"tag:cs-portaal.nl,2026:transition-event-{event.pk}" for event in events
    ]
    assert [
        entry.id for entry in parse(client, change_request_url(change_request.number)).entries
    ] == [entry.id for entry in feed.entries]
    assert feed.entries[-1].title.endswith("Ingediend, e-mailadres niet bevestigd")


def test_internal_notes_stay_out_of_the_feed_of_one_change_request(client):
    change_request = change_request_in_state(S.STEERING)
    add_events(change_request, 2)
    body = client.get(change_request_url(change_request.number)).content.decode()
    assert PUBLIC in body
    assert INTERNAL not in body


def test_feed_of_an_unconfirmed_or_unknown_change_request_is_404(client):
    """Staff see an unconfirmed request on its page, but a feed has no session: 404 for all."""
    unconfirmed = change_request_in_state(S.SUBMITTED)
    assert client.get(change_request_url(unconfirmed.number)).status_code == 404
    assert client.get(change_request_url("WV-2026-9999")).status_code == 404
    assert client.get(change_requests_url("bestaat-niet")).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_change_request_feeds_queries_do_not_grow_with_events(
    client, django_assert_num_queries, count
):
    change_request = change_request_in_state(S.STEERING)
    add_events(change_request, count)
    standard_feed = change_requests_url(change_request.standard.slug)
    own_feed = change_request_url(change_request.number)
    with django_assert_num_queries(QUERIES_CHANGE_REQUEST_FEED):
        client.get(standard_feed)
    with django_assert_num_queries(QUERIES_CHANGE_REQUEST_FEED):
        response = client.get(own_feed)
    assert len(feedparser.parse(response.content).entries) == change_request.events.count()


# --- the overview page --------------------------------------------------------------------------


def test_overview_lists_every_feed_and_calendar_with_its_full_address(client):
    first = StandardFactory(slug="cs-jeugd", name="CS Jeugd")
    second = StandardFactory(slug="cs-wmo", name="CS Wmo 2015")
    response = client.get(reverse("notifications:feeds"))
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r"<h1 [^>]*>Feeds en agenda(&#x27;|')s</h1>", body)
    for standard in (first, second):
        for url in (
            releases_url(standard.slug),
            change_requests_url(standard.slug),
            reverse("notifications:calendar_standard", kwargs={"standard": standard.slug}),
        ):
            assert f'href="http://testserver{url}"' in body
            assert f"<code>http://testserver{url}</code>" in body
    assert "<code>http://testserver/agenda.ics</code>" in body
    assert 'rel="alternate" type="application/atom+xml"' in body


@pytest.mark.parametrize("count", [3, 30])
def test_overview_queries_do_not_grow_with_standards(client, django_assert_num_queries, count):
    for number in range(count):
        StandardFactory(slug=f"cs-{number}")
    with django_assert_num_queries(QUERIES_OVERVIEW):
        response = client.get(reverse("notifications:feeds"))
    assert response.content.decode().count("/feeds/versies.atom</code>") == count
