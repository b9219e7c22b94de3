"""The compare page, the version chooser and the article history page.

Content per layout, renumbering as renumbering, either order, clear 404s, escaping, the links from
the release and article pages, and query counts that do not grow with the number of articles.
"""

import re

from django.urls import reverse

import pytest

from standards.constants import ReleaseState
from standards.exporters.docx import DOCX_CONTENT_TYPE
from standards.exporters.pdf import PDF_CONTENT_TYPE
from standards.models import Article
from standards.services.releases import release_create_draft
from tests.factories import StandardFactory, release_with_articles

pytestmark = pytest.mark.django_db


def _compare_url(old: str, new: str, standard: str = "cs-jeugd", layout: str | None = None) -> str:
    url = reverse("standards:release_compare", args=[standard, old, new])
    return f"{url}?weergave={layout}" if layout else url


def _history_url(article: Article) -> str:
    return reverse("standards:article_history", args=[article.key])


def changes(shown):
    """The article changes behind the summary's listed items."""
    return [item.change for item in shown]


def _main(response) -> str:
    """The page's own content, without header, navigation and footer."""
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


@pytest.fixture
def releases():
    """1.0 → 1.1 of CS Jeugd: 3.1 edited, 3.2 new, 3.2 → 3.3 renumbered, 3.3 removed, 3.4 same.

    1.1 is based on 1.0 (so its page offers the comparison) and a draft 1.2 copies 1.1.
    """
    standard = StandardFactory(slug="cs-jeugd", name="CS Jeugd")
    old = release_with_articles(
        standard=standard,
        version="1.0",
        state=ReleaseState.SUPERSEDED,
        articles=[
            ("3.1", "Levering", "Levering binnen 5 werkdagen."),
            ("3.2", "Indexering", "Jaarlijks."),
            ("3.3", "Bestedingsruimte", "Een plafond per jaar."),
            ("3.4", "Geschillen", "Naar de rechter."),
        ],
    )
    identities = {v.number: v.article for v in old.article_versions.all()}
    new = release_with_articles(
        standard=standard,
        version="1.1",
        articles=[
            ("3.1", "Levering", "Levering binnen 3 werkdagen."),
            ("3.2", "Overdracht", "Een warme overdracht."),
            ("3.3", "Indexering", "Jaarlijks."),
            ("3.4", "Geschillen", "Naar de rechter."),
        ],
        identities=[identities["3.1"], None, identities["3.2"], identities["3.4"]],
        based_on=old,
    )
    release_create_draft(standard=standard, by=None)
    return old, new, identities


# --- The compare page -----------------------------------------------------------------------------


def test_summary_counts_and_lists_every_kind_linked_to_its_release(client, releases):
    """Each kind is counted and listed; links go to the new release, a removed one to the old."""
    response = client.get(_compare_url("1.0", "1.1"))
    assert response.status_code == 200
    (document,) = response.context["documents"]
    assert [c.new.number for c in changes(document.added)] == ["3.2"]
    assert [c.old.number for c in changes(document.removed)] == ["3.3"]
    assert [(c.old.number, c.new.number) for c in changes(document.renumbered)] == [("3.2", "3.3")]
    assert [c.new.number for c in changes(document.changed)] == ["3.1"]
    assert [c.new.number for c in document.unchanged] == ["3.4"]
    main = _main(response)
    for path in (
        "/standaarden/cs-jeugd/versies/1.1/deel-3/3.2/",  # added
        "/standaarden/cs-jeugd/versies/1.0/deel-3/3.3/",  # removed: its page in the old release
        "/standaarden/cs-jeugd/versies/1.1/deel-3/3.3/",  # renumbered
        "/standaarden/cs-jeugd/versies/1.1/deel-3/3.1/",  # changed
        "/standaarden/cs-jeugd/versies/1.1/deel-3/3.4/",  # unchanged
    ):
        assert f'href="{path}"' in main
    assert "<summary>Ongewijzigd (1 artikel)</summary>" in main


