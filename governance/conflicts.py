"""The conflict overview of a draft release: several scheduled requests on one article, together.

A draft release collects the approved change requests scheduled into it; each is applied on its
own (``governance.services.application``), and each was written against the article text of its
day. When two or more requests of the release touch the same article, the release manager wants
to see them side by side before applying any of them, together with what the article would say
with all of them. That is an ``ArticleConflict``: the article, its text in the draft now, the
requests in number order with how each fares, and the combined text.

The combined text starts from the draft text (requests already *applied* are in it) and merges
the change of every request still *scheduled* into it, one after the other in number order. A
request's change is what it does to the text it was written against (``base_text`` →
``proposed_text``); merging it is a three-way merge at word level (``merge_change``):

* both texts that came from the base, the request's proposal and the combined text so far, are
  compared with the base by the redline engine, which never cuts a word in two. Each side is a
  list of hunks: a stretch of the base replaced by other text;
* hunks of the two sides that overlap, or merely touch (two insertions at one place, an insertion
  at the edge of a rewritten stretch), make the request **clash**, unless both sides made that
  very same edit. Between two hunks that are kept apart, some text of the base stays
  unchanged on both sides, so every edit lands where its context says it belongs;
* a request that clashes leaves the combined text as it was: it is resolved by hand when it is
  applied. Nothing is ever merged by approximation (no fuzzy matching as in
  ``diff_match_patch.patch_apply``), so a *fits* is never silently wrong.

*Fits* says that the merged text is ready, not that ``change_request_apply`` will take the request
without a word: when the draft text is no longer the request's base text, the service still raises
``ApplyConflict``, and ``merged_proposal`` gives the text to confirm there.

A removal is the change from its base text to nothing. It fits only when the article still says
exactly what the removal was written against (as in any three-way merge: the other side changed
the same text), and once it fits the article is gone: every later request on the article
clashes, as does every scheduled request on an article that is no longer in the draft. A removal
therefore never silently discards the wording another approved request gave the article, even
though ``change_request_apply`` would remove the article without a conflict.

New-article requests are left out: they are filed on a document and the article they follow,
and create a new identity of their own, so they never change the article they were filed on.
"""

import dataclasses
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.constants import ChangeKind, ChangeRequestState
from governance.models import ChangeRequest
from standards.models import Article, ArticleVersion, Release
from standards.redlines import Kind, Redline, redline
from standards.texts import normalise_text

# The kinds of request that change the text of the article they were filed on.
ARTICLE_CHANGING_KINDS = (
    ChangeKind.CHANGE_WORDING,
    ChangeKind.EDITORIAL,
    ChangeKind.REMOVE_ARTICLE,
)
# Scheduled requests still have to be worked into the draft; applied ones are in it already.
RELEASE_STATES = (ChangeRequestState.SCHEDULED, ChangeRequestState.APPLIED)


class MergeOutcome(models.TextChoices):
    """How one request of the release fares in the combined text of its article."""

    APPLIED = "applied", _("Al verwerkt in het concept")
    FITS = "fits", _("Past in de samengevoegde tekst")
    CLASHES = "clashes", _("Botst met een andere wijziging; met de hand verwerken")


@dataclasses.dataclass(frozen=True)
class ContributingChange:
    change_request: ChangeRequest
    outcome: MergeOutcome


@dataclasses.dataclass(frozen=True)
class ArticleConflict:
    """One article of the draft with the two or more requests of the release that touch it."""

    article: Article
    # The article's version in the draft now; None when it has been removed from the draft.
    draft_version: ArticleVersion | None
    # In number order (year, sequence).
    changes: tuple[ContributingChange, ...]
    # The draft text with every change that fits merged in ("" when the article ends up removed).
    combined_text: str
    # Draft text → combined text.
    redline: Redline
    # Whether the article is gone once the changes that fit are in (removed in the draft, or by
    # a removal that fits): a removed article and an emptied text both have ``combined_text ""``.
    removed: bool

    @property
    def clean(self) -> bool:
        """No request clashes: applying them one by one in number order needs no hand work."""
        return all(change.outcome != MergeOutcome.CLASHES for change in self.changes)


