"""Webhooks for integrators: signed JSON to an integrator's server when something happens.

**Endpoints.** An integrator (role ``integrator``, permission ``notifications.manage_webhooks``)
registers an https address and chooses events (``WebhookEvent``); the portal generates the
secret and shows it once, after creating and after replacing it (``webhook_endpoint_create``,
``webhook_endpoint_rotate_secret``). A replaced secret is invalid at once. The owner switches an
endpoint off and on (``webhook_endpoint_disable``, ``webhook_endpoint_enable``) or deletes it.

**Events.** ``webhook_event`` writes one ``WebhookDelivery`` per receiving endpoint subscribed
to the event type, in the transaction of whatever caused it and under the event's key, so a
duplicated event is delivered once per endpoint; each is handed to a worker (the task
``deliver_webhook``) after the transaction commits. The fan-out tasks of ``notifications.fanout``
call ``webhooks_for_transition`` and ``webhooks_for_release``, which build the payloads from
public fields only (a step's public comment, never its internal note; never the submitter).

**Delivery** mirrors the e-mail outbox (``notifications.outbox``). ``webhook_deliver`` claims
the delivery with one conditional UPDATE (only a queued, due delivery of a receiving endpoint
whose claim is absent or expired), POSTs it and records the outcome. A 2xx answer is delivered;
anything else (another status, a redirect, which is never followed, a timeout after
``TIMEOUT_SECONDS``, a refused connection) counts an attempt, keeps the status, the start of the
answer and the error, and schedules the next attempt after ``BACKOFF`` (1, 5, 15 minutes, 1, 4,
12, 24 hours); after ``MAX_ATTEMPTS`` the delivery is given up (``failed``), and staff can put it
back in the queue in the admin. A worker that dies mid-request leaves its claim, which expires
after ``CLAIM_SECONDS``; ``webhook_deliver_due`` (the ``deliver_webhooks`` command) then claims
the delivery again. So a delivery can arrive twice (at least once, never exactly once): the
``X-CS-Delivery`` header is the same for every attempt of one delivery; use it to ignore repeats.

**Switching off.** Every failed attempt counts against the endpoint; a 2xx resets the count. An
endpoint with ``DISABLE_AFTER_FAILURES`` failed attempts in a row that has been failing for at
least ``DISABLE_AFTER_FAILING_FOR`` is switched off (``disabled_at``) and its owner is mailed.
Both conditions: a burst of events during a short outage fails many attempts within minutes and
must not switch anything off. A switched-off endpoint gets no new deliveries, and its queued ones
wait; switching it on again (its owner, or staff in the admin) sends them.

**For integrators: verifying a request.** Each request is a POST with these headers:

* ``Content-Type: application/json``; the body is ``{"event": <type>, "eventKey": <key>,
  "data": {...}}``, UTF-8, with camelCase keys and ISO 8601 dates;
* ``X-CS-Event``: the event type, ``release.published`` or ``change_request.transitioned``;
* ``X-CS-Delivery``: the delivery's UUID, the same on every retry of that delivery;
* ``X-CS-Timestamp``: the moment of sending, in Unix seconds;
* ``X-CS-Signature``: ``sha256=`` and the hex HMAC-SHA256, keyed with the endpoint's secret, of
  the timestamp, a full stop and the raw body (``f"{timestamp}.{body}"``).

Check the signature on the raw bytes, before parsing, with a constant-time comparison, and
refuse timestamps older than a few minutes (that stops replays)::

    import hashlib, hmac, time

    def verify(secret: str, headers, body: bytes, tolerance: int = 300) -> bool:
        timestamp = headers["X-CS-Timestamp"]
        if abs(time.time() - int(timestamp)) > tolerance:
            return False
        expected = hmac.new(
            secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        return hmac.compare_digest("sha256=" + expected, headers["X-CS-Signature"])

Answer with any 2xx within ten seconds (do slow work afterwards); anything else is retried.

**Addresses.** Outside the development profile only https is accepted, and not to a host that
is written as a loopback, private or link-local IP address; in development
(``CS_PROFILE=development``, also the tests) ``http://127.0.0.1``/``http://localhost`` are
accepted too. A host *name* that resolves to an internal address is not caught here: only
integrators, whose role staff grant, can register endpoints.
"""

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from django_tasks import task

from governance.constants import ChangeRequestState
from governance.models import TransitionEvent
from notifications.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from notifications.outbox import mail_queue
from standards.models import Release

logger = logging.getLogger(__name__)

MANAGE_WEBHOOKS = "notifications.manage_webhooks"
CHANGE_ENDPOINTS = "notifications.change_webhookendpoint"

