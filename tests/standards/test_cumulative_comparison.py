"""The cumulative view across several releases is the comparison of the first with the last.

An organisation page shows "what changed for us" from the release a contract is based on to the
current one, possibly several releases later. That view is ``release_compare(old=first,
new=last)``: for every article the text it ends with is what applying each step's changes in
turn gives, and its redline is the redline of the first text against the last, not a
concatenation of the steps. So an article changed and changed back shows as unchanged, one
added in between shows as added with its latest text, one added and dropped in between does not
show at all, and the intermediate wording never appears in the redline.
"""

import re

from django.db import transaction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from standards.comparison import ArticleChangeKind, ReleaseComparison, release_compare
from standards.models import Article, Release
from standards.redlines import DELETE, EQUAL, INSERT, Redline, redline
from tests.factories import StandardFactory, release_with_articles

pytestmark = pytest.mark.django_db

ADDED = ArticleChangeKind.ADDED
REMOVED = ArticleChangeKind.REMOVED
CHANGED = ArticleChangeKind.CHANGED
RENUMBERED = ArticleChangeKind.RENUMBERED
UNCHANGED = ArticleChangeKind.UNCHANGED

# Each release as {key: (number, title, text)} in reading order; a key is an article identity.
RELEASE_1_0 = {
    "levering": ("3.1", "Levering", "De aanbieder levert binnen 5 werkdagen na de opdracht."),
    "facturatie": ("3.2", "Facturatie", "De aanbieder factureert maandelijks achteraf."),
    "privacy": ("3.3", "Privacy", "De aanbieder verwerkt persoonsgegevens volgens de AVG."),
    "klachten": ("3.4", "Klachten", "Klachten worden binnen 6 weken afgehandeld."),
    "tarieven": ("3.5", "Tarieven", "De tarieven worden jaarlijks geïndexeerd."),
}
RELEASE_1_1 = {
    "levering": ("3.1", "Levering", "De aanbieder levert binnen 3 werkdagen na de opdracht."),
    "verslag": ("3.2", "Verslaglegging", "De aanbieder rapporteert elk kwartaal."),
    "facturatie": ("3.3", "Facturatie", "De aanbieder factureert maandelijks achteraf via iWmo."),
    "privacy": ("3.4", "Privacy", "De aanbieder verwerkt persoonsgegevens volgens de AVG."),
    "tarieven": ("3.5", "Tarieven", "De tarieven worden jaarlijks per 1 januari geïndexeerd."),
    "overgang": ("3.6", "Overgangsrecht", "Dit artikel geldt tot 1 januari 2027."),
}
RELEASE_1_2 = {
    "levering": (
        "3.1",
        "Levering",
        "De aanbieder levert binnen 2 werkdagen na de schriftelijke opdracht.",
    ),
    "verslag": ("3.2", "Verslaglegging", "De aanbieder rapporteert elk half jaar aan de gemeente."),
    "facturatie": ("3.3", "Facturering", "De aanbieder factureert maandelijks achteraf via iWmo."),
    "privacy": (
        "3.4",
        "Privacy",
        "De aanbieder verwerkt persoonsgegevens volgens de AVG en de Wmo 2015.",
    ),
    "tarieven": ("3.5", "Tarieven", "De tarieven worden jaarlijks geïndexeerd."),
    "nieuw": ("3.6", "Innovatie", "Partijen bespreken jaarlijks vernieuwingen."),
}


def build(standard, contents: list[dict[str, tuple[str, str, str]]]) -> list[Release]:
    """One published release per content, versions 1.0, 1.1, …, sharing identities by key."""
    identities: dict[str, Article] = {}
    releases = []
    for minor, articles in enumerate(contents):
        release = release_with_articles(
            standard=standard,
            version=f"1.{minor}",
            articles=list(articles.values()),
            identities=[identities.get(key) for key in articles],
        )
        for version in release.article_versions.all():
            key = list(articles)[version.position - 1]
            identities.setdefault(key, version.article)
        releases.append(release)
    return releases


def by_article(comparison: ReleaseComparison) -> dict[int, object]:
    return {
        change.article.pk: change
        for document in comparison.documents
        for change in document.changes
    }


def applied(change: Redline, text: str) -> str:
    """``text`` with the edit script of ``change`` carried out, checking that it fits the text."""
    result, at = [], 0
    for operation in change.operations:
        if operation.kind is INSERT:
            result.append(operation.text)
            continue
        assert text[at : at + len(operation.text)] == operation.text
        at += len(operation.text)
        if operation.kind is EQUAL:
            result.append(operation.text)
        else:
            assert operation.kind is DELETE
    assert at == len(text)
    return "".join(result)


