"""The published CS Wmo 1.2 documents parse into exactly their articles and sections.

Reads the real files in ``../shared/data/cs-wmo-1.2`` (next to the repository); skipped where
that folder is absent. The expected numbers and titles are written out from the published
documents.
"""

from collections import Counter
from pathlib import Path

import pytest

from standards.importers.markdown import parse_markdown
from standards.importers.parsed import ParsedSource
from tests.conftest import require

pytestmark = pytest.mark.realdata

REAL_DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "cs-wmo-1.2"

AGREEMENT = "Overeenkomst-Wmo-versie-1_2.md"
WITH_EMVI = "Inkoopdocument-Wmo-met-Emvi.md"
WITHOUT_EMVI = "Inkoopdocument-Wmo-zonder-Emvi.md"
ADMISSION = "Inkoopdocument-Wmo-Toelatingsprocedure.md"
GLOSSARY = "Begrippenlijst_CS.md"

DEEL_1 = [
    ("1.1", "Voorwerp van de overeenkomst"),
    ("1.2", "Hiërarchische volgorde documenten"),
    ("1.3", "Looptijd"),
    ("1.4", "Herzieningsclausule"),
    ("1.5", "Bestedingsruimte"),
    ("1.6", "Opzegging bij onvoldoende inzet"),
    ("1.7", "18-/18+"),
    ("1.8", "Bibob Onderzoek"),
    ("1.9", "Social Return on Investment"),
    ("1.n", "[vul in]"),
]

CHAPTER_1 = "Hoofdstuk 1: Levering van maatschappelijke ondersteuning"
CHAPTER_2 = "Hoofdstuk 2: Informatievoorziening, overleg en uitwisseling gegevens"
CHAPTER_3 = "Hoofdstuk 3: iWmo"
CHAPTER_4 = "Hoofdstuk 4: Declaratie en betaling"
CHAPTER_5 = "Hoofdstuk 5: Fraude en integriteit"
CHAPTER_6 = "Hoofdstuk 6: Niet-nakoming, opzegging en ontbinding"
CHAPTER_7 = "Hoofdstuk 7: Slotbepalingen"

DEEL_3 = [
    ("3.1", "Levering van maatschappelijke ondersteuning", CHAPTER_1),
    ("3.2", "Indexering", CHAPTER_1),
    ("3.3", "Marketing", CHAPTER_1),
    ("3.4", "Continuïteit van maatschappelijke ondersteuning", CHAPTER_1),
    ("3.5", "Wachttijden en cliëntenstop door Opdrachtgever", CHAPTER_1),
    ("3.6", "Cliëntenstop door Opdrachtnemer", CHAPTER_1),
    ("3.7", "Weigering en beëindiging van maatschappelijke ondersteuning", CHAPTER_1),
    ("3.8", "Wijziging ondersteuningsbehoefte", CHAPTER_1),
    ("3.9", "Hoofd- en onderaanneming", CHAPTER_1),
    ("3.10", "Informatievoorziening aan de gemeente", CHAPTER_2),
    ("3.11", "iWmo", CHAPTER_3),
    ("3.12", "Onverschuldigde betaling", CHAPTER_4),
    ("3.13", "Declaratie en betaling van de geleverde maatschappelijke ondersteuning", CHAPTER_4),
    ("3.14", "Uitgangspunten voor betaling", CHAPTER_4),
    ("3.15", "UBO (Ultimate Beneficial Owner)", CHAPTER_5),
    ("3.16", "Toezicht en handhaving", CHAPTER_5),
    ("3.17", "Integriteit", CHAPTER_5),
    ("3.18", "Bevindingen toezichthouders", CHAPTER_5),
    ("3.19", "Niet-nakoming, opzegging en ontbinding", CHAPTER_6),
    ("3.20", "Overdracht van rechten en fusie", CHAPTER_7),
    ("3.21", "Financiële verantwoordelijkheid", CHAPTER_7),
    ("3.22", "Noodzakelijke aanpassing", CHAPTER_7),
    ("3.23", "Geschillenregeling", CHAPTER_7),
    ("3.24", "Ongeldige overeenkomst", CHAPTER_7),
    ("3.25", "Nietigheid", CHAPTER_7),
    ("3.26", "Kennisgevingen en algemene inkoopvoorwaarden", CHAPTER_7),
    ("3.27", "Betekenis na beëindiging", CHAPTER_7),
    ("3.28", "Aansprakelijkheid", CHAPTER_7),
    ("3.29", "Wijzigen van omstandigheden", CHAPTER_7),
    ("3.30", "Wijziging van de contractstandaard", CHAPTER_7),
    ("3.31", "Inbreuk persoonsgegevens", CHAPTER_7),
]

