"""Merging a duplicate into a request that is still being handled: ``change_request_merge``.

The secretariat merges a request at intake into another open request of the same standard; the
merged request ends (its submitter follows the other one). Merging into itself, into a request of
another standard or into one that is already closed is refused and writes nothing.
"""

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState
from governance.exceptions import InvalidInput
from governance.models import ChangeRequest
from governance.services.change_requests import change_request_merge
from tests.factories import change_request_in_state, staff_user
from tests.governance.services.snapshots import workflow_rows

pytestmark = pytest.mark.django_db

S = ChangeRequestState


def test_a_duplicate_is_merged_into_an_open_request_of_the_same_standard(draft):
    """The duplicate points at the survivor; the survivor itself is untouched."""
    duplicate = change_request_in_state(S.INTAKE, release=draft)
    survivor = change_request_in_state(S.LEGAL_REVIEW, release=draft, title="Het origineel")
    survivor_events = survivor.events.count()

    merged = change_request_merge(
        change_request=duplicate, by=staff_user(Role.SECRETARIAT), into=survivor
    )

    merged.refresh_from_db()
    survivor.refresh_from_db()
    assert merged.state == S.MERGED
    assert merged.merged_into == survivor
    assert merged.decided_at is not None
    assert merged.due_on is None
    assert list(survivor.merged_requests.all()) == [merged]
    assert survivor.state == S.LEGAL_REVIEW
    assert survivor.events.count() == survivor_events
    event = merged.events.latest("pk")
    assert event.public_comment == f"Samengevoegd met {survivor.number}, dat over hetzelfde gaat."


def test_the_secretariat_may_explain_the_merge_in_its_own_words(draft):
    """A typed comment replaces the standard sentence on the timeline."""
    duplicate = change_request_in_state(S.INTAKE, release=draft)
    survivor = change_request_in_state(S.INTAKE, release=draft, title="Het origineel")

    merged = change_request_merge(
        change_request=duplicate,
        by=staff_user(Role.SECRETARIAT),
        into=survivor,
        comment="  Zelfde vraag als het andere verzoek. ",
    )

    assert merged.events.latest("pk").public_comment == "Zelfde vraag als het andere verzoek."


@pytest.mark.parametrize(
    "closed_state",
    [S.SUBMITTED, S.APPROVED, S.SCHEDULED, S.REJECTED, S.MERGED, S.ANSWERED, S.WITHDRAWN],
)
def test_merging_into_a_request_that_is_not_open_is_refused_and_writes_nothing(draft, closed_state):
    """Only a request still being handled (intake up to the steering group) can absorb one."""
    duplicate = change_request_in_state(S.INTAKE, release=draft)
    closed = change_request_in_state(closed_state, release=draft, title="Afgehandeld")
    before = workflow_rows()

    with pytest.raises(InvalidInput) as raised:
        change_request_merge(change_request=duplicate, by=staff_user(Role.SECRETARIAT), into=closed)

    assert raised.value.field == "into"
    assert workflow_rows() == before


def test_merging_into_itself_is_refused_and_writes_nothing(draft):
    """A request cannot be its own duplicate."""
    change_request = change_request_in_state(S.INTAKE, release=draft)
    before = workflow_rows()

    with pytest.raises(InvalidInput) as raised:
        change_request_merge(
            change_request=change_request, by=staff_user(Role.SECRETARIAT), into=change_request
        )

    assert raised.value.field == "into"
    assert workflow_rows() == before


def test_merging_into_a_request_on_another_standard_is_refused_and_writes_nothing(draft):
    """Requests on different standards are never the same request."""
    change_request = change_request_in_state(S.INTAKE, release=draft)
    elsewhere = change_request_in_state(S.INTAKE, title="Over een andere standaard")
    assert elsewhere.standard != change_request.standard
    before = workflow_rows()

    with pytest.raises(InvalidInput) as raised:
        change_request_merge(
            change_request=change_request, by=staff_user(Role.SECRETARIAT), into=elsewhere
        )

    assert raised.value.field == "into"
    assert elsewhere.number in raised.value.message
    assert workflow_rows() == before


def test_the_state_of_the_other_request_is_read_from_the_database_not_from_a_stale_copy(draft):
    """Two duplicates merged into each other: the second merge sees the first and is refused.

    The page that offers "merge A into B" loaded B while it was open; meanwhile B was merged into
    A. Trusting that copy would close both requests and leave neither to be handled.
    """
    first = change_request_in_state(S.INTAKE, release=draft)
    second = change_request_in_state(S.INTAKE, release=draft, title="Het andere duplicaat")
    second_as_loaded = ChangeRequest.objects.get(pk=second.pk)
    secretariat = staff_user(Role.SECRETARIAT)
    change_request_merge(change_request=second, by=secretariat, into=first)
    before = workflow_rows()

    with pytest.raises(InvalidInput) as raised:
        change_request_merge(change_request=first, by=secretariat, into=second_as_loaded)

    assert raised.value.field == "into"
    assert workflow_rows() == before
    first.refresh_from_db()
    assert first.state == S.INTAKE
