"""Why an article changed between two releases: the seam through which governance answers.

A release comparison knows *what* changed in every article; *why* is known to the change
requests that were applied to the releases in between, and those live in ``governance``, which
depends on ``standards`` and not the other way round. So the comparison pages and exports ask
this module, and governance registers the one source that answers (``GovernanceConfig.ready``).

A change that no change request explains is *redactioneel* (an editorial change by the
Ketenbureau), which is what the pages show when the mapping has no entry for an article.

Decision 0020 explains why this is a registry and not an import.
"""

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from standards.models import Release


@dataclass(frozen=True)
class ChangeReason:
    """One change request that caused a change: its number, its title and its public page."""

    reference: str
    title: str
    url: str

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


# (from release, to release, article identities) -> reasons per article identity.
ReasonSource = Callable[[Release, Release, Collection[int]], Mapping[int, Sequence[ChangeReason]]]

_sources: list[ReasonSource] = []


def register_reason_source(source: ReasonSource) -> None:
    """Add ``source``; registering the same function twice (tests reloading apps) is harmless."""
    if source not in _sources:
        _sources.append(source)


def change_reasons(
    *, old: Release, new: Release, article_ids: Collection[int]
) -> dict[int, tuple[ChangeReason, ...]]:
    """The reasons per article identity for the changes from ``old`` to ``new`` (either order).

    Articles no source explains are absent from the result: their change was editorial.
    """
    if not article_ids or old.pk == new.pk:
        return {}
    reasons: dict[int, list[ChangeReason]] = {}
    for source in _sources:
        for article_id, found in source(old, new, article_ids).items():
            reasons.setdefault(article_id, []).extend(found)
    return {article_id: tuple(found) for article_id, found in reasons.items() if found}
