"""The conflict overview of a draft release: articles that several of its requests touch.

Every article touched by two or more scheduled or applied requests of the release is listed, in
reading order, with each request's outcome (applied, fits, clashes) and the text the article
would have with every fitting change merged in, in number order. The merge is a word-level
three-way merge that refuses, rather than guesses, wherever two changes meet.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.roles import Role
from governance.conflicts import (
    MergeOutcome,
    merge_change,
    merged_proposal,
    release_conflicts,
)
from governance.constants import ChangeKind
from governance.constants import ChangeRequestState as S
from governance.models import ChangeRequest
from governance.services.application import change_request_apply
from governance.services.change_requests import change_request_schedule
from standards.constants import DeviationPolicy, DocumentKind, ReleaseState
from standards.models import ArticleVersion, Document, DocumentVersion, Release
from standards.texts import content_hash
from tests.factories import (
    DocumentFactory,
    change_request_in_state,
    release_with_articles,
    staff_user,
)

DELIVERY = "De aanbieder levert binnen een redelijke termijn. De gemeente betaalt binnen 30 dagen."
FASTER = "De aanbieder levert binnen vijf werkdagen. De gemeente betaalt binnen 30 dagen."
SLOWER = "De aanbieder levert binnen tien werkdagen. De gemeente betaalt binnen 30 dagen."
PAYS_SOONER = (
    "De aanbieder levert binnen een redelijke termijn. De gemeente betaalt binnen 14 dagen."
)
BOTH = "De aanbieder levert binnen vijf werkdagen. De gemeente betaalt binnen 14 dagen."
OTHER = "De gemeente stelt de indicatie vast."


def draft_with(*texts: str) -> Release:
    """A standard with a published 1.0 and a 1.1 draft, both holding articles 3.1, 3.2, … ."""
    rows = [(f"3.{number}", f"Artikel {number}", text) for number, text in enumerate(texts, 1)]
    published = release_with_articles(version="1.0", articles=rows)
    return release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        articles=rows,
        identities=[version.article for version in published.article_versions.order_by("position")],
    )


def article(release: Release, number: str) -> ArticleVersion:
    return release.article_versions.get(number=number)


def request(
    release: Release,
    number: str = "3.1",
    proposed_text: str = FASTER,
    state: S = S.SCHEDULED,
    **fields,
) -> ChangeRequest:
    """A request filed on article ``number`` of the draft and (by default) scheduled into it."""
    return change_request_in_state(
        state,
        release=release,
        article_version=article(release, number),
        proposed_text=proposed_text,
        **fields,
    )


def apply(change_request: ChangeRequest) -> ChangeRequest:
    return change_request_apply(change_request=change_request, by=staff_user(Role.RELEASE_MANAGER))


def outcomes(conflict) -> list[tuple[str, MergeOutcome]]:
    return [(change.change_request.number, change.outcome) for change in conflict.changes]


# --- The overview ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_changes_to_different_clauses_both_fit_and_combine():
    """Two requests on different sentences: both fit, and the combined text has both."""
    draft = draft_with(DELIVERY)
    first = request(draft, proposed_text=FASTER)
    second = request(draft, proposed_text=PAYS_SOONER)

    [conflict] = release_conflicts(draft)

    assert conflict.article == first.article
    assert conflict.draft_version == article(draft, "3.1")
    assert outcomes(conflict) == [
        (first.number, MergeOutcome.FITS),
        (second.number, MergeOutcome.FITS),
    ]
    assert conflict.combined_text == BOTH
    assert conflict.clean
    assert not conflict.removed
    assert conflict.redline.old == DELIVERY
    assert conflict.redline.new == BOTH
    assert "<del>een redelijke termijn</del>" in conflict.redline.html
    assert "<del>30</del><ins>14</ins>" in conflict.redline.html


@pytest.mark.django_db
def test_changes_to_the_same_words_make_the_later_one_clash():
    """The first in number order wins the combined text; the later one is resolved by hand."""
    draft = draft_with(DELIVERY)
    first = request(draft, proposed_text=FASTER)
    second = request(draft, proposed_text=SLOWER)

    [conflict] = release_conflicts(draft)

    assert outcomes(conflict) == [
        (first.number, MergeOutcome.FITS),
        (second.number, MergeOutcome.CLASHES),
    ]
    assert conflict.combined_text == FASTER
    assert not conflict.clean
    # Nothing was written: the overview only reads.
    assert article(draft, "3.1").text == DELIVERY
    assert {cr.state for cr in ChangeRequest.objects.all()} == {S.SCHEDULED}


@pytest.mark.django_db
def test_the_same_edit_twice_fits_twice():
    """A request whose change is in the combined text already adds nothing, clashes with nothing."""
    draft = draft_with(DELIVERY)
    request(draft, proposed_text=FASTER)
    request(draft, proposed_text=FASTER)

    [conflict] = release_conflicts(draft)

    assert [change.outcome for change in conflict.changes] == [MergeOutcome.FITS] * 2
    assert conflict.combined_text == FASTER


@pytest.mark.django_db
def test_a_request_written_against_the_old_text_fits_around_an_applied_one():
    """Applied is in the draft already; a request on another sentence merges into the new text."""
    draft = draft_with(DELIVERY)
    applied = request(draft, proposed_text=FASTER)
    scheduled = request(draft, proposed_text=PAYS_SOONER)
    apply(applied)

    [conflict] = release_conflicts(draft)

    assert conflict.draft_version.text == FASTER
    assert outcomes(conflict) == [
        (applied.number, MergeOutcome.APPLIED),
        (scheduled.number, MergeOutcome.FITS),
    ]
    assert conflict.combined_text == BOTH
    assert conflict.clean
    assert (conflict.redline.old, conflict.redline.new) == (FASTER, BOTH)


@pytest.mark.django_db
def test_a_request_written_against_the_old_text_clashes_with_an_applied_one_on_its_words():
    """The applied request changed the words the scheduled one changes: it clashes."""
    draft = draft_with(DELIVERY)
    applied = request(draft, proposed_text=FASTER)
    scheduled = request(draft, proposed_text=SLOWER)
    apply(applied)

    [conflict] = release_conflicts(draft)

    assert outcomes(conflict) == [
        (applied.number, MergeOutcome.APPLIED),
        (scheduled.number, MergeOutcome.CLASHES),
    ]
    assert conflict.combined_text == FASTER
    assert not conflict.redline.changed
    assert not conflict.clean


@pytest.mark.django_db
def test_an_article_touched_once_is_not_listed_and_the_rest_come_in_reading_order():
    """Only articles with two or more requests, by document position and article position."""
    draft = draft_with(DELIVERY, OTHER, DELIVERY)
    # A first document (deel 1) before deel 3, with one article.
    Document.objects.filter(standard=draft.standard, slug="deel-3").update(position=3)
    deel_1 = DocumentFactory(
        standard=draft.standard,
        slug="deel-1",
        kind=DocumentKind.OVEREENKOMST_DEEL_1,
        deviation_policy=DeviationPolicy.FIXED_WITH_OPTIONAL,
        position=1,
    )
    DocumentVersion.objects.create(release=draft, document=deel_1, title="Deel 1", position=0)
    identity = draft.standard.articles.create()
    ArticleVersion.objects.create(
        release=draft,
        article=identity,
        document=deel_1,
        number="1.1",
        title="Begrippen",
        position=9,
        text=DELIVERY,
        content_hash=content_hash(DELIVERY),
    )
    # Filed in an order that differs from the reading order.
    request(draft, "3.3", FASTER)
    request(draft, "3.2", "De gemeente stelt de indicatie vast binnen 8 weken.")
    request(draft, "3.3", PAYS_SOONER)
    request(draft, "1.1", FASTER)
    request(draft, "3.1", FASTER)
    request(draft, "1.1", SLOWER)
    request(draft, "3.1", PAYS_SOONER)

    conflicts = release_conflicts(draft)

    assert [conflict.draft_version.number for conflict in conflicts] == ["1.1", "3.1", "3.3"]
    assert [len(conflict.changes) for conflict in conflicts] == [2, 2, 2]


@pytest.mark.django_db
def test_requests_of_another_release_or_in_other_states_are_ignored():
    """Approved but unscheduled, withdrawn, new-article requests and other releases don't count."""
    draft = draft_with(DELIVERY)
    scheduled = request(draft, proposed_text=FASTER)
    approved = request(draft, proposed_text=PAYS_SOONER, state=S.APPROVED)
    request(draft, proposed_text=SLOWER, state=S.WITHDRAWN)
    request(draft, proposed_text="Een nieuw artikel.", kind=ChangeKind.NEW_ARTICLE)
    elsewhere = request(draft, proposed_text=SLOWER, state=S.APPROVED)
    # A later draft of the same standard, with the same article, gets one request of its own.
    later = release_with_articles(
        standard=draft.standard,
        version="1.2",
        state=ReleaseState.DRAFT,
        articles=[("3.1", "Artikel 1", DELIVERY)],
        identities=[article(draft, "3.1").article],
    )
    secretariat = staff_user(Role.SECRETARIAT)
    change_request_schedule(change_request=elsewhere, by=secretariat, release=later)

    assert release_conflicts(draft) == []
    # Once the approved one is scheduled into this release, the article is listed with the two.
    change_request_schedule(change_request=approved, by=secretariat, release=draft)
    [conflict] = release_conflicts(draft)
    assert [change.change_request for change in conflict.changes] == [scheduled, approved]


