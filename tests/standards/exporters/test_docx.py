"""Word exports: tracked changes Word and LibreOffice read, texts that rebuild both versions."""

import datetime
import io
import re
import time
import zipfile

from django.core.management import call_command

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from standards.change_reasons import ChangeReason
from standards.comparison import ArticleChangeKind, release_compare
from standards.exporters import changed_documents
from standards.exporters.docx import (
    TrackedParagraph,
    comparison_to_docx,
    release_to_docx,
    tracked_paragraphs,
    w3c_datetime,
    was_wordt_to_docx,
)
from standards.models import ArticleVersion, DocumentVersion, Release
from standards.redlines import DELETE, EQUAL, INSERT, Operation, redline
from tests.standards.exporters.conftest import (
    AUTHOR,
    DATE,
    IDENTITY,
    NEW_ARTICLES,
    OLD_ARTICLES,
    comparison_between,
    releases_with,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def style_of(paragraph) -> str:
    return "".join(paragraph.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS))


def side_text(element, side: str) -> str:
    """The text of a paragraph as the old version ("old": without insertions) or the new one."""
    if side == "old":
        nodes = element.xpath(".//w:t[not(ancestor::w:ins)] | .//w:delText", namespaces=NS)
    else:
        nodes = element.xpath(".//w:t[not(ancestor::w:del)]", namespaces=NS)
    return "".join(node.text or "" for node in nodes)


def mark_of(paragraph) -> str | None:
    marks = paragraph.xpath("w:pPr/w:rPr/w:ins | w:pPr/w:rPr/w:del", namespaces=NS)
    return etree.QName(marks[0]).localname if marks else None


def article_sections(root) -> list[tuple[str, list]]:
    """Each Heading 2 as the new version reads it, with the body paragraphs under it."""
    sections: list[tuple[str, list]] = []
    current = None
    for paragraph in root.iter(w("p")):
        style = style_of(paragraph)
        if style == "Heading2":
            current = []
            sections.append((side_text(paragraph, "new"), current))
        elif style == "Reden":
            continue  # why the article changed, not its text (see the reasons test)
        elif style.startswith("Heading") or style == "Title":
            current = None
        elif current is not None:
            current.append(paragraph)
    return sections


def articles_in(root) -> dict[str, list]:
    return dict(article_sections(root))


def rebuilt(paragraphs, side: str) -> str:
    """The article text of one side: paragraphs joined where that side has a break."""
    text = ""
    for index, paragraph in enumerate(paragraphs):
        text += side_text(paragraph, side)
        last = index == len(paragraphs) - 1
        if not last and mark_of(paragraph) != ("ins" if side == "old" else "del"):
            text += "\n"
    return text


def one_break_per_run(text: str) -> str:
    return re.sub(r"\n+", "\n", text)


# --- Paragraphs of a redline ----------------------------------------------------------------------


def test_tracked_paragraphs_split_at_line_breaks_and_track_the_breaks_themselves():
    """An inserted sub-clause adds a paragraph whose preceding break is marked inserted; a blank
    line shared by both texts is one plain break; an operation spans paragraphs."""
    operations = (
        Operation(EQUAL, "1. Binnen "),
        Operation(DELETE, "3"),
        Operation(INSERT, "2"),
        Operation(EQUAL, " werkdagen.\n\n2. Rapport"),
        Operation(INSERT, ".\n\n3. Nieuw lid"),
        Operation(EQUAL, "."),
    )
    assert tracked_paragraphs(operations) == (
        TrackedParagraph(
            (
                Operation(EQUAL, "1. Binnen "),
                Operation(DELETE, "3"),
                Operation(INSERT, "2"),
                Operation(EQUAL, " werkdagen."),
            ),
            EQUAL,
        ),
        TrackedParagraph((Operation(EQUAL, "2. Rapport"), Operation(INSERT, ".")), INSERT),
        TrackedParagraph((Operation(INSERT, "3. Nieuw lid"), Operation(EQUAL, ".")), EQUAL),
    )


