"""Reading a standard from Markdown: agreements split into Delen, sections, front matter."""

from pathlib import Path

import pytest

from standards.importers.markdown import parse_markdown
from standards.importers.parsed import ImportAmbiguity, ParsedSource

FIXTURES = Path(__file__).parent / "fixtures"


def parse_fixture(name: str) -> ParsedSource:
    return parse_markdown((FIXTURES / name).read_text(encoding="utf-8"), name=name)


def articles_of(source: ParsedSource, slug: str) -> dict[str, tuple[str, bool]]:
    document = next(document for document in source.documents if document.slug == slug)
    return {article.number: (article.title, article.is_optional) for article in document.articles}


def article(source: ParsedSource, slug: str, number: str):
    document = next(document for document in source.documents if document.slug == slug)
    return next(article for article in document.articles if article.number == number)


def problem_messages(source: ParsedSource) -> list[str]:
    return [problem.message for problem in source.problems]


@pytest.fixture(scope="module")
def agreement() -> ParsedSource:
    return parse_fixture("overeenkomst-proef.md")


@pytest.fixture(scope="module")
def procurement() -> ParsedSource:
    return parse_fixture("inkoopdocument-proef.md")


# -- an agreement ----------------------------------------------------------------------------


def test_agreement_is_split_into_its_three_delen(agreement):
    """The Deel headings split an agreement into documents deel-1, deel-2 and deel-3, each
    titled with its full Deel heading and of the kind of that Deel."""
    assert agreement.title == "Overeenkomst-Proef-versie-0.9"
    assert [(d.slug, d.kind, d.title) for d in agreement.documents] == [
        ("deel-1", "overeenkomst_deel_1", "Deel 1: Afspraken met alle proefnemers"),
        ("deel-2", "overeenkomst_deel_2", "Deel 2: Afspraken met een individuele proefnemer"),
        ("deel-3", "overeenkomst_deel_3", "Deel 3: Algemene bepalingen"),
    ]


def test_every_article_heading_variant_gives_number_title_and_optional_flag(agreement):
    """Colon, en dash, hyphen and full stop after the number, ``[Optioneel:]``,
    ``[Optioneel]`` and ``(optioneel)`` markers, bold around the heading and the ``1.n``
    placeholder all give the bare number and title."""
    assert articles_of(agreement, "deel-1") == {
        "1.1": ("Onderwerp van de proef", False),
        "1.2": ("Volgorde van documenten", False),
        "1.3": ("Duur", False),
        "1.4": ("Verlenging", True),
        "1.5": ("Evaluatie", True),
        "1.6": ("Proefbeloning", True),
        "1.7": ("Overleg", True),
        "1.n": ("[vul in]", True),
    }
    assert articles_of(agreement, "deel-3") == {
        "3.1": ("Uitvoering van de proef", False),
        "3.2": ("Melding van afwijkingen", False),
        "3.3": ("Geschillen", False),
        "3.4": ("Slotbepaling", False),
    }


def test_chapter_headings_set_the_chapter_of_the_articles_after_them(agreement):
    """A bold or plain ``Hoofdstuk`` heading is the chapter (without bold markers) of every
    following article up to the next chapter; Deel 1 has no chapters."""
    chapters = {a.number: a.chapter for d in agreement.documents for a in d.articles}
    assert chapters == {
        "1.1": "",
        "1.2": "",
        "1.3": "",
        "1.4": "",
        "1.5": "",
        "1.6": "",
        "1.7": "",
        "1.n": "",
        "3.1": "Hoofdstuk 1: Uitvoering van de proef",
        "3.2": "Hoofdstuk 1: Uitvoering van de proef",
        "3.3": "Hoofdstuk 2: Slot",
        "3.4": "Hoofdstuk 2: Slot",
    }


def test_article_records_the_line_of_its_heading(agreement):
    """``source_line`` is the 1-based line of the article heading in the file."""
    lines = (FIXTURES / "overeenkomst-proef.md").read_text(encoding="utf-8").split("\n")
    for document in agreement.documents:
        for parsed in document.articles:
            assert f"Artikel {parsed.number}" in lines[parsed.source_line - 1]


def test_empty_headings_are_reported_and_the_text_after_them_stays_with_the_article(agreement):
    """``## `` and ``### `` are no headings: each is reported with its line, and the text after
    one inside an article belongs to that article."""
    assert {p.line for p in agreement.problems if p.message.startswith("Lege kop")} == {
        118,
        124,
        130,
    }
    assert "Lege kop op regel 130 genegeerd" in problem_messages(agreement)
    assert article(agreement, "deel-3", "3.3").text == (
        "Partijen leggen geschillen voor aan [geschilleninstantie]."
    )


