"""Webhooks: events reach an integrator's server signed, once, and are retried when it fails.

The requests go to a real HTTP server (``http.server`` on a free local port, in a thread), so
what is asserted is what an integrator's server receives. Workers are simulated by calling the
delivery services with an explicit ``now``; a worker that dies is simulated by an exception that
the services do not catch (as a killed process would not record anything either).
"""

import datetime
import hashlib
import hmac
import time
from datetime import timedelta

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
from django_tasks import task_backends

from accounts.roles import Role
from governance.constants import ChangeRequestState
from governance.models import TransitionEvent
from governance.services import change_requests as services
from governance.services.releases import release_publish
from notifications import webhooks
from notifications.models import (
    DeliveryStatus,
    OutgoingMail,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from notifications.webhooks import (
    BACKOFF,
    CLAIM_SECONDS,
    DISABLE_AFTER_FAILING_FOR,
    DISABLE_AFTER_FAILURES,
    MAX_ATTEMPTS,
    WebhookError,
    signature,
    url_problem,
    webhook_deliver,
    webhook_deliver_due,
    webhook_endpoint_create,
    webhook_endpoint_disable,
    webhook_endpoint_enable,
    webhook_endpoint_rotate_secret,
    webhook_event,
    webhook_retry,
    webhooks_for_release,
    webhooks_for_transition,
)
from standards.constants import ReleaseState
from standards.models import Release
from tests.e2e.smtp import free_port
from tests.factories import (
    UserFactory,
    change_request_in_state,
    release_with_articles,
    staff_user,
)
from tests.notifications.webhook_receiver import start_receiver, stop_receiver

pytestmark = pytest.mark.django_db

SITE = "https://portaal.example.nl"
PUBLIC = "Wij leggen uw verzoek voor aan het expertteam."
SECRET_NOTE = "Interne notitie: indiener belt vaak, niet doorsturen."
ALL_EVENTS = [WebhookEvent.RELEASE_PUBLISHED, WebhookEvent.CHANGE_REQUEST_TRANSITIONED]


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def receiver():
    server, receiver = start_receiver()
    try:
        yield receiver
    finally:
        stop_receiver(server)


@pytest.fixture
def integrator():
    return UserFactory(
        username="koppeling", email="koppeling@leverancier.example.nl", roles=[Role.INTEGRATOR]
    )


def endpoint_for(owner, url: str, events=ALL_EVENTS) -> WebhookEndpoint:
    return webhook_endpoint_create(by=owner, url=url, events=list(events))


def verify(secret: str, headers, body: bytes, tolerance: int = 300) -> bool:
    """The verification snippet of the ``notifications.webhooks`` docstring, as is."""
    timestamp = headers["X-CS-Timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest("sha256=" + expected, headers["X-CS-Signature"])


def later(seconds: float = 1) -> datetime.datetime:
    return timezone.now() + timedelta(seconds=seconds)


def queue(key: str = "test:1", payload: dict | None = None) -> int:
    return webhook_event(
        event_type=WebhookEvent.RELEASE_PUBLISHED, key=key, payload=payload or {"version": "1.1"}
    )


class WorkerKilled(BaseException):
    """Stands for the process dying: nothing after it runs, nothing catches it."""


@pytest.fixture
def releases() -> tuple[Release, Release]:
    """CS-TEST 1.0 (published) and 1.1, published on 1 February 2026 replacing it."""
    previous = release_with_articles(version="1.0")
    release = release_with_articles(
        standard=previous.standard,
        version="1.1",
        published_on=datetime.date(2026, 2, 1),
        effective_on=datetime.date(2026, 7, 1),
        implementation_deadline=datetime.date(2026, 8, 1),
    )
    return previous, release


# --- What arrives ---------------------------------------------------------------------------------


def test_a_published_release_reaches_the_endpoint_signed_with_its_secret(
    receiver, integrator, releases, django_capture_on_commit_callbacks
):
    """After commit, one POST: JSON, the event and delivery headers, a current timestamp and a
    signature that verifies with the endpoint's secret (and not with another); the payload has
    the release's facts in camelCase with ISO dates and absolute links."""
    previous, release = releases
    endpoint = endpoint_for(integrator, receiver.url)

    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks_for_release(release, superseded=previous) == 1
        assert receiver.requests == []  # nothing leaves before the transaction commits

    [received] = receiver.requests
    delivery = WebhookDelivery.objects.get()
    assert received.path == "/cs-webhook"
    assert received.headers["Content-Type"] == "application/json"
    assert received.headers["X-CS-Event"] == "release.published"
    assert received.headers["X-CS-Delivery"] == str(delivery.uuid)
    assert abs(int(received.headers["X-CS-Timestamp"]) - time.time()) < 60
    assert verify(endpoint.secret, received.headers, received.body)
    assert not verify(endpoint.secret + "x", received.headers, received.body)
    assert not verify(endpoint.secret, received.headers, received.body + b" ")
    body = received.json
    assert body["event"] == "release.published"
    assert body["eventKey"] == f"release-published:{release.pk}"
    slug = release.standard.slug
    assert body["data"] == {
        "standard": {"slug": slug, "name": release.standard.name},
        "version": "1.1",
        "publishedOn": "2026-02-01",
        "effectiveOn": "2026-07-01",
        "implementationDeadline": "2026-08-01",
        "url": SITE + release.get_absolute_url(),
        "compareUrl": SITE
        + reverse(
            "standards:release_compare", kwargs={"standard": slug, "old": "1.0", "new": "1.1"}
        ),
    }
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.response_status == 200
    assert delivery.response_excerpt == "ok"
    assert delivery.delivered_at is not None
    assert (delivery.attempts, delivery.claimed_until, delivery.last_error) == (0, None, "")


def test_the_signature_is_the_hmac_of_timestamp_dot_body():
    """The documented scheme, computed independently."""
    body = b'{"event":"release.published"}'
    expected = hmac.new(b"whsec_abc", b"1767225600." + body, hashlib.sha256).hexdigest()

    assert signature("whsec_abc", 1767225600, body) == f"sha256={expected}"


def test_a_first_release_has_no_comparison_link(receiver, integrator):
    release = release_with_articles(version="1.0")
    endpoint_for(integrator, receiver.url)

    webhooks_for_release(release)

    assert WebhookDelivery.objects.get().payload["compareUrl"] is None


def test_a_step_of_a_change_request_carries_its_public_facts_only(
    receiver, integrator, django_capture_on_commit_callbacks
):
    """change_request.transitioned: number, title, standard, states, step, public comment, time
    and link; never the internal note, nor the submitter's name or address."""
    change_request = change_request_in_state(ChangeRequestState.INTAKE)
    services.change_request_to_legal_review(
        change_request=change_request,
        by=staff_user(Role.SECRETARIAT),
        comment=PUBLIC,
        internal_note=SECRET_NOTE,
    )
    event = TransitionEvent.objects.filter(change_request=change_request).latest("pk")
    endpoint_for(integrator, receiver.url)

    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks_for_transition(event) == 1

    [received] = receiver.requests
    assert received.headers["X-CS-Event"] == "change_request.transitioned"
    data = received.json["data"]
    occurred = event.created_at.astimezone(datetime.UTC).isoformat(timespec="seconds")
    assert data == {
        "number": change_request.number,
        "title": change_request.title,
        "standard": {
            "slug": change_request.standard.slug,
            "name": change_request.standard.name,
        },
        "fromState": "intake",
        "toState": "legal_review",
        "transition": "to_legal_review",
        "publicComment": PUBLIC,
        "occurredAt": occurred.replace("+00:00", "Z"),
        "url": SITE + change_request.get_absolute_url(),
    }
    raw = received.body.decode()
    for private in (SECRET_NOTE, change_request.submitter_email, change_request.submitter_name):
        assert private not in raw


def test_an_unconfirmed_request_is_no_event(receiver, integrator):
    change_request = change_request_in_state(ChangeRequestState.SUBMITTED)
    event = TransitionEvent.objects.filter(change_request=change_request).latest("pk")
    endpoint_for(integrator, receiver.url)

    assert webhooks_for_transition(event) == 0
    assert not WebhookDelivery.objects.exists()


def test_only_receiving_endpoints_subscribed_to_the_event_get_it(integrator):
    """Of four endpoints only the one that is on, not switched off and subscribed to releases
    gets a release; the one for change requests only gets nothing."""
    wanted = endpoint_for(
        integrator, "http://127.0.0.1:9/releases", [WebhookEvent.RELEASE_PUBLISHED]
    )
    endpoint_for(integrator, "http://127.0.0.1:9/steps", [WebhookEvent.CHANGE_REQUEST_TRANSITIONED])
    off = endpoint_for(integrator, "http://127.0.0.1:9/off")
    webhook_endpoint_disable(endpoint=off, by=integrator)
    failing = endpoint_for(integrator, "http://127.0.0.1:9/failing")
    WebhookEndpoint.objects.filter(pk=failing.pk).update(disabled_at=timezone.now())

    assert queue() == 1

    assert list(WebhookDelivery.objects.values_list("endpoint_id", flat=True)) == [wanted.pk]


def test_a_duplicated_event_is_delivered_once(
    receiver, integrator, django_capture_on_commit_callbacks
):
    """The same key twice (a retried fan-out task): one delivery, one request."""
    endpoint_for(integrator, receiver.url)

    with django_capture_on_commit_callbacks(execute=True):
        first = queue(key="release-published:7")
        second = queue(key="release-published:7", payload={"version": "anders"})

    assert (first, second) == (1, 0)
    assert WebhookDelivery.objects.count() == 1
    assert len(receiver.requests) == 1
    assert receiver.requests[0].json["data"] == {"version": "1.1"}


def test_publishing_a_release_through_its_service_calls_the_webhooks(
    receiver, integrator, releases, django_capture_on_commit_callbacks
):
    """The wiring: publication -> release_published -> notify_release_published -> webhook."""
    previous, _release = releases
    draft = release_with_articles(
        standard=previous.standard, version="1.2", state=ReleaseState.ADOPTED
    )
    endpoint_for(integrator, receiver.url)

    with django_capture_on_commit_callbacks(execute=True):
        release_publish(
            release=draft,
            by=None,
            published_on=datetime.date(2026, 9, 1),
            effective_on=datetime.date(2027, 1, 1),
            implementation_deadline=datetime.date(2027, 3, 1),
        )

    [received] = receiver.requests
    assert received.json["data"]["version"] == "1.2"
    assert received.json["data"]["publishedOn"] == "2026-09-01"


def test_a_step_through_its_service_calls_the_webhooks(
    receiver, integrator, django_capture_on_commit_callbacks
):
    """The wiring: a step -> change_request_transitioned -> notify_transition -> webhook."""
    change_request = change_request_in_state(ChangeRequestState.INTAKE)
    endpoint_for(integrator, receiver.url, [WebhookEvent.CHANGE_REQUEST_TRANSITIONED])

    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_to_legal_review(
            change_request=change_request,
            by=staff_user(Role.SECRETARIAT),
            comment=PUBLIC,
            internal_note=SECRET_NOTE,
        )

    [received] = receiver.requests
    assert received.json["data"]["toState"] == "legal_review"
    assert SECRET_NOTE not in received.body.decode()


# --- Failures and retries -------------------------------------------------------------------------


def test_a_500_is_retried_after_the_backoff_with_the_error_visible(receiver, integrator):
    """The attempt is counted, status, answer and error kept, the next attempt scheduled and the
    failure counted against the endpoint; before then nothing is tried, after it the delivery
    arrives once and the endpoint's count starts again."""
    endpoint = endpoint_for(integrator, receiver.url)
    queue()
    delivery = WebhookDelivery.objects.get()
    now = later()
    receiver.status, receiver.answer = 500, b"Interne fout bij de ontvanger"

    assert webhook_deliver(delivery.pk, now=now) is False

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.QUEUED
    assert delivery.attempts == 1
    assert delivery.response_status == 500
    assert delivery.response_excerpt == "Interne fout bij de ontvanger"
    assert "500" in delivery.last_error
    assert delivery.next_attempt_at == now + BACKOFF[0]
    assert delivery.claimed_until is None
    endpoint.refresh_from_db()
    assert (endpoint.consecutive_failures, endpoint.failing_since) == (1, now)
    assert endpoint.disabled_at is None

    receiver.status, receiver.answer = 204, b""
    before_due = delivery.next_attempt_at - timedelta(seconds=1)
    assert webhook_deliver(delivery.pk, now=before_due) is False
    assert webhook_deliver_due(now=before_due) == 0
    assert len(receiver.requests) == 1

    assert webhook_deliver_due(now=delivery.next_attempt_at) == 1
    assert webhook_deliver_due(now=delivery.next_attempt_at + timedelta(days=1)) == 0
    assert len(receiver.requests) == 2
    assert (
        receiver.requests[0].headers["X-CS-Delivery"]
        == receiver.requests[1].headers["X-CS-Delivery"]
    )
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert (delivery.response_status, delivery.last_error) == (204, "")
    endpoint.refresh_from_db()
    assert (endpoint.consecutive_failures, endpoint.failing_since) == (0, None)


def test_a_server_that_is_down_counts_as_a_failed_attempt(integrator):
    """Connection refused (nothing on the port) is recorded like an error answer, not raised."""
    endpoint_for(integrator, f"http://127.0.0.1:{free_port()}/hook")
    queue()
    delivery = WebhookDelivery.objects.get()

    assert webhook_deliver(delivery.pk, now=later()) is False

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (
        DeliveryStatus.QUEUED,
        1,
        None,
    )
    assert "Connection refused" in delivery.last_error


def test_a_slow_server_times_out_as_a_failed_attempt(receiver, integrator, monkeypatch):
    monkeypatch.setattr(webhooks, "TIMEOUT_SECONDS", 0.3)
    receiver.delay = 1
    endpoint_for(integrator, receiver.url)
    queue()
    delivery = WebhookDelivery.objects.get()

    assert webhook_deliver(delivery.pk, now=later()) is False

    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert "timed out" in delivery.last_error


def test_a_redirect_is_not_followed_and_counts_as_a_failure(receiver, integrator):
    receiver.status, receiver.location = 302, "http://127.0.0.1:9/elders"
    endpoint_for(integrator, receiver.url)
    queue()
    delivery = WebhookDelivery.objects.get()

    assert webhook_deliver(delivery.pk, now=later()) is False

    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.response_status) == (1, 302)
    assert len(receiver.requests) == 1


def test_after_max_attempts_a_delivery_is_given_up_and_stays_visible(receiver, integrator):
    """Each failure waits longer; the last gives the delivery up and it is left alone."""
    endpoint_for(integrator, receiver.url)
    queue()
    delivery = WebhookDelivery.objects.get()
    receiver.status = 503
    now = later()

    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert webhook_deliver_due(now=now) == 0
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert delivery.status == DeliveryStatus.QUEUED
            assert delivery.next_attempt_at - now == BACKOFF[attempt - 1]
            now = delivery.next_attempt_at

    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.response_status == 503
    receiver.status = 200
    assert webhook_deliver_due(now=now + timedelta(days=30)) == 0
    assert len(receiver.requests) == MAX_ATTEMPTS


def test_retrying_a_given_up_delivery_queues_it_now_and_sends_it(
    receiver, integrator, django_capture_on_commit_callbacks
):
    endpoint_for(integrator, receiver.url)
    queue(key="a")
    queue(key="b")
    given_up, delivered = WebhookDelivery.objects.order_by("event_key")
    WebhookDelivery.objects.filter(pk=given_up.pk).update(
        status=DeliveryStatus.FAILED, attempts=MAX_ATTEMPTS, last_error="Antwoord 500"
    )
    WebhookDelivery.objects.filter(pk=delivered.pk).update(status=DeliveryStatus.DELIVERED)

    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_retry(delivery_ids=[given_up.pk, delivered.pk]) == 1

    given_up.refresh_from_db()
    assert (given_up.status, given_up.attempts) == (DeliveryStatus.DELIVERED, 0)
    assert len(receiver.requests) == 1


def test_a_failing_endpoint_is_switched_off_and_gets_nothing_until_switched_on(
    receiver, integrator, django_capture_on_commit_callbacks
):
    """A burst of failures within minutes does not switch an endpoint off; failing for a day
    past the limit does: its owner is mailed, its queued deliveries wait and new events make
    none. Switched on again, what waited is sent."""
    endpoint = endpoint_for(integrator, receiver.url)
    for number in range(DISABLE_AFTER_FAILURES):
        queue(key=f"release-published:{number}")
    receiver.status = 500
    start = later()

    assert webhook_deliver_due(now=start) == 0
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == DISABLE_AFTER_FAILURES
    assert endpoint.disabled_at is None  # a burst: not yet failing for a day
    assert len(receiver.requests) == DISABLE_AFTER_FAILURES

    a_day_later = start + DISABLE_AFTER_FAILING_FOR
    assert webhook_deliver_due(now=a_day_later) == 0

    endpoint.refresh_from_db()
    assert endpoint.disabled_at == a_day_later
    assert not endpoint.is_receiving
    # The first attempt of that pass switched it off; the others were not made.
    assert len(receiver.requests) == DISABLE_AFTER_FAILURES + 1
    mail = OutgoingMail.objects.get(to=integrator.email)
    assert mail.subject == "Uw webhook is uitgeschakeld"
    assert receiver.url in mail.text
    assert queue(key="release-published:new") == 0
    receiver.status = 200
    assert webhook_deliver_due(now=a_day_later + timedelta(days=3)) == 0
    assert len(receiver.requests) == DISABLE_AFTER_FAILURES + 1

    with django_capture_on_commit_callbacks(execute=True):
        webhook_endpoint_enable(endpoint=endpoint, by=integrator)

    endpoint.refresh_from_db()
    assert (endpoint.disabled_at, endpoint.consecutive_failures) == (None, 0)
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {
        DeliveryStatus.DELIVERED
    }
    assert len(receiver.requests) == 2 * DISABLE_AFTER_FAILURES + 1


def test_an_endpoint_switched_off_by_its_owner_keeps_its_queue_until_switched_on(
    receiver, integrator
):
    endpoint = endpoint_for(integrator, receiver.url)
    queue()
    webhook_endpoint_disable(endpoint=endpoint, by=integrator)

    assert webhook_deliver_due(now=later()) == 0
    assert queue(key="other") == 0

    webhook_endpoint_enable(endpoint=endpoint, by=integrator)
    assert webhook_deliver_due(now=later()) == 1
    assert len(receiver.requests) == 1


def test_a_claimed_delivery_is_not_sent_by_another_worker_until_the_claim_expires(
    receiver, integrator, monkeypatch
):
    """A worker dies mid-batch: the delivery it held is left to it while its claim lasts, then
    sent exactly once by another; what it had sent is never sent again, and a dead worker's
    claim is no failed attempt."""
    endpoint = endpoint_for(integrator, receiver.url)
    for key in ("1", "2", "3"):
        queue(key=key)
    first, held, third = WebhookDelivery.objects.order_by("event_key")
    now = later()
    post = webhooks._post
    calls = []

    def dies_on_the_second(url, body, headers):
        calls.append(body)
        if len(calls) == 2:
            raise WorkerKilled
        return post(url, body, headers)

    monkeypatch.setattr(webhooks, "_post", dies_on_the_second)
    with pytest.raises(WorkerKilled):
        webhook_deliver_due(now=now)
    monkeypatch.undo()

    def keys() -> list[str]:
        return [received.json["eventKey"] for received in receiver.requests]

    held.refresh_from_db()
    assert held.status == DeliveryStatus.QUEUED
    assert held.claimed_until == now + timedelta(seconds=CLAIM_SECONDS)
    assert keys() == ["1"]

    # Another worker, while the claim lasts: only the delivery nobody held.
    assert webhook_deliver(held.pk, now=now) is False
    assert webhook_deliver_due(now=now) == 1
    assert keys() == ["1", "3"]

    # Once the claim has expired: the held delivery, once; the others never again.
    expired = held.claimed_until
    assert webhook_deliver_due(now=expired) == 1
    assert webhook_deliver_due(now=expired + timedelta(hours=1)) == 0
    assert sorted(keys()) == ["1", "2", "3"]
    for delivery in (first, held, third):
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 0)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0


