"""Redlines are stored per pair of text hashes and read back as the same redline.

Publishing a release stores the redlines between it and the release it supersedes, so the
comparison of the two afterwards diffs and writes nothing.
"""

import datetime

from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

import pytest

from accounts.roles import Role
from standards.comparison import ArticleChangeKind, release_compare
from standards.constants import ReleaseState
from standards.models import StoredRedline
from standards.redlines import EQUAL, Kind, redline
from standards.services.redlines import redline_for, redlines_for, redlines_store_between
from standards.services.releases import NotPermitted, release_publish
from standards.texts import content_hash
from tests.factories import StandardFactory, UserFactory, release_with_articles

pytestmark = pytest.mark.django_db

OLD = "De levering gebeurt binnen 5 werkdagen.\n\nDe prijs is vast."
NEW = "De levering gebeurt binnen 3 werkdagen.\n\nDe prijs is vast."


class Text:
    def __init__(self, text: str) -> None:
        self.text = text
        self.content_hash = content_hash(text)


def test_a_changed_pair_is_stored_once_and_read_back_as_the_same_redline(
    django_assert_num_queries,
):
    """Cold: one lookup and one insert. Warm: one lookup, the same redline, nothing written."""
    with django_assert_num_queries(2):
        first = redline_for(OLD, NEW)
    assert first == redline(OLD, NEW)
    row = StoredRedline.objects.get()
    assert (row.old_hash, row.new_hash) == (content_hash(OLD), content_hash(NEW))
    assert row.operations == [[op.kind.value, op.text] for op in first.operations]

    with django_assert_num_queries(1):
        again = redline_for(OLD, NEW)
    assert again == first and again.html == first.html
    assert all(isinstance(op.kind, Kind) for op in again.operations)
    assert again.changed and (again.old, again.new) == (OLD, NEW)
    assert StoredRedline.objects.count() == 1


def test_the_other_direction_is_its_own_pair():
    """New → old is stored separately and shows the reverse."""
    forwards, backwards = redline_for(OLD, NEW), redline_for(NEW, OLD)
    assert "<del>5</del><ins>3</ins>" in forwards.html
    assert "<del>3</del><ins>5</ins>" in backwards.html
    assert StoredRedline.objects.count() == 2


def test_pairs_that_need_no_diff_are_answered_without_the_database(django_assert_num_queries):
    """Same text, an empty side or a text not as stored: computed in memory, never stored."""
    with django_assert_num_queries(0):
        unchanged = redline_for(OLD, OLD)
        added = redline_for("", NEW)
        removed = redline_for(OLD, "")
        raw = redline_for(OLD + "  \n", NEW)  # trailing spaces: not a stored (normalised) text
    assert unchanged.operations == ((EQUAL, OLD),) and not unchanged.changed
    assert added.html == f"<ins>{NEW}</ins>"
    assert removed.new == "" and removed.old == OLD
    assert raw == redline(OLD + "  \n", NEW)
    assert not StoredRedline.objects.exists()


def test_many_pairs_take_one_lookup_and_one_insert(django_assert_num_queries):
    """Twenty changed pairs (one asked twice) and an unchanged one: two queries, twenty rows."""
    pairs = [(Text(f"Artikel {n}: {OLD}"), Text(f"Artikel {n}: {NEW}")) for n in range(20)]
    pairs.append(pairs[0])
    pairs.append((Text(OLD), Text(OLD)))
    with django_assert_num_queries(2):
        redlines = redlines_for(pairs)
    assert len(redlines) == 21 and StoredRedline.objects.count() == 20
    with django_assert_num_queries(1):
        assert redlines_for(pairs) == redlines


def test_a_damaged_row_is_never_shown_and_is_repaired():
    """A stored redline that does not rebuild its two texts is replaced by a fresh diff."""
    good = redline_for(OLD, NEW)
    StoredRedline.objects.update(operations=[["equal", "iets anders"]])
    assert redline_for(OLD, NEW) == good
    assert StoredRedline.objects.get().redline == good


