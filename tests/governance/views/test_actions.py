"""The step pages where staff take one workflow step on one change request.

Every step: the right role gets the form and moves the request with exactly one event (and the
review or Q&A entry the step records); the wrong role, the wrong state, bad input and a stale
page are refused with nothing written and what was typed kept.
"""

import re
from dataclasses import dataclass, field

from django.contrib.messages import get_messages
from django.urls import reverse

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState as S
from governance.constants import LegalVerdict
from governance.models import (
    ChangeRequest,
    FaqEntry,
    LegalAssessment,
    PracticalReview,
    TransitionEvent,
)
from governance.services import change_requests as services
from standards.constants import ReleaseState
from tests.factories import UserFactory, change_request_in_state, release_with_articles, staff_user

pytestmark = pytest.mark.django_db


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


def step_url(change_request: ChangeRequest, slug: str) -> str:
    return reverse(
        "governance:change_request_step", kwargs={"number": change_request.number, "step": slug}
    )


def written() -> dict[str, int]:
    """How many rows each kind of workflow record has: to prove a refusal wrote nothing."""
    return {
        "events": TransitionEvent.objects.count(),
        "assessments": LegalAssessment.objects.count(),
        "reviews": PracticalReview.objects.count(),
        "faq": FaqEntry.objects.count(),
    }


@dataclass
class Case:
    slug: str
    state: S
    role: Role
    data: dict
    to_state: S
    wrong_role: Role
    wrong_state: S
    records: dict = field(default_factory=dict)


CASES = [
    Case(
        "informatie-vragen",
        S.INTAKE,
        Role.SECRETARIAT,
        {"question": "Welke termijn bedoelt u precies?", "internal_note": "Eerst navragen."},
        S.NEEDS_INFO,
        Role.LEGAL_REVIEWER,
        S.LEGAL_REVIEW,
    ),
    Case(
        "naar-juridische-toets",
        S.INTAKE,
        Role.SECRETARIAT,
        {"comment": "Ontvankelijk.", "internal_note": ""},
        S.LEGAL_REVIEW,
        Role.PRACTICAL_REVIEWER,
        S.NEEDS_INFO,
    ),
    Case(
        "samenvoegen",
        S.INTAKE,
        Role.SECRETARIAT,
        {"into": "<other>", "comment": "", "internal_note": "Dubbel."},
        S.MERGED,
        Role.LEGAL_REVIEWER,
        S.LEGAL_REVIEW,
    ),
    Case(
        "juridische-toets",
        S.LEGAL_REVIEW,
        Role.LEGAL_REVIEWER,
        {
            "verdict": LegalVerdict.FEASIBLE_WITH_CHANGES,
            "motivation": "Past binnen de Wmo 2015 met een kleine aanpassing.",
            "legal_grounds": "art. 2.3.5 Wmo 2015\nCRvB 2019:1234",
            "amended_text": "De aanbieder levert binnen 5 werkdagen.",
            "internal_note": "",
        },
        S.PRACTICAL_REVIEW,
        Role.SECRETARIAT,
        S.INTAKE,
        {"assessments": 1},
    ),
    Case(
        "praktijktoets",
        S.PRACTICAL_REVIEW,
        Role.PRACTICAL_REVIEWER,
        {
            "feasibility": "feasible",
            "burden_effect": "decreases",
            "advice": "Overnemen.",
            "internal_note": "",
        },
        S.STEERING,
        Role.LEGAL_REVIEWER,
        S.LEGAL_REVIEW,
        {"reviews": 1},
    ),
    Case(
        "beantwoorden",
        S.LEGAL_REVIEW,
        Role.LEGAL_REVIEWER,
        {"question": "Wat is de levertermijn?", "answer": "Zie artikel 3.1.", "internal_note": ""},
        S.ANSWERED,
        Role.SECRETARIAT,
        S.INTAKE,
        {"faq": 1},
    ),
    Case(
        "afwijzen",
        S.INTAKE,
        Role.SECRETARIAT,
        {"motivation": "Niet ontvankelijk: geen wijziging van de tekst.", "internal_note": ""},
        S.REJECTED,
        Role.LEGAL_REVIEWER,
        S.STEERING,
    ),
    Case(
        "inplannen",
        S.APPROVED,
        Role.SECRETARIAT,
        {"release": "<release>", "comment": ""},
        S.SCHEDULED,
        Role.LEGAL_REVIEWER,
        S.STEERING,
    ),
]
IDS = [case.slug for case in CASES]


