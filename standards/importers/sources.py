"""Reading uploaded or local files into ``ParsedSource``s, by their kind (Markdown or Word)."""

from pathlib import PurePath

from django.utils.translation import gettext as _

from standards.importers.docx import parse_docx
from standards.importers.markdown import parse_markdown
from standards.importers.parsed import ImportAmbiguity, ParsedSource

MARKDOWN_SUFFIXES = {".md", ".markdown", ".txt"}
WORD_SUFFIXES = {".docx"}


def parse_source(name: str, data: bytes) -> ParsedSource:
    suffix = PurePath(name).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportAmbiguity(_("%s is geen UTF-8-tekst.") % name) from error
        return parse_markdown(text, name=name)
    if suffix in WORD_SUFFIXES:
        return parse_docx(data, name=name)
    raise ImportAmbiguity(
        _("%(name)s: onbekend bestandstype; gebruik Markdown (.md) of Word (.docx).")
        % {"name": name}
    )
