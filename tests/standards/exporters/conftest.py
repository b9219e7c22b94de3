"""Release comparisons for the exporter tests, built straight from factory-made releases.

``comparison_between`` matches article versions by identity the way ``release_compare`` does,
so the exporters can be tested on their own: it is a stand-in for the read model, not a second
implementation to keep in step with it.
"""

import datetime

import pytest

from standards.comparison import (
    ArticleChange,
    ArticleChangeKind,
    DocumentComparison,
    ReleaseComparison,
)
from standards.constants import ReleaseState
from standards.models import ArticleVersion, DocumentVersion, Release
from standards.redlines import redline
from tests.factories import StandardFactory, release_with_articles

AUTHOR = "Ketenbureau i-Sociaal Domein"
DATE = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=datetime.UTC)

OLD_ARTICLES = [
    (
        "3.1",
        "Levering",
        "Opdrachtnemer levert het hulpmiddel af.\n\nDe cliënt tekent voor ontvangst.",
    ),
    (
        "3.2",
        "Indexering",
        "1. De prijzen worden jaarlijks geïndexeerd.\n\n"
        "2. Een indexering leidt niet tot aanpassing van prijzen die al zijn overeengekomen.",
    ),
    (
        "3.3",
        "Levertermijnen",
        "1. Opdrachtnemer levert binnen de termijnen hieronder.\n\n"
        "| Soort | Termijn |\n| --- | --- |\n| Rolstoel | 10 werkdagen |\n"
        "| Traplift | 30 werkdagen |",
    ),
    ("3.4", "Eigendom van hulpmiddelen", "Partijen leggen vast wie eigenaar is."),
    ("3.5", "Garantietermijn", "De garantietermijn is twaalf maanden."),
    ("3.6", "Reparatie", "1. Opdrachtnemer repareert binnen 3 werkdagen."),
    ("3.7", "Herverstrekking", "Opdrachtnemer beheert het depot."),
]

NEW_ARTICLES = [
    (
        "3.1",
        "Levering",
        "Opdrachtnemer levert het hulpmiddel af.\n\nDe cliënt tekent voor ontvangst.",
    ),
    (
        "3.2",
        "Indexering",
        "1. De prijzen worden jaarlijks geïndexeerd.\n\n"
        "2. De indexering geldt ook voor lopende huurovereenkomsten, maar niet voor koopprijzen "
        "die al zijn overeengekomen.",
    ),
    (
        "3.3",
        "Levertermijnen",
        "1. Opdrachtnemer levert binnen de termijnen hieronder.\n\n"
        "| Soort | Termijn |\n| --- | --- |\n| Rolstoel | 10 werkdagen |\n"
        "| Traplift | 25 werkdagen |",
    ),
    ("3.4", "Eigendom en bruikleen van hulpmiddelen", "Partijen leggen vast wie eigenaar is."),
    (
        "3.5",
        "Storingsdienst",
        "1. Opdrachtnemer is dag en nacht bereikbaar.\n\n2. Hij meldt storingen.",
    ),
    (
        "3.6",
        "Reparatie",
        "1. Opdrachtnemer repareert binnen 2 werkdagen.\n\n"
        "2. Opdrachtnemer rapporteert ieder kwartaal over de reparatietijden.",
    ),
    ("3.8", "Herverstrekking", "Opdrachtnemer beheert het depot."),
]
# Old position → new position of the same article; 3.5 Garantietermijn is removed, the new 3.5
# Storingsdienst is added, 3.6 keeps its number, 3.7 becomes 3.8.
IDENTITY = {0: 0, 1: 1, 2: 2, 3: 3, 5: 5, 6: 6}


def comparison_between(old: Release, new: Release) -> ReleaseComparison:
    """The comparison of two factory releases, read the way ``release_compare`` reads them."""

    def loaded(release):
        versions = ArticleVersion.objects.filter(release=release).select_related("document")
        return list(versions.order_by("document__position", "position"))

    old_versions = {version.article_id: version for version in loaded(old)}
    new_versions = loaded(new)
    documents = {}
    for version in DocumentVersion.objects.filter(release__in=[old, new]).select_related(
        "document", "release"
    ):
        side = "old" if version.release_id == old.pk else "new"
        documents.setdefault(version.document_id, {})[side] = version

    changes: dict[int, list[ArticleChange]] = {}
    for version in new_versions:
        before = old_versions.pop(version.article_id, None)
        changes.setdefault(version.document_id, []).append(_change(before, version))
    for version in old_versions.values():
        changes.setdefault(version.document_id, []).append(_change(version, None))
    return ReleaseComparison(
        old=Release.objects.select_related("standard").get(pk=old.pk),
        new=Release.objects.select_related("standard").get(pk=new.pk),
        documents=tuple(
            DocumentComparison(
                document=(sides.get("new") or sides.get("old")).document,
                old=sides.get("old"),
                new=sides.get("new"),
                changes=tuple(changes.get(document_id, ())),
            )
            for document_id, sides in documents.items()
        ),
    )


def _change(old: ArticleVersion | None, new: ArticleVersion | None) -> ArticleChange:
    if old is None:
        kind = ArticleChangeKind.ADDED
    elif new is None:
        kind = ArticleChangeKind.REMOVED
    elif (old.number, old.document_id, old.chapter) != (new.number, new.document_id, new.chapter):
        kind = ArticleChangeKind.RENUMBERED
    elif (old.text, old.title, old.is_optional) != (new.text, new.title, new.is_optional):
        kind = ArticleChangeKind.CHANGED
    else:
        kind = ArticleChangeKind.UNCHANGED
    return ArticleChange(
        article=(new or old).article,
        kind=kind,
        old=old,
        new=new,
        redline=redline(old.text if old else "", new.text if new else ""),
    )


def releases_with(old_articles, new_articles, identity, *, name="CS Hulpmiddelen"):
    """A superseded and a published release of one standard; ``identity`` maps old → new rows."""
    standard = StandardFactory(name=name)
    old = release_with_articles(
        standard=standard, version="1.0", state=ReleaseState.SUPERSEDED, articles=old_articles
    )
    old_identities = [v.article for v in old.article_versions.order_by("position")]
    identities = [None] * len(new_articles)
    for old_position, new_position in identity.items():
        identities[new_position] = old_identities[old_position]
    new = release_with_articles(
        standard=standard, version="1.1", articles=new_articles, identities=identities
    )
    return old, new


@pytest.fixture
def comparison() -> ReleaseComparison:
    """1.0 → 1.1: two edited texts (one a table), a retitled article, one added, one removed,
    one edited in place, one renumbered without other change and one unchanged (3.1)."""
    return comparison_between(*releases_with(OLD_ARTICLES, NEW_ARTICLES, IDENTITY))
