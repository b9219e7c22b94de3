"""Factories for tests. ``release_with_articles`` builds a release in any state with content.

Content can only be written while a release is open, so a sealed release is built as a draft
and then moved to its state directly in the database (tests only; the portal uses the services).
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import factory

from accounts.roles import Role
from standards.constants import DeviationPolicy, DocumentKind, ReleaseState
from standards.models import (
    Article,
    ArticleVersion,
    Document,
    DocumentVersion,
    Release,
    Standard,
)
from standards.texts import content_hash, normalise_text
from standards.versions import parse_version


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.nl")
    password = factory.django.Password("geheim-wachtwoord")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs) -> None:
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=role.value))


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"cs-test-{n}")
    name = factory.LazyAttribute(lambda standard: standard.slug.upper())


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        django_get_or_create = ["standard", "slug"]

    standard = factory.SubFactory(StandardFactory)
    slug = "deel-3"
    kind = DocumentKind.OVEREENKOMST_DEEL_3
    deviation_policy = DeviationPolicy.FIXED


def release_with_articles(
    *,
    standard: Standard | None = None,
    version: str = "1.0",
    state: ReleaseState = ReleaseState.PUBLISHED,
    articles: list[tuple[str, str, str]] | None = None,
    identities: list[Article] | None = None,
    document_slug: str = "deel-3",
    **dates,
) -> Release:
    """A release of ``standard`` with one document holding ``articles`` as (number, title, text).

    ``identities`` gives the Article for each row (to make later versions of the same articles);
    new identities are created where it is None or shorter.
    """
    standard = standard or StandardFactory()
    major, minor = parse_version(version)
    defaults = {}
    if state in (ReleaseState.PUBLISHED, ReleaseState.SUPERSEDED):
        defaults = {
            "published_on": datetime.date(2025, 10, 1),
            "effective_on": datetime.date(2026, 1, 1),
            "implementation_deadline": datetime.date(2026, 4, 1),
        }
    release = Release.objects.create(
        standard=standard, version_major=major, version_minor=minor, **{**defaults, **dates}
    )
    document = DocumentFactory(standard=standard, slug=document_slug)
    DocumentVersion.objects.create(release=release, document=document, title="Deel 3: Generiek")
    rows = articles if articles is not None else [("3.1", "Levering", "De levering.")]
    identities = list(identities or [])
    for position, (number, title, text) in enumerate(rows, start=1):
        article = identities[position - 1] if position <= len(identities) else None
        article = article or Article.objects.create(standard=standard)
        text = normalise_text(text)
        ArticleVersion.objects.create(
            release=release,
            article=article,
            document=document,
            number=number,
            title=title,
            position=position,
            text=text,
            content_hash=content_hash(text),
        )
    if state != ReleaseState.DRAFT:
        Release.objects.filter(pk=release.pk).update(state=state)
        release.refresh_from_db()
    return release