def post_data(case: Case, change_request: ChangeRequest, release, **overrides) -> dict:
    data = {"seen_state": change_request.state, **case.data, **overrides}
    if data.get("into") == "<other>":
        other = change_request_in_state(S.INTAKE, release=release, title="Het overblijvende")
        data["into"] = other.number.lower()  # typed carelessly: case does not matter
    if data.get("release") == "<release>":
        data["release"] = release.pk
    return data


# Who may open a step page -----------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, release):
    """An anonymous visitor opening a step page is sent to the login page."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    before = written()
    for method in (client.get, client.post):
        response = method(step_url(change_request, "afwijzen"), {"motivation": "Nee."})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert written() == before


def test_user_without_staff_role_gets_403(client, release):
    """A logged-in user without a staff role (e.g. the submitter) gets 403 and writes nothing."""
    submitter = UserFactory()
    change_request = change_request_in_state(S.INTAKE, release=release, submitter=submitter)
    client.force_login(submitter)
    before = written()
    assert client.get(step_url(change_request, "afwijzen")).status_code == 403
    response = client.post(
        step_url(change_request, "afwijzen"),
        {"seen_state": S.INTAKE, "motivation": "Ik wil niet meer."},
    )
    assert response.status_code == 403
    assert written() == before


def test_unknown_change_request_or_step_is_404(client, release):
    """An unknown number or step slug answers 404."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    client.force_login(staff_user(Role.SECRETARIAT))
    unknown_number = reverse(
        "governance:change_request_step", kwargs={"number": "WV-2020-9999", "step": "afwijzen"}
    )
    assert client.get(unknown_number).status_code == 404
    assert client.get(step_url(change_request, "verplaatsen")).status_code == 404


def test_unconfirmed_change_request_is_404(client, release):
    """A request whose e-mail address is not confirmed is not shown, not even to staff."""
    change_request = change_request_in_state(S.SUBMITTED, release=release)
    client.force_login(staff_user(Role.SECRETARIAT))
    assert client.get(step_url(change_request, "afwijzen")).status_code == 404


# Every step: the right role, the wrong role, the wrong state ------------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_right_role_gets_the_form_with_the_request_and_its_redline(client, release, case):
    """GET by the right role: 200, the request's summary, the redline and the step's form."""
    change_request = change_request_in_state(case.state, release=release)
    client.force_login(staff_user(case.role))

    response = client.get(step_url(change_request, case.slug))

    assert response.status_code == 200
    content = response.content.decode()
    assert change_request.number in content
    assert change_request.title in content
    assert change_request.summary in content
    assert change_request.motivation in content
    assert '<div class="cs-redline">' in content
    assert "<ins>" in content  # the proposed "Binnen 5 werkdagen." is new
    form = response.context["form"]
    assert form["seen_state"].value() == case.state
    assert f'name="seen_state" value="{case.state}"' in content
    for name in case.data:
        assert f'name="{name}"' in content


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_post_moves_the_request_and_writes_one_event(client, release, case):
    """POST by the right role: the state moves, exactly one event (and the step's record)."""
    change_request = change_request_in_state(case.state, release=release)
    user = staff_user(case.role)
    client.force_login(user)
    data = post_data(case, change_request, release)
    before = written()

    response = client.post(step_url(change_request, case.slug), data)

    assert response.status_code == 302
    assert response["Location"] == change_request.get_absolute_url()
    change_request.refresh_from_db()
    assert change_request.state == case.to_state
    assert TransitionEvent.objects.count() == before["events"] + 1
    event = change_request.events.latest("created_at", "pk")
    assert (event.from_state, event.to_state, event.actor) == (case.state, case.to_state, user)
    for kind, added in case.records.items():
        assert written()[kind] == before[kind] + added
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert change_request.number in message
    assert change_request.get_state_display() in message


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_wrong_role_gets_403_and_nothing_is_written(client, release, case):
    """A staff member of another role gets 403 on GET and POST; the request does not move."""
    change_request = change_request_in_state(case.state, release=release)
    client.force_login(staff_user(case.wrong_role))
    data = post_data(case, change_request, release)
    before = written()

    assert client.get(step_url(change_request, case.slug)).status_code == 403
    assert client.post(step_url(change_request, case.slug), data).status_code == 403

    assert written() == before
    change_request.refresh_from_db()
    assert change_request.state == case.state


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_wrong_state_gets_409_with_a_way_back_and_nothing_is_written(client, release, case):
    """A step the state does not allow: 409, a clear message and a link back to the request."""
    change_request = change_request_in_state(case.wrong_state, release=release)
    client.force_login(staff_user(case.role))
    data = post_data(case, change_request, release)
    before = written()

    response = client.get(step_url(change_request, case.slug))
    assert response.status_code == 409
    content = response.content.decode()
    assert "Deze stap kan niet bij een wijzigingsverzoek met status" in content
    assert change_request.get_state_display() in content
    assert f'href="{change_request.get_absolute_url()}"' in content
    assert client.post(step_url(change_request, case.slug), data).status_code == 409

    assert written() == before
    change_request.refresh_from_db()
    assert change_request.state == case.wrong_state


