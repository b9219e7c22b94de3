"""The follower's pages: the notification centre, the subscriptions, the follow button and the
unsubscribe link, with the unread count in the header."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from governance.constants import ChangeRequestState
from governance.models import ChangeRequest
from notifications.models import Frequency, Notification, Subscription
from notifications.subscriptions import subscription_follow, unsubscribe_token
from notifications.targets import content_types
from standards.models import Release
from tests.factories import UserFactory, change_request_in_state, release_with_articles

pytestmark = pytest.mark.django_db

NOTICES = reverse("notifications:notifications")
MARK_READ = reverse("notifications:mark_read")
SUBSCRIPTIONS = reverse("notifications:subscriptions")
HOME = reverse("standards:standard_list")


def follow_url(kind: str, pk: int) -> str:
    return reverse("notifications:follow", kwargs={"kind": kind, "pk": pk})


def unsubscribe_url(subscription: Subscription) -> str:
    return reverse("notifications:unsubscribe", args=[unsubscribe_token(subscription)])


def text(response) -> str:
    """The page as a reader hears it: tags removed, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def notice(user, key: str, **fields) -> Notification:
    return Notification.objects.create(
        user=user,
        key=key,
        title=fields.pop("title", f"Melding {key}"),
        url=fields.pop("url", "/wijzigingsverzoeken/"),
        reason=fields.pop("reason", "U volgt standaard CS-TEST."),
        **fields,
    )


@pytest.fixture
def user(client):
    user = UserFactory(username="volger", email="volger@example.nl")
    client.force_login(user)
    return user


# --- /meldingen/ ----------------------------------------------------------------------------------


def test_the_notification_centre_needs_a_login(client):
    response = client.get(NOTICES)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_notification_centre_lists_the_users_own_notices_newest_first_unread_marked(
    client, user
):
    notice(user, "a", title="Oud en gelezen", read_at="2026-01-01T00:00:00Z")
    notice(user, "b", title="Nieuw en ongelezen", body="Publieke toelichting.")
    notice(UserFactory(), "c", title="Van een ander")

    response = client.get(NOTICES)

    assert response.status_code == 200
    page = text(response)
    assert "Van een ander" not in page
    assert page.index("Nieuw en ongelezen") < page.index("Oud en gelezen")
    assert "Publieke toelichting." in page
    assert "U volgt standaard CS-TEST." in page
    html = response.content.decode()
    assert html.count("cs-notice--unread") == 1
    assert re.search(r"cs-notice--unread.*?Nieuw en ongelezen", html, re.S)
    assert "Alles als gelezen markeren" in page


def test_marking_all_read_clears_the_header_count_and_only_the_users_own(client, user):
    notice(user, "a")
    notice(user, "b")
    others = notice(UserFactory(), "a")
    assert "Meldingen 2 ongelezen" in text(client.get(HOME))

    response = client.post(MARK_READ, follow=True)

    assert response.redirect_chain == [(NOTICES, 302)]
    page = text(response)
    assert "Alle meldingen zijn gelezen." in page
    assert "ongelezen" not in page
    assert "Alles als gelezen markeren" not in page
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


def test_marking_read_needs_a_post(client, user):
    notice(user, "a")

    assert client.get(MARK_READ).status_code == 405
    assert Notification.objects.get().read_at is None


def test_the_header_shows_the_unread_count_to_a_logged_in_user_only(client, user):
    notice(user, "a")
    notice(user, "b", read_at="2026-01-01T00:00:00Z")
    notice(user, "c")
    notice(user, "d")

    assert "Meldingen 3 ongelezen" in text(client.get(HOME))

    client.logout()
    page = text(client.get(HOME))
    assert "Meldingen" not in page
    assert "ongelezen" not in page


