"""The expert team's legal assessment: ``change_request_assess``.

The assessment is structured (verdict, motivation, legal grounds, amended wording when "feasible
with changes") and belongs to the revision of the proposed wording it judged, with that wording
kept beside it. A verdict "with changes" without the amended wording is refused and writes nothing.
"""

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState, LegalVerdict
from governance.exceptions import InvalidInput
from governance.services.change_requests import (
    change_request_assess,
    change_request_request_info,
    change_request_supply_info,
    change_request_to_legal_review,
)
from tests.factories import change_request_in_state, staff_user
from tests.governance.services.snapshots import workflow_rows

pytestmark = pytest.mark.django_db

S = ChangeRequestState


def test_the_assessment_records_verdict_grounds_revision_and_the_judged_text(draft):
    """Everything the expert team decided is kept, with the wording it judged."""
    change_request = change_request_in_state(
        S.LEGAL_REVIEW, release=draft, proposed_text="De aanbieder levert binnen vijf werkdagen."
    )
    reviewer = staff_user(Role.LEGAL_REVIEWER)

    assessed, assessment = change_request_assess(
        change_request=change_request,
        by=reviewer,
        verdict=LegalVerdict.FEASIBLE_WITH_CHANGES,
        motivation="  Past binnen de Wmo 2015 met een kleine aanpassing. ",
        legal_grounds="art. 2.6.1 Wmo 2015\n\n  ECLI:NL:CRVB:2016:4372 \n",
        amended_text=" De aanbieder levert binnen vijf werkdagen na de opdracht. ",
        internal_note="Afgestemd met VNG.",
    )

    assessment.refresh_from_db()
    assert assessed.state == S.PRACTICAL_REVIEW
    assert assessment.change_request == assessed
    assert assessment.revision == 1
    assert assessment.judged_text == "De aanbieder levert binnen vijf werkdagen."
    assert assessment.verdict == LegalVerdict.FEASIBLE_WITH_CHANGES
    assert assessment.motivation == "Past binnen de Wmo 2015 met een kleine aanpassing."
    assert assessment.grounds == ["art. 2.6.1 Wmo 2015", "ECLI:NL:CRVB:2016:4372"]
    assert assessment.amended_text == "De aanbieder levert binnen vijf werkdagen na de opdracht."
    assert assessment.assessed_by == reviewer
    event = assessed.events.latest("pk")
    assert event.public_comment == "Past binnen de Wmo 2015 met een kleine aanpassing."
    assert event.internal_note == "Afgestemd met VNG."


@pytest.mark.parametrize("amended_text", ["", "   \n"])
def test_feasible_with_changes_without_the_amended_wording_is_refused_and_writes_nothing(
    draft, amended_text
):
    """The amended wording is what "with changes" means; without it there is no verdict."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=draft)
    before = workflow_rows()

    with pytest.raises(InvalidInput) as raised:
        change_request_assess(
            change_request=change_request,
            by=staff_user(Role.LEGAL_REVIEWER),
            verdict=LegalVerdict.FEASIBLE_WITH_CHANGES,
            motivation="Kan met aanpassing.",
            amended_text=amended_text,
        )

    assert raised.value.field == "amended_text"
    assert workflow_rows() == before


def test_an_assessment_without_motivation_is_refused_and_writes_nothing(draft):
    """A verdict is always motivated."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=draft)
    before = workflow_rows()

    with pytest.raises(InvalidInput) as raised:
        change_request_assess(
            change_request=change_request,
            by=staff_user(Role.LEGAL_REVIEWER),
            verdict=LegalVerdict.FEASIBLE,
            motivation=" ",
        )

    assert raised.value.field == "motivation"
    assert workflow_rows() == before


@pytest.mark.parametrize("verdict", [LegalVerdict.FEASIBLE, LegalVerdict.NOT_FEASIBLE])
def test_amended_wording_is_kept_only_with_the_verdict_with_changes(draft, verdict):
    """Wording typed before the reviewer picked another verdict is not stored as amendment."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=draft)

    _assessed, assessment = change_request_assess(
        change_request=change_request,
        by=staff_user(Role.LEGAL_REVIEWER),
        verdict=verdict,
        motivation="Zo beoordeeld.",
        amended_text="Een tekst die niet bij dit oordeel hoort.",
    )

    assessment.refresh_from_db()
    assert assessment.amended_text == ""


def test_a_revision_supplied_by_the_submitter_is_assessed_as_revision_2_with_its_text(draft):
    """After "supply information" with new wording, the assessment judges that new wording."""
    change_request = change_request_in_state(
        S.INTAKE, release=draft, proposed_text="De aanbieder levert binnen vijf werkdagen."
    )
    secretariat = staff_user(Role.SECRETARIAT)
    change_request = change_request_request_info(
        change_request=change_request, by=secretariat, question="Werkdagen of kalenderdagen?"
    )
    change_request = change_request_supply_info(
        change_request=change_request,
        by=None,
        tracking_token=change_request.tracking_token,
        answer="Werkdagen.",
        proposed_text="De aanbieder levert binnen vijf werkdagen na de opdracht.",
    )
    assert change_request.revision == 2
    change_request = change_request_to_legal_review(change_request=change_request, by=secretariat)

    _assessed, assessment = change_request_assess(
        change_request=change_request,
        by=staff_user(Role.LEGAL_REVIEWER),
        verdict=LegalVerdict.FEASIBLE,
        motivation="Helder.",
    )

    assert assessment.revision == 2
    assert assessment.judged_text == "De aanbieder levert binnen vijf werkdagen na de opdracht."