def test_superuser_may_take_every_step(client, release):
    """A superuser acts in every role."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=release)
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(step_url(change_request, "juridische-toets")).status_code == 200


# The forms: prefilled, and what they record -----------------------------------------------------


def test_assess_form_prefills_the_amended_wording_with_the_proposed_text(client, release):
    """The amended wording starts as the proposed text, ready to be adjusted."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=release)
    client.force_login(staff_user(Role.LEGAL_REVIEWER))
    response = client.get(step_url(change_request, "juridische-toets"))
    assert response.context["form"]["amended_text"].value() == change_request.proposed_text
    assert "Eén verwijzing per regel" in response.content.decode()


def test_answer_form_prefills_the_question_with_the_title(client, release):
    """The Q&A question starts as the request's title."""
    change_request = change_request_in_state(S.PRACTICAL_REVIEW, release=release)
    client.force_login(staff_user(Role.PRACTICAL_REVIEWER))
    response = client.get(step_url(change_request, "beantwoorden"))
    assert response.context["form"]["question"].value() == change_request.title


def test_assessment_is_stored_for_the_assessed_revision(client, release):
    """The legal assessment keeps verdict, motivation, grounds and amended wording."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=release)
    client.force_login(staff_user(Role.LEGAL_REVIEWER))
    (case,) = [case for case in CASES if case.slug == "juridische-toets"]

    client.post(
        step_url(change_request, "juridische-toets"), post_data(case, change_request, release)
    )

    assessment = LegalAssessment.objects.get(change_request=change_request)
    assert assessment.revision == change_request.revision
    assert assessment.verdict == LegalVerdict.FEASIBLE_WITH_CHANGES
    assert assessment.grounds == ["art. 2.3.5 Wmo 2015", "CRvB 2019:1234"]
    assert assessment.amended_text == "De aanbieder levert binnen 5 werkdagen."


def test_merge_points_the_request_at_the_survivor(client, release):
    """Merging makes the typed number the request the submitter follows from now on."""
    duplicate = change_request_in_state(S.INTAKE, release=release)
    survivor = change_request_in_state(S.INTAKE, release=release, title="Het overblijvende")
    client.force_login(staff_user(Role.SECRETARIAT))

    client.post(
        step_url(duplicate, "samenvoegen"),
        {"seen_state": S.INTAKE, "into": f"  {survivor.number} "},
    )

    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.merged_into) == (S.MERGED, survivor)


def test_answer_publishes_a_faq_entry(client, release):
    """Answering records the question and answer on the standard's Q&A page."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=release)
    client.force_login(staff_user(Role.LEGAL_REVIEWER))

    client.post(
        step_url(change_request, "beantwoorden"),
        {"seen_state": S.LEGAL_REVIEW, "question": "Wat geldt?", "answer": "Dit geldt."},
    )

    entry = FaqEntry.objects.get(change_request=change_request)
    assert (entry.standard, entry.question, entry.answer) == (
        change_request.standard,
        "Wat geldt?",
        "Dit geldt.",
    )


