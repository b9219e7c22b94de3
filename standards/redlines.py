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
  ones); equal paragraphs pass through untouched and only the changed ones are diffed further.
  A run of changed paragraphs with as many on both sides, most of them still alike (a term
  renamed throughout), is diffed pair by pair.
* **Then shared ends, then sentences, then words.** In a changed stretch, what both versions
  share at its start and end (cut between tokens) is kept without diffing, so a renumbered
  clause costs a diff of its number only. What lies between gets the word diff when it is short;
  a longer stretch is first diffed sentence by sentence (a sentence keeps its clause number or
  list letter), and within each run of changed sentences every old sentence is paired with the
  new sentence it still looks like (sharing at least 40 % of its consecutive word pairs). Pairs
  get the word diff; a sentence with no counterpart is deleted or inserted whole, which is how a
  rewritten sentence reads best. All this keeps the exact diff (``Diff_Timeout = 0``, so the
  same input always gives the same redline) small and fast.
* **Rewrites are shown as rewrites.** The exact diff costs about (tokens × edits); for a long
  stretch that the two versions hardly share (a rewritten article) it took seconds to a minute,
  and its scattered matches of "de" and spaces help no reader. Texts in one register share
  nearly all their words, so the test counts sentences: a long stretch of which at most a
  quarter of the sentences survived word for word, and whose sentences cannot mostly be paired
  with nearby alike ones, is deleted and inserted whole. Every limit is a count (tokens,
  sentences), never the clock, so the cost is bounded and the output stays deterministic.

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
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
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
    """The redline from ``old`` to ``new``: paragraphs, then sentences, then words."""
    if old == new:
        return Redline(operations=(Operation(EQUAL, old),) if old else ())
    if not old or not new:  # an added or a removed article: nothing to diff
        return Redline(operations=(Operation(INSERT, new) if new else Operation(DELETE, old),))
    operations: list[Operation] = []
    for region in _paragraph_regions(old, new):
        if region.changed:
            operations.extend(_paragraph_run_operations(region.old, region.new))
        else:
            operations.append(Operation(EQUAL, "".join(region.old)))
    return Redline(operations=tuple(_merged(operations)))


# --- Paragraph pass -------------------------------------------------------------------------------

# A paragraph ends after a blank line (a line with at most spaces and tabs); the separator stays
# with the paragraph before it so that joining the paragraphs gives back the text exactly.
_PARAGRAPH_END = re.compile(r"(\n(?:[ \t]*\n)+)")


def _paragraphs(text: str) -> list[str]:
    """``text`` cut after each blank-line separator; ``"".join(result) == text``."""
    # Splitting at the separators is several times faster than matching the paragraphs.
    parts = _PARAGRAPH_END.split(text)
    paragraphs = [parts[i] + parts[i + 1] for i in range(0, len(parts) - 1, 2)]
    if parts[-1]:
        paragraphs.append(parts[-1])
    return paragraphs


class _Region(NamedTuple):
    """A run of units (paragraphs or sentences) both texts share, or the changed units between."""

    changed: bool
    old: list[str]
    new: list[str]


# A clause number at the start of a paragraph ("3.", "2.1", "b)"): when a clause is inserted,
# every later clause is renumbered, and matching paragraphs on their text after the number keeps
# those paragraphs paired (each becomes a tiny word diff of its number) instead of letting them
# fall into one large changed region.
_CLAUSE_NUMBER = re.compile(r"^[ \t]*(?:\d+[a-z]?(?:\.\d+)*[.)]?|[a-z][.)])[ \t]+")


def _matching_key(paragraph: str) -> str:
    return _CLAUSE_NUMBER.sub("", paragraph, count=1)


def _paragraph_regions(old: str, new: str) -> Iterator[_Region]:
    """Both texts as alternating shared and changed runs of paragraphs, in reading order.

    Paragraphs are paired by their text without a leading clause number; a pair that differs
    only there is a changed region of its own. No cleanup at this level: every paired paragraph
    is worth keeping out of a larger word-level diff.
    """
    old_paragraphs, new_paragraphs = _paragraphs(old), _paragraphs(new)
    old_keys = [_matching_key(p) for p in old_paragraphs]
    new_keys = [_matching_key(p) for p in new_paragraphs]
    deleted: list[str] = []
    inserted: list[str] = []
    i = j = 0
    for kind, count in _diff_counts(old_keys, new_keys):
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
                    yield _Region(changed=True, old=deleted, new=inserted)
                    deleted, inserted = [], []
                changed = old_paragraph != new_paragraph
                yield _Region(changed=changed, old=[old_paragraph], new=[new_paragraph])
            i += count
            j += count
    if deleted or inserted:
        yield _Region(changed=True, old=deleted, new=inserted)