def test_other_heading_inside_an_article_is_kept_as_a_heading_line_in_its_text(agreement):
    """A heading that is neither Deel, article nor chapter stays in the article's Markdown,
    and a subheading below the article's level is nothing unusual to report."""
    assert article(agreement, "deel-1", "1.7").text == (
        "Partijen overleggen elk kwartaal.\n\n### Toelichting\n\nHet overleg is openbaar."
    )
    assert not [p for p in agreement.problems if "Toelichting" in p.message]


def test_deel_without_articles_keeps_its_text_as_introduction(agreement):
    """Deel 2 has no article headings: all its text is the introduction, and the paragraph
    that looks like an article heading is reported rather than silently taken as text."""
    deel_2 = agreement.documents[1]
    assert deel_2.articles == ()
    assert deel_2.introduction == (
        "[Optioneel:] Artikel 2.n [vul in]\n\n2.n.1\n\n[Indien aanwezig: individuele afspraken]"
    )
    assert any(p.line == 100 and "lijkt een artikelkop" in p.message for p in agreement.problems)


def test_text_between_deel_heading_and_first_chapter_is_the_introduction(agreement):
    """Text under the Deel heading before its first article is the document's introduction."""
    assert agreement.documents[2].introduction == "Deze bepalingen gelden voor iedere proef."
    assert agreement.documents[0].introduction == ""


def test_article_text_keeps_markdown_structure_and_placeholders(agreement):
    """Tables, nested lists, bold inside the text and ``[placeholders]`` are kept as written."""
    assert article(agreement, "deel-1", "1.2").text == (
        "1. De overeenkomst;\n"
        "2. De bijlagen:\n"
        "    - bijlage A;\n"
        "    - bijlage B.\n"
        "3. De Nota van Inlichtingen."
    )
    assert article(agreement, "deel-1", "1.6").text == (
        "| Prestatie | Tarief |\n| --- | --- |\n| [prestatie] | [tarief] |"
    )
    assert "**eenmaal**" in article(agreement, "deel-1", "1.4").text
    assert "[aantal]" in article(agreement, "deel-1", "1.4").text


def test_article_text_is_normalised(agreement):
    """Trailing spaces go, three or more newlines become one blank line, and the text has no
    blank lines around it."""
    text = article(agreement, "deel-1", "1.3").text
    assert text == (
        "1.3.1\n\nDe proef loopt van [begindatum] tot en met [einddatum].\n\n"
        "1.3.2\n\nOpdrachtgever mag de proef verlengen."
    )


def test_front_matter_sections_are_recognised_and_never_become_articles(agreement):
    """Title page, version history, table of contents, parties, considerations and
    definitions are front matter, in order, with their heading line."""
    assert [(s.kind, s.heading, s.source_line) for s in agreement.front_matter] == [
        ("title_page", "Overeenkomst-Proef-versie-0.9", 4),
        ("version_history", "Versiebeheer", 12),
        ("table_of_contents", "Inhoudsopgave", 18),
        ("parties", "Partijen", 24),
        ("considerations", "Overwegingen", 34),
        ("definitions", "Definities", 41),
    ]
    all_titles = {a.title for d in agreement.documents for a in d.articles}
    assert not all_titles & {"Partijen", "Overwegingen", "Definities", "Inhoudsopgave"}


def test_title_page_holds_the_text_under_the_first_heading(agreement):
    """The text under the file's first heading is the title page; the plain ``Versiebeheer:``
    paragraph and its table become the version history, and that reading is reported."""
    title_page, version_history = agreement.front_matter[:2]
    assert title_page.text == (
        "**Overeenkomst**\n\n"
        "Proefvoorziening [Naam voorziening, bijvoorbeeld: proefbegeleiding]\n\n"
        "[Naam inkoopregio of gemeente(n)]"
    )
    assert version_history.text.startswith("| 0.9 | Januari 2026 |")
    assert any(p.line == 12 and "Versiebeheer:" in p.message for p in agreement.problems)


def test_source_comment_is_dropped_and_reported(agreement):
    """The ``<!-- source -->`` comment at the top is no text of the standard, but skipping it
    is reported."""
    assert agreement.problems[0].line == 1
    assert agreement.problems[0].message == (
        "Bronvermelding-commentaar overgeslagen (regel 1 t/m 2)"
    )
    assert all("Bron:" not in s.text for s in agreement.front_matter)