def test_one_row_per_pair_of_hashes():
    """The database refuses a second row for the same pair; storing it again is ignored."""
    redline_for(OLD, NEW)
    duplicate = StoredRedline.of(
        old_hash=content_hash(OLD), new_hash=content_hash(NEW), redline=redline(OLD, NEW)
    )
    StoredRedline.objects.bulk_create([duplicate], ignore_conflicts=True)
    assert StoredRedline.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


# --- Publication stores the redlines against the release it supersedes -------------------------


def _releases(count: int, *, state: ReleaseState = ReleaseState.ADOPTED):
    """A published 1.0 with ``count + 1`` articles and a 1.1 that keeps the first, empties the
    second, edits the other ``count - 2``, drops the last and adds a new one."""
    standard = StandardFactory(slug="cs-publicatie")
    old = release_with_articles(
        standard=standard,
        articles=[(f"3.{n}", f"Titel {n}", f"Artikel {n}: {OLD}") for n in range(1, count + 2)],
    )
    identities = [version.article for version in old.article_versions.order_by("position")]
    rows = [(f"3.{n}", f"Titel {n}", f"Artikel {n}: {NEW}") for n in range(1, count + 1)]
    rows[0] = ("3.1", "Titel 1", f"Artikel 1: {OLD}")
    rows[1] = ("3.2", "Titel 2", "")
    rows.append((f"3.{count + 1}", "Nieuw", "Een nieuw artikel."))
    new = release_with_articles(
        standard=standard,
        version="1.1",
        state=state,
        articles=rows,
        identities=identities[:count],
    )
    return old, new


def _publish(release, by=None):
    return release_publish(release=release, by=by, effective_on=datetime.date(2027, 1, 1))


@pytest.mark.parametrize("count", [3, 30])
def test_publication_stores_every_changed_pair_and_the_comparison_is_warm(count):
    """After 1.1 is published over 1.0 each edited article has its redline stored; comparing
    the two then reads them back with a fixed number of queries and inserts nothing."""
    old, new = _releases(count)
    assert not StoredRedline.objects.exists()
    _publish(new)

    olds = {v.article_id: v.content_hash for v in old.article_versions.all()}
    changed = {
        (olds[v.article_id], v.content_hash)
        for v in new.article_versions.all()
        if v.article_id in olds and v.text and olds[v.article_id] != v.content_hash
    }
    assert len(changed) == count - 2  # the edited ones: not the unchanged or the emptied one
    assert set(StoredRedline.objects.values_list("old_hash", "new_hash")) == changed

    with CaptureQueriesContext(connection) as queries:
        comparison = release_compare(old=old, new=new)
    assert not [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(queries) == 4
    assert comparison.counts == {
        ArticleChangeKind.ADDED: 1,
        ArticleChangeKind.REMOVED: 1,
        ArticleChangeKind.CHANGED: count - 1,
        ArticleChangeKind.RENUMBERED: 0,
        ArticleChangeKind.UNCHANGED: 1,
    }
    emptied = next(c for c in comparison.changes if c.new and c.new.number == "3.2")
    assert emptied.redline.html == f"<del>Artikel 2: {OLD}</del>"


def test_the_first_release_of_a_standard_stores_nothing():
    """There is nothing to compare the first publication with."""
    first = release_with_articles(state=ReleaseState.ADOPTED)
    _publish(first)
    assert not StoredRedline.objects.exists()


def test_refused_publication_stores_nothing():
    """Without the release manager's role nothing is published and no redline is stored."""
    _old, new = _releases(3)
    with pytest.raises(NotPermitted):
        _publish(new, by=UserFactory(username="indiener", roles=[Role.ORGANISATION_CONTACT]))
    new.refresh_from_db()
    assert new.state == ReleaseState.ADOPTED
    assert not StoredRedline.objects.exists()


def test_storing_between_two_releases_again_adds_nothing(django_assert_num_queries):
    """Storing is idempotent: a second run reads both releases and the store, and writes nothing."""
    old, new = _releases(3, state=ReleaseState.PUBLISHED)
    assert redlines_store_between(old=old, new=new) == 1
    with django_assert_num_queries(3):
        assert redlines_store_between(old=old, new=new) == 0
    assert StoredRedline.objects.count() == 1
