"""Reading a standard from Word: the same articles as from the published Markdown."""

import io
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from standards.importers.docx import docx_to_markdown, parse_docx
from standards.importers.markdown import parse_markdown
from standards.importers.parsed import ImportAmbiguity, UnreadableSource

NESTED_BULLETS = 4242  # numbering id of the two-level bullet list added by ``add_nested_bullets``


def add_nested_bullets(document: docx.document.Document) -> None:
    """The default template's lists have one level only; add a two-level bullet list."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(NESTED_BULLETS))
    for level in (0, 1):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        fmt = OxmlElement("w:numFmt")
        fmt.set(qn("w:val"), "bullet")
        text = OxmlElement("w:lvlText")
        text.set(qn("w:val"), "-")
        lvl.extend([fmt, text])
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(NESTED_BULLETS))
    abstract_id = OxmlElement("w:abstractNumId")
    abstract_id.set(qn("w:val"), str(NESTED_BULLETS))
    num.append(abstract_id)
    numbering.append(num)


def add_bullet(document: docx.document.Document, text: str, level: int) -> None:
    paragraph = document.add_paragraph(text)
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = level
    numbering.get_or_add_numId().val = NESTED_BULLETS


def add_bookmark(paragraph, name: str) -> None:
    """Word puts ``_Toc`` bookmarks on headings; visible ones come out as ``<a id>``."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), "1")
    start.set(qn("w:name"), name)
    paragraph._p.insert(1, start)


