"""The steering group's meetings: agenda, decisions and the published decision list.

Only the secretary of the steering group manages meetings. The agenda is built from the requests
waiting for a decision that are on no other open agenda; each agenda item gets one decision
(approve, reject, defer), and the decision list is published once every item is decided. A
deferred request goes on a later agenda. Refusals are typed and write nothing.
"""

import datetime

from django.contrib.auth.models import AnonymousUser

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState, SteeringOutcome
from governance.exceptions import InvalidInput, NotPermitted, StateConflict, TransitionRefused
from governance.models import AgendaItem, ChangeRequest, SteeringMeeting
from governance.services import change_requests as services
from governance.services import steering
from tests.factories import UserFactory, change_request_in_state, staff_user
from tests.governance.services.snapshots import workflow_rows

pytestmark = pytest.mark.django_db

S = ChangeRequestState
MEETING_DAY = datetime.date(2027, 3, 1)


@pytest.fixture
def secretary():
    return staff_user(Role.STEERING_SECRETARY)


@pytest.fixture
def meeting(secretary):
    return steering.meeting_create(by=secretary, held_on=MEETING_DAY, location=" Utrecht ")


def decide(item, secretary, outcome=SteeringOutcome.APPROVE, motivation="Akkoord."):
    return steering.meeting_decide(item=item, by=secretary, outcome=outcome, motivation=motivation)


def test_the_secretary_plans_a_meeting(meeting):
    """A meeting has its date and location and no decisions yet."""
    assert (meeting.held_on, meeting.location) == (MEETING_DAY, "Utrecht")
    assert not meeting.decisions_published


@pytest.mark.parametrize(
    "role",
    [None, Role.SECRETARIAT, Role.STEERING_MEMBER, Role.LEGAL_REVIEWER, Role.RELEASE_MANAGER],
)
def test_only_the_secretary_manages_meetings(role, secretary, draft):
    """Others may not plan a meeting, build its agenda or publish its decisions."""
    change_request_in_state(S.STEERING, release=draft)
    user = AnonymousUser() if role is None else staff_user(role)
    meeting = steering.meeting_create(by=secretary, held_on=MEETING_DAY)
    before = workflow_rows()

    with pytest.raises(NotPermitted):
        steering.meeting_create(by=user, held_on=MEETING_DAY)
    with pytest.raises(NotPermitted):
        steering.meeting_build_agenda(meeting=meeting, by=user)
    with pytest.raises(NotPermitted):
        steering.meeting_publish_decisions(meeting=meeting, by=user)

    assert workflow_rows() == before


def test_the_agenda_holds_every_waiting_request_once_in_number_order(draft, meeting, secretary):
    """Requests in other states stay off; building again adds nothing new."""
    first = change_request_in_state(S.STEERING, release=draft, title="Eerste")
    change_request_in_state(S.PRACTICAL_REVIEW, release=draft, title="Nog niet klaar")
    second = change_request_in_state(S.STEERING, release=draft, title="Tweede")

    items = steering.meeting_build_agenda(meeting=meeting, by=secretary)

    assert [(item.change_request, item.position) for item in items] == [(first, 1), (second, 2)]
    assert steering.meeting_build_agenda(meeting=meeting, by=secretary) == []
    third = change_request_in_state(S.STEERING, release=draft, title="Derde")
    [added] = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    assert (added.change_request, added.position) == (third, 3)


def test_a_request_on_one_open_agenda_is_not_put_on_another(draft, meeting, secretary):
    """A request waits on one agenda at a time."""
    waiting = change_request_in_state(S.STEERING, release=draft)
    [item] = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    assert item.change_request == waiting
    later = steering.meeting_create(by=secretary, held_on=MEETING_DAY + datetime.timedelta(30))

    assert steering.meeting_build_agenda(meeting=later, by=secretary) == []


@pytest.mark.parametrize(
    ("outcome", "state"),
    [
        (SteeringOutcome.APPROVE, S.APPROVED),
        (SteeringOutcome.REJECT, S.REJECTED),
        (SteeringOutcome.DEFER, S.STEERING),
    ],
)
def test_a_decision_is_recorded_on_the_item_and_moves_the_request(
    draft, meeting, secretary, outcome, state
):
    """The item keeps outcome, motivation and who recorded it; the timeline shows the decision."""
    change_request = change_request_in_state(S.STEERING, release=draft)
    [item] = steering.meeting_build_agenda(meeting=meeting, by=secretary)

    decided = decide(item, secretary, outcome, motivation="  Zo besloten. ")

    decided.refresh_from_db()
    change_request.refresh_from_db()
    assert (decided.outcome, decided.motivation, decided.decided_by) == (
        outcome,
        "Zo besloten.",
        secretary,
    )
    assert decided.decided_at is not None
    assert change_request.state == state
    event = change_request.events.latest("pk")
    assert (event.transition, event.to_state, event.public_comment) == (
        "decide",
        state,
        "Zo besloten.",
    )
    assert (change_request.decided_at is None) is (outcome == SteeringOutcome.DEFER)


def test_a_deferred_request_goes_on_the_next_agenda(draft, meeting, secretary):
    """Deferral keeps the request waiting for the steering group."""
    change_request = change_request_in_state(S.STEERING, release=draft)
    [item] = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    decide(item, secretary, SteeringOutcome.DEFER, motivation="Eerst de VNG horen.")
    next_meeting = steering.meeting_create(
        by=secretary, held_on=MEETING_DAY + datetime.timedelta(days=60)
    )

    [again] = steering.meeting_build_agenda(meeting=next_meeting, by=secretary)

    assert again.change_request == change_request
    decide(again, secretary)
    change_request.refresh_from_db()
    assert change_request.state == S.APPROVED
    assert list(
        change_request.events.filter(transition="decide").values_list("to_state", flat=True)
    ) == [S.STEERING, S.APPROVED]


