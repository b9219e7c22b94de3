"""Following and unfollowing: the services that write subscriptions.

Following is idempotent: following what one already follows keeps the one subscription and sets
the frequency asked for. Ending a subscription needs no account: every message carries a signed
link that ends the subscription it came through (``unsubscribe_token``); the link never expires,
because a message may be read months later, and it can only ever end that one subscription.

A logged-in submitter follows their own change request from the moment it is confirmed
(``governance`` events, ``notifications.receivers``), so it appears among their notices; the
submitter's own status e-mails are sent whatever they follow (``notifications.submitter_mail``,
decision 0023).
"""

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from notifications.models import Frequency, Subscription
from notifications.targets import KIND_OF_MODEL

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


class NotificationsError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _check_followable(target: Model) -> None:
    """Only the five kinds, and a change request only once it is public (confirmed)."""
    if type(target) not in KIND_OF_MODEL or not getattr(target, "is_public", True):
        raise NotificationsError(_("Dit kunt u niet volgen."))


@transaction.atomic
def subscription_follow(
    *, user, target: Model, frequency: str = Frequency.IMMEDIATELY
) -> Subscription:
    """``user`` follows ``target`` (again), with ``frequency``."""
    if not user.is_authenticated:
        raise NotificationsError(_("Log in om te volgen."))
    _check_followable(target)
    if frequency not in Frequency.values:
        raise NotificationsError(_("Kies hoe vaak u berichten wilt ontvangen."))
    target_type = ContentType.objects.get_for_model(target)
    try:
        with transaction.atomic():
            subscription, created = Subscription.objects.get_or_create(
                user=user,
                target_type=target_type,
                target_id=target.pk,
                defaults={"frequency": frequency},
            )
    except IntegrityError:  # followed at the same moment in another request
        subscription, created = (
            Subscription.objects.get(user=user, target_type=target_type, target_id=target.pk),
            False,
        )
    if not created and subscription.frequency != frequency:
        subscription.frequency = frequency
        subscription.save(update_fields=["frequency"])
    return subscription


def subscription_set_frequency(*, subscription: Subscription, user, frequency: str) -> None:
    """Change how often one of ``user``'s own subscriptions sends its messages."""
    if subscription.user_id != user.pk:
        raise NotificationsError(_("Dit abonnement is niet van u."))
    if frequency not in Frequency.values:
        raise NotificationsError(_("Kies hoe vaak u berichten wilt ontvangen."))
    Subscription.objects.filter(pk=subscription.pk).update(frequency=frequency)


def subscription_end(*, subscription: Subscription, user=None) -> None:
    """End a subscription: by its owner (``user``), or by its signed link (``user`` None)."""
    if user is not None and subscription.user_id != user.pk:
        raise NotificationsError(_("Dit abonnement is niet van u."))
    Subscription.objects.filter(pk=subscription.pk).delete()


def unfollow(*, user, target: Model) -> bool:
    """``user`` stops following ``target``; False when they did not follow it."""
    deleted, _rows = Subscription.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).delete()
    return bool(deleted)


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def subscription_id_from_token(token: str) -> int | None:
    """The subscription a signed unsubscribe link names; None for a forged or damaged link."""
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