def assert_cumulative_is_first_against_last(first: Release, middle: Release, last: Release):
    """For every article: the steps applied in turn give the cumulative result; the cumulative
    redline is the redline of the first text against the last."""
    steps = (
        by_article(release_compare(old=first, new=middle)),
        by_article(release_compare(old=middle, new=last)),
    )
    cumulative = by_article(release_compare(old=first, new=last))
    first_texts = {v.article_id: v.text for v in first.article_versions.all()}
    last_texts = {v.article_id: v.text for v in last.article_versions.all()}
    assert set(cumulative) == set(first_texts) | set(last_texts)
    for article_id, change in cumulative.items():
        text = first_texts.get(article_id, "")
        for step in steps:
            if article_id in step:
                text = applied(step[article_id].redline, text)
        assert text == last_texts.get(article_id, "") == change.redline.new
        assert applied(change.redline, first_texts.get(article_id, "")) == text
        direct = redline(first_texts.get(article_id, ""), last_texts.get(article_id, ""))
        assert change.redline.html == direct.html
    return cumulative


@pytest.fixture
def three_releases():
    return build(StandardFactory(), [RELEASE_1_0, RELEASE_1_1, RELEASE_1_2])


def test_every_article_ends_as_the_steps_make_it_and_its_redline_is_first_against_last(
    three_releases,
):
    first, middle, last = three_releases
    cumulative = assert_cumulative_is_first_against_last(first, middle, last)
    assert len(cumulative) == 7  # five of 1.0, two added since; the interim article not at all


def test_each_article_gets_the_kind_of_the_first_against_the_last(three_releases):
    first, _middle, last = three_releases
    comparison = release_compare(old=first, new=last)
    kinds = {
        (change.old or change.new).title: change.kind
        for document in comparison.documents
        for change in document.changes
    }
    assert kinds == {
        "Levering": CHANGED,  # changed twice: one change
        "Verslaglegging": ADDED,  # added in 1.1, changed in 1.2: added, with the 1.2 text
        "Facturatie": RENUMBERED,  # 3.2 → 3.3 in 1.1, text in 1.1, title in 1.2
        "Privacy": RENUMBERED,  # 3.3 → 3.4 in 1.1, text in 1.2
        "Klachten": REMOVED,  # dropped in 1.1
        "Tarieven": UNCHANGED,  # changed in 1.1, changed back in 1.2
        "Innovatie": ADDED,  # added in 1.2
    }
    assert "Overgangsrecht" not in kinds  # added in 1.1 and dropped in 1.2


def test_the_intermediate_wording_never_appears_in_the_cumulative_redline(three_releases):
    first, middle, last = three_releases
    cumulative = {
        (change.new or change.old).title: change
        for change in release_compare(old=first, new=last).changes
    }
    levering = cumulative["Levering"]
    assert levering.redline.html == (
        "De aanbieder levert binnen <del>5</del><ins>2</ins> werkdagen na de"
        "<ins> schriftelijke</ins> opdracht."
    )
    assert "3" not in levering.redline.html  # the 1.1 wording, "binnen 3 werkdagen"
    # A concatenation of the steps would show the 1.1 wording; the cumulative view does not.
    steps = [
        by_article(release_compare(old=a, new=b))[levering.article.pk].redline.html
        for a, b in ((first, middle), (middle, last))
    ]
    assert levering.redline.html not in steps
    assert all("3" in html for html in steps)

    verslag = cumulative["Verslaglegging"]
    assert verslag.redline.html == (
        "<ins>De aanbieder rapporteert elk half jaar aan de gemeente.</ins>"
    )
    assert "kwartaal" not in verslag.redline.html


def test_an_article_changed_and_changed_back_is_not_among_the_changes(three_releases):
    first, _middle, last = three_releases
    titles = [(c.new or c.old).title for c in release_compare(old=first, new=last).changes]
    assert "Tarieven" not in titles
    assert len(titles) == 6


# --- Random edits over three steps ----------------------------------------------------------------

WORDS = ["de", "aanbieder", "levert", "binnen", "5", "werkdagen", "gemeente", "zorg", "Wmo", ","]
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(
    lambda words: re.sub(r" ,", ",", " ".join(words)).capitalize() + "."
)


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    """``text`` with a few words replaced, deleted or inserted (or unchanged)."""
    words = text.rstrip(".").split(" ")
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        at = draw(st.integers(min_value=0, max_value=len(words)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        word = draw(st.sampled_from(WORDS[:-1]))
        if action == "insert" or at == len(words):
            words.insert(at, word)
        elif action == "delete" and len(words) > 1:
            del words[at]
        else:
            words[at] = word
    return " ".join(words) + "."


@st.composite
def three_versions(draw: st.DrawFn) -> list[dict[str, tuple[str, str, str]]]:
    """Three articles edited at random over three releases; a fourth present only in some."""
    texts = [draw(sentences) for _ in range(3)]
    contents = []
    for step in range(3):
        if step:
            texts = [draw(edited(text)) for text in texts]
        content = {f"a{n}": (f"3.{n + 1}", f"Artikel {n}", text) for n, text in enumerate(texts)}
        if draw(st.booleans()):
            content["extra"] = ("3.9", "Extra", draw(sentences))
        contents.append(content)
    return contents


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(three_versions())
def test_random_edits_over_three_releases_add_up_to_first_against_last(contents):
    """Whatever the edits, the cumulative comparison equals first-against-last for every
    article, and applying the steps in turn gives its text."""
    with transaction.atomic():
        first, middle, last = build(StandardFactory(), contents)
        assert_cumulative_is_first_against_last(first, middle, last)
        transaction.set_rollback(True)