# --- Sentence pass --------------------------------------------------------------------------------

# A sentence ends after a full stop, question or exclamation mark, colon or semicolon that is
# followed by whitespace ("3.8" and "e-mail" stay inside), or at the end of a line (a list item,
# a table row); the whitespace after it stays with it. A leading clause number or list letter
# ("2. ", "   b. ") belongs to its sentence: as sentences of their own, the numbers of two
# unrelated versions would pair up and hold the rest of their paragraphs in place.
_SENTENCE_END = re.compile(r"([.!?;:]+\s+|\n\s*)")
_ENUMERATOR = re.compile(r"[ \t]*(?:\d+[a-z]?(?:\.\d+)*|[a-z])")


def _sentences(text: str) -> list[str]:
    """``text`` cut after each sentence and line; ``"".join(result) == text``."""
    parts = _SENTENCE_END.split(text)
    sentences = []
    pending = ""
    for i in range(0, len(parts) - 1, 2):
        sentence, end = parts[i], parts[i + 1]
        if end[0] == "." and "\n" not in end and _ENUMERATOR.fullmatch(sentence):
            pending += sentence + end
        else:
            sentences.append(pending + sentence + end)
            pending = ""
    if pending or parts[-1]:
        sentences.append(pending + parts[-1])
    return sentences


def _sentence_operations(old_sentences: list[str], new_sentences: list[str]) -> list[Operation]:
    """A long changed stretch diffed sentence by sentence, and each changed run word by word."""
    operations: list[Operation] = []
    deleted: list[str] = []
    inserted: list[str] = []
    i = j = 0
    for kind, count in _diff_counts(old_sentences, new_sentences):
        if kind is DELETE:
            deleted.extend(old_sentences[i : i + count])
            i += count
        elif kind is INSERT:
            inserted.extend(new_sentences[j : j + count])
            j += count
        else:
            if deleted or inserted:
                operations.extend(_sentence_run_operations(deleted, inserted))
                deleted, inserted = [], []
            operations.append(Operation(EQUAL, "".join(old_sentences[i : i + count])))
            i += count
            j += count
    if deleted or inserted:
        operations.extend(_sentence_run_operations(deleted, inserted))
    return operations


# --- Changed runs ---------------------------------------------------------------------------------


def _paragraph_run_operations(old_units: list[str], new_units: list[str]) -> list[Operation]:
    """The operations of a run of changed paragraphs between two shared ones.

    When both sides have the same number of paragraphs and most of them still look alike,
    paragraph ``i`` of the old run became paragraph ``i`` of the new one (a term renamed in
    every paragraph, churn in every sentence): each pair is diffed on its own, which costs far
    less than one diff of the whole run and reads the same. Otherwise the run is one text.
    """
    if not old_units or not new_units:
        return _replaced("".join(old_units), "".join(new_units))
    if len(old_units) == len(new_units) > 1 and _mostly_alike(old_units, new_units):
        return [
            operation
            for old_unit, new_unit in zip(old_units, new_units, strict=True)
            for operation in _text_operations(old_unit, new_unit, sentences=True)
        ]
    return _text_operations("".join(old_units), "".join(new_units), sentences=True)


# Sentences of a changed run are aligned by likeness, the best way, when the run has at most
# this many pairs of an old and a new sentence to weigh (about a millisecond). A longer run is
# aligned in one pass, each old sentence looking for its new version among the next few new
# sentences; when the sentences paired that way hold less than half of the run's text, the run
# reads as rewritten and is replaced whole.
ALIGN_LIMIT = 40 * 40
NEARBY = 4


def _sentence_run_operations(old_units: list[str], new_units: list[str]) -> list[Operation]:
    """A run of changed sentences: each sentence paired with its new version, if it has one.

    A sentence that looks like no sentence on the other side is deleted or inserted whole, and
    each pair gets a word diff.
    """
    if not old_units or not new_units:
        return _replaced("".join(old_units), "".join(new_units))
    if len(old_units) * len(new_units) <= ALIGN_LIMIT:
        return _paired_operations(old_units, new_units, _best_pairs(old_units, new_units))
    pairs = _nearby_pairs(old_units, new_units)
    if not _mostly_paired(old_units, new_units, pairs):
        return _replaced("".join(old_units), "".join(new_units))
    return _paired_operations(old_units, new_units, pairs)


