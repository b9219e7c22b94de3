"""The staff's work queues (werkvoorraad): what waits in intake, legal review, practical review
and for the steering group, with due dates and the overdue work marked.

Staff only: anonymous visitors are sent to the login page, logged-in users without a staff role
get 403. Each user sees the queues of their own role highlighted.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from governance import selectors
from governance.constants import Queue
from governance.permissions import may_read_internal_notes

# The queue of each URL slug, and back.
QUEUE_SLUGS = {
    "intake": Queue.INTAKE,
    "juridische-toets": Queue.LEGAL_REVIEW,
    "praktijktoets": Queue.PRACTICAL_REVIEW,
    "stuurgroep": Queue.STEERING,
}
SLUG_OF_QUEUE = {queue: slug for slug, queue in QUEUE_SLUGS.items()}

# Whose work each queue is.
QUEUE_ROLES = {
    Queue.INTAKE: (Role.SECRETARIAT,),
    Queue.LEGAL_REVIEW: (Role.LEGAL_REVIEWER,),
    Queue.PRACTICAL_REVIEW: (Role.PRACTICAL_REVIEWER,),
    Queue.STEERING: (Role.STEERING_SECRETARY, Role.STEERING_MEMBER),
}


def _staff_only(request: HttpRequest) -> HttpResponse | None:
    """A login redirect for anonymous visitors; 403 for users without a staff role."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_read_internal_notes(request.user):
        raise PermissionDenied(_("De werkvoorraad is alleen voor medewerkers."))
    return None


def _own_queues(user) -> set[Queue]:
    """The queues of the roles the user has (superusers act in every role)."""
    if user.is_superuser:
        return set(Queue)
    roles = set(user.groups.values_list("name", flat=True))
    return {queue for queue, queue_roles in QUEUE_ROLES.items() if roles & set(queue_roles)}


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Werkvoorraad"), reverse("governance:queues")), *items]


def queue_overview(request: HttpRequest) -> HttpResponse:
    if (refusal := _staff_only(request)) is not None:
        return refusal
    sizes = selectors.queue_sizes()
    overdue = selectors.queue_overdue_counts()
    own = _own_queues(request.user)
    queues = [
        {
            "queue": queue,
            "label": queue.label,
            "url": reverse("governance:queue", kwargs={"queue": SLUG_OF_QUEUE[queue]}),
            "size": sizes[queue],
            "overdue": overdue[queue],
            "own": queue in own,
        }
        for queue in Queue
    ]
    return render(
        request,
        "governance/staff/queue_overview.html",
        {
            "queues": queues,
            "has_own": bool(own),
            "crumbs": [(_("Werkvoorraad"), None)],
        },
    )


def queue_detail(request: HttpRequest, queue: str) -> HttpResponse:
    if (refusal := _staff_only(request)) is not None:
        return refusal
    step = QUEUE_SLUGS.get(queue)
    if step is None:
        raise Http404(_("Deze werkvoorraad bestaat niet."))
    rows = list(selectors.queue_rows(step))
    return render(
        request,
        "governance/staff/queue_detail.html",
        {
            "queue": step,
            "rows": rows,
            "overdue_count": sum(1 for row in rows if row.is_overdue),
            "is_steering": step == Queue.STEERING,
            "is_own": step in _own_queues(request.user),
            "today": timezone.localdate(),
            "crumbs": _crumbs((step.label, None)),
        },
    )
