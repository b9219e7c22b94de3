"""Fan-out: from a domain event to one notice per follower and, for who wants it at once, one
e-mail, received by a real SMTP server.

The governance and standards services are called as the web pages call them; their events run
after commit (``django_capture_on_commit_callbacks``), the tasks at once (ImmediateBackend), and
the outbox delivers through Django's SMTP backend to aiosmtpd on a free local port.
"""

import datetime
from urllib.parse import urlsplit

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from accounts.roles import Role
from governance.confirmation import confirmation_token
from governance.constants import ChangeRequestState as S
from governance.constants import LegalVerdict
from governance.models import ChangeRequest, TransitionEvent
from governance.services import change_requests as services
from notifications import fanout
from notifications.models import Frequency, Notification, OutgoingMail, Subscription
from notifications.subscriptions import subscription_follow
from notifications.targets import content_types
from standards.constants import ReleaseState
from standards.models import Release
from standards.services.releases import release_publish
from tests.e2e.smtp import body_text, start_smtp_server
from tests.factories import UserFactory, change_request_in_state, release_with_articles, staff_user

pytestmark = pytest.mark.django_db

SITE = "https://portaal.example.nl"
SUBMITTER = "sam@gemeente.example.nl"
PUBLIC = "Wij leggen uw verzoek voor aan het expertteam."
SECRET = "Interne notitie: indiener belt vaak, niet doorsturen."


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def smtp():
    controller, sink = start_smtp_server()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=controller.hostname,
            EMAIL_PORT=controller.port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield sink
    finally:
        controller.stop()


@pytest.fixture
def releases() -> tuple[Release, Release]:
    """CS-TEST 1.0 (published, article 3.1) and the 1.1 draft that requests are filed on."""
    published = release_with_articles(version="1.0", articles=[("3.1", "Levering", "De levering.")])
    draft = release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        articles=[("3.1", "Levering", "De levering.")],
        identities=[published.article_versions.get().article],
    )
    return published, draft


def article_of(release: Release):
    return release.article_versions.get().article


def to(sink, address: str) -> list:
    return [m for m in sink.messages if address in m["To"]]


def to_legal_review(change_request: ChangeRequest, **fields) -> ChangeRequest:
    return services.change_request_to_legal_review(
        change_request=change_request,
        by=staff_user(Role.SECRETARIAT),
        comment=fields.get("comment", PUBLIC),
        internal_note=fields.get("internal_note", SECRET),
    )


def assess(change_request: ChangeRequest) -> ChangeRequest:
    change_request, _assessment = services.change_request_assess(
        change_request=change_request,
        by=staff_user(Role.LEGAL_REVIEWER),
        verdict=LegalVerdict.FEASIBLE,
        motivation="Past binnen de Wmo 2015.",
        internal_note=SECRET,
    )
    return change_request