TIMEOUT_SECONDS = 10
# Far longer than one request may take, so a claim only expires when its worker is gone.
CLAIM_SECONDS = 5 * 60
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(hours=12),
    timedelta(hours=24),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
DISABLE_AFTER_FAILURES = 10
DISABLE_AFTER_FAILING_FOR = timedelta(hours=24)
MAX_ENDPOINTS_PER_OWNER = 10
EXCERPT_LENGTH = 1000
LAST_ERROR_LENGTH = 2000
USER_AGENT = "CS-portaal-webhooks/1"
SECRET_PREFIX = "whsec_"
MAIL_LANGUAGE = "nl"
NOT_PUBLIC = frozenset({ChangeRequestState.SUBMITTED})
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class WebhookError(Exception):
    """A refused change of an endpoint; ``field`` names the form field it is about, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# --- Endpoints ------------------------------------------------------------------------------------


def may_manage_webhooks(user: AbstractBaseUser) -> bool:
    return user.is_authenticated and user.has_perm(MANAGE_WEBHOOKS)


def may_change(endpoint: WebhookEndpoint, user: AbstractBaseUser) -> bool:
    """The owner (while they may manage webhooks) or staff who may change any endpoint."""
    if not user.is_authenticated:
        return False
    if user.has_perm(CHANGE_ENDPOINTS):
        return True
    return endpoint.owner_id == user.pk and user.has_perm(MANAGE_WEBHOOKS)


def _check_may_change(endpoint: WebhookEndpoint, by: AbstractBaseUser) -> None:
    if not may_change(endpoint, by):
        raise WebhookError(_("U mag deze webhook niet wijzigen."))


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be an endpoint, or None when it can."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        return _("Vul een geldig adres in.")
    if not host:
        return _("Vul een geldig adres in.")
    if parts.username or parts.password:
        return _("Zet geen gebruikersnaam of wachtwoord in het adres.")
    local = host in LOCAL_HOSTS
    if settings.DEVELOPMENT and local and parts.scheme in {"http", "https"}:
        return None
    if parts.scheme != "https":
        return _("Het adres moet met https:// beginnen.")
    if local or _internal_ip(host):
        return _("Dit adres is niet van buiten bereikbaar; kies een openbaar adres.")
    return None


def _internal_ip(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a host name
    return not address.is_global


def _check_events(events: list[str]) -> list[str]:
    chosen = [event for event in WebhookEvent.values if event in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        raise WebhookError(_("Kies ten minste één gebeurtenis."), field="events")
    return chosen


def _new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def webhook_endpoint_create(
    *, by: AbstractBaseUser, url: str, events: list[str]
) -> WebhookEndpoint:
    """A new endpoint of ``by`` for ``events``, with a fresh secret, switched on."""
    if not may_manage_webhooks(by):
        raise WebhookError(_("Alleen integrators beheren webhooks."))
    url = url.strip()
    problem = url_problem(url)
    if problem:
        raise WebhookError(problem, field="url")
    events = _check_events(events)
    owned = WebhookEndpoint.objects.filter(owner=by)
    if owned.count() >= MAX_ENDPOINTS_PER_OWNER:
        raise WebhookError(
            _("U hebt al %(count)d webhooks; verwijder er eerst een.")
            % {"count": MAX_ENDPOINTS_PER_OWNER}
        )
    if owned.filter(url=url).exists():
        raise WebhookError(_("U hebt al een webhook met dit adres."), field="url")
    try:
        with transaction.atomic():
            return WebhookEndpoint.objects.create(
                owner=by, url=url, events=events, secret=_new_secret()
            )
    except IntegrityError as error:  # the same address, created at the same moment elsewhere
        raise WebhookError(_("U hebt al een webhook met dit adres."), field="url") from error


@transaction.atomic
def webhook_endpoint_rotate_secret(
    *, endpoint: WebhookEndpoint, by: AbstractBaseUser
) -> WebhookEndpoint:
    """Replace the secret; the old one is invalid at once, also for retries still queued."""
    _check_may_change(endpoint, by)
    endpoint.secret = _new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint


@transaction.atomic
def webhook_endpoint_disable(*, endpoint: WebhookEndpoint, by: AbstractBaseUser) -> WebhookEndpoint:
    """The owner switches the endpoint off: no new deliveries, queued ones wait."""
    _check_may_change(endpoint, by)
    endpoint.active = False
    endpoint.save(update_fields=["active"])
    return endpoint


@transaction.atomic
def webhook_endpoint_enable(
    *, endpoint: WebhookEndpoint, by: AbstractBaseUser, now: datetime | None = None
) -> WebhookEndpoint:
    """Switch the endpoint on, also after the portal switched it off for its failures: the count
    starts again and the deliveries that waited are sent (due now)."""
    _check_may_change(endpoint, by)
    now = now or timezone.now()
    endpoint.active = True
    endpoint.disabled_at = None
    endpoint.consecutive_failures = 0
    endpoint.failing_since = None
    endpoint.save(update_fields=["active", "disabled_at", "consecutive_failures", "failing_since"])
    waiting = WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.QUEUED)
    waiting.filter(next_attempt_at__gt=now).update(next_attempt_at=now)
    for delivery_id in waiting.values_list("pk", flat=True):
        transaction.on_commit(partial(_enqueue_delivery, delivery_id))
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint, by: AbstractBaseUser) -> None:
    """Delete the endpoint with its delivery log; what is queued for it is not sent."""
    _check_may_change(endpoint, by)
    endpoint.delete()


# --- Reading ------------------------------------------------------------------------------------

LOG_LENGTH = 50


def webhook_endpoints_of(user: AbstractBaseUser) -> QuerySet[WebhookEndpoint]:
    """The user's endpoints, newest first, with how many deliveries wait and were given up."""
    return WebhookEndpoint.objects.filter(owner=user).annotate(
        queued=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.QUEUED)),
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
    )