def test_a_break_only_the_old_text_has_is_a_deleted_paragraph_mark():
    """Two paragraphs joined into one: the first paragraph's mark is deleted."""
    paragraphs = tracked_paragraphs(
        redline("Eerste zin.\n\nTweede zin.", "Eerste zin. Tweede zin.").operations
    )
    assert [paragraph.mark for paragraph in paragraphs] == [DELETE, EQUAL]


def test_a_break_that_moves_between_sides_is_one_shared_break():
    """A list line turned into a paragraph (one newline → blank line) is still one break."""
    operations = (Operation(EQUAL, "a\n"), Operation(INSERT, "\n"), Operation(EQUAL, "b"))
    assert tracked_paragraphs(operations) == (
        TrackedParagraph((Operation(EQUAL, "a"),), EQUAL),
        TrackedParagraph((Operation(EQUAL, "b"),), EQUAL),
    )


def test_an_empty_text_is_one_empty_paragraph():
    assert tracked_paragraphs(()) == (TrackedParagraph((), EQUAL),)


_TEXT = st.text(alphabet="ab .\n", max_size=40).map(lambda text: text.strip("\n"))


@given(old=_TEXT, new=_TEXT)
def test_paragraphs_rebuild_both_texts(old, new):
    """Joining the paragraphs where a side has a break gives that side's text, with each run
    of line breaks counted as one break (that is how Word shows it)."""
    paragraphs = tracked_paragraphs(redline(old, new).operations)
    for side, skipped, foreign in (("old", INSERT, INSERT), ("new", DELETE, DELETE)):
        text = ""
        for index, paragraph in enumerate(paragraphs):
            text += "".join(op.text for op in paragraph.segments if op.kind is not skipped)
            if index < len(paragraphs) - 1 and paragraph.mark is not foreign:
                text += "\n"
        assert text == one_break_per_run(old if side == "old" else new)


def test_dates_are_written_in_utc_as_word_writes_them():
    amsterdam = datetime.timezone(datetime.timedelta(hours=1))
    assert w3c_datetime(datetime.datetime(2026, 1, 5, 10, 30, 15, tzinfo=amsterdam)) == (
        "2026-01-05T09:30:15Z"
    )
    assert w3c_datetime(datetime.datetime(2026, 1, 5, 9, 30)) == "2026-01-05T09:30:00Z"


# --- The comparison document ----------------------------------------------------------------------


@pytest.mark.django_db
def test_headings_name_each_changed_article_and_leave_out_unchanged_ones(comparison):
    """One Heading 1 for the document, one Heading 2 per changed article in reading order with
    removed articles last; renumbering, new and removed articles are noted; 3.1 is left out."""
    root = document_xml(comparison_to_docx(comparison, author=AUTHOR, date=DATE))
    paragraphs = list(root.iter(w("p")))
    assert [side_text(p, "new") for p in paragraphs if style_of(p) == "Title"] == [
        "Vergelijking CS Hulpmiddelen versie 1.0 met versie 1.1"
    ]
    assert [side_text(p, "new") for p in paragraphs if style_of(p) == "Heading1"] == [
        "Deel 3: Generiek"
    ]
    assert list(articles_in(root)) == [
        "Artikel 3.2 Indexering",
        "Artikel 3.3 Levertermijnen",
        "Artikel 3.4 Eigendom en bruikleen van hulpmiddelen",
        "Artikel 3.5 Storingsdienst (nieuw)",
        "Artikel 3.6 Reparatie",
        "Artikel 3.8 Herverstrekking (was 3.7)",
        "Artikel 3.5 Garantietermijn (vervallen)",
    ]
    intro = " ".join(side_text(p, "new") for p in paragraphs if not style_of(p))
    assert "Alleen gewijzigde artikelen" in intro
    assert "versie 1.0 naar versie 1.1" in intro


