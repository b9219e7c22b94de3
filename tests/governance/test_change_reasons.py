"""Why an article changed: the change requests applied to the releases between two compared.

Governance answers ``standards.change_reasons`` (decision 0020). A request applied to a release
explains its article in every comparison that spans that release, in either direction, on the
compare page (summary, every layout) and in the Word was-wordt table; a change no request
explains is "redactioneel"; a request of a withdrawn release explains nothing; a new-article
request explains the article it created.
"""

import datetime
import io
import re
import uuid
import zipfile

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from accounts.roles import Role
from governance.constants import ChangeKind
from governance.constants import ChangeRequestState as S
from governance.models import ChangeRequest
from governance.services.application import change_request_apply
from governance.services.releases import release_adopt, release_freeze, release_publish
from standards.change_reasons import change_reasons
from standards.models import Article, ArticleVersion, Release
from standards.services.articles import article_version_revise
from standards.services.releases import release_create_draft, release_withdraw
from tests.factories import (
    StandardFactory,
    change_request_in_state,
    release_with_articles,
    staff_user,
)

pytestmark = pytest.mark.django_db

EDITORIAL = '<span class="cs-change-reason">redactioneel</span>'


def compare_url(release_a: Release, release_b: Release, layout: str | None = None) -> str:
    url = reverse(
        "standards:release_compare",
        args=[release_a.standard.slug, release_a.version, release_b.version],
    )
    return f"{url}?weergave={layout}" if layout else url


def main(response) -> str:
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def version_in(release: Release, number: str) -> ArticleVersion:
    return release.article_versions.get(number=number)


def reason_link(change_request: ChangeRequest) -> str:
    return (
        f'<a class="utrecht-link utrecht-link--html-a" href="{change_request.get_absolute_url()}">'
        f"{change_request.number}</a> {change_request.title}"
    )


def was_wordt_reasons(page: str) -> dict[uuid.UUID, str]:
    """The Reden cell of every row of the was-wordt table, by article key."""
    rows = re.findall(
        r'<tr class="utrecht-table__row" id="wijziging-([^"]+)">(.*?)</tr>', page, re.DOTALL
    )
    return {
        uuid.UUID(key): re.search(r'cs-was-wordt__reason">(.*?)</td>', row, re.DOTALL).group(1)
        for key, row in rows
    }


def summary_items(page: str) -> list[str]:
    """The changed articles listed in the summary, each with its reason."""
    items = re.findall(r'<li class="utrecht-unordered-list__item">(.*?)</li>', page, re.DOTALL)
    return [item for item in items if 'class="cs-compare-reason"' in item]


def publish(release: Release, published_on: datetime.date, callbacks) -> Release:
    """Freeze, adopt and publish ``release`` through the services, after-commit work included."""
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


@pytest.fixture
def manager():
    return staff_user(Role.RELEASE_MANAGER)


@pytest.fixture
def history(manager, django_capture_on_commit_callbacks):
    """CS Jeugd 1.0 → 1.1 (published): 3.1 changed by an applied request, 3.2 edited without
    one, 3.3 untouched.

    Returns (1.0, 1.1, the request, the article identities by number).
    """
    standard = StandardFactory(slug="cs-jeugd", name="CS Jeugd")
    first = release_with_articles(
        standard=standard,
        version="1.0",
        articles=[
            ("3.1", "Levering", "De levering."),
            ("3.2", "Indexering", "Jaarlijks."),
            ("3.3", "Geschillen", "Naar de rechter."),
        ],
    )
    articles = {version.number: version.article for version in first.article_versions.all()}
    draft = release_create_draft(standard=standard, by=None)
    change_request = change_request_in_state(
        S.SCHEDULED, release=draft, article_version=version_in(draft, "3.1")
    )
    change_request_apply(change_request=change_request, by=manager)
    article_version_revise(
        version=version_in(draft, "3.2"), text="Jaarlijks, per 1 januari.", by=None, reason="x"
    )
    second = publish(draft, datetime.date(2027, 4, 1), django_capture_on_commit_callbacks)
    change_request.refresh_from_db()
    assert change_request.state == S.RELEASED
    return first, second, change_request, articles


