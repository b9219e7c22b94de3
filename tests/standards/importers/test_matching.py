"""Matching the articles of a new version to those of the previous one, by identity."""

import pytest

from standards.importers.matching import (
    ArticleMatch,
    ExistingArticle,
    IncomingArticle,
    MatchKind,
    match_articles,
)
from standards.importers.parsed import ImportAmbiguity, ParsedArticle

INDEXATION = (
    "Opdrachtgever indexeert de tarieven jaarlijks per 1 januari met de OVA-index die het "
    "Ministerie van Volksgezondheid, Welzijn en Sport voor dat jaar vaststelt."
)
MARKETING = (
    "Opdrachtnemer maakt geen reclame die cliënten aanzet tot het gebruik van meer "
    "ondersteuning dan nodig is, en vermeldt in zijn voorlichting de voorwaarden van de "
    "gemeente."
)
WAITING = (
    "Opdrachtnemer meldt wachttijden langer dan vier weken direct aan Opdrachtgever en "
    "verwijst de cliënt zo nodig naar een andere aanbieder die eerder kan beginnen."
)
CONTINUITY = (
    "Bij faillissement of overname zorgt Opdrachtnemer dat de ondersteuning van iedere "
    "cliënt zonder onderbreking doorloopt, zo nodig door een andere aanbieder."
)
DATA_BREACH = (
    "Opdrachtnemer meldt een datalek binnen 24 uur aan Opdrachtgever met de vermoedelijke "
    "oorzaak, de soort gegevens en het aantal betrokken personen."
)


def existing(article_id: int, number: str, title: str, text: str, slug: str = "deel-3"):
    return ExistingArticle(
        article_id=article_id, document_slug=slug, number=number, title=title, text=text
    )


def incoming(number: str, title: str, text: str, slug: str = "deel-3", line: int = 1):
    return IncomingArticle(
        document_slug=slug,
        article=ParsedArticle(
            number=number,
            title=title,
            text=text,
            is_optional=False,
            chapter="",
            source_line=line,
        ),
    )


def summary(matches: list[ArticleMatch]) -> list[tuple[str, int | None, str | None]]:
    """(kind, existing id, incoming number) per match, in result order."""
    return [
        (
            match.kind.value,
            match.existing.article_id if match.existing else None,
            match.incoming.article.number if match.incoming else None,
        )
        for match in matches
    ]


VERSION_1 = [
    existing(1, "3.1", "Indexering", INDEXATION),
    existing(2, "3.2", "Marketing", MARKETING),
    existing(3, "3.3", "Wachttijden", WAITING),
]


def test_unchanged_version_keeps_every_article_with_full_similarity():
    """The same articles at the same numbers are all KEPT, similarity 1.0."""
    matches = match_articles(VERSION_1, [incoming(a.number, a.title, a.text) for a in VERSION_1])
    assert summary(matches) == [("kept", 1, "3.1"), ("kept", 2, "3.2"), ("kept", 3, "3.3")]
    assert {match.similarity for match in matches} == {1.0}


def test_inserted_article_renumbers_the_ones_after_it():
    """A new 3.2 is NEW; the old 3.2 and 3.3 (one unchanged, one slightly edited) are
    RENUMBERED to 3.3 and 3.4 instead of being matched to whatever now has their number."""
    matches = match_articles(
        VERSION_1,
        [
            incoming("3.1", "Indexering", INDEXATION),
            incoming("3.2", "Continuïteit", CONTINUITY),
            incoming("3.3", "Marketing", MARKETING),
            incoming("3.4", "Wachttijden", WAITING.replace("vier weken", "zes weken")),
        ],
    )
    assert summary(matches) == [
        ("kept", 1, "3.1"),
        ("new", None, "3.2"),
        ("renumbered", 2, "3.3"),
        ("renumbered", 3, "3.4"),
    ]
    assert matches[2].similarity == 1.0
    assert 0.9 < matches[3].similarity < 1.0


def test_removed_article_is_not_matched_to_the_one_that_moved_up_into_its_number():
    """When 3.2 is removed and 3.3 becomes 3.2, the old and new 3.2 share only a number: the
    old one is REMOVED (listed last) and the old 3.3 is RENUMBERED to 3.2."""
    matches = match_articles(
        VERSION_1,
        [incoming("3.1", "Indexering", INDEXATION), incoming("3.2", "Wachttijden", WAITING)],
    )
    assert summary(matches) == [
        ("kept", 1, "3.1"),
        ("renumbered", 3, "3.2"),
        ("removed", 2, None),
    ]
    assert matches[2].similarity == 0.0


def test_same_number_with_entirely_different_content_is_new_plus_removed():
    """An article at an existing number with another title and text is NEW, and the old one
    REMOVED: the number alone is no evidence."""
    matches = match_articles(
        [existing(5, "3.31", "Inbreuk persoonsgegevens", DATA_BREACH)],
        [incoming("3.31", "Continuïteit", CONTINUITY)],
    )
    assert summary(matches) == [("new", None, "3.31"), ("removed", 5, None)]