@pytest.mark.django_db
def test_every_article_rebuilds_its_old_and_new_text(comparison):
    """Rejecting all changes (dropping insertions) gives the old text of each article, accepting
    them (dropping deletions) the new text, paragraph breaks included."""
    articles = articles_in(document_xml(comparison_to_docx(comparison, author=AUTHOR, date=DATE)))
    old_texts = {f"Artikel {number} {title}": text for number, title, text in OLD_ARTICLES}
    new_texts = {f"Artikel {number} {title}": text for number, title, text in NEW_ARTICLES}
    checked = 0
    for heading, paragraphs in articles.items():
        plain = heading.split(" (")[0]
        if plain in (
            "Artikel 3.4 Eigendom en bruikleen van hulpmiddelen",
            "Artikel 3.8 Herverstrekking",
        ):
            assert [side_text(p, "new") for p in paragraphs] == ["Tekst ongewijzigd."]
            continue
        old = "" if heading.endswith("(nieuw)") else old_texts[plain]
        new = "" if heading.endswith("(vervallen)") else new_texts[plain]
        assert rebuilt(paragraphs, "old") == one_break_per_run(old), heading
        assert rebuilt(paragraphs, "new") == one_break_per_run(new), heading
        checked += 1
    assert checked == 5


@pytest.mark.django_db
def test_revisions_carry_author_date_and_unique_ids(comparison):
    """Every w:ins and w:del has the author, the ISO date and an id no other mark has; deleted
    text is in w:delText, only ever inside w:del, and w:del holds no w:t."""
    root = document_xml(comparison_to_docx(comparison, author=AUTHOR, date=DATE))
    marks = root.xpath("//w:ins | //w:del", namespaces=NS)
    assert len(marks) > 10
    assert {mark.get(w("author")) for mark in marks} == {AUTHOR}
    assert {mark.get(w("date")) for mark in marks} == {"2026-01-05T09:30:00Z"}
    ids = [mark.get(w("id")) for mark in marks]
    assert len(set(ids)) == len(ids)
    assert root.xpath("//w:delText[not(ancestor::w:del)]", namespaces=NS) == []
    assert root.xpath("//w:del//w:t | //w:ins//w:delText", namespaces=NS) == []
    assert root.xpath("//w:delText[@xml:space='preserve']", namespaces=NS)
    assert root.xpath("//w:delText[not(@xml:space='preserve')]", namespaces=NS) == []


@pytest.mark.django_db
def test_edits_are_tracked_word_by_word(comparison):
    """The edited table row deletes "30" and inserts "25"; the edited term deletes "3" and
    inserts "2"; the new sub-clause is inserted with the break before it."""
    articles = articles_in(document_xml(comparison_to_docx(comparison, author=AUTHOR, date=DATE)))

    def changes(heading, tag):
        return [
            "".join(mark.xpath(".//w:t/text() | .//w:delText/text()", namespaces=NS))
            for paragraph in articles[heading]
            for mark in paragraph.xpath(f"w:{tag}", namespaces=NS)
        ]

    assert changes("Artikel 3.3 Levertermijnen", "del") == ["30"]
    assert changes("Artikel 3.3 Levertermijnen", "ins") == ["25"]
    assert changes("Artikel 3.6 Reparatie", "del") == ["3"]
    assert changes("Artikel 3.6 Reparatie", "ins") == [
        "2",
        "2. Opdrachtnemer rapporteert ieder kwartaal over de reparatietijden.",
    ]
    assert [mark_of(p) for p in articles["Artikel 3.6 Reparatie"]] == ["ins", None]
    # The table stays as its lines of text: one paragraph per row.
    assert [side_text(p, "new") for p in articles["Artikel 3.3 Levertermijnen"]][-1] == (
        "| Traplift | 25 werkdagen |"
    )


@pytest.mark.django_db
def test_a_new_article_is_all_inserted_and_a_removed_one_all_deleted(comparison):
    articles = articles_in(document_xml(comparison_to_docx(comparison, author=AUTHOR, date=DATE)))
    added = articles["Artikel 3.5 Storingsdienst (nieuw)"]
    removed = articles["Artikel 3.5 Garantietermijn (vervallen)"]
    for paragraph in added:
        assert paragraph.xpath("w:r | w:del", namespaces=NS) == []
        assert len(paragraph.xpath("w:ins", namespaces=NS)) == 1
    assert [side_text(p, "new") for p in added] == [
        "1. Opdrachtnemer is dag en nacht bereikbaar.",
        "2. Hij meldt storingen.",
    ]
    assert [mark_of(p) for p in added] == ["ins", None]
    for paragraph in removed:
        assert paragraph.xpath("w:r | w:ins", namespaces=NS) == []
        assert len(paragraph.xpath("w:del", namespaces=NS)) == 1
    assert [side_text(p, "old") for p in removed] == ["De garantietermijn is twaalf maanden."]


