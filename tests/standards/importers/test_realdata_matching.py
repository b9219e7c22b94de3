"""Matching real articles: CS Wmo 1.2 against itself and against a simulated next version.

Reads the real files in ``../shared/data/cs-wmo-1.2``; skipped where that folder is absent.
"""

import dataclasses
from pathlib import Path

import pytest

from standards.importers.markdown import parse_markdown
from standards.importers.matching import ExistingArticle, IncomingArticle, match_articles
from standards.importers.parsed import ParsedSource
from tests.conftest import require

pytestmark = pytest.mark.realdata

REAL_DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "cs-wmo-1.2"
FILES = [
    "Overeenkomst-Wmo-versie-1_2.md",
    "Inkoopdocument-Wmo-met-Emvi.md",
    "Inkoopdocument-Wmo-zonder-Emvi.md",
    "Inkoopdocument-Wmo-Toelatingsprocedure.md",
    "Begrippenlijst_CS.md",
]


def parse(name: str) -> ParsedSource:
    require(REAL_DATA.is_dir(), f"the published documents are not in {REAL_DATA.resolve()}")
    return parse_markdown((REAL_DATA / name).read_text(encoding="utf-8"), name=name)


def as_existing(incoming: list[IncomingArticle]) -> list[ExistingArticle]:
    return [
        ExistingArticle(
            article_id=index,
            document_slug=item.document_slug,
            number=item.article.number,
            title=item.article.title,
            text=item.article.text,
        )
        for index, item in enumerate(incoming, start=1)
    ]


def incoming_of(*sources: ParsedSource) -> list[IncomingArticle]:
    return [
        IncomingArticle(document_slug=document.slug, article=article)
        for source in sources
        for document in source.documents
        for article in document.articles
    ]


def test_the_whole_release_matched_against_itself_is_kept_entirely():
    """All 180 articles and sections of CS Wmo 1.2, matched against themselves, are KEPT:
    also the many empty template sections and the sections that share a title across the
    three inkoopdocumenten."""
    incoming = incoming_of(*(parse(name) for name in FILES))
    matches = match_articles(as_existing(incoming), incoming)
    assert [m.kind.value for m in matches] == ["kept"] * len(incoming)
    assert all(m.existing.article_id == i for i, m in enumerate(matches, start=1))


def test_removing_an_article_from_deel_3_renumbers_the_rest():
    """A next version without 3.8, with the later articles moved up one number, one of them
    edited, and a new article at the end: 3.9 to 3.31 are RENUMBERED (not matched to the
    article that now has their old number), 3.8 is REMOVED and the new one NEW."""
    deel_3 = parse(FILES[0]).documents[2]
    old = [IncomingArticle("deel-3", article) for article in deel_3.articles]
    moved_up = []
    for article in deel_3.articles:
        major, minor = article.number.split(".")
        if int(minor) == 8:
            continue
        if int(minor) > 8:
            article = dataclasses.replace(article, number=f"{major}.{int(minor) - 1}")
        moved_up.append(article)
    moved_up[-2] = dataclasses.replace(
        moved_up[-2], text=moved_up[-2].text.replace("6 kalendermaanden", "9 kalendermaanden")
    )
    new_article = dataclasses.replace(
        deel_3.articles[0], number="3.31", title="Duurzaamheid", text="Partijen werken duurzaam."
    )
    incoming = [IncomingArticle("deel-3", a) for a in [*moved_up, new_article]]

    matches = match_articles(as_existing(old), incoming)

    kinds = {
        (
            m.existing.number if m.existing else None,
            m.incoming.article.number if m.incoming else None,
        ): m.kind.value
        for m in matches
    }
    assert kinds[("3.7", "3.7")] == "kept"
    assert kinds[("3.9", "3.8")] == "renumbered"
    assert kinds[("3.30", "3.29")] == "renumbered"
    assert kinds[("3.31", "3.30")] == "renumbered"
    assert kinds[("3.8", None)] == "removed"
    assert kinds[(None, "3.31")] == "new"
    assert sum(kind == "renumbered" for kind in kinds.values()) == 23
    edited = next(m for m in matches if m.incoming and m.incoming.article.number == "3.29")
    assert 0.95 < edited.similarity < 1.0