def test_edited_text_at_the_same_number_and_title_is_kept():
    """Same document, number and title is the same article, even when most of the text was
    rewritten; the similarity shows how much changed."""
    matches = match_articles(
        [existing(7, "3.30", "Wijziging van de contractstandaard", MARKETING)],
        [incoming("3.30", "Wijziging van de contractstandaard", WAITING)],
    )
    assert summary(matches) == [("kept", 7, "3.30")]
    assert matches[0].similarity < 0.6


def test_retitled_article_with_the_same_text_is_matched():
    """Identical text is the strongest evidence: a new title does not make a new article."""
    matches = match_articles(
        [existing(2, "3.2", "Marketing", MARKETING)],
        [incoming("3.2", "Reclame en voorlichting", MARKETING)],
    )
    assert summary(matches) == [("kept", 2, "3.2")]
    assert matches[0].similarity == pytest.approx(0.7)


def test_article_moved_to_another_document_is_renumbered():
    """An article that moves from Deel 3 to Deel 1 keeps its identity and counts as
    RENUMBERED."""
    matches = match_articles(
        [existing(4, "3.4", "Continuïteit", CONTINUITY, slug="deel-3")],
        [incoming("1.10", "Continuïteit", CONTINUITY, slug="deel-1")],
    )
    assert summary(matches) == [("renumbered", 4, "1.10")]


def test_similar_title_and_text_below_the_threshold_is_not_matched():
    """Two different articles that share a title but hardly any text, at different numbers,
    are not the same article."""
    matches = match_articles(
        [existing(1, "1.3", "Looptijd", INDEXATION, slug="deel-1")],
        [incoming("3.9", "Looptijd", CONTINUITY)],
    )
    assert summary(matches) == [("new", None, "3.9"), ("removed", 1, None)]


def test_identical_placeholders_are_matched_at_their_own_numbers():
    """Two placeholder articles with the same text fall into place by document and number."""
    placeholder = "[Indien aanwezig: invullen]"
    matches = match_articles(
        [
            existing(1, "1.n", "[vul in]", placeholder, slug="deel-1"),
            existing(2, "2.n", "[vul in]", placeholder, slug="deel-2"),
        ],
        [
            incoming("2.n", "[vul in]", placeholder, slug="deel-2"),
            incoming("1.n", "[vul in]", placeholder, slug="deel-1"),
        ],
    )
    assert summary(matches) == [("kept", 2, "2.n"), ("kept", 1, "1.n")]


def test_two_equally_good_candidates_fail_the_import_naming_both():
    """When two existing articles are equally good matches for one incoming article, the
    matcher does not guess: ImportAmbiguity names both candidates."""
    with pytest.raises(ImportAmbiguity) as raised:
        match_articles(
            [existing(1, "3.5", "Vervallen", WAITING), existing(2, "3.6", "Vervallen", WAITING)],
            [incoming("3.7", "Vervallen", WAITING, line=40)],
        )
    assert "artikel 3.5" in raised.value.message
    assert "artikel 3.6" in raised.value.message
    assert "regel 40" in raised.value.message


def test_one_existing_article_split_into_two_equal_copies_fails_the_import():
    """One existing article with two identical incoming copies elsewhere is just as
    undecidable."""
    with pytest.raises(ImportAmbiguity) as raised:
        match_articles(
            [existing(1, "3.5", "Wachttijden", WAITING)],
            [incoming("3.6", "Wachttijden", WAITING), incoming("3.7", "Wachttijden", WAITING)],
        )
    assert "artikel 3.6" in raised.value.message
    assert "artikel 3.7" in raised.value.message


def test_matching_is_deterministic_and_ordered_by_incoming_with_removed_last():
    """The same input gives the same result; results follow the incoming order, then the
    removed articles in their old order."""
    old = [*VERSION_1, existing(4, "3.4", "Continuïteit", CONTINUITY)]
    new = [incoming("3.1", "Wachttijden", WAITING), incoming("3.2", "Indexering", INDEXATION)]
    first = match_articles(old, new)
    assert first == match_articles(old, new)
    assert summary(first) == [
        ("renumbered", 3, "3.1"),
        ("renumbered", 1, "3.2"),
        ("removed", 2, None),
        ("removed", 4, None),
    ]


def test_empty_texts_are_matched_on_title_only():
    """Two sections without text (headings of a template) are only the same when their titles
    are alike, not because both are empty."""
    matches = match_articles(
        [existing(1, "1.3", "Algemene informatie", "", slug="inkoop")],
        [incoming("1.3", "Declaratie", "", slug="inkoop")],
    )
    assert summary(matches) == [("new", None, "1.3"), ("removed", 1, None)]
    assert MatchKind.REMOVED in {match.kind for match in matches}