@pytest.mark.django_db
def test_a_changed_title_is_tracked_in_the_heading(comparison):
    root = document_xml(comparison_to_docx(comparison, author=AUTHOR, date=DATE))
    headings = [p for p in root.iter(w("p")) if style_of(p) == "Heading2"]
    retitled = next(p for p in headings if "bruikleen" in side_text(p, "new"))
    assert side_text(retitled, "old") == "Artikel 3.4 Eigendom van hulpmiddelen"
    assert retitled.xpath("w:ins//w:t/text()", namespaces=NS) == ["en bruikleen "]


@pytest.mark.django_db
def test_the_same_comparison_gives_the_same_bytes(comparison):
    """Author and date are the only inputs besides the comparison: equal input, equal file."""
    first = comparison_to_docx(comparison, author=AUTHOR, date=DATE)
    time.sleep(1.1)  # zip entries would otherwise carry the clock
    assert comparison_to_docx(comparison, author=AUTHOR, date=DATE) == first
    later = DATE + datetime.timedelta(days=1)
    assert comparison_to_docx(comparison, author=AUTHOR, date=later) != first


@pytest.mark.django_db
def test_the_package_is_dutch_and_names_the_author(comparison):
    data = comparison_to_docx(comparison, author=AUTHOR, date=DATE)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        core = package.read("docProps/core.xml").decode()
        styles = package.read("word/styles.xml").decode()
    assert "docProps/thumbnail.jpeg" not in names
    assert f"<dc:creator>{AUTHOR}</dc:creator>" in core
    assert "2026-01-05T09:30:00Z" in core and "python-docx" not in core
    assert 'w:val="nl-NL"' in styles


@pytest.mark.django_db
def test_export_runs_no_queries_of_its_own(comparison, django_assert_num_queries):
    with django_assert_num_queries(0):
        comparison_to_docx(comparison, author=AUTHOR, date=DATE)


@pytest.mark.django_db
def test_characters_xml_cannot_hold_are_dropped_not_fatal():
    old, new = releases_with(
        [("3.1", "Levering", "Tekst\x0bmet\x01tekens.")],
        [("3.1", "Levering", "Tekst met\x01 andere tekens.")],
        {0: 0},
    )
    root = document_xml(comparison_to_docx(comparison_between(old, new), author="A\x02", date=DATE))
    assert "\x01" not in etree.tostring(root, encoding="unicode")
    assert {mark.get(w("author")) for mark in root.xpath("//w:ins", namespaces=NS)} == {"A"}


@pytest.mark.django_db
def test_the_demo_comparison_rebuilds_every_article_it_shows():
    """On the demo's CS Hulpmiddelen 1.0 → 1.1, compared by ``release_compare``: each changed
    article is shown under its heading, and its paragraphs rebuild both real texts (lists,
    tables and all)."""
    call_command("load_demo_data", stdout=io.StringIO())
    old, new = (
        Release.objects.select_related("standard").get(
            standard__slug="cs-hulpmiddelen-wmo-2015", version_major=1, version_minor=minor
        )
        for minor in (0, 1)
    )
    comparison = release_compare(old=old, new=new)
    root = document_xml(comparison_to_docx(comparison, author=AUTHOR, date=DATE))
    sections = article_sections(root)
    expected = [
        article for document in changed_documents(comparison) for article in document.articles
    ]
    assert [heading for heading, _paragraphs in sections] == [a.heading for a in expected]
    assert len(expected) == len(comparison.changes) > 10
    shown = 0
    for article, (heading, paragraphs) in zip(expected, sections, strict=True):
        if not article.shows_text:
            continue
        change = article.change
        assert rebuilt(paragraphs, "old") == one_break_per_run(
            change.old.text if change.old else ""
        ), heading
        assert rebuilt(paragraphs, "new") == one_break_per_run(
            change.new.text if change.new else ""
        ), heading
        shown += 1
    assert shown >= 5
    assert "Bepalingen die gelden" in " ".join(
        side_text(p, "new") for p in root.iter(w("p")) if style_of(p) == "Heading1"
    )