def test_an_article_follower_gets_one_notice_and_one_mail_and_can_unsubscribe_in_one_click(
    smtp, releases, django_capture_on_commit_callbacks
):
    """Intake -> legal review: the follower of article 3.1 gets a notice (number and new state,
    reason, link) and a mail with the public comment, the link, RFC 8058 headers and an HTML
    part. POSTing the header's address with ``List-Unsubscribe=One-Click`` and no CSRF token
    ends the subscription; the next step reaches that follower no more."""
    published, draft = releases
    follower = UserFactory(username="volger", email="volger@example.nl")
    subscription_follow(user=follower, target=article_of(published))
    change_request = change_request_in_state(S.INTAKE, release=draft)

    with django_capture_on_commit_callbacks(execute=True):
        change_request = to_legal_review(change_request)

    notice = Notification.objects.get(user=follower)
    assert notice.title == f"{change_request.number}: Juridische toets"
    assert notice.reason == f"U volgt artikel 3.1 Levering ({published.standard.name})."
    assert notice.url == change_request.get_absolute_url()
    assert notice.body == PUBLIC
    assert notice.read_at is None and notice.digest_due is False

    [mail] = to(smtp, "volger@example.nl")
    assert mail["To"] == "volger@example.nl"
    assert mail["Subject"] == f"{change_request.number}: Juridische toets"
    text = body_text(mail)
    assert PUBLIC in text
    assert SITE + change_request.get_absolute_url() in text
    assert notice.reason in text
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert f'href="{SITE}{change_request.get_absolute_url()}"' in html
    assert PUBLIC in html
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Folded on the wire (the URL is longer than a header line), hence the leading space.
    header = mail["List-Unsubscribe"].strip()
    assert header.startswith(f"<{SITE}/meldingen/afmelden/") and header.endswith("/>")
    unsubscribe_url = header[1:-1]
    assert unsubscribe_url in text

    # A mail program's one-click unsubscribe: a bare POST, no session, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        urlsplit(unsubscribe_url).path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.filter(user=follower).exists()

    sent_before = len(smtp.messages)
    with django_capture_on_commit_callbacks(execute=True):
        assess(change_request)

    assert Notification.objects.filter(user=follower).count() == 1
    assert to(smtp, "volger@example.nl") == [mail]
    assert len(smtp.messages) > sent_before  # the submitter still hears of the step


def test_a_follower_of_the_request_and_its_standard_gets_one_notice_naming_the_request(
    smtp, releases, django_capture_on_commit_callbacks
):
    """Most specific wins: the reason is the change request, not the standard; one mail."""
    published, draft = releases
    follower = UserFactory(email="volger@example.nl")
    change_request = change_request_in_state(S.INTAKE, release=draft)
    subscription_follow(user=follower, target=published.standard)
    subscription_follow(user=follower, target=change_request)
    subscription_follow(user=follower, target=article_of(published))

    with django_capture_on_commit_callbacks(execute=True):
        to_legal_review(change_request)

    notice = Notification.objects.get(user=follower)
    assert notice.reason == f"U volgt wijzigingsverzoek {change_request.number}."
    assert notice.subscription.target == change_request
    assert len(to(smtp, "volger@example.nl")) == 1


def test_a_daily_digest_follower_gets_a_notice_for_the_digest_and_no_mail(
    smtp, releases, django_capture_on_commit_callbacks
):
    published, draft = releases
    follower = UserFactory(email="volger@example.nl")
    subscription_follow(user=follower, target=published.standard, frequency=Frequency.DAILY)
    change_request = change_request_in_state(S.INTAKE, release=draft)

    with django_capture_on_commit_callbacks(execute=True):
        to_legal_review(change_request)

    notice = Notification.objects.get(user=follower)
    assert notice.digest_due is True
    assert to(smtp, "volger@example.nl") == []
    assert not OutgoingMail.objects.filter(to="volger@example.nl").exists()
    assert to(smtp, SUBMITTER)  # the mail server did receive this step's other mail


def test_the_submitter_gets_no_notice_mail_for_their_own_request_but_the_submitter_mail(
    smtp, releases, django_capture_on_commit_callbacks
):
    """Someone who follows the article with the submitter's address hears of their own request
    by the submitter's mail only; another follower gets the notice mail."""
    published, draft = releases
    submitter = UserFactory(email=SUBMITTER)
    other = UserFactory(email="volger@example.nl")
    for user in (submitter, other):
        subscription_follow(user=user, target=article_of(published))
    change_request = change_request_in_state(S.INTAKE, release=draft)

    with django_capture_on_commit_callbacks(execute=True):
        to_legal_review(change_request)

    assert Notification.objects.filter(user=submitter).count() == 1  # in-app it is there
    [submitter_mail] = to(smtp, SUBMITTER)
    assert submitter_mail["List-Unsubscribe"] is None  # the submitter's mail, not a notice
    assert change_request.number in submitter_mail["Subject"]
    assert not OutgoingMail.objects.filter(key__startswith="transition:", to=SUBMITTER).exists()
    assert len(to(smtp, "volger@example.nl")) == 1


