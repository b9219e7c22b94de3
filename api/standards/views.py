"""The public read API of the standards catalogue: standards, releases, comparisons, articles.

Everything here is public and read-only; the views read through ``standards.selectors`` and
``standards.comparison`` and only lay the result out, in a fixed number of queries however many
articles a release has.

A published (or superseded) release never changes again, so its full text and any comparison
between two such releases carry a strong ETag derived from the releases' ids and states alone
(``api.caching``) and may be cached for a day; a client that revalidates with ``If-None-Match``
gets ``304 Not Modified`` after looking the release up, without its text being read. What can
still change (drafts, lists, article histories, which grow with every release) is ``no-cache``.

Releases are listed as the public pages list them: every release, drafts and withdrawn ones
included, each with its state.
"""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from api.caching import LONG_CACHE, REVALIDATE, matches, not_modified, strong_etag, with_validators
from api.standards import serializers
from api.standards.filters import ReleaseFilter
from standards import selectors
from standards.change_reasons import ChangeReason, change_reasons
from standards.comparison import (
    ArticleChange,
    ArticleChangeKind,
    DocumentComparison,
    ReleaseComparison,
    release_compare,
)
from standards.exceptions import InvalidVersion
from standards.models import Article, ArticleVersion, Document, DocumentVersion, Release, Standard
from standards.versions import VERSION_PATTERN

TAG_STANDARDS = "Standaarden"
TAG_RELEASES = "Versies"
TAG_ARTICLES = "Artikelen"

SLUG_PARAMETER = OpenApiParameter(
    "slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The standard, e.g. cs-wmo-2015."
)
VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="A release's version, MAJOR.MINOR (e.g. 1.2).",
    pattern=f"^{VERSION_PATTERN}$",
)
OTHER_VERSION_PARAMETER = OpenApiParameter(
    "otherVersion",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The release to compare with (the new side), MAJOR.MINOR.",
    pattern=f"^{VERSION_PATTERN}$",
)
ETAG_HEADER = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of a copy the client holds; answered with 304 when it is current.",
)
# Response headers of what may be cached (documented on the 200 and the 304).
CACHE_HEADERS = [
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="Strong validator; only for a release (or pair) that can no longer change.",
    ),
    OpenApiParameter(
        "Cache-Control",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="public, max-age=86400 when it can no longer change; no-cache otherwise.",
    ),
]
NOT_MODIFIED = OpenApiResponse(description="Not modified: the copy the client holds is current.")
STANDARD_NOT_FOUND = OpenApiResponse(description="Deze standaard bestaat niet.")
RELEASE_NOT_FOUND = OpenApiResponse(description="Deze standaard of versie bestaat niet.")


class PublicRead:
    """Public reads: nobody needs to sign in, so no session (and no CSRF) is looked at."""

    authentication_classes: list = []


def _standard_or_404(slug: str) -> Standard:
    standard = Standard.objects.filter(slug=slug).first()
    if standard is None:
        raise NotFound(_("Deze standaard bestaat niet."))
    return standard


def _release_or_404(slug: str, version: str) -> Release:
    try:
        return selectors.release_get(standard_slug=slug, version=version)
    except (Release.DoesNotExist, InvalidVersion) as error:
        raise NotFound(
            _("Versie %(version)s van standaard %(standard)s bestaat niet.")
            % {"version": version, "standard": slug}
        ) from error


def _validators(*releases: Release) -> tuple[str | None, str]:
    """The ETag (None: none) and the Cache-Control for what is made of ``releases`` alone."""
    if all(release.is_sealed for release in releases):
        parts = [part for release in releases for part in (release.pk, release.state)]
        return strong_etag(*parts), LONG_CACHE
    return None, REVALIDATE


# --- Standards -----------------------------------------------------------------------------------


