"""Public catalogue pages: content, old versions, 404s, and query counts that do not grow."""

from django.urls import reverse

import pytest

from standards.constants import ReleaseState
from standards.services.releases import release_create_draft
from tests.factories import StandardFactory, release_with_articles

pytestmark = pytest.mark.django_db


def _articles(count: int) -> list[tuple[str, str, str]]:
    return [(f"3.{n}", f"Titel {n}", f"Tekst van artikel {n}.") for n in range(1, count + 1)]


@pytest.fixture
def standard_with_history():
    """A standard with a superseded 1.0, a published 1.1 (3.2 renumbered to 3.3) and a draft."""
    standard = StandardFactory(slug="cs-jeugd", name="CS Jeugd")
    old = release_with_articles(
        standard=standard,
        version="1.0",
        state=ReleaseState.SUPERSEDED,
        articles=[("3.1", "Levering", "Oud."), ("3.2", "Indexering", "Jaarlijks.")],
    )
    identities = [v.article for v in old.article_versions.order_by("position")]
    new = release_with_articles(
        standard=standard,
        version="1.1",
        articles=[
            ("3.1", "Levering", "Nieuw."),
            ("3.2", "Marketing", "Nieuw artikel."),
            ("3.3", "Indexering", "Jaarlijks."),
        ],
        identities=[identities[0], None, identities[1]],
    )
    release_create_draft(standard=standard, by=None)
    return standard, old, new


def test_standard_list_shows_current_version_and_deadline(client, standard_with_history):
    response = client.get(reverse("standards:standard_list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "CS Jeugd" in text and "versie 1.1" in text and "versie 1.2" in text


def test_standard_page_lists_articles_of_the_current_release(client, standard_with_history):
    response = client.get(reverse("standards:standard_detail", args=["cs-jeugd"]))
    text = response.content.decode()
    assert "Inhoud van versie 1.1" in text
    assert text.index("Levering") < text.index("Marketing") < text.index("Indexering")


def test_old_release_url_keeps_working_and_points_to_the_current_article(
    client, standard_with_history
):
    """Art. 3.2 of 1.0 is art. 3.3 in 1.1: the old page links to the renumbered article."""
    url = reverse(
        "standards:article_detail",
        kwargs={"standard": "cs-jeugd", "version": "1.0", "document": "deel-3", "number": "3.2"},
    )
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Dit is niet de geldende versie" in text
    assert "/standaarden/cs-jeugd/versies/1.1/deel-3/3.3/" in text
    assert response.context["history"][1][1] == "unchanged"


def test_article_identity_link_redirects_to_the_newest_version(client, standard_with_history):
    _standard, old, _new = standard_with_history
    article = old.article_versions.get(number="3.2").article
    response = client.get(reverse("standards:article_identity", args=[article.key]))
    assert response.status_code == 302
    assert response.url == "/standaarden/cs-jeugd/versies/1.2/deel-3/3.3/"


@pytest.mark.parametrize(
    "url",
    [
        "/standaarden/bestaat-niet/",
        "/standaarden/cs-jeugd/versies/9.9/",
        "/standaarden/cs-jeugd/versies/1.1/deel-9/",
        "/standaarden/cs-jeugd/versies/1.1/deel-3/3.99/",
    ],
)
def test_unknown_things_are_404(client, standard_with_history, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("article_count", [3, 30])
def test_query_counts_do_not_grow_with_articles(client, django_assert_num_queries, article_count):
    """Every catalogue page uses the same number of queries for 3 or 30 articles."""
    standard = StandardFactory(slug="cs-groot")
    release_with_articles(standard=standard, articles=_articles(article_count))
    pages = {
        reverse("standards:standard_list"): 2,
        reverse("standards:standard_detail", args=["cs-groot"]): 6,
        reverse("standards:release_detail", args=["cs-groot", "1.0"]): 4,
        reverse("standards:document_detail", args=["cs-groot", "1.0", "deel-3"]): 4,
        reverse("standards:article_detail", args=["cs-groot", "1.0", "deel-3", "3.2"]): 5,
    }
    for url, queries in pages.items():
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
