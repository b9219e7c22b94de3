"""The services of the outbox: queue an e-mail, deliver it, retry what failed.

Every e-mail the portal sends goes through here. ``mail_queue`` writes the message to the outbox
(``OutgoingMail``) in the transaction of whatever caused it, under a key that names it; a key
that is there already queues nothing, so a duplicated event sends nothing twice. After that
transaction commits, a background task (``notifications.tasks.deliver_mail``) delivers it.

Delivery (``mail_deliver``) first *claims* the message with one conditional UPDATE: only a
queued, due message whose claim is absent or has expired is claimed, until now +
``CLAIM_SECONDS``. Of any number of workers trying at once, exactly one wins. The winner sends
through Django's mail backend and marks the message sent. A failed send (SMTP down or refusing)
counts an attempt, keeps the error and schedules the next attempt after ``BACKOFF``; after
``MAX_ATTEMPTS`` the message is given up (``failed``) and stays in the admin, where it can be put
back in the queue. A worker that dies mid-send leaves its claim behind; once the claim has
expired ``mail_deliver_due`` (the ``deliver_mail`` command, run every minute) claims the message
again.

A fan-out to thousands of followers queues its messages in bulk (``mail_queue_many``: one
query to find the keys already there, inserts in batches) and hands them to the workers as one
batch task; ``mail_deliver_due`` then sends a batch over one SMTP connection, claiming each
message on its own as above.

Exactly once is not possible with SMTP: a worker that dies after the server accepted the message
but before the outbox recorded it will have the message sent again once the claim expires. The
Message-ID is derived from the key, so such a repeat carries the same Message-ID as the first
delivery, which mail clients and archives use to recognise (and usually hide) the duplicate.
"""

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parseaddr
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notifications.models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)

# Longer than any one SMTP conversation may take (see SMTP_TIMEOUT_SECONDS), so that a claim
# only expires when its worker is gone, not while it is still talking to the server.
CLAIM_SECONDS = 10 * 60
# Used when EMAIL_TIMEOUT is not set: Django's default is to wait forever, which would let a
# hanging server outlive the claim.
SMTP_TIMEOUT_SECONDS = 60
# Wait after the 1st, 2nd, ... failed attempt. A short outage is bridged within minutes; a long
# one is retried for about a day and a half before the message is given up.
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
LAST_ERROR_LENGTH = 2000


def mail_queue(
    *,
    key: str,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    headers: dict[str, str] | None = None,
) -> OutgoingMail | None:
    """Write the message to the outbox unless ``key`` is there already (then None: a duplicate
    event sends nothing twice); its delivery is enqueued after the surrounding transaction
    commits."""
    mail, created = OutgoingMail.objects.get_or_create(
        key=key,
        defaults={
            "to": to,
            # A header cannot hold a line break.
            "subject": " ".join(subject.split()),
            "text": text,
            "html": html,
            "headers": headers or {},
            "next_attempt_at": timezone.now(),
        },
    )
    if not created:
        return None
    transaction.on_commit(partial(_enqueue_delivery, mail.pk))
    return mail


@dataclass(frozen=True)
class Mail:
    """A message to queue with ``mail_queue_many``."""

    key: str
    to: str
    subject: str
    text: str
    html: str = ""
    headers: dict[str, str] = field(default_factory=dict)


BATCH_SIZE = 500


def mail_queue_many(mails: Iterable[Mail]) -> int:
    """Write many messages to the outbox, each unless its key is there already; returns how
    many were queued. Their delivery is one batch task, enqueued after the surrounding
    transaction commits."""
    now = timezone.now()
    queued = 0
    for batch in _batches(list(mails), BATCH_SIZE):
        existing = set(
            OutgoingMail.objects.filter(key__in=[mail.key for mail in batch]).values_list(
                "key", flat=True
            )
        )
        new = {mail.key: mail for mail in batch if mail.key not in existing}
        OutgoingMail.objects.bulk_create(
            [
                OutgoingMail(
                    key=mail.key,
                    to=mail.to,
                    subject=" ".join(mail.subject.split()),
                    text=mail.text,
                    html=mail.html,
                    headers=mail.headers,
                    next_attempt_at=now,
                )
                for mail in new.values()
            ],
            ignore_conflicts=True,  # queued by a concurrent run of the same event meanwhile
        )
        queued += len(new)
    if queued:
        transaction.on_commit(_enqueue_batch_delivery)
    return queued


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def mail_deliver(mail_id: int, *, now: datetime | None = None) -> bool:
    """Claim the message, send it and mark it sent; on failure schedule the next attempt.

    Returns whether it was sent now: False when it was not due, is claimed by another worker,
    was sent or given up already, or failed this time. Never raises for a failed send.
    """
    now = now or timezone.now()
    claim = now + timedelta(seconds=CLAIM_SECONDS)
    claimed = (
        _due(OutgoingMail.objects.filter(pk=mail_id), now=now).update(claimed_until=claim) == 1
    )
    if not claimed:
        return False
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        _message(mail).send()
    except Exception as error:  # whatever the backend raises, the attempt is recorded
        _record_failure(mail, error=error, claim=claim, now=now)
        return False
    # Recorded whatever happened to the claim meanwhile: the message has left.
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENT, sent_at=now, claimed_until=None, last_error=""
    )
    return True