def test_a_replaced_secret_signs_the_next_attempt(receiver, integrator):
    """Rotation takes effect at once, also for a delivery that is being retried."""
    endpoint = endpoint_for(integrator, receiver.url)
    old = endpoint.secret
    queue()
    delivery = WebhookDelivery.objects.get()
    receiver.status = 500
    webhook_deliver(delivery.pk)

    endpoint = webhook_endpoint_rotate_secret(endpoint=endpoint, by=integrator)
    receiver.status = 200
    delivery.refresh_from_db()
    assert webhook_deliver(delivery.pk, now=delivery.next_attempt_at) is True

    assert endpoint.secret != old and endpoint.secret.startswith("whsec_")
    retried = receiver.requests[-1]
    timestamp = retried.headers["X-CS-Timestamp"]
    assert retried.headers["X-CS-Signature"] == signature(endpoint.secret, timestamp, retried.body)
    assert retried.headers["X-CS-Signature"] != signature(old, timestamp, retried.body)


# --- Endpoints ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "development", "accepted"),
    [
        ("https://koppeling.example.nl/hook", False, True),
        ("http://koppeling.example.nl/hook", False, False),
        ("http://127.0.0.1:8000/hook", False, False),
        ("https://localhost/hook", False, False),
        ("https://10.1.2.3/hook", False, False),
        ("https://169.254.169.254/latest", False, False),
        ("https://[::1]/hook", False, False),
        ("ftp://koppeling.example.nl/hook", False, False),
        ("https://gebruiker:wachtwoord@koppeling.example.nl/hook", False, False),
        ("http://127.0.0.1:8000/hook", True, True),
        ("http://localhost:8000/hook", True, True),
        ("http://koppeling.example.nl/hook", True, False),
        ("https://koppeling.example.nl/hook", True, True),
    ],
)
def test_only_https_addresses_outside_development(settings, url, development, accepted):
    settings.DEVELOPMENT = development

    assert (url_problem(url) is None) is accepted


