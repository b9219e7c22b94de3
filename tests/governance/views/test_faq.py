"""A standard's Q&A page: the answers that ended change requests, with article and request."""

from django.urls import reverse

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState
from governance.services import change_requests as services
from standards.constants import ReleaseState
from tests.factories import (
    StandardFactory,
    change_request_in_state,
    release_with_articles,
    staff_user,
)

pytestmark = pytest.mark.django_db

S = ChangeRequestState
# The standard, and the entries with their article text and request in one query.
FAQ_QUERIES = 2


@pytest.fixture
def release():
    standard = StandardFactory(slug="cs-wmo", name="CS Wmo 2015 diensten")
    published = release_with_articles(standard=standard, version="1.0")
    return release_with_articles(
        standard=standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        identities=[published.article_versions.get().article],
    )


def faq_url(slug: str = "cs-wmo") -> str:
    return reverse("governance:faq", kwargs={"standard": slug})


def answer(change_request, *, question: str, text: str):
    change_request, entry = services.change_request_answer_in_faq(
        change_request=change_request,
        by=staff_user(Role.LEGAL_REVIEWER),
        question=question,
        answer=text,
    )
    return entry


def test_faq_lists_the_answer_of_an_answered_request(client, release):
    """The entry shows question, answer, the article, the request and the date."""
    change_request = change_request_in_state(S.ANSWERED, release=release)

    response = client.get(faq_url())

    assert response.status_code == 200
    text = response.content.decode()
    assert "Vragen en antwoorden over CS Wmo 2015 diensten" in text
    assert '<h2 class="utrecht-heading-2 cs-faq__question"' in text
    assert "Wat is de levertermijn?" in text
    assert "<p>Zie artikel 3.1.</p>" in text
    assert 'href="/standaarden/cs-wmo/versies/1.1/deel-3/3.1/"' in text
    assert "naar aanleiding van" in text
    assert f'href="{change_request.get_absolute_url()}">{change_request.number}</a>' in text
    assert "gepubliceerd op" in text


def test_faq_answer_keeps_its_line_breaks_and_escapes_html(client, release):
    """The answer is shown as paragraphs; HTML in it is shown as text."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=release)
    answer(change_request, question="Mag <b>dit</b>?", text="Ja.\n\nMaar <i>alleen</i> zo.")

    text = client.get(faq_url()).content.decode()

    assert "<p>Ja.</p>" in text
    assert "&lt;i&gt;alleen&lt;/i&gt;" in text
    assert "Mag &lt;b&gt;dit&lt;/b&gt;?" in text


def test_faq_shows_only_the_entries_of_this_standard_newest_first(client, release):
    """Entries of another standard are not on this page; the newest answer comes first."""
    first = change_request_in_state(S.LEGAL_REVIEW, release=release)
    second = change_request_in_state(S.LEGAL_REVIEW, release=release)
    answer(first, question="Eerste vraag?", text="Eerste antwoord.")
    answer(second, question="Tweede vraag?", text="Tweede antwoord.")
    change_request_in_state(S.ANSWERED)  # another standard

    text = client.get(faq_url()).content.decode()

    assert text.index("Tweede vraag?") < text.index("Eerste vraag?")
    assert "Wat is de levertermijn?" not in text


def test_faq_page_of_a_standard_without_answers(client, release):
    """Without entries the page says there are none yet."""
    response = client.get(faq_url())

    assert response.status_code == 200
    assert "Er zijn nog geen vragen en antwoorden" in response.content.decode()


def test_faq_of_an_unknown_standard_is_not_found(client, db):
    """An unknown standard answers 404."""
    assert client.get(faq_url("bestaat-niet")).status_code == 404


@pytest.mark.parametrize("entries", [1, 10])
def test_faq_query_count_is_pinned(client, release, django_assert_num_queries, entries):
    """The Q&A page costs the same number of queries for 1 entry as for 10."""
    for n in range(entries):
        change_request = change_request_in_state(S.LEGAL_REVIEW, release=release)
        answer(change_request, question=f"Vraag {n}?", text=f"Antwoord {n}.")

    with django_assert_num_queries(FAQ_QUERIES):
        response = client.get(faq_url())

    assert response.content.decode().count("cs-faq__question") == entries
