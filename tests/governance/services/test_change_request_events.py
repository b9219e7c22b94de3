"""Domain events are sent after commit, and never for work that was rolled back.

``notifications`` turns ``governance.events`` signals into e-mails; an e-mail about a step that
did not happen (the transaction failed after the step) must be impossible. So the services send
them through ``transaction.on_commit``: nothing is sent while the transaction is open, and
nothing at all when it rolls back.
"""

import datetime

from django.db import transaction

import pytest

from accounts.roles import Role
from governance import events
from governance.constants import ChangeRequestState, LegalVerdict, SteeringOutcome
from governance.models import ChangeRequest, LegalAssessment, SteeringMeeting, TransitionEvent
from governance.services import change_requests as services
from governance.services import steering
from tests.factories import change_request_in_state, staff_user
from tests.governance.services.builders import submit
from tests.governance.services.snapshots import workflow_rows

pytestmark = pytest.mark.django_db

S = ChangeRequestState


class Boom(Exception):
    """Something failing later in the same transaction."""


@pytest.fixture
def received():
    """Every governance signal sent during the test, as (signal name, keyword arguments)."""
    sent = []
    receivers = {}
    for name in (
        "change_request_submitted",
        "change_request_transitioned",
        "steering_decisions_published",
    ):

        def receiver(sender, name=name, **kwargs):
            kwargs.pop("signal")
            sent.append((name, kwargs))

        receivers[name] = receiver
        getattr(events, name).connect(receiver, weak=False)
    yield sent
    for name, receiver in receivers.items():
        getattr(events, name).disconnect(receiver)


def test_an_anonymous_submission_announces_itself_only_on_commit(
    draft, received, django_capture_on_commit_callbacks
):
    """Submitted (for the confirmation e-mail) and the submit transition, after commit."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change_request, _target = submit(draft)
        assert received == []

    assert len(callbacks) == 2
    for callback in callbacks:
        callback()
    event = TransitionEvent.objects.get(change_request=change_request)
    assert [(name, kwargs["change_request"].pk) for name, kwargs in received] == [
        ("change_request_transitioned", change_request.pk),
        ("change_request_submitted", change_request.pk),
    ]
    assert received[0][1]["event"] == event


def test_a_logged_in_submission_sends_no_confirmation_request(
    draft, submitter_account, received, django_capture_on_commit_callbacks
):
    """The address is proven: two transitions (submit, confirm) and no "submitted" event."""
    with django_capture_on_commit_callbacks(execute=True):
        change_request, _target = submit(
            draft, by=submitter_account, submitter_email=submitter_account.email
        )

    assert [(name, kwargs["event"].transition) for name, kwargs in received] == [
        ("change_request_transitioned", "submit"),
        ("change_request_transitioned", "confirm"),
    ]
    assert {kwargs["change_request"].pk for _name, kwargs in received} == {change_request.pk}


def test_a_transition_announces_itself_once_after_commit(
    draft, received, django_capture_on_commit_callbacks
):
    """One step, one event, one signal carrying both, sent when the transaction commits."""
    change_request = change_request_in_state(S.INTAKE, release=draft)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.change_request_to_legal_review(
            change_request=change_request, by=staff_user(Role.SECRETARIAT)
        )
    assert received == []
    for callback in callbacks:
        callback()

    [(name, kwargs)] = received
    assert name == "change_request_transitioned"
    assert kwargs["change_request"].state == S.LEGAL_REVIEW
    assert kwargs["event"] == TransitionEvent.objects.filter(change_request=change_request).latest(
        "pk"
    )


def test_nothing_is_sent_when_the_surrounding_transaction_fails(
    draft, received, django_capture_on_commit_callbacks
):
    """A caller's transaction that fails after the step takes the step and its signal with it."""
    change_request = change_request_in_state(S.INTAKE, release=draft)
    before = workflow_rows()

    secretariat = staff_user(Role.SECRETARIAT)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        services.change_request_to_legal_review(change_request=change_request, by=secretariat)
        raise Boom

    assert callbacks == []
    assert received == []
    assert workflow_rows() == before


def test_nothing_is_sent_when_the_service_fails_after_its_transition(
    draft, received, django_capture_on_commit_callbacks, monkeypatch
):
    """The assessment row failing to save undoes the transition and its signal."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=draft)
    before = workflow_rows()

    def fail(**kwargs):
        raise Boom

    monkeypatch.setattr(LegalAssessment.objects, "create", fail)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Boom):
        services.change_request_assess(
            change_request=change_request,
            by=staff_user(Role.LEGAL_REVIEWER),
            verdict=LegalVerdict.FEASIBLE,
            motivation="Past.",
        )

    assert callbacks == []
    assert received == []
    assert workflow_rows() == before
    assert ChangeRequest.objects.get(pk=change_request.pk).state == S.LEGAL_REVIEW


def test_nothing_is_sent_for_a_failed_submission(
    draft, received, django_capture_on_commit_callbacks, monkeypatch
):
    """A submission failing after its number and transition were written sends nothing."""
    before = workflow_rows()

    def fail(**kwargs):
        raise Boom

    monkeypatch.setattr(TransitionEvent.objects, "create", fail)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Boom):
        submit(draft)

    assert callbacks == []
    assert received == []
    assert workflow_rows() == before


def test_a_steering_decision_and_the_published_list_are_announced_after_commit(
    draft, received, django_capture_on_commit_callbacks
):
    """The decision is a transition signal; publishing the decision list has its own."""
    change_request = change_request_in_state(S.STEERING, release=draft)
    secretary = staff_user(Role.STEERING_SECRETARY)
    meeting = steering.meeting_create(by=secretary, held_on=datetime.date(2027, 3, 1))
    [item] = steering.meeting_build_agenda(meeting=meeting, by=secretary)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        steering.meeting_decide(
            item=item, by=secretary, outcome=SteeringOutcome.APPROVE, motivation="Akkoord."
        )
        steering.meeting_publish_decisions(meeting=meeting, by=secretary)
    assert received == []
    for callback in callbacks:
        callback()

    assert [name for name, _kwargs in received] == [
        "change_request_transitioned",
        "steering_decisions_published",
    ]
    assert received[0][1]["event"].transition == "decide"
    assert received[0][1]["change_request"].pk == change_request.pk
    assert received[1][1]["meeting"] == SteeringMeeting.objects.get()
