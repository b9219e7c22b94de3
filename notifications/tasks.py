"""Background tasks of notifications: e-mail is sent here, never inside a web request.

Tasks take ids, not rendered text: the message is built from the data as it is when the task
runs, so a retry sends what is true then. Tasks run outside any request, so they choose the
language themselves (the portal writes to submitters in Dutch).
"""

from django.core.mail import EmailMultiAlternatives
from django.utils import translation

from django_tasks import task

from governance.models import ChangeRequest, TransitionEvent
from notifications.submitter_mail import confirmation_mail, transition_mail

MAIL_LANGUAGE = "nl"


@task()
def send_email(*, change_request_id: int, event_id: int | None = None) -> bool:
    """Send the submitter of a change request one e-mail; False when there is nothing to send.

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
        EmailMultiAlternatives(subject=mail.subject, body=mail.body, to=[mail.to]).send()
    return True