def test_schedule_offers_only_draft_releases_of_the_standard(client, release):
    """The release to schedule into is chosen among the drafts of the request's standard."""
    change_request = change_request_in_state(S.APPROVED, release=release)
    release_with_articles(version="1.0")  # another standard's published release
    client.force_login(staff_user(Role.SECRETARIAT))
    response = client.get(step_url(change_request, "inplannen"))
    assert list(response.context["form"].fields["release"].queryset) == [release]


# Bad input: 400, the error next to its field, everything typed kept, nothing written ------------


def assert_refused(response, *, field: str, message: str, kept: list[str]) -> None:
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    content = response.content.decode()
    assert 'aria-invalid="true"' in content or field == "__all__"
    for text in kept:
        assert text in content


def test_assess_with_changes_without_amended_wording_is_refused(client, release):
    """ "Haalbaar met aanpassingen" needs the amended wording; the motivation typed is kept."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=release)
    client.force_login(staff_user(Role.LEGAL_REVIEWER))
    before = written()

    response = client.post(
        step_url(change_request, "juridische-toets"),
        {
            "seen_state": S.LEGAL_REVIEW,
            "verdict": LegalVerdict.FEASIBLE_WITH_CHANGES,
            "motivation": "Kan, als de termijn in werkdagen staat.",
            "legal_grounds": "art. 2.3.5 Wmo 2015",
            "amended_text": "   ",
            "internal_note": "Overleg met Jan.",
        },
    )

    assert_refused(
        response,
        field="amended_text",
        message="Geef de aangepaste tekst",
        kept=["Kan, als de termijn in werkdagen staat.", "art. 2.3.5 Wmo 2015", "Overleg met Jan."],
    )
    assert re.search(r'value="feasible_with_changes"[^>]* checked', response.content.decode())
    assert written() == before


def test_reject_without_motivation_is_refused(client, release):
    """Rejecting needs a motivation; the internal note typed is kept."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    client.force_login(staff_user(Role.SECRETARIAT))
    before = written()

    response = client.post(
        step_url(change_request, "afwijzen"),
        {"seen_state": S.INTAKE, "motivation": "", "internal_note": "Geen wijziging."},
    )

    assert_refused(
        response, field="motivation", message="Motiveer waarom", kept=["Geen wijziging."]
    )
    assert written() == before


def test_merge_into_itself_is_refused(client, release):
    """A request cannot be merged into itself: the service's error appears at the field."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    client.force_login(staff_user(Role.SECRETARIAT))
    before = written()

    response = client.post(
        step_url(change_request, "samenvoegen"),
        {"seen_state": S.INTAKE, "into": change_request.number, "internal_note": "Dubbel?"},
    )

    assert_refused(
        response,
        field="into",
        message="niet met zichzelf",
        kept=[change_request.number, "Dubbel?"],
    )
    assert written() == before


def test_merge_into_an_unknown_number_is_refused(client, release):
    """An unknown number is a field error; the number typed stays in the field."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    client.force_login(staff_user(Role.SECRETARIAT))
    before = written()

    response = client.post(
        step_url(change_request, "samenvoegen"),
        {"seen_state": S.INTAKE, "into": "WV-2026-9999", "comment": "Zelfde onderwerp."},
    )

    assert_refused(
        response,
        field="into",
        message="Er is geen wijzigingsverzoek met nummer WV-2026-9999",
        kept=['value="WV-2026-9999"', "Zelfde onderwerp."],
    )
    assert written() == before