def test_renumbering_shows_as_renumbering_not_removal_plus_addition(client, releases):
    """Indexering went from 3.2 to 3.3: shown as "3.2 → 3.3", neither added nor removed."""
    response = client.get(_compare_url("1.0", "1.1"))
    main = _main(response)
    assert "Artikel 3.2 → 3.3</span> Indexering" in main
    (document,) = response.context["documents"]
    listed = [c.label for c in changes(document.added + document.removed)]
    assert "Artikel 3.3" in listed  # the removed Bestedingsruimte …
    assert all("Indexering" not in c.new.title for c in changes(document.added))  # … not Indexering
    assert [c.old.title for c in changes(document.removed)] == ["Bestedingsruimte"]


def test_inline_layout_is_the_default_and_shows_the_redline(client, releases):
    """Without ?weergave= the changes are redlines: deletion and insertion woven into one."""
    response = client.get(_compare_url("1.0", "1.1"))
    assert response.context["layout"] == "inline"
    main = _main(response)
    assert '<div class="cs-redline">Levering binnen <del>5</del><ins>3</ins> werkdagen.</div>' in (
        main
    )
    assert "<del>Een plafond per jaar.</del>" in main  # the removed article, all struck
    assert "<ins>Een warme overdracht.</ins>" in main  # the new article, all underlined
    assert "De tekst is niet gewijzigd." in main  # the renumbered Indexering
    assert "<table" not in main.split('id="wijzigingen"')[1]


def test_side_by_side_layout_marks_only_its_own_side(client, releases):
    """Two columns per article: the old text with only <del>, the new text with only <ins>."""
    main = _main(client.get(_compare_url("1.0", "1.1", layout="naast-elkaar")))
    cells = re.findall(r'<div class="cs-redline cs-redline--half">(.*?)</div>', main, re.DOTALL)
    assert "Levering binnen <del>5</del> werkdagen." in cells
    assert "Levering binnen <ins>3</ins> werkdagen." in cells
    assert '<th scope="col" class="utrecht-table__header-cell">Versie 1.0</th>' in main
    assert "(bestond nog niet)" in main and "(vervallen)" in main


def test_was_wordt_table_has_article_was_wordt_and_reason(client, releases):
    """The was-wordt table: Artikel, Was, Wordt, Reden; without change requests every change
    is editorial (the summary says so too, per listed article)."""
    main = _main(client.get(_compare_url("1.0", "1.1", layout="was-wordt")))
    table = main[
        main.index('<table class="utrecht-table utrecht-table--html-table cs-was-wordt">') :
    ]
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table)
    assert headers == ["Artikel", "Was", "Wordt", "Reden"]
    rows = table.count('<th scope="row"')
    assert rows == 4  # 3.1 changed, 3.2 added, 3.2 → 3.3 renumbered, 3.3 removed
    assert table.count('<span class="cs-change-reason">redactioneel</span>') == 4
    assert main.count('<span class="cs-change-reason">redactioneel</span>') == 8
    assert "<caption" in main


@pytest.mark.parametrize(
    ("layout", "current"),
    [
        (None, "inline"),
        ("inline", "inline"),
        ("naast-elkaar", "naast-elkaar"),
        ("was-wordt", "was-wordt"),
        ("onzin", "inline"),
    ],
)
def test_layout_tabs_mark_the_current_layout(client, releases, layout, current):
    """The tab of the shown layout carries aria-current; an unknown layout falls back to inline."""
    main = _main(client.get(_compare_url("1.0", "1.1", layout=layout)))
    marked = re.findall(r'href="\?weergave=([a-z-]+)#wijzigingen" aria-current="page"', main)
    assert marked == [current]
    assert main.count("cs-layout-tabs__link") == 3


