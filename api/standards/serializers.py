"""How the standards catalogue reads over the API: one output serializer per endpoint.

The API is read-only here, so every serializer is an output serializer; none validates input.
Field names are English camelCase (``source=`` maps them onto the models' snake_case), dates
are ISO 8601 dates, moments ISO 8601 with their offset. Addresses (``url``, ``releasesUrl``, …)
are absolute, so a client can follow them without knowing the URL scheme.

Article text is the normalised Markdown the portal stores (``standards.texts``); ``contentHash``
is its SHA-256, equal in two releases exactly when the wording is equal. ``articleId`` is the
article's lasting identity (``Article.key``): it stays the same when the article is renumbered,
retitled or moved, and names it at ``/api/v1/articles/{articleId}``.

A comparison's ``redlineHtml`` is escaped text with ``<del>``/``<ins>`` as the only markup, newlines
kept as they are; ``operations`` are the same redline as data: dropping the ``insert``
operations gives the old text, dropping the ``delete`` ones gives the new text.
"""

from django.urls import reverse

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.versioning import API_PREFIX
from standards.comparison import ArticleChangeKind
from standards.constants import DeviationPolicy, DocumentKind, FrontMatterKind, ReleaseState
from standards.models import Article, Release
from standards.redlines import Kind


def _absolute(serializer: serializers.Field, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


def _standard_path(slug: str) -> str:
    return reverse("api:standards:standard-detail", kwargs={"slug": slug})


def _releases_path(slug: str) -> str:
    return reverse("api:standards:release-list", kwargs={"slug": slug})


def _release_path(release: Release) -> str:
    # The release's standard is loaded with it (``select_related``) or shared by the caller.
    return reverse(
        "api:standards:release-detail",
        kwargs={"slug": release.standard.slug, "version": release.version},
    )


def _article_path(article: Article) -> str:
    return reverse("api:standards:article-detail", kwargs={"articleId": article.key})


class _Link(serializers.Field):
    """An absolute address computed from the object by ``path`` (read-only)."""

    def __init__(self, path, **kwargs) -> None:
        self.path = path
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return _absolute(self, self.path(value))


extend_schema_field(OpenApiTypes.URI)(_Link)


# --- Standards -----------------------------------------------------------------------------------


class CurrentReleaseSerializer(serializers.Serializer):
    """The release in force: published and not superseded."""

    version = serializers.CharField(help_text="MAJOR.MINOR, e.g. 1.2.")
    effectiveOn = serializers.DateField(
        source="effective_on", allow_null=True, help_text="Mandatory for new procurements from."
    )
    implementationDeadline = serializers.DateField(
        source="implementation_deadline",
        allow_null=True,
        help_text="Existing contracts must have adopted this release by this date.",
    )
    url = _Link(_release_path)


class UpcomingReleaseSerializer(serializers.Serializer):
    """The release under construction (draft, frozen or adopted)."""

    version = serializers.CharField()
    state = serializers.ChoiceField(choices=ReleaseState.choices)
    submissionDeadline = serializers.DateTimeField(
        source="submission_deadline",
        allow_null=True,
        help_text="Change requests filed until this moment are considered for this release.",
    )
    url = _Link(_release_path)


class StandardSerializer(serializers.Serializer):
    """A standard with its release in force and its release under construction."""

    slug = serializers.SlugField(source="standard.slug")
    name = serializers.CharField(source="standard.name")
    description = serializers.CharField(source="standard.description")
    currentRelease = CurrentReleaseSerializer(
        source="current", allow_null=True, help_text="Null while nothing has been published."
    )
    upcomingRelease = UpcomingReleaseSerializer(source="upcoming", allow_null=True)
    url = _Link(lambda overview: _standard_path(overview.standard.slug))
    releasesUrl = _Link(lambda overview: _releases_path(overview.standard.slug))


# --- Releases ------------------------------------------------------------------------------------


class StandardReferenceSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    url = _Link(lambda standard: _standard_path(standard.slug))


class ReleaseSerializer(serializers.Serializer):
    """A release's identity and dates, without its content."""

    version = serializers.CharField(help_text="MAJOR.MINOR, e.g. 1.2.")
    state = serializers.ChoiceField(choices=ReleaseState.choices)
    basedOn = serializers.CharField(
        source="based_on.version",
        allow_null=True,
        help_text="The version this release started as a copy of.",
    )
    submissionDeadline = serializers.DateTimeField(source="submission_deadline", allow_null=True)
    adoptedOn = serializers.DateField(source="adopted_on", allow_null=True)
    publishedOn = serializers.DateField(source="published_on", allow_null=True)
    effectiveOn = serializers.DateField(source="effective_on", allow_null=True)
    implementationDeadline = serializers.DateField(
        source="implementation_deadline", allow_null=True
    )
    url = _Link(_release_path)


class ArticleVersionSerializer(serializers.Serializer):
    """One article as a release states it."""

    articleId = serializers.UUIDField(source="article.key")
    number = serializers.CharField()
    title = serializers.CharField()
    chapter = serializers.CharField(help_text="The chapter heading it stands under; may be empty.")
    isOptional = serializers.BooleanField(source="is_optional")
    position = serializers.IntegerField(help_text="Its place in the document, from 1.")
    text = serializers.CharField(help_text="The wording, as normalised Markdown.")
    contentHash = serializers.CharField(
        source="content_hash", help_text="SHA-256 of the text (hex); equal text, equal hash."
    )
    articleUrl = _Link(lambda version: _article_path(version.article))


class DocumentVersionSerializer(serializers.Serializer):
    """A document as one release has it, with every article in reading order."""

    slug = serializers.SlugField(source="document.slug")
    kind = serializers.ChoiceField(source="document.kind", choices=DocumentKind.choices)
    deviationPolicy = serializers.ChoiceField(
        source="document.deviation_policy", choices=DeviationPolicy.choices
    )
    title = serializers.CharField()
    introduction = serializers.CharField(help_text="The text before its first article.")
    position = serializers.IntegerField()
    articles = ArticleVersionSerializer(many=True, source="release_articles")


class FrontMatterSerializer(serializers.Serializer):
    """Text of a release that is no article: parties, considerations, definitions, …"""

    source = serializers.CharField(help_text="The document it was taken from.")
    kind = serializers.ChoiceField(choices=FrontMatterKind.choices)
    heading = serializers.CharField()
    text = serializers.CharField()
    position = serializers.IntegerField()


class ReleaseDetailSerializer(ReleaseSerializer):
    """A release with its full content."""

    standard = StandardReferenceSerializer()
    frontMatter = FrontMatterSerializer(many=True, source="front_matter_sections")
    documents = DocumentVersionSerializer(many=True, source="documents_with_articles")


# --- Comparisons ---------------------------------------------------------------------------------


class ReleaseReferenceSerializer(serializers.Serializer):
    version = serializers.CharField()
    state = serializers.ChoiceField(choices=ReleaseState.choices)
    url = _Link(_release_path)


class ChangeCountsSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    removed = serializers.IntegerField()
    renumbered = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class ComparedArticleSerializer(serializers.Serializer):
    """One side of a change: the article as that release has it (without its text)."""

    number = serializers.CharField()
    title = serializers.CharField()
    chapter = serializers.CharField()
    isOptional = serializers.BooleanField(source="is_optional")
    documentSlug = serializers.SlugField(source="document.slug")
    contentHash = serializers.CharField(source="content_hash")


class RedlineOperationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(kind.value, kind.value) for kind in Kind])
    text = serializers.CharField()


