"""``/api/v1/change-requests``: the public list with its filters and one request with its timeline.

The API shows what the public web pages show and nothing more: a request whose e-mail address is
not confirmed does not exist, and neither the submitter's personal data nor an internal note of
the timeline is ever in a response.
"""

import datetime
import json

from django.utils import timezone

import pytest

from accounts.roles import Role
from api.problems import PROBLEM_CONTENT_TYPE
from governance.constants import ChangeRequestState, SteeringOutcome
from governance.models import ChangeRequest
from governance.services import change_requests as services
from governance.services import steering
from organisations.constants import OrganisationKind
from standards.constants import ReleaseState
from tests.factories import (
    StandardFactory,
    change_request_in_state,
    release_with_articles,
    staff_user,
)

pytestmark = pytest.mark.django_db

S = ChangeRequestState
LIST = "/api/v1/change-requests"
# The list: the count and the page of rows; with a standard filter one more (its slug is checked).
LIST_QUERIES = 2
# One request: the request with its prefetched reviews, merged requests and agenda items (5) and
# the timeline.
DETAIL_QUERIES = 6
SECRET_NOTE = "Intern: indiener belde boos op"


def detail(number: str) -> str:
    return f"{LIST}/{number}"


@pytest.fixture
def release():
    """CS Jeugd with a published 1.0 and the draft 1.1 open for change requests."""
    standard = StandardFactory(slug="cs-jeugd", name="CS Jeugd")
    published = release_with_articles(
        standard=standard,
        version="1.0",
        articles=[("3.1", "Levering", "De levering."), ("3.2", "Betaling", "De betaling.")],
    )
    return release_with_articles(
        standard=standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        articles=[("3.1", "Levering", "De levering."), ("3.2", "Betaling", "De betaling.")],
        identities=[v.article for v in published.article_versions.order_by("position")],
    )


def numbers(response) -> list[str]:
    return [row["number"] for row in response.json()["results"]]


def assert_no_personal_data(body: str) -> None:
    for secret in ("Sam Indiener", "sam@gemeente.example.nl", SECRET_NOTE, "tracking"):
        assert secret not in body


# The list ---------------------------------------------------------------------------------------


def test_list_shows_confirmed_requests_and_hides_unconfirmed_ones(client, release):
    """A confirmed request is listed; one whose e-mail address is unconfirmed is not."""
    confirmed = change_request_in_state(S.INTAKE, release=release, title="Bevestigd verzoek")
    change_request_in_state(S.SUBMITTED, release=release, title="Onbevestigd")

    response = client.get(LIST)

    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert numbers(response) == [confirmed.number]


def test_list_row_has_the_public_fields_in_camel_case(client, release):
    """A row names the request, its state, standard, article identity, target and dates."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    article_version = release.article_versions.order_by("position").first()

    row = client.get(LIST).json()["results"][0]

    assert row == {
        "number": change_request.number,
        "title": "Levertermijn verduidelijken",
        "summary": "Duidelijke levertermijn.",
        "state": "intake",
        "stateLabel": "Intake",
        "kind": "change_wording",
        "kindLabel": "Tekst wijzigen",
        "standard": "cs-jeugd",
        "document": "deel-3",
        "article": {
            "id": str(article_version.article.key),
            "number": "3.1",
            "title": "Levering",
            "release": "1.1",
        },
        "targetRelease": change_request.target_version,
        "scheduledRelease": None,
        "organisationType": "gemeente",
        "organisationTypeLabel": "Gemeente",
        "submittedAt": row["submittedAt"],
        "updatedAt": row["updatedAt"],
        "url": f"http://testserver{detail(change_request.number)}",
        "webUrl": f"http://testserver{change_request.get_absolute_url()}",
    }
    # ISO 8601 with the offset of Europe/Amsterdam.
    submitted = datetime.datetime.fromisoformat(row["submittedAt"])
    assert submitted.utcoffset() is not None
    assert abs(submitted - change_request.submitted_at) < datetime.timedelta(seconds=1)


def test_list_never_shows_submitter_data_or_internal_notes(client, release):
    """Not the submitter's name or e-mail address, nor an internal note, in any list row."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    services.change_request_to_legal_review(
        change_request=change_request,
        by=staff_user(Role.SECRETARIAT),
        comment="Door naar de juridische toets.",
        internal_note=SECRET_NOTE,
    )

    response = client.get(LIST)

    assert_no_personal_data(response.content.decode())


