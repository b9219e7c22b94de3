"""The e-mails a change request's submitter needs to take part in the workflow.

An anonymous submitter first gets a link to confirm the e-mail address; once the request is
confirmed (by link, or at once when filed with an account) the submitter gets the private
tracking link; when the secretariat asks a question, the question and the link to answer it;
after every other step a short status mail. When a request is merged into another one, its
submitter follows the surviving request and gets its status mails too, each with the link to
the submitter's *own* tracking page (the survivor's tracking link belongs to someone else).

Only public text goes into mail: the public comment of a step, never the internal note.
The messages are built from the current data when the background task runs, so a retry never
sends what has changed since. The notifications issue generalises this to every subscriber.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.confirmation import confirmation_token
from governance.constants import ChangeRequestState
from governance.models import ChangeRequest, TransitionEvent

S = ChangeRequestState

# The submit step itself is answered by the confirmation mail (or, with an account, by the
# tracking mail of the confirm step that follows at once).
SILENT_TRANSITIONS = frozenset({"submit"})


@dataclass(frozen=True)
class SubmitterMail:
    to: str
    subject: str
    body: str


def absolute_url(path: str) -> str:
    """Mail is sent by a background task: there is no request to build the address from."""
    return settings.SITE_URL + path


def followers(change_request: ChangeRequest) -> list[int]:
    """The ids of the requests whose submitters follow ``change_request``.

    That is the request itself and every request merged into it, directly or by way of another
    merged request.
    """
    found = [change_request.pk]
    frontier = [change_request.pk]
    while frontier:
        frontier = list(
            ChangeRequest.objects.filter(merged_into__in=frontier, state=S.MERGED)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found.extend(frontier)
    return found


def _mail(change_request: ChangeRequest, template: str, subject: str, **context) -> SubmitterMail:
    context = {
        "change_request": change_request,
        "tracking_url": absolute_url(change_request.get_tracking_url()),
        "site_url": settings.SITE_URL,
        **context,
    }
    body = render_to_string(f"notifications/email/{template}.txt", context)
    # A header cannot hold a line break; a title typed with one must not break the mail.
    return SubmitterMail(
        to=change_request.submitter_email, subject=" ".join(subject.split()), body=body
    )


def confirmation_mail(change_request: ChangeRequest) -> SubmitterMail | None:
    """The link that confirms the e-mail address; nothing once the request is past that."""
    if change_request.state != S.SUBMITTED:
        return None
    token = confirmation_token(
        change_request_pk=change_request.pk, email=change_request.submitter_email
    )
    return _mail(
        change_request,
        "confirmation",
        _("Bevestig uw wijzigingsverzoek %(number)s") % {"number": change_request.number},
        confirmation_url=absolute_url(reverse("governance:confirm", kwargs={"token": token})),
        max_age_days=settings.CS_CONFIRMATION_MAX_AGE_DAYS,
    )


def transition_mail(change_request: ChangeRequest, event: TransitionEvent) -> SubmitterMail | None:
    """The mail to the submitter of ``change_request`` about ``event``.

    ``event`` is a step of ``change_request`` itself or of the request it was merged into.
    """
    if event.transition in SILENT_TRANSITIONS:
        return None
    number = change_request.number
    if event.change_request_id != change_request.pk:
        followed = event.change_request
        return _mail(
            change_request,
            "followed_status",
            _("Nieuwe status van %(other)s, waarmee uw verzoek %(number)s is samengevoegd")
            % {"other": followed.number, "number": number},
            event=event,
            followed=followed,
        )
    if event.transition == "confirm":
        return _mail(
            change_request,
            "tracking",
            _("Uw wijzigingsverzoek %(number)s is in behandeling") % {"number": number},
            event=event,
        )
    if event.transition == "request_info":
        return _mail(
            change_request,
            "question",
            _("Vraag over uw wijzigingsverzoek %(number)s") % {"number": number},
            event=event,
        )
    if event.transition == "merge_into":
        survivor = change_request.merged_into
        return _mail(
            change_request,
            "merged",
            _("Uw wijzigingsverzoek %(number)s is samengevoegd met %(other)s")
            % {"number": number, "other": survivor.number},
            event=event,
            survivor=survivor,
            survivor_url=absolute_url(survivor.get_absolute_url()),
        )
    return _mail(
        change_request,
        "status",
        _("Nieuwe status van uw wijzigingsverzoek %(number)s: %(state)s")
        % {"number": number, "state": event.get_to_state_display()},
        event=event,
        public_url=absolute_url(change_request.get_absolute_url()),
    )
