"""Staff follow their work queues: the services, the fan-out of a request arriving in a queue,
the button on the queue page, and the number of queries of the fan-out."""

from django.contrib.messages import get_messages
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState as S
from governance.constants import Queue
from governance.services import change_requests as services
from notifications import fanout
from notifications.models import Frequency, Notification, OutgoingMail, Subscription
from notifications.queues import queue_follow, queue_unfollow
from notifications.selectors import subscriptions_of
from notifications.subscriptions import NotificationsError, subscription_follow
from notifications.targets import content_types, describe_subscription
from standards.constants import ReleaseState
from tests.factories import UserFactory, change_request_in_state, release_with_articles, staff_user

pytestmark = pytest.mark.django_db

PUBLIC = "Wij leggen uw verzoek voor aan het expertteam."


@pytest.fixture
def draft():
    published = release_with_articles(version="1.0")
    return release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        identities=[published.article_versions.get().article],
    )


def to_legal_review(change_request):
    return services.change_request_to_legal_review(
        change_request=change_request,
        by=staff_user(Role.SECRETARIAT),
        comment=PUBLIC,
        internal_note="Intern.",
    )


def reviewer(name: str = "jurist", email: str = "jurist@example.nl"):
    return UserFactory(username=name, email=email, roles=[Role.LEGAL_REVIEWER])


# --- queue_follow / queue_unfollow --------------------------------------------------------------


def test_staff_follow_a_queue_once_with_the_frequency_asked_and_can_stop():
    """Following twice keeps one subscription (the second frequency); it is listed as the
    'werkvoorraad Juridische toets'; unfollowing ends it, a second time is a no-op."""
    user = reviewer()
    queue_follow(user=user, queue=Queue.LEGAL_REVIEW)
    subscription = queue_follow(user=user, queue=Queue.LEGAL_REVIEW, frequency=Frequency.DAILY)

    assert Subscription.objects.get() == subscription
    assert subscription.frequency == Frequency.DAILY
    assert subscription.target_type_id is None and subscription.target_id is None
    [listed] = subscriptions_of(user)
    assert (listed.name, listed.kind) == ("werkvoorraad Juridische toets", "werkvoorraad")
    assert describe_subscription(subscription) == "werkvoorraad Juridische toets"

    assert queue_unfollow(user=user, queue=Queue.LEGAL_REVIEW) is True
    assert queue_unfollow(user=user, queue=Queue.LEGAL_REVIEW) is False
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("roles", [[], [Role.INTEGRATOR]])
def test_someone_without_a_staff_role_cannot_follow_a_queue(roles):
    """A submitter or an integrator is refused, and nothing is written."""
    user = UserFactory(roles=roles)
    with pytest.raises(NotificationsError, match="Alleen medewerkers"):
        queue_follow(user=user, queue=Queue.INTAKE)
    assert not Subscription.objects.exists()


def test_an_unknown_queue_or_frequency_is_refused():
    user = reviewer()
    with pytest.raises(NotificationsError):
        queue_follow(user=user, queue="archief")
    with pytest.raises(NotificationsError):
        queue_follow(user=user, queue=Queue.INTAKE, frequency="hourly")
    assert not Subscription.objects.exists()