@pytest.mark.django_db
def test_a_removal_fits_only_into_the_text_it_was_written_against():
    """A removal first: the article goes, and a later change clashes with its absence."""
    draft = draft_with(DELIVERY)
    removal = request(draft, kind=ChangeKind.REMOVE_ARTICLE)
    change = request(draft, proposed_text=FASTER)

    [conflict] = release_conflicts(draft)

    assert outcomes(conflict) == [
        (removal.number, MergeOutcome.FITS),
        (change.number, MergeOutcome.CLASHES),
    ]
    assert conflict.removed
    assert conflict.combined_text == ""
    assert conflict.redline.old == DELIVERY
    assert conflict.redline.new == ""


@pytest.mark.django_db
def test_a_removal_after_a_change_clashes_so_no_approved_wording_is_silently_lost():
    """The change went first (applied or merely earlier): the removal is resolved by hand."""
    draft = draft_with(DELIVERY)
    change = request(draft, proposed_text=FASTER)
    removal = request(draft, kind=ChangeKind.REMOVE_ARTICLE)

    [conflict] = release_conflicts(draft)
    assert outcomes(conflict) == [
        (change.number, MergeOutcome.FITS),
        (removal.number, MergeOutcome.CLASHES),
    ]
    assert conflict.combined_text == FASTER
    assert not conflict.removed

    apply(change)
    [conflict] = release_conflicts(draft)
    assert outcomes(conflict) == [
        (change.number, MergeOutcome.APPLIED),
        (removal.number, MergeOutcome.CLASHES),
    ]