def test_merge_into_a_closed_request_is_refused(client, release):
    """Only a request still being handled can absorb a duplicate."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    closed = change_request_in_state(S.REJECTED, release=release)
    client.force_login(staff_user(Role.SECRETARIAT))
    before = written()

    response = client.post(
        step_url(change_request, "samenvoegen"), {"seen_state": S.INTAKE, "into": closed.number}
    )

    assert_refused(response, field="into", message="al afgehandeld", kept=[closed.number])
    assert written() == before


def test_request_info_without_question_is_refused(client, release):
    """Asking the submitter for information needs the question."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    client.force_login(staff_user(Role.SECRETARIAT))
    before = written()

    response = client.post(
        step_url(change_request, "informatie-vragen"),
        {"seen_state": S.INTAKE, "question": " ", "internal_note": "Eerst vragen."},
    )

    assert_refused(response, field="question", message="Schrijf uw vraag", kept=["Eerst vragen."])
    assert written() == before


def test_advise_without_choices_is_refused(client, release):
    """The practical review needs feasibility and burden effect; the advice typed is kept."""
    change_request = change_request_in_state(S.PRACTICAL_REVIEW, release=release)
    client.force_login(staff_user(Role.PRACTICAL_REVIEWER))
    before = written()

    response = client.post(
        step_url(change_request, "praktijktoets"),
        {"seen_state": S.PRACTICAL_REVIEW, "advice": "Overnemen, met uitleg."},
    )

    assert_refused(response, field="feasibility", message="Kies", kept=["Overnemen, met uitleg."])
    assert "burden_effect" in response.context["form"].errors
    assert written() == before


# Concurrency: a decision taken on a stale page ---------------------------------------------------


def test_stale_seen_state_is_a_conflict_and_nothing_is_written(client, release):
    """The request moved on after the page was loaded: 409 conflict, typed text kept."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    client.force_login(staff_user(Role.SECRETARIAT))
    assert client.get(step_url(change_request, "afwijzen")).status_code == 200
    services.change_request_to_legal_review(
        change_request=change_request, by=staff_user(Role.SECRETARIAT, "collega")
    )
    before = written()

    response = client.post(
        step_url(change_request, "afwijzen"),
        {"seen_state": S.INTAKE, "motivation": "Niet ontvankelijk, want dubbel."},
    )

    assert response.status_code == 409
    content = response.content.decode()
    assert "is intussen door iemand anders behandeld" in content
    assert "Juridische toets" in content
    assert "Niet ontvankelijk, want dubbel." in content
    assert "Deze stap kan nu niet meer" in content
    assert 'type="submit" class="utrecht-button utrecht-button--primary-action"' not in content
    assert written() == before
    change_request.refresh_from_db()
    assert change_request.state == S.LEGAL_REVIEW


def test_stale_seen_state_offers_to_resubmit_when_the_step_is_still_possible(client, release):
    """When the step is still possible, the conflict page shows the current state to confirm."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    client.force_login(staff_user(Role.SECRETARIAT))
    before = written()

    response = client.post(
        step_url(change_request, "afwijzen"),
        {"seen_state": S.NEEDS_INFO, "motivation": "Dubbel."},
    )

    assert response.status_code == 409
    assert "is intussen door iemand anders behandeld" in response.content.decode()
    assert response.context["form"]["seen_state"].value() == S.INTAKE
    assert response.context["may_submit"]
    assert written() == before


def test_conflict_found_by_the_service_is_shown_as_409(client, release, monkeypatch):
    """A request moved between the page's read and the service's lock: 409, nothing written."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    stale = ChangeRequest.objects.get(pk=change_request.pk)
    services.change_request_to_legal_review(
        change_request=change_request, by=staff_user(Role.SECRETARIAT, "collega")
    )
    monkeypatch.setattr(
        "governance.views.actions.selectors.change_request_get", lambda *, number: stale
    )
    client.force_login(staff_user(Role.SECRETARIAT))
    before = written()

    response = client.post(
        step_url(change_request, "afwijzen"), {"seen_state": S.INTAKE, "motivation": "Dubbel."}
    )

    assert response.status_code == 409
    assert "is intussen door iemand anders behandeld" in " ".join(
        response.context["form"].non_field_errors()
    )
    assert "Dubbel." in response.content.decode()
    assert written() == before