# --- Was-wordt and a clean release ----------------------------------------------------------------


@pytest.mark.django_db
def test_was_wordt_lists_old_and_new_wording_side_by_side(comparison):
    """One row per changed article: struck-through red deletions in the old wording, underlined
    green insertions in the new one, no revision marks."""
    root = document_xml(was_wordt_to_docx(comparison, author=AUTHOR, date=DATE))
    assert root.xpath("//w:ins | //w:del", namespaces=NS) == []
    rows = root.xpath("//w:tbl/w:tr", namespaces=NS)
    assert len(rows) == 1 + len(comparison.changes)
    cells = [
        [
            "\n".join(side_text(p, "new") for p in cell.xpath("w:p", namespaces=NS))
            for cell in row.xpath("w:tc", namespaces=NS)
        ]
        for row in rows
    ]
    assert cells[0] == ["Artikel", "Was", "Wordt", "Reden"]
    repair = next(row for row in cells if row[0] == "Artikel 3.6 Reparatie")
    assert repair[1] == "1. Opdrachtnemer repareert binnen 3 werkdagen."
    assert repair[2] == (
        "1. Opdrachtnemer repareert binnen 2 werkdagen.\n"
        "2. Opdrachtnemer rapporteert ieder kwartaal over de reparatietijden."
    )
    struck = root.xpath("//w:r[w:rPr/w:strike]/w:t/text()", namespaces=NS)
    underlined = root.xpath("//w:r[w:rPr/w:u]/w:t/text()", namespaces=NS)
    assert "3" in struck and "30" in struck
    assert "2" in underlined and "25" in underlined
    assert root.xpath("//w:tr[1]/w:trPr/w:tblHeader", namespaces=NS)
    retitled = next(row for row in cells if row[0].startswith("Artikel 3.4"))
    assert retitled == [
        "Artikel 3.4 Eigendom en bruikleen van hulpmiddelen\nTitel was: Eigendom van hulpmiddelen",
        "Tekst ongewijzigd.",
        "Tekst ongewijzigd.",
        "redactioneel",
    ]


@pytest.mark.django_db
def test_a_release_exports_clean_with_optional_articles_marked():
    """No revision marks, every article, optional ones headed "(optioneel)", tables as tables."""
    _old, release = releases_with(OLD_ARTICLES, NEW_ARTICLES, IDENTITY)
    articles = list(
        ArticleVersion.objects.filter(release=release)
        .select_related("document")
        .order_by("position")
    )
    articles[4].is_optional = True  # in memory: a published release cannot be changed
    document = DocumentVersion.objects.get(release=release)
    root = document_xml(release_to_docx(release, {document: articles}))
    assert root.xpath("//w:ins | //w:del", namespaces=NS) == []
    paragraphs = list(root.iter(w("p")))
    headings = [side_text(p, "new") for p in paragraphs if style_of(p) == "Heading2"]
    assert headings[4] == "Artikel 3.5 Storingsdienst (optioneel)"
    assert len(headings) == len(NEW_ARTICLES)
    # The Markdown table is a Word table with a bold header row that repeats on each page.
    (table,) = root.xpath("//w:tbl", namespaces=NS)
    rows = [
        [side_text(cell, "new") for cell in row.xpath("w:tc", namespaces=NS)]
        for row in table.xpath("w:tr", namespaces=NS)
    ]
    assert rows == [
        ["Soort", "Termijn"],
        ["Rolstoel", "10 werkdagen"],
        ["Traplift", "25 werkdagen"],
    ]
    assert table.xpath("w:tr[1]/w:trPr/w:tblHeader", namespaces=NS)
    assert table.xpath("w:tr[1]//w:r/w:rPr/w:b", namespaces=NS)
    assert not any("|" in side_text(p, "new") for p in paragraphs)