def mail_deliver_due(*, limit: int = 500, now: datetime | None = None) -> int:
    """Deliver up to ``limit`` due queued messages, also those whose worker died, over one SMTP
    connection; returns how many were sent. Used by the ``deliver_mail`` command and the batch
    task of a fan-out. Each message is claimed on its own, so workers running this at the same
    time share the batch without sending anything twice."""
    now = now or timezone.now()
    claim = now + timedelta(seconds=CLAIM_SECONDS)
    due = list(_due(OutgoingMail.objects.all(), now=now).order_by("next_attempt_at", "pk")[:limit])
    if not due:
        return 0
    sent = 0
    connection = _connection()
    try:
        for mail in due:
            if (
                _due(OutgoingMail.objects.filter(pk=mail.pk), now=now).update(claimed_until=claim)
                != 1
            ):
                continue  # another worker has it
            try:
                # Opened here and kept open: a backend only closes what its send opened.
                connection.open()
                _message(mail, connection=connection).send()
            except Exception as error:
                _record_failure(mail, error=error, claim=claim, now=now)
                connection.close()  # a broken conversation is not reused
                continue
            OutgoingMail.objects.filter(pk=mail.pk).update(
                status=MailStatus.SENT, sent_at=now, claimed_until=None, last_error=""
            )
            sent += 1
    finally:
        connection.close()
    return sent


@transaction.atomic
def mail_retry(*, mail_ids: list[int], now: datetime | None = None) -> int:
    """Put given-up messages back in the queue, due now, with a fresh series of attempts;
    returns how many. Their last error stays visible until the next attempt."""
    now = now or timezone.now()
    failed = OutgoingMail.objects.filter(pk__in=mail_ids, status=MailStatus.FAILED)
    retried = list(failed.values_list("pk", flat=True))
    failed.update(status=MailStatus.QUEUED, attempts=0, next_attempt_at=now, claimed_until=None)
    for mail_id in retried:
        transaction.on_commit(partial(_enqueue_delivery, mail_id))
    return len(retried)


def message_id(key: str) -> str:
    """The Message-ID of the message with ``key``: the same for every attempt to send it."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "cs-portaal.nl"
    return f"<{digest}@{domain}>"


def _due(mails, *, now: datetime):
    return mails.filter(status=MailStatus.QUEUED, next_attempt_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    )


def _connection():
    return get_connection(timeout=settings.EMAIL_TIMEOUT or SMTP_TIMEOUT_SECONDS)


def _message(mail: OutgoingMail, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        to=[mail.to],
        headers={"Message-ID": message_id(mail.key), **mail.headers},
        connection=connection or _connection(),
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    return message


def _record_failure(
    mail: OutgoingMail, *, error: Exception, claim: datetime, now: datetime
) -> None:
    attempts = mail.attempts + 1
    given_up = attempts >= MAX_ATTEMPTS
    logger.warning(
        "E-mail %s (%s) not sent, attempt %s of %s: %s",
        mail.pk,
        mail.key,
        attempts,
        MAX_ATTEMPTS,
        error,
    )
    # Only while the claim is still ours: had it expired and another worker taken the message
    # over, that worker's outcome is the one that counts.
    OutgoingMail.objects.filter(pk=mail.pk, claimed_until=claim).update(
        status=MailStatus.FAILED if given_up else MailStatus.QUEUED,
        attempts=attempts,
        last_error=f"{type(error).__name__}: {error}"[:LAST_ERROR_LENGTH],
        next_attempt_at=now if given_up else now + BACKOFF[attempts - 1],
        claimed_until=None,
    )


def _enqueue_batch_delivery() -> None:
    """Hand a fan-out's messages to the workers; should that fail, ``deliver_mail`` picks them
    up later."""
    from notifications import tasks  # the tasks call these services

    try:
        tasks.deliver_due_mail.enqueue()
    except Exception:
        logger.exception("Could not enqueue the delivery of queued e-mail")


def _enqueue_delivery(mail_id: int) -> None:
    """Hand the message to a worker; should that fail, ``deliver_mail`` picks it up later."""
    from notifications import tasks  # the tasks call these services

    try:
        tasks.deliver_mail.enqueue(mail_id)
    except Exception:
        logger.exception("Could not enqueue delivery of e-mail %s", mail_id)
