"""``/api/v1/standards/{slug}/releases`` and ``…/releases/{version}``.

The list gives every release, newest first, drafts and withdrawn ones included (as the public
pages do), filterable by state. The detail gives the release with its front matter and every
document with every article: identity, number, title, text, hash. A published or superseded
release carries a strong ETag and a long Cache-Control and answers ``If-None-Match`` with 304
after one query; a draft is ``no-cache`` without an ETag. Queries do not grow with articles.
"""

import datetime

from django.core.cache import cache

import pytest

from api.caching import LONG_CACHE, strong_etag
from standards.constants import FrontMatterKind, ReleaseState
from standards.events import release_published
from standards.models import Article, DocumentVersion, FrontMatterSection, Release
from standards.texts import content_hash
from tests.factories import DocumentFactory, StandardFactory, release_with_articles

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
URL = "/api/v1/standards/cs-jeugd/releases"


@pytest.fixture
def standard():
    return StandardFactory(slug="cs-jeugd", name="CS Jeugd")


@pytest.fixture
def releases(standard):
    """1.0 superseded, 1.1 published (based on 1.0), 1.2 withdrawn, 1.3 draft."""
    first = release_with_articles(
        standard=standard,
        version="1.0",
        state=ReleaseState.SUPERSEDED,
        articles=[("3.1", "Levering", "De levering."), ("3.2", "Betaling", "Binnen 30 dagen.")],
    )
    identities = [version.article for version in first.article_versions.order_by("position")]
    second = release_with_articles(
        standard=standard,
        version="1.1",
        based_on=first,
        adopted_on=datetime.date(2025, 6, 1),
        articles=[
            ("3.1", "Levering", "De levering binnen 5 dagen."),
            ("3.2", "Betaling", "Binnen 30 dagen."),
        ],
        identities=identities,
    )
    withdrawn = release_with_articles(
        standard=standard, version="1.2", state=ReleaseState.WITHDRAWN, based_on=second
    )
    draft = release_with_articles(standard=standard, version="1.3", state=ReleaseState.DRAFT)
    return first, second, withdrawn, draft


# --- The list ------------------------------------------------------------------------------------


def test_the_list_gives_every_release_newest_first_with_its_dates(client, releases):
    response = client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert [r["version"] for r in body["results"]] == ["1.3", "1.2", "1.1", "1.0"]
    assert [r["state"] for r in body["results"]] == [
        "draft",
        "withdrawn",
        "published",
        "superseded",
    ]
    published = body["results"][2]
    assert published == {
        "version": "1.1",
        "state": "published",
        "basedOn": "1.0",
        "submissionDeadline": None,
        "adoptedOn": "2025-06-01",
        "publishedOn": "2025-10-01",
        "effectiveOn": "2026-01-01",
        "implementationDeadline": "2026-04-01",
        "url": "http://testserver/api/v1/standards/cs-jeugd/releases/1.1",
    }
    assert body["results"][3]["basedOn"] is None


def test_the_list_filters_by_state(client, releases):
    response = client.get(URL, {"state": ["published", "superseded"]})

    assert [r["version"] for r in response.json()["results"]] == ["1.1", "1.0"]


def test_an_unknown_state_is_a_400_naming_the_parameter(client, releases):
    response = client.get(URL, {"state": "gepubliceerd"})

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert [param["name"] for param in response.json()["invalidParams"]] == ["state"]


def test_the_list_is_paginated(client, releases):
    body = client.get(URL, {"pageSize": 3}).json()

    assert body["count"] == 4
    assert len(body["results"]) == 3
    assert body["next"].endswith("page=2&pageSize=3")


@pytest.mark.parametrize("release_count", [2, 12])
def test_list_queries_do_not_grow_with_releases(
    client, standard, django_assert_num_queries, release_count
):
    """The standard, the count, the page (with what each is based on): three queries."""
    previous = None
    for minor in range(release_count):
        previous = release_with_articles(standard=standard, version=f"1.{minor}", based_on=previous)

    with django_assert_num_queries(3):
        response = client.get(URL)

    assert response.json()["count"] == release_count


# --- One release with its text -------------------------------------------------------------------


def test_a_release_gives_its_documents_and_every_article(client, releases):
    _first, second, _withdrawn, draft = releases
    FrontMatterSection.objects.create(
        release=draft,
        source="Overeenkomst",
        kind=FrontMatterKind.PARTIES,
        heading="Partijen",
        text="Elders.",
    )  # another release's front matter: not shown
    article = second.article_versions.get(number="3.1")

    response = client.get(f"{URL}/1.1")

    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "1.1"
    assert body["state"] == "published"
    assert body["basedOn"] == "1.0"
    assert body["standard"] == {
        "slug": "cs-jeugd",
        "url": "http://testserver/api/v1/standards/cs-jeugd",
    }
    assert body["frontMatter"] == []
    [document] = body["documents"]
    assert {key: document[key] for key in ("slug", "kind", "deviationPolicy", "title")} == {
        "slug": "deel-3",
        "kind": "overeenkomst_deel_3",
        "deviationPolicy": "fixed",
        "title": "Deel 3: Generiek",
    }
    assert [a["number"] for a in document["articles"]] == ["3.1", "3.2"]
    assert document["articles"][0] == {
        "articleId": str(article.article.key),
        "number": "3.1",
        "title": "Levering",
        "chapter": "",
        "isOptional": False,
        "position": 1,
        "text": "De levering binnen 5 dagen.",
        "contentHash": content_hash("De levering binnen 5 dagen."),
        "articleUrl": f"http://testserver/api/v1/articles/{article.article.key}",
    }


