"""Release lifecycle services: next draft, freeze, adopt, publish, withdraw."""

import datetime

from django.db import transaction

import pytest
from django_fsm import ConcurrentTransition

from accounts.roles import Role
from standards import events
from standards.constants import ReleaseState
from standards.exceptions import DraftAlreadyExists, NothingPublished
from standards.models import ArticleVersion, Release
from standards.services.releases import (
    NotPermitted,
    TransitionRefused,
    release_adopt,
    release_create_draft,
    release_freeze,
    release_publish,
    release_withdraw,
)
from tests.factories import StandardFactory, UserFactory, release_with_articles

pytestmark = pytest.mark.django_db

ARTICLES = [
    ("3.1", "Levering", "De levering."),
    ("3.2", "Indexering", "Jaarlijks."),
    ("3.3", "Marketing", "Geen."),
]


@pytest.fixture
def manager():
    return UserFactory(username="rm", roles=[Role.RELEASE_MANAGER])


def test_next_draft_copies_the_last_published_release(manager):
    """The draft holds every article of the published release, same identities and texts."""
    published = release_with_articles(articles=ARTICLES)
    draft = release_create_draft(standard=published.standard, by=manager)
    assert draft.version == "1.1"
    assert draft.state == ReleaseState.DRAFT
    assert draft.based_on == published
    copied = {(v.article_id, v.number, v.content_hash) for v in draft.article_versions.all()}
    original = {(v.article_id, v.number, v.content_hash) for v in published.article_versions.all()}
    assert copied == original
    assert draft.document_versions.count() == 1
    history = draft.article_versions.first().history.first()
    assert history.history_user == manager


def test_a_standard_has_one_open_release_at_a_time(manager):
    """A second draft is refused with a clear message and nothing is written."""
    published = release_with_articles(articles=ARTICLES)
    release_create_draft(standard=published.standard, by=manager)
    with pytest.raises(DraftAlreadyExists, match=r"open versie 1\.1"):
        release_create_draft(standard=published.standard, by=manager, version="1.2")
    assert Release.objects.filter(standard=published.standard).count() == 2


def test_draft_needs_a_published_release():
    standard = StandardFactory()
    with pytest.raises(NothingPublished):
        release_create_draft(standard=standard, by=None)
    assert not standard.releases.exists()


def test_draft_refused_without_the_role():
    """A user without the release-manager role cannot start a draft; nothing is written."""
    published = release_with_articles(articles=ARTICLES)
    outsider = UserFactory(username="buiten")
    with pytest.raises(NotPermitted):
        release_create_draft(standard=published.standard, by=outsider)
    assert published.standard.releases.count() == 1
    assert ArticleVersion.objects.count() == 3


def test_lifecycle_to_publication_supersedes_the_previous_release(
    manager, django_capture_on_commit_callbacks
):
    """draft → frozen → adopted → published; the old release is superseded, an event is sent."""
    previous = release_with_articles(articles=ARTICLES)
    draft = release_create_draft(standard=previous.standard, by=manager)
    received = []

    def receiver(sender, release, superseded, **kwargs):
        received.append((release.pk, superseded.pk))

    events.release_published.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            draft = release_freeze(release=draft, by=manager)
            draft = release_adopt(release=draft, by=manager, note="Stuurgroep 12 maart")
            draft = release_publish(
                release=draft,
                by=manager,
                published_on=datetime.date(2026, 8, 31),
                effective_on=datetime.date(2027, 1, 1),
            )
    finally:
        events.release_published.disconnect(receiver)
    assert draft.state == ReleaseState.PUBLISHED
    assert draft.implementation_deadline == datetime.date(2027, 2, 28)
    previous.refresh_from_db()
    assert previous.state == ReleaseState.SUPERSEDED
    assert received == [(draft.pk, previous.pk)]
    reasons = [h.history_change_reason for h in draft.history.order_by("history_date")]
    assert reasons[-1] == "Versie gepubliceerd"


def test_publish_refused_in_the_wrong_state(manager):
    """Publishing a draft that was never adopted is refused; the state stays draft."""
    published = release_with_articles(articles=ARTICLES)
    draft = release_create_draft(standard=published.standard, by=manager)
    with pytest.raises(TransitionRefused, match="Concept"):
        release_publish(release=draft, by=manager, effective_on=datetime.date(2027, 1, 1))
    draft.refresh_from_db()
    assert draft.state == ReleaseState.DRAFT
    assert draft.published_on is None


def test_transition_refused_without_the_role():
    published = release_with_articles(articles=ARTICLES)
    draft = release_create_draft(standard=published.standard, by=None)
    with pytest.raises(NotPermitted):
        release_freeze(release=draft, by=UserFactory(username="lezer"))
    draft.refresh_from_db()
    assert draft.state == ReleaseState.DRAFT


def test_withdrawn_release_is_kept(manager):
    published = release_with_articles(articles=ARTICLES)
    draft = release_create_draft(standard=published.standard, by=manager)
    release_withdraw(release=draft, by=manager)
    draft.refresh_from_db()
    assert draft.state == ReleaseState.WITHDRAWN
    assert draft.article_versions.count() == 3


def test_concurrent_transitions_on_a_stale_copy_conflict():
    """Two managers act on the same release: the one with the stale copy gets a conflict."""
    draft = release_with_articles(state=ReleaseState.DRAFT)
    first, second = Release.objects.get(pk=draft.pk), Release.objects.get(pk=draft.pk)
    first.freeze()
    first.save()
    second.withdraw()
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        second.save()
    assert Release.objects.get(pk=draft.pk).state == ReleaseState.FROZEN
