"""A published release is immutable: code that tries to change it fails loudly."""

import pytest

from standards.constants import ReleaseState
from standards.exceptions import ReleaseImmutable
from standards.models import ArticleVersion, DocumentVersion, Release
from tests.factories import release_with_articles

pytestmark = pytest.mark.django_db


def test_saving_an_article_version_of_a_published_release_fails():
    """Editing the text of an article in a published release raises and writes nothing."""
    release = release_with_articles()
    version = release.article_versions.get()
    version.text = "Iets anders."
    with pytest.raises(ReleaseImmutable):
        version.save()
    assert ArticleVersion.objects.get(pk=version.pk).text == "De levering."


def test_deleting_content_of_a_published_release_fails():
    """Neither a single delete nor a bulk delete removes content of a sealed release."""
    release = release_with_articles(state=ReleaseState.SUPERSEDED)
    with pytest.raises(ReleaseImmutable):
        release.article_versions.get().delete()
    with pytest.raises(ReleaseImmutable):
        ArticleVersion.objects.filter(release=release).delete()
    with pytest.raises(ReleaseImmutable):
        DocumentVersion.objects.filter(release=release).update(title="Anders")
    assert release.article_versions.count() == 1
    assert release.document_versions.get().title == "Deel 3: Generiek"


def test_adding_an_article_to_a_published_release_fails():
    """A new article version cannot be slipped into a published release."""
    release = release_with_articles()
    existing = release.article_versions.get()
    with pytest.raises(ReleaseImmutable):
        ArticleVersion.objects.create(
            release=release,
            article=existing.article,
            document=existing.document,
            number="3.99",
            title="Nieuw",
            content_hash="x",
        )


def test_release_dates_cannot_change_after_publication():
    """Changing the effective date of a published release raises; the stored date stays."""
    release = release_with_articles()
    original = release.effective_on
    release.effective_on = original.replace(year=original.year + 1)
    with pytest.raises(ReleaseImmutable):
        release.save()
    assert Release.objects.get(pk=release.pk).effective_on == original


def test_published_release_cannot_be_deleted():
    release = release_with_articles()
    with pytest.raises(ReleaseImmutable):
        release.delete()
    assert Release.objects.filter(pk=release.pk).exists()


def test_superseding_is_the_one_change_a_published_release_accepts():
    """published → superseded is allowed (the successor was published)."""
    release = release_with_articles()
    release.supersede()
    release.save()
    assert Release.objects.get(pk=release.pk).state == ReleaseState.SUPERSEDED


def test_content_of_a_draft_can_change():
    """The guard is about sealed releases only: a draft is edited freely."""
    release = release_with_articles(state=ReleaseState.DRAFT)
    version = release.article_versions.get()
    version.text = "Nieuwe tekst."
    version.save()
    assert ArticleVersion.objects.get(pk=version.pk).text == "Nieuwe tekst."