WITH_EMVI_SECTIONS = [
    ("1", "Inkopende organisatie"),
    ("1.1", "Inkopende organisatie"),
    ("1.2", "Contactpersonen en -gegevens"),
    ("1.3", "Algemene informatie"),
    ("2", "Beschrijving opdracht"),
    ("2.1", "Uitgangspunten, doelstellingen en voorzieningen"),
    ("2.1.1", "Algemene beleidsuitgangspunten"),
    ("2.1.2", "Norm voor Opdrachtgeverschap"),
    ("2.1.3", "Inkoopdoelstelling(en)"),
    ("2.1.4", "Omschrijving en afbakening in te kopen voorzieningen"),
    ("2.2", "Toeleiding van cliënten naar voorzieningen"),
    ("2.3", "Monitoring, sturing, toezicht en leren"),
    ("2.4", "Bekostiging"),
    ("2.4.1", "Uitvoeringsvariant"),
    ("2.4.2", "Berekening [keuze: tarieven en/of taakgerichte budget]"),
    ("2.4.3", "Declaratie"),
    ("2.5", "Overeenkomst en algemene voorwaarden"),
    ("2.5.1", "Type overeenkomst"),
    ("2.5.2", "Algemene voorwaarden"),
    ("2.5.3", "Looptijd"),
    ("3", "Voorwaarden inkoopprocedure"),
    ("3.1", "Inleiding"),
    ("3.2", "Algemeen"),
    ("3.3", "Uitsluitingsgronden"),
    ("3.4", "Geschiktheidseisen"),
    ("3.5", "Selectiecriteria"),
    ("4", "Gunningscriteria"),
    ("5", "Procedure voor deelneming en/of inschrijving en beoordeling"),
    ("5.1", "Procedure"),
    ("5.2", "Procedurevoorschriften"),
    ("5.3", "Beoordeling van inschrijvingen of verzoeken tot deelneming en inschrijvingen"),
    ("5.3.1", "Beoordelingscommissie"),
    ("5.3.2", "Planning"),
    ("5.4", "Aanmelden als hoofdaannemer, combinatie of groepsonderneming"),
    ("5.4.1", "Hoofdaannemer"),
    ("5.4.2", "Combinatie"),
    ("5.4.3", "Groepsonderneming"),
    ("5.5", "Vragen over de procedure en/of documenten"),
    ("5.6", "Vertrouwelijkheid"),
    ("5.7", "Gestanddoeningstermijn"),
    ("5.8", "Klachten en rechtsgang"),
    ("5.8.1", "Klachten"),
    ("5.8.2", "Rechtsgang"),
    ("Bijlage 1", "Aan te leveren documenten/bewijsmiddelen"),
]

