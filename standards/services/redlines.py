"""Redlines read through the store, so that each pair of article texts is diffed only once.

``redlines_for`` is the one way in: it takes pairs of texts with their content hashes and
returns the redline of each pair. Pairs that need no diff are answered in memory and never
stored: an unchanged text (same hash on both sides) is one equal stretch, and a text that is
empty on one side is all inserted or all deleted. Every other pair is looked up in
``StoredRedline`` (one query for all pairs), and the ones not there yet are diffed and stored
(one bulk insert, ``ignore_conflicts`` so that two requests storing the same pair at once do
not fail). A row that does not rebuild the two texts it stands for (damaged, or written for a
text whose hash was wrong) is never shown: the pair is diffed again and the row repaired.

Publishing a release stores the redlines between it and the release it supersedes
(``redlines_store_between``, called by ``release_publish``), so the comparison everybody opens
after a publication is already warm.

The stored operations are the engine's output (``standards.redlines``). If the engine changes
how it diffs, delete the rows (a data migration ``StoredRedline.objects.all().delete()``):
they are computed again when needed.
"""

from collections.abc import Iterable
from typing import NamedTuple, Protocol

from standards.models import Release, StoredRedline
from standards.redlines import Redline, redline
from standards.texts import content_hash, normalise_text

HashPair = tuple[str, str]


class HashedText(Protocol):
    """A text with the hash of its normalised form; ``ArticleVersion`` is one."""

    @property
    def text(self) -> str: ...

    @property
    def content_hash(self) -> str: ...


class _Text(NamedTuple):
    text: str
    content_hash: str


def needs_storage(old: HashedText, new: HashedText) -> bool:
    """Whether the redline of this pair is worth storing: both sides non-empty and different."""
    return old.content_hash != new.content_hash and bool(old.text) and bool(new.text)


def redlines_for(pairs: Iterable[tuple[HashedText, HashedText]]) -> dict[HashPair, Redline]:
    """The redline of every (old, new) pair, keyed by ``(old.content_hash, new.content_hash)``.

    At most one query to read the stored redlines and one insert for the missing ones, however
    many pairs there are; none when no pair needs storage.
    """
    redlines, _created = _read_through(pairs)
    return redlines


def redline_for(old_text: str, new_text: str) -> Redline:
    """The redline from ``old_text`` to ``new_text``, read through the store.

    The texts must be as stored (normalised, ``standards.texts``) to be looked up by hash; any
    other text is diffed directly and not stored.
    """
    if normalise_text(old_text) != old_text or normalise_text(new_text) != new_text:
        return redline(old_text, new_text)
    old = _Text(old_text, content_hash(old_text))
    new = _Text(new_text, content_hash(new_text))
    return redlines_for([(old, new)])[(old.content_hash, new.content_hash)]


def redlines_store_between(*, old: Release, new: Release) -> int:
    """Store the redline of every article of ``new`` whose text differs from ``old``.

    Articles are paired by identity. Returns how many redlines were newly stored. Two queries
    to read the texts, one to read the stored redlines and at most one insert.
    """
    old_texts = _texts_by_article(old)
    new_texts = _texts_by_article(new)
    pairs = [
        (old_texts[article_id], new_text)
        for article_id, new_text in new_texts.items()
        if article_id in old_texts
    ]
    _redlines, created = _read_through(pairs)
    return created


def _texts_by_article(release: Release) -> dict[int, _Text]:
    return {
        article_id: _Text(text, hash_)
        for article_id, text, hash_ in release.article_versions.values_list(
            "article_id", "text", "content_hash"
        )
    }


def _read_through(
    pairs: Iterable[tuple[HashedText, HashedText]],
) -> tuple[dict[HashPair, Redline], int]:
    """The redlines of ``pairs`` and how many of them had to be stored."""
    redlines: dict[HashPair, Redline] = {}
    wanted: dict[HashPair, tuple[str, str]] = {}
    for old, new in pairs:
        key = (old.content_hash, new.content_hash)
        if key in redlines or key in wanted:
            continue
        if needs_storage(old, new):
            wanted[key] = (old.text, new.text)
        else:
            redlines[key] = redline(old.text, new.text)
    if not wanted:
        return redlines, 0

    # Filtering on both hash sets can return rows for pairs nobody asked for (an old hash of one
    # pair with the new hash of another); they are ignored. Unlike one OR-clause per pair, the
    # query stays small for a release with hundreds of changed articles.
    stored = StoredRedline.objects.filter(
        old_hash__in={old_hash for old_hash, _new in wanted},
        new_hash__in={new_hash for _old, new_hash in wanted},
    ).only("old_hash", "new_hash", "operations")
    for row in stored:
        key = (row.old_hash, row.new_hash)
        if key not in wanted:
            continue
        old_text, new_text = wanted.pop(key)
        candidate = row.redline
        if candidate.old == old_text and candidate.new == new_text:
            redlines[key] = candidate
            continue
        redlines[key] = redline(old_text, new_text)
        StoredRedline.objects.filter(pk=row.pk).update(
            operations=StoredRedline.operations_of(redlines[key])
        )

    missing = []
    for (old_hash, new_hash), (old_text, new_text) in wanted.items():
        redlines[(old_hash, new_hash)] = computed = redline(old_text, new_text)
        missing.append(StoredRedline.of(old_hash=old_hash, new_hash=new_hash, redline=computed))
    if missing:
        StoredRedline.objects.bulk_create(missing, ignore_conflicts=True)
    return redlines, len(missing)
