"""Acting on a stale copy of a request is a conflict, not a silent overwrite.

A page shows a request in one state; by the time the button is pressed someone else has moved
it. The service compares the state the caller saw with the stored one and raises
``StateConflict`` (with the current state in the message), writing nothing.
"""

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState
from governance.exceptions import StateConflict
from governance.models import ChangeRequest
from governance.services import change_requests as services
from tests.factories import change_request_in_state, staff_user
from tests.governance.services.snapshots import workflow_rows

pytestmark = pytest.mark.django_db

S = ChangeRequestState


def test_a_step_on_a_copy_loaded_before_another_step_is_a_conflict(draft):
    """Forwarding to legal review after a colleague asked for information is refused."""
    change_request = change_request_in_state(S.INTAKE, release=draft)
    as_loaded = ChangeRequest.objects.get(pk=change_request.pk)
    secretariat = staff_user(Role.SECRETARIAT)
    services.change_request_request_info(
        change_request=change_request, by=secretariat, question="Welke termijn?"
    )
    before = workflow_rows()

    with pytest.raises(StateConflict) as raised:
        services.change_request_to_legal_review(change_request=as_loaded, by=secretariat)

    assert change_request.number in raised.value.message
    assert "Aanvullende informatie gevraagd" in raised.value.message
    assert workflow_rows() == before


def test_the_submitter_withdrawing_from_a_stale_page_is_a_conflict(draft):
    """The submitter's page showed intake; the request was rejected meanwhile."""
    change_request = change_request_in_state(S.INTAKE, release=draft)
    as_loaded = ChangeRequest.objects.get(pk=change_request.pk)
    services.change_request_reject(
        change_request=change_request, by=staff_user(Role.SECRETARIAT), motivation="Nee."
    )
    before = workflow_rows()

    with pytest.raises(StateConflict):
        services.change_request_withdraw(
            change_request=as_loaded, by=None, tracking_token=as_loaded.tracking_token
        )

    assert workflow_rows() == before
