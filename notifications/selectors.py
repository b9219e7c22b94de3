"""Reads of notifications: a user's notices, unread count and subscriptions."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from notifications.models import Notification, Subscription
from notifications.targets import KIND_OF_MODEL, content_types, describe_all, describe_queue

QUEUE_KIND = "werkvoorraad"


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def subscriptions_of(user) -> list[Subscription]:
    """The user's subscriptions, newest first, each with ``name`` (what it follows, in words)
    and ``kind`` ("werkvoorraad" for a work queue); a fixed number of queries however many there
    are. Subscriptions to objects that no longer exist are left out."""
    models = {content_type.pk: model for model, content_type in content_types().items()}
    subscriptions = list(Subscription.objects.filter(user=user).order_by("-created_at", "-pk"))
    names = describe_all(
        (models[s.target_type_id], s.target_id) for s in subscriptions if s.target_type_id in models
    )
    found = []
    for subscription in subscriptions:
        if subscription.queue:
            subscription.name = describe_queue(subscription.queue)
            subscription.kind = QUEUE_KIND
            found.append(subscription)
            continue
        target = (models.get(subscription.target_type_id), subscription.target_id)
        if target in names:
            subscription.name = names[target]
            subscription.kind = KIND_OF_MODEL[target[0]]
            found.append(subscription)
    return found


def subscription_to(user, target: Model) -> Subscription | None:
    """The user's subscription to ``target``, if any."""
    if not user.is_authenticated:
        return None
    return Subscription.objects.filter(
        user=user,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
    ).first()


def queue_subscription_of(user, queue: str) -> Subscription | None:
    """The user's subscription to the work queue ``queue``, if any."""
    if not user.is_authenticated:
        return None
    return Subscription.objects.filter(user=user, queue=queue).first()