def test_the_compare_page_names_the_request_behind_a_change(client, history):
    """The summary lists the request, linked to its page, beside the article it changed; the
    edited article without a request is "redactioneel"."""
    first, second, change_request, articles = history

    page = main(client.get(compare_url(first, second)))

    items = summary_items(page)
    assert len(items) == 2
    changed_3_1 = next(item for item in items if "3.1" in item)
    changed_3_2 = next(item for item in items if "3.2" in item)
    assert reason_link(change_request) in changed_3_1
    assert EDITORIAL not in changed_3_1
    assert EDITORIAL in changed_3_2
    assert change_request.number not in changed_3_2
    # The inline layout repeats it under the article's redline.
    section = page[page.index(f'id="wijziging-{articles["3.1"].key}"') :]
    assert f'Reden: <span class="cs-change-reason">{reason_link(change_request)}' in section


def test_the_was_wordt_table_gives_the_request_as_reason(client, history):
    """The Reden column: the request for 3.1, "redactioneel" for 3.2; 3.3 is not listed."""
    first, second, change_request, articles = history

    page = main(client.get(compare_url(first, second, layout="was-wordt")))

    reasons = was_wordt_reasons(page)
    assert set(reasons) == {articles["3.1"].key, articles["3.2"].key}
    assert reason_link(change_request) in reasons[articles["3.1"].key]
    assert reasons[articles["3.2"].key] == EDITORIAL


def test_a_backwards_comparison_names_the_same_request(client, history):
    """Comparing 1.1 with 1.0 explains the change of 3.1 by the same request."""
    first, second, change_request, articles = history

    page = main(client.get(compare_url(second, first, layout="was-wordt")))

    reasons = was_wordt_reasons(page)
    assert reason_link(change_request) in reasons[articles["3.1"].key]
    assert reasons[articles["3.2"].key] == EDITORIAL


def test_a_comparison_that_does_not_span_the_release_names_no_request(client, history, manager):
    """1.1 → a 1.2 draft with an editorial change of 3.1: 1.1's request is not a reason there,
    while a request applied to the 1.2 draft is, before 1.2 is published."""
    _first, second, old_request, articles = history
    draft = release_create_draft(standard=second.standard, by=None)
    article_version_revise(
        version=version_in(draft, "3.1"), text="Redactioneel herschreven.", by=None, reason="x"
    )

    reasons = was_wordt_reasons(main(client.get(compare_url(second, draft, layout="was-wordt"))))
    assert reasons == {articles["3.1"].key: EDITORIAL}

    new_request = change_request_in_state(
        S.SCHEDULED,
        release=draft,
        article_version=version_in(draft, "3.2"),
        title="Indexering per kwartaal",
        proposed_text="Per kwartaal.",
    )
    change_request_apply(change_request=new_request, by=manager)

    reasons = was_wordt_reasons(main(client.get(compare_url(second, draft, layout="was-wordt"))))
    assert reasons[articles["3.1"].key] == EDITORIAL
    assert reason_link(new_request) in reasons[articles["3.2"].key]
    assert old_request.number not in "".join(reasons.values())


def test_a_request_of_a_withdrawn_release_is_no_reason(
    client, history, manager, django_capture_on_commit_callbacks
):
    """1.2 got a request applied and was withdrawn; 1.3 (from 1.1) edits the same article by
    hand. Comparing across 1.2 names neither 1.2's request nor leaves out 1.1's."""
    first, second, change_request, articles = history
    withdrawn = release_create_draft(standard=second.standard, by=None)
    lost = change_request_in_state(
        S.SCHEDULED,
        release=withdrawn,
        article_version=version_in(withdrawn, "3.3"),
        title="Geschillen naar de commissie",
        proposed_text="Naar de geschillencommissie.",
    )
    change_request_apply(change_request=lost, by=manager)
    release_withdraw(release=withdrawn, by=None)
    lost.refresh_from_db()
    assert lost.state == S.APPLIED  # still applied: only the release's state rules it out
    later = release_create_draft(standard=second.standard, by=None, version="1.3")
    article_version_revise(
        version=version_in(later, "3.3"), text="Naar de geschillencommissie.", by=None, reason="x"
    )

    across = was_wordt_reasons(main(client.get(compare_url(second, later, layout="was-wordt"))))
    assert across == {articles["3.3"].key: EDITORIAL}

    spanning = was_wordt_reasons(main(client.get(compare_url(first, later, layout="was-wordt"))))
    assert reason_link(change_request) in spanning[articles["3.1"].key]
    assert spanning[articles["3.3"].key] == EDITORIAL
    assert lost.number not in main(client.get(compare_url(later, first)))