@pytest.mark.parametrize("layout", ["inline", "naast-elkaar", "was-wordt"])
def test_article_text_is_escaped_in_every_layout(client, layout):
    """Markup in an article's text is shown as text, never interpreted."""
    standard = StandardFactory(slug="cs-jeugd")
    old = release_with_articles(
        standard=standard, state=ReleaseState.SUPERSEDED, articles=[("3.1", "A", "Zie <b>dit</b>.")]
    )
    release_with_articles(
        standard=standard,
        version="1.1",
        articles=[("3.1", "A", "Zie <script>alert(1)</script> & dat.")],
        identities=[old.article_versions.get().article],
    )
    main = _main(client.get(_compare_url("1.0", "1.1", layout=layout)))
    assert "<script>" not in main and "<b>" not in main
    # The shared "<" stays outside the marks: "Zie &lt;<del>b&gt;dit…</del><ins>script&gt;…"
    assert "b&gt;dit&lt;/b&gt;" in main
    assert "script&gt;alert(1)&lt;/script&gt; &amp; dat" in main


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/standaarden/bestaat-niet/vergelijk/1.0/1.1/", "Deze standaard bestaat niet."),
        ("/standaarden/cs-jeugd/vergelijk/1.0/9.9/", "Versie 9.9 van CS Jeugd bestaat niet."),
        # 2.0 is a release of another standard, not of CS Jeugd.
        ("/standaarden/cs-jeugd/vergelijk/2.0/1.1/", "Versie 2.0 van CS Jeugd bestaat niet."),
        ("/standaarden/bestaat-niet/vergelijk/", "Deze standaard bestaat niet."),
    ],
)
def test_unknown_standard_or_version_is_a_404_that_says_so(client, releases, url, message):
    release_with_articles(standard=StandardFactory(slug="cs-wmo"), version="2.0")
    response = client.get(url)
    assert response.status_code == 404
    assert message in _main(response)
    assert _main(response).count("<h1") == 1


def test_a_version_that_is_no_version_is_a_404(client, releases):
    assert client.get("/standaarden/cs-jeugd/vergelijk/1.0/nieuwste/").status_code == 404


def test_comparing_a_release_with_itself_says_there_are_no_differences(client, releases):
    response = client.get(_compare_url("1.1", "1.1"))
    assert response.status_code == 200
    main = _main(response)
    assert "U vergelijkt versie 1.1 met zichzelf: er zijn geen verschillen." in main
    assert "cs-layout-tabs" not in main and "Samenvatting" not in main


def test_a_draft_identical_to_its_base_has_no_differences(client, releases):
    """The new draft 1.2 copies 1.1: every article is unchanged, and the page says so."""
    main = _main(client.get(_compare_url("1.1", "1.2")))
    assert "Er zijn geen verschillen tussen de artikelen van versie 1.1 en versie 1.2." in main
    assert "<summary>Ongewijzigd (4 artikelen)</summary>" in main
    assert "cs-layout-tabs" not in main


def test_releases_compare_in_either_order(client, releases):
    """1.1 → 1.0 is allowed: the new article now shows as removed, and the page warns."""
    response = client.get(_compare_url("1.1", "1.0"))
    assert response.status_code == 200
    (document,) = response.context["documents"]
    assert [c.old.title for c in changes(document.removed)] == ["Overdracht"]
    assert [c.new.title for c in changes(document.added)] == ["Bestedingsruimte"]
    main = _main(response)
    assert "u vergelijkt terug in de tijd" in main
    assert f'href="{_compare_url("1.0", "1.1")}"' in main


# --- Choosing the versions ------------------------------------------------------------------------


def test_chooser_sends_a_valid_pair_to_the_comparison(client, releases):
    url = reverse("standards:release_compare_choose", args=["cs-jeugd"])
    response = client.get(url, {"oud": "1.1", "nieuw": "1.2"})
    assert response.status_code == 302
    assert response.url == _compare_url("1.1", "1.2")


def test_chooser_refuses_an_unknown_version_and_keeps_the_other(client, releases):
    """A version that does not exist is refused with a message; the valid choice stays selected."""
    url = reverse("standards:release_compare_choose", args=["cs-jeugd"])
    response = client.get(url, {"oud": "7.7", "nieuw": "1.1"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"oud"}
    main = _main(response)
    assert 'class="utrecht-alert utrecht-alert--error cs-error-summary"' in main
    assert '<option value="1.1" selected>' in main


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"oud": "1.0", "nieuw": "1.1"}),  # the release in force against its predecessor
        ({"nieuw": "1.2"}, {"oud": "1.1", "nieuw": "1.2"}),  # from the draft's page
        ({"nieuw": "1.0"}, {"oud": "1.0", "nieuw": "1.0"}),  # nothing older
    ],
)
def test_chooser_proposes_a_release_and_its_predecessor(client, releases, query, expected):
    url = reverse("standards:release_compare_choose", args=["cs-jeugd"])
    response = client.get(url, query)
    assert response.status_code == 200
    assert response.context["form"].initial == expected


