"""Planning an approved request into a release: ``change_request_schedule``.

The secretariat or the release manager plans an approved request into the draft of the next
release of its own standard. Any other release (published, frozen, of another standard) is
refused with the error on the release field, and nothing is written.
"""

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState
from governance.exceptions import InvalidInput
from governance.services.change_requests import change_request_schedule
from standards.constants import ReleaseState
from standards.models import Release
from tests.factories import change_request_in_state, release_with_articles, staff_user
from tests.governance.services.snapshots import workflow_rows

pytestmark = pytest.mark.django_db

S = ChangeRequestState


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.RELEASE_MANAGER])
def test_an_approved_request_is_planned_into_the_draft(draft, role):
    """The request names the release; the timeline says which version."""
    change_request = change_request_in_state(S.APPROVED, release=draft)

    scheduled = change_request_schedule(
        change_request=change_request, by=staff_user(role), release=draft
    )

    scheduled.refresh_from_db()
    assert scheduled.state == S.SCHEDULED
    assert scheduled.scheduled_release == draft
    assert scheduled.events.latest("pk").public_comment == "Ingepland in versie 1.1."


def _wrong_releases(published: Release, draft: Release) -> dict[str, Release]:
    other_standard = release_with_articles(version="1.1", state=ReleaseState.DRAFT)
    frozen = release_with_articles(
        standard=draft.standard, version="1.2", state=ReleaseState.FROZEN
    )
    return {
        "the release in force": published,
        "a frozen release": frozen,
        "the draft of another standard": other_standard,
    }


def test_only_the_draft_of_the_own_standard_can_be_chosen(published, draft):
    """Every other release is refused on the release field and writes nothing."""
    change_request = change_request_in_state(S.APPROVED, release=draft)
    secretariat = staff_user(Role.SECRETARIAT)
    for description, release in _wrong_releases(published, draft).items():
        before = workflow_rows()
        with pytest.raises(InvalidInput) as raised:
            change_request_schedule(change_request=change_request, by=secretariat, release=release)
        assert raised.value.field == "release", description
        assert workflow_rows() == before, description
