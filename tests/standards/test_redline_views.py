"""Redline layouts: the old half marks only deletions, the new half only insertions, all escaped."""

import html
import re

from django.utils.safestring import SafeString

import pytest

from standards.redline_views import halves, inline_html, new_half, old_half
from standards.redlines import DELETE, EQUAL, INSERT, Operation, Redline, redline

_TAG = re.compile(r"</?(?:del|ins)>")


def _text(half: str) -> str:
    """What a reader sees in a half: the marks removed, the escaping undone."""
    return html.unescape(_TAG.sub("", half))


def test_old_half_is_the_old_text_with_its_deletions_marked():
    """The old half keeps shared and deleted text; deletions are <del>, insertions are gone."""
    lines = redline("Levering binnen 5 werkdagen.", "Levering binnen 3 werkdagen na bestelling.")
    old = old_half(lines)
    assert "<del>5</del>" in old
    assert "<ins>" not in old and "3" not in old and "bestelling" not in old
    assert _text(old) == "Levering binnen 5 werkdagen."


def test_new_half_is_the_new_text_with_its_insertions_marked():
    """The new half keeps shared and inserted text; insertions are <ins>, deletions are gone."""
    lines = redline("Levering binnen 5 werkdagen.", "Levering binnen 3 werkdagen na bestelling.")
    new = new_half(lines)
    assert "<ins>3</ins>" in new
    assert "<del>" not in new and "5" not in new
    assert _text(new) == "Levering binnen 3 werkdagen na bestelling."


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", "Een nieuw artikel."),
        ("Een vervallen artikel.", ""),
        ("Ongewijzigd.", "Ongewijzigd."),
        (
            "1. Eerste lid.\n\n2. Tweede lid.",
            "1. Eerste lid.\n\n2. Gewijzigd tweede lid.\n\n3. Nieuw.",
        ),
    ],
)
def test_each_half_reads_as_its_own_version(old, new):
    """Added, removed, unchanged and edited texts: each half rebuilds its version exactly."""
    both = halves(redline(old, new))
    assert _text(both.old) == old
    assert _text(both.new) == new


def test_everything_is_escaped_and_marked_safe():
    """Markup in an article is shown as text; only the del/ins marks are markup."""
    lines = Redline(
        operations=(
            Operation(EQUAL, "<b>vet</b> & "),
            Operation(DELETE, '<script>alert("x")</script>'),
            Operation(INSERT, "<i>schuin</i>"),
        )
    )
    old, new, inline = old_half(lines), new_half(lines), inline_html(lines)
    for rendered in (old, new, inline):
        assert isinstance(rendered, SafeString)
        assert "<b>" not in rendered and "<script>" not in rendered and "<i>" not in rendered
        assert "&lt;b&gt;vet&lt;/b&gt; &amp; " in rendered
    assert old.endswith("<del>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</del>")
    assert new.endswith("<ins>&lt;i&gt;schuin&lt;/i&gt;</ins>")
    assert inline == lines.html