# --- Links from the catalogue pages ---------------------------------------------------------------


def test_release_page_links_to_the_comparison_with_its_predecessor(client, releases):
    """1.1 is based on 1.0: its page offers that comparison; 1.0, based on nothing, does not."""
    text = client.get(reverse("standards:release_detail", args=["cs-jeugd", "1.1"])).content
    assert f'href="{_compare_url("1.0", "1.1")}"' in text.decode()
    assert "Vergelijk met vorige versie (1.0)" in text.decode()
    first = client.get(reverse("standards:release_detail", args=["cs-jeugd", "1.0"])).content
    assert "Vergelijk met vorige versie" not in first.decode()
    assert 'href="/standaarden/cs-jeugd/vergelijk/?nieuw=1.0"' in first.decode()


def test_article_page_links_to_the_history(client, releases):
    _old, _new, identities = releases
    url = reverse("standards:article_detail", args=["cs-jeugd", "1.1", "deel-3", "3.3"])
    text = client.get(url).content.decode()
    assert f'href="{_history_url(identities["3.2"])}">Geschiedenis van dit artikel</a>' in text


# --- The article history --------------------------------------------------------------------------


def test_history_shows_every_release_newest_first_with_a_redline_per_step(client, releases):
    """Levering: 1.2 (same as 1.1), 1.1 (5 → 3 werkdagen), 1.0 (first version, full text)."""
    _old, _new, identities = releases
    response = client.get(_history_url(identities["3.1"]))
    assert response.status_code == 200
    steps = response.context["steps"]
    assert [step.release.version for step in steps] == ["1.2", "1.1", "1.0"]
    assert [step.text_changed for step in steps] == [False, True, False]
    assert steps[-1].is_first
    main = _main(response)
    assert '<div class="cs-redline">Levering binnen <del>5</del><ins>3</ins> werkdagen.</div>' in (
        main
    )
    assert "Tekst gelijk aan versie 1.1" in main
    assert main.count("<h1") == 1
    assert f"{_compare_url('1.0', '1.1')}#wijziging-{identities['3.1'].key}" in main


def test_history_of_a_renumbered_article_says_so(client, releases):
    """Indexering was 3.2 in 1.0 and is 3.3 since 1.1; its text did not change."""
    _old, _new, identities = releases
    main = _main(client.get(_history_url(identities["3.2"])))
    assert "Vernummerd: Artikel 3.2 → 3.3" in main
    assert "Tekst gelijk aan versie 1.0" in main
    assert "Geschiedenis van Artikel 3.3 Indexering" in main


def test_history_of_a_removed_article_ends_where_it_was_removed(client, releases):
    """Bestedingsruimte is not in 1.1: the history says so, and does not go on to 1.2."""
    _old, _new, identities = releases
    response = client.get(_history_url(identities["3.3"]))
    steps = response.context["steps"]
    assert [(step.release.version, step.is_removed) for step in steps] == [
        ("1.1", True),
        ("1.0", False),
    ]
    assert "Artikel 3.3 komt niet meer voor in versie 1.1" in _main(response)


def test_history_of_an_unknown_article_is_a_404(client, releases):
    response = client.get("/artikelen/00000000-0000-0000-0000-000000000000/geschiedenis/")
    assert response.status_code == 404
    assert "Dit artikel bestaat niet." in _main(response)


def test_history_of_an_article_in_no_release_is_a_404(client):
    article = Article.objects.create(standard=StandardFactory())
    response = client.get(_history_url(article))
    assert response.status_code == 404
    assert "Dit artikel komt in geen enkele versie voor." in _main(response)


# --- Query counts ---------------------------------------------------------------------------------


