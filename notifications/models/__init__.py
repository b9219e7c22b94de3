from notifications.models.inbox import Notification
from notifications.models.outbox import MailStatus, OutgoingMail
from notifications.models.subscriptions import Frequency, Subscription

__all__ = ["Frequency", "MailStatus", "Notification", "OutgoingMail", "Subscription"]
