"""Comparing two releases of a standard: what happened to every article between them.

Articles are matched by identity (``Article``), never by number, so an article renumbered from
3.8 to 3.9 shows as renumbered (and, if its text changed too, with a redline), not as a removal
plus an addition. Any two releases of one standard can be compared, in either order; "old" is
simply the left-hand side.

Each article identity gets one kind:

* ADDED or REMOVED when only the new or only the old release has it;
* RENUMBERED when its place differs: another number, document or chapter (the redline still
  shows any change of its text);
* CHANGED when it kept its place but its text, its title or its optionality differs: a new
  title or a fixed article becoming optional must appear in the was-wordt table too, so only
  the redline (``text_changed``) tells a new wording from a new heading;
* UNCHANGED otherwise.

Changes are grouped per document (an article moved to another document appears under its new
one) in the new release's reading order; what only the old release has (removed articles, a
dropped document) is put right after what preceded it there.

Each pair of article texts is diffed once: redlines are stored per pair of content hashes
(``StoredRedline``, read through ``standards.services.redlines``) and unchanged articles are
recognised by their hash without diffing.

This module holds the read model (plain frozen dataclasses the pages and the exporters share)
and ``release_compare``, which builds it.
"""

import enum
from collections import defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TypeVar

from django.utils.translation import gettext as _

from standards.exceptions import ReleasesOfDifferentStandards
from standards.models import Article, ArticleVersion, Document, DocumentVersion, Release
from standards.redlines import Redline, redline
from standards.selectors import article_versions_for_compare, document_versions_for_compare
from standards.services.redlines import redlines_for