def webhook_log(endpoint: WebhookEndpoint, *, limit: int = LOG_LENGTH) -> list[WebhookDelivery]:
    """The endpoint's latest deliveries, newest first."""
    return list(
        WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-pk")[:limit]
    )


# --- Events ---------------------------------------------------------------------------------------


def webhook_event(*, event_type: WebhookEvent | str, key: str, payload: dict) -> int:
    """Queue ``payload`` for every receiving endpoint subscribed to ``event_type``, once per
    endpoint and ``key``; returns how many deliveries were queued. Each is handed to a worker
    after the surrounding transaction commits. The queries do not grow with the endpoints."""
    event_type = WebhookEvent(event_type)
    now = timezone.now()
    # JSON containment cannot be queried on SQLite; the endpoints are few, filter here.
    subscribed = [
        endpoint_id
        for endpoint_id, events in _receiving(WebhookEndpoint.objects.all()).values_list(
            "pk", "events"
        )
        if event_type in events
    ]
    if not subscribed:
        return 0  # the usual case: one query
    with transaction.atomic():
        existing = set(
            WebhookDelivery.objects.filter(event_key=key, endpoint_id__in=subscribed).values_list(
                "endpoint_id", flat=True
            )
        )
        new = [endpoint_id for endpoint_id in subscribed if endpoint_id not in existing]
        if not new:
            return 0
        WebhookDelivery.objects.bulk_create(
            [
                WebhookDelivery(
                    endpoint_id=endpoint_id,
                    event_type=event_type,
                    event_key=key,
                    payload=payload,
                    next_attempt_at=now,
                )
                for endpoint_id in new
            ],
            ignore_conflicts=True,  # queued by a concurrent run of the same event meanwhile
        )
        queued = list(
            WebhookDelivery.objects.filter(
                event_key=key, endpoint_id__in=new, status=DeliveryStatus.QUEUED, attempts=0
            ).values_list("pk", flat=True)
        )
        for delivery_id in queued:
            transaction.on_commit(partial(_enqueue_delivery, delivery_id))
    return len(queued)


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def transition_payload(event: TransitionEvent) -> dict:
    """The public facts of one step of a change request."""
    change_request = event.change_request
    return {
        "number": change_request.number,
        "title": change_request.title,
        "standard": {"slug": change_request.standard.slug, "name": change_request.standard.name},
        "fromState": event.from_state,
        "toState": event.to_state,
        "transition": event.transition,
        "publicComment": event.public_comment,
        "occurredAt": _iso(event.created_at),
        "url": _absolute(change_request.get_absolute_url()),
    }


def webhooks_for_transition(event: TransitionEvent) -> int:
    """Queue ``change_request.transitioned`` for a step of a public change request (not for an
    unconfirmed one); called by ``notifications.fanout.notify_transition``."""
    if event.to_state in NOT_PUBLIC:
        return 0
    return webhook_event(
        event_type=WebhookEvent.CHANGE_REQUEST_TRANSITIONED,
        key=f"transition:{event.pk}",
        payload=transition_payload(event),
    )