def release_conflicts(release: Release) -> list[ArticleConflict]:
    """Every article of ``release`` that two or more of its scheduled or applied requests touch.

    Requests that change wording, correct it editorially or remove the article count; new-article
    requests do not (see the module docstring). In the draft's reading order (document position,
    article position); articles no longer in the draft come last, in the order of their first
    request. Two queries (one when no article is touched twice), however many requests and
    articles there are.
    """
    requests = (
        release.scheduled_change_requests.filter(
            state__in=RELEASE_STATES, kind__in=ARTICLE_CHANGING_KINDS, article__isnull=False
        )
        .select_related("article")
        .order_by("year", "sequence")
    )
    by_article: dict[int, list[ChangeRequest]] = {}
    for change_request in requests:
        by_article.setdefault(change_request.article_id, []).append(change_request)
    shared = {article_id: group for article_id, group in by_article.items() if len(group) > 1}
    if not shared:
        return []
    versions = (
        release.article_versions.filter(article_id__in=shared)
        .select_related("document")
        .order_by("document__position", "position", "pk")
    )
    in_draft = {version.article_id: version for version in versions}
    # Articles in the draft in reading order, then removed ones by their first request's number
    # (dicts keep insertion order, and ``shared`` was filled in number order).
    order = [article_id for article_id in in_draft] + [
        article_id for article_id in shared if article_id not in in_draft
    ]
    return [_article_conflict(shared[article_id], in_draft.get(article_id)) for article_id in order]


def merged_proposal(change_request: ChangeRequest, current_text: str) -> tuple[str, bool]:
    """The request's change (``base_text`` → ``proposed_text``) merged into ``current_text``.

    Returns ``(text, clean)``. When the change clashes with what changed in ``current_text``
    since the request was written, ``clean`` is False and ``text`` is ``current_text`` as it was:
    no half-merged text is offered as if it were a resolution. Used to prefill the manual
    resolution of an ``ApplyConflict``. A removal gives ``""``; a new article, which replaces
    nothing, gives its proposed text.
    """
    if change_request.kind == ChangeKind.NEW_ARTICLE:
        return change_request.proposed_text, True
    if change_request.kind == ChangeKind.REMOVE_ARTICLE:
        if _same(current_text, change_request.base_text):
            return "", True
        return current_text, False
    if _same(current_text, change_request.base_text):
        # What ``change_request_apply`` puts in without asking, so exactly that.
        return change_request.proposed_text, True
    merged = merge_change(
        base=change_request.base_text,
        proposed=change_request.proposed_text,
        current=current_text,
    )
    if merged is None:
        return current_text, False
    return merged, True


def merge_change(*, base: str, proposed: str, current: str) -> str | None:
    """The change ``base`` → ``proposed`` merged into ``current`` (which also came from ``base``).

    A three-way merge on word-level hunks: ``None`` when a hunk of the change overlaps or touches
    a hunk of ``base`` → ``current`` that is not the very same edit. Deterministic, and exact:
    when ``current`` is ``base`` the result is ``proposed``, when ``proposed`` is ``base`` or
    ``current`` it is ``current``.
    """
    hunks = sorted(
        [_Sided(hunk, _CURRENT) for hunk in _hunks(base, current)]
        + [_Sided(hunk, _CHANGE) for hunk in _hunks(base, proposed)],
        key=lambda sided: (sided.hunk.start, sided.hunk.end, sided.side),
    )
    merged: list[str] = []
    position = 0
    for start, end, cluster in _clusters(hunks):
        merged.append(base[position:start])
        results = {
            _apply(base, start, end, [sided.hunk for sided in cluster if sided.side == side])
            for side in {sided.side for sided in cluster}
        }
        if len(results) > 1:
            return None
        merged.append(results.pop())
        position = end
    merged.append(base[position:])
    return "".join(merged)


