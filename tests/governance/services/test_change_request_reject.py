"""Rejecting a request during intake, legal review or practical review.

Whoever holds the request in its current step rejects it, always with a motivation that the
submitter and the public read on the timeline.
"""

import pytest

from accounts.roles import Role
from governance.constants import ActorRole, ChangeRequestState
from governance.exceptions import InvalidInput
from governance.services.change_requests import change_request_reject
from tests.factories import change_request_in_state, staff_user
from tests.governance.services.snapshots import workflow_rows

pytestmark = pytest.mark.django_db

S = ChangeRequestState


@pytest.mark.parametrize(
    ("state", "role", "actor_role"),
    [
        (S.INTAKE, Role.SECRETARIAT, ActorRole.SECRETARIAT),
        (S.LEGAL_REVIEW, Role.LEGAL_REVIEWER, ActorRole.EXPERT_TEAM),
        (S.PRACTICAL_REVIEW, Role.PRACTICAL_REVIEWER, ActorRole.BEGELEIDINGSGROEP),
    ],
)
def test_the_rejection_is_motivated_on_the_timeline(draft, state, role, actor_role):
    """The motivation is public; the internal note is kept apart; the request is closed."""
    change_request = change_request_in_state(state, release=draft)

    rejected = change_request_reject(
        change_request=change_request,
        by=staff_user(role),
        motivation=" Valt buiten de contractstandaard. ",
        internal_note="Zie overleg 3 maart.",
    )

    assert rejected.state == S.REJECTED
    assert rejected.decided_at is not None
    assert rejected.due_on is None
    event = rejected.events.latest("pk")
    assert (event.public_comment, event.internal_note, event.actor_role) == (
        "Valt buiten de contractstandaard.",
        "Zie overleg 3 maart.",
        actor_role,
    )


def test_a_rejection_without_motivation_is_refused_and_writes_nothing(draft):
    """The submitter is always told why."""
    change_request = change_request_in_state(S.INTAKE, release=draft)
    before = workflow_rows()

    with pytest.raises(InvalidInput) as raised:
        change_request_reject(
            change_request=change_request, by=staff_user(Role.SECRETARIAT), motivation=" \n"
        )

    assert raised.value.field == "motivation"
    assert workflow_rows() == before
