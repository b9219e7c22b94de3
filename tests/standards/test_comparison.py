"""Comparing two releases: every article matched by identity, classified, in reading order."""

import io
import shutil
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from standards.comparison import ArticleChangeKind, ReleaseComparison, release_compare
from standards.constants import DeviationPolicy, DocumentKind, ReleaseState
from standards.exceptions import ReleasesOfDifferentStandards, StandardsError
from standards.models import (
    Article,
    ArticleVersion,
    Document,
    DocumentVersion,
    Release,
    Standard,
    StoredRedline,
)
from standards.texts import content_hash, normalise_text
from standards.versions import parse_version
from tests.conftest import require
from tests.factories import StandardFactory, release_with_articles

pytestmark = pytest.mark.django_db

ADDED = ArticleChangeKind.ADDED
REMOVED = ArticleChangeKind.REMOVED
CHANGED = ArticleChangeKind.CHANGED
RENUMBERED = ArticleChangeKind.RENUMBERED
UNCHANGED = ArticleChangeKind.UNCHANGED


@dataclass
class Row:
    """One article of a test release; ``key`` names its identity across releases."""

    key: str
    number: str
    title: str
    text: str
    chapter: str = ""
    is_optional: bool = False


def build_release(
    standard: Standard,
    version: str,
    documents: dict[str, list[Row]],
    identities: dict[str, Article],
    *,
    state: ReleaseState = ReleaseState.PUBLISHED,
) -> Release:
    """A release with several documents, in the order given; identities shared through ``key``."""
    major, minor = parse_version(version)
    release = Release.objects.create(standard=standard, version_major=major, version_minor=minor)
    for doc_position, (slug, rows) in enumerate(documents.items()):
        document, _created = Document.objects.get_or_create(
            standard=standard,
            slug=slug,
            defaults={
                "kind": DocumentKind.OTHER
                if slug == "bijlage"
                else DocumentKind.OVEREENKOMST_DEEL_3,
                "deviation_policy": DeviationPolicy.FIXED,
                "position": doc_position,
            },
        )
        DocumentVersion.objects.create(
            release=release, document=document, title=slug.title(), position=doc_position
        )
        for position, row in enumerate(rows, start=1):
            if row.key not in identities:
                identities[row.key] = Article.objects.create(standard=standard)
            text = normalise_text(row.text)
            ArticleVersion.objects.create(
                release=release,
                article=identities[row.key],
                document=document,
                number=row.number,
                title=row.title,
                chapter=row.chapter,
                is_optional=row.is_optional,
                position=position,
                text=text,
                content_hash=content_hash(text),
            )
    Release.objects.filter(pk=release.pk).update(state=state)
    release.refresh_from_db()
    return release


def outline(comparison: ReleaseComparison) -> list[tuple[str, list[tuple]]]:
    """The comparison as (document, [(kind, old number, new number), …]) in reading order."""
    return [
        (
            document.document.slug,
            [
                (
                    change.kind,
                    change.old.number if change.old else None,
                    change.new.number if change.new else None,
                )
                for change in document.changes
            ],
        )
        for document in comparison.documents
    ]