@pytest.mark.django_db
def test_changes_to_an_article_removed_from_the_draft_clash():
    """An applied removal took the article out of the draft: nothing left to merge into."""
    draft = draft_with(DELIVERY)
    removal = request(draft, kind=ChangeKind.REMOVE_ARTICLE)
    change = request(draft, proposed_text=FASTER)
    apply(removal)

    [conflict] = release_conflicts(draft)

    assert conflict.draft_version is None
    assert conflict.article == removal.article
    assert outcomes(conflict) == [
        (removal.number, MergeOutcome.APPLIED),
        (change.number, MergeOutcome.CLASHES),
    ]
    assert conflict.removed
    assert conflict.combined_text == ""
    assert not conflict.redline.changed


@pytest.mark.django_db
@pytest.mark.parametrize("articles", [1, 4])
def test_the_overview_takes_two_queries_however_many_articles_and_requests(
    articles, django_assert_num_queries
):
    """One query for the requests, one for the draft versions; the page reads no more."""
    draft = draft_with(*[DELIVERY] * articles)
    for number in range(1, articles + 1):
        request(draft, f"3.{number}", FASTER)
        request(draft, f"3.{number}", PAYS_SOONER)
        request(draft, f"3.{number}", SLOWER)

    with django_assert_num_queries(2):
        conflicts = release_conflicts(draft)
        shown = [
            (
                str(conflict.draft_version),
                conflict.draft_version.label,
                conflict.article.key,
                [(str(change.change_request), change.outcome) for change in conflict.changes],
            )
            for conflict in conflicts
        ]

    assert len(shown) == articles


@pytest.mark.django_db
def test_the_overview_takes_one_query_when_nothing_overlaps(django_assert_num_queries):
    draft = draft_with(DELIVERY, OTHER)
    request(draft, "3.1", FASTER)

    with django_assert_num_queries(1):
        assert release_conflicts(draft) == []


# --- merged_proposal, the prefill of a manual resolution ------------------------------------------


def unsaved(base_text: str, proposed_text: str, kind: str = ChangeKind.CHANGE_WORDING):
    return ChangeRequest(base_text=base_text, proposed_text=proposed_text, kind=kind)


def test_merged_proposal_merges_a_change_into_text_that_changed_elsewhere():
    text, clean = merged_proposal(unsaved(DELIVERY, FASTER), PAYS_SOONER)

    assert (text, clean) == (BOTH, True)


