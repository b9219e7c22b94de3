"""Digests: the notices of daily and weekly subscriptions, gathered into one e-mail per period,
and what staff see about who will hear of a step."""

import datetime

from django.core.management import call_command
from django.test import override_settings

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState as S
from governance.services import change_requests as services
from notifications.digests import digest_unsubscribe, digest_unsubscribe_token, digests_send
from notifications.fanout import audience_of
from notifications.models import Frequency, Notification, OutgoingMail, Subscription
from notifications.subscriptions import subscription_follow
from tests.factories import UserFactory, change_request_in_state, staff_user

pytestmark = pytest.mark.django_db

MORNING = datetime.datetime(2027, 3, 2, 7, 0, tzinfo=datetime.UTC)


def step(change_request, django_capture_on_commit_callbacks):
    """Move the request from intake to legal review, running the notification tasks."""
    with django_capture_on_commit_callbacks(execute=True):
        return services.change_request_to_legal_review(
            change_request=change_request,
            by=staff_user(Role.SECRETARIAT),
            comment="Ontvankelijk.",
        )


@pytest.fixture
def followed(django_capture_on_commit_callbacks):
    """Two requests on one standard; a daily, a weekly and an immediate follower of it."""
    first = change_request_in_state(S.INTAKE)
    second = change_request_in_state(S.INTAKE, release=first.base_release, title="Tweede verzoek")
    daily = UserFactory(username="dagelijks", email="dag@example.nl")
    weekly = UserFactory(username="wekelijks", email="week@example.nl")
    direct = UserFactory(username="direct", email="direct@example.nl")
    subscription_follow(user=daily, target=first.standard, frequency=Frequency.DAILY)
    subscription_follow(user=weekly, target=first.standard, frequency=Frequency.WEEKLY)
    subscription_follow(user=direct, target=first.standard)
    step(first, django_capture_on_commit_callbacks)
    step(second, django_capture_on_commit_callbacks)
    return first, second, daily, weekly


def test_digest_followers_get_notices_to_gather_and_no_mail_per_step(followed):
    """Per step the immediate follower gets an e-mail, the digest followers only a notice."""
    _first, _second, daily, weekly = followed
    assert Notification.objects.filter(user=daily, digest_due=True).count() == 2
    assert Notification.objects.filter(user=weekly, digest_due=True).count() == 2
    assert set(OutgoingMail.objects.values_list("to", flat=True)) == {
        "direct@example.nl",
        "sam@gemeente.example.nl",  # the submitter's own mails
    }


@override_settings(SITE_URL="https://cs.example.nl")
def test_the_daily_digest_gathers_the_notices_once_per_day(followed):
    """One e-mail per daily follower with both steps, newest first; the notices are done, the
    weekly follower waits; a second run the same day queues nothing."""
    first, second, daily, weekly = followed

    assert digests_send(frequency=Frequency.DAILY, now=MORNING) == 1

    mail = OutgoingMail.objects.get(to="dag@example.nl")
    assert mail.subject == "Uw dagelijks overzicht van het CS-portaal: 2 berichten"
    assert mail.text.index(second.number) < mail.text.index(first.number)
    assert "https://cs.example.nl" + first.get_absolute_url() in mail.text
    assert "U volgt standaard" in mail.text
    assert mail.headers["List-Unsubscribe"].startswith(
        "<https://cs.example.nl/meldingen/afmelden-overzicht/"
    )
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.key == "digest:daily:2027-03-02:dag@example.nl"
    assert not Notification.objects.filter(user=daily, digest_due=True).exists()
    assert Notification.objects.filter(user=weekly, digest_due=True).count() == 2

    assert digests_send(frequency=Frequency.DAILY, now=MORNING) == 0
    assert OutgoingMail.objects.filter(to="dag@example.nl").count() == 1


def test_the_weekly_digest_is_keyed_on_the_iso_week(followed):
    _first, _second, _daily, weekly = followed
    call_command("send_digests", "weekly")
    mail = OutgoingMail.objects.get(to="week@example.nl")
    assert mail.subject == "Uw wekelijks overzicht van het CS-portaal: 2 berichten"
    assert mail.key.startswith("digest:weekly:") and "-W" in mail.key
    assert not Notification.objects.filter(user=weekly, digest_due=True).exists()


def test_the_digest_link_ends_every_subscription_of_that_frequency():
    """Only the follower's subscriptions of that frequency; a forged link ends nothing."""
    user = UserFactory(username="volger", email="volger@example.nl")
    change_request = change_request_in_state(S.INTAKE)
    subscription_follow(user=user, target=change_request.standard, frequency=Frequency.DAILY)
    subscription_follow(user=user, target=change_request, frequency=Frequency.DAILY)
    subscription_follow(user=user, target=change_request.document)  # immediately
    token = digest_unsubscribe_token(
        user_id=user.pk, email="volger@example.nl", frequency=Frequency.DAILY
    )

    assert digest_unsubscribe(token + "x") is None
    assert Subscription.objects.filter(user=user).count() == 3
    assert digest_unsubscribe(token) == 2
    assert list(Subscription.objects.filter(user=user).values_list("frequency", flat=True)) == [
        Frequency.IMMEDIATELY
    ]


def test_one_click_on_the_digest_link_unsubscribes_without_a_csrf_token(client):
    user = UserFactory(username="volger", email="volger@example.nl")
    change_request = change_request_in_state(S.INTAKE)
    subscription_follow(user=user, target=change_request.standard, frequency=Frequency.WEEKLY)
    token = digest_unsubscribe_token(
        user_id=user.pk, email="volger@example.nl", frequency=Frequency.WEEKLY
    )
    url = f"/meldingen/afmelden-overzicht/{token}/"

    assert client.get(url).status_code == 200
    assert Subscription.objects.filter(user=user).exists()  # a GET (a mail scanner) changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.filter(user=user).exists()
    assert client.post(f"/meldingen/afmelden-overzicht/{token}x/").status_code == 404


def test_staff_see_who_will_hear_of_the_step_before_taking_it(client):
    """The step page counts the followers by how they hear of it, besides the submitter."""
    change_request = change_request_in_state(S.INTAKE)
    for name, frequency in (("a", Frequency.IMMEDIATELY), ("b", Frequency.DAILY)):
        subscription_follow(
            user=UserFactory(username=name, email=f"{name}@example.nl"),
            target=change_request.standard,
            frequency=frequency,
        )
    both = UserFactory(username="c", email="c@example.nl")
    subscription_follow(user=both, target=change_request)
    subscription_follow(user=both, target=change_request.standard)  # one follower, counted once

    audience = audience_of(change_request)
    assert (audience.immediately, audience.in_digest, audience.only_notice) == (2, 1, 0)

    client.force_login(staff_user(Role.SECRETARIAT))
    page = client.get(f"{change_request.get_absolute_url()}naar-juridische-toets/")
    text = " ".join(page.content.decode().split())
    assert "Wie krijgt bericht" in text
    assert "En 3 volgers: 2 direct per e-mail, 1 in een overzicht, 0 alleen als melding." in text
