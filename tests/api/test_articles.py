"""``/api/v1/articles/{articleId}``: one article identity through every release that has it.

The identity (``Article.key``) stays the same when the article is renumbered or retitled; the
versions come oldest first, each with its release, number, title, text and hash. An unknown
identity, or one in no release, is a 404 problem. Queries do not grow with the releases.
"""

import uuid

import pytest

from standards.constants import ReleaseState
from standards.models import Article
from standards.texts import content_hash
from tests.factories import StandardFactory, release_with_articles

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def test_an_article_gives_every_version_oldest_first(client):
    standard = StandardFactory(slug="cs-jeugd")
    first = release_with_articles(
        standard=standard,
        version="1.0",
        state=ReleaseState.SUPERSEDED,
        articles=[("3.1", "Levering", "Binnen 5 dagen."), ("3.2", "Prijs", "Vast.")],
    )
    identities = [v.article for v in first.article_versions.order_by("position")]
    release_with_articles(
        standard=standard,
        version="1.1",
        articles=[("3.2", "Levertijd", "Binnen 3 dagen.")],
        identities=identities,
    )
    release_with_articles(
        standard=standard,
        version="1.10",
        state=ReleaseState.DRAFT,
        articles=[("3.2", "Levertijd", "Binnen 3 dagen.")],
        identities=identities,
    )
    article = identities[0]

    response = client.get(f"/api/v1/articles/{article.key}")

    assert response.status_code == 200
    body = response.json()
    assert body["articleId"] == str(article.key)
    assert body["url"] == f"http://testserver/api/v1/articles/{article.key}"
    assert body["standard"] == {
        "slug": "cs-jeugd",
        "url": "http://testserver/api/v1/standards/cs-jeugd",
    }
    assert [v["release"]["version"] for v in body["versions"]] == ["1.0", "1.1", "1.10"]
    assert [v["release"]["state"] for v in body["versions"]] == [
        "superseded",
        "published",
        "draft",
    ]
    assert body["versions"][0] == {
        "release": {
            "version": "1.0",
            "state": "superseded",
            "url": "http://testserver/api/v1/standards/cs-jeugd/releases/1.0",
        },
        "documentSlug": "deel-3",
        "number": "3.1",
        "title": "Levering",
        "chapter": "",
        "isOptional": False,
        "contentHash": content_hash("Binnen 5 dagen."),
        "text": "Binnen 5 dagen.",
    }
    assert body["versions"][1]["number"] == "3.2"
    assert body["versions"][1]["title"] == "Levertijd"
    assert body["versions"][1]["contentHash"] == body["versions"][2]["contentHash"]


def test_an_unknown_article_is_a_404_problem(client):
    response = client.get(f"/api/v1/articles/{uuid.uuid4()}")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"] == "Dit artikel bestaat niet."


def test_an_article_in_no_release_is_a_404_problem(client):
    article = Article.objects.create(standard=StandardFactory())

    response = client.get(f"/api/v1/articles/{article.key}")

    assert response.status_code == 404
    assert response.json()["detail"] == "Dit artikel komt in geen enkele versie voor."


def test_an_identity_that_is_no_uuid_is_a_404_problem(client):
    response = client.get("/api/v1/articles/3.1")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("release_count", [2, 15])
def test_article_queries_do_not_grow_with_releases(
    client, django_assert_num_queries, release_count
):
    """The identity with its standard, then its versions with their releases: two queries."""
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

    with django_assert_num_queries(2):
        response = client.get(f"/api/v1/articles/{article.key}")

    assert len(response.json()["versions"]) == release_count
