"""Redlines laid out for reading: woven into one text, or split into an old and a new half.

A redline (``standards.redlines``) weaves both versions of an article into one text, deletions
struck through and insertions underlined. That is the *inline* layout. Side by side, as in the
Ketenbureau's *was-wordt* table, each column shows one version whole: the old half is the text
both versions share plus what the new one deletes (marked ``<del>``), the new half the shared text
plus what it inserts (``<ins>``). Reading down either column gives exactly that version's text.

Every piece of text is HTML-escaped here, so the only markup in the result is the marks; that is
why the results are returned marked safe for templates. Pure: no ORM, no request, no state.
"""

import html
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from standards.redlines import DELETE, EQUAL, INSERT, Kind, Redline

_TAGS = {DELETE: "del", INSERT: "ins"}


@dataclass(frozen=True)
class RedlineHalves:
    """The two columns of a side-by-side redline; an empty half means that version has no text."""

    old: SafeString
    new: SafeString


def inline_html(redline: Redline) -> SafeString:
    """Both versions woven into one text: the engine escapes all text, only del/ins are markup."""
    return mark_safe(redline.html)


def old_half(redline: Redline) -> SafeString:
    """The old text: what both versions share, plus the deletions marked ``<del>``."""
    return _half(redline, marked=DELETE)


def new_half(redline: Redline) -> SafeString:
    """The new text: what both versions share, plus the insertions marked ``<ins>``."""
    return _half(redline, marked=INSERT)


def halves(redline: Redline) -> RedlineHalves:
    return RedlineHalves(old=old_half(redline), new=new_half(redline))


def _half(redline: Redline, *, marked: Kind) -> SafeString:
    tag = _TAGS[marked]
    parts = []
    for operation in redline.operations:
        if operation.kind is EQUAL:
            parts.append(html.escape(operation.text, quote=True))
        elif operation.kind is marked:
            parts.append(f"<{tag}>{html.escape(operation.text, quote=True)}</{tag}>")
    return mark_safe("".join(parts))
