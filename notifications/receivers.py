"""What notifications does when governance reports a domain event.

For now: the submitter's own e-mails (``notifications.submitter_mail``), each queued as a
background task. The receivers stay small on purpose; the notifications issue replaces "the
submitter and those merged in" by the subscribers of the object.

The events are sent after the change has been committed. Failing to queue a mail must not turn
a stored change request into an error page (the submitter would file it again), so such a
failure is logged instead of raised.
"""

import logging

from django.dispatch import receiver

from governance import events
from notifications import tasks
from notifications.submitter_mail import SILENT_TRANSITIONS, followers

logger = logging.getLogger(__name__)


def _queue_email(*, change_request_id: int, event_id: int | None = None) -> None:
    try:
        tasks.send_email.enqueue(change_request_id=change_request_id, event_id=event_id)
    except Exception:
        logger.exception(
            "Could not queue e-mail for change request %s (event %s)", change_request_id, event_id
        )


@receiver(events.change_request_submitted, dispatch_uid="notifications.mail_confirmation_link")
def mail_confirmation_link(sender, *, change_request, **kwargs) -> None:
    _queue_email(change_request_id=change_request.pk)


@receiver(events.change_request_transitioned, dispatch_uid="notifications.mail_submitters")
def mail_submitters(sender, *, change_request, event, **kwargs) -> None:
    if event.transition in SILENT_TRANSITIONS:
        return
    for follower_id in followers(change_request):
        _queue_email(change_request_id=follower_id, event_id=event.pk)