def test_merged_proposal_leaves_the_current_text_when_the_change_clashes():
    text, clean = merged_proposal(unsaved(DELIVERY, SLOWER), FASTER)

    assert (text, clean) == (FASTER, False)


def test_merged_proposal_of_a_removal_and_a_new_article():
    """A removal empties only the text it was written against; a new article replaces nothing."""
    removal = unsaved(DELIVERY, "", ChangeKind.REMOVE_ARTICLE)
    assert merged_proposal(removal, DELIVERY) == ("", True)
    assert merged_proposal(removal, FASTER) == (FASTER, False)
    assert merged_proposal(unsaved(DELIVERY, OTHER, ChangeKind.NEW_ARTICLE), FASTER) == (
        OTHER,
        True,
    )


@pytest.mark.parametrize(
    ("base", "proposed", "current"),
    [
        # An insertion inside a stretch the other side rewrote.
        (DELIVERY, DELIVERY.replace("een redelijke", "een zeer redelijke"), SLOWER),
        # Two insertions at the same place: which goes first is not ours to guess.
        (
            "De aanbieder levert.",
            "De aanbieder levert.\n\nLid 2.",
            "De aanbieder levert.\n\nLid 3.",
        ),
        # An insertion right at the edge of the other side's edit, with nothing shared between.
        ("De aanbieder levert.", "De aanbieder levert snel.", "De aanbieder levert!"),
    ],
)
def test_changes_that_meet_clash_rather_than_guess(base, proposed, current):
    assert merge_change(base=base, proposed=proposed, current=current) is None


def test_changes_with_a_shared_space_between_them_both_land():
    merged = merge_change(
        base="De aanbieder levert.",
        proposed="De zorgaanbieder levert.",
        current="De aanbieder bezorgt.",
    )

    assert merged == "De zorgaanbieder bezorgt."


def test_a_change_never_splits_a_word():
    """Changed letters inside a word make the whole word the edit, so they cannot interleave."""
    base = "De aanbieder levert."
    merged = merge_change(
        base=base, proposed="De zorgaanbieder levert.", current="De aanbieders levert."
    )

    assert merged is None


# --- Properties -----------------------------------------------------------------------------------

words = st.sampled_from(["de", "aanbieder", "levert", "binnen", "30", "dagen", "gemeente", "ë"])
separators = st.sampled_from([" ", " ", ", ", ". ", "\n", "\n\n"])
article_texts = st.lists(st.tuples(words, separators), max_size=25).map(
    lambda pairs: "".join(word + separator for word, separator in pairs)
)


@settings(max_examples=150, deadline=None)
@given(base=article_texts, proposed=article_texts)
def test_merging_into_the_text_it_was_written_against_gives_exactly_the_proposal(base, proposed):
    """Through the hunks too, not only through the shortcut of ``merged_proposal``."""
    assert merge_change(base=base, proposed=proposed, current=base) == proposed
    assert merged_proposal(unsaved(base, proposed), base) == (proposed, True)


@settings(max_examples=150, deadline=None)
@given(base=article_texts, current=article_texts)
def test_a_change_already_made_or_no_change_leaves_the_current_text(base, current):
    assert merge_change(base=base, proposed=current, current=current) == current
    assert merge_change(base=base, proposed=base, current=current) == current


@settings(max_examples=100, deadline=None)
@given(
    paragraphs=st.lists(
        st.lists(words, min_size=1, max_size=6).map(" ".join), min_size=2, max_size=6
    ),
    data=st.data(),
)
def test_changes_to_different_paragraphs_both_land(paragraphs, data):
    """Each paragraph starts with its own label, so no two can be mistaken for one another."""
    # Not "1." or "a)": the redline engine pairs paragraphs on their text without such numbers.
    paragraphs = [f"Lid {number}: {text}." for number, text in enumerate(paragraphs, 1)]
    ours, theirs = data.draw(
        st.lists(st.integers(0, len(paragraphs) - 1), min_size=2, max_size=2, unique=True)
    )

    def with_addition(index: int, addition: str) -> str:
        changed = list(paragraphs)
        changed[index] = changed[index][:-1] + f" {addition}."
        return "\n\n".join(changed)

    both = list(paragraphs)
    both[ours] = both[ours][:-1] + " voortaan."
    both[theirs] = both[theirs][:-1] + " uiterlijk."
    assert merge_change(
        base="\n\n".join(paragraphs),
        proposed=with_addition(ours, "voortaan"),
        current=with_addition(theirs, "uiterlijk"),
    ) == "\n\n".join(both)