class ArticleChangeKind(enum.StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"  # same number and place, other text, title or optionality
    RENUMBERED = "renumbered"  # other number, other document or other chapter; text may differ
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ArticleChange:
    """One article identity between the two releases."""

    article: Article
    kind: ArticleChangeKind
    old: ArticleVersion | None
    new: ArticleVersion | None
    # Old text → new text; for an added article all inserted, for a removed one all deleted,
    # for an unchanged one a single equal operation.
    redline: Redline

    @property
    def text_changed(self) -> bool:
        return self.redline.changed

    @property
    def label(self) -> str:
        """How the article is named in a list: its newest number and title."""
        version = self.new or self.old
        return version.label

    # What else changed besides the text; all false for an added or removed article.

    @property
    def number_changed(self) -> bool:
        return self._differs("number")

    @property
    def document_changed(self) -> bool:
        """Moved to another document (it is listed under its new one)."""
        return self._differs("document_id")

    @property
    def chapter_changed(self) -> bool:
        return self._differs("chapter")

    @property
    def title_changed(self) -> bool:
        return self._differs("title")

    @property
    def optional_changed(self) -> bool:
        """A fixed article became optional, or an optional one fixed."""
        return self._differs("is_optional")

    def _differs(self, name: str) -> bool:
        if self.old is None or self.new is None:
            return False
        return getattr(self.old, name) != getattr(self.new, name)


@dataclass(frozen=True)
class DocumentComparison:
    document: Document
    old: DocumentVersion | None
    new: DocumentVersion | None
    # In reading order of the new release; removed articles where they stood in the old one.
    changes: tuple[ArticleChange, ...]

    def of_kind(self, kind: ArticleChangeKind) -> tuple[ArticleChange, ...]:
        return tuple(change for change in self.changes if change.kind == kind)

    @property
    def counts(self) -> dict[ArticleChangeKind, int]:
        return {kind: len(self.of_kind(kind)) for kind in ArticleChangeKind}

    @property
    def is_unchanged(self) -> bool:
        return all(change.kind == ArticleChangeKind.UNCHANGED for change in self.changes)


@dataclass(frozen=True)
class ReleaseComparison:
    old: Release
    new: Release
    documents: tuple[DocumentComparison, ...] = field(default=())

    @property
    def counts(self) -> dict[ArticleChangeKind, int]:
        totals = dict.fromkeys(ArticleChangeKind, 0)
        for document in self.documents:
            for kind, count in document.counts.items():
                totals[kind] += count
        return totals

    @property
    def changes(self) -> tuple[ArticleChange, ...]:
        """Every article that is not unchanged, document by document."""
        return tuple(
            change
            for document in self.documents
            for change in document.changes
            if change.kind != ArticleChangeKind.UNCHANGED
        )


def release_compare(*, old: Release, new: Release) -> ReleaseComparison:
    """What happened to every article from ``old`` to ``new`` (two releases of one standard).

    Raises ``ReleasesOfDifferentStandards`` (a ``StandardsError``) for releases of different
    standards.

    A fixed number of queries, however many articles: the articles of each release, the
    documents of both, the stored redlines of all changed pairs and, the first time a pair is
    compared, one insert to store its redline.
    """
    if old.standard_id != new.standard_id:
        raise ReleasesOfDifferentStandards(
            _(
                "%(old)s en %(new)s zijn versies van verschillende standaarden; alleen versies "
                "van één standaard zijn met elkaar te vergelijken."
            )
            % {"old": old, "new": new}
        )
    document_versions = list(document_versions_for_compare(old, new))
    documents = {version.document_id: version.document for version in document_versions}
    old_side = _Side.load(old, documents)
    new_side = _Side.load(new, documents)
    for document_version in document_versions:
        if document_version.release_id == old.pk:
            old_side.add_document(document_version)
        if document_version.release_id == new.pk:
            new_side.add_document(document_version)

    redlines = redlines_for(
        (old_side.articles[article_id], new_version)
        for article_id, new_version in new_side.articles.items()
        if article_id in old_side.articles
    )

    def change_of(article_id: int) -> ArticleChange:
        old_version = old_side.articles.get(article_id)
        new_version = new_side.articles.get(article_id)
        if old_version is not None and new_version is not None:
            text_redline = redlines[(old_version.content_hash, new_version.content_hash)]
        elif new_version is not None:
            text_redline = redline("", new_version.text)
        else:
            text_redline = redline(old_version.text, "")
        return ArticleChange(
            article=(new_version or old_version).article,
            kind=article_change_kind(old_version, new_version),
            old=old_version,
            new=new_version,
            redline=text_redline,
        )

    documents = []
    for document_id in _reading_order(
        new_side.document_order(),
        old_side.document_order(),
        only_old=old_side.documents.keys() - new_side.documents.keys(),
    ):
        removed_here = {
            article_id
            for article_id in old_side.article_order(document_id)
            if article_id not in new_side.articles
        }
        article_ids = _reading_order(
            new_side.article_order(document_id),
            old_side.article_order(document_id),
            only_old=removed_here,
        )
        documents.append(
            DocumentComparison(
                document=(new_side.documents.get(document_id) or old_side.documents[document_id]),
                old=old_side.document_versions.get(document_id),
                new=new_side.document_versions.get(document_id),
                changes=tuple(change_of(article_id) for article_id in article_ids),
            )
        )
    return ReleaseComparison(old=old, new=new, documents=tuple(documents))


# An article keeps its place when all of these are equal, and its content when all of those are.
_PLACE = ("number", "document_id", "chapter")
_CONTENT = ("content_hash", "title", "is_optional")


def article_change_kind(
    old: ArticleVersion | None, new: ArticleVersion | None
) -> ArticleChangeKind:
    """How one article identity differs between two of its versions (None: not in that release)."""
    if old is None:
        return ArticleChangeKind.ADDED
    if new is None:
        return ArticleChangeKind.REMOVED
    if any(getattr(old, name) != getattr(new, name) for name in _PLACE):
        return ArticleChangeKind.RENUMBERED
    # A new title or a fixed article becoming optional is a change of the article as much as
    # a new wording is, and must appear in the was-wordt table; its redline shows no change.
    if any(getattr(old, name) != getattr(new, name) for name in _CONTENT):
        return ArticleChangeKind.CHANGED
    return ArticleChangeKind.UNCHANGED


K = TypeVar("K")


def _reading_order(new_keys: list[K], old_keys: list[K], *, only_old: AbstractSet[K]) -> list[K]:
    """``new_keys`` in order, with each key of ``only_old`` where it stood in ``old_keys``.

    A key only the old side has goes right after the nearest key before it in ``old_keys`` that
    the new side still has (after any other old-only keys already there, in their old order),
    or first when there is none. Keys of ``old_keys`` in neither list (moved elsewhere) are
    passed over.
    """
    present = set(new_keys)
    following: dict[K | None, list[K]] = defaultdict(list)
    anchor: K | None = None
    for key in old_keys:
        if key in present:
            anchor = key
        elif key in only_old:
            following[anchor].append(key)
    ordered = list(following[None])
    for key in new_keys:
        ordered.append(key)
        ordered.extend(following.get(key, ()))
    return ordered


class _Side:
    """The articles and documents of one release, by identity, in its reading order."""

    def __init__(self, release: Release) -> None:
        self.release = release
        self.articles: dict[int, ArticleVersion] = {}
        self.document_versions: dict[int, DocumentVersion] = {}
        self.documents: dict[int, Document] = {}
        self._articles_by_document: dict[int, list[int]] = defaultdict(list)

    @classmethod
    def load(cls, release: Release, documents: dict[int, Document]) -> "_Side":
        """The release's articles, each with its document taken from ``documents`` (by id).

        ``documents`` holds the documents of the releases' document versions; one more query
        reads any document an article refers to without a document version of its own.
        """
        side = cls(release)
        versions = list(article_versions_for_compare(release))
        missing = {version.document_id for version in versions} - documents.keys()
        if missing:
            documents.update(Document.objects.in_bulk(missing))
        # Every row shares the caller's release and one instance per document: no query later.
        # Filling the relation caches directly skips the checks of assigning through the
        # descriptors, which are a measurable part of reading a release (the ids already match).
        cache_release = ArticleVersion.release.field.set_cached_value
        cache_document = ArticleVersion.document.field.set_cached_value
        for version in versions:
            cache_release(version, release)
            cache_document(version, documents[version.document_id])
            side.articles[version.article_id] = version
            side.documents.setdefault(version.document_id, version.document)
            side._articles_by_document[version.document_id].append(version.article_id)
        return side

    def add_document(self, document_version: DocumentVersion) -> None:
        document_version.release = self.release
        self.document_versions[document_version.document_id] = document_version
        self.documents[document_version.document_id] = document_version.document

    def document_order(self) -> list[int]:
        """Documents by their position in this release; any without a document version last."""
        return sorted(
            self.documents,
            key=lambda document_id: (
                document_id not in self.document_versions,
                self.document_versions[document_id].position
                if document_id in self.document_versions
                else 0,
                self.documents[document_id].position,
                document_id,
            ),
        )

    def article_order(self, document_id: int) -> list[int]:
        return self._articles_by_document.get(document_id, [])
