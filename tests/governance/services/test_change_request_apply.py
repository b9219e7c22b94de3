"""Applying approved change requests to the draft of their release, and releasing them.

A request is applied blindly only when the article in the draft still has the text the request
was written against; otherwise the three texts come back in an ``ApplyConflict`` and the
release manager's resolved text is recorded as a manual application. Publishing the release
releases every request applied to it.
"""

import datetime

import pytest

from accounts.roles import Role
from governance.constants import ActorRole, Application, ChangeKind
from governance.constants import ChangeRequestState as S
from governance.exceptions import ApplyConflict, InvalidInput, NotPermitted, TransitionRefused
from governance.models import ChangeRequest, TransitionEvent
from governance.services.application import change_request_apply
from standards.models import ArticleVersion
from standards.services.articles import article_version_revise
from standards.services.releases import release_adopt, release_freeze, release_publish
from tests.factories import change_request_in_state, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return staff_user(Role.RELEASE_MANAGER)


def draft_text(change_request: ChangeRequest) -> str:
    return ArticleVersion.objects.get(
        release=change_request.scheduled_release, article=change_request.article
    ).text


def test_an_untouched_article_gets_the_proposed_wording(manager):
    """Clean application: the draft's text becomes the proposal, linked to the request."""
    change_request = change_request_in_state(S.SCHEDULED)

    applied = change_request_apply(change_request=change_request, by=manager)

    assert applied.state == S.APPLIED
    assert applied.application == Application.CLEAN
    assert draft_text(applied) == change_request.proposed_text
    assert applied.applied_version.article_id == change_request.article_id
    assert applied.applied_version.release_id == change_request.scheduled_release_id
    event = applied.events.order_by("pk").last()
    assert (event.transition, event.actor_role, event.internal_note) == (
        "apply",
        ActorRole.SECRETARIAT,
        "",
    )


def test_a_changed_article_is_a_conflict_with_three_texts_and_nothing_written(manager):
    """Someone changed the draft since: no blind overwrite, the three texts to compare."""
    change_request = change_request_in_state(S.SCHEDULED)
    version = ArticleVersion.objects.get(
        release=change_request.scheduled_release, article=change_request.article
    )
    article_version_revise(
        version=version, text="Een redactionele tussenversie.", by=None, reason="x"
    )
    events = TransitionEvent.objects.count()

    with pytest.raises(ApplyConflict) as conflict:
        change_request_apply(change_request=change_request, by=manager)

    assert conflict.value.base == change_request.base_text == "De levering."
    assert conflict.value.current == "Een redactionele tussenversie."
    assert conflict.value.proposed == change_request.proposed_text
    change_request.refresh_from_db()
    assert change_request.state == S.SCHEDULED
    assert draft_text(change_request) == "Een redactionele tussenversie."
    assert TransitionEvent.objects.count() == events


def test_a_conflict_resolved_by_hand_is_recorded_as_manual(manager):
    """The release manager's text lands in the draft; the timeline's internal note says how."""
    change_request = change_request_in_state(S.SCHEDULED)
    version = ArticleVersion.objects.get(
        release=change_request.scheduled_release, article=change_request.article
    )
    article_version_revise(version=version, text="Tussenversie.", by=None, reason="x")

    applied = change_request_apply(
        change_request=change_request, by=manager, text="Tussenversie. Binnen 5 werkdagen."
    )

    assert applied.application == Application.MANUAL
    assert draft_text(applied) == "Tussenversie. Binnen 5 werkdagen."
    assert applied.events.order_by("pk").last().internal_note


def test_a_new_article_needs_a_number_and_title_and_gets_its_own_identity(manager):
    """Placed right after the article it was filed on; nothing is written without a number."""
    change_request = change_request_in_state(
        S.SCHEDULED, kind=ChangeKind.NEW_ARTICLE, proposed_text="Partijen beschermen gegevens."
    )
    release = change_request.scheduled_release
    before = release.article_versions.count()

    with pytest.raises(InvalidInput) as missing:
        change_request_apply(change_request=change_request, by=manager, title="Privacy")
    assert missing.value.field == "number"
    assert release.article_versions.count() == before

    applied = change_request_apply(
        change_request=change_request, by=manager, number="3.1a", title="Privacy"
    )

    new = applied.applied_version
    assert (new.number, new.title, new.text) == ("3.1a", "Privacy", "Partijen beschermen gegevens.")
    assert new.article_id != change_request.article_id
    anchor = release.article_versions.get(article=change_request.article)
    assert new.position == anchor.position + 1


def test_a_removal_takes_the_article_out_of_the_draft_only(manager):
    """The draft loses the article; the published release keeps it, the request its text."""
    change_request = change_request_in_state(S.SCHEDULED, kind=ChangeKind.REMOVE_ARTICLE)

    applied = change_request_apply(change_request=change_request, by=manager)

    assert applied.applied_version is None
    assert not change_request.scheduled_release.article_versions.filter(
        article=change_request.article
    ).exists()
    assert (
        ArticleVersion.objects.filter(article=change_request.article)
        .exclude(release=change_request.scheduled_release)
        .exists()
    )
    applied.refresh_from_db()
    assert applied.base_text == "De levering."


def test_a_frozen_release_takes_nothing_and_a_wrong_role_may_not(manager):
    """Refusals raise typed errors and leave the draft and the request as they were."""
    change_request = change_request_in_state(S.SCHEDULED)
    text = draft_text(change_request)

    with pytest.raises(NotPermitted):
        change_request_apply(change_request=change_request, by=staff_user(Role.LEGAL_REVIEWER))
    release_freeze(release=change_request.scheduled_release, by=None)
    with pytest.raises(TransitionRefused):
        change_request_apply(change_request=change_request, by=manager)

    change_request.refresh_from_db()
    assert change_request.state == S.SCHEDULED
    assert draft_text(change_request) == text


def test_publishing_the_release_releases_the_requests_applied_to_it(
    manager, django_capture_on_commit_callbacks
):
    """On publication every applied request becomes released, by the portal itself."""
    applied = change_request_apply(change_request=change_request_in_state(S.SCHEDULED), by=manager)
    release = applied.scheduled_release
    release_freeze(release=release, by=None)
    release_adopt(release=release, by=None, note="Stuurgroep 4 maart 2027")

    with django_capture_on_commit_callbacks(execute=True):
        release_publish(release=release, by=None, effective_on=datetime.date(2027, 1, 1))

    applied.refresh_from_db()
    assert applied.state == S.RELEASED
    event = applied.events.order_by("pk").last()
    assert (event.transition, event.actor_role, event.actor) == ("release", ActorRole.SYSTEM, None)