def _notices_page_queries(client, user, count: int) -> int:
    Notification.objects.filter(user=user).delete()
    for index in range(count):
        notice(user, f"k{index}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(NOTICES)
    assert response.status_code == 200
    assert response.content.decode().count('class="cs-notice ') == min(count, 25)
    return len(queries)


def test_the_notification_centre_takes_a_fixed_number_of_queries(client, user):
    """Session, user, the user's and their groups' permissions (the base layout's menu), the
    unread count (once, for header and button), the page count, the page: 7 for 5 notices and
    for 50 (two pages)."""
    assert [_notices_page_queries(client, user, count) for count in (5, 50)] == [7, 7]


# --- /meldingen/abonnementen/ ---------------------------------------------------------------------


def test_the_subscriptions_page_lists_what_the_user_follows_by_name(client, user):
    release = release_with_articles(articles=[("3.8", "Storingsdienst", "Bereikbaar.")])
    article = release.article_versions.get().article
    subscription_follow(user=user, target=release.standard, frequency=Frequency.WEEKLY)
    subscription_follow(user=user, target=article)
    subscription_follow(user=UserFactory(), target=release)

    response = client.get(SUBSCRIPTIONS)

    assert response.status_code == 200
    page = text(response)
    name = release.standard.name
    assert f"Artikel 3.8 Storingsdienst ({name})" in page
    assert f"Standaard {name}" in page
    assert f"Versie 1.0 van {name}" not in page
    assert re.search(r'<option value="weekly" selected>', response.content.decode())


def test_the_subscriptions_page_changes_a_frequency_and_stops_a_subscription(client, user):
    release = release_with_articles()
    kept = subscription_follow(user=user, target=release.standard)
    stopped = subscription_follow(user=user, target=release)

    response = client.post(
        SUBSCRIPTIONS, {"subscription": kept.pk, "frequency": Frequency.DAILY}, follow=True
    )
    assert response.redirect_chain == [(SUBSCRIPTIONS, 302)]
    assert "Uw keuze is bewaard." in text(response)
    kept.refresh_from_db()
    assert kept.frequency == Frequency.DAILY

    response = client.post(SUBSCRIPTIONS, {"subscription": stopped.pk, "stop": "on"}, follow=True)
    assert f"U volgt versie 1.0 van {release.standard.name} niet meer." in text(response)
    assert list(Subscription.objects.all()) == [kept]


def test_another_users_subscription_cannot_be_changed_or_stopped(client, user):
    """Its id is not found among the user's own: 404, and it stays as it was."""
    theirs = subscription_follow(user=UserFactory(), target=release_with_articles().standard)

    for data in (
        {"subscription": theirs.pk, "frequency": Frequency.WEEKLY},
        {"subscription": theirs.pk, "stop": "on"},
    ):
        assert client.post(SUBSCRIPTIONS, data).status_code == 404

    theirs.refresh_from_db()
    assert theirs.frequency == Frequency.IMMEDIATELY


@pytest.mark.parametrize(
    "data",
    [{"frequency": "hourly"}, {"frequency": ""}, {}],
    ids=["unknown", "empty", "missing"],
)
def test_a_bad_frequency_is_refused_with_a_message(client, user, data):
    subscription = subscription_follow(user=user, target=release_with_articles().standard)

    response = client.post(SUBSCRIPTIONS, {"subscription": subscription.pk, **data})

    assert response.status_code == 400
    assert "Kies hoe vaak u berichten wilt ontvangen." in text(response)
    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.IMMEDIATELY


def _subscriptions_page_queries(client, user, targets) -> int:
    Subscription.objects.filter(user=user).delete()
    for target in targets:
        subscription_follow(user=user, target=target)
    content_types()  # warm, as in any running server
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SUBSCRIPTIONS)
    assert response.status_code == 200
    assert response.content.decode().count('name="stop"') == len(targets)
    return len(queries)


def test_the_subscriptions_page_takes_a_fixed_number_of_queries(client, user):
    """Session, user, permissions (2, the base layout), unread count, the subscriptions: 6; then
    one query per kind followed, plus one for the newest versions of articles and one for those
    of documents. 3 subscriptions of article, document, standard: 6 + 2 + 2 + 1 = 11 queries;
    12 of those three kinds: 11 too; 12 of all five kinds: + change request + release = 13."""
    releases = [
        release_with_articles(articles=[("3.1", "A", "a."), ("3.2", "B", "b.")])
        for _index in range(4)
    ]
    articles = [r.article_versions.order_by("position").first().article for r in releases]
    documents = [r.document_versions.get().document for r in releases]
    standards = [r.standard for r in releases]
    requests = [change_request_in_state() for _index in range(2)]
    three = [articles[0], documents[0], standards[0]]
    twelve_of_three = [*articles, *documents, *standards]
    twelve_of_five = [*articles[:3], *documents[:3], *standards[:2], *requests, *releases[:2]]

    counts = [
        _subscriptions_page_queries(client, user, targets)
        for targets in (three, twelve_of_three, twelve_of_five)
    ]

    assert counts == [11, 11, 13]
    assert {type(t) for t in twelve_of_five} == {
        type(articles[0]),
        type(documents[0]),
        type(standards[0]),
        ChangeRequest,
        Release,
    }


# --- following from a page ------------------------------------------------------------------------