def test_a_new_article_request_explains_the_article_it_created(
    client, manager, django_capture_on_commit_callbacks
):
    """The request was filed on 3.1 but creates 3.1a: the added 3.1a names it, 3.1 does not
    change at all."""
    first = release_with_articles(version="1.0", articles=[("3.1", "Levering", "De levering.")])
    draft = release_create_draft(standard=first.standard, by=None)
    change_request = change_request_in_state(
        S.SCHEDULED,
        release=draft,
        kind=ChangeKind.NEW_ARTICLE,
        title="Privacy regelen",
        proposed_text="Partijen beschermen persoonsgegevens.",
    )
    applied = change_request_apply(
        change_request=change_request, by=manager, number="3.1a", title="Privacy"
    )
    second = publish(draft, datetime.date(2027, 4, 1), django_capture_on_commit_callbacks)

    page = main(client.get(compare_url(first, second, layout="was-wordt")))

    reasons = was_wordt_reasons(page)
    assert list(reasons) == [applied.applied_version.article.key]
    assert reason_link(change_request) in reasons[applied.applied_version.article.key]
    added = [item for item in summary_items(page) if "3.1a" in item]
    assert len(added) == 1
    assert reason_link(change_request) in added[0]


def test_the_word_was_wordt_table_names_the_request(client, history):
    """The download's Reden column carries the request's number and title; the editorial
    change says "redactioneel"."""
    first, second, change_request, _articles = history
    url = reverse(
        "standards:release_compare_download",
        kwargs={
            "standard": second.standard.slug,
            "old": first.version,
            "new": second.version,
            "export": "was-wordt",
        },
    )

    response = client.get(url)

    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        xml = docx.read("word/document.xml").decode()
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    assert f"{change_request.number} {change_request.title}" in text
    assert "redactioneel" in text


def test_the_source_answers_per_article_in_one_query(history):
    """``change_reasons`` maps each explained article to its requests, in one query; articles
    nobody asked about are left out, and a release compared with itself has no reasons."""
    first, second, change_request, articles = history
    ids = [article.pk for article in articles.values()]

    with CaptureQueriesContext(connection) as queries:
        reasons = change_reasons(old=first, new=second, article_ids=ids)

    assert len(queries) == 1, [q["sql"] for q in queries]
    assert list(reasons) == [articles["3.1"].pk]
    (reason,) = reasons[articles["3.1"].pk]
    assert (reason.reference, reason.title, reason.url) == (
        change_request.number,
        change_request.title,
        change_request.get_absolute_url(),
    )
    assert change_reasons(old=first, new=second, article_ids=[articles["3.2"].pk]) == {}
    assert change_reasons(old=second, new=second, article_ids=ids) == {}


@pytest.mark.parametrize("requests", [1, 4])
def test_the_compare_page_queries_do_not_grow_with_the_requests(
    client, manager, django_assert_num_queries, django_capture_on_commit_callbacks, requests
):
    """One request or four, on as many articles: the same number of queries (pinned in
    ``tests/standards/test_compare_views.py`` as QUERIES_COMPARE for a visit after the first)."""
    first = release_with_articles(
        version="1.0",
        articles=[(f"3.{n}", f"Artikel {n}", f"Tekst {n}.") for n in range(1, 5)],
    )
    draft = release_create_draft(standard=first.standard, by=None)
    for n in range(1, requests + 1):
        change_request_apply(
            change_request=change_request_in_state(
                S.SCHEDULED,
                release=draft,
                article_version=version_in(draft, f"3.{n}"),
                title=f"Verzoek {n}",
            ),
            by=manager,
        )
    second = publish(draft, datetime.date(2027, 4, 1), django_capture_on_commit_callbacks)
    client.get(compare_url(first, second))  # the first visit stores the redlines

    with django_assert_num_queries(7):
        page = main(client.get(compare_url(first, second)))

    assert page.count('href="/wijzigingsverzoeken/WV-') == 2 * requests  # summary + inline
    assert Article.objects.filter(standard=first.standard).count() == 4