def test_windows_line_endings_give_the_same_result():
    """``\\r\\n`` line endings are read as ``\\n``."""
    text = (FIXTURES / "overeenkomst-proef.md").read_text(encoding="utf-8")
    assert parse_markdown(text.replace("\n", "\r\n"), name="x.md") == parse_markdown(
        text, name="x.md"
    )


# -- broken agreements -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "line", "words"),
    [
        ("kapot-dubbel-artikel.md", 9, "Artikel 1.1 komt twee keer voor"),
        ("kapot-artikel-buiten-deel.md", 7, "voor het eerste Deel"),
        ("kapot-dubbel-deel.md", 9, "Deel 1 komt twee keer voor"),
        ("kapot-tekst-onder-hoofdstuk.md", 13, "kan niet worden geplaatst"),
        ("kapot-open-commentaar.md", 1, "nergens afgesloten"),
    ],
)
def test_input_the_parser_cannot_decide_on_fails_the_import(fixture, line, words):
    """A duplicate article or Deel, an article before the first Deel, text between a chapter
    heading and its first article, and an unclosed comment raise ``ImportAmbiguity`` with the
    line and a Dutch message instead of a guess."""
    with pytest.raises(ImportAmbiguity) as raised:
        parse_fixture(fixture)
    assert raised.value.line == line
    assert words in raised.value.message


def test_text_before_the_first_heading_is_kept_as_loose_front_matter_and_reported():
    """Text above the first heading is not lost: it becomes an 'other' front-matter section,
    and a problem says so."""
    source = parse_markdown(
        "Losse inleiding.\n\n# Handleiding\n\n## Stap een\n\nDoe dit.\n", name="h.md"
    )
    assert source.front_matter[0].kind == "other"
    assert source.front_matter[0].text == "Losse inleiding."
    assert source.front_matter[1].kind == "title_page"
    assert source.problems[0].line == 1
    assert source.problems[0].message.startswith(
        "Tekst voor de eerste kop kon niet worden geplaatst"
    )


def test_unknown_front_matter_heading_in_an_agreement_is_kept_and_reported():
    """Before the first Deel, an unknown heading becomes 'other' front matter; it never
    becomes an article."""
    source = parse_markdown(
        "# Overeenkomst\n\n# Leeswijzer\n\nLees eerst dit.\n\n"
        "# Deel 1: Afspraken\n\n## Artikel 1.1: Onderwerp\n\nTekst.\n",
        name="o.md",
    )
    assert [(s.kind, s.heading, s.text) for s in source.front_matter] == [
        ("title_page", "Overeenkomst", ""),
        ("other", "Leeswijzer", "Lees eerst dit."),
    ]
    assert any("Leeswijzer" in p.message for p in source.problems)


def test_heading_at_article_level_that_is_no_article_is_reported():
    """A heading at the level of the articles that is no article stays in the text of the
    article before it, and is reported because it looks out of place."""
    source = parse_markdown(
        "# Deel 1: Afspraken\n\n## Artikel 1.1: Onderwerp\n\nTekst.\n\n## Ondertekening\n\n"
        "Opgemaakt te [plaats].\n",
        name="o.md",
    )
    assert source.documents[0].articles[0].text == (
        "Tekst.\n\n## Ondertekening\n\nOpgemaakt te [plaats]."
    )
    assert any("Ondertekening" in p.message for p in source.problems)


def test_agreement_without_title_takes_the_file_name_and_reports_it():
    """A file that starts with its first Deel has no title page; the file name is the title."""
    source = parse_markdown("# Deel 3: Algemeen\n\n## Artikel 3.1: Een\n\nTekst.\n", name="x.md")
    assert source.title == "x"
    assert source.front_matter == ()
    assert any("bestandsnaam" in p.message for p in source.problems)


# -- documents of headed sections ------------------------------------------------------------


