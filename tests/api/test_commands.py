"""``POST /api/v1/change-requests/{number}/<step>``: the workflow steps as API commands.

Every step: the right role moves the request with exactly one event (and the review or Q&A entry
the step records) and gets the request's new public state with that event; anonymous callers get
401, callers without the role 403, the wrong state or a stale ``seenState`` 409, invalid input
400 naming the camelCase field — each refusal a problem response that wrote nothing.
"""

import re
from dataclasses import dataclass, field

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from api import keys
from api.governance import commands
from api.problems import PROBLEM_CONTENT_TYPE
from governance.constants import Application, LegalVerdict
from governance.constants import ChangeRequestState as S
from governance.exceptions import StateConflict
from governance.models import (
    ChangeRequest,
    FaqEntry,
    LegalAssessment,
    PracticalReview,
    TransitionEvent,
)
from standards.constants import ReleaseState
from standards.models import ArticleVersion
from standards.services.articles import article_version_revise
from tests.factories import UserFactory, change_request_in_state, release_with_articles, staff_user

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Intern: eerst navragen bij de leverancier"
# The request (with what its page reads), the role checks, the service (lock, save, history,
# event, its record) and the answer (the request as shown, its event).
MAX_STEP_QUERIES = 30


@pytest.fixture
def release():
    published = release_with_articles(
        version="1.0",
        articles=[("3.1", "Levering", "De aanbieder levert binnen een redelijke termijn.")],
    )
    return release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        articles=[("3.1", "Levering", "De aanbieder levert binnen een redelijke termijn.")],
        identities=[published.article_versions.get().article],
    )


def url(change_request: ChangeRequest, step: str) -> str:
    return f"/api/v1/change-requests/{change_request.number}/{step}"


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def written() -> dict[str, int]:
    """How many rows each kind of workflow record has: to prove a refusal wrote nothing."""
    return {
        "events": TransitionEvent.objects.count(),
        "assessments": LegalAssessment.objects.count(),
        "reviews": PracticalReview.objects.count(),
        "faq": FaqEntry.objects.count(),
        "history": ChangeRequest.history.count(),
    }


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body["status"] == status
    return body


@dataclass
class Case:
    step: str
    state: S
    role: Role
    data: dict
    to_state: S
    wrong_role: Role
    wrong_state: S
    records: dict = field(default_factory=dict)
    extra: tuple[str, ...] = ()  # what the answer has besides the request and its event


CASES = [
    Case(
        "request-info",
        S.INTAKE,
        Role.SECRETARIAT,
        {"question": "Welke termijn bedoelt u precies?", "internalNote": SECRET_NOTE},
        S.NEEDS_INFO,
        Role.LEGAL_REVIEWER,
        S.LEGAL_REVIEW,
    ),
    Case(
        "to-legal-review",
        S.INTAKE,
        Role.SECRETARIAT,
        {"comment": "Ontvankelijk.", "internalNote": SECRET_NOTE},
        S.LEGAL_REVIEW,
        Role.PRACTICAL_REVIEWER,
        S.NEEDS_INFO,
    ),
    Case(
        "merge",
        S.INTAKE,
        Role.SECRETARIAT,
        {"into": "<other>", "internalNote": SECRET_NOTE},
        S.MERGED,
        Role.LEGAL_REVIEWER,
        S.LEGAL_REVIEW,
        extra=("mergedInto",),
    ),
    Case(
        "assess",
        S.LEGAL_REVIEW,
        Role.LEGAL_REVIEWER,
        {
            "verdict": LegalVerdict.FEASIBLE_WITH_CHANGES,
            "motivation": "Past binnen de Wmo 2015 met een kleine aanpassing.",
            "legalGrounds": "art. 2.3.5 Wmo 2015\nCRvB 2019:1234",
            "amendedText": "De aanbieder levert binnen 5 werkdagen.",
            "internalNote": SECRET_NOTE,
        },
        S.PRACTICAL_REVIEW,
        Role.SECRETARIAT,
        S.INTAKE,
        {"assessments": 1},
        extra=("legalAssessment",),
    ),
    Case(
        "advise",
        S.PRACTICAL_REVIEW,
        Role.PRACTICAL_REVIEWER,
        {
            "feasibility": "feasible",
            "burdenEffect": "decreases",
            "advice": "Overnemen.",
            "internalNote": SECRET_NOTE,
        },
        S.STEERING,
        Role.LEGAL_REVIEWER,
        S.LEGAL_REVIEW,
        {"reviews": 1},
        extra=("practicalReview",),
    ),
    Case(
        "answer-in-faq",
        S.LEGAL_REVIEW,
        Role.LEGAL_REVIEWER,
        {"question": "Wat is de levertermijn?", "answer": "Zie artikel 3.1."},
        S.ANSWERED,
        Role.SECRETARIAT,
        S.INTAKE,
        {"faq": 1},
        extra=("faqEntry",),
    ),
    Case(
        "reject",
        S.INTAKE,
        Role.SECRETARIAT,
        {"motivation": "Niet ontvankelijk: geen wijziging van de tekst."},
        S.REJECTED,
        Role.LEGAL_REVIEWER,
        S.STEERING,
    ),
    Case(
        "schedule",
        S.APPROVED,
        Role.SECRETARIAT,
        {"release": "1.1"},
        S.SCHEDULED,
        Role.LEGAL_REVIEWER,
        S.STEERING,
        extra=("scheduledRelease",),
    ),
    Case(
        "apply",
        S.SCHEDULED,
        Role.RELEASE_MANAGER,
        {},
        S.APPLIED,
        Role.LEGAL_REVIEWER,
        S.APPROVED,
        extra=("application", "appliedArticle"),
    ),
]
IDS = [case.step for case in CASES]


