"""What notifications does when governance reports a domain event.

The submitter's own e-mails (``notifications.submitter_mail``), and the notices and e-mails to
everyone who follows the request or what it is about (``notifications.fanout``), each work of a
background task. A logged-in submitter starts following their request when it is confirmed.

The events are sent after the change has been committed. Failing to queue a mail must not turn
a stored change request into an error page (the submitter would file it again), so such a
failure is logged instead of raised.
"""

import logging

from django.dispatch import receiver

from governance import events
from notifications import fanout, tasks
from notifications.submitter_mail import SILENT_TRANSITIONS, followers
from notifications.subscriptions import subscription_follow
from standards.events import release_published

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


def _enqueue(task, **kwargs) -> None:
    try:
        task.enqueue(**kwargs)
    except Exception:
        logger.exception("Could not queue %s with %s", task, kwargs)


@receiver(events.change_request_transitioned, dispatch_uid="notifications.notify_followers")
def notify_followers(sender, *, change_request, event, **kwargs) -> None:
    _enqueue(fanout.notify_transition, event_id=event.pk)


@receiver(events.change_request_transitioned, dispatch_uid="notifications.follow_own_request")
def follow_own_request(sender, *, change_request, event, **kwargs) -> None:
    """A submitter with an account follows their request once it is confirmed."""
    if event.transition == "confirm" and change_request.submitter_user_id:
        subscription_follow(user=change_request.submitter_user, target=change_request)


@receiver(release_published, dispatch_uid="notifications.notify_release_followers")
def notify_release_followers(sender, *, release, superseded=None, **kwargs) -> None:
    _enqueue(
        fanout.notify_release_published,
        release_id=release.pk,
        superseded_id=superseded.pk if superseded is not None else None,
    )


@receiver(events.steering_decisions_published, dispatch_uid="notifications.notify_decisions")
def notify_decisions(sender, *, meeting, **kwargs) -> None:
    _enqueue(fanout.notify_decisions_published, meeting_id=meeting.pk)