@pytest.fixture
def two_releases():
    """1.0 → 1.1 with every kind of change, over four documents.

    deel-1: 1.2 moves to deel-3 (as 3.2), 1.3 becomes 1.2. deel-2 is new with one article.
    deel-3: 3.1 edited in place, 3.2 removed, 3.3 new, 3.3 → 3.4 with an edit, 3.4 → 3.5.
    The bijlage is dropped with its one article.
    """
    standard = StandardFactory(slug="cs-vergelijk")
    identities: dict[str, Article] = {}
    old = build_release(
        standard,
        "1.0",
        {
            "deel-1": [
                Row("A", "1.1", "Voorwerp", "Deze overeenkomst regelt de levering."),
                Row("B", "1.2", "Bibob", "Opdrachtgever mag een Bibob-onderzoek doen."),
                Row("C", "1.3", "Looptijd", "De overeenkomst loopt vier jaar."),
            ],
            "deel-3": [
                Row("D", "3.1", "Levering", "Opdrachtnemer levert binnen 5 werkdagen."),
                Row("E", "3.2", "Indexering", "Tarieven worden jaarlijks geïndexeerd."),
                Row("F", "3.3", "Reparatie", "Reparatie gebeurt binnen 3 werkdagen na melding."),
                Row("G", "3.4", "Garantie", "De garantie is twaalf maanden."),
            ],
            "bijlage": [Row("X", "B1", "Tarieven", "Tabel met tarieven.")],
        },
        identities,
        state=ReleaseState.SUPERSEDED,
    )
    new = build_release(
        standard,
        "1.1",
        {
            "deel-1": [
                Row("A", "1.1", "Voorwerp", "Deze overeenkomst regelt de levering."),
                Row("C", "1.2", "Looptijd", "De overeenkomst loopt vier jaar."),
            ],
            "deel-2": [Row("Y", "2.1", "Bestedingsruimte", "Het budget is [bedrag].")],
            "deel-3": [
                Row("D", "3.1", "Levering", "Opdrachtnemer levert binnen 3 werkdagen."),
                Row("B", "3.2", "Bibob", "Opdrachtgever mag een Bibob-onderzoek doen."),
                Row("H", "3.3", "Storingsdienst", "Opdrachtnemer is dag en nacht bereikbaar."),
                Row("F", "3.4", "Reparatie", "Reparatie gebeurt binnen 2 werkdagen na melding."),
                Row("G", "3.5", "Garantie", "De garantie is twaalf maanden."),
            ],
        },
        identities,
    )
    return old, new, identities


def test_every_kind_of_change_in_reading_order(two_releases):
    """Renumbered, moved, new, removed and edited articles, grouped by their new document.

    A removed article stands after the article that preceded it in the old release; a moved
    article is listed under its new document; a dropped document comes after the document
    that preceded it.
    """
    old, new, _identities = two_releases
    comparison = release_compare(old=old, new=new)
    assert outline(comparison) == [
        ("deel-1", [(UNCHANGED, "1.1", "1.1"), (RENUMBERED, "1.3", "1.2")]),
        ("deel-2", [(ADDED, None, "2.1")]),
        (
            "deel-3",
            [
                (CHANGED, "3.1", "3.1"),
                (REMOVED, "3.2", None),
                (RENUMBERED, "1.2", "3.2"),
                (ADDED, None, "3.3"),
                (RENUMBERED, "3.3", "3.4"),
                (RENUMBERED, "3.4", "3.5"),
            ],
        ),
        ("bijlage", [(REMOVED, "B1", None)]),
    ]
    assert comparison.counts == {ADDED: 2, REMOVED: 2, CHANGED: 1, RENUMBERED: 4, UNCHANGED: 1}
    assert [document.is_unchanged for document in comparison.documents] == [False] * 4


def test_changes_carry_their_versions_and_redlines(two_releases):
    """Each change holds both versions and the redline of the text from old to new."""
    old, new, identities = two_releases
    changes = {change.article.pk: change for change in release_compare(old=old, new=new).changes}

    edited = changes[identities["F"].pk]
    assert (
        edited.redline.html
        == "Reparatie gebeurt binnen <del>3</del><ins>2</ins> werkdagen na melding."
    )
    assert edited.text_changed and edited.number_changed and not edited.document_changed

    moved = changes[identities["B"].pk]
    assert moved.document_changed and not moved.text_changed
    assert (moved.old.document.slug, moved.new.document.slug) == ("deel-1", "deel-3")
    assert moved.redline.html == "Opdrachtgever mag een Bibob-onderzoek doen."

    added = changes[identities["H"].pk]
    assert (added.old, added.new.number) == (None, "3.3")
    assert added.redline.html == "<ins>Opdrachtnemer is dag en nacht bereikbaar.</ins>"
    assert added.label == "Artikel 3.3"

    removed = changes[identities["E"].pk]
    assert (removed.old.number, removed.new) == ("3.2", None)
    assert removed.redline.html == "<del>Tarieven worden jaarlijks geïndexeerd.</del>"
    assert not removed.title_changed and not removed.number_changed

    comparison = release_compare(old=old, new=new)
    deel_1 = comparison.documents[0]
    assert (deel_1.old.title, deel_1.new.title) == ("Deel-1", "Deel-1")
    deel_2 = comparison.documents[1]
    assert (deel_2.old, deel_2.new.release) == (None, new)
    assert comparison.documents[3].new is None