def test_a_release_lists_its_documents_and_front_matter_in_order(client, standard):
    release = release_with_articles(
        standard=standard,
        version="2.0",
        state=ReleaseState.DRAFT,
        articles=[("3.1", "Levering", "De levering.")],
    )
    deel_1 = DocumentFactory(standard=standard, slug="deel-1", kind="overeenkomst_deel_1")
    DocumentVersion.objects.filter(release=release).update(position=2)
    DocumentVersion.objects.create(release=release, document=deel_1, title="Deel 1", position=1)
    for position, heading in [(2, "Overwegingen"), (1, "Partijen")]:
        FrontMatterSection.objects.create(
            release=release,
            source="Overeenkomst",
            kind=FrontMatterKind.OTHER,
            heading=heading,
            text=f"{heading}.",
            position=position,
        )

    body = client.get(f"{URL}/2.0").json()

    assert [d["slug"] for d in body["documents"]] == ["deel-1", "deel-3"]
    assert body["documents"][0]["articles"] == []
    assert [s["heading"] for s in body["frontMatter"]] == ["Partijen", "Overwegingen"]


def test_a_published_release_has_a_strong_etag_and_a_long_cache(client, releases):
    _first, second, _withdrawn, _draft = releases

    response = client.get(f"{URL}/1.1")

    assert response["ETag"] == strong_etag(second.pk, second.state)
    assert not response["ETag"].startswith("W/")
    assert response["Cache-Control"] == LONG_CACHE


def test_if_none_match_is_answered_with_304_after_one_query(
    client, releases, django_assert_num_queries
):
    """The release is looked up (one query); its documents and articles are never read."""
    etag = client.get(f"{URL}/1.0").headers["ETag"]
    cache.clear()  # the view's own 304; the kept response's is below

    with django_assert_num_queries(1):
        response = client.get(f"{URL}/1.0", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == LONG_CACHE


def test_a_kept_release_is_served_and_revalidated_without_a_query(
    client, releases, django_assert_num_queries
):
    """A sealed release is kept whole after its first request (api.caching)."""
    first = client.get(f"{URL}/1.0")

    with django_assert_num_queries(0):
        again = client.get(f"{URL}/1.0")
        revalidated = client.get(f"{URL}/1.0", headers={"If-None-Match": first["ETag"]})

    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == LONG_CACHE
    assert again["API-Version"] == first["API-Version"]
    assert revalidated.status_code == 304


def test_a_draft_is_never_kept(client, releases, django_assert_num_queries):
    client.get(f"{URL}/1.3")
    response = client.get(f"{URL}/1.3")
    assert response.status_code == 200
    assert "ETag" not in response


def test_a_stale_etag_gets_the_full_release(client, releases):
    response = client.get(f"{URL}/1.1", headers={"If-None-Match": '"verouderd"'})

    assert response.status_code == 200
    assert response.json()["version"] == "1.1"


def test_superseding_a_release_changes_its_etag(client, releases):
    """The body says its state, so a new state is a new representation."""
    _first, second, _withdrawn, _draft = releases
    etag = client.get(f"{URL}/1.1").headers["ETag"]
    Release.objects.filter(pk=second.pk).update(state=ReleaseState.SUPERSEDED)
    # Publishing the successor supersedes a release and announces it; the API forgets then.
    release_published.send(sender=Release, release=second, superseded=second)

    response = client.get(f"{URL}/1.1", headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response.json()["state"] == "superseded"
    assert response["ETag"] != etag


@pytest.mark.parametrize("version", ["1.3", "1.2"])
def test_a_release_that_can_still_change_is_revalidated_without_an_etag(client, releases, version):
    response = client.get(f"{URL}/{version}", headers={"If-None-Match": "*"})

    assert response.status_code == 200
    assert "ETag" not in response
    assert response["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        (f"{URL}/9.9", "Versie 9.9 van standaard cs-jeugd bestaat niet."),
        ("/api/v1/standards/cs-onbekend/releases/1.1", None),
    ],
)
def test_an_unknown_release_is_a_404_problem(client, releases, url, detail):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    if detail:
        assert response.json()["detail"] == detail


def test_a_version_that_is_no_version_is_a_404_problem(client, releases):
    response = client.get(f"{URL}/laatste")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("article_count", [2, 40])
def test_release_queries_do_not_grow_with_articles(
    client, standard, django_assert_num_queries, article_count
):
    """The release, its front matter, its documents, its articles: four queries."""
    release_with_articles(
        standard=standard,
        version="1.0",
        articles=[(f"3.{n}", f"Titel {n}", f"Tekst {n}.") for n in range(1, article_count + 1)],
    )

    with django_assert_num_queries(4):
        response = client.get(f"{URL}/1.0")

    articles = response.json()["documents"][0]["articles"]
    assert len(articles) == article_count
    assert Article.objects.filter(versions__release__version_minor=0).count() == article_count
