"""Which article of a new version is which article of the previous one.

An article keeps its identity across releases even when it is renumbered, retitled, moved to
another document or edited (DESIGN.md): a change request filed against art. 3.8 must still
point at the same article when that is art. 3.9 in the next version. When a new version is
imported, ``match_articles`` pairs every incoming article with at most one existing article.

Evidence, strongest first:

1. **identical text** (after normalising whitespace): the same article, wherever it now is;
2. **same document, number and title**: the same article, however much the text was edited;
3. **similar title and text**: ``CONTENT_WEIGHT_TEXT`` * text similarity +
   ``CONTENT_WEIGHT_TITLE`` * title similarity, both ``difflib.SequenceMatcher`` ratios on
   case-folded word tokens, must reach ``MATCH_THRESHOLD`` (0.6). That accepts an article
   with the same title that kept at least 43% of its text, or a retitled one that kept 86%;
   it rejects distinct articles that merely share the contract's vocabulary: across the
   articles of CS Wmo 1.2 two different articles score at most 0.38 (median 0.05).

The number alone is never evidence: when art. 3.8 was removed and art. 3.9 moved up to 3.8,
the old and the new 3.8 share nothing and are not matched. Within one tier a candidate in the
same document and at the same number wins from one elsewhere, which is what makes two
identical placeholder articles ("[vul in]") fall into place.

Pairs are assigned greedily, best score first, deterministically. When an article has two
candidates whose scores differ by less than ``TIE_MARGIN``, neither is better evidence than
the other and ``ImportAmbiguity`` is raised, naming both, so that a person decides.

A matched pair is ``KEPT`` when document and number are unchanged (the text may have been
edited), ``RENUMBERED`` otherwise (a new number or another document); unmatched incoming
articles are ``NEW`` and unmatched existing ones ``REMOVED``.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from standards.importers.parsed import ImportAmbiguity, ParsedArticle

MATCH_THRESHOLD = 0.6
CONTENT_WEIGHT_TEXT = 0.7
CONTENT_WEIGHT_TITLE = 0.3
TIE_MARGIN = 0.01

# Scores are tier + fine score, so that a lower tier can never outrank a higher one.
_TIER_IDENTICAL_TEXT = 3.0
_TIER_SAME_NUMBER_AND_TITLE = 2.0
_TIER_SIMILAR = 1.0
_SAME_PLACE_BONUS = 0.2
_SAME_DOCUMENT_BONUS = 0.05

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ExistingArticle:
    """An article of the version the new one is compared with, as stored."""

    article_id: int
    document_slug: str
    number: str
    title: str
    text: str


@dataclass(frozen=True)
class IncomingArticle:
    """An article of the version being imported, with the document it was parsed in."""

    document_slug: str
    article: ParsedArticle


class MatchKind(StrEnum):
    KEPT = "kept"
    RENUMBERED = "renumbered"
    NEW = "new"
    REMOVED = "removed"


@dataclass(frozen=True)
class ArticleMatch:
    """The fate of one article; ``similarity`` (0..1) is the content similarity of the pair,
    1.0 for identical title and text, 0.0 for new and removed articles."""

    kind: MatchKind
    existing: ExistingArticle | None
    incoming: IncomingArticle | None
    similarity: float


def match_articles(
    existing: Sequence[ExistingArticle], incoming: Sequence[IncomingArticle]
) -> list[ArticleMatch]:
    """Pair incoming with existing articles by identity; ordered as ``incoming``, followed by
    the removed articles in their existing order. Raises ``ImportAmbiguity`` on a tie."""
    old = [_Features.of(article.title, article.text) for article in existing]
    new = [_Features.of(article.article.title, article.article.text) for article in incoming]
    candidates: list[_Candidate] = []
    for i, incoming_article in enumerate(incoming):
        for e, existing_article in enumerate(existing):
            candidate = _score(e, existing_article, old[e], i, incoming_article, new[i])
            if candidate is not None:
                candidates.append(candidate)
    candidates.sort(key=lambda pair: (-pair.score, pair.incoming, pair.existing))

    matched_existing: dict[int, _Candidate] = {}
    matched_incoming: dict[int, _Candidate] = {}
    for position, candidate in enumerate(candidates):
        if candidate.existing in matched_existing or candidate.incoming in matched_incoming:
            continue
        _refuse_tie(
            candidate,
            candidates[position + 1 :],
            matched_existing,
            matched_incoming,
            existing,
            incoming,
        )
        matched_existing[candidate.existing] = candidate
        matched_incoming[candidate.incoming] = candidate

    matches: list[ArticleMatch] = []
    for i, incoming_article in enumerate(incoming):
        candidate = matched_incoming.get(i)
        if candidate is None:
            matches.append(ArticleMatch(MatchKind.NEW, None, incoming_article, 0.0))
            continue
        existing_article = existing[candidate.existing]
        same_place = (
            existing_article.document_slug == incoming_article.document_slug
            and existing_article.number == incoming_article.article.number
        )
        kind = MatchKind.KEPT if same_place else MatchKind.RENUMBERED
        matches.append(ArticleMatch(kind, existing_article, incoming_article, candidate.similarity))
    for e, existing_article in enumerate(existing):
        if e not in matched_existing:
            matches.append(ArticleMatch(MatchKind.REMOVED, existing_article, None, 0.0))
    return matches


@dataclass(frozen=True)
class _Features:
    text: str  # normalised, for the identity test
    title_words: tuple[str, ...]
    text_words: tuple[str, ...]
    text_word_counts: Counter[str]

    @classmethod
    def of(cls, title: str, text: str) -> "_Features":
        text_words = _words(text)
        return cls(
            text=_normalise(text),
            title_words=_words(title),
            text_words=text_words,
            text_word_counts=Counter(text_words),
        )


@dataclass(frozen=True)
class _Candidate:
    existing: int
    incoming: int
    score: float
    similarity: float


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(unicodedata.normalize("NFC", text).casefold()))


def _ratio(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _upper_bound(a: _Features, b: _Features) -> float:
    """An upper bound of the text ratio that is cheap to compute: first from the lengths alone,
    then from the shared words regardless of order (``SequenceMatcher.quick_ratio``)."""
    total = len(a.text_words) + len(b.text_words)
    if not total:
        return 1.0
    length_bound = 2 * min(len(a.text_words), len(b.text_words)) / total
    if length_bound < MATCH_THRESHOLD - CONTENT_WEIGHT_TITLE:
        return length_bound
    shared = sum((a.text_word_counts & b.text_word_counts).values())
    return 2 * shared / total


def _content(title_similarity: float, text_similarity: float, *, texts_empty: bool) -> float:
    # Two empty texts say nothing about identity: only the titles count then.
    if texts_empty:
        return title_similarity
    return CONTENT_WEIGHT_TITLE * title_similarity + CONTENT_WEIGHT_TEXT * text_similarity


def _score(
    e: int,
    existing: ExistingArticle,
    old: _Features,
    i: int,
    incoming: IncomingArticle,
    new: _Features,
) -> _Candidate | None:
    same_document = existing.document_slug == incoming.document_slug
    same_place = same_document and existing.number == incoming.article.number
    texts_empty = not old.text_words and not new.text_words
    title_similarity = _ratio(old.title_words, new.title_words)
    identical_text = bool(old.text) and old.text == new.text
    same_title = old.title_words == new.title_words
    if not identical_text and not (same_place and same_title):
        bound = _content(title_similarity, _upper_bound(old, new), texts_empty=texts_empty)
        if bound < MATCH_THRESHOLD:
            return None
    text_similarity = 1.0 if identical_text else _ratio(old.text_words, new.text_words)
    similarity = _content(title_similarity, text_similarity, texts_empty=texts_empty)
    place = _SAME_PLACE_BONUS if same_place else 0.0
    place += _SAME_DOCUMENT_BONUS if same_document else 0.0
    if identical_text:
        score = _TIER_IDENTICAL_TEXT + 0.5 * title_similarity + place
    elif same_place and same_title:
        score = _TIER_SAME_NUMBER_AND_TITLE + 0.5 * text_similarity
    elif similarity >= MATCH_THRESHOLD:
        score = _TIER_SIMILAR + similarity + place
    else:
        return None
    return _Candidate(existing=e, incoming=i, score=score, similarity=round(similarity, 4))


def _refuse_tie(
    chosen: _Candidate,
    rest: Sequence[_Candidate],
    matched_existing: dict[int, _Candidate],
    matched_incoming: dict[int, _Candidate],
    existing: Sequence[ExistingArticle],
    incoming: Sequence[IncomingArticle],
) -> None:
    """Raise when another still-open pair for the same article scores within ``TIE_MARGIN``."""
    for rival in rest:
        if chosen.score - rival.score >= TIE_MARGIN:
            return
        if rival.existing in matched_existing or rival.incoming in matched_incoming:
            continue
        if rival.incoming == chosen.incoming:
            article = _describe_incoming(incoming[chosen.incoming])
            first = _describe_existing(existing[chosen.existing])
            second = _describe_existing(existing[rival.existing])
            raise ImportAmbiguity(
                f"Nieuw {article} past even goed bij bestaand {first} als bij bestaand "
                f"{second}; kies zelf welk artikel het is"
            )
        if rival.existing == chosen.existing:
            article = _describe_existing(existing[chosen.existing])
            first = _describe_incoming(incoming[chosen.incoming])
            second = _describe_incoming(incoming[rival.incoming])
            raise ImportAmbiguity(
                f"Bestaand {article} past even goed bij nieuw {first} als bij nieuw "
                f"{second}; kies zelf welk artikel het is"
            )


def _describe_existing(article: ExistingArticle) -> str:
    return f"artikel {article.number} '{article.title}' ({article.document_slug})"


def _describe_incoming(article: IncomingArticle) -> str:
    parsed = article.article
    return (
        f"artikel {parsed.number} '{parsed.title}' ({article.document_slug}, "
        f"regel {parsed.source_line})"
    )
