"""Redlines: what changed between two versions of an article, marked up for reading.

A redline is the old text and the new text woven into one: the parts only the old version has are
struck through (``<del>``), the parts only the new version has are underlined (``<ins>``), and
everything both versions share is shown once. Lawyers read it to see what a release changes in an
article, so it has to look like what a careful person with a pen would produce:

* **Word-level.** A character diff of "artikel 3.8" → "artikel 3.9" is correct but unreadable
  once several edits interleave (``bin<del>n</del>en`` and worse). We never split a word or a
  number: each text is cut into tokens (runs of letters and digits, runs of whitespace, single
  punctuation marks), every distinct token is mapped to one private-use character (like
  diff-match-patch's ``diff_linesToChars``, but for tokens), and diff-match-patch diffs those
  strings. Each character of the diff is then a whole token.
* **Cleanup in token space.** ``diff_cleanupSemantic`` folds a chain of tiny edits with tiny
  equalities between them into one deletion and one insertion, which reads far better. It runs on
  the encoded strings, so it can only ever move or merge whole tokens; run on the decoded text it
  would happily cut words in half again.
* **Paragraphs first.** Articles are long and most of a new version is unchanged. Both texts are
  first split into paragraphs (at blank lines, separators kept) and diffed paragraph by paragraph,
  paired on their text without a leading clause number (an inserted clause renumbers all later
  ones); equal paragraphs pass through untouched and only the changed ones get the word diff.
  That keeps the exact diff (``Diff_Timeout = 0``, so the same input always gives the same
  redline) fast.
* **Rewrites are shown as rewrites.** The exact diff costs about (tokens × edits); for a long
  region that the two versions hardly share (a rewritten article) it would take seconds and its
  scattered matches of "de" and spaces help no reader. When the tokens the two sides cannot
  share are a large part of a large region, the region is shown as deleted and inserted whole.

Invariants, which the tests check on random and real texts:

* the operations rebuild both texts exactly: dropping the ``<ins>`` parts of ``html`` and
  unescaping gives the old text, dropping the ``<del>`` parts gives the new text;
* no ``<del>``/``<ins>`` boundary falls between two letters or digits;
* all text is HTML-escaped, so ``<script>`` or ``&`` in an article is shown, never interpreted;
* the output is deterministic: the same pair of texts gives byte-identical html.

Pure Python: no ORM, no Django. Caching redlines per pair of content hashes is the caller's job
(``standards.texts``).
"""

import enum
import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from diff_match_patch import diff_match_patch


class Kind(enum.StrEnum):
    """What an operation does to the old text to arrive at the new one."""

    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


EQUAL = Kind.EQUAL
DELETE = Kind.DELETE
INSERT = Kind.INSERT


class Operation(NamedTuple):
    """A stretch of text that both versions share, or only the old one, or only the new one."""

    kind: Kind
    text: str


@dataclass(frozen=True)
class Redline:
    """The operations that turn the old text into the new one, in reading order.

    Adjacent operations never have the same kind and none is empty.
    """

    operations: tuple[Operation, ...]

    @property
    def html(self) -> str:
        """Escaped text with ``<del>`` around deletions and ``<ins>`` around insertions.

        Newlines are kept as they are; render with ``white-space: pre-wrap`` or convert them.
        """
        return "".join(_render(operation) for operation in self.operations)

    @property
    def changed(self) -> bool:
        return any(operation.kind is not EQUAL for operation in self.operations)

    @property
    def old(self) -> str:
        return "".join(op.text for op in self.operations if op.kind is not INSERT)

    @property
    def new(self) -> str:
        return "".join(op.text for op in self.operations if op.kind is not DELETE)


def redline(old: str, new: str) -> Redline:
    """The redline from ``old`` to ``new``: paragraphs first, then words within changed ones."""
    if old == new:
        return Redline(operations=(Operation(EQUAL, old),) if old else ())
    operations: list[Operation] = []
    for region in _paragraph_regions(old, new):
        if region.changed:
            operations.extend(_word_operations(region.old, region.new))
        else:
            operations.append(Operation(EQUAL, region.old))
    return Redline(operations=tuple(_merged(operations)))


# --- Paragraph pass -------------------------------------------------------------------------------

# A paragraph ends after a blank line (a line with at most spaces and tabs); the separator stays
# with the paragraph before it so that joining the paragraphs gives back the text exactly.
_PARAGRAPH = re.compile(r".*?(?:\n(?:[ \t]*\n)+|\Z)", re.DOTALL)


def _paragraphs(text: str) -> list[str]:
    """``text`` cut after each blank-line separator; ``"".join(result) == text``."""
    return [paragraph for paragraph in _PARAGRAPH.findall(text) if paragraph]


class _Region(NamedTuple):
    """A run of paragraphs both texts share, or the changed paragraphs between two such runs."""

    changed: bool
    old: str
    new: str


# A clause number at the start of a paragraph ("3.", "2.1", "b)"): when a clause is inserted,
# every later clause is renumbered, and matching paragraphs on their text after the number keeps
# those paragraphs paired (each becomes a tiny word diff of its number) instead of letting them
# fall into one large changed region.
_CLAUSE_NUMBER = re.compile(r"^[ \t]*(?:\d+[a-z]?(?:\.\d+)*[.)]?|[a-z][.)])[ \t]+")


def _matching_key(paragraph: str) -> str:
    return _CLAUSE_NUMBER.sub("", paragraph, count=1)