@extend_schema(tags=[TAG_STANDARDS])
class StandardList(PublicRead, ListAPIView):
    serializer_class = serializers.StandardSerializer
    filter_backends: list = []  # a handful of standards: nothing to filter

    def get_queryset(self) -> list[selectors.StandardOverview]:
        if getattr(self, "swagger_fake_view", False):
            return []
        return selectors.standard_overviews()

    @extend_schema(
        operation_id="standardList",
        summary="Alle standaarden",
        description=(
            "Every standard with its release in force (`currentRelease`, null while nothing has "
            "been published) and its release under construction (`upcomingRelease`)."
        ),
        responses={200: serializers.StandardSerializer(many=True)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


@extend_schema(tags=[TAG_STANDARDS])
class StandardDetail(PublicRead, GenericAPIView):
    serializer_class = serializers.StandardSerializer

    @extend_schema(
        operation_id="standardRetrieve",
        summary="Eén standaard",
        description="A standard with its release in force and its release under construction.",
        parameters=[SLUG_PARAMETER],
        responses={200: serializers.StandardSerializer, 404: STANDARD_NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> Response:
        standard = _standard_or_404(slug)
        overview = selectors.StandardOverview(
            standard,
            selectors.latest_published_release(standard),
            selectors.open_release(standard),
        )
        return Response(self.get_serializer(overview).data)


# --- Releases ------------------------------------------------------------------------------------


@extend_schema(tags=[TAG_RELEASES])
class ReleaseList(PublicRead, ListAPIView):
    serializer_class = serializers.ReleaseSerializer
    filterset_class = ReleaseFilter

    def get_queryset(self) -> QuerySet[Release]:
        if getattr(self, "swagger_fake_view", False):
            return Release.objects.none()
        standard = _standard_or_404(self.kwargs["slug"])
        return selectors.releases_of(standard).select_related("standard", "based_on")

    @extend_schema(
        operation_id="releaseList",
        summary="De versies van een standaard",
        description=(
            "Every release of the standard, newest first, as the public pages list them: drafts "
            "and withdrawn releases included, each with its state and dates."
        ),
        parameters=[SLUG_PARAMETER],
        responses={200: serializers.ReleaseSerializer(many=True), 404: STANDARD_NOT_FOUND},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


@extend_schema(tags=[TAG_RELEASES])
class ReleaseDetail(PublicRead, GenericAPIView):
    serializer_class = serializers.ReleaseDetailSerializer

    @extend_schema(
        operation_id="releaseRetrieve",
        summary="Eén versie met de volledige tekst",
        description=(
            "The release with its front matter and its documents, each with every article in "
            "reading order: its lasting identity (`articleId`), number, title, text (normalised "
            "Markdown) and `contentHash`.\n\n"
            "A published or superseded release never changes: it carries a strong `ETag` and "
            "`Cache-Control: public, max-age=86400`, and `If-None-Match` with that ETag is "
            "answered with 304. A release that can still change is `no-cache`."
        ),
        parameters=[SLUG_PARAMETER, VERSION_PARAMETER, ETAG_HEADER, *CACHE_HEADERS],
        responses={
            200: serializers.ReleaseDetailSerializer,
            304: NOT_MODIFIED,
            404: RELEASE_NOT_FOUND,
        },
    )
    def get(self, request: Request, slug: str, version: str) -> Response:
        release = _release_or_404(slug, version)
        etag, cache_control = _validators(release)
        if etag is not None and matches(request, etag):
            return not_modified(etag, cache_control)
        _load_content(release)
        response = Response(self.get_serializer(release).data)
        if etag is None:
            response["Cache-Control"] = cache_control
            return response
        return with_validators(response, etag, cache_control)


def _load_content(release: Release) -> None:
    """Attach the release's front matter and documents, each with its articles: three queries.

    An article whose document has no version in this release (which the importer never makes,
    but the model allows) is still listed, under an untitled entry for its document.
    """
    release.front_matter_sections = list(release.front_matter.order_by("position", "pk"))
    documents = list(selectors.document_versions_for_compare(release))
    articles_by_document = defaultdict(list)
    for article_version in selectors.article_versions_for_compare(release):
        articles_by_document[article_version.document_id].append(article_version)
    missing = articles_by_document.keys() - {document.document_id for document in documents}
    if missing:
        documents += [
            DocumentVersion(release=release, document=document, position=len(documents) + index)
            for index, document in enumerate(
                sorted(Document.objects.filter(pk__in=missing), key=lambda d: d.position)
            )
        ]
    for document in documents:
        document.release_articles = articles_by_document.get(document.document_id, [])
    release.documents_with_articles = documents


# --- Comparisons ---------------------------------------------------------------------------------


# The read model the comparison serializer lays out: the comparison's documents and changes,
# the unchanged articles left out, each change with the change requests behind it.


@dataclass(frozen=True)
class _ListedChange:
    change: ArticleChange
    reasons: Sequence[ChangeReason]

    @property
    def kind(self) -> str:
        return self.change.kind.value


@dataclass(frozen=True)
class _ListedDocument:
    comparison: DocumentComparison
    changes: list[_ListedChange]

    @property
    def counts(self) -> dict[str, int]:
        return {kind.value: count for kind, count in self.comparison.counts.items()}


@dataclass(frozen=True)
class _ListedComparison:
    comparison: ReleaseComparison
    documents: list[_ListedDocument]

    @property
    def standard(self) -> Standard:
        return self.comparison.new.standard

    @property
    def old(self) -> Release:
        return self.comparison.old

    @property
    def new(self) -> Release:
        return self.comparison.new

    @property
    def counts(self) -> dict[str, int]:
        return {kind.value: count for kind, count in self.comparison.counts.items()}


def _listed(comparison: ReleaseComparison) -> _ListedComparison:
    reasons = change_reasons(
        old=comparison.old,
        new=comparison.new,
        article_ids=[change.article.pk for change in comparison.changes],
    )
    documents = [
        _ListedDocument(
            document,
            [
                _ListedChange(change, reasons.get(change.article.pk, ()))
                for change in document.changes
                if change.kind != ArticleChangeKind.UNCHANGED
            ],
        )
        for document in comparison.documents
        if document.changes
    ]
    return _ListedComparison(comparison, documents)


@extend_schema(tags=[TAG_RELEASES])
class ReleaseCompare(PublicRead, GenericAPIView):
    serializer_class = serializers.ReleaseComparisonSerializer

    @extend_schema(
        operation_id="releaseCompare",
        summary="Twee versies vergelijken",
        description=(
            "What happened to every article from the release in the path (old) to "
            "`otherVersion` (new); any two releases of the standard, in either order. Articles "
            "are matched by identity, so a renumbered article is `renumbered`, not removed and "
            "added. Per document: the counts per kind and every article that is not unchanged, "
            "with its old and new number and title, the redline as HTML and as operations, and "
            "the change requests that caused the change (none: an editorial change).\n\n"
            "Between two published or superseded releases the answer never changes: strong "
            "`ETag`, long `Cache-Control`, 304 on `If-None-Match`."
        ),
        parameters=[
            SLUG_PARAMETER,
            VERSION_PARAMETER,
            OTHER_VERSION_PARAMETER,
            ETAG_HEADER,
            *CACHE_HEADERS,
        ],
        responses={
            200: serializers.ReleaseComparisonSerializer,
            304: NOT_MODIFIED,
            404: RELEASE_NOT_FOUND,
        },
    )
    def get(self, request: Request, slug: str, version: str, otherVersion: str) -> Response:
        old = _release_or_404(slug, version)
        new = _release_or_404(slug, otherVersion)
        etag, cache_control = _validators(old, new)
        if etag is not None and matches(request, etag):
            return not_modified(etag, cache_control)
        comparison = release_compare(old=old, new=new)
        response = Response(self.get_serializer(_listed(comparison)).data)
        if etag is None:
            response["Cache-Control"] = cache_control
            return response
        return with_validators(response, etag, cache_control)


# --- Articles ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _History:
    article: Article
    versions: list[ArticleVersion]


@extend_schema(tags=[TAG_ARTICLES])
class ArticleDetail(PublicRead, GenericAPIView):
    serializer_class = serializers.ArticleSerializer

    @extend_schema(
        operation_id="articleRetrieve",
        summary="Eén artikel door alle versies heen",
        description=(
            "An article's lasting identity (`articleId`, the same in every release however it "
            "is renumbered or moved) with its version in every release that contains it, oldest "
            "first: number, title, text and `contentHash` (equal hashes, equal text)."
        ),
        parameters=[
            OpenApiParameter(
                "articleId",
                OpenApiTypes.UUID,
                OpenApiParameter.PATH,
                description="The article's identity (`articleId` in a release).",
            )
        ],
        responses={
            200: serializers.ArticleSerializer,
            404: OpenApiResponse(description="Dit artikel bestaat niet."),
        },
    )
    def get(self, request: Request, articleId: uuid.UUID) -> Response:
        article = Article.objects.select_related("standard").filter(key=articleId).first()
        if article is None:
            raise NotFound(_("Dit artikel bestaat niet."))
        versions = list(selectors.article_history(article))
        if not versions:
            raise NotFound(_("Dit artikel komt in geen enkele versie voor."))
        for article_version in versions:
            article_version.article = article
        return Response(self.get_serializer(_History(article, versions)).data)
