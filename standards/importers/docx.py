"""Read a standard from a Word document (.docx), the form in which the Ketenbureau edits it.

Word is converted to Markdown with mammoth and then read by the same parser as the published
Markdown (``markdown.parse_markdown``), so both sources give the same articles. The conversion
is adjusted to produce the shape of the published Markdown:

* mammoth escapes Markdown characters in the text (``1\\.``, ``\\[``, ``\\-``); those escapes are
  undone, except a ``#`` at the start of a line, which would otherwise turn a paragraph into a
  heading;
* bold comes out as ``__x__`` and is written as ``**x**``;
* mammoth has no Markdown for tables and would flatten every cell into its own paragraph;
  tables are therefore rewritten into Markdown pipe tables before the conversion;
* bookmark anchors (``<a id="_Toc…"></a>``, which Word puts on headings for its table of
  contents) are dropped, and a heading broken with a manual line break is joined again.

Empty headings disappear in mammoth's conversion. The messages of the conversion (unknown
styles, unsupported elements) become ``ImportProblem``s with line 0; the line numbers of the
other problems refer to the Markdown that ``docx_to_markdown`` returns.
"""

import dataclasses
import io
import re
import zipfile

import mammoth
from mammoth import documents, transforms

from standards.importers.markdown import parse_markdown
from standards.importers.parsed import ImportProblem, ParsedSource, UnreadableSource

_MAMMOTH_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_BOOKMARK_ANCHOR = re.compile(r'<a id="[^"]*"></a>')
_HEADING = re.compile(r"^#{1,6} ")


def parse_docx(data: bytes, *, name: str) -> ParsedSource:
    """Parse one Word source file; raise ``ImportAmbiguity`` where it cannot decide and
    ``UnreadableSource`` when the bytes are not a Word document."""
    markdown, conversion_problems = docx_to_markdown(data)
    source = parse_markdown(markdown, name=name)
    return dataclasses.replace(source, problems=(*conversion_problems, *source.problems))


def docx_to_markdown(data: bytes) -> tuple[str, list[ImportProblem]]:
    """The Markdown of a Word document, in the shape of the published Markdown files, and the
    conversion's messages as problems."""
    try:
        result = mammoth.convert_to_markdown(
            io.BytesIO(data), transform_document=_tables_as_markdown
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableSource(
            f"Het bestand is geen leesbaar Word-document (.docx): {error}"
        ) from error
    problems = [
        ImportProblem(line=0, message=f"Word-conversie ({message.type}): {message.message}")
        for message in result.messages
    ]
    return _published_shape(result.value), problems


def _published_shape(markdown: str) -> str:
    markdown = _BOOKMARK_ANCHOR.sub("", markdown)
    markdown = markdown.replace("__", "**")  # a literal underscore is escaped, so "__" is bold
    lines = _join_broken_headings(markdown.split("\n"))
    return "\n".join(_unescape(line) for line in lines)


def _join_broken_headings(lines: list[str]) -> list[str]:
    """``# Artikel 3.1  `` + ``Levering`` (a manual line break in a Word heading) is one
    heading."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if _HEADING.match(previous) and previous.endswith("  ") and line.strip():
            joined[-1] = f"{previous.rstrip()} {line.strip()}"
        else:
            joined.append(line)
    return joined


def _unescape(line: str) -> str:
    def replace(match: re.Match[str]) -> str:
        at_line_start = not line[: match.start()].strip()
        if match[1] == "#" and at_line_start:
            return match[0]
        return match[1]

    return _MAMMOTH_ESCAPE.sub(replace, line)


def _table_as_markdown(table: documents.Table) -> documents.Paragraph:
    """One paragraph holding the table as Markdown pipe rows; the first row is the header."""
    rows: list[list[str]] = []
    for row in table.children:
        cells: list[str] = []
        for cell in getattr(row, "children", []):
            cells.append(_inline_markdown(cell))
            cells.extend([""] * (getattr(cell, "colspan", 1) - 1))
        rows.append(cells)
    rows = [row for row in rows if row]
    if not rows:
        return documents.paragraph(children=[])
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = [_pipe_row(rows[0]), _pipe_row(["---"] * width)]
    lines.extend(_pipe_row(row) for row in rows[1:])
    text = documents.text("\n".join(lines))
    return documents.paragraph(children=[documents.run(children=[text])])


_tables_as_markdown = transforms.element_of_type(documents.Table, _table_as_markdown)


def _pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _inline_markdown(element: object) -> str:
    """The text of a table cell on one line, with bold kept as ``**``."""
    if isinstance(element, documents.Text):
        return element.value.replace("|", "\\|")
    if isinstance(element, documents.Tab | documents.Break):
        return " "
    children = getattr(element, "children", None) or []
    if isinstance(element, documents.TableCell | documents.Table | documents.TableRow):
        parts = [_inline_markdown(child) for child in children]
        return " ".join(part for part in parts if part)
    inner = "".join(_inline_markdown(child) for child in children)
    if isinstance(element, documents.Run) and element.is_bold and inner.strip():
        return f"**{inner.strip()}**"
    return " ".join(inner.split()) if isinstance(element, documents.Paragraph) else inner
