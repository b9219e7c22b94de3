"""Digests: one e-mail a day or a week with everything a follower chose to read that way.

A notice for a subscription with a daily or weekly frequency is marked ``digest_due`` when it is
written (``notifications.fanout``). ``digests_send`` gathers, per follower, the due notices of
the subscriptions with the given frequency, queues one e-mail with all of them (newest first,
each with its reason and its own unsubscribe link) and marks them done, in one transaction.

The e-mail's key names the period (the day, or the ISO week), so running the command twice in a
period sends nothing twice; a notice that arrives after a digest of the period was sent waits
for the next one. Its ``List-Unsubscribe`` link ends every subscription of that frequency of the
follower: that is the mailing the digest is.

Run by cron (see README): ``manage.py send_digests daily`` every morning and
``manage.py send_digests weekly`` on Monday morning.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from notifications.models import Frequency, Notification, Subscription
from notifications.outbox import mail_queue
from notifications.subscriptions import unsubscribe_token

MAIL_LANGUAGE = "nl"
DIGEST_SALT = "notifications.digest-unsubscribe"
DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)


def _period(frequency: str, day: datetime.date) -> str:
    if frequency == Frequency.DAILY:
        return day.isoformat()
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_unsubscribe_token(*, user_id: int | None, email: str, frequency: str) -> str:
    return signing.dumps({"u": user_id, "e": email, "f": frequency}, salt=DIGEST_SALT)


def digest_unsubscribe(token: str) -> int | None:
    """End every subscription of the follower and frequency a digest link names; the number
    ended, or None for a forged or damaged link."""
    try:
        data = signing.loads(token, salt=DIGEST_SALT)
        user_id, email, frequency = data["u"], data["e"], data["f"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    follower = {"user_id": user_id} if user_id else {"user__isnull": True, "email__iexact": email}
    ended, _rows = Subscription.objects.filter(frequency=frequency, **follower).delete()
    return ended


def digests_send(*, frequency: str, now: datetime.datetime | None = None) -> int:
    """Queue the digest of ``frequency`` for every follower with due notices; returns how many
    digests were queued."""
    if frequency not in DIGEST_FREQUENCIES:
        raise ValueError(f"no digest for frequency {frequency!r}")
    now = now or timezone.now()
    period = _period(frequency, timezone.localdate(now))
    due = (
        Notification.objects.filter(digest_due=True, subscription__frequency=frequency)
        .select_related("user", "subscription")
        .order_by("-created_at", "-pk")
    )
    by_follower: dict[tuple[int | None, str], list[Notification]] = defaultdict(list)
    for notice in due:
        follower = (notice.user_id, "" if notice.user_id else notice.email.lower())
        by_follower[follower].append(notice)
    queued = 0
    with translation.override(MAIL_LANGUAGE):
        for (user_id, email), notices in by_follower.items():
            address = notices[0].user.email if user_id else email
            with transaction.atomic():
                if address and _queue_digest(frequency, period, user_id, address, notices):
                    queued += 1
                Notification.objects.filter(pk__in=[n.pk for n in notices]).update(digest_due=False)
    return queued


def _queue_digest(frequency, period, user_id, address, notices) -> bool:
    site = settings.SITE_URL
    unsubscribe = site + reverse(
        "notifications:digest_unsubscribe",
        args=[digest_unsubscribe_token(user_id=user_id, email=address, frequency=frequency)],
    )
    label = Frequency(frequency).label.lower()
    subject = ngettext(
        "Uw %(label)s van het CS-portaal: %(count)d bericht",
        "Uw %(label)s van het CS-portaal: %(count)d berichten",
        len(notices),
    ) % {"label": label, "count": len(notices)}
    items = [
        {
            "notice": notice,
            "url": site + notice.url,
            "unsubscribe_url": site
            + reverse("notifications:unsubscribe", args=[unsubscribe_token(notice.subscription)])
            if notice.subscription_id
            else "",
        }
        for notice in notices
    ]
    context = {
        "subject": subject,
        "items": items,
        "unsubscribe_url": unsubscribe,
        "manage_url": site + reverse("notifications:subscriptions") if user_id else "",
        "site_url": site,
        "label": label,
    }
    queued = mail_queue(
        key=f"digest:{frequency}:{period}:{address.lower()}",
        to=address,
        subject=subject,
        text=render_to_string("notifications/email/digest.txt", context),
        html=render_to_string("notifications/email/digest.html", context),
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    return queued is not None