WITHOUT_EMVI_SECTIONS = [
    ("1", "Inkopende organisatie"),
    ("1.1", "Inkopende organisatie"),
    ("1.2", "Contactpersonen en -gegevens"),
    ("1.3", "Algemene informatie"),
    ("2", "Beschrijving opdracht"),
    ("2.1", "Uitgangspunten, doelstellingen en voorzieningen"),
    ("2.1.1", "Algemene beleidsuitgangspunten"),
    ("2.1.2", "Norm voor Opdrachtgeverschap"),
    ("2.1.3", "Inkoopdoelstelling(en)"),
    ("2.1.4", "Omschrijving en afbakening in te kopen voorzieningen"),
    ("2.2", "Toeleiding van cliënten naar voorzieningen"),
    ("2.3", "Monitoring, sturing, toezicht en leren"),
    ("2.4", "Bekostiging"),
    ("2.4.1", "Uitvoeringsvariant"),
    ("2.4.2", "Berekening [keuze: tarieven en/of taakgerichte budget]"),
    ("2.4.3", "Declaratie"),
    ("2.5", "Overeenkomst en algemene voorwaarden"),
    ("2.5.1", "Type overeenkomst"),
    ("2.5.2", "Algemene voorwaarden"),
    ("2.5.3", "Looptijd"),
    ("3", "Voorwaarden inkoopprocedure"),
    ("3.1", "Inleiding"),
    ("3.2", "Algemeen"),
    ("3.3", "Uitsluitingsgronden"),
    ("3.4", "Geschiktheidseisen"),
    ("3.5", "Selectiecriteria"),
    ("4", "Procedure voor deelneming en/of inschrijving en beoordeling"),
    ("4.1", "Procedure"),
    ("4.2", "Procedurevoorschriften"),
    ("4.3", "Beoordeling van inschrijvingen of verzoeken tot deelneming en inschrijvingen"),
    ("4.3.1", "Beoordelingscommissie"),
    ("4.3.2", "Planning"),
    ("4.4", "Aanmelden als hoofdaannemer, combinatie of groepsonderneming"),
    ("4.4.1", "Hoofdaannemer"),
    ("4.4.2", "Combinatie"),
    ("4.4.3", "Groepsonderneming"),
    ("4.5", "Vragen over de procedure en/of documenten"),
    ("4.6", "Vertrouwelijkheid"),
    ("4.7", "Gestanddoeningstermijn"),
    ("4.8", "Klachten en rechtsgang"),
    ("4.8.1", "Klachten"),
    ("4.8.2", "Rechtsgang"),
    ("Bijlage 1", "Aan te leveren documenten/bewijsmiddelen"),
]

ADMISSION_SECTIONS = [
    ("1", "Inkopende organisatie"),
    ("1.1", "Inkopende organisatie"),
    ("1.2", "Contactpersonen en -gegevens"),
    ("1.3", "Algemene informatie"),
    ("2", "Beschrijving opdracht"),
    ("2.1", "Uitgangspunten, doelstellingen en voorzieningen"),
    ("2.1.1", "Algemene beleidsuitgangspunten"),
    ("2.1.2", "Norm voor Opdrachtgeverschap"),
    ("2.1.3", "Inkoopdoelstelling(en)"),
    ("2.1.4", "Omschrijving en afbakening in te kopen voorzieningen"),
    ("2.2", "Toeleiding van cliënten naar voorzieningen"),
    ("2.3", "Monitoring, sturing, toezicht en leren"),
    ("2.4", "Bekostiging"),
    ("2.4.1", "Uitvoeringsvariant"),
    ("2.4.2", "Berekening [keuze: tarieven en/of taakgerichte budget]"),
    ("2.4.3", "Declaratie"),
    ("2.5", "Overeenkomst en algemene voorwaarden"),
    ("2.5.1", "Type overeenkomst"),
    ("2.5.2", "Looptijd"),
    ("3", "Voorwaarden inkoopprocedure"),
    ("3.1", "Inleiding"),
    ("3.2", "Algemeen"),
    ("3.3", "Uitsluitingsgronden"),
    ("3.4", "Geschiktheidseisen"),
    ("4", "Procedure voor deelneming en/of inschrijving en beoordeling"),
    ("4.1", "Procedure"),
    ("4.2", "Procedurevoorschriften"),
    ("4.3", "Beoordeling van inschrijvingen of verzoeken tot deelneming en inschrijvingen"),
    ("4.3.1", "Beoordelingscommissie"),
    ("4.3.2", "Planning"),
    ("4.4", "Aanmelden als hoofdaannemer, combinatie of groepsonderneming"),
    ("4.4.1", "Hoofdaannemer"),
    ("4.4.2", "Combinatie"),
    ("4.4.3", "Groepsonderneming"),
    ("4.5", "Vragen over de procedure en/of documenten"),
    ("4.6", "Vertrouwelijkheid"),
    ("4.7", "Gestanddoeningstermijn"),
    ("4.8", "Klachten en rechtsgang"),
    ("4.8.1", "Klachten"),
    ("4.8.2", "Rechtsgang"),
    ("Bijlage 1", "Aan te leveren documenten/bewijsmiddelen"),
]

