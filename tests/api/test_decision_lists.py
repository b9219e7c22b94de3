"""``/api/v1/decision-lists``: the steering group's published decision lists (besluitenlijsten).

A meeting is in the API once its decision list is published, as on the public web pages; its
working agenda, the internal notes of its decisions and who recorded them never are.
"""

import datetime

import pytest

from accounts.roles import Role
from api.problems import PROBLEM_CONTENT_TYPE
from governance.constants import ChangeRequestState, SteeringOutcome
from governance.models import SteeringMeeting
from governance.services import steering as services
from standards.constants import ReleaseState
from tests.factories import change_request_in_state, release_with_articles, staff_user

pytestmark = pytest.mark.django_db

S = ChangeRequestState
LIST = "/api/v1/decision-lists"
# The list: the count and the page of meetings (with their number of decisions).
LIST_QUERIES = 2
# One list: the meeting and its agenda items with their requests.
DETAIL_QUERIES = 2
SECRET_NOTE = "Intern: wethouder twijfelt"


def detail(meeting: SteeringMeeting) -> str:
    return f"{LIST}/{meeting.pk}"


@pytest.fixture
def secretary():
    return staff_user(Role.STEERING_SECRETARY)


@pytest.fixture
def release():
    published = release_with_articles(version="1.0")
    return release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        identities=[published.article_versions.get().article],
    )


def meeting_with_decisions(secretary, release, count: int, held_on, publish: bool = True):
    for n in range(count):
        change_request_in_state(S.STEERING, release=release, title=f"Verzoek {n}")
    meeting = services.meeting_create(by=secretary, held_on=held_on, location="Utrecht")
    services.meeting_build_agenda(meeting=meeting, by=secretary)
    outcomes = [SteeringOutcome.APPROVE, SteeringOutcome.REJECT, SteeringOutcome.DEFER]
    for n, item in enumerate(meeting.agenda_items.order_by("position")):
        services.meeting_decide(
            item=item,
            by=secretary,
            outcome=outcomes[n % 3],
            motivation=f"Motivering {n}.",
            internal_note=SECRET_NOTE,
        )
    if publish:
        services.meeting_publish_decisions(meeting=meeting, by=secretary)
    meeting.refresh_from_db()
    return meeting


def test_list_has_only_published_decision_lists_newest_first(client, secretary, release):
    """Unpublished meetings (planned, or decided but not published) are not listed."""
    january = meeting_with_decisions(secretary, release, 1, datetime.date(2027, 1, 11))
    march = meeting_with_decisions(secretary, release, 2, datetime.date(2027, 3, 8))
    meeting_with_decisions(secretary, release, 1, datetime.date(2027, 5, 3), publish=False)
    services.meeting_create(by=secretary, held_on=datetime.date(2027, 9, 6))

    response = client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [march.pk, january.pk]
    row = body["results"][0]
    assert row == {
        "id": march.pk,
        "heldOn": "2027-03-08",
        "location": "Utrecht",
        "publishedAt": row["publishedAt"],
        "decisionCount": 2,
        "url": f"http://testserver{detail(march)}",
        "webUrl": f"http://testserver/stuurgroep/{march.pk}/besluitenlijst/",
    }
    assert datetime.datetime.fromisoformat(row["publishedAt"]) == march.decisions_published_at


def test_detail_has_each_decision_with_its_request_and_motivation(client, secretary, release):
    """In agenda order: request number and title, article, decision and motivation."""
    meeting = meeting_with_decisions(secretary, release, 3, datetime.date(2027, 3, 8))
    items = list(meeting.agenda_items.order_by("position").select_related("change_request"))

    response = client.get(detail(meeting))

    assert response.status_code == 200
    body = response.json()
    assert body["heldOn"] == "2027-03-08"
    assert [d["outcome"] for d in body["decisions"]] == ["approve", "reject", "defer"]
    first = body["decisions"][0]
    change_request = items[0].change_request
    assert first == {
        "position": 1,
        "changeRequest": change_request.number,
        "changeRequestTitle": change_request.title,
        "changeRequestUrl": f"http://testserver/api/v1/change-requests/{change_request.number}",
        "standard": release.standard.slug,
        "article": {
            "id": str(change_request.article.key),
            "number": "3.1",
            "title": "Levering",
            "release": "1.1",
        },
        "outcome": "approve",
        "outcomeLabel": "Goedgekeurd",
        "motivation": "Motivering 0.",
    }


def test_detail_never_shows_internal_notes_or_who_recorded(client, secretary, release):
    meeting = meeting_with_decisions(secretary, release, 2, datetime.date(2027, 3, 8))

    content = client.get(detail(meeting)).content.decode()

    assert SECRET_NOTE not in content
    assert secretary.username not in content
    assert "decidedBy" not in content


def test_detail_of_an_unpublished_list_is_a_404_problem(client, secretary, release):
    """Before publication the decisions are not public: the list does not exist yet."""
    meeting = meeting_with_decisions(
        secretary, release, 1, datetime.date(2027, 3, 8), publish=False
    )

    response = client.get(detail(meeting))

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert SECRET_NOTE not in response.content.decode()


def test_detail_of_an_unknown_id_is_a_404_problem(client):
    response = client.get(f"{LIST}/999999")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE


def test_list_beyond_its_last_page_is_a_400_problem(client):
    """A page that does not exist is invalid input naming ``page``."""
    response = client.get(LIST, {"page": "999"})

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert [param["name"] for param in response.json()["invalidParams"]] == ["page"]


@pytest.mark.parametrize("count", [1, 4])
def test_queries_do_not_grow_with_decisions(
    client, secretary, release, django_assert_num_queries, count
):
    """A list or a detail costs the same number of queries with one decision or many."""
    meeting = None
    for n in range(count):
        meeting = meeting_with_decisions(
            secretary, release, count, datetime.date(2027, 1, 1) + datetime.timedelta(days=n)
        )

    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(LIST).status_code == 200
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(detail(meeting)).status_code == 200
