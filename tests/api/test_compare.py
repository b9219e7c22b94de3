"""``/api/v1/standards/{slug}/releases/{version}/compare/{otherVersion}``.

The release in the path is the old side, ``otherVersion`` the new one; any two releases of the
standard compare, in either order. Articles are matched by identity: per document the counts
per kind and every article that is not unchanged, with old/new number and title, the redline as
HTML and as operations (which rebuild both texts), and the change requests that caused it.
Two sealed releases give a strong ETag and 304 on revalidation; a draft is ``no-cache``.
"""

import datetime
import html
import re

from django.core.cache import cache

import pytest

from accounts.roles import Role
from api.caching import LONG_CACHE
from governance.constants import ChangeRequestState
from governance.services.application import change_request_apply
from governance.services.releases import release_adopt, release_freeze, release_publish
from standards.constants import ReleaseState
from standards.services.articles import article_version_revise
from standards.services.releases import release_create_draft
from tests.factories import (
    StandardFactory,
    change_request_in_state,
    release_with_articles,
    staff_user,
)

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
BASE = "/api/v1/standards/cs-jeugd/releases"


def compare_url(old: str, new: str, slug: str = "cs-jeugd") -> str:
    return f"/api/v1/standards/{slug}/releases/{old}/compare/{new}"