def test_rebuilding_the_agenda_after_a_deferral_in_the_same_meeting_is_harmless(
    draft, meeting, secretary
):
    """The deferred request is already on this meeting's agenda; it is not added twice."""
    change_request_in_state(S.STEERING, release=draft)
    [item] = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    decide(item, secretary, SteeringOutcome.DEFER, motivation="Later.")

    assert steering.meeting_build_agenda(meeting=meeting, by=secretary) == []
    assert meeting.agenda_items.count() == 1


def test_a_decision_needs_a_motivation(draft, meeting, secretary):
    """An unmotivated decision is refused and writes nothing."""
    change_request_in_state(S.STEERING, release=draft)
    [item] = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    before = workflow_rows()

    with pytest.raises(InvalidInput) as raised:
        decide(item, secretary, motivation="  ")

    assert raised.value.field == "motivation"
    assert workflow_rows() == before


def test_deciding_an_item_twice_is_a_conflict_and_writes_nothing(draft, meeting, secretary):
    """The second decision (for instance from a page loaded earlier) does not overwrite."""
    change_request_in_state(S.STEERING, release=draft)
    [item] = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    decide(item, secretary, SteeringOutcome.APPROVE)
    before = workflow_rows()

    with pytest.raises(StateConflict):
        decide(item, secretary, SteeringOutcome.REJECT, motivation="Toch niet.")

    assert workflow_rows() == before


def test_the_decision_list_is_published_once_every_item_is_decided(draft, meeting, secretary):
    """Publishing needs items, all decided; afterwards the meeting is closed."""
    change_request_in_state(S.STEERING, release=draft, title="Eerste")
    change_request_in_state(S.STEERING, release=draft, title="Tweede")
    with pytest.raises(TransitionRefused):
        steering.meeting_publish_decisions(meeting=meeting, by=secretary)
    first, second = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    decide(first, secretary)
    before = workflow_rows()
    with pytest.raises(TransitionRefused) as raised:
        steering.meeting_publish_decisions(meeting=meeting, by=secretary)
    assert "1" in raised.value.message
    assert workflow_rows() == before

    decide(second, secretary, SteeringOutcome.REJECT, motivation="Niet nodig.")
    published = steering.meeting_publish_decisions(meeting=meeting, by=secretary)

    assert published.decisions_published
    before = workflow_rows()
    with pytest.raises(TransitionRefused):
        steering.meeting_publish_decisions(meeting=meeting, by=secretary)
    with pytest.raises(TransitionRefused):
        steering.meeting_build_agenda(meeting=meeting, by=secretary)
    assert workflow_rows() == before


def test_no_decision_is_recorded_in_a_meeting_whose_list_is_published(draft, meeting, secretary):
    """A published decision list is final, also for an item smuggled onto the agenda later."""
    change_request_in_state(S.STEERING, release=draft, title="Besproken")
    [item] = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    decide(item, secretary)
    steering.meeting_publish_decisions(meeting=meeting, by=secretary)
    late = change_request_in_state(S.STEERING, release=draft, title="Te laat")
    smuggled = AgendaItem.objects.create(meeting=meeting, change_request=late, position=2)
    before = workflow_rows()

    with pytest.raises(TransitionRefused):
        decide(smuggled, secretary)

    assert workflow_rows() == before


def test_a_request_withdrawn_while_on_the_agenda_leaves_it_and_the_list_can_be_published(
    draft, meeting, secretary
):
    """Withdrawing takes the request off the open agenda; the meeting is not blocked by it."""
    kept = change_request_in_state(S.STEERING, release=draft, title="Blijft")
    withdrawn = change_request_in_state(S.STEERING, release=draft, title="Wordt ingetrokken")
    items = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    assert len(items) == 2

    services.change_request_withdraw(
        change_request=withdrawn, by=None, tracking_token=withdrawn.tracking_token
    )

    assert [item.change_request for item in meeting.agenda_items.all()] == [kept]
    decide(meeting.agenda_items.get(), secretary)
    assert steering.meeting_publish_decisions(meeting=meeting, by=secretary).decisions_published


def test_a_decided_agenda_item_stays_when_its_request_is_withdrawn_later(draft, meeting, secretary):
    """A deferral is part of the published record; withdrawing afterwards does not erase it."""
    change_request = change_request_in_state(S.STEERING, release=draft)
    [item] = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    decide(item, secretary, SteeringOutcome.DEFER, motivation="Later.")

    services.change_request_withdraw(
        change_request=ChangeRequest.objects.get(pk=change_request.pk),
        by=None,
        tracking_token=change_request.tracking_token,
    )

    assert AgendaItem.objects.get(pk=item.pk).outcome == SteeringOutcome.DEFER


def test_a_steering_member_may_not_record_decisions(draft, meeting, secretary):
    """Members take part in the decision; only the secretary records it."""
    change_request_in_state(S.STEERING, release=draft)
    [item] = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    before = workflow_rows()

    for user in (staff_user(Role.STEERING_MEMBER), UserFactory(), AnonymousUser()):
        with pytest.raises(NotPermitted):
            decide(item, user)

    assert workflow_rows() == before
    assert SteeringMeeting.objects.get().agenda_items.get().outcome == ""