@pytest.fixture
def spread(release):
    """Requests that differ in state, organisation type, article and target release."""
    first, second = release.article_versions.order_by("position")
    intake = change_request_in_state(
        S.INTAKE, release=release, title="Levertermijn verduidelijken", article_version=first
    )
    rejected = change_request_in_state(
        S.REJECTED,
        release=release,
        title="Betaaltermijn korter",
        article_version=second,
        organisation_type=OrganisationKind.PROVIDER,
        motivation="Facturen blijven te lang liggen.",
    )
    other = release_with_articles(
        standard=StandardFactory(slug="cs-wmo", name="CS Wmo 2015"),
        version="2.0",
        state=ReleaseState.DRAFT,
    )
    wmo = change_request_in_state(S.INTAKE, release=other, title="Wmo-verzoek")
    return intake, rejected, wmo


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "rejected"}, ["rejected"]),
        ({"standard": "cs-wmo"}, ["wmo"]),
        ({"organisationType": "aanbieder"}, ["rejected"]),
        ({"search": "betaal"}, ["rejected"]),
        # The search reads the motivation too, as the web list's does.
        ({"search": "facturen"}, ["rejected"]),
        ({"release": "2.0"}, ["wmo"]),
        ({"release": "9.9"}, []),
        ({"standard": "cs-jeugd", "state": "intake"}, ["intake"]),
    ],
)
def test_list_filters(client, spread, query, expected):
    """Each filter keeps the matching requests; filters combine."""
    by_name = dict(zip(("intake", "rejected", "wmo"), spread, strict=True))

    response = client.get(LIST, query)

    assert response.status_code == 200
    assert sorted(numbers(response)) == sorted(by_name[name].number for name in expected)


def test_list_filters_by_article_identity(client, spread, release):
    """``article`` is the article's lasting identity, as ``/articles/{id}`` names it."""
    intake, _rejected, _wmo = spread
    key = release.article_versions.order_by("position").first().article.key

    assert numbers(client.get(LIST, {"article": str(key)})) == [intake.number]


def test_list_filters_by_dates(client, spread):
    """``submittedAfter``/``submittedBefore`` are inclusive dates; ``updatedSince`` a moment."""
    intake, rejected, wmo = spread
    ChangeRequest.objects.filter(pk=intake.pk).update(
        submitted_at=datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC),
        updated_at=datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC),
    )
    today = timezone.localdate().isoformat()

    assert numbers(client.get(LIST, {"submittedBefore": "2026-03-01"})) == [intake.number]
    assert intake.number not in numbers(client.get(LIST, {"submittedAfter": today}))
    recent = numbers(client.get(LIST, {"updatedSince": "2026-03-02T00:00:00+01:00"}))
    assert sorted(recent) == sorted([rejected.number, wmo.number])


def test_list_orders_by_number_or_update(client, spread):
    """Newest number first by default; ``ordering`` sorts by number or by last change."""
    intake, rejected, wmo = spread
    ChangeRequest.objects.filter(pk=wmo.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    by_number = sorted([intake.number, rejected.number, wmo.number])

    assert numbers(client.get(LIST)) == list(reversed(by_number))
    assert numbers(client.get(LIST, {"ordering": "number"})) == by_number
    assert numbers(client.get(LIST, {"ordering": "updatedAt"}))[0] == wmo.number


def test_list_hides_unconfirmed_requests_also_when_filtered(client, release):
    """Filtering never brings back an unconfirmed request, not even by its own number."""
    unconfirmed = change_request_in_state(S.SUBMITTED, release=release, title="Onbevestigd")

    assert numbers(client.get(LIST, {"search": unconfirmed.number})) == []


@pytest.mark.parametrize(
    ("query", "invalid"),
    [
        ({"state": "submitted"}, "state"),  # never public, so not a choice
        ({"state": "nonsense"}, "state"),
        ({"standard": "bestaat-niet"}, "standard"),
        ({"article": "geen-uuid"}, "article"),
        ({"release": "versie-1"}, "release"),
        ({"organisationType": "persoon"}, "organisationType"),
        ({"submittedAfter": "31-12-2026"}, "submittedAfter"),
        ({"updatedSince": "gisteren"}, "updatedSince"),
        ({"ordering": "title"}, "ordering"),
    ],
)
def test_list_refuses_a_bad_filter_as_problem(client, release, query, invalid):
    """A value that does not fit is a 400 problem naming the camelCase parameter."""
    response = client.get(LIST, query)

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body["status"] == 400
    assert [param["name"] for param in body["invalidParams"]] == [invalid]


def test_list_is_paginated(client, release):
    """``pageSize`` pages the list; ``next`` leads to the rest."""
    for n in range(3):
        change_request_in_state(S.INTAKE, release=release, title=f"Verzoek {n}")

    first = client.get(LIST, {"pageSize": 2}).json()

    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert len(client.get(first["next"]).json()["results"]) == 1


@pytest.mark.parametrize("count", [1, 4])
def test_list_queries_do_not_grow_with_rows(client, release, django_assert_num_queries, count):
    """The list costs the same number of queries for one request or many."""
    for n in range(count):
        change_request_in_state(S.SCHEDULED if n % 2 else S.INTAKE, release=release)

    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(LIST).status_code == 200
    with django_assert_num_queries(LIST_QUERIES + 1):
        assert client.get(LIST, {"standard": "cs-jeugd"}).status_code == 200


# One request ------------------------------------------------------------------------------------


def test_detail_has_the_proposal_and_the_public_timeline(client, release):
    """Proposed text, motivation and every state change with its public comment and role."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=release)

    response = client.get(detail(change_request.number))

    assert response.status_code == 200
    body = response.json()
    assert body["number"] == change_request.number
    assert body["proposedText"] == change_request.proposed_text
    assert body["baseText"] == change_request.base_text
    assert body["motivation"] == "De termijn is onduidelijk."
    assert body["organisationName"] == "Gemeente Voorbeeld"
    assert [(e["fromState"], e["toState"]) for e in body["timeline"]] == [
        ("draft", "submitted"),
        ("submitted", "intake"),
        ("intake", "legal_review"),
    ]
    step = body["timeline"][-1]
    assert set(step) == {
        "fromState",
        "fromStateLabel",
        "toState",
        "toStateLabel",
        "at",
        "publicComment",
        "role",
        "roleLabel",
    }
    assert step["role"] == "secretariat"
    assert step["roleLabel"] == "Secretariaat"
    assert step["toStateLabel"] == "Juridische toets"


def test_detail_never_shows_internal_notes_or_submitter_data(client, release):
    """The internal note stays internal; the public comment of the same step is shown."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    services.change_request_to_legal_review(
        change_request=change_request,
        by=staff_user(Role.SECRETARIAT),
        comment="Door naar de juridische toets.",
        internal_note=SECRET_NOTE,
    )

    response = client.get(detail(change_request.number))

    assert response.json()["timeline"][-1]["publicComment"] == "Door naar de juridische toets."
    assert_no_personal_data(response.content.decode())
    body = response.json()
    assert not [key for key in body if "submitter" in key.lower() or "email" in key.lower()]
    assert not [key for event in body["timeline"] for key in event if "note" in key.lower()]