@pytest.fixture
def releases():
    """1.0 → 1.1 of CS Jeugd: 3.1 edited, 3.2 new, 3.2 → 3.3 renumbered, 3.3 removed, 3.4 same.

    A draft 1.2 copies 1.1.
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


def _changes(body) -> dict[str, dict]:
    """Every listed change by its article identity."""
    return {
        change["articleId"]: change
        for document in body["documents"]
        for change in document["changes"]
    }


def test_the_comparison_lists_every_change_by_identity(client, releases):
    _old, _new, identities = releases

    response = client.get(compare_url("1.0", "1.1"))

    assert response.status_code == 200
    body = response.json()
    assert body["old"] == {
        "version": "1.0",
        "state": "superseded",
        "url": f"http://testserver{BASE}/1.0",
    }
    assert body["new"]["version"] == "1.1"
    assert body["standard"]["slug"] == "cs-jeugd"
    assert body["counts"] == {
        "added": 1,
        "removed": 1,
        "renumbered": 1,
        "changed": 1,
        "unchanged": 1,
    }
    [document] = body["documents"]
    assert document["slug"] == "deel-3"
    assert document["oldTitle"] == document["newTitle"] == "Deel 3: Generiek"
    assert document["counts"] == body["counts"]
    # Reading order of 1.1, the removed 3.3 where it stood in 1.0; 3.4 (unchanged) not listed.
    assert [(c["kind"], (c["new"] or c["old"])["number"]) for c in document["changes"]] == [
        ("changed", "3.1"),
        ("added", "3.2"),
        ("renumbered", "3.3"),
        ("removed", "3.3"),
    ]
    changes = _changes(body)
    assert str(identities["3.4"].key) not in changes
    renumbered = changes[str(identities["3.2"].key)]
    assert renumbered["old"]["number"] == "3.2"
    assert renumbered["new"]["number"] == "3.3"
    assert renumbered["new"]["title"] == "Indexering"
    assert renumbered["numberChanged"] is True
    assert renumbered["textChanged"] is False
    removed = changes[str(identities["3.3"].key)]
    assert removed["new"] is None
    assert removed["old"]["title"] == "Bestedingsruimte"
    assert removed["operations"] == [{"kind": "delete", "text": "Een plafond per jaar."}]


def test_a_changed_article_has_its_redline_as_html_and_as_operations(client, releases):
    """Dropping the insertions gives the old text, dropping the deletions the new text; the
    HTML marks the same operations."""
    _old, _new, identities = releases

    body = client.get(compare_url("1.0", "1.1")).json()

    change = _changes(body)[str(identities["3.1"].key)]
    assert change["kind"] == "changed"
    assert change["textChanged"] is True
    assert change["redlineHtml"] == "Levering binnen <del>5</del><ins>3</ins> werkdagen."
    operations = change["operations"]
    old_text = "".join(op["text"] for op in operations if op["kind"] != "insert")
    new_text = "".join(op["text"] for op in operations if op["kind"] != "delete")
    assert old_text == "Levering binnen 5 werkdagen."
    assert new_text == "Levering binnen 3 werkdagen."
    assert change["changeRequests"] == []  # an editorial change
    assert change["articleUrl"].endswith(f"/api/v1/articles/{identities['3.1'].key}")


def test_article_text_is_escaped_in_the_redline(client):
    standard = StandardFactory(slug="cs-jeugd")
    old = release_with_articles(
        standard=standard, articles=[("3.1", "Script", "Veilig & <b>wel</b>.")]
    )
    release_with_articles(
        standard=standard,
        version="1.1",
        articles=[("3.1", "Script", "Veilig & <script>x</script>.")],
        identities=[old.article_versions.get().article],
    )

    [change] = _changes(client.get(compare_url("1.0", "1.1")).json()).values()

    markup = re.findall(r"</?[a-z]+>", change["redlineHtml"])
    assert set(markup) <= {"<del>", "</del>", "<ins>", "</ins>"}
    assert "<script" not in change["redlineHtml"]
    assert "<b>" not in change["redlineHtml"]
    assert html.unescape(re.sub(r"<ins>.*?</ins>|</?del>", "", change["redlineHtml"])) == (
        "Veilig & <b>wel</b>."
    )


def test_releases_compare_in_either_order(client, releases):
    body = client.get(compare_url("1.1", "1.0")).json()

    assert body["old"]["version"] == "1.1"
    assert body["counts"]["added"] == 1
    assert body["counts"]["removed"] == 1
    # What 1.1 added is what going back to 1.0 removes.
    added_in_1_1 = next(
        c for c in _changes(body).values() if c["old"] and c["old"]["title"] == "Overdracht"
    )
    assert added_in_1_1["kind"] == "removed"


def test_a_release_compared_with_itself_has_no_changes(client, releases):
    body = client.get(compare_url("1.1", "1.1")).json()

    assert body["counts"]["unchanged"] == 4
    assert all(document["changes"] == [] for document in body["documents"])


def test_two_sealed_releases_give_a_strong_etag_and_304(
    client, releases, django_assert_num_queries
):
    """The two releases are looked up (two queries); nothing is compared for the 304."""
    response = client.get(compare_url("1.0", "1.1"))
    etag = response["ETag"]
    assert etag.startswith('"')
    assert response["Cache-Control"] == LONG_CACHE
    assert client.get(compare_url("1.1", "1.0"))["ETag"] != etag
    cache.clear()  # the view's own 304, not the kept response's (below)

    with django_assert_num_queries(2):
        revalidated = client.get(compare_url("1.0", "1.1"), headers={"If-None-Match": etag})

    assert revalidated.status_code == 304
    client.get(compare_url("1.0", "1.1"))  # kept now
    with django_assert_num_queries(0):
        kept = client.get(compare_url("1.0", "1.1"), headers={"If-None-Match": etag})
    assert kept.status_code == 304
    assert kept["ETag"] == etag
    assert revalidated["ETag"] == etag
    assert revalidated["Cache-Control"] == LONG_CACHE


def test_a_comparison_with_a_draft_is_revalidated_without_an_etag(client, releases):
    response = client.get(compare_url("1.1", "1.2"), headers={"If-None-Match": "*"})

    assert response.status_code == 200
    assert "ETag" not in response
    assert response["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    "url",
    [
        compare_url("1.0", "9.9"),
        compare_url("9.9", "1.0"),
        compare_url("1.0", "1.1", slug="cs-onbekend"),
        compare_url("1.0", "nieuwste"),
        compare_url("1.0", "1.1") + "/",
    ],
)
def test_an_unknown_release_is_a_404_problem(client, releases, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 404


def _publish(release, published_on: datetime.date, callbacks):
    release_freeze(release=release, by=None)
    release_adopt(release=release, by=None, adopted_on=published_on, note="Stuurgroep")
    with callbacks(execute=True):
        return release_publish(
            release=release,
            by=None,
            published_on=published_on,
            effective_on=published_on,
            implementation_deadline=published_on + datetime.timedelta(days=200),
        )


def test_a_change_names_the_change_request_that_caused_it(
    client, django_capture_on_commit_callbacks
):
    """An applied request explains its article, by number and title, linked to the request in
    this API and on the portal; the article edited without one has none (editorial)."""
    standard = StandardFactory(slug="cs-jeugd")
    first = release_with_articles(
        standard=standard,
        articles=[("3.1", "Levering", "De levering."), ("3.2", "Indexering", "Jaarlijks.")],
    )
    draft = release_create_draft(standard=standard, by=None)
    change_request = change_request_in_state(
        ChangeRequestState.SCHEDULED,
        release=draft,
        article_version=draft.article_versions.get(number="3.1"),
    )
    change_request_apply(change_request=change_request, by=staff_user(Role.RELEASE_MANAGER))
    article_version_revise(
        version=draft.article_versions.get(number="3.2"),
        text="Jaarlijks, per 1 januari.",
        by=None,
        reason="redactie",
    )
    _publish(draft, datetime.date(2027, 4, 1), django_capture_on_commit_callbacks)
    keys = {v.number: str(v.article.key) for v in first.article_versions.all()}

    changes = _changes(client.get(compare_url("1.0", "1.1")).json())

    assert changes[keys["3.1"]]["changeRequests"] == [
        {
            "number": change_request.number,
            "title": change_request.title,
            "url": f"http://testserver/api/v1/change-requests/{change_request.number}",
            "webUrl": f"http://testserver{change_request.get_absolute_url()}",
        }
    ]
    assert changes[keys["3.2"]]["changeRequests"] == []


def _edited_releases(count: int) -> None:
    standard = StandardFactory(slug="cs-groot")
    rows = [(f"3.{n}", f"Titel {n}", f"Tekst van artikel {n}.") for n in range(1, count + 1)]
    old = release_with_articles(standard=standard, state=ReleaseState.SUPERSEDED, articles=rows)
    identities = [v.article for v in old.article_versions.order_by("position")]
    edited = [(number, title, text + " Gewijzigd.") for number, title, text in rows[1:]]
    release_with_articles(
        standard=standard,
        version="1.1",
        articles=[*edited, ("3.99", "Nieuw", "Nieuw artikel.")],
        identities=identities[1:],
    )


# Both releases (2), the documents, each release's articles (2), the stored redlines (+ storing
# them the first time), the change requests behind the changes: fixed, however many articles.
QUERIES_COMPARE_FIRST = 8
QUERIES_COMPARE = 7


@pytest.mark.parametrize("article_count", [3, 30])
def test_compare_queries_do_not_grow_with_articles(
    client, django_assert_num_queries, article_count
):
    _edited_releases(article_count)
    url = compare_url("1.0", "1.1", slug="cs-groot")

    with django_assert_num_queries(QUERIES_COMPARE_FIRST):
        response = client.get(url)
    cache.clear()  # the comparison itself, not the kept response
    with django_assert_num_queries(QUERIES_COMPARE):
        assert client.get(url).status_code == 200

    assert response.json()["counts"] == {
        "added": 1,
        "removed": 1,
        "renumbered": 0,
        "changed": article_count - 1,
        "unchanged": 0,
    }