def test_procurement_document_sections_are_numbered_from_heading_levels(procurement):
    """After the front matter every heading is a section numbered "1", "1.1", "1.2.1" from the
    heading levels; an empty heading is reported and uses up no number; an appendix keeps its
    own name as number; ``[Optioneel:]`` marks an optional section."""
    (document,) = procurement.documents
    assert (document.slug, document.kind, document.title) == (
        "inkoopdocument-proef-met-emvi",
        "inkoopdocument",
        "Inkoopdocument-Proef-met-Emvi",
    )
    assert [(a.number, a.title, a.is_optional) for a in document.articles] == [
        ("1", "Inkopende organisatie", False),
        ("1.1", "Contactpersonen en -gegevens", False),
        ("1.2", "Algemene informatie", False),
        ("2", "Beschrijving opdracht", False),
        ("2.1", "Uitgangspunten", False),
        ("2.1.1", "Beleid", False),
        ("2.1.2", "Norm voor opdrachtgeverschap", False),
        ("2.2", "Selectiecriteria", True),
        ("Bijlage 1", "Aan te leveren documenten", False),
    ]
    assert {a.chapter for a in document.articles} == {""}
    assert [p.line for p in procurement.problems if p.message.startswith("Lege kop")] == [38]


def test_procurement_front_matter_ends_at_the_first_section(procurement):
    """Title page, Wijzigingsbeheer, Inhoudsopgave and Definities are front matter."""
    assert [(s.kind, s.heading) for s in procurement.front_matter] == [
        ("title_page", "Inkoopdocument-Proef-met-Emvi"),
        ("version_history", "Wijzigingsbeheer"),
        ("table_of_contents", "Inhoudsopgave"),
        ("definitions", "Definities"),
    ]
    assert procurement.documents[0].introduction == ""


def test_procurement_section_text_keeps_tables_quotes_and_nested_lists(procurement):
    """Section texts keep their Markdown as written."""
    sections = {a.number: a.text for a in procurement.documents[0].articles}
    assert sections["2.2"] == (
        "Selectie op basis van:\n\n- ervaring;\n    - met proeven;\n- [criterium]."
    )
    assert sections["Bijlage 1"].splitlines()[0] == "| **Nr.** | **Document** | **Door wie?** |"
    assert sections["1.1"] == "> Communicatie verloopt uitsluitend via [platform].\n>"
    assert sections["1"] == ""


def test_glossary_sections_are_numbered_from_its_own_top_level():
    """In the begrippenlijst the sections under the title are numbered from "1", whatever
    heading level they start at."""
    source = parse_fixture("begrippenlijst-proef.md")
    (document,) = source.documents
    assert (document.slug, document.kind) == ("begrippenlijst-proef", "begrippenlijst")
    assert [(a.number, a.title) for a in document.articles] == [
        ("1", "Toelichting"),
        ("2", "Proef"),
        ("2.1", "Proefnemer"),
        ("3", "Ketenbureau"),
    ]
    assert document.articles[1].text == "Een oefening in het toepassen van\nde contractstandaard."
    assert source.front_matter[0].text == "Versie: 0.1\n\nStatus: Concept"


def test_section_numbers_have_no_gaps_or_repeats_when_levels_are_skipped():
    """A section that skips a level counts as the next child, and a later heading at the
    skipped level continues from it instead of repeating its number."""
    source = parse_markdown(
        "# Handleiding\n\n# Een\n\n### Diep\n\n## Midden\n\n# Twee\n\n## Bijlage A: Extra\n\n"
        "### Onderdeel\n\n## Drie\n",
        name="h.md",
    )
    (document,) = source.documents
    assert document.kind == "other"
    assert document.slug == "handleiding"
    assert [(a.number, a.title) for a in document.articles] == [
        ("1", "Een"),
        ("1.1", "Diep"),
        ("1.2", "Midden"),
        ("2", "Twee"),
        ("Bijlage A", "Extra"),
        ("Bijlage A.1", "Onderdeel"),
        ("2.1", "Drie"),
    ]


def test_article_heading_in_a_file_without_delen_is_read_as_section_and_reported():
    """Without Deel headings a file is no agreement; an article-shaped heading is then a
    section, and the problem says so."""
    source = parse_markdown("# Losse tekst\n\n## Artikel 1.1: Onderwerp\n\nTekst.\n", name="x.md")
    assert [(a.number, a.title) for a in source.documents[0].articles] == [
        ("1", "Artikel 1.1: Onderwerp")
    ]
    assert any("geen Deel-koppen" in p.message for p in source.problems)


def test_duplicate_appendix_fails_the_import():
    """Two appendices with the same name cannot both be kept apart: the import fails."""
    with pytest.raises(ImportAmbiguity) as raised:
        parse_markdown("# Inkoopdocument\n\n# Bijlage 1: A\n\n# Bijlage 1: B\n", name="x.md")
    assert raised.value.line == 5
