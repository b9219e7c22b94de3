"""Services of the steering group: meetings, their agenda, decisions and the decision list.

The secretary of the steering group plans a meeting, builds its agenda from the change requests
that are ready for a decision, records the group's decision on each agenda item and publishes
the decision list. Recording a decision runs the change request's ``decide`` transition, so the
submitter's timeline shows it at once. Two people recording a decision on the same item at the
same time: the item row is locked, the first one wins and the second gets a ``StateConflict``.
"""

import datetime
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance import events
from governance.constants import SteeringOutcome
from governance.exceptions import InvalidInput, NotPermitted, StateConflict, TransitionRefused
from governance.models import AgendaItem, ChangeRequest, SteeringMeeting
from governance.permissions import may_decide, may_manage_meetings
from governance.selectors import agenda_candidates
from governance.services.change_requests import record_decision

OUTCOME_REASON = {
    SteeringOutcome.APPROVE: gettext_lazy("Goedgekeurd door de stuurgroep"),
    SteeringOutcome.REJECT: gettext_lazy("Afgewezen door de stuurgroep"),
    SteeringOutcome.DEFER: gettext_lazy("Aangehouden door de stuurgroep"),
}


def _check_may_manage(by: AbstractBaseUser) -> None:
    if not may_manage_meetings(by):
        raise NotPermitted(_("Alleen de secretaris van de stuurgroep beheert vergaderingen."))


def _check_open(meeting: SteeringMeeting) -> None:
    if meeting.decisions_published:
        raise TransitionRefused(
            _("De besluitenlijst van deze vergadering is gepubliceerd; de agenda ligt vast.")
        )


@transaction.atomic
def meeting_create(
    *, by: AbstractBaseUser, held_on: datetime.date, location: str = ""
) -> SteeringMeeting:
    _check_may_manage(by)
    meeting = SteeringMeeting(held_on=held_on, location=location.strip())
    meeting.save()
    return meeting


@transaction.atomic
def meeting_build_agenda(*, meeting: SteeringMeeting, by: AbstractBaseUser) -> list[AgendaItem]:
    """Put every change request that waits for a decision and is on no agenda on this one."""
    _check_may_manage(by)
    # Agendas are built one at a time over all meetings still open: two built at the same moment
    # would both take the same waiting request, and the second would break the rule that a
    # request waits on one agenda. Locking in pk order keeps two builders from deadlocking; the
    # candidates are read after the lock, so they include what the previous builder committed.
    list(
        SteeringMeeting.objects.select_for_update()
        .filter(decisions_published_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    meeting = SteeringMeeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    position = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    items = []
    for change_request in agenda_candidates(meeting=meeting):
        position += 1
        items.append(AgendaItem(meeting=meeting, change_request=change_request, position=position))
    return AgendaItem.objects.bulk_create(items)


@transaction.atomic
def meeting_decide(
    *,
    item: AgendaItem,
    by: AbstractBaseUser,
    outcome: SteeringOutcome,
    motivation: str,
    internal_note: str = "",
) -> AgendaItem:
    """Record the group's decision on one agenda item; deferral keeps the request waiting."""
    if not may_decide(by):
        raise NotPermitted(_("Alleen de secretaris van de stuurgroep legt besluiten vast."))
    motivation = (motivation or "").strip()
    if not motivation:
        raise InvalidInput(_("Motiveer het besluit."), field="motivation")
    locked = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    _check_open(locked.meeting)
    if locked.is_decided:
        raise StateConflict(
            _("Over dit agendapunt is intussen al besloten: %(outcome)s.")
            % {"outcome": locked.get_outcome_display()}
        )
    change_request = ChangeRequest.objects.get(pk=locked.change_request_id)
    record_decision(
        change_request,
        by=by,
        outcome=outcome,
        motivation=motivation,
        reason=str(OUTCOME_REASON[outcome]),
        internal_note=internal_note,
    )
    locked.outcome = outcome
    locked.motivation = motivation
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save()
    return locked


@transaction.atomic
def meeting_publish_decisions(*, meeting: SteeringMeeting, by: AbstractBaseUser) -> SteeringMeeting:
    _check_may_manage(by)
    meeting = SteeringMeeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    items = list(meeting.agenda_items.all())
    if not items:
        raise TransitionRefused(_("Deze vergadering heeft geen agendapunten."))
    undecided = [item for item in items if not item.is_decided]
    if undecided:
        raise TransitionRefused(
            _("Nog niet over alle agendapunten besloten (%(count)d open).")
            % {"count": len(undecided)}
        )
    meeting.decisions_published_at = timezone.now()
    meeting.save()
    transaction.on_commit(
        partial(events.steering_decisions_published.send, sender=SteeringMeeting, meeting=meeting)
    )
    return meeting