@pytest.mark.django_db
def test_only_pipe_lines_with_a_separator_row_become_a_table():
    """An escaped pipe stays in its cell; a line that merely starts with a pipe stays text."""
    _old, release = releases_with(
        [("3.1", "Levering", "Oud.")],
        [("3.1", "Levering", "| a \\| b | c |\n| --- | --- |\n| 1 | 2 |\n\n| geen tabel |")],
        {0: 0},
    )
    articles = list(ArticleVersion.objects.filter(release=release).select_related("document"))
    document = DocumentVersion.objects.get(release=release)
    root = document_xml(release_to_docx(release, {document: articles}))
    rows = [
        [side_text(cell, "new") for cell in row.xpath("w:tc", namespaces=NS)]
        for row in root.xpath("//w:tbl/w:tr", namespaces=NS)
    ]
    assert rows == [["a | b", "c"], ["1", "2"]]
    body = [side_text(p, "new") for p in root.xpath("/w:document/w:body/w:p", namespaces=NS)]
    assert "| geen tabel |" in body


# --- Size -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_two_hundred_changed_articles_export_in_reasonable_time():
    """A release that touches 200 articles (each three paragraphs, two edits) exports in well
    under the time a download may take."""
    body = "{n}. Opdrachtnemer levert binnen {days} werkdagen.\n\nDe cliënt tekent.\n\n{extra}"
    old_articles = [
        (f"3.{n}", f"Artikel {n}", body.format(n=n, days=5, extra="Slot.")) for n in range(1, 201)
    ]
    new_articles = [
        (f"3.{n}", f"Artikel {n}", body.format(n=n, days=3, extra="Slot met een nieuwe zin."))
        for n in range(1, 201)
    ]
    old, new = releases_with(old_articles, new_articles, {n: n for n in range(200)})
    comparison = comparison_between(old, new)
    assert comparison.counts[ArticleChangeKind.CHANGED] == 200
    started = time.process_time()
    root = document_xml(comparison_to_docx(comparison, author=AUTHOR, date=DATE))
    elapsed = time.process_time() - started
    assert len(articles_in(root)) == 200
    assert elapsed < 10, elapsed


@pytest.mark.django_db
def test_each_article_names_its_reason_in_both_word_exports(comparison):
    """Under every article heading a "Reden" paragraph, and a Reden column in the was-wordt
    table: the change requests given for the article, "redactioneel" for the others."""
    repair = next(c for c in comparison.changes if c.label == "Artikel 3.6")
    reasons = {repair.article.pk: (ChangeReason("WV-2026-0007", "Snellere reparatie", "/x/"),)}

    root = document_xml(comparison_to_docx(comparison, author=AUTHOR, date=DATE, reasons=reasons))
    given = {}
    heading = None
    for paragraph in root.iter(w("p")):
        if style_of(paragraph) == "Heading2":
            heading = side_text(paragraph, "new")
        elif style_of(paragraph) == "Reden":
            given[heading] = side_text(paragraph, "new")
    assert given["Artikel 3.6 Reparatie"] == "Reden: WV-2026-0007 Snellere reparatie"
    assert given["Artikel 3.2 Indexering"] == "Reden: redactioneel"
    assert len(given) == len(comparison.changes)

    table = document_xml(was_wordt_to_docx(comparison, author=AUTHOR, date=DATE, reasons=reasons))
    rows = [
        ["".join(side_text(p, "new") for p in cell.xpath("w:p", namespaces=NS)) for cell in row]
        for row in table.xpath("//w:tbl/w:tr", namespaces=NS)
        for row in [row.xpath("w:tc", namespaces=NS)]
    ]
    by_article = {row[0]: row[3] for row in rows[1:]}
    assert by_article["Artikel 3.6 Reparatie"] == "WV-2026-0007 Snellere reparatie"
    assert by_article["Artikel 3.2 Indexering"] == "redactioneel"
