"""The engine against the benchmark's hardest single articles (bench/corpus.py stress_articles)."""

import time

from bench.corpus import STRESS_WORDS, stress_articles
from standards.redlines import DELETE, EQUAL, INSERT, redline


def test_every_stress_article_is_redlined_well_within_the_per_article_target():
    """Issue 4 asks 250 ms for any article up to 8,000 words; each stress case, the 8,000-word
    rewrite included, stays under a second here even on a busy shared machine (the benchmark
    measures the real figure), and the redline rebuilds both texts."""
    for name, old, new in stress_articles(1):
        assert len(new.split()) <= STRESS_WORDS, name
        started = time.perf_counter()
        result = redline(old, new)
        elapsed = time.perf_counter() - started
        assert result.old == old and result.new == new, name
        assert elapsed < 1, f"{name}: {elapsed:.2f} s"


def test_the_rewritten_stress_articles_read_as_rewrites():
    """Same templates, same vocabulary, different text: shown deleted and inserted whole."""
    rewrites = [(n, o, w) for n, o, w in stress_articles(1) if "rewritten" in n]
    assert len(rewrites) == 2
    for name, old, new in rewrites:
        operations = redline(old, new).operations
        assert {op.kind for op in operations} <= {DELETE, INSERT, EQUAL}, name
        kept = sum(len(op.text) for op in operations if op.kind is EQUAL)
        assert kept < 0.05 * len(old), name


def test_an_edited_stress_article_keeps_nearly_all_of_its_text():
    """The opposite check: four words substituted in 8,000 are four small replacements."""
    name, old, new = stress_articles(1)[0]
    assert name == "four words substituted"
    operations = redline(old, new).operations
    assert sum(op.kind is DELETE for op in operations) <= 4
    assert sum(len(op.text) for op in operations if op.kind is EQUAL) > 0.99 * len(old)
