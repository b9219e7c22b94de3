"""Background tasks of notifications: e-mail is sent here, never inside a web request.

Every e-mail goes through the outbox (``notifications.outbox``): it is queued there and
delivered by ``deliver_mail``, which tries again later when sending failed. ``send_email`` builds
the submitter's mails; it takes ids, not rendered text, so the message is built from the data as
it is when the task runs. Tasks run outside any request, so they choose the language themselves
(the portal writes to submitters in Dutch).
"""

from django.utils import timezone, translation

from django_tasks import task

from governance.models import ChangeRequest, TransitionEvent
from notifications.models import MailStatus, OutgoingMail
from notifications.outbox import mail_deliver, mail_deliver_due, mail_queue
from notifications.submitter_mail import confirmation_mail, transition_mail

MAIL_LANGUAGE = "nl"


@task()
def deliver_mail(mail_id: int) -> bool:
    """Send one message of the outbox; after a failure, run again when the next attempt is due.

    Backends that cannot defer a task (the immediate one in tests) leave the retry to the
    ``deliver_mail`` command, which also picks up what a dead worker left behind.
    """
    if mail_deliver(mail_id):
        return True
    retry = (
        OutgoingMail.objects.filter(
            pk=mail_id,
            status=MailStatus.QUEUED,
            claimed_until__isnull=True,
            next_attempt_at__gt=timezone.now(),
        )
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if retry is not None and deliver_mail.get_backend().supports_defer:
        deliver_mail.using(run_after=retry).enqueue(mail_id)
    return False


@task()
def deliver_due_mail() -> int:
    """Send what is due in the outbox, batch after batch over one SMTP connection each (the
    messages of a fan-out); returns how many were sent. What fails waits for its next attempt,
    which the ``deliver_mail`` command takes care of."""
    sent = total = mail_deliver_due()
    while sent:
        sent = mail_deliver_due()
        total += sent
    return total


@task()
def send_email(*, change_request_id: int, event_id: int | None = None) -> bool:
    """Queue one e-mail to the submitter of a change request; False when there is nothing to
    send, or when this very mail was queued before (a repeated event).

    Without ``event_id`` it is the link to confirm the e-mail address; with one, the mail about
    that step (of this request, or of the request it was merged into).
    """
    change_request = (
        ChangeRequest.objects.select_related("merged_into").filter(pk=change_request_id).first()
    )
    if change_request is None:
        return False
    with translation.override(MAIL_LANGUAGE):
        if event_id is None:
            mail = confirmation_mail(change_request)
        else:
            event = (
                TransitionEvent.objects.select_related("change_request").filter(pk=event_id).first()
            )
            mail = transition_mail(change_request, event) if event is not None else None
    if mail is None:
        return False
    queued = mail_queue(
        key=f"submitter:{change_request_id}:{event_id or 'confirm'}:{mail.to}",
        to=mail.to,
        subject=mail.subject,
        text=mail.body,
    )
    return queued is not None