GLOSSARY_SECTIONS = [
    ("1", "Toelichting"),
    ("2", "ALV"),
    (
        "3",
        "Beeindingen. Voor het beeindigingen van een overeenkomst worden ook wel de woorden : "
        "intrekken, opzeggen, stoppen, staken, laten vervallen,",
    ),
    ("4", "Bibob"),
    ("5", "Evidence based (EBP)"),
    ("5.1", "Emvi-criterium"),
    ("6", "Kernbedingen"),
    ("7", "Randvoorwaarden"),
    ("8", "Sas-procedure"),
    ("9", "UBO"),
    ("10", "UEA"),
]

SECTIONED = {
    WITH_EMVI: ("inkoopdocument-wmo-met-emvi", "inkoopdocument", WITH_EMVI_SECTIONS),
    WITHOUT_EMVI: ("inkoopdocument-wmo-zonder-emvi", "inkoopdocument", WITHOUT_EMVI_SECTIONS),
    ADMISSION: ("inkoopdocument-wmo-toelatingsprocedure", "inkoopdocument", ADMISSION_SECTIONS),
    GLOSSARY: ("begrippenlijst-cs", "begrippenlijst", GLOSSARY_SECTIONS),
}


def read(name: str) -> str:
    require(REAL_DATA.is_dir(), f"the published documents are not in {REAL_DATA.resolve()}")
    return (REAL_DATA / name).read_text(encoding="utf-8")


def parse(name: str) -> ParsedSource:
    return parse_markdown(read(name), name=name)


@pytest.fixture(scope="module")
def agreement() -> ParsedSource:
    return parse(AGREEMENT)


def test_agreement_has_its_three_delen(agreement):
    """The Overeenkomst splits into Deel 1, 2 and 3 with their full headings as titles."""
    assert agreement.title == "Overeenkomst-Wmo-versie-1.2"
    assert [(d.slug, d.kind, d.title) for d in agreement.documents] == [
        (
            "deel-1",
            "overeenkomst_deel_1",
            "Deel 1: Bepalingen die gelden tussen Opdrachtgever en alle Opdrachtnemers "
            "waarmee Opdrachtgever een overeenkomst sluit",
        ),
        (
            "deel-2",
            "overeenkomst_deel_2",
            "Deel 2: Bepalingen die gelden tussen Opdrachtgever en een individuele "
            "Opdrachtnemer waarmee Opdrachtgever een overeenkomst sluit",
        ),
        ("deel-3", "overeenkomst_deel_3", "Deel 3: Generieke bepalingen"),
    ]


def test_deel_1_has_articles_1_1_to_1_9_and_the_placeholder_1_n(agreement):
    """Deel 1 gives exactly 1.1 to 1.9 and 1.n; 1.4 to 1.9 and 1.n are optional."""
    deel_1 = agreement.documents[0]
    assert [(a.number, a.title) for a in deel_1.articles] == DEEL_1
    optional = {a.number for a in deel_1.articles if a.is_optional}
    assert optional == {"1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.n"}
    assert {a.chapter for a in deel_1.articles} == {""}


def test_deel_2_has_no_articles_only_its_introduction(agreement):
    """Deel 2 is free space: no articles, its template text is the introduction."""
    deel_2 = agreement.documents[1]
    assert deel_2.articles == ()
    assert deel_2.introduction.startswith("[Optioneel:] Artikel 2.n [vul in]\n\n2.n.1\n\n")


def test_deel_3_has_articles_3_1_to_3_31_in_seven_chapters(agreement):
    """Deel 3 gives exactly 3.1 to 3.31, none optional, each under its chapter."""
    deel_3 = agreement.documents[2]
    assert [(a.number, a.title, a.chapter) for a in deel_3.articles] == DEEL_3
    assert not any(a.is_optional for a in deel_3.articles)