# --- Combining the requests of one article --------------------------------------------------------


def _article_conflict(
    requests: Sequence[ChangeRequest], draft_version: ArticleVersion | None
) -> ArticleConflict:
    draft_text = draft_version.text if draft_version is not None else ""
    text: str | None = draft_version.text if draft_version is not None else None
    changes = []
    for change_request in requests:
        if change_request.state == ChangeRequestState.APPLIED:
            outcome = MergeOutcome.APPLIED
        elif text is None:
            # Nothing left to merge into: the article is out of the draft, or a removal fits.
            outcome = MergeOutcome.CLASHES
        else:
            merged, clean = merged_proposal(change_request, text)
            outcome = MergeOutcome.FITS if clean else MergeOutcome.CLASHES
            if clean:
                text = None if change_request.kind == ChangeKind.REMOVE_ARTICLE else merged
        changes.append(ContributingChange(change_request=change_request, outcome=outcome))
    combined = text if text is not None else ""
    return ArticleConflict(
        article=requests[0].article,
        draft_version=draft_version,
        changes=tuple(changes),
        combined_text=combined,
        redline=redline(draft_text, combined),
        removed=text is None,
    )


# --- Three-way merge on word-level hunks ----------------------------------------------------------


class _Hunk(NamedTuple):
    """``base[start:end]`` replaced by ``text``; ``start == end`` is a pure insertion."""

    start: int
    end: int
    text: str


_CURRENT = 0
_CHANGE = 1


class _Sided(NamedTuple):
    hunk: _Hunk
    side: int


def _hunks(base: str, other: str) -> list[_Hunk]:
    """What turns ``base`` into ``other``, as hunks between the unchanged stretches.

    The redline engine cuts only between tokens, so no hunk starts or ends inside a word, and its
    operations rebuild both texts exactly, so the hunks do too.
    """
    hunks = []
    position = 0
    start: int | None = None
    inserted: list[str] = []
    for operation in redline(base, other).operations:
        if operation.kind is Kind.EQUAL:
            if start is not None:
                hunks.append(_Hunk(start, position, "".join(inserted)))
                start, inserted = None, []
            position += len(operation.text)
            continue
        if start is None:
            start = position
        if operation.kind is Kind.DELETE:
            position += len(operation.text)
        else:
            inserted.append(operation.text)
    if start is not None:
        hunks.append(_Hunk(start, position, "".join(inserted)))
    return hunks


def _clusters(hunks: Iterable[_Sided]) -> list[tuple[int, int, list[_Sided]]]:
    """Hunks (sorted by start) grouped where they overlap or touch: ``(start, end, hunks)``.

    Hunks of one side never touch (an unchanged stretch lies between them), so a group with
    more than one hunk always holds both sides.
    """
    clusters: list[tuple[int, int, list[_Sided]]] = []
    for sided in hunks:
        if clusters and sided.hunk.start <= clusters[-1][1]:
            start, end, members = clusters[-1]
            members.append(sided)
            clusters[-1] = (start, max(end, sided.hunk.end), members)
        else:
            clusters.append((sided.hunk.start, sided.hunk.end, [sided]))
    return clusters


def _apply(base: str, start: int, end: int, hunks: Sequence[_Hunk]) -> str:
    """``base[start:end]`` with ``hunks`` (of one side, in order, all within it) applied."""
    parts = []
    position = start
    for hunk in hunks:
        parts.append(base[position : hunk.start])
        parts.append(hunk.text)
        position = hunk.end
    parts.append(base[position:end])
    return "".join(parts)


def _same(a: str, b: str) -> bool:
    """Equal as article texts (as ``change_request_apply`` compares them)."""
    return normalise_text(a).strip() == normalise_text(b).strip()


__all__ = [
    "ArticleConflict",
    "ContributingChange",
    "MergeOutcome",
    "merge_change",
    "merged_proposal",
    "release_conflicts",
]