def test_comparing_the_other_way_round_shows_the_reverse(two_releases):
    """1.1 → 1.0: what was added is removed and the other way round, the redlines reversed."""
    old, new, identities = two_releases
    comparison = release_compare(old=new, new=old)
    assert outline(comparison) == [
        (
            "deel-1",
            [(UNCHANGED, "1.1", "1.1"), (RENUMBERED, "3.2", "1.2"), (RENUMBERED, "1.2", "1.3")],
        ),
        ("deel-2", [(REMOVED, "2.1", None)]),
        (
            "deel-3",
            [
                (CHANGED, "3.1", "3.1"),
                (REMOVED, "3.3", None),
                (ADDED, None, "3.2"),
                (RENUMBERED, "3.4", "3.3"),
                (RENUMBERED, "3.5", "3.4"),
            ],
        ),
        ("bijlage", [(ADDED, None, "B1")]),
    ]
    reverse = next(c for c in comparison.changes if c.article == identities["F"])
    assert (
        reverse.redline.html
        == "Reparatie gebeurt binnen <del>2</del><ins>3</ins> werkdagen na melding."
    )


def test_a_release_compared_with_itself_is_unchanged(two_releases, django_assert_num_queries):
    """Every article unchanged, nothing diffed and nothing stored."""
    _old, new, _identities = two_releases
    with django_assert_num_queries(3):
        comparison = release_compare(old=new, new=new)
    assert comparison.changes == ()
    assert comparison.counts[UNCHANGED] == 8
    assert all(document.is_unchanged for document in comparison.documents)
    assert not StoredRedline.objects.exists()


def test_new_title_or_optionality_is_a_change_and_a_new_chapter_a_move():
    """Retitled or made optional in place is CHANGED (with an unchanged text); another chapter
    is RENUMBERED; the same number, text, title, chapter and optionality is UNCHANGED."""
    standard = StandardFactory(slug="cs-kop")
    identities: dict[str, Article] = {}
    rows = [
        Row("T", "3.1", "Eigendom", "Tekst een.", chapter="Hoofdstuk 1"),
        Row("O", "3.2", "Opzegging", "Tekst twee.", chapter="Hoofdstuk 1"),
        Row("K", "3.3", "Garantie", "Tekst drie.", chapter="Hoofdstuk 1"),
        Row("S", "3.4", "Slot", "Tekst vier.", chapter="Hoofdstuk 2"),
    ]
    old = build_release(standard, "1.0", {"deel-3": rows}, identities)
    new = build_release(
        standard,
        "1.1",
        {
            "deel-3": [
                Row("T", "3.1", "Eigendom en bruikleen", "Tekst een.", chapter="Hoofdstuk 1"),
                Row(
                    "O", "3.2", "Opzegging", "Tekst twee.", chapter="Hoofdstuk 1", is_optional=True
                ),
                Row("K", "3.3", "Garantie", "Tekst drie.", chapter="Hoofdstuk 2"),
                Row("S", "3.4", "Slot", "Tekst vier.", chapter="Hoofdstuk 2"),
            ]
        },
        identities,
        state=ReleaseState.DRAFT,
    )
    changes = release_compare(old=old, new=new).documents[0].changes
    assert [change.kind for change in changes] == [CHANGED, CHANGED, RENUMBERED, UNCHANGED]
    retitled, optional, new_chapter, same = changes
    assert retitled.title_changed and not retitled.text_changed and not retitled.optional_changed
    assert optional.optional_changed and not optional.text_changed and not optional.title_changed
    assert new_chapter.chapter_changed and not new_chapter.number_changed
    assert same.redline.html == "Tekst vier."
    assert not any(
        (same.title_changed, same.optional_changed, same.chapter_changed, same.number_changed)
    )