def agreement_docx() -> bytes:
    """A small agreement built with Word's own heading, list and table styles."""
    document = docx.Document()
    add_nested_bullets(document)
    document.add_heading("Overeenkomst-Proef-versie-0.9", level=1)
    document.add_paragraph("Proefvoorziening 202* - 20**")
    document.add_heading("Partijen", level=1)
    document.add_paragraph("[Naam Gemeente]")
    document.add_heading("Deel 1: Afspraken met alle proefnemers", level=1)
    heading = document.add_heading("Artikel 1.1: Onderwerp van de proef", level=2)
    add_bookmark(heading, "Onderwerp")
    document.add_paragraph("1.1.1")
    paragraph = document.add_paragraph("De proef gaat over ")
    paragraph.add_run("vier").bold = True
    paragraph.add_run(" onderwerpen (zie art. 3.1) in [Naam Gemeente], a-b_c.")
    document.add_paragraph("# geen kop maar tekst")
    document.add_heading("[Optioneel:] Artikel 1.4 – Verlenging", level=2)
    document.add_paragraph("De bijlagen:")
    add_bullet(document, "bijlage A;", 0)
    add_bullet(document, "onderdeel A.1;", 1)
    add_bullet(document, "bijlage B.", 0)
    document.add_paragraph("eerste stap", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Prestatie"
    table.cell(0, 0).paragraphs[0].runs[0].bold = True
    table.cell(0, 1).text = "Tarief | per uur"
    table.cell(1, 0).text = "[prestatie]"
    table.cell(1, 1).text = "[tarief]"
    document.add_heading("Deel 3: Algemene bepalingen", level=1)
    document.add_heading("Hoofdstuk 1: Uitvoering", level=2)
    heading = document.add_heading("Artikel 3.1 – Uitvoering", level=3)
    heading.add_run().add_break()
    heading.add_run("van de proef")
    document.add_paragraph("Opdrachtnemer voert de proef uit.", style="Quote")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def parsed():
    return parse_docx(agreement_docx(), name="overeenkomst-proef.docx")


def test_word_headings_give_the_agreements_delen_articles_and_chapters(parsed):
    """Heading 1/2/3 paragraphs are read like ``#``/``##``/``###``: Delen, articles with their
    optional flag, chapters, front matter."""
    assert parsed.title == "Overeenkomst-Proef-versie-0.9"
    assert [(s.kind, s.heading) for s in parsed.front_matter] == [
        ("title_page", "Overeenkomst-Proef-versie-0.9"),
        ("parties", "Partijen"),
    ]
    assert [d.slug for d in parsed.documents] == ["deel-1", "deel-3"]
    articles = [(a.number, a.title, a.is_optional, a.chapter) for a in parsed.documents[0].articles]
    assert articles == [
        ("1.1", "Onderwerp van de proef", False, ""),
        ("1.4", "Verlenging", True, ""),
    ]
    (article_3_1,) = parsed.documents[1].articles
    assert article_3_1.chapter == "Hoofdstuk 1: Uitvoering"


def test_mammoth_escapes_are_undone_and_bold_is_written_with_asterisks(parsed):
    """``1\\.1\\.1``, ``\\[Naam Gemeente\\]``, ``a\\-b\\_c`` and ``202\\*`` come out as written in
    Word, bold as ``**``, so Word and Markdown give identical article text."""
    text = parsed.documents[0].articles[0].text
    assert text.startswith(
        "1.1.1\n\nDe proef gaat over **vier** onderwerpen (zie art. 3.1) in [Naam Gemeente], a-b_c."
    )
    assert parsed.front_matter[0].text == "Proefvoorziening 202* - 20**"


def test_paragraph_starting_with_a_hash_does_not_become_a_heading(parsed):
    """A ``#`` typed at the start of a Word paragraph stays escaped, so it is text and not a
    heading that would split the article."""
    assert parsed.documents[0].articles[0].text.endswith("\\# geen kop maar tekst")


def test_word_tables_become_markdown_pipe_tables(parsed):
    """mammoth has no Markdown tables; a Word table becomes a pipe table with its first row as
    header, bold kept and a literal ``|`` escaped."""
    text = parsed.documents[0].articles[1].text
    assert (
        "| **Prestatie** | Tarief \\| per uur |\n| --- | --- |\n| [prestatie] | [tarief] |"
    ) in text


def test_nested_word_lists_stay_nested(parsed):
    """A second-level list item is indented below its parent, numbered lists stay numbered."""
    text = parsed.documents[0].articles[1].text
    assert "- bijlage A;\n\t- onderdeel A.1;\n- bijlage B." in text
    assert "1. eerste stap" in text


def test_bookmark_anchors_and_manual_line_breaks_do_not_end_up_in_titles(parsed):
    """Word's bookmark anchors are dropped from headings, and a heading continued after a
    manual line break is one title."""
    assert parsed.documents[0].articles[0].title == "Onderwerp van de proef"
    assert parsed.documents[1].articles[0].title == "Uitvoering van de proef"
    markdown, _ = docx_to_markdown(agreement_docx())
    assert "<a id=" not in markdown


def test_conversion_messages_become_import_problems(parsed):
    """What mammoth could not map (here the Quote style) is reported, not silently lost; the
    paragraph's text is still kept."""
    assert any(
        p.line == 0 and p.message.startswith("Word-conversie (warning)") and "Quote" in p.message
        for p in parsed.problems
    )
    assert parsed.documents[1].articles[0].text == "Opdrachtnemer voert de proef uit."


def test_word_and_markdown_of_the_same_text_give_the_same_articles(parsed):
    """Parsing the converted Markdown directly gives exactly the documents of ``parse_docx``."""
    markdown, _ = docx_to_markdown(agreement_docx())
    assert parse_markdown(markdown, name="overeenkomst-proef.docx").documents == parsed.documents


def zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("leesmij.txt", "geen Word")
    return buffer.getvalue()


@pytest.mark.parametrize("data", [b"dit is geen zip", zip_without_document()])
def test_bytes_that_are_no_word_document_fail_the_import(data):
    """A file that is not a .docx (not a zip, or a zip without a Word document in it) raises
    ``UnreadableSource``, an ``ImportAmbiguity``."""
    with pytest.raises(UnreadableSource) as raised:
        parse_docx(data, name="kapot.docx")
    assert isinstance(raised.value, ImportAmbiguity)
    assert "geen leesbaar Word-document" in raised.value.message
