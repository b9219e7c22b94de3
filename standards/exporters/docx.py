"""A release comparison as a Word document (.docx) with real tracked changes.

Lawyers review a new version of a standard in Word: they want the changes as *tracked changes*
they can step through, accept, reject and comment on, not as red and green formatting. Word
keeps those in the document body as revision marks (ECMA-376 part 1, 17.13.5):

* an insertion is ``<w:ins w:id w:author w:date>`` around ordinary runs (``w:r``/``w:t``);
* a deletion is ``<w:del …>`` around runs whose text is ``w:delText``, never ``w:t``;
* a paragraph break that only one side has is a revision mark on the paragraph mark itself,
  ``w:pPr/w:rPr/w:ins`` or ``w:del``: rejecting an inserted break joins the two paragraphs again.

python-docx has no API for revisions, so these elements are built as raw OOXML. Every mark has a
document-wide unique ``w:id`` and carries the author and date the caller gives (ISO 8601 in UTC,
``2026-01-05T09:30:00Z``), so the same comparison exported with the same author and date gives
byte-identical files (the zip entries get a fixed timestamp too).

Article texts are Markdown. Each line becomes a paragraph (a blank line is paragraph spacing, not
an empty paragraph); a Markdown table stays as its lines of text with ``|`` between the cells,
and emphasis markers stay as typed. That keeps every character of the redline, so accepting all
changes gives exactly the new text and rejecting all gives the old one.

``was_wordt_to_docx`` gives the *was-wordt* table instead (article, old wording, new wording)
with the changed words formatted, not tracked; ``release_to_docx`` a published release without
any revision marks.
"""

import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from docx import Document as WordDocument
from docx.document import Document as WordDocumentType
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from standards.comparison import ReleaseComparison
from standards.exporters import (
    ExportedArticle,
    Reasons,
    changed_documents,
    comparison_summary,
    comparison_title,
    reason_text,
)
from standards.models import ArticleVersion, DocumentVersion, Release
from standards.redlines import DELETE, EQUAL, INSERT, Kind, Operation

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Reproducible archives use the earliest date a zip entry can carry.
_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
_LANGUAGE = "nl-NL"
# The paragraph under an article heading that says why it changed; a style of its own, so that
# a reader can find, restyle or hide the reasons in Word.
REASON_STYLE = "Reden"
_NEWLINES = re.compile(r"(\n+)")
# Characters XML 1.0 cannot hold; stored texts are normalised, but an export must never fail.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DELETED_COLOUR = RGBColor(0x8A, 0x10, 0x20)  # the colours of static/css/redline.css
_INSERTED_COLOUR = RGBColor(0x0B, 0x5A, 0x16)


# --- Text → paragraphs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackedParagraph:
    """One paragraph of a redlined text: its stretches of text and what became of its break.

    ``mark`` is EQUAL for a break both versions have (and for the last paragraph, which ends the
    text), INSERT for one only the new text has, DELETE for one only the old text has.
    """

    segments: tuple[Operation, ...]
    mark: Kind


def tracked_paragraphs(operations: Iterable[Operation]) -> tuple[TrackedParagraph, ...]:
    """The redline cut into paragraphs at line breaks; an operation may span several.

    A run of line breaks (a blank line, or a break each side places differently) is one
    paragraph break. It exists in the old text if any of its breaks is not inserted, in the new
    text if any is not deleted.
    """
    paragraphs: list[TrackedParagraph] = []
    segments: list[Operation] = []
    in_old = in_new = False  # the break being read, if any, and which sides have it

    for kind, text in operations:
        for piece in _NEWLINES.split(text):
            if not piece:
                continue
            if piece.startswith("\n"):
                in_old = in_old or kind is not INSERT
                in_new = in_new or kind is not DELETE
                continue
            if in_old or in_new:
                paragraphs.append(TrackedParagraph(tuple(segments), _mark(in_old, in_new)))
                segments, in_old, in_new = [], False, False
            if segments and segments[-1].kind is kind:
                segments[-1] = Operation(kind, segments[-1].text + piece)
            else:
                segments.append(Operation(kind, piece))
    # Line breaks at the very end would only add an empty paragraph: stored texts have none.
    paragraphs.append(TrackedParagraph(tuple(segments), EQUAL))
    return tuple(paragraphs)