def test_releases_of_different_standards_cannot_be_compared():
    """A typed domain error with a Dutch message that names both releases."""
    one = release_with_articles(standard=StandardFactory(slug="cs-een", name="CS Een"))
    other = release_with_articles(standard=StandardFactory(slug="cs-ander", name="CS Ander"))
    with pytest.raises(ReleasesOfDifferentStandards, match="verschillende standaarden") as error:
        release_compare(old=one, new=other)
    assert isinstance(error.value, StandardsError)
    assert "CS Een 1.0" in str(error.value) and "CS Ander 1.0" in str(error.value)


def test_the_versions_in_a_comparison_need_no_further_queries(
    two_releases, django_assert_num_queries
):
    """Labels, documents, identities and the release of every version are loaded with it."""
    old, new, _identities = two_releases
    comparison = release_compare(old=old, new=new)
    with django_assert_num_queries(0):
        for document in comparison.documents:
            for change in document.changes:
                version = change.new or change.old
                assert change.label and change.article.key and version.release.version
                assert version.document.slug == document.document.slug
            for document_version in (document.old, document.new):
                if document_version is not None:
                    assert document_version.release.version in ("1.0", "1.1")


def _numbered(count: int, *, text: str) -> list[tuple[str, str, str]]:
    return [(f"3.{n}", f"Titel {n}", f"Artikel {n}: {text}") for n in range(1, count + 1)]


# Articles of each release, the documents of both, the stored redlines (+ the insert when cold).
WARM_COMPARE_QUERIES = 4
COLD_COMPARE_QUERIES = 5


@pytest.mark.parametrize("count", [3, 30])
def test_compare_query_count_does_not_grow_with_articles(count, django_assert_num_queries):
    """Cold (nothing stored yet): one insert more than warm; both the same for 3 and 30."""
    standard = StandardFactory(slug="cs-teller")
    old = release_with_articles(
        standard=standard,
        state=ReleaseState.SUPERSEDED,
        articles=_numbered(count, text="de levering gebeurt binnen 5 werkdagen."),
    )
    identities = [version.article for version in old.article_versions.order_by("position")]
    rows = _numbered(count, text="de levering gebeurt binnen 3 werkdagen.")
    rows[0] = ("3.1", "Titel 1", "Artikel 1: de levering gebeurt binnen 5 werkdagen.")
    new = release_with_articles(
        standard=standard, version="1.1", articles=rows, identities=identities
    )
    with django_assert_num_queries(COLD_COMPARE_QUERIES):
        cold = release_compare(old=old, new=new)
    assert StoredRedline.objects.count() == count - 1
    with django_assert_num_queries(WARM_COMPARE_QUERIES):
        warm = release_compare(old=old, new=new)
    assert cold == warm
    assert warm.counts[CHANGED] == count - 1 and warm.counts[UNCHANGED] == 1


# --- The demo content (demo/content/CHANGES.md) ---------------------------------------------------