def body(case: Case, change_request: ChangeRequest, release, **overrides) -> dict:
    data = {"seenState": change_request.state, **case.data, **overrides}
    if data.get("into") == "<other>":
        other = change_request_in_state(S.INTAKE, release=release, title="Het overblijvende")
        data["into"] = f" {other.number.lower()} "  # typed carelessly: case does not matter
    return data


# Happy paths ------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_right_role_takes_the_step_with_one_event(release, case):
    """200 with the request's new state and the event; one event, and the step's record."""
    change_request = change_request_in_state(case.state, release=release)
    data = body(case, change_request, release)
    before = written()

    response = as_user(staff_user(case.role)).post(url(change_request, case.step), data, "json")

    assert response.status_code == 200, response.content
    answer = response.json()
    change_request.refresh_from_db()
    assert change_request.state == case.to_state
    assert answer["changeRequest"]["number"] == change_request.number
    assert answer["changeRequest"]["state"] == case.to_state
    assert answer["event"]["fromState"] == case.state
    assert answer["event"]["toState"] == case.to_state
    latest = change_request.events.latest("pk")
    assert answer["event"]["publicComment"] == latest.public_comment
    expected = {**before, "events": before["events"] + 1, "history": written()["history"]}
    for name, added in case.records.items():
        expected[name] = before[name] + added
    assert written() == expected
    assert set(answer) == {"changeRequest", "event", *case.extra}
    assert SECRET_NOTE not in response.content.decode()
    assert "sam@gemeente.example.nl" not in response.content.decode()
    assert "API-Version" in response


def test_assess_answers_the_recorded_assessment(release):
    """The legal assessment comes back as recorded, for the revision judged."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=release)
    case = CASES[IDS.index("assess")]

    response = as_user(staff_user(Role.LEGAL_REVIEWER)).post(
        url(change_request, "assess"), body(case, change_request, release), "json"
    )

    assessment = response.json()["legalAssessment"]
    assert assessment["verdict"] == "feasible_with_changes"
    assert assessment["legalGrounds"] == ["art. 2.3.5 Wmo 2015", "CRvB 2019:1234"]
    assert assessment["amendedText"] == "De aanbieder levert binnen 5 werkdagen."
    assert assessment["revision"] == change_request.revision
    stored = LegalAssessment.objects.get(change_request=change_request)
    assert stored.motivation == "Past binnen de Wmo 2015 met een kleine aanpassing."
    assert change_request.events.latest("pk").internal_note == SECRET_NOTE


def test_merge_points_the_request_at_the_survivor(release):
    change_request = change_request_in_state(S.INTAKE, release=release)
    other = change_request_in_state(S.INTAKE, release=release, title="Het overblijvende")

    response = as_user(staff_user(Role.SECRETARIAT)).post(
        url(change_request, "merge"), {"into": other.number}, "json"
    )

    assert response.json()["mergedInto"] == other.number
    change_request.refresh_from_db()
    assert change_request.merged_into == other


def test_answer_in_faq_publishes_the_entry(release):
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=release)
    response = as_user(staff_user(Role.LEGAL_REVIEWER)).post(
        url(change_request, "answer-in-faq"),
        {"question": "Wat is de levertermijn?", "answer": "Zie artikel 3.1."},
        "json",
    )
    entry = FaqEntry.objects.get(change_request=change_request)
    assert response.json()["faqEntry"]["id"] == entry.pk
    assert entry.answer == "Zie artikel 3.1."


def test_seen_state_is_optional(release):
    """Without seenState the step is taken on the state the request has."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    response = as_user(staff_user(Role.SECRETARIAT)).post(
        url(change_request, "to-legal-review"), {}, "json"
    )
    assert response.status_code == 200
    assert response.json()["changeRequest"]["state"] == S.LEGAL_REVIEW