def test_internal_notes_never_reach_a_notice_or_a_mail(
    smtp, releases, django_capture_on_commit_callbacks
):
    published, draft = releases
    follower = UserFactory(email="volger@example.nl")
    subscription_follow(user=follower, target=published.standard)
    change_request = change_request_in_state(S.INTAKE, release=draft)

    with django_capture_on_commit_callbacks(execute=True):
        change_request = to_legal_review(change_request)
        assess(change_request)

    assert TransitionEvent.objects.filter(internal_note=SECRET).count() == 2
    notices = Notification.objects.filter(user=follower)
    assert notices.count() == 2
    for notice in notices:
        assert SECRET not in f"{notice.title} {notice.body} {notice.reason}"
    mails = to(smtp, "volger@example.nl")
    assert len(mails) == 2
    for mail in mails:
        assert SECRET not in mail.as_string()
        assert "indiener belt" not in body_text(mail)


def test_the_same_event_delivered_twice_gives_one_notice_and_one_mail(
    smtp, releases, django_capture_on_commit_callbacks
):
    """A retried task: the notice and the outbox key are the event's, so nothing doubles."""
    published, draft = releases
    follower = UserFactory(email="volger@example.nl")
    subscription_follow(user=follower, target=article_of(published))
    change_request = to_legal_review(change_request_in_state(S.INTAKE, release=draft))
    event = change_request.events.get(transition="to_legal_review")  # not dispatched yet

    with django_capture_on_commit_callbacks(execute=True):
        fanout.notify_transition.call(event_id=event.pk)
        fanout.notify_transition.call(event_id=event.pk)

    assert Notification.objects.filter(user=follower, key=f"transition:{event.pk}").count() == 1
    assert len(to(smtp, "volger@example.nl")) == 1
    assert OutgoingMail.objects.filter(to="volger@example.nl").count() == 1


def test_a_new_request_confirmed_on_a_followed_article_is_news(
    smtp, releases, django_capture_on_commit_callbacks
):
    """Filing (unconfirmed, not public) tells nobody; confirming is 'Nieuw wijzigingsverzoek'."""
    published, draft = releases
    follower = UserFactory(email="volger@example.nl")
    subscription_follow(user=follower, target=article_of(published))

    with django_capture_on_commit_callbacks(execute=True):
        submitted = change_request_in_state(S.SUBMITTED, release=draft)
    assert not Notification.objects.exists()
    assert to(smtp, "volger@example.nl") == []

    with django_capture_on_commit_callbacks(execute=True):
        change_request = services.change_request_confirm(
            token=confirmation_token(change_request_pk=submitted.pk, email=SUBMITTER)
        )

    notice = Notification.objects.get(user=follower)
    assert (
        notice.title == f"Nieuw wijzigingsverzoek {change_request.number}: {change_request.title}"
    )
    assert notice.url == change_request.get_absolute_url()
    assert notice.reason.startswith("U volgt artikel 3.1 Levering")
    [mail] = to(smtp, "volger@example.nl")
    assert mail["Subject"] == notice.title


def test_publishing_a_release_tells_the_followers_of_the_standard_with_the_comparison(
    smtp, releases, django_capture_on_commit_callbacks
):
    published, draft = releases
    Release.objects.filter(pk=draft.pk).update(state=ReleaseState.ADOPTED)
    follower = UserFactory(email="volger@example.nl")
    subscription_follow(user=follower, target=published.standard)
    stranger = UserFactory(email="ander@example.nl")
    subscription_follow(user=stranger, target=release_with_articles().standard)

    with django_capture_on_commit_callbacks(execute=True):
        release = release_publish(
            release=Release.objects.get(pk=draft.pk),
            by=None,
            published_on=datetime.date(2026, 2, 1),
            effective_on=datetime.date(2026, 7, 1),
        )

    compare = reverse(
        "standards:release_compare",
        kwargs={"standard": published.standard.slug, "old": "1.0", "new": "1.1"},
    )
    notice = Notification.objects.get(user=follower)
    assert notice.title == f"{published.standard.name} versie 1.1 is gepubliceerd"
    assert notice.url == compare
    assert "Ingangsdatum: 1 juli 2026." in notice.body
    assert notice.reason == f"U volgt standaard {published.standard.name}."
    assert release.state == ReleaseState.PUBLISHED
    [mail] = to(smtp, "volger@example.nl")
    assert SITE + compare in body_text(mail)
    assert not Notification.objects.filter(user=stranger).exists()
    assert to(smtp, "ander@example.nl") == []