JEUGD_1_0_TO_1_1 = [
    (
        "deel-1",
        [
            (UNCHANGED, "1.1", "1.1"),
            (UNCHANGED, "1.2", "1.2"),
            (CHANGED, "1.3", "1.3"),  # 6 → 9 kalendermaanden
            (CHANGED, "1.4", "1.4"),  # fixed → optional, text unchanged
            (REMOVED, "1.5", None),  # Bestedingsruimte
            (RENUMBERED, "1.6", "1.5"),
            (RENUMBERED, "1.7", "1.6"),
            (UNCHANGED, "1.n", "1.n"),
        ],
    ),
    ("deel-2", []),
    (
        "deel-3",
        [
            (UNCHANGED, "3.1", "3.1"),
            (UNCHANGED, "3.2", "3.2"),
            (CHANGED, "3.3", "3.3"),  # new sub-clause 5
            (UNCHANGED, "3.4", "3.4"),
            (CHANGED, "3.5", "3.5"),  # ieder kwartaal → iedere maand
            (UNCHANGED, "3.6", "3.6"),
            (UNCHANGED, "3.7", "3.7"),
            (ADDED, None, "3.8"),  # Overdracht bij wisseling van jeugdhulpaanbieder
            (RENUMBERED, "3.8", "3.9"),
            (RENUMBERED, "3.9", "3.10"),
            (RENUMBERED, "3.10", "3.11"),
            (RENUMBERED, "3.11", "3.12"),  # and edited
            (RENUMBERED, "3.12", "3.13"),
            (RENUMBERED, "3.13", "3.14"),
            (RENUMBERED, "3.14", "3.15"),  # and retitled
            (RENUMBERED, "3.15", "3.16"),
            (RENUMBERED, "3.16", "3.17"),
            (RENUMBERED, "3.17", "3.18"),
            (RENUMBERED, "3.18", "3.19"),  # and edited
            (RENUMBERED, "3.19", "3.20"),
        ],
    ),
]


@pytest.fixture
def demo():
    call_command("load_demo_data", stdout=io.StringIO())

    def releases(slug: str) -> tuple[Release, Release]:
        return tuple(
            Release.objects.select_related("standard").get(
                standard__slug=slug, version_major=1, version_minor=minor
            )
            for minor in (0, 1)
        )

    return releases


def test_demo_cs_jeugd_1_0_to_1_1_lists_exactly_the_documented_changes(demo):
    """Every difference in demo/content/CHANGES.md for CS Jeugd, and nothing else."""
    old, new = demo("cs-jeugd")
    comparison = release_compare(old=old, new=new)
    assert outline(comparison) == JEUGD_1_0_TO_1_1
    by_new = {change.new.number: change for change in comparison.changes if change.new}

    assert "uiterlijk <del>6</del><ins>9</ins> kalendermaanden" in by_new["1.3"].redline.html
    assert by_new["1.4"].optional_changed and by_new["1.4"].new.is_optional
    assert not by_new["1.4"].text_changed and not by_new["1.4"].title_changed
    assert "<del>ieder kwartaal</del><ins>iedere maand</ins>" in by_new["3.5"].redline.html
    assert by_new["3.3"].text_changed
    assert by_new["3.8"].new.title == "Overdracht bij wisseling van jeugdhulpaanbieder"
    assert "Ketenbureau i-Sociaal Domein" in by_new["3.12"].redline.html
    assert "regionale geschillencommissie jeugdhulp" in by_new["3.19"].redline.html
    retitled = by_new["3.15"]
    assert retitled.title_changed and not retitled.text_changed
    assert retitled.new.title == "Onverschuldigde betaling en terugvordering"
    edited = {number for number, change in by_new.items() if change.text_changed}
    assert edited == {"1.3", "3.3", "3.5", "3.8", "3.12", "3.19"}  # 3.8 is new: all inserted
    renumbered_only = [
        (change.old.number, change.new.number)
        for change in comparison.changes
        if change.kind == RENUMBERED and not change.text_changed and not change.title_changed
    ]
    assert len(renumbered_only) == 11
    (removed,) = [change for change in comparison.changes if change.kind == REMOVED]
    assert removed.old.title == "Bestedingsruimte" and removed.old.is_optional