def test_following_an_article_from_its_page_and_back(client, user):
    """The button on the article page follows with the chosen frequency and returns there; the
    page then says so and offers to stop, which returns there too."""
    release = release_with_articles(articles=[("3.8", "Storingsdienst", "Bereikbaar.")])
    version = release.article_versions.get()
    page_url = version.get_absolute_url()
    action = follow_url("artikel", version.article_id)

    page = client.get(page_url).content.decode()
    assert f'action="{action}"' in page
    assert "Volgen" in page

    response = client.post(action, {"frequency": Frequency.DAILY, "next": page_url}, follow=True)

    assert response.redirect_chain == [(page_url, 302)]
    subscription = Subscription.objects.get(user=user)
    assert subscription.target == version.article
    assert subscription.frequency == Frequency.DAILY
    page = text(response)
    assert "U volgt nu artikel 3.8 Storingsdienst" in page
    assert "U volgt dit. Dagelijks overzicht." in page
    assert "Niet meer volgen" in page

    response = client.post(action, {"stop": "on", "next": page_url}, follow=True)

    assert response.redirect_chain == [(page_url, 302)]
    assert "niet meer" in text(response)
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "unsafe",
    ["https://kwaadwillend.example/", "//kwaadwillend.example/pad", "javascript:alert(1)"],
)
def test_an_unsafe_next_is_ignored(client, user, unsafe):
    standard = release_with_articles().standard

    response = client.post(follow_url("standaard", standard.pk), {"next": unsafe})

    assert response.status_code == 302
    assert response["Location"] == SUBSCRIPTIONS
    assert Subscription.objects.get(user=user).target == standard


def test_following_an_unknown_kind_or_object_is_not_found(client, user):
    standard = release_with_articles().standard

    assert client.post(follow_url("organisatie", standard.pk)).status_code == 404
    assert client.post(follow_url("standaard", standard.pk + 1000)).status_code == 404
    assert not Subscription.objects.exists()


def test_a_request_that_is_not_public_cannot_be_followed(client, user):
    """Its page is 'not found' for the public; following it by id must be too, without
    revealing its number."""
    change_request = change_request_in_state(ChangeRequestState.SUBMITTED)

    response = client.post(follow_url("wijzigingsverzoek", change_request.pk), follow=True)

    assert change_request.number not in text(response)
    assert response.status_code == 404
    assert not Subscription.objects.exists()


def test_following_needs_a_post_and_a_login(client):
    standard = release_with_articles().standard
    action = follow_url("standaard", standard.pk)

    assert client.get(action).status_code == 405
    response = client.post(action)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Subscription.objects.exists()


def test_an_anonymous_visitor_can_follow_by_e_mail_or_log_in(client):
    """No account needed: the form asks for an address (confirmed by a link first)."""
    standard = release_with_articles().standard

    page = client.get(standard.get_absolute_url()).content.decode()

    assert "Of log in om te volgen" in page
    assert f'action="/meldingen/volgen/standaard/{standard.pk}/per-e-mail/"' in page
    assert 'name="email"' in page


# --- unsubscribing by link ------------------------------------------------------------------------


def test_the_unsubscribe_link_asks_first_and_a_post_ends_the_subscription(client):
    """Opening the link (a mail scanner does) changes nothing; the button ends it, no login."""
    release = release_with_articles()
    subscription = subscription_follow(user=UserFactory(), target=release.standard)
    url = unsubscribe_url(subscription)

    response = client.get(url)

    assert response.status_code == 200
    page = text(response)
    assert f"Wilt u geen berichten meer over standaard {release.standard.name}?" in page
    assert re.search(r'<form method="post">\s*<button', response.content.decode())
    assert Subscription.objects.filter(pk=subscription.pk).exists()

    response = client.post(url)

    assert response.status_code == 200
    assert f"U volgt standaard {release.standard.name} niet meer." in text(response)
    assert not Subscription.objects.exists()
    assert "U bent afgemeld." in text(client.get(url))  # the link again: already done


def test_an_invalid_unsubscribe_link_is_a_not_found_page(client):
    subscription = subscription_follow(user=UserFactory(), target=release_with_articles().standard)
    forged = unsubscribe_token(subscription)[:-3] + "xyz"

    for method in (client.get, client.post):
        response = method(reverse("notifications:unsubscribe", args=[forged]))
        assert response.status_code == 404
        assert "Deze afmeldlink is niet geldig." in text(response)

    assert Subscription.objects.filter(pk=subscription.pk).exists()
