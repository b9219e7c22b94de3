"""What an importer makes of one source file, before anything touches the database.

A source file (one Markdown or Word file as published by the Ketenbureau) yields a
``ParsedSource``: the file's front matter (title page, table of contents, parties, …), one or
more ``ParsedDocument``s (the Overeenkomst splits into Deel 1, 2 and 3; an inkoopdocument or the
begrippenlijst is one document) each with its ``ParsedArticle``s, and the ``ImportProblem``s met
on the way. A problem says what was noticed and how it was handled, so nothing is dropped
silently; when the parser cannot decide at all it raises ``ImportAmbiguity`` and the import
fails instead of guessing.

All types are frozen: a parse result is a value that can be compared, hashed and cached.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ParsedArticle:
    """One article (``Artikel 3.18``) or, in documents without article numbers, one section.

    ``number`` is the article number as written ("1.1", "3.18", "1.n"); for sections it is
    derived from the heading levels ("1", "1.2", "2.3.1") and appendices keep their own name
    ("Bijlage 1"). ``title`` is the bare title, without "Artikel 1.1:", "[Optioneel:]" or bold
    markers. ``text`` is the body as normalised Markdown. ``chapter`` is the chapter heading
    the article stands under ("Hoofdstuk 1: …"), or "". ``source_line`` is the 1-based line of
    the heading in the source file.
    """

    number: str
    title: str
    text: str
    is_optional: bool
    chapter: str
    source_line: int


@dataclass(frozen=True)
class ParsedDocument:
    """One document of a standard: a Deel of the Overeenkomst, an inkoopdocument, the glossary.

    ``kind`` is one of ``DOCUMENT_KINDS``. ``introduction`` is the Markdown between the
    document heading and its first article (all of Deel 2, which has no fixed articles).
    """

    slug: str
    kind: str
    title: str
    introduction: str
    articles: tuple[ParsedArticle, ...]


DOCUMENT_KINDS = (
    "overeenkomst_deel_1",
    "overeenkomst_deel_2",
    "overeenkomst_deel_3",
    "inkoopdocument",
    "begrippenlijst",
    "other",
)


@dataclass(frozen=True)
class FrontMatterSection:
    """A part of a file before its first document: title page, parties, considerations, …

    ``kind`` is one of ``FRONT_MATTER_KINDS``. Front matter never becomes an article.
    """

    kind: str
    heading: str
    text: str
    source_line: int


FRONT_MATTER_KINDS = (
    "title_page",
    "version_history",
    "table_of_contents",
    "parties",
    "considerations",
    "definitions",
    "other",
)


@dataclass(frozen=True)
class ImportProblem:
    """Something the parser noticed and handled; ``message`` is Dutch and says how.

    ``line`` is the 1-based source line, or 0 when the problem has no line (a message of the
    Word conversion, for instance).
    """

    line: int
    message: str


@dataclass(frozen=True)
class ParsedSource:
    """Everything parsed from one input file."""

    name: str
    title: str
    documents: tuple[ParsedDocument, ...]
    front_matter: tuple[FrontMatterSection, ...]
    problems: tuple[ImportProblem, ...]


class ImportAmbiguity(Exception):
    """The input allows more than one reading; the import fails rather than guess.

    Carries the source line (0 when there is none) and a Dutch message for the person who
    runs the import.
    """

    def __init__(self, message: str, *, line: int = 0) -> None:
        self.line = line
        self.message = message
        super().__init__(f"regel {line}: {message}" if line else message)


class UnreadableSource(ImportAmbiguity):
    """The file cannot be read at all (not a Word document, not text); the import fails."""