def test_creating_an_endpoint_needs_the_integrator_role_and_valid_input(integrator):
    """Refusals leave nothing behind; the secret is generated and long."""
    with pytest.raises(WebhookError):
        webhook_endpoint_create(by=UserFactory(), url="https://a.example.nl/", events=ALL_EVENTS)
    with pytest.raises(WebhookError) as refused:
        webhook_endpoint_create(by=integrator, url="https://a.example.nl/", events=[])
    assert refused.value.field == "events"
    with pytest.raises(WebhookError):
        webhook_endpoint_create(by=integrator, url="https://a.example.nl/", events=["iets"])
    assert not WebhookEndpoint.objects.exists()

    endpoint = webhook_endpoint_create(
        by=integrator, url=" https://a.example.nl/ ", events=list(reversed(ALL_EVENTS))
    )

    assert endpoint.url == "https://a.example.nl/"
    assert endpoint.events == ALL_EVENTS
    assert endpoint.is_receiving
    assert len(endpoint.secret) > 40
    with pytest.raises(WebhookError) as duplicate:
        webhook_endpoint_create(by=integrator, url="https://a.example.nl/", events=ALL_EVENTS)
    assert duplicate.value.field == "url"
    assert WebhookEndpoint.objects.count() == 1


def test_only_the_owner_changes_an_endpoint(integrator):
    endpoint = endpoint_for(integrator, "https://a.example.nl/")
    secret = endpoint.secret
    other = UserFactory(roles=[Role.INTEGRATOR])

    for service in (webhook_endpoint_rotate_secret, webhook_endpoint_disable):
        with pytest.raises(WebhookError):
            service(endpoint=endpoint, by=other)

    endpoint.refresh_from_db()
    assert (endpoint.secret, endpoint.active) == (secret, True)


