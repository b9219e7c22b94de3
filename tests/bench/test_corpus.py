"""The seeded corpus of the redline benchmark (bench/corpus.py): sizes, edits, determinism."""

from collections import Counter

import pytest

from bench.corpus import (
    ARTICLES_PER_DOCUMENT,
    DOCUMENTS,
    EDIT_KINDS,
    STRESS_WORDS,
    generate,
    stress_articles,
)
from standards.texts import content_hash, normalise_text

SEEDS = (1, 2, 3, 4, 5)


@pytest.fixture(scope="module")
def pairs():
    return {seed: generate(seed) for seed in SEEDS}


def test_a_seed_gives_byte_identical_releases_and_another_seed_other_ones():
    """Everything comes from random.Random(seed): same seed, same texts; other seed, other texts."""
    first, again, other = generate(7), generate(7), generate(8)
    assert first == again
    assert [a.text for a in first.new.articles] == [a.text for a in again.new.articles]
    assert [a.text for a in first.old.articles] != [a.text for a in other.old.articles]


def test_a_release_has_four_documents_of_45_articles_and_about_75000_words(pairs):
    """The normal corpus is the size the issue asks for: 4 × 45 articles, ~75,000 words."""
    for pair in pairs.values():
        assert len(pair.old.documents) == DOCUMENTS
        assert [len(d.articles) for d in pair.old.documents] == [ARTICLES_PER_DOCUMENT] * 4
        assert 70_000 <= pair.old.words <= 80_000
        # One article inserted, one added at the end, one removed: one more in the new release.
        assert len(pair.new.articles) == DOCUMENTS * ARTICLES_PER_DOCUMENT + 1
        assert len({a.identity for a in pair.old.articles}) == len(pair.old.articles)


def test_ten_to_fifteen_percent_of_the_articles_change_text_and_exactly_those(pairs):
    """10-15 % of the articles change text; the recorded edits are exactly those articles."""
    kinds = Counter()
    for pair in pairs.values():
        old = {a.identity: a.content_hash for a in pair.old.articles}
        changed = {
            a.identity
            for a in pair.new.articles
            if old.get(a.identity, a.content_hash) != a.content_hash
        }
        assert changed == set(pair.edits)
        assert 0.10 <= len(changed) / len(old) <= 0.15
        kinds.update(kind for edits in pair.edits.values() for kind in edits)
    assert set(kinds) == set(EDIT_KINDS)


def test_one_document_is_renumbered_after_an_inserted_article(pairs):
    """Only the articles after the inserted one move, all in one document, each up by one.

    The article added at the end of another document and the one removed from the end of a
    third shift nothing.
    """
    for pair in pairs.values():
        old_numbers = {a.identity: a.number for a in pair.old.articles}
        new_numbers = {a.identity: a.number for a in pair.new.articles}
        inserted, appended = pair.added
        document_of = {a.identity: d for d in pair.new.documents for a in d.articles}
        moved = [
            identity
            for identity, number in new_numbers.items()
            if identity in old_numbers and old_numbers[identity] != number
        ]
        identities = [a.identity for a in document_of[inserted].articles]
        assert moved == list(pair.renumbered) == identities[identities.index(inserted) + 1 :]
        assert moved
        for identity in moved:
            prefix, position = old_numbers[identity].split(".")
            assert new_numbers[identity] == f"{prefix}.{int(position) + 1}"
        assert document_of[appended] is not document_of[inserted]
        assert document_of[appended].articles[-1].identity == appended
        assert pair.removed[0] not in new_numbers


def test_texts_are_stored_as_the_portal_stores_them(pairs):
    """Texts are normalised, so the generator's hash is the portal's content hash."""
    pair = pairs[1]
    for article in pair.old.articles + pair.new.articles:
        assert normalise_text(article.text) == article.text
        assert content_hash(article.text) == article.content_hash
        assert article.text.startswith("1. ")
    assert any("| --- |" in a.text for a in pair.old.articles), "now and then a table"


def test_the_ten_times_corpus_has_the_same_shape_with_articles_up_to_8000_words():
    """scale=10 keeps 4 × 45 articles and the edits, with ten times the words, none over 8,000."""
    pair = generate(1, scale=10)
    assert len(pair.old.articles) == DOCUMENTS * ARTICLES_PER_DOCUMENT
    assert 700_000 <= pair.old.words <= 800_000
    assert max(a.words for a in pair.old.articles + pair.new.articles) <= 8_000
    assert 0.10 <= len(pair.edits) / len(pair.old.articles) <= 0.15


def test_stress_articles_are_long_and_changed():
    """Each stress case is a real change of an article of (nearly) 8,000 words, or a rewrite."""
    cases = stress_articles(1)
    assert len({name for name, _old, _new in cases}) == len(cases)
    for name, old, new in cases:
        assert old != new, name
        if "rewritten" not in name:
            assert STRESS_WORDS * 0.95 <= len(old.split()) <= STRESS_WORDS, name
