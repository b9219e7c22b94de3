"""Following a work queue: staff hear when a request arrives in their step.

A member of the secretariat wants to know when a request arrives in intake, a legal reviewer when
one arrives in legal review, and so on (``governance.constants.Queue``). Following a queue is a
subscription with ``queue`` set instead of an object; it sends its messages at once or in a
digest like any other (``notifications.fanout``: the request's number, "wacht in uw
werkvoorraad …", and the reason "U volgt de werkvoorraad …"). Only staff who may read internal
notes follow a queue: the queues are their work, and their pages are closed to anyone else.

Following is idempotent, as for objects (``notifications.subscriptions``). Ending one is open to
any account, also one that lost its staff role since: stopping a message is never refused, and
the subscription list and the link in every message end it as well.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from governance.constants import Queue
from governance.permissions import may_read_internal_notes
from notifications.models import Frequency, Subscription
from notifications.subscriptions import NotificationsError


def _check_queue(queue: str) -> None:
    if queue not in Queue.values:
        raise NotificationsError(_("Deze werkvoorraad bestaat niet."))


@transaction.atomic
def queue_follow(*, user, queue: str, frequency: str = Frequency.IMMEDIATELY) -> Subscription:
    """``user`` follows the work queue ``queue`` (again), with ``frequency``."""
    if not may_read_internal_notes(user):
        raise NotificationsError(_("Alleen medewerkers kunnen een werkvoorraad volgen."))
    _check_queue(queue)
    if frequency not in Frequency.values:
        raise NotificationsError(_("Kies hoe vaak u berichten wilt ontvangen."))
    try:
        with transaction.atomic():
            subscription, created = Subscription.objects.get_or_create(
                user=user, queue=queue, defaults={"frequency": frequency}
            )
    except IntegrityError:  # followed at the same moment in another request
        subscription, created = Subscription.objects.get(user=user, queue=queue), False
    if not created and subscription.frequency != frequency:
        subscription.frequency = frequency
        subscription.save(update_fields=["frequency"])
    return subscription


def queue_unfollow(*, user, queue: str) -> bool:
    """``user`` stops following the work queue ``queue``; False when they did not follow it."""
    if not user.is_authenticated:
        raise NotificationsError(_("Log in om een werkvoorraad niet meer te volgen."))
    _check_queue(queue)
    deleted, _rows = Subscription.objects.filter(user=user, queue=queue).delete()
    return bool(deleted)
