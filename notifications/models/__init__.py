from notifications.models.inbox import Notification
from notifications.models.outbox import MailStatus, OutgoingMail
from notifications.models.subscriptions import Frequency, Subscription
from notifications.models.webhooks import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

__all__ = [
    "DeliveryStatus",
    "Frequency",
    "MailStatus",
    "Notification",
    "OutgoingMail",
    "Subscription",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