def test_demo_cs_jeugd_1_1_to_1_0_is_the_reverse(demo):
    """Comparing backwards turns the new 3.8 into a removal and 1.5 into an addition."""
    old, new = demo("cs-jeugd")
    backwards = release_compare(old=new, new=old)
    kinds = {
        (c.kind, c.old.number if c.old else None, c.new.number if c.new else None)
        for c in backwards.changes
    }
    assert (REMOVED, "3.8", None) in kinds and (ADDED, None, "1.5") in kinds
    assert (RENUMBERED, "3.9", "3.8") in kinds and (CHANGED, "1.3", "1.3") in kinds
    assert backwards.counts == {ADDED: 1, REMOVED: 1, CHANGED: 4, RENUMBERED: 14, UNCHANGED: 8}
    change_1_3 = next(c for c in backwards.changes if c.new and c.new.number == "1.3")
    assert "uiterlijk <del>9</del><ins>6</ins> kalendermaanden" in change_1_3.redline.html


def test_demo_hulpmiddelen_retitled_in_place_is_changed(demo):
    """CS Hulpmiddelen 3.5 keeps its number and text but gets a new title: CHANGED."""
    old, new = demo("cs-hulpmiddelen-wmo-2015")
    comparison = release_compare(old=old, new=new)
    change = next(
        c
        for c in comparison.changes
        if c.new and c.new.number == "3.5" and c.new.document.slug == "deel-3"
    )
    assert change.kind == CHANGED and change.title_changed and not change.text_changed
    assert comparison.counts == {ADDED: 2, REMOVED: 1, CHANGED: 6, RENUMBERED: 13, UNCHANGED: 28}


def test_demo_comparison_is_warm_after_publication(demo):
    """The demo's 1.1 was published over 1.0, so comparing them diffs and stores nothing."""
    old, new = demo("cs-jeugd")
    with CaptureQueriesContext(connection) as queries:
        release_compare(old=old, new=new)
    assert len(queries) == WARM_COMPARE_QUERIES
    assert not [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]


# --- The real CS Wmo 2015 1.2 (../shared/data), imported twice --------------------------------

REAL_FILES = [
    "Overeenkomst-Wmo-versie-1_2.md",
    "Inkoopdocument-Wmo-met-Emvi.md",
    "Inkoopdocument-Wmo-zonder-Emvi.md",
    "Inkoopdocument-Wmo-Toelatingsprocedure.md",
    "Begrippenlijst_CS.md",
]

NEW_ARTICLE = """### Artikel 3.31 – Duurzaamheid

Opdrachtnemer spant zich in om de ondersteuning zo duurzaam mogelijk te leveren.

"""

# (old, new) replacements in the Overeenkomst that make version "1.1" of the test.
REAL_EDITS = [
    # Remove art. 1.9 (no article after it is renumbered: 1.n keeps its number).
    (
        "## [Optioneel:] Artikel 1.9: Social Return on Investment\n\n"
        "Opdrachtgever wil de volgende voorwaarden stellen: [invullen]\n\n",
        "",
    ),
    # Change a clause of 3.2 and one of 3.23.
    (
        "De percentages zijn verschillend voor de loonkosten en materiële kosten.",
        "De percentages zijn verschillend voor de loonkosten, de materiële kosten en de "
        "huisvestingskosten.",
    ),
    (
        "dan overleggen zij eerst samen om een oplossing te vinden.",
        "dan overleggen zij binnen tien werkdagen samen om een oplossing te vinden.",
    ),
    # A new 3.31 before the old one, which becomes 3.32.
    (
        "### Artikel 3.31 – Inbreuk persoonsgegevens",
        NEW_ARTICLE + "### Artikel 3.32 – Inbreuk persoonsgegevens",
    ),
]


def _import(folder, version: str, *extra: str) -> Release:
    call_command(
        "import_release",
        "cs-wmo-2015",
        version,
        *[str(folder / name) for name in REAL_FILES],
        "--name",
        "CS Wmo 2015",
        "--publish",
        "--published-on",
        "2025-10-01" if version == "1.0" else "2026-10-01",
        "--effective-on",
        "2026-01-01" if version == "1.0" else "2027-01-01",
        *extra,
        stdout=io.StringIO(),
    )
    return Release.objects.select_related("standard").get(
        standard__slug="cs-wmo-2015", version_minor=parse_version(version)[1]
    )