def test_superuser_may_take_a_step(release):
    change_request = change_request_in_state(S.INTAKE, release=release)
    admin = UserFactory(username="beheer", is_superuser=True, is_staff=True)
    response = as_user(admin).post(
        url(change_request, "reject"), {"motivation": "Dubbel ingediend."}, "json"
    )
    assert response.status_code == 200


def test_side_effects_happen_after_commit_as_on_the_web(
    release, mailoutbox, django_capture_on_commit_callbacks
):
    """The question reaches the submitter by e-mail once the step is committed."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    client = as_user(staff_user(Role.SECRETARIAT))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            url(change_request, "request-info"), {"question": "Welke termijn bedoelt u?"}, "json"
        )
    assert callbacks  # the event is sent after commit, not during the request
    assert mailoutbox == []

    change_request = change_request_in_state(S.INTAKE, release=release, title="Tweede")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url(change_request, "request-info"), {"question": "Welke termijn bedoelt u?"}, "json"
        )
    assert [mail.to for mail in mailoutbox] == [["sam@gemeente.example.nl"]]
    assert "Welke termijn bedoelt u?" in mailoutbox[0].body


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_step_costs_a_bounded_number_of_queries(release, case, django_assert_max_num_queries):
    change_request = change_request_in_state(case.state, release=release)
    data = body(case, change_request, release)
    client = as_user(staff_user(case.role))
    with django_assert_max_num_queries(MAX_STEP_QUERIES):
        response = client.post(url(change_request, case.step), data, "json")
    assert response.status_code == 200


# Refusals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_anonymous_caller_gets_401_and_nothing_is_written(client, release, case):
    change_request = change_request_in_state(case.state, release=release)
    data = body(case, change_request, release)
    before = written()

    response = APIClient().post(url(change_request, case.step), data, "json")

    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert written() == before


def test_user_without_a_staff_role_gets_403(release):
    change_request = change_request_in_state(S.INTAKE, release=release)
    before = written()
    response = as_user(UserFactory(username="burger")).post(
        url(change_request, "reject"), {"motivation": "Weg ermee."}, "json"
    )
    assert_problem(response, 403)
    assert written() == before


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_wrong_role_gets_403_and_nothing_is_written(release, case):
    change_request = change_request_in_state(case.state, release=release)
    data = body(case, change_request, release)
    before = written()

    response = as_user(staff_user(case.wrong_role)).post(
        url(change_request, case.step), data, "json"
    )

    assert_problem(response, 403)
    change_request.refresh_from_db()
    assert change_request.state == case.state
    assert written() == before


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_wrong_state_gets_409_and_nothing_is_written(release, case):
    change_request = change_request_in_state(case.wrong_state, release=release)
    data = body(case, change_request, release)
    before = written()

    response = as_user(staff_user(case.role)).post(url(change_request, case.step), data, "json")

    problem = assert_problem(response, 409)
    assert change_request.get_state_display() in problem["detail"]
    change_request.refresh_from_db()
    assert change_request.state == case.wrong_state
    assert written() == before


def test_stale_seen_state_is_a_409_and_nothing_is_written(release):
    """Decided on a view of another state: refused, even though the step is still possible."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    before = written()

    response = as_user(staff_user(Role.SECRETARIAT)).post(
        url(change_request, "reject"),
        {"seenState": S.NEEDS_INFO, "motivation": "Niet ontvankelijk."},
        "json",
    )

    problem = assert_problem(response, 409)
    assert "intussen door iemand anders behandeld" in problem["detail"]
    change_request.refresh_from_db()
    assert change_request.state == S.INTAKE
    assert written() == before