def _best_pairs(old_units: list[str], new_units: list[str]) -> list[tuple[int, int]]:
    """The pairs of alike units, in order on both sides, that share the most word pairs."""
    old_pairs = [frozenset(_word_pairs(unit)) for unit in old_units]
    new_pairs = [frozenset(_word_pairs(unit)) for unit in new_units]
    rows, columns = len(old_units), len(new_units)
    shared = [
        [_shared_if_alike(old_pairs[i], new_pairs[j]) for j in range(columns)] for i in range(rows)
    ]
    # best[i][j]: the most word pairs an alignment of old_units[i:] and new_units[j:] shares.
    best = [[0] * (columns + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        row, below, counts = best[i], best[i + 1], shared[i]
        for j in range(columns - 1, -1, -1):
            count = counts[j]
            row[j] = max(below[j + 1] + count if count else 0, below[j], row[j + 1])
    pairs = []
    i = j = 0
    while i < rows and j < columns:
        count = shared[i][j]
        if count and best[i][j] == best[i + 1][j + 1] + count:
            pairs.append((i, j))
            i += 1
            j += 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _nearby_pairs(old_units: list[str], new_units: list[str]) -> list[tuple[int, int]]:
    """Each old unit paired with the first alike one among the next few new units, in one pass."""
    new_pairs = [frozenset(_word_pairs(unit)) for unit in new_units]
    pairs = []
    j = 0
    for i, old_unit in enumerate(old_units):
        old_pairs = frozenset(_word_pairs(old_unit))
        for candidate in range(j, min(j + NEARBY, len(new_units))):
            if _shared_if_alike(old_pairs, new_pairs[candidate]):
                pairs.append((i, candidate))
                j = candidate + 1
                break
    return pairs


def _mostly_paired(
    old_units: list[str], new_units: list[str], pairs: list[tuple[int, int]]
) -> bool:
    paired = sum(len(old_units[i]) + len(new_units[j]) for i, j in pairs)
    total = sum(map(len, old_units)) + sum(map(len, new_units))
    return 2 * paired >= total


def _paired_operations(
    old_units: list[str], new_units: list[str], pairs: list[tuple[int, int]]
) -> list[Operation]:
    """Paired units word-diffed, the units between the pairs deleted and inserted whole."""
    operations: list[Operation] = []
    i = j = 0
    for pair_i, pair_j in [*pairs, (len(old_units), len(new_units))]:
        operations.extend(_replaced("".join(old_units[i:pair_i]), "".join(new_units[j:pair_j])))
        if pair_i < len(old_units):
            operations.extend(
                _text_operations(old_units[pair_i], new_units[pair_j], sentences=False)
            )
        i, j = pair_i + 1, pair_j + 1
    return operations


# The exact word diff costs about (tokens × edits), and edits can be as many as tokens. Up to
# SMALL_LIMIT (the product of the two sides' token counts, about 10 words a side) a stretch
# always gets it; up to EXACT_LIMIT (about 30 words a side) when the two sides look alike (see
# ``_alike``). A longer stretch is first diffed sentence by sentence. A single sentence longer
# than that gets a word diff up to WORD_LIMIT (about 250 words a side) if it looks like its new
# version, and is replaced whole otherwise.
EXACT_LIMIT = 60 * 60
SMALL_LIMIT = 20 * 20
WORD_LIMIT = 500 * 500


def _text_operations(old: str, new: str, *, sentences: bool) -> list[Operation]:
    """The operations from ``old`` to ``new``: shared ends kept, the stretch between diffed.

    A stretch judged rewritten is replaced whole, shared ends included: a reader of a rewrite
    is not helped by a shared "De" at its start or a full stop at its end.
    """
    start, end = _shared_ends(old, new)
    old_middle, new_middle = old[start : len(old) - end], new[start : len(new) - end]
    if not old_middle or not new_middle:
        middle = _replaced(old_middle, new_middle)
    else:
        old_tokens, new_tokens = _tokens(old_middle), _tokens(new_middle)
        cost = len(old_tokens) * len(new_tokens)
        if cost <= SMALL_LIMIT or (cost <= EXACT_LIMIT and _alike(old_middle, new_middle)):
            middle = _word_operations(old_tokens, new_tokens)
        elif sentences:
            old_sentences, new_sentences = _sentences(old_middle), _sentences(new_middle)
            if not _is_rewrite(old_sentences, new_sentences):
                middle = _sentence_operations(old_sentences, new_sentences)
            else:
                # Hardly a sentence kept word for word: a rewrite, or every sentence edited.
                pairs = _nearby_pairs(old_sentences, new_sentences)
                if not _mostly_paired(old_sentences, new_sentences, pairs):
                    return _replaced(old, new)
                middle = _paired_operations(old_sentences, new_sentences, pairs)
        elif cost <= WORD_LIMIT and _alike(old_middle, new_middle):
            middle = _word_operations(old_tokens, new_tokens)
        else:
            return _replaced(old, new)
    return [Operation(EQUAL, old[:start]), *middle, Operation(EQUAL, old[len(old) - end :])]


def _replaced(old: str, new: str) -> list[Operation]:
    return [Operation(DELETE, old), Operation(INSERT, new)]


def _shared_ends(old: str, new: str) -> tuple[int, int]:
    """How many characters both texts share at the start and at the end, cut between tokens.

    The shared ends need no diff; cutting them off first means a renumbered clause or one word
    changed in a long paragraph is tokenised and diffed only where it differs.
    """
    start = _MATCHER.diff_commonPrefix(old, new)
    while start and not (_cuttable(old, start) and _cuttable(new, start)):
        start -= 1
    end = _MATCHER.diff_commonSuffix(old[start:], new[start:])
    while end and not (_cuttable(old, len(old) - end) and _cuttable(new, len(new) - end)):
        end -= 1
    # A shared end that is only part of a line, after lines inserted or deleted ("werkdagen."
    # → "werkdagen.\n\n2. Nieuw lid."), is left to the word diff: diff-match-patch slides the
    # new lines to the end, so the inserted paragraph reads as a whole one.
    in_middle = "\n" in old[start : len(old) - end] or "\n" in new[start : len(new) - end]
    if end and in_middle and "\n" not in old[len(old) - end :]:
        end = 0
    return start, end


def _cuttable(text: str, at: int) -> bool:
    """Whether cutting ``text`` at ``at`` keeps words (with their accents) and spaces whole."""
    if at <= 0 or at >= len(text):
        return True
    before, after = text[at - 1], text[at]
    if before.isspace() and after.isspace():
        return False
    return not (_is_word_character(before) and _is_word_character(after))


def _is_word_character(character: str) -> bool:
    return character.isalnum() or "\u0300" <= character <= "\u036f"


# --- Rewrites -------------------------------------------------------------------------------------

# A run of sentences (or one long stretch) is replaced whole when it shares less than this share
# of its word pairs with the other side: two versions of the same sentence share most of them
# even after heavy editing (every seventh word dropped: about 60 %), two different sentences in
# the same style share a few (around 10 %).
ALIKE_SHARE = 0.4

# A long stretch (at least this many sentences on the two sides together) is replaced whole
# when at least this share of its sentences appears nowhere on the other side. Sentences, unlike
# words, seldom repeat, so the count is a close estimate of what a sentence diff would find, at
# a fraction of its cost; and a stretch of which hardly one sentence survived word for word is
# read as a new text (editing every sentence of a long stretch while keeping its sentences in
# place is caught before this, by pairing the paragraphs or sentences by position).
REWRITE_SHARE = 0.75
REWRITE_SENTENCES = 16

_WORD = re.compile(r"(?:[^\W_][\u0300-\u036f]*)+")


def _word_pairs(text: str) -> Counter[tuple[str, str]]:
    words = _WORD.findall(text)
    if len(words) == 1:
        return Counter({(words[0], ""): 1})
    return Counter(itertools.pairwise(words))


def _alike(old: str, new: str) -> bool:
    """Whether two stretches share enough consecutive word pairs to be versions of each other.

    Pairs, not single words: two sentences in the same style share most of their words ("de",
    "Opdrachtnemer", "binnen") but few of their word pairs, unless one is an edit of the other.
    """
    old_pairs, new_pairs = _word_pairs(old), _word_pairs(new)
    total = old_pairs.total() + new_pairs.total()
    if not total:
        return True
    return 2 * (old_pairs & new_pairs).total() >= ALIKE_SHARE * total


def _shared_if_alike(
    old_pairs: AbstractSet[tuple[str, str]], new_pairs: AbstractSet[tuple[str, str]]
) -> int:
    """How many word pairs two units share, if that makes them alike (see ``_alike``); else 0."""
    count = len(old_pairs & new_pairs)
    if count and 2 * count >= ALIKE_SHARE * (len(old_pairs) + len(new_pairs)):
        return count
    return 0


def _mostly_alike(old_units: list[str], new_units: list[str]) -> bool:
    """Whether the pairs that look alike hold at least half of the text of the run."""
    alike = total = 0
    for old_unit, new_unit in zip(old_units, new_units, strict=True):
        size = len(old_unit) + len(new_unit)
        total += size
        if _alike(old_unit, new_unit):
            alike += size
    return 2 * alike >= total


def _is_rewrite(old_sentences: list[str], new_sentences: list[str]) -> bool:
    """Whether a long stretch shares so few sentences that it reads as rewritten.

    Sentences the two sides do not have in common must be deleted or inserted whatever the
    order, so their number is a lower bound of the changes a sentence diff will find.
    """
    size = len(old_sentences) + len(new_sentences)
    shared = (Counter(old_sentences) & Counter(new_sentences)).total()
    return size >= REWRITE_SENTENCES and size - 2 * shared >= REWRITE_SHARE * size


# --- Word pass ------------------------------------------------------------------------------------

# Letters and digits (``\w`` without the underscore, which in Markdown is emphasis, not part of a
# word) with any combining accents (a decomposed "ë" is one word), runs of whitespace, and any
# other single character.
_TOKEN = re.compile(r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*)*|\s+|.", re.DOTALL)


def _tokens(text: str) -> list[str]:
    """``text`` cut into words, whitespace runs and single punctuation marks."""
    return _TOKEN.findall(text)


def _word_operations(old_tokens: list[str], new_tokens: list[str]) -> list[Operation]:
    """The word-level diff of one changed stretch, semantically cleaned up in token space."""
    old_encoded, new_encoded, decoding = _encoded(old_tokens, new_tokens)
    diffs = _MATCHER.diff_main(old_encoded, new_encoded, checklines=False)
    _MATCHER.diff_cleanupSemantic(diffs)
    return [
        Operation(_KINDS[dmp_kind], "".join(map(decoding.__getitem__, encoded)))
        for dmp_kind, encoded in diffs
    ]


# --- Diffing sequences of units (paragraphs, sentences or tokens) with diff-match-patch -----------

# Private-use area of the Basic Multilingual Plane, then everything above it: all of this lies
# above the surrogates (U+D800-U+DFFF), so every code point handed out is a valid character.
_FIRST_CODE_POINT = 0xE000
_LAST_CODE_POINT = 0x10FFFF

_KINDS = {
    diff_match_patch.DIFF_EQUAL: EQUAL,
    diff_match_patch.DIFF_DELETE: DELETE,
    diff_match_patch.DIFF_INSERT: INSERT,
}

# Exact and deterministic, never cut short by the clock. The matcher keeps no state between
# calls besides its settings, so one instance serves every diff.
_MATCHER = diff_match_patch()
_MATCHER.Diff_Timeout = 0


def _encoded(old_units: list[str], new_units: list[str]) -> tuple[str, str, dict[str, str]]:
    """Both sequences as strings of one character per unit, and the way back from a character.

    Codes are handed out in order of first appearance (old side first), so the same input
    always gets the same codes.
    """
    distinct = dict.fromkeys(old_units)
    distinct.update(dict.fromkeys(new_units))
    if _FIRST_CODE_POINT + len(distinct) - 1 > _LAST_CODE_POINT:
        raise ValueError("too many distinct units to diff")
    codes = {unit: chr(code_point) for code_point, unit in enumerate(distinct, _FIRST_CODE_POINT)}
    decoding = {code: unit for unit, code in codes.items()}
    return (
        "".join(map(codes.__getitem__, old_units)),
        "".join(map(codes.__getitem__, new_units)),
        decoding,
    )


def _diff_counts(old_units: list[str], new_units: list[str]) -> list[tuple[Kind, int]]:
    """Diff two sequences of units without cleanup: each operation and how many units it spans."""
    old_encoded, new_encoded, _decoding = _encoded(old_units, new_units)
    diffs = _MATCHER.diff_main(old_encoded, new_encoded, checklines=False)
    return [(_KINDS[dmp_kind], len(encoded)) for dmp_kind, encoded in diffs]


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