class ChangeRequestReferenceSerializer(serializers.Serializer):
    """A change request that caused the change."""

    number = serializers.CharField(source="reference", help_text="E.g. WV-2026-0042.")
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The change request in this API.")
    webUrl = serializers.SerializerMethodField(help_text="Its public page on the portal.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, reason) -> str:
        return _absolute(self, f"{API_PREFIX}change-requests/{reason.reference}")

    @extend_schema_field(OpenApiTypes.URI)
    def get_webUrl(self, reason) -> str:
        return _absolute(self, reason.url)


class ArticleChangeSerializer(serializers.Serializer):
    """What happened to one article identity between the two releases."""

    kind = serializers.ChoiceField(choices=[(kind.value, kind.value) for kind in ArticleChangeKind])
    articleId = serializers.UUIDField(source="change.article.key")
    old = ComparedArticleSerializer(source="change.old", allow_null=True)
    new = ComparedArticleSerializer(source="change.new", allow_null=True)
    textChanged = serializers.BooleanField(source="change.text_changed")
    titleChanged = serializers.BooleanField(source="change.title_changed")
    numberChanged = serializers.BooleanField(source="change.number_changed")
    documentChanged = serializers.BooleanField(source="change.document_changed")
    chapterChanged = serializers.BooleanField(source="change.chapter_changed")
    optionalChanged = serializers.BooleanField(source="change.optional_changed")
    redlineHtml = serializers.CharField(
        source="change.redline.html",
        help_text="Old and new text woven into one: escaped text, <del> and <ins> the only markup.",
    )
    operations = RedlineOperationSerializer(many=True, source="change.redline.operations")
    changeRequests = ChangeRequestReferenceSerializer(
        many=True, source="reasons", help_text="None: an editorial change."
    )
    articleUrl = _Link(lambda shown: _article_path(shown.change.article))


class DocumentComparisonSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="comparison.document.slug")
    kind = serializers.ChoiceField(source="comparison.document.kind", choices=DocumentKind.choices)
    oldTitle = serializers.CharField(source="comparison.old.title", allow_null=True, default=None)
    newTitle = serializers.CharField(source="comparison.new.title", allow_null=True, default=None)
    counts = ChangeCountsSerializer()
    changes = ArticleChangeSerializer(
        many=True, help_text="Every article that is not unchanged, in reading order."
    )


class ReleaseComparisonSerializer(serializers.Serializer):
    """Every change from ``old`` (the release in the path) to ``new`` (``otherVersion``)."""

    standard = StandardReferenceSerializer()
    old = ReleaseReferenceSerializer()
    new = ReleaseReferenceSerializer()
    counts = ChangeCountsSerializer()
    documents = DocumentComparisonSerializer(many=True)


# --- Articles ------------------------------------------------------------------------------------


class ArticleHistoryVersionSerializer(serializers.Serializer):
    """The article in one release."""

    release = ReleaseReferenceSerializer()
    documentSlug = serializers.SlugField(source="document.slug")
    number = serializers.CharField()
    title = serializers.CharField()
    chapter = serializers.CharField()
    isOptional = serializers.BooleanField(source="is_optional")
    contentHash = serializers.CharField(source="content_hash")
    text = serializers.CharField()


class ArticleSerializer(serializers.Serializer):
    """An article identity through every release that contains it, oldest first."""

    articleId = serializers.UUIDField(source="article.key")
    standard = StandardReferenceSerializer(source="article.standard")
    versions = ArticleHistoryVersionSerializer(many=True)
    url = _Link(lambda history: _article_path(history.article))