# --- Cost -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoints", [1, 8])
def test_webhook_event_takes_a_fixed_number_of_queries(endpoints, django_assert_num_queries):
    """Endpoints, deliveries already there, insert, ids (and the savepoint and its release):
    six, whatever the number of endpoints."""
    owner = UserFactory(roles=[Role.INTEGRATOR])
    for number in range(endpoints):
        endpoint_for(owner, f"https://koppeling{number}.example.nl/hook")

    with django_assert_num_queries(6):
        assert queue() == endpoints


def test_delivering_takes_a_fixed_number_of_queries(
    receiver, integrator, django_assert_num_queries
):
    """Claim, read, record the delivery, reset the endpoint's count: four when sent; when
    failed, counting the failure and the conditional switch-off make five."""
    endpoint_for(integrator, receiver.url)
    queue(key="1")
    queue(key="2")
    sent, refused = WebhookDelivery.objects.order_by("event_key")
    now = later()

    with django_assert_num_queries(4):
        assert webhook_deliver(sent.pk, now=now) is True
    receiver.status = 500
    with django_assert_num_queries(5):
        assert webhook_deliver(refused.pk, now=now) is False
    with django_assert_num_queries(1):  # not due (or claimed, or delivered): the claim misses
        assert webhook_deliver(refused.pk, now=now) is False