def test_a_logged_in_submitter_follows_their_own_request_once_it_is_confirmed(
    smtp, releases, django_capture_on_commit_callbacks
):
    """Filed with an account (confirmed at once): the request is followed; its next step is a
    notice in their centre, and by mail only the submitter's own mail."""
    _published, draft = releases
    submitter = UserFactory(email=SUBMITTER)

    with django_capture_on_commit_callbacks(execute=True):
        change_request = change_request_in_state(
            S.INTAKE, release=draft, submitter=submitter, submitter_email=SUBMITTER
        )

    subscription = Subscription.objects.get(user=submitter)
    assert subscription.target == change_request
    assert subscription.frequency == Frequency.IMMEDIATELY

    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        to_legal_review(change_request)

    notice = Notification.objects.get(user=submitter, title__contains="Juridische toets")
    assert notice.reason == f"U volgt wijzigingsverzoek {change_request.number}."
    [mail] = to(smtp, SUBMITTER)
    assert mail["List-Unsubscribe"] is None


def _count_notify_transition(followers: int) -> int:
    """Queries of notify_transition for ``followers`` who each want a mail at once."""
    published = release_with_articles(version="1.0")
    draft = release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        identities=[article_of(published)],
    )
    article = article_of(published)
    for _index in range(followers):
        subscription_follow(user=UserFactory(), target=article)
    change_request = to_legal_review(change_request_in_state(S.INTAKE, release=draft))
    event = change_request.events.get(transition="to_legal_review")
    content_types()  # warm, as in any running worker

    with CaptureQueriesContext(connection) as queries:
        reached = fanout.notify_transition.call(event_id=event.pk)

    assert reached == followers
    return len(queries)


# Queries of notify_transition with F followers who want mail at once:
#   the event, the requests merged into it and their submitters' addresses (who get the
#   submitter's mails instead), the subscriptions, the article and its newest versions
#   (describe_all), the savepoint around writing and its release, the notices in one bulk
#   insert, the outbox: the keys already there and one bulk insert (per 500 mails), and the
#   webhook endpoints subscribed to the event = 12.
QUERIES = 12


@pytest.mark.parametrize("followers", [3, 30])
def test_notify_transition_takes_a_fixed_number_of_queries(followers):
    assert _count_notify_transition(followers) == QUERIES


def test_the_submitter_of_a_request_merged_in_gets_no_notice_mail_beside_the_submitter_mail(
    smtp, releases, django_capture_on_commit_callbacks
):
    """A merged request's submitter hears of the surviving request by submitter mails (decision
    0023); following the article as well must not make that two mails per step."""
    published, draft = releases
    survivor = change_request_in_state(
        S.INTAKE, release=draft, submitter_email="eerste@gemeente.example.nl"
    )
    merged = change_request_in_state(
        S.INTAKE, release=draft, title="Hetzelfde", submitter_email="tweede@gemeente.example.nl"
    )
    services.change_request_merge(
        change_request=merged, by=staff_user(Role.SECRETARIAT), into=survivor
    )
    subscription_follow(
        user=UserFactory(email="tweede@gemeente.example.nl"), target=article_of(published)
    )

    with django_capture_on_commit_callbacks(execute=True):
        to_legal_review(survivor)

    mails = to(smtp, "tweede@gemeente.example.nl")
    assert len(mails) == 1
    assert mails[0]["List-Unsubscribe"] is None  # the submitter mail