def test_conflict_found_by_the_service_is_a_409(release, monkeypatch):
    """Two decisions at once: the one the service finds stale under its lock gets 409."""
    change_request = change_request_in_state(S.INTAKE, release=release)

    def moved_on(**kwargs):
        raise StateConflict.of(change_request)

    monkeypatch.setattr(commands.Reject, "service", staticmethod(moved_on))

    response = as_user(staff_user(Role.SECRETARIAT)).post(
        url(change_request, "reject"), {"motivation": "Niet ontvankelijk."}, "json"
    )

    assert_problem(response, 409)


@pytest.mark.parametrize(
    ("step", "state", "role", "data", "names"),
    [
        ("request-info", S.INTAKE, Role.SECRETARIAT, {"question": " "}, ["question"]),
        ("reject", S.INTAKE, Role.SECRETARIAT, {}, ["motivation"]),
        (
            "assess",
            S.LEGAL_REVIEW,
            Role.LEGAL_REVIEWER,
            {
                "verdict": "feasible_with_changes",
                "motivation": "Met aanpassing.",
                "amendedText": "",
            },
            ["amendedText"],
        ),
        (
            "assess",
            S.LEGAL_REVIEW,
            Role.LEGAL_REVIEWER,
            {"verdict": "misschien", "motivation": "Tja."},
            ["verdict"],
        ),
        (
            "advise",
            S.PRACTICAL_REVIEW,
            Role.PRACTICAL_REVIEWER,
            {},
            ["feasibility", "burdenEffect", "advice"],
        ),
        ("merge", S.INTAKE, Role.SECRETARIAT, {"into": "WV-1999-0001"}, ["into"]),
        ("merge", S.INTAKE, Role.SECRETARIAT, {}, ["into"]),
        ("schedule", S.APPROVED, Role.SECRETARIAT, {"release": "1.0"}, ["release"]),
        ("schedule", S.APPROVED, Role.SECRETARIAT, {"release": "7.7"}, ["release"]),
        ("request-info", S.INTAKE, Role.SECRETARIAT, {"seenState": "verzonnen"}, None),
    ],
    ids=[
        "blank-question",
        "missing-motivation",
        "changes-without-amended-text",
        "unknown-verdict",
        "advise-without-anything",
        "merge-into-unknown",
        "merge-into-nothing",
        "schedule-into-published",
        "schedule-into-unknown",
        "unknown-seen-state",
    ],
)
def test_invalid_input_is_a_400_naming_the_field_and_writes_nothing(
    release, step, state, role, data, names
):
    change_request = change_request_in_state(state, release=release)
    before = written()

    response = as_user(staff_user(role)).post(url(change_request, step), data, "json")

    problem = assert_problem(response, 400)
    given = [param["name"] for param in problem["invalidParams"]]
    if names is not None:
        assert given == names
    change_request.refresh_from_db()
    assert change_request.state == state
    assert written() == before


def test_merge_into_itself_is_refused_by_the_service(release):
    change_request = change_request_in_state(S.INTAKE, release=release)
    before = written()
    response = as_user(staff_user(Role.SECRETARIAT)).post(
        url(change_request, "merge"), {"into": change_request.number}, "json"
    )
    problem = assert_problem(response, 400)
    assert problem["invalidParams"] == [
        {
            "name": "into",
            "reason": "Een verzoek kan niet met zichzelf worden samengevoegd.",
            "code": "invalid",
        }
    ]
    assert written() == before


def test_unknown_or_unconfirmed_request_is_a_404_problem(release):
    unconfirmed = change_request_in_state(S.SUBMITTED, release=release)
    client = as_user(staff_user(Role.SECRETARIAT))
    for number in ("WV-1999-0001", unconfirmed.number):
        response = client.post(
            f"/api/v1/change-requests/{number}/reject", {"motivation": "x"}, "json"
        )
        assert_problem(response, 404)
    unconfirmed.refresh_from_db()
    assert unconfirmed.state == S.SUBMITTED