def release_payload(release: Release, previous: Release | None) -> dict:
    """The facts of a published release, with the comparison to the release it follows."""
    standard = release.standard
    compare = (
        _absolute(
            reverse(
                "standards:release_compare",
                kwargs={"standard": standard.slug, "old": previous.version, "new": release.version},
            )
        )
        if previous is not None
        else None
    )
    return {
        "standard": {"slug": standard.slug, "name": standard.name},
        "version": release.version,
        "publishedOn": _date(release.published_on),
        "effectiveOn": _date(release.effective_on),
        "implementationDeadline": _date(release.implementation_deadline),
        "url": _absolute(release.get_absolute_url()),
        "compareUrl": compare,
    }


def _date(value) -> str | None:
    return value.isoformat() if value else None


def webhooks_for_release(release: Release, superseded: Release | None = None) -> int:
    """Queue ``release.published``; called by ``notifications.fanout.notify_release_published``
    with the release it replaces (or None: then the release it was based on)."""
    previous = superseded if superseded is not None else release.based_on
    return webhook_event(
        event_type=WebhookEvent.RELEASE_PUBLISHED,
        key=f"release-published:{release.pk}",
        payload=release_payload(release, previous),
    )


# --- Delivery -------------------------------------------------------------------------------------


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """The X-CS-Signature of ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def request_body(delivery: WebhookDelivery) -> bytes:
    return json.dumps(
        {"event": delivery.event_type, "eventKey": delivery.event_key, "data": delivery.payload},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other non-2xx: following it could lead anywhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """POST and return the status and the start of the answer; raises when there is none."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, _excerpt(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, _excerpt(error)


def _excerpt(response) -> str:
    return response.read(EXCERPT_LENGTH).decode("utf-8", errors="replace")


def webhook_deliver(delivery_id: int, *, now: datetime | None = None) -> bool:
    """Claim the delivery, POST it, record the outcome; True when it was delivered now.

    False when it was not due, is claimed by another worker, was delivered or given up already,
    belongs to an endpoint that is switched off, or failed this time. Never raises for a failed
    request.
    """
    now = now or timezone.now()
    claim = now + timedelta(seconds=CLAIM_SECONDS)
    if (
        _due(WebhookDelivery.objects.filter(pk=delivery_id), now=now).update(claimed_until=claim)
        != 1
    ):
        return False
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:  # its endpoint was deleted since the claim
        return False
    endpoint = delivery.endpoint
    timestamp = int(now.timestamp())
    body = request_body(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-CS-Event": delivery.event_type,
        "X-CS-Delivery": str(delivery.uuid),
        "X-CS-Timestamp": str(timestamp),
        "X-CS-Signature": signature(endpoint.secret, timestamp, body),
    }
    status, excerpt, error = None, "", ""
    try:
        status, excerpt = _post(endpoint.url, body, headers)
    except Exception as failure:  # timeouts, refused connections, TLS: an attempt like any
        error = f"{type(failure).__name__}: {failure}"
    if status is not None and 200 <= status < 300:
        # Recorded whatever happened to the claim meanwhile: the request has arrived.
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.DELIVERED,
            delivered_at=now,
            claimed_until=None,
            response_status=status,
            response_excerpt=excerpt,
            last_error="",
        )
        WebhookEndpoint.objects.filter(pk=endpoint.pk, consecutive_failures__gt=0).update(
            consecutive_failures=0, failing_since=None
        )
        return True
    if status is not None:
        error = _("Antwoord %(status)d in plaats van 2xx.") % {"status": status}
    _record_failure(delivery, status=status, excerpt=excerpt, error=error, claim=claim, now=now)
    return False


def webhook_deliver_due(*, limit: int = 500, now: datetime | None = None) -> int:
    """Deliver up to ``limit`` due deliveries, also those whose worker died; returns how many
    arrived. Used by the ``deliver_webhooks`` command."""
    now = now or timezone.now()
    due_ids = list(
        _due(WebhookDelivery.objects.all(), now=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(webhook_deliver(delivery_id, now=now) for delivery_id in due_ids)


@transaction.atomic
def webhook_retry(*, delivery_ids: list[int], now: datetime | None = None) -> int:
    """Put given-up deliveries back in the queue, due now, with a fresh series of attempts;
    returns how many. They go out once their endpoint is switched on."""
    now = now or timezone.now()
    failed = WebhookDelivery.objects.filter(pk__in=delivery_ids, status=DeliveryStatus.FAILED)
    retried = list(failed.values_list("pk", flat=True))
    failed.update(status=DeliveryStatus.QUEUED, attempts=0, next_attempt_at=now, claimed_until=None)
    for delivery_id in retried:
        transaction.on_commit(partial(_enqueue_delivery, delivery_id))
    return len(retried)


def _receiving(endpoints: QuerySet[WebhookEndpoint]) -> QuerySet[WebhookEndpoint]:
    return endpoints.filter(active=True, disabled_at__isnull=True)


def _due(deliveries: QuerySet[WebhookDelivery], *, now: datetime) -> QuerySet[WebhookDelivery]:
    # The endpoint's condition as a subquery rather than a join: the claim stays a plain
    # conditional UPDATE of the delivery row, which the database re-checks under its row lock.
    receiving = _receiving(WebhookEndpoint.objects.all()).values("pk")
    return deliveries.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lte=now),
        status=DeliveryStatus.QUEUED,
        next_attempt_at__lte=now,
        endpoint_id__in=receiving,
    )