@pytest.mark.realdata
def test_real_cs_wmo_with_edits_lists_exactly_those_edits(tmp_path, client):
    """The real CS Wmo 1.2 as 1.0 and a copy with four edits as 1.1: exactly those four show.

    One article inserted (renumbering the one after it), two clauses changed, one article
    removed; every other article of every document is unchanged.
    """
    source = settings.SHARED_DATA_DIR / "cs-wmo-1.2"
    require(source.is_dir(), f"the published documents are not at {source} (../shared/data)")
    edited = tmp_path / "cs-wmo-1.2-bewerkt"
    shutil.copytree(source, edited)
    agreement = edited / REAL_FILES[0]
    agreement.chmod(0o644)
    text = agreement.read_text(encoding="utf-8")
    for before, after in REAL_EDITS:
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    agreement.write_text(text, encoding="utf-8")

    old = _import(source, "1.0")
    new = _import(edited, "1.1", "--yes")
    old.refresh_from_db()
    assert (old.state, new.state) == (ReleaseState.SUPERSEDED, ReleaseState.PUBLISHED)
    stored = StoredRedline.objects.count()
    assert stored == 2  # the two edited clauses; the rest needs no stored diff

    with CaptureQueriesContext(connection) as queries:
        comparison = release_compare(old=old, new=new)
    assert len(queries) == WARM_COMPARE_QUERIES

    changes = [
        (
            change.kind,
            (change.old or change.new).document.slug,
            change.old.number if change.old else None,
            change.new.number if change.new else None,
        )
        for change in comparison.changes
    ]
    assert changes == [
        (REMOVED, "deel-1", "1.9", None),
        (CHANGED, "deel-3", "3.2", "3.2"),
        (CHANGED, "deel-3", "3.23", "3.23"),
        (ADDED, "deel-3", None, "3.31"),
        (RENUMBERED, "deel-3", "3.31", "3.32"),
    ]
    total = ArticleVersion.objects.filter(release=old).count()
    assert comparison.counts[UNCHANGED] == total - 4
    by_new = {c.new.number: c for c in comparison.changes if c.new}
    assert (
        "voor de loonkosten<del> en</del><ins>, de</ins> materiële kosten"
        "<ins> en de huisvestingskosten</ins>."
    ) in by_new["3.2"].redline.html
    assert "<del>eerst</del><ins>binnen tien werkdagen</ins>" in by_new["3.23"].redline.html
    assert not by_new["3.32"].text_changed
    assert by_new["3.31"].new.title == "Duurzaamheid"
    assert [d.document.slug for d in comparison.documents] == [
        d.document.slug
        for d in new.document_versions.select_related("document").order_by("position")
    ]

    # The was-wordt table on the page has exactly those rows, each with its reason.
    url = reverse(
        "standards:release_compare", kwargs={"standard": "cs-wmo-2015", "old": "1.0", "new": "1.1"}
    )
    response = client.get(url, {"weergave": "was-wordt"})
    assert response.status_code == 200
    rows = [
        (shown.change.kind, shown.change.label)
        for document in response.context["documents"]
        for shown in document.shown
    ]
    assert rows == [
        (REMOVED, "Artikel 1.9"),
        (CHANGED, "Artikel 3.2"),
        (CHANGED, "Artikel 3.23"),
        (ADDED, "Artikel 3.31"),
        (RENUMBERED, "Artikel 3.32"),
    ]
    page = response.content.decode()
    assert page.count('<tr class="utrecht-table__row" id="wijziging-') == len(rows)
    assert page.count('<td class="utrecht-table__cell cs-was-wordt__reason">') == len(rows)
