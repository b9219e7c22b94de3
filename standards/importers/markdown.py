"""Read a standard from Markdown: the Ketenbureau's documents as they are published.

A file is one of three shapes, recognised from its headings:

* an **Overeenkomst**: level-1 headings ``# Deel 1: …``, ``# Deel 2: …``, ``# Deel 3: …`` split
  it into one document per Deel; inside a Deel every ``Artikel 1.1: Titel`` heading (any level,
  with a dash, ``:`` or ``.`` after the number, optionally marked ``[Optioneel:]`` or
  ``(optioneel)``, optionally in bold) starts an article, and ``Hoofdstuk 1: …`` headings set
  the chapter of the articles after them;
* an **inkoopdocument** or the **begrippenlijst** (by its title), or any **other** file: every
  heading after the front matter is a section, numbered from the heading levels ("1", "1.2",
  "1.2.1"); appendices (``# Bijlage 1: …``) keep their own name as number.

Everything before the first Deel or section is **front matter**: the title page (the file's
first level-1 heading and the text under it), the table of contents, parties, considerations,
definitions and version history. Front matter never becomes an article.

The parser is tolerant where the published files vary (empty headings, bold markers, dash
styles) and reports each such spot as an ``ImportProblem``; where it would have to guess (a
duplicate article number, an article outside any Deel, text it cannot place) it raises
``ImportAmbiguity``. Every non-blank line of the input ends up in a title, a heading, a text,
or a problem.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.text import slugify

from standards.importers.parsed import (
    FrontMatterSection,
    ImportAmbiguity,
    ImportProblem,
    ParsedArticle,
    ParsedDocument,
    ParsedSource,
)
from standards.texts import normalise_text

_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_DASHES = "\u2013\u2014\\-"  # en dash, em dash, hyphen (escaped for a character class)
_OPTIONAL_MARK = r"(?:\[\s*optioneel\s*:?\s*\]|\(\s*optioneel\s*:?\s*\))"
_ARTICLE_HEADING = re.compile(
    rf"^(?P<optional>{_OPTIONAL_MARK}\s*:?\s*)?"
    rf"artikel\s+(?P<number>\d+(?:\.(?:\d+|n))*)(?=[\s:{_DASHES}.]|$)"
    rf"\.?\s*(?P<separator>[:{_DASHES}])?\s*"
    rf"(?P<title>.*?)\s*(?P<optional_after>{_OPTIONAL_MARK})?\s*$",
    re.IGNORECASE,
)
_CHAPTER_HEADING = re.compile(r"^hoofdstuk\s+(?:\d+|[ivxlc]+)\b", re.IGNORECASE)
_DEEL_HEADING = re.compile(r"^deel\s+(?P<number>\d+)\b", re.IGNORECASE)
_APPENDIX_HEADING = re.compile(
    rf"^bijlage\s+(?P<label>\d+|[ivxlc]+|[a-z])\b\.?\s*[:{_DASHES}]?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
_OPTIONAL_PREFIX = re.compile(rf"^{_OPTIONAL_MARK}\s*:?\s*", re.IGNORECASE)
_OPTIONAL_SUFFIX = re.compile(rf"\s*{_OPTIONAL_MARK}$", re.IGNORECASE)
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!:])")
_UNDERSCORE_STRONG = re.compile(r"__(.+?)__")

_FRONT_MATTER_KINDS_BY_HEADING = {
    "inhoudsopgave": "table_of_contents",
    "inhoud": "table_of_contents",
    "partijen": "parties",
    "overwegingen": "considerations",
    "considerans": "considerations",
    "definities": "definitions",
    "begripsbepalingen": "definitions",
    "versiebeheer": "version_history",
    "wijzigingsbeheer": "version_history",
    "versiegeschiedenis": "version_history",
}

# A front-matter part named by a plain paragraph has no heading level: any real heading ends it.
_PARAGRAPH_LEVEL = 7

_DEEL_KINDS = {
    "1": "overeenkomst_deel_1",
    "2": "overeenkomst_deel_2",
    "3": "overeenkomst_deel_3",
}


def parse_markdown(text: str, *, name: str) -> ParsedSource:
    """Parse one Markdown source file; raise ``ImportAmbiguity`` where it cannot decide."""
    return _MarkdownParser(text, name=name).parse()


def normalise_markdown(lines: Iterable[str]) -> str:
    """Markdown text as stored (``standards.texts.normalise_text``): no trailing spaces, at most
    one blank line in a row, no blank lines around it. Indentation, tables, lists and inline
    markers stay as they are."""
    return normalise_text("\n".join(lines))


def clean_heading(text: str) -> str:
    """The heading's words: backslash escapes undone, bold markers and extra spaces removed."""
    text = _MARKDOWN_ESCAPE.sub(r"\1", text.strip())
    text = text.replace("**", "")
    text = _UNDERSCORE_STRONG.sub(r"\1", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class _Line:
    """One source line; ``level`` is 0 for text, 1 to 6 for an ATX heading."""

    number: int
    text: str
    level: int = 0
    heading: str = ""

    @property
    def is_heading(self) -> bool:
        return self.level > 0

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass
class _Section:
    """A part under construction: a front-matter section, a document or an article."""

    heading: str
    line: int
    level: int = 0
    kind: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass
class _ArticleDraft(_Section):
    number: str = ""
    is_optional: bool = False
    chapter: str = ""

    def build(self) -> ParsedArticle:
        return ParsedArticle(
            number=self.number,
            title=self.heading,
            text=normalise_markdown(self.lines),
            is_optional=self.is_optional,
            chapter=self.chapter,
            source_line=self.line,
        )


@dataclass
class _DocumentDraft(_Section):
    slug: str = ""
    chapter: str = ""  # the chapter heading the next article stands under
    articles: list[_ArticleDraft] = field(default_factory=list)

    def add_article(self, article: _ArticleDraft) -> None:
        for earlier in self.articles:
            if earlier.number == article.number:
                raise ImportAmbiguity(
                    f"Artikel {article.number} komt twee keer voor in '{self.heading}' "
                    f"(regel {earlier.line} en regel {article.line})",
                    line=article.line,
                )
        self.articles.append(article)

    @property
    def current(self) -> _Section:
        return self.articles[-1] if self.articles else self

    def build(self) -> ParsedDocument:
        return ParsedDocument(
            slug=self.slug,
            kind=self.kind,
            title=self.heading,
            introduction=normalise_markdown(self.lines),
            articles=tuple(article.build() for article in self.articles),
        )


def _front_matter_kind(heading: str) -> str | None:
    return _FRONT_MATTER_KINDS_BY_HEADING.get(heading.rstrip(":").strip().casefold())


def _has_headed(sections: Sequence[_Section]) -> bool:
    return any(section.heading for section in sections)


def _is_standalone(lines: Sequence[_Line], index: int) -> bool:
    """The line is a paragraph of its own: blank lines (or the edge of the text) around it."""
    before = lines[index - 1] if index > 0 else None
    after = lines[index + 1] if index + 1 < len(lines) else None
    return all(neighbour is None or neighbour.is_blank for neighbour in (before, after))


class _SectionNumbering:
    """Hierarchical numbers from heading levels: ``#`` → "1", ``##`` → "1.1", ``###`` → "1.1.1".

    Levels are relative: a document whose top sections are ``##`` numbers them "1", "2", and a
    skipped level does not leave a gap. An appendix heading replaces the number path with its
    own label ("Bijlage 1", its subsections "Bijlage 1.1") without using up a section number.
    """

    def __init__(self) -> None:
        self._stack: list[tuple[int, int, str]] = []  # (level, ordinal, label)

    def next(self, level: int, *, appendix: str = "") -> str:
        popped: tuple[int, int, str] | None = None
        while self._stack and self._stack[-1][0] > level:
            popped = self._stack.pop()
        if self._stack and self._stack[-1][0] == level:
            ordinal = self._stack.pop()[1]
        elif popped is not None:
            ordinal = popped[1]  # takes the place of a deeper heading at this position
        else:
            ordinal = 0
        if appendix:
            label = appendix
        else:
            ordinal += 1
            label = str(ordinal)
        self._stack.append((level, ordinal, label))
        labels = [entry[2] for entry in self._stack]
        start = max((i for i, entry in enumerate(self._stack) if not entry[2].isdigit()), default=0)
        return ".".join(labels[start:])


class _MarkdownParser:
    def __init__(self, text: str, *, name: str) -> None:
        self.name = name
        self.problems: list[ImportProblem] = []
        source = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.lines = self._scan(source.split("\n"))

    def parse(self) -> ParsedSource:
        deel_at = next(
            (
                i
                for i, line in enumerate(self.lines)
                if line.level == 1 and _DEEL_HEADING.match(clean_heading(line.heading))
            ),
            None,
        )
        if deel_at is not None:
            front_matter, title, _ = self._front_matter(self.lines[:deel_at], agreement=True)
            documents = self._agreement(self.lines[deel_at:])
        else:
            front_matter, title, content_at = self._front_matter(self.lines, agreement=False)
            documents = [self._sectioned(self.lines[content_at:], title=title)]
        return ParsedSource(
            name=self.name,
            title=title,
            documents=tuple(document.build() for document in documents),
            front_matter=tuple(
                FrontMatterSection(
                    kind=section.kind,
                    heading=section.heading,
                    text=normalise_markdown(section.lines),
                    source_line=section.line,
                )
                for section in front_matter
            ),
            problems=tuple(sorted(self.problems, key=lambda problem: problem.line)),
        )

    # -- reading lines ---------------------------------------------------------------------

    def _scan(self, raw_lines: list[str]) -> list[_Line]:
        start = self._skip_source_comment(raw_lines)
        lines: list[_Line] = []
        in_fence = False
        for index in range(start, len(raw_lines)):
            text = raw_lines[index]
            number = index + 1
            if _FENCE.match(text):
                in_fence = not in_fence
            heading = None if in_fence else _ATX_HEADING.match(text)
            if heading:
                lines.append(
                    _Line(number, text, level=len(heading[1]), heading=(heading[2] or "").strip())
                )
            else:
                lines.append(_Line(number, text))
        return lines

    def _skip_source_comment(self, raw_lines: list[str]) -> int:
        """Index of the first line after the ``<!-- source -->`` comment that opens the
        published files (0 when there is none)."""
        first = next((i for i, text in enumerate(raw_lines) if text.strip()), None)
        if first is None or not raw_lines[first].lstrip().startswith("<!--"):
            return 0
        for index in range(first, len(raw_lines)):
            _, closed, after = raw_lines[index].partition("-->")
            if closed:
                if after.strip():
                    raise ImportAmbiguity(
                        "Tekst na het bronvermelding-commentaar op dezelfde regel",
                        line=index + 1,
                    )
                lines = f"regel {first + 1}" + (f" t/m {index + 1}" if index > first else "")
                self._problem(first + 1, f"Bronvermelding-commentaar overgeslagen ({lines})")
                return index + 1
        raise ImportAmbiguity(
            "Het commentaar aan het begin wordt nergens afgesloten met '-->'", line=first + 1
        )

    def _problem(self, line: int, message: str) -> None:
        self.problems.append(ImportProblem(line=line, message=message))

    def _empty_heading(self, line: _Line) -> None:
        self._problem(line.number, f"Lege kop op regel {line.number} genegeerd")

    # -- front matter ----------------------------------------------------------------------

    def _front_matter(
        self, lines: Sequence[_Line], *, agreement: bool
    ) -> tuple[list[_Section], str, int]:
        """The front-matter sections, the file title and the index where content starts.

        In an agreement everything before the first Deel is front matter. Elsewhere, front
        matter ends at the first heading that is neither a known front-matter heading nor a
        subheading of a front-matter section other than the title page.
        """
        sections: list[_Section] = []
        title = ""
        current: _Section | None = None
        for index, line in enumerate(lines):
            if not line.is_heading:
                if current is None:
                    if line.is_blank:
                        continue
                    current = _Section(heading="", line=line.number, kind="other")
                    sections.append(current)
                    self._problem(
                        line.number,
                        "Tekst voor de eerste kop kon niet worden geplaatst; "
                        "bewaard als los voorwerk",
                    )
                elif (current.kind == "title_page" or current.level == _PARAGRAPH_LEVEL) and (
                    label := self._label(lines, index)
                ):
                    # "Versiebeheer:" as a plain paragraph on the title page, followed by the
                    # version table: the same part as a "# Versiebeheer" heading elsewhere.
                    heading, kind = label
                    current = _Section(
                        heading=heading, line=line.number, level=_PARAGRAPH_LEVEL, kind=kind
                    )
                    sections.append(current)
                    self._problem(
                        line.number,
                        f"Losse regel '{line.text.strip()}' op regel {line.number} gelezen als "
                        "kop van een voorwerk-onderdeel",
                    )
                    continue
                current.lines.append(line.text)
                continue
            if not line.heading:
                self._empty_heading(line)
                continue
            heading = clean_heading(line.heading)
            if agreement and _ARTICLE_HEADING.match(heading):
                raise ImportAmbiguity(
                    f"Artikelkop '{heading}' staat voor het eerste Deel van de overeenkomst",
                    line=line.number,
                )
            kind = _front_matter_kind(heading)
            if kind is None and not title and line.level == 1 and not _has_headed(sections):
                kind = "title_page"
                title = heading
            if kind is not None:
                current = _Section(heading=heading, line=line.number, level=line.level, kind=kind)
                sections.append(current)
            elif (
                current is not None
                and line.level > current.level
                and (agreement or current.kind != "title_page")
            ):
                current.lines.append(line.text)
            elif agreement:
                current = _Section(
                    heading=heading, line=line.number, level=line.level, kind="other"
                )
                sections.append(current)
                self._problem(
                    line.number,
                    f"Onbekend voorwerk-onderdeel '{heading}' op regel {line.number} "
                    "bewaard als 'overig'",
                )
            else:
                return sections, self._title_or_name(title), index
        return sections, self._title_or_name(title), len(lines)

    @staticmethod
    def _label(lines: Sequence[_Line], index: int) -> tuple[str, str] | None:
        """(heading, kind) when the line is a stand-alone paragraph naming a front-matter part
        that is kept apart from the title page (the version history)."""
        heading = clean_heading(lines[index].text).rstrip(":").strip()
        if _front_matter_kind(heading) == "version_history" and _is_standalone(lines, index):
            return heading, "version_history"
        return None

    def _title_or_name(self, title: str) -> str:
        if title:
            return title
        stem = PurePath(self.name).stem
        self._problem(0, f"Geen titel (kop 1) gevonden; bestandsnaam '{stem}' als titel gebruikt")
        return stem

    # -- an agreement: Deel 1, 2, 3 with numbered articles ---------------------------------

    def _agreement(self, lines: Sequence[_Line]) -> list[_DocumentDraft]:
        documents: list[_DocumentDraft] = []
        document: _DocumentDraft | None = None
        chapter: _Line | None = None  # a chapter heading not yet followed by an article
        for index, line in enumerate(lines):
            if line.is_heading and not line.heading:
                self._empty_heading(line)
                continue
            heading = clean_heading(line.heading) if line.is_heading else ""
            deel = _DEEL_HEADING.match(heading) if line.level == 1 else None
            if deel:
                self._close_chapter(chapter)
                chapter = None
                document = self._start_deel(documents, line, heading, deel["number"])
                documents.append(document)
                continue
            assert document is not None  # the lines start at the first Deel heading
            article = _ARTICLE_HEADING.match(heading) if line.is_heading else None
            if article:
                document.add_article(
                    _ArticleDraft(
                        heading=clean_heading(article["title"]),
                        line=line.number,
                        level=line.level,
                        number=article["number"].lower(),
                        is_optional=bool(article["optional"] or article["optional_after"]),
                        chapter=document.chapter,
                    )
                )
                chapter = None
                continue
            if line.is_heading and _CHAPTER_HEADING.match(heading):
                self._close_chapter(chapter)
                chapter = line
                document.chapter = heading
                continue
            if chapter is not None and not line.is_blank:
                raise ImportAmbiguity(
                    f"Regel {line.number} staat onder '{clean_heading(chapter.heading)}' maar "
                    "voor het eerste artikel daarvan en kan niet worden geplaatst",
                    line=line.number,
                )
            target = document.current
            if line.is_heading:
                self._note_foreign_heading(line, heading, document)
            elif self._looks_like_article_heading(lines, index):
                self._problem(
                    line.number,
                    f"Regel {line.number} lijkt een artikelkop maar is als gewone tekst "
                    f"opgemaakt; opgenomen in de tekst van {self._place(document)}",
                )
            target.lines.append(line.text)
        self._close_chapter(chapter)
        return documents

    def _start_deel(
        self, documents: list[_DocumentDraft], line: _Line, heading: str, number: str
    ) -> _DocumentDraft:
        slug = f"deel-{number}"
        for earlier in documents:
            if earlier.slug == slug:
                raise ImportAmbiguity(
                    f"Deel {number} komt twee keer voor (regel {earlier.line} en "
                    f"regel {line.number})",
                    line=line.number,
                )
        kind = _DEEL_KINDS.get(number, "other")
        if kind == "other":
            self._problem(line.number, f"Onbekend Deel {number}; ingelezen als overig document")
        return _DocumentDraft(heading=heading, line=line.number, level=1, kind=kind, slug=slug)

    def _close_chapter(self, chapter: _Line | None) -> None:
        if chapter is not None:
            self._problem(
                chapter.number,
                f"Hoofdstuk '{clean_heading(chapter.heading)}' op regel {chapter.number} "
                "bevat geen artikelen",
            )

    def _note_foreign_heading(self, line: _Line, heading: str, document: _DocumentDraft) -> None:
        """A heading that is neither Deel, article nor chapter stays in the text; it is only
        unexpected when it stands at the level of the articles or higher."""
        current = document.current
        limit = current.level if isinstance(current, _ArticleDraft) else 1
        if line.level <= limit:
            self._problem(
                line.number,
                f"Kop '{heading}' op regel {line.number} is geen artikel of hoofdstuk; "
                f"opgenomen in de tekst van {self._place(document)}",
            )

    @staticmethod
    def _place(document: _DocumentDraft) -> str:
        current = document.current
        if isinstance(current, _ArticleDraft):
            return f"artikel {current.number}"
        return f"de inleiding van {document.heading.partition(':')[0]}"

    @staticmethod
    def _looks_like_article_heading(lines: Sequence[_Line], index: int) -> bool:
        """A stand-alone paragraph shaped like an article heading (a heading that lost its
        heading style); ordinary sentences that mention an article do not count."""
        match = _ARTICLE_HEADING.match(clean_heading(lines[index].text))
        if not match or not (match["optional"] or match["separator"]):
            return False
        return _is_standalone(lines, index)

    # -- a document of headed sections -----------------------------------------------------

    def _sectioned(self, lines: Sequence[_Line], *, title: str) -> _DocumentDraft:
        casefolded = title.casefold()
        if "inkoopdocument" in casefolded:
            kind = "inkoopdocument"
        elif "begrippenlijst" in casefolded:
            kind = "begrippenlijst"
        else:
            kind = "other"
        document = _DocumentDraft(heading=title, line=0, kind=kind, slug=slugify(title))
        numbering = _SectionNumbering()
        for line in lines:
            if not line.is_heading:
                document.current.lines.append(line.text)
                continue
            if not line.heading:
                self._empty_heading(line)
                continue
            heading = clean_heading(line.heading)
            optional = _OPTIONAL_PREFIX.match(heading) or _OPTIONAL_SUFFIX.search(heading)
            heading = _OPTIONAL_SUFFIX.sub("", _OPTIONAL_PREFIX.sub("", heading))
            appendix = _APPENDIX_HEADING.match(heading)
            if appendix:
                number = numbering.next(line.level, appendix=f"Bijlage {appendix['label']}")
                heading = appendix["title"]
            else:
                number = numbering.next(line.level)
            if _ARTICLE_HEADING.match(heading):
                self._problem(
                    line.number,
                    f"Kop '{heading}' op regel {line.number} lijkt een artikel, maar het "
                    f"bestand heeft geen Deel-koppen; ingelezen als sectie {number}",
                )
            document.add_article(
                _ArticleDraft(
                    heading=heading,
                    line=line.number,
                    level=line.level,
                    number=number,
                    is_optional=bool(optional),
                )
            )
        return document