def _record_failure(
    delivery: WebhookDelivery,
    *,
    status: int | None,
    excerpt: str,
    error: str,
    claim: datetime,
    now: datetime,
) -> None:
    attempts = delivery.attempts + 1
    given_up = attempts >= MAX_ATTEMPTS
    logger.warning(
        "Webhook %s (%s) to %s failed, attempt %s of %s: %s",
        delivery.pk,
        delivery.event_key,
        delivery.endpoint.url,
        attempts,
        MAX_ATTEMPTS,
        error,
    )
    # Only while the claim is still ours: a worker that took over has the outcome that counts.
    WebhookDelivery.objects.filter(pk=delivery.pk, claimed_until=claim).update(
        status=DeliveryStatus.FAILED if given_up else DeliveryStatus.QUEUED,
        attempts=attempts,
        response_status=status,
        response_excerpt=excerpt,
        last_error=error[:LAST_ERROR_LENGTH],
        next_attempt_at=now if given_up else now + BACKOFF[attempts - 1],
        claimed_until=None,
    )
    WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(
        consecutive_failures=F("consecutive_failures") + 1,
        failing_since=Coalesce(F("failing_since"), Value(now)),
    )
    # A conditional UPDATE: of several workers failing at once, exactly one switches it off.
    switched_off = WebhookEndpoint.objects.filter(
        pk=delivery.endpoint_id,
        consecutive_failures__gte=DISABLE_AFTER_FAILURES,
        failing_since__lte=now - DISABLE_AFTER_FAILING_FOR,
        disabled_at__isnull=True,
    ).update(disabled_at=now)
    if switched_off:
        _tell_owner(delivery.endpoint_id, now=now)


def _tell_owner(endpoint_id: int, *, now: datetime) -> None:
    """Log that the endpoint was switched off, and mail its owner."""
    endpoint = WebhookEndpoint.objects.select_related("owner").get(pk=endpoint_id)
    logger.warning("Webhook endpoint %s (%s) switched off after failures", endpoint.pk, endpoint)
    if not endpoint.owner.email:
        return
    with translation.override(MAIL_LANGUAGE):
        mail_queue(
            key=f"webhook-disabled:{endpoint.pk}:{now.isoformat()}",
            to=endpoint.owner.email,
            subject=_("Uw webhook is uitgeschakeld"),
            text=_(
                "Het CS-portaal heeft uw webhook naar %(url)s uitgeschakeld: %(count)d pogingen "
                "op rij mislukten, sinds %(since)s. Er gaan geen berichten meer naartoe. Zet de "
                "webhook weer aan op %(page)s zodra uw server weer antwoordt; de berichten die "
                "wachtten, worden dan alsnog verstuurd."
            )
            % {
                "url": endpoint.url,
                "count": endpoint.consecutive_failures,
                "since": date_format(timezone.localtime(endpoint.failing_since), "j F Y H:i"),
                "page": _absolute(reverse("notifications:webhook_detail", args=[endpoint.pk])),
            },
        )


def _enqueue_delivery(delivery_id: int) -> None:
    """Hand the delivery to a worker; should that fail, ``deliver_webhooks`` picks it up later."""
    try:
        deliver_webhook.enqueue(delivery_id)
    except Exception:
        logger.exception("Could not enqueue webhook delivery %s", delivery_id)


@task()
def deliver_webhook(delivery_id: int) -> bool:
    """Deliver one webhook; after a failure, run again when the next attempt is due.

    Backends that cannot defer a task (the immediate one in tests) leave the retry to the
    ``deliver_webhooks`` command, which also picks up what a dead worker left behind.
    """
    if webhook_deliver(delivery_id):
        return True
    retry = (
        WebhookDelivery.objects.filter(
            pk=delivery_id,
            status=DeliveryStatus.QUEUED,
            claimed_until__isnull=True,
            next_attempt_at__gt=timezone.now(),
        )
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if retry is not None and deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=retry).enqueue(delivery_id)
    return False