def _edited_releases(count: int):
    """Two releases of ``count`` articles: every article edited, one removed and one added."""
    standard = StandardFactory(slug="cs-groot")
    rows = [(f"3.{n}", f"Titel {n}", f"Tekst van artikel {n}.") for n in range(1, count + 1)]
    old = release_with_articles(standard=standard, state=ReleaseState.SUPERSEDED, articles=rows)
    identities = [v.article for v in old.article_versions.order_by("position")]
    edited = [(number, title, text + " Gewijzigd.") for number, title, text in rows[1:]]
    new = release_with_articles(
        standard=standard,
        version="1.1",
        articles=[*edited, ("3.99", "Nieuw", "Nieuw artikel.")],
        identities=identities[1:],
    )
    return old, new, identities


@pytest.mark.parametrize("article_count", [3, 30])
@pytest.mark.parametrize("layout", ["inline", "naast-elkaar", "was-wordt"])
def test_compare_page_queries_do_not_grow_with_articles(
    client, django_assert_num_queries, article_count, layout
):
    """Standard, releases, both releases' articles, their documents, stored redlines (+ insert
    the first time): the same for 3 or 30 articles, in every layout."""
    _edited_releases(article_count)
    url = _compare_url("1.0", "1.1", standard="cs-groot", layout=layout)
    with django_assert_num_queries(QUERIES_COMPARE_FIRST):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(QUERIES_COMPARE):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("release_count", [3, 30])
def test_history_page_queries_do_not_grow_with_releases(
    client, django_assert_num_queries, release_count
):
    """Article, its versions, the releases, stored redlines (+ insert the first time)."""
    standard = StandardFactory(slug="cs-groot")
    article = Article.objects.create(standard=standard)
    for minor in range(release_count):
        release_with_articles(
            standard=standard,
            version=f"1.{minor}",
            state=ReleaseState.SUPERSEDED,
            articles=[("3.1", "Levering", f"Levering binnen {minor} dagen.")],
            identities=[article],
        )
    with django_assert_num_queries(QUERIES_HISTORY_FIRST):
        assert client.get(_history_url(article)).status_code == 200
    with django_assert_num_queries(QUERIES_HISTORY):
        assert client.get(_history_url(article)).status_code == 200


# Fixed whatever the number of articles; one of them reads the change requests behind the
# changes (``standards.change_reasons``), and the first visit inserts the stored redlines.
QUERIES_COMPARE_FIRST = 8
QUERIES_COMPARE = 7
QUERIES_HISTORY_FIRST = 5
QUERIES_HISTORY = 4


# Downloads ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("export", "content_type", "suffix", "magic"),
    [
        ("word", DOCX_CONTENT_TYPE, "wijzigingen.docx", b"PK"),
        ("was-wordt", DOCX_CONTENT_TYPE, "was-wordt.docx", b"PK"),
        ("pdf", PDF_CONTENT_TYPE, "vergelijking.pdf", b"%PDF"),
    ],
)
def test_the_comparison_downloads_as_word_and_pdf(client, export, content_type, suffix, magic):
    """The compare page links each format; the file comes as an attachment with a clear name."""
    old, new = _download_pair()
    page_url = reverse(
        "standards:release_compare",
        kwargs={"standard": new.standard.slug, "old": old.version, "new": new.version},
    )
    url = reverse(
        "standards:release_compare_download",
        kwargs={
            "standard": new.standard.slug,
            "old": old.version,
            "new": new.version,
            "export": export,
        },
    )
    assert f'href="{url}"' in client.get(page_url).content.decode()

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="{new.standard.slug}-{old.version}-{new.version}-{suffix}"'
    )
    assert response.content.startswith(magic)


def test_an_unknown_download_format_is_not_found(client):
    """Only the listed formats exist."""
    old, new = _download_pair()
    url = reverse(
        "standards:release_compare_download",
        kwargs={
            "standard": new.standard.slug,
            "old": old.version,
            "new": new.version,
            "export": "xls",
        },
    )
    assert client.get(url).status_code == 404


def _download_pair():
    old = release_with_articles(version="1.0", articles=[("3.1", "Levering", "Binnen 5 dagen.")])
    new = release_with_articles(
        standard=old.standard,
        version="1.1",
        articles=[("3.1", "Levering", "Binnen 10 dagen.")],
        identities=[old.article_versions.get().article],
    )
    return old, new