# --- Task, command, admin -------------------------------------------------------------------------


def test_the_deliver_webhook_task_schedules_itself_for_the_next_attempt(
    receiver, integrator, settings
):
    """After a failure the task enqueues itself for next_attempt_at; after a success, or on a
    backend that cannot defer, it enqueues nothing."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    endpoint_for(integrator, receiver.url)
    queue(key="1")
    queue(key="2")
    refused, sent = WebhookDelivery.objects.order_by("event_key")
    backend.results.clear()
    receiver.status = 500

    assert webhooks.deliver_webhook.call(refused.pk) is False

    refused.refresh_from_db()
    [retry] = backend.results
    assert retry.task.name == "deliver_webhook"
    assert list(retry.args) == [refused.pk]
    assert retry.task.run_after == refused.next_attempt_at

    receiver.status = 200
    backend.results.clear()
    assert webhooks.deliver_webhook.call(sent.pk) is True
    assert backend.results == []


def test_the_deliver_webhooks_command_sends_what_is_due(receiver, integrator, capsys):
    endpoint_for(integrator, receiver.url)
    queue(key="1")
    queue(key="2")
    WebhookDelivery.objects.filter(event_key="2").update(next_attempt_at=later(3600))

    call_command("deliver_webhooks")

    assert [received.json["eventKey"] for received in receiver.requests] == ["1"]
    assert "1 webhookbericht(en) afgeleverd" in capsys.readouterr().out


def test_the_deliver_webhooks_command_keeps_going_with_loop(receiver, integrator, monkeypatch):
    from notifications.management.commands import deliver_webhooks as command

    endpoint_for(integrator, receiver.url)
    queue(key="1")
    pauses = []

    def pause(seconds):
        pauses.append(seconds)
        if len(pauses) == 2:
            raise WorkerKilled
        queue(key="2")

    monkeypatch.setattr(command, "sleep", pause)
    with pytest.raises(WorkerKilled):
        call_command("deliver_webhooks", "--loop", "30")

    assert pauses == [30, 30]
    assert sorted(received.json["eventKey"] for received in receiver.requests) == ["1", "2"]


def test_the_admin_shows_the_log_read_only_retries_and_switches_on(
    receiver, integrator, admin_client, django_capture_on_commit_callbacks
):
    """Staff see deliveries and endpoints (never the secret), put a given-up delivery back and
    switch an endpoint on again; both go out."""
    endpoint = endpoint_for(integrator, receiver.url)
    queue(key="given-up")
    queue(key="waiting")
    given_up = WebhookDelivery.objects.get(event_key="given-up")
    WebhookDelivery.objects.filter(pk=given_up.pk).update(
        status=DeliveryStatus.FAILED, attempts=MAX_ATTEMPTS, last_error="Antwoord 500 in plaats"
    )
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(disabled_at=timezone.now())
    deliveries = reverse("admin:notifications_webhookdelivery_changelist")
    endpoints = reverse("admin:notifications_webhookendpoint_changelist")

    page = admin_client.get(deliveries, {"status__exact": "failed"})
    assert page.status_code == 200
    assert "Antwoord 500 in plaats" in page.content.decode()
    detail = admin_client.get(
        reverse("admin:notifications_webhookdelivery_change", args=[given_up.pk])
    )
    assert 'name="_save"' not in detail.content.decode()
    endpoint_page = admin_client.get(
        reverse("admin:notifications_webhookendpoint_change", args=[endpoint.pk])
    )
    assert endpoint_page.status_code == 200
    assert endpoint.secret not in endpoint_page.content.decode()
    assert endpoint.secret not in admin_client.get(endpoints).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        retried = admin_client.post(
            deliveries, {"action": "retry", ACTION_CHECKBOX_NAME: [given_up.pk]}, follow=True
        )
    assert "weer in de wachtrij" in retried.content.decode()
    assert receiver.requests == []  # the endpoint is still switched off

    with django_capture_on_commit_callbacks(execute=True):
        enabled = admin_client.post(
            endpoints, {"action": "enable", ACTION_CHECKBOX_NAME: [endpoint.pk]}, follow=True
        )
    assert "weer aan" in enabled.content.decode()
    assert sorted(received.json["eventKey"] for received in receiver.requests) == [
        "given-up",
        "waiting",
    ]
