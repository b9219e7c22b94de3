"""Following and unfollowing: the services that write subscriptions.

Following is idempotent: following what one already follows keeps the one subscription and sets
the frequency asked for. Ending a subscription needs no account: every message carries a signed
link that ends the subscription it came through (``unsubscribe_token``); the link never expires,
because a message may be read months later, and it can only ever end that one subscription.

Without an account one follows by e-mail address, confirmed first: ``subscription_request_by_email``
mails a signed link (valid ``CONFIRM_MAX_AGE_DAYS`` days) that names the address, the object
and the frequency, and ``subscription_follow_by_email`` creates the subscription once the link
is used. At most one such mail per address and object per day, so the form cannot be used to
flood someone's mailbox.

A logged-in submitter follows their own change request from the moment it is confirmed
(``governance`` events, ``notifications.receivers``), so it appears among their notices; the
submitter's own status e-mails are sent whatever they follow (``notifications.submitter_mail``,
decision 0023).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.models import Frequency, Subscription
from notifications.outbox import mail_queue
from notifications.targets import KIND_OF_MODEL, describe, followable, may_follow

MAIL_LANGUAGE = "nl"

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
CONFIRM_SALT = "notifications.follow-by-email"
CONFIRM_MAX_AGE_DAYS = 7


class NotificationsError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _check_followable(target: Model, *, user=None) -> None:
    """Only the followable kinds, a change request only once it is public (confirmed), and an
    organisation only by an account that may see it (``targets.may_follow``)."""
    if not may_follow(user, target):
        raise NotificationsError(_("Dit kunt u niet volgen."))


@transaction.atomic
def subscription_follow(
    *, user, target: Model, frequency: str = Frequency.IMMEDIATELY
) -> Subscription:
    """``user`` follows ``target`` (again), with ``frequency``."""
    if not user.is_authenticated:
        raise NotificationsError(_("Log in om te volgen."))
    _check_followable(target, user=user)
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


def follow_confirmation_token(*, email: str, target: Model, frequency: str) -> str:
    return signing.dumps(
        {"e": email, "k": KIND_OF_MODEL[type(target)], "p": target.pk, "f": frequency},
        salt=CONFIRM_SALT,
    )


def read_follow_confirmation(token: str) -> tuple[str, Model, str] | None:
    """(address, object, frequency) of a confirmation link; None when it is forged, damaged,
    expired, or names an object that no longer exists or cannot be followed."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE_DAYS * 86400)
        email, kind, pk, frequency = data["e"], data["k"], data["p"], data["f"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    target = followable(kind, pk)
    if target is None or frequency not in Frequency.values:
        return None
    return email, target, frequency


def subscription_request_by_email(*, email: str, target: Model, frequency: str) -> bool:
    """Mail ``email`` a link to confirm following ``target``; False when one went out today."""
    _check_followable(target)
    if frequency not in Frequency.values:
        raise NotificationsError(_("Kies hoe vaak u berichten wilt ontvangen."))
    try:
        validate_email(email)
    except ValidationError as error:
        raise NotificationsError(_("Vul een geldig e-mailadres in.")) from error
    token = follow_confirmation_token(email=email, target=target, frequency=frequency)
    name = describe(target)
    context = {
        "name": name,
        "url": settings.SITE_URL + reverse("notifications:follow_confirm", args=[token]),
        "days": CONFIRM_MAX_AGE_DAYS,
        "site_url": settings.SITE_URL,
    }
    with translation.override(MAIL_LANGUAGE):
        subject = _("Bevestig dat u %(name)s wilt volgen") % {"name": name}
        text = render_to_string("notifications/email/follow_confirm.txt", context)
    day = timezone.localdate().isoformat()
    queued = mail_queue(
        key=f"follow-confirm:{KIND_OF_MODEL[type(target)]}:{target.pk}:{email.lower()}:{day}",
        to=email,
        subject=subject,
        text=text,
    )
    return queued is not None


@transaction.atomic
def subscription_follow_by_email(*, email: str, target: Model, frequency: str) -> Subscription:
    """The address (confirmed by its link) follows ``target`` (again), with ``frequency``."""
    _check_followable(target)
    target_type = ContentType.objects.get_for_model(target)
    subscription = Subscription.objects.filter(
        user__isnull=True, email__iexact=email, target_type=target_type, target_id=target.pk
    ).first()
    if subscription is None:
        return Subscription.objects.create(
            email=email, target_type=target_type, target_id=target.pk, frequency=frequency
        )
    if subscription.frequency != frequency:
        subscription.frequency = frequency
        subscription.save(update_fields=["frequency"])
    return subscription