def test_detail_of_an_unconfirmed_request_is_a_404_problem(client, release):
    """Until the e-mail address is confirmed the request does not exist in the API."""
    unconfirmed = change_request_in_state(S.SUBMITTED, release=release)

    response = client.get(detail(unconfirmed.number))

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["detail"] == "Dit wijzigingsverzoek bestaat niet."


def test_detail_of_an_unknown_number_is_a_404_problem(client):
    response = client.get(detail("WV-2099-9999"))

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["status"] == 404


def test_detail_with_a_trailing_slash_is_a_404(client, release):
    change_request = change_request_in_state(S.INTAKE, release=release)

    response = client.get(f"{detail(change_request.number)}/")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE


def test_detail_has_reviews_and_the_decision_of_a_published_list(client, release):
    """Reviews as the public page shows them; a decision once its decision list is published."""
    change_request = change_request_in_state(S.STEERING, release=release)
    secretary = staff_user(Role.STEERING_SECRETARY)
    meeting = steering.meeting_create(by=secretary, held_on=datetime.date(2027, 3, 1))
    steering.meeting_build_agenda(meeting=meeting, by=secretary)
    steering.meeting_decide(
        item=meeting.agenda_items.get(),
        by=secretary,
        outcome=SteeringOutcome.APPROVE,
        motivation="Verduidelijkt de praktijk.",
        internal_note=SECRET_NOTE,
    )
    before = client.get(detail(change_request.number)).json()
    steering.meeting_publish_decisions(meeting=meeting, by=secretary)

    body = client.get(detail(change_request.number)).json()

    assert [a["verdict"] for a in body["legalAssessments"]] == ["feasible"]
    assert body["legalAssessments"][0]["motivation"] == "Past binnen de Wmo 2015."
    assert [r["burdenEffect"] for r in body["practicalReviews"]] == ["neutral"]
    assert before["steeringDecisions"] == []
    assert body["steeringDecisions"] == [
        {
            "decisionList": meeting.pk,
            "heldOn": "2027-03-01",
            "outcome": "approve",
            "outcomeLabel": "Goedgekeurd",
            "motivation": "Verduidelijkt de praktijk.",
        }
    ]
    assert body["state"] == "approved"
    assert SECRET_NOTE not in json.dumps(body)


def test_detail_of_an_answered_request_has_the_answer(client, release):
    change_request = change_request_in_state(S.ANSWERED, release=release)

    body = client.get(detail(change_request.number)).json()

    assert body["faqAnswer"]["question"] == "Wat is de levertermijn?"
    assert body["faqAnswer"]["answer"] == "Zie artikel 3.1."


def test_detail_of_a_merged_request_names_the_survivor(client, release):
    merged = change_request_in_state(S.MERGED, release=release)
    survivor = merged.merged_into

    assert client.get(detail(merged.number)).json()["mergedInto"] == survivor.number
    assert client.get(detail(survivor.number)).json()["mergedRequests"] == [merged.number]


@pytest.mark.parametrize("state", [S.INTAKE, S.SCHEDULED])
def test_detail_queries_do_not_grow_with_its_history(
    client, release, django_assert_num_queries, state
):
    """A request with a long history costs as many queries as a fresh one."""
    change_request = change_request_in_state(state, release=release)

    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(detail(change_request.number)).status_code == 200
