"""``/api/v1/faq-entries``: the published questions and answers of every standard.

A review may end a change request with an answer instead of a text change; the answer is
published on the standard's Q&A page and here, with the article and the request it is about.
"""

import datetime

import pytest

from api.problems import PROBLEM_CONTENT_TYPE
from governance.constants import ChangeRequestState
from governance.models import FaqEntry
from standards.constants import ReleaseState
from tests.factories import StandardFactory, change_request_in_state, release_with_articles

pytestmark = pytest.mark.django_db

S = ChangeRequestState
LIST = "/api/v1/faq-entries"
# The count and the page of entries (with standard, article and request); one more to check the
# standard of a filter.
LIST_QUERIES = 2


def draft_release(slug: str):
    standard = StandardFactory(slug=slug, name=slug.upper())
    published = release_with_articles(standard=standard, version="1.0")
    return release_with_articles(
        standard=standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        identities=[published.article_versions.get().article],
    )


@pytest.fixture
def release():
    return draft_release("cs-wmo")


def test_list_has_the_answer_of_an_answered_request(client, release):
    """Question, answer, standard, article as written against, request and publication date."""
    change_request = change_request_in_state(S.ANSWERED, release=release)
    entry = change_request.faq_entry

    response = client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row == {
        "id": entry.pk,
        "standard": "cs-wmo",
        "question": "Wat is de levertermijn?",
        "answer": "Zie artikel 3.1.",
        "publishedAt": row["publishedAt"],
        "article": {
            "id": str(change_request.article.key),
            "number": "3.1",
            "title": "Levering",
            "release": "1.1",
        },
        "changeRequest": change_request.number,
        "webUrl": f"http://testserver/standaarden/cs-wmo/vraag-en-antwoord/#vraag-{entry.pk}",
    }
    assert datetime.datetime.fromisoformat(row["publishedAt"]) == entry.published_at


def test_an_entry_without_a_request_names_only_its_article(client, release):
    """An entry the secretariat wrote itself has no request; its article has no number here."""
    article = release.article_versions.get().article
    FaqEntry.objects.create(
        standard=release.standard, article=article, question="Vraag?", answer="Antwoord."
    )

    row = client.get(LIST).json()["results"][0]

    assert row["changeRequest"] is None
    assert row["article"] == {
        "id": str(article.key),
        "number": None,
        "title": None,
        "release": None,
    }


def test_list_filters_by_standard_and_article(client, release):
    change_request = change_request_in_state(S.ANSWERED, release=release)
    other = change_request_in_state(S.ANSWERED, release=draft_release("cs-jeugd"))

    by_standard = client.get(LIST, {"standard": "cs-jeugd"}).json()["results"]
    by_article = client.get(LIST, {"article": str(change_request.article.key)}).json()["results"]

    assert [row["changeRequest"] for row in by_standard] == [other.number]
    assert [row["changeRequest"] for row in by_article] == [change_request.number]


@pytest.mark.parametrize(
    ("query", "invalid"),
    [({"standard": "bestaat-niet"}, "standard"), ({"article": "3.1"}, "article")],
)
def test_list_refuses_a_bad_filter_as_problem(client, query, invalid):
    response = client.get(LIST, query)

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert [param["name"] for param in response.json()["invalidParams"]] == [invalid]


def test_list_beyond_its_last_page_is_a_400_problem(client):
    """A page that does not exist is invalid input naming ``page``."""
    response = client.get(LIST, {"page": 5})

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert [param["name"] for param in response.json()["invalidParams"]] == ["page"]


@pytest.mark.parametrize("count", [1, 4])
def test_list_queries_do_not_grow_with_entries(client, release, django_assert_num_queries, count):
    for _n in range(count):
        change_request_in_state(S.ANSWERED, release=release)
    FaqEntry.objects.create(standard=release.standard, question="Los?", answer="Ja.")

    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get(LIST).json()["results"]) == count + 1
    with django_assert_num_queries(LIST_QUERIES + 1):
        assert client.get(LIST, {"standard": "cs-wmo"}).status_code == 200