def test_no_article_text_is_empty(agreement):
    """Every article of the Overeenkomst has text (the placeholders have template text)."""
    empty = [a.number for d in agreement.documents for a in d.articles if not a.text.strip()]
    assert empty == []


def test_empty_headings_in_the_agreement_are_reported(agreement):
    """The four empty headings of the published file are reported by line."""
    empty = [p.line for p in agreement.problems if p.message.startswith("Lege kop")]
    assert empty == [777, 779, 811, 985]


def test_agreement_front_matter_has_all_its_parts(agreement):
    """Title page, version history, table of contents, parties, considerations and
    definitions are front matter."""
    assert [(s.kind, s.heading) for s in agreement.front_matter] == [
        ("title_page", "Overeenkomst-Wmo-versie-1.2"),
        ("version_history", "Versiebeheer"),
        ("table_of_contents", "Inhoudsopgave"),
        ("parties", "Partijen"),
        ("considerations", "Overwegingen"),
        ("definitions", "Definities"),
    ]
    assert all(section.text for section in agreement.front_matter)


@pytest.mark.parametrize("name", list(SECTIONED))
def test_sectioned_documents_have_exactly_their_sections(name):
    """Each inkoopdocument and the begrippenlijst is one document whose sections carry the
    numbers derived from their headings and the titles as published."""
    source = parse(name)
    slug, kind, sections = SECTIONED[name]
    (document,) = source.documents
    assert (document.slug, document.kind) == (slug, kind)
    assert [(a.number, a.title) for a in document.articles] == sections


@pytest.mark.parametrize("name", [WITH_EMVI, WITHOUT_EMVI])
def test_selection_criteria_are_the_optional_section(name):
    """Only the ``[Optioneel:] Selectiecriteria`` section is optional."""
    (document,) = parse(name).documents
    assert [a.number for a in document.articles if a.is_optional] == ["3.5"]


@pytest.mark.parametrize("name", [WITH_EMVI, WITHOUT_EMVI, ADMISSION])
def test_procurement_front_matter(name):
    """Each inkoopdocument has title page, version history, Wijzigingsbeheer, table of contents
    and definitions as front matter, also where Wijzigingsbeheer is a plain paragraph."""
    source = parse(name)
    assert [(s.kind, s.heading) for s in source.front_matter] == [
        ("title_page", source.title),
        ("version_history", "Versiebeheer"),
        ("version_history", "Wijzigingsbeheer"),
        ("table_of_contents", "Inhoudsopgave"),
        ("definitions", "Definities"),
    ]


@pytest.mark.parametrize("name", [AGREEMENT, WITH_EMVI, WITHOUT_EMVI, ADMISSION, GLOSSARY])
def test_every_line_of_the_source_ends_up_somewhere(name):
    """Nothing is dropped silently: every non-blank line is a title, a heading, a line of some
    text, or the subject of a problem."""
    text = read(name)
    source = parse_markdown(text, name=name)
    assert unplaced_lines(text, source) == []


def unplaced_lines(text: str, source: ParsedSource) -> list[tuple[int, str]]:
    """The non-blank source lines that cannot be found in the parse result.

    Text lines are counted, so a line that occurs twice in the source must occur twice in the
    texts of the result."""
    articles = [a for d in source.documents for a in d.articles]
    texts = [s.text for s in source.front_matter]
    texts += [d.introduction for d in source.documents] + [a.text for a in articles]
    available = Counter(line.strip() for t in texts for line in t.split("\n") if line.strip())
    heading_lines = {a.source_line for a in articles} | {s.source_line for s in source.front_matter}
    problem_lines = {p.line for p in source.problems}
    named = {d.title for d in source.documents} | {a.chapter for a in articles}
    comment_end = next(
        (n for n, line in enumerate(text.split("\n"), 1) if "-->" in line and n <= 5), 0
    )
    unplaced = []
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped or number in heading_lines:
            continue
        if number <= comment_end and 1 in problem_lines:
            continue
        if stripped.startswith("#"):
            words = stripped.lstrip("#").replace("**", "").strip()
            if (not words and number in problem_lines) or words in named:
                continue
        if available[stripped]:
            available[stripped] -= 1
            continue
        unplaced.append((number, line))
    return unplaced