def _mark(in_old: bool, in_new: bool) -> Kind:
    if in_old and in_new:
        return EQUAL
    return DELETE if in_old else INSERT


# --- Revision marks -------------------------------------------------------------------------------


class _Revisions:
    """Makes the ``w:ins``/``w:del`` elements of one document: one author and date, unique ids."""

    def __init__(self, *, author: str, date: datetime.datetime) -> None:
        self.author = _xml_text(author)
        self.date = w3c_datetime(date)
        self._last_id = 0

    def mark(self, kind: Kind) -> OxmlElement:
        self._last_id += 1
        return OxmlElement(
            "w:ins" if kind is INSERT else "w:del",
            attrs={
                qn("w:id"): str(self._last_id),
                qn("w:author"): self.author,
                qn("w:date"): self.date,
            },
        )


def w3c_datetime(moment: datetime.datetime) -> str:
    """``2026-01-05T09:30:00Z``: the form Word writes in ``w:date``; naive means UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _run(text: str, *, deleted: bool = False) -> OxmlElement:
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:delText" if deleted else "w:t")
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = _xml_text(text)
    run.append(text_element)
    return run


def _append_tracked(paragraph: Paragraph, segments: Iterable[Operation], revisions: _Revisions):
    """Append the segments to the paragraph: shared text plain, the rest as revisions."""
    for kind, text in segments:
        if kind is EQUAL:
            paragraph._p.append(_run(text))
            continue
        revision = revisions.mark(kind)
        revision.append(_run(text, deleted=kind is DELETE))
        paragraph._p.append(revision)


def _track_paragraph_mark(paragraph: Paragraph, kind: Kind, revisions: _Revisions) -> None:
    if kind is EQUAL:
        return
    properties = OxmlElement("w:rPr")
    properties.append(revisions.mark(kind))
    paragraph._p.get_or_add_pPr().append(properties)


# --- Exports --------------------------------------------------------------------------------------


def comparison_to_docx(
    comparison: ReleaseComparison,
    *,
    author: str,
    date: datetime.datetime,
    reasons: Reasons | None = None,
) -> bytes:
    """The changed articles of ``comparison`` as a Word document with tracked changes.

    One Heading 1 per document with changes, one Heading 2 per changed article, then its text:
    old → new as insertions and deletions by ``author`` at ``date``. A new article is one
    insertion (per paragraph), a removed one a deletion. Unchanged articles are left out.
    """
    revisions = _Revisions(author=author, date=date)
    title = comparison_title(comparison)
    document = _new_document(title=title, author=author, date=date)
    document.add_heading(_xml_text(title), level=0)
    document.add_paragraph(
        _(
            "De wijzigingen van versie %(old)s naar versie %(new)s als bijgehouden wijzigingen: "
            "verwijderde tekst is doorgehaald, nieuwe tekst onderstreept. Alleen gewijzigde "
            "artikelen zijn opgenomen; ongewijzigde artikelen zijn weggelaten."
        )
        % {"old": comparison.old.version, "new": comparison.new.version}
    )
    document.add_paragraph(comparison_summary(comparison))
    for exported in changed_documents(comparison, reasons):
        document.add_heading(_xml_text(_with_notes(exported.title, exported.notes)), level=1)
        for article in exported.articles:
            heading = document.add_heading(level=2)
            _append_tracked(heading, _heading_segments(article), revisions)
            document.add_paragraph(
                _xml_text(_("Reden: %(reason)s") % {"reason": reason_text(article)}),
                style=REASON_STYLE,
            )
            if not article.shows_text:
                document.add_paragraph().add_run(_("Tekst ongewijzigd.")).italic = True
                continue
            for tracked in tracked_paragraphs(article.change.redline.operations):
                paragraph = document.add_paragraph()
                if _is_table_line("".join(text for _kind, text in tracked.segments)):
                    # The rows of a Markdown table read as a block, not as paragraphs.
                    paragraph.paragraph_format.space_after = Pt(0)
                _append_tracked(paragraph, tracked.segments, revisions)
                _track_paragraph_mark(paragraph, tracked.mark, revisions)
    return _saved(document)


def was_wordt_to_docx(
    comparison: ReleaseComparison,
    *,
    author: str,
    date: datetime.datetime,
    reasons: Reasons | None = None,
) -> bytes:
    """The *was-wordt* table of ``comparison``: per changed article the old and new wording and
    the reason (the change requests that caused it, or "redactioneel").

    The changed words are formatted like on the page (struck through in red in the old
    wording, underlined in green in the new one), not tracked: this is a table to read and
    publish, not a text to accept.
    """
    title = comparison_title(comparison)
    document = _new_document(title=title, author=author, date=date)
    document.add_heading(_xml_text(title), level=0)
    document.add_paragraph(
        _(
            "Per gewijzigd artikel de tekst in versie %(old)s (was) en in versie %(new)s "
            "(wordt). Alleen gewijzigde artikelen zijn opgenomen."
        )
        % {"old": comparison.old.version, "new": comparison.new.version}
    )
    document.add_paragraph(comparison_summary(comparison))
    for exported in changed_documents(comparison, reasons):
        document.add_heading(_xml_text(_with_notes(exported.title, exported.notes)), level=1)
        table = document.add_table(rows=1, cols=4)
        table.style = document.styles["Table Grid"]
        header = table.rows[0]
        _repeat_as_header(header)
        columns = (_("Artikel"), _("Was"), _("Wordt"), _("Reden"))
        for cell, text in zip(header.cells, columns, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for article in exported.articles:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(_xml_text(article.heading))
            if article.title.changed:
                cells[0].add_paragraph().add_run(
                    _xml_text(_("Titel was: %(title)s") % {"title": article.title.old})
                ).italic = True
            if article.shows_text:
                operations = article.change.redline.operations
                _fill_side(cells[1], operations, shown=DELETE)
                _fill_side(cells[2], operations, shown=INSERT)
            else:
                for cell in cells[1:3]:
                    cell.paragraphs[0].add_run(_("Tekst ongewijzigd.")).italic = True
            cells[3].paragraphs[0].add_run(_xml_text(reason_text(article)))
        for row in table.rows:
            for cell, width in zip(row.cells, (Cm(3), Cm(5.5), Cm(5.5), Cm(3)), strict=True):
                cell.width = width
    return _saved(document)


def release_to_docx(
    release: Release, articles_by_document: Mapping[DocumentVersion, Sequence[ArticleVersion]]
) -> bytes:
    """A release as a clean Word document: its documents and articles, no revision marks.

    Optional articles are headed "(optioneel)". ``articles_by_document`` gives the articles of
    each document in reading order, as ``standards.selectors`` reads them.
    """
    title = _("%(standard)s versie %(version)s") % {
        "standard": release.standard.name,
        "version": release.version,
    }
    moment = datetime.datetime.combine(
        release.published_on or datetime.date(1980, 1, 1), datetime.time(), tzinfo=datetime.UTC
    )
    document = _new_document(title=title, author="", date=moment)
    document.add_heading(_xml_text(title), level=0)
    if release.published_on:
        document.add_paragraph(
            _("Gepubliceerd op %(date)s.") % {"date": date_format(release.published_on, "j F Y")}
        )
    for document_version, articles in articles_by_document.items():
        document.add_heading(_xml_text(document_version.title), level=1)
        for article in articles:
            notes = (_("optioneel"),) if article.is_optional else ()
            heading = _with_notes(f"{article.label} {article.title}".strip(), notes)
            document.add_heading(_xml_text(heading), level=2)
            for block in _blocks(article.text):
                if isinstance(block, str):
                    document.add_paragraph(block)
                else:
                    _add_table(document, block)
    return _saved(document)


# --- Building blocks ------------------------------------------------------------------------------


def _heading_segments(article: ExportedArticle) -> Iterator[Operation]:
    """The heading as segments: label, the title (tracked when it changed), the notes."""
    yield Operation(EQUAL, f"{article.label} ")
    yield from article.title.operations
    if article.notes:
        yield Operation(EQUAL, f" ({'; '.join(article.notes)})")


def _with_notes(text: str, notes: Sequence[str]) -> str:
    return f"{text} ({'; '.join(notes)})" if notes else text


def _lines(text: str) -> list[str]:
    return [_xml_text(line) for line in _NEWLINES.split(text) if line and line[0] != "\n"] or [""]


def _is_table_line(line: str) -> bool:
    return line.lstrip().startswith("|")


_TABLE_SEPARATOR = re.compile(r"^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")
_CELL_BORDER = re.compile(r"(?<!\\)\|")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def _blocks(text: str) -> Iterator[str | list[list[str]]]:
    """A Markdown text as paragraphs (lines) and tables (rows of cells, the header first).

    As in the Markdown the portal renders, a table is a run of lines starting with ``|``, with
    a separator row (``| --- |``) second, up to a blank line or a line that is no table row.
    """
    for block in _BLANK_LINES.split(text):
        lines = _lines(block)
        index = 0
        while index < len(lines):
            start = index
            while index < len(lines) and _is_table_line(lines[index]):
                index += 1
            rows = lines[start:index]
            if len(rows) >= 2 and _TABLE_SEPARATOR.match(rows[1]):
                yield [_cells(row) for row in rows[:1] + rows[2:]]
            else:
                yield from rows
            if index == start:
                yield lines[index]
                index += 1


def _cells(row: str) -> list[str]:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in _CELL_BORDER.split(inner)]


def _add_table(document: WordDocumentType, rows: list[list[str]]) -> None:
    columns = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=columns)
    table.style = document.styles["Table Grid"]
    _repeat_as_header(table.rows[0])
    for index, (row, cells) in enumerate(zip(table.rows, rows, strict=True)):
        for cell, text in zip(row.cells, cells, strict=False):
            cell.paragraphs[0].add_run(text).bold = index == 0 or None
    document.add_paragraph()


def _fill_side(cell: _Cell, operations: Sequence[Operation], *, shown: Kind) -> None:
    """One side of a was-wordt row: the shared text and the changes only this side has."""
    side = [operation for operation in operations if operation.kind in (EQUAL, shown)]
    paragraph = cell.paragraphs[0]
    first = True
    for kind, text in side:
        for piece in _NEWLINES.split(text):
            if not piece:
                continue
            if piece.startswith("\n"):
                if not first:
                    paragraph = cell.add_paragraph()
                continue
            first = False
            run = paragraph.add_run(_xml_text(piece))
            if kind is DELETE:
                run.font.strike = True
                run.font.color.rgb = _DELETED_COLOUR
            elif kind is INSERT:
                run.font.underline = True
                run.font.color.rgb = _INSERTED_COLOUR


def _repeat_as_header(row) -> None:
    """The first row repeats at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def _new_document(*, title: str, author: str, date: datetime.datetime) -> WordDocumentType:
    """An empty document in Dutch, with metadata that depends only on the arguments."""
    document = WordDocument()
    # python-docx's template carries a thumbnail of its own; the export has none.
    package = document.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            package.rels.pop(key)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    language.set(qn("w:val"), _LANGUAGE)
    reason = document.styles.add_style(REASON_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    reason.base_style = document.styles["Normal"]
    reason.font.italic = True
    moment = date.astimezone(datetime.UTC) if date.tzinfo else date
    properties = document.core_properties
    properties.title = _xml_text(title)
    properties.author = _xml_text(author)
    properties.last_modified_by = _xml_text(author)
    properties.comments = ""
    properties.language = _LANGUAGE
    properties.revision = 1
    properties.created = moment.replace(tzinfo=None)
    properties.modified = moment.replace(tzinfo=None)
    return document


def _saved(document: WordDocumentType) -> bytes:
    """The document as .docx bytes, with fixed zip timestamps so equal input gives equal bytes."""
    written = io.BytesIO()
    document.save(written)
    reproducible = io.BytesIO()
    with (
        zipfile.ZipFile(written) as source,
        zipfile.ZipFile(reproducible, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return reproducible.getvalue()