@pytest.mark.parametrize(
    ("scopes", "status"),
    [(["organisations:read"], 403), (["change-requests:write"], 200)],
    ids=["without-scope", "with-scope"],
)
def test_an_api_key_acts_for_its_user_within_its_scopes(release, scopes, status):
    """A key of a secretary takes the step only with the scope change-requests:write."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    _key, token = keys.api_key_create(
        by=staff_user(Role.SECRETARIAT), name="Zaaksysteem", scopes=scopes
    )
    before = written()

    response = APIClient().post(
        url(change_request, "reject"),
        {"motivation": "Niet ontvankelijk."},
        "json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == status, response.content
    if status == 403:
        assert_problem(response, 403)
        assert written() == before


# Applying to the draft --------------------------------------------------------------------------


def draft_version(change_request: ChangeRequest) -> ArticleVersion:
    return ArticleVersion.objects.get(
        release=change_request.scheduled_release, article=change_request.article
    )


def test_apply_of_an_untouched_article_takes_the_proposal():
    change_request = change_request_in_state(S.SCHEDULED)
    response = as_user(staff_user(Role.RELEASE_MANAGER)).post(
        url(change_request, "apply"), {"seenState": "scheduled"}, "json"
    )
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["application"] == Application.CLEAN
    assert answer["appliedArticle"]["id"] == str(change_request.article.key)
    assert answer["appliedArticle"]["release"] == change_request.scheduled_release.version
    assert draft_version(change_request).text == change_request.proposed_text


def test_apply_of_a_changed_article_is_a_409_with_the_three_texts():
    """Nothing is applied blindly: 409 with base, current, proposed and the merged text."""
    change_request = change_request_in_state(S.SCHEDULED)
    article_version_revise(
        version=draft_version(change_request), text="Tussentijds gewijzigd.", by=None, reason="x"
    )
    before = written()

    response = as_user(staff_user(Role.RELEASE_MANAGER)).post(
        url(change_request, "apply"), {}, "json"
    )

    problem = assert_problem(response, 409)
    assert problem["baseText"] == "De levering."
    assert problem["currentText"] == "Tussentijds gewijzigd."
    assert problem["proposedText"] == change_request.proposed_text
    assert problem["mergedText"] == "Tussentijds gewijzigd. Binnen 5 werkdagen."
    change_request.refresh_from_db()
    assert change_request.state == S.SCHEDULED
    assert written() == before
    assert draft_version(change_request).text == "Tussentijds gewijzigd."


def test_apply_with_the_resolved_text_is_a_manual_application():
    change_request = change_request_in_state(S.SCHEDULED)
    article_version_revise(
        version=draft_version(change_request), text="Tussentijds gewijzigd.", by=None, reason="x"
    )
    response = as_user(staff_user(Role.RELEASE_MANAGER)).post(
        url(change_request, "apply"), {"text": "Opgeloste tekst."}, "json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["application"] == Application.MANUAL
    assert draft_version(change_request).text == "Opgeloste tekst."


# The submitter's steps --------------------------------------------------------------------------


@pytest.fixture
def submitter():
    return UserFactory(username="sam", email="sam@gemeente.example.nl")


def test_the_submitter_account_answers_a_question(release, submitter):
    change_request = change_request_in_state(S.NEEDS_INFO, release=release, submitter=submitter)
    response = as_user(submitter).post(
        url(change_request, "supply-info"),
        {"answer": "Vijf werkdagen.", "proposedText": "De aanbieder levert binnen 5 werkdagen."},
        "json",
    )
    assert response.status_code == 200, response.content
    change_request.refresh_from_db()
    assert change_request.state == S.INTAKE
    assert change_request.revision == 2
    assert response.json()["event"]["publicComment"] == "Vijf werkdagen."


def test_the_submitter_account_withdraws(release, submitter):
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=release, submitter=submitter)
    response = as_user(submitter).post(
        url(change_request, "withdraw"), {"reason": "Niet meer nodig."}, "json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["changeRequest"]["state"] == S.WITHDRAWN


@pytest.mark.parametrize("step", ["supply-info", "withdraw"])
def test_another_account_may_not_take_the_submitters_steps(release, submitter, step):
    """Not another user, not even staff: 403, nothing written."""
    change_request = change_request_in_state(S.NEEDS_INFO, release=release, submitter=submitter)
    before = written()
    for user in (UserFactory(username="ander"), staff_user(Role.SECRETARIAT)):
        response = as_user(user).post(url(change_request, step), {"answer": "Ik."}, "json")
        assert_problem(response, 403)
    change_request.refresh_from_db()
    assert change_request.state == S.NEEDS_INFO
    assert written() == before


def test_the_step_paths_are_kebab_case():
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", step) for step in commands.STEP_VIEWS)
