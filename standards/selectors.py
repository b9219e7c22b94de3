"""Reads of the standards catalogue.

Selectors return querysets or small read models with their related rows loaded, so a page's
number of queries does not grow with the number of articles or releases it shows.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Prefetch, Q, QuerySet

from standards.constants import ReleaseState
from standards.models import Article, ArticleVersion, DocumentVersion, Release, Standard
from standards.versions import parse_version

OPEN_STATES = (ReleaseState.DRAFT, ReleaseState.FROZEN, ReleaseState.ADOPTED)
VERSION_ORDER = ("-version_major", "-version_minor")


def releases_of(standard: Standard) -> QuerySet[Release]:
    """All releases of a standard, newest version first (withdrawn ones included: kept forever)."""
    return standard.releases.order_by(*VERSION_ORDER)


def latest_published_release(standard: Standard) -> Release | None:
    """The release in force: the one published and not yet superseded."""
    return standard.releases.filter(state=ReleaseState.PUBLISHED).order_by(*VERSION_ORDER).first()


def open_release(standard: Standard) -> Release | None:
    """The release under construction (draft, frozen or adopted), if any."""
    return standard.releases.filter(state__in=OPEN_STATES).order_by(*VERSION_ORDER).first()


def latest_release(standard: Standard) -> Release | None:
    """The newest release that was not withdrawn: what a new import is matched against."""
    return standard.releases.exclude(state=ReleaseState.WITHDRAWN).order_by(*VERSION_ORDER).first()


def release_get(*, standard_slug: str, version: str) -> Release:
    """The release of a standard by its version; raises ``Release.DoesNotExist``."""
    major, minor = parse_version(version)
    return Release.objects.select_related("standard", "based_on").get(
        standard__slug=standard_slug, version_major=major, version_minor=minor
    )


@dataclass(frozen=True)
class StandardOverview:
    standard: Standard
    current: Release | None
    upcoming: Release | None


def standard_overviews() -> list[StandardOverview]:
    """Every standard with its release in force and its release under construction."""
    standards = Standard.objects.prefetch_related(
        Prefetch(
            "releases",
            queryset=Release.objects.exclude(state=ReleaseState.WITHDRAWN).order_by(*VERSION_ORDER),
            to_attr="active_releases",
        )
    )
    overviews = []
    for standard in standards:
        current = next(
            (r for r in standard.active_releases if r.state == ReleaseState.PUBLISHED), None
        )
        upcoming = next((r for r in standard.active_releases if r.state in OPEN_STATES), None)
        overviews.append(StandardOverview(standard, current, upcoming))
    return overviews


def release_documents(release: Release) -> QuerySet[DocumentVersion]:
    """The documents of a release in order, each annotated with its number of articles."""
    return (
        release.document_versions.select_related("document")
        .annotate(
            article_count=Count(
                "document__article_versions",
                filter=Q(document__article_versions__release=release),
            )
        )
        .order_by("position")
    )


def release_articles(
    release: Release, *, document_id: int | None = None
) -> QuerySet[ArticleVersion]:
    """The articles of a release in document order."""
    articles = release.article_versions.select_related("document")
    if document_id is not None:
        articles = articles.filter(document_id=document_id)
    return articles.order_by("document__position", "position")


@dataclass(frozen=True)
class Chapter:
    title: str
    articles: list[ArticleVersion]


def group_by_chapter(articles: Iterable[ArticleVersion]) -> list[Chapter]:
    """Consecutive articles with the same chapter heading, in order ("" = no chapter)."""
    return [
        Chapter(title, list(group)) for title, group in groupby(articles, key=lambda a: a.chapter)
    ]


def article_version_get(*, release: Release, document_slug: str, number: str) -> ArticleVersion:
    """An article by its number in one release; raises ``ArticleVersion.DoesNotExist``."""
    return release.article_versions.select_related("document", "article", "release__standard").get(
        document__slug=document_slug, number=number
    )


def article_history(article: Article) -> QuerySet[ArticleVersion]:
    """One article through all releases of its standard, oldest first: one query."""
    return (
        ArticleVersion.objects.filter(article=article)
        .select_related("release", "document", "release__standard")
        .order_by("release__version_major", "release__version_minor")
    )


def article_versions_for_compare(release: Release) -> QuerySet[ArticleVersion]:
    """Every article of a release with its identity, in reading order: one query.

    The documents are not joined in: ``release_compare`` takes them from
    ``document_versions_for_compare``, so that a document is one instance rather than one per
    article (the largest part of reading a release is building model instances).
    """
    return release.article_versions.select_related("article").order_by(
        "document__position", "position", "pk"
    )


def document_versions_for_compare(*releases: Release) -> QuerySet[DocumentVersion]:
    """The documents of the given releases with their identities, in order: one query."""
    return (
        DocumentVersion.objects.filter(release__in=[release.pk for release in releases])
        .select_related("document")
        .order_by("position", "pk")
    )