def test_the_database_holds_a_subscription_to_one_thing_only(draft):
    """A subscription to both a queue and an object, or to neither, is refused by the database;
    so is a queue followed by an address without an account."""
    change_request = change_request_in_state(S.INTAKE, release=draft)
    user = reviewer()
    content_type = content_types()[type(change_request)]
    for fields in (
        {"user": user, "queue": Queue.INTAKE, "target_type": content_type, "target_id": 1},
        {"user": user},
        {"email": "iemand@example.nl", "queue": Queue.INTAKE},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Subscription.objects.create(**fields)
    assert not Subscription.objects.exists()


# --- the fan-out ------------------------------------------------------------------------------


def test_a_request_entering_legal_review_notifies_the_legal_review_followers_only(
    draft, django_capture_on_commit_callbacks
):
    """Intake -> legal review: the legal-review follower gets a notice ("wacht in uw
    werkvoorraad", the queue as reason) and a mail in the outbox; the intake follower nothing."""
    legal = reviewer()
    intake = UserFactory(username="secretaris", email="secr@example.nl", roles=[Role.SECRETARIAT])
    queue_follow(user=legal, queue=Queue.LEGAL_REVIEW)
    queue_follow(user=intake, queue=Queue.INTAKE)
    change_request = change_request_in_state(S.INTAKE, release=draft)

    with django_capture_on_commit_callbacks(execute=True):
        to_legal_review(change_request)

    notice = Notification.objects.get(user=legal)
    assert notice.title == f"{change_request.number} wacht in uw werkvoorraad Juridische toets"
    assert notice.reason == "U volgt de werkvoorraad Juridische toets."
    assert notice.body == PUBLIC
    assert notice.url == change_request.get_absolute_url()
    assert notice.subscription.queue == Queue.LEGAL_REVIEW
    [mail] = OutgoingMail.objects.filter(to="jurist@example.nl")
    assert mail.subject == notice.title
    assert notice.reason in mail.text
    assert "/meldingen/afmelden/" in mail.headers["List-Unsubscribe"]
    assert not Notification.objects.filter(user=intake).exists()
    assert not OutgoingMail.objects.filter(to="secr@example.nl").exists()


def test_a_follower_of_the_request_and_the_queue_gets_one_notice_through_the_queue(
    draft, django_capture_on_commit_callbacks
):
    """One notice and one mail per follower per event; the queue explains it, and its frequency
    decides (here: at once, though the request is followed for the weekly digest)."""
    legal = reviewer()
    change_request = change_request_in_state(S.INTAKE, release=draft)
    subscription_follow(user=legal, target=change_request, frequency=Frequency.WEEKLY)
    subscription_follow(user=legal, target=change_request.standard)
    queue_follow(user=legal, queue=Queue.LEGAL_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        to_legal_review(change_request)

    notice = Notification.objects.get(user=legal)
    assert notice.reason == "U volgt de werkvoorraad Juridische toets."
    assert notice.digest_due is False
    assert OutgoingMail.objects.filter(to="jurist@example.nl").count() == 1


def test_a_step_into_no_queue_reaches_object_followers_with_the_usual_title(
    draft, django_capture_on_commit_callbacks
):
    """Needs-info is no queue: a queue follower who also follows the request hears of it through
    the request, with the state as title."""
    legal = reviewer()
    change_request = change_request_in_state(S.INTAKE, release=draft)
    subscription_follow(user=legal, target=change_request)
    queue_follow(user=legal, queue=Queue.INTAKE)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_request_info(
            change_request=change_request,
            by=staff_user(Role.SECRETARIAT),
            question="Welk artikel bedoelt u?",
        )

    notice = Notification.objects.get(user=legal)
    assert notice.reason == f"U volgt wijzigingsverzoek {change_request.number}."
    assert "werkvoorraad" not in notice.title


# --- the button on the queue page ---------------------------------------------------------------


def test_the_queue_page_button_follows_and_unfollows_and_returns_to_the_page(client):
    """POST from the page: back to the page with a message; the page then says so."""
    legal = reviewer()
    client.force_login(legal)
    page = reverse("governance:queue", kwargs={"queue": "juridische-toets"})
    follow = reverse("notifications:follow_queue", kwargs={"queue": "juridische-toets"})
    assert f'action="{follow}"' in client.get(page).content.decode()

    response = client.post(follow, {"frequency": Frequency.DAILY, "next": page})
    assert response.status_code == 302 and response["Location"] == page
    [message] = get_messages(response.wsgi_request)
    assert "U volgt nu de werkvoorraad Juridische toets" in str(message)
    assert Subscription.objects.get(user=legal, queue=Queue.LEGAL_REVIEW).frequency == "daily"
    assert "U volgt deze werkvoorraad." in client.get(page).content.decode()

    response = client.post(follow, {"stop": "on", "next": "https://elders.example.com/"})
    assert response["Location"] == page  # another site is no way back
    assert not Subscription.objects.exists()


def test_the_button_refuses_someone_without_a_staff_role_and_an_unknown_queue(client):
    client.force_login(UserFactory(roles=[Role.INTEGRATOR]))
    follow = reverse("notifications:follow_queue", kwargs={"queue": "intake"})
    response = client.post(follow, {"frequency": Frequency.IMMEDIATELY})
    [message] = get_messages(response.wsgi_request)
    assert "Alleen medewerkers" in str(message)
    assert not Subscription.objects.exists()
    unknown = reverse("notifications:follow_queue", kwargs={"queue": "archief"})
    assert client.post(unknown, {}).status_code == 404
    assert client.get(follow).status_code == 405


def test_anonymous_visitors_are_sent_to_login(client):
    follow = reverse("notifications:follow_queue", kwargs={"queue": "intake"})
    response = client.post(follow, {"frequency": Frequency.IMMEDIATELY})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Subscription.objects.exists()


# --- queries ------------------------------------------------------------------------------------


# The same 12 as without queue followers (tests/notifications/test_fanout.py): the queue's
# subscriptions come in the one query for the subscriptions, and naming a queue takes none.
QUERIES = 12


@pytest.mark.parametrize("followers", [3, 30])
def test_notify_transition_with_queue_followers_takes_a_fixed_number_of_queries(draft, followers):
    article = draft.article_versions.get().article
    for index in range(followers):
        queue_follow(
            user=UserFactory(username=f"jurist-{index}", roles=[Role.LEGAL_REVIEWER]),
            queue=Queue.LEGAL_REVIEW,
        )
        subscription_follow(user=UserFactory(), target=article)
    change_request = to_legal_review(change_request_in_state(S.INTAKE, release=draft))
    event = change_request.events.get(transition="to_legal_review")
    content_types()  # warm, as in any running worker

    with CaptureQueriesContext(connection) as queries:
        reached = fanout.notify_transition.call(event_id=event.pk)

    assert reached == 2 * followers
    assert len(queries) == QUERIES


def test_the_unsubscribe_link_of_a_queue_subscription_names_the_queue_and_ends_it(client):
    """The link in a queue mail works like any other: a page naming the queue, then gone."""
    from notifications.subscriptions import unsubscribe_token

    subscription = queue_follow(user=reviewer(), queue=Queue.LEGAL_REVIEW)
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(subscription)])

    page = client.get(url).content.decode()
    assert "Wilt u geen berichten meer over werkvoorraad Juridische toets?" in page
    client.post(url)
    assert not Subscription.objects.exists()
