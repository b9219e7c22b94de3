"""Article text as stored: normalised Markdown, identified by a content hash.

Two article versions with the same hash say the same thing; redlines are cached per pair of
hashes and unchanged articles are recognised without diffing (DESIGN.md, "Versions and redlines").
"""

import hashlib
import re

_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """Unix newlines, no trailing spaces, at most one blank line in a row, no outer blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n")


def content_hash(text: str) -> str:
    """SHA-256 of the normalised text, hex."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
