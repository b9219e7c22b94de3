"""Rendering of article text (stored as Markdown) into HTML for the portal.

Raw HTML in the source is not passed through: article texts come from imported documents and,
later, from change requests typed by anyone, so everything is escaped except the Markdown
structure itself (paragraphs, lists, tables, emphasis).
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

from markdown_it import MarkdownIt

register = template.Library()

_renderer = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False}
).enable("table")


@register.filter(name="legal_text")
def legal_text(text: str) -> SafeString:
    return mark_safe(_renderer.render(text or ""))