def _paragraph_regions(old: str, new: str) -> Iterator[_Region]:
    """Both texts as alternating shared and changed regions, in reading order.

    Paragraphs are paired by their text without a leading clause number; a pair that differs
    only there is a changed region of its own. No cleanup at this level: every paired paragraph
    is worth keeping out of a larger word-level diff.
    """
    old_paragraphs, new_paragraphs = _paragraphs(old), _paragraphs(new)
    keys = _diff_units(
        [_matching_key(p) for p in old_paragraphs],
        [_matching_key(p) for p in new_paragraphs],
        cleanup=False,
    )
    deleted: list[str] = []
    inserted: list[str] = []
    i = j = 0
    for kind, units in keys:
        count = len(units)
        if kind is DELETE:
            deleted.extend(old_paragraphs[i : i + count])
            i += count
        elif kind is INSERT:
            inserted.extend(new_paragraphs[j : j + count])
            j += count
        else:
            for old_paragraph, new_paragraph in zip(
                old_paragraphs[i : i + count], new_paragraphs[j : j + count], strict=True
            ):
                if deleted or inserted:
                    yield _Region(changed=True, old="".join(deleted), new="".join(inserted))
                    deleted, inserted = [], []
                if old_paragraph == new_paragraph:
                    yield _Region(changed=False, old=old_paragraph, new=new_paragraph)
                else:
                    yield _Region(changed=True, old=old_paragraph, new=new_paragraph)
            i += count
            j += count
    if deleted or inserted:
        yield _Region(changed=True, old="".join(deleted), new="".join(inserted))


# --- Word pass ------------------------------------------------------------------------------------

# Letters and digits (``\w`` without the underscore, which in Markdown is emphasis, not part of a
# word) with any combining accents (a decomposed "ë" is one word), runs of whitespace, and any
# other single character.
_TOKEN = re.compile(r"(?:[^\W_][\u0300-\u036f]*)+|\s+|.", re.DOTALL)


def _tokens(text: str) -> list[str]:
    """``text`` cut into words, whitespace runs and single punctuation marks."""
    return _TOKEN.findall(text)


# A region is replaced whole when at least this share of its tokens must change, and the exact
# diff would cost more than this many token-edit steps (about a second at 15 million).
REWRITE_SHARE = 0.3
REWRITE_COST = 2_000_000


def _is_rewrite(old_tokens: list[str], new_tokens: list[str]) -> bool:
    """Whether the region changed so much that a word diff is slow and unreadable.

    Tokens the two sides do not have in common must be deleted or inserted whatever the order,
    so their number is a lower bound of the edits the diff will find.
    """
    size = len(old_tokens) + len(new_tokens)
    shared = sum((Counter(old_tokens) & Counter(new_tokens)).values())
    least_edits = size - 2 * shared
    return least_edits > REWRITE_SHARE * size and least_edits * size > REWRITE_COST


def _word_operations(old_region: str, new_region: str) -> list[Operation]:
    """The word-level diff of one changed region, semantically cleaned up in token space."""
    old_tokens, new_tokens = _tokens(old_region), _tokens(new_region)
    if _is_rewrite(old_tokens, new_tokens):
        return [Operation(DELETE, old_region), Operation(INSERT, new_region)]
    return [
        Operation(kind, "".join(tokens))
        for kind, tokens in _diff_units(old_tokens, new_tokens, cleanup=True)
    ]


# --- Diffing sequences of units (paragraphs or tokens) with diff-match-patch ----------------------

# Private-use area of the Basic Multilingual Plane, then everything above it: all of this lies
# above the surrogates (U+D800-U+DFFF), so every code point handed out is a valid character.
_FIRST_CODE_POINT = 0xE000
_LAST_CODE_POINT = 0x10FFFF

_KINDS = {
    diff_match_patch.DIFF_EQUAL: EQUAL,
    diff_match_patch.DIFF_DELETE: DELETE,
    diff_match_patch.DIFF_INSERT: INSERT,
}


def _diff_units(
    old_units: list[str], new_units: list[str], *, cleanup: bool
) -> list[tuple[Kind, list[str]]]:
    """Diff two sequences of units, each unit one indivisible symbol (one character to dmp)."""
    codes: dict[str, str] = {}
    table: list[str] = []

    def encode(units: list[str]) -> str:
        characters = []
        for unit in units:
            code = codes.get(unit)
            if code is None:
                code_point = _FIRST_CODE_POINT + len(table)
                if code_point > _LAST_CODE_POINT:
                    raise ValueError("too many distinct units to diff")
                code = codes[unit] = chr(code_point)
                table.append(unit)
            characters.append(code)
        return "".join(characters)

    old_encoded, new_encoded = encode(old_units), encode(new_units)
    matcher = diff_match_patch()
    matcher.Diff_Timeout = 0  # exact and deterministic, never cut short by the clock
    diffs = matcher.diff_main(old_encoded, new_encoded, checklines=False)
    if cleanup:
        matcher.diff_cleanupSemantic(diffs)
    return [
        (_KINDS[dmp_kind], [table[ord(code) - _FIRST_CODE_POINT] for code in encoded])
        for dmp_kind, encoded in diffs
    ]


def _merged(operations: Iterable[Operation]) -> Iterator[Operation]:
    """Adjacent operations of the same kind joined, empty ones dropped."""
    pending: Operation | None = None
    for operation in operations:
        if not operation.text:
            continue
        if pending is not None and pending.kind is operation.kind:
            pending = Operation(pending.kind, pending.text + operation.text)
            continue
        if pending is not None:
            yield pending
        pending = operation
    if pending is not None:
        yield pending


# --- Rendering ------------------------------------------------------------------------------------

_TAGS = {DELETE: "del", INSERT: "ins"}


def _render(operation: Operation) -> str:
    text = html.escape(operation.text, quote=True)
    if operation.kind is EQUAL:
        return text
    tag = _TAGS[operation.kind]
    return f"<{tag}>{text}</{tag}>"
