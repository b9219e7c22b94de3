"""Asking the submitter for information and the answer: ``request_info`` / ``supply_info``.

The secretariat asks a question (the timeline shows it); the submitter answers, proving who they
are by the account that filed the request or by the private tracking link, and may revise the
proposed wording. Changed wording is a new revision; unchanged or blank wording is not. The
request goes back to intake with a new due date.
"""

import datetime
from unittest import mock

import pytest

from accounts.roles import Role
from governance.constants import ChangeKind, ChangeRequestState
from governance.exceptions import InvalidInput, NotPermitted
from governance.services.change_requests import (
    change_request_request_info,
    change_request_supply_info,
)
from tests.factories import UserFactory, change_request_in_state, staff_user
from tests.governance.services.builders import ARTICLE_TEXT
from tests.governance.services.snapshots import workflow_rows

pytestmark = pytest.mark.django_db

S = ChangeRequestState
ORIGINAL = "De aanbieder levert binnen vijf werkdagen."


@pytest.fixture
def waiting(draft):
    """A request waiting for the submitter's answer."""
    return change_request_in_state(S.NEEDS_INFO, release=draft, proposed_text=ORIGINAL)


def supply(change_request, **overrides):
    arguments = {
        "change_request": change_request,
        "by": None,
        "tracking_token": change_request.tracking_token,
        "answer": "Werkdagen.",
        **overrides,
    }
    return change_request_supply_info(**arguments)


def test_the_question_is_on_the_timeline_and_the_intake_clock_stops(draft):
    """While the submitter is asked, no due date runs."""
    change_request = change_request_in_state(S.INTAKE, release=draft)
    assert change_request.due_on is not None

    asked = change_request_request_info(
        change_request=change_request,
        by=staff_user(Role.SECRETARIAT),
        question="  Werkdagen of kalenderdagen? ",
        internal_note="Lijkt op WV-2025-0012.",
    )

    assert asked.state == S.NEEDS_INFO
    assert asked.due_on is None
    event = asked.events.latest("pk")
    assert (event.public_comment, event.internal_note) == (
        "Werkdagen of kalenderdagen?",
        "Lijkt op WV-2025-0012.",
    )


def test_a_question_is_required(draft):
    """Asking for information without a question is refused and writes nothing."""
    change_request = change_request_in_state(S.INTAKE, release=draft)
    before = workflow_rows()

    with pytest.raises(InvalidInput) as raised:
        change_request_request_info(
            change_request=change_request, by=staff_user(Role.SECRETARIAT), question=""
        )

    assert raised.value.field == "question"
    assert workflow_rows() == before


def test_new_wording_makes_a_new_revision_and_restarts_intake(waiting):
    """The answer is on the timeline; the wording becomes revision 2; intake is due again."""
    with mock.patch(
        "django.utils.timezone.now",
        return_value=datetime.datetime(2026, 5, 4, 10, 0, tzinfo=datetime.UTC),
    ):
        answered = supply(
            waiting, proposed_text="  De aanbieder levert binnen vijf werkdagen na de opdracht. "
        )

    assert answered.state == S.INTAKE
    assert answered.revision == 2
    assert answered.proposed_text == "De aanbieder levert binnen vijf werkdagen na de opdracht."
    assert answered.due_on == datetime.date(2026, 5, 14)
    assert answered.events.latest("pk").public_comment == "Werkdagen."


@pytest.mark.parametrize("proposed_text", [None, ORIGINAL, f"  {ORIGINAL}\n", "", "  "])
def test_unchanged_or_blank_wording_keeps_the_revision_and_the_text(waiting, proposed_text):
    """Only changed wording is a revision; an empty field means "no new wording"."""
    answered = supply(waiting, proposed_text=proposed_text)

    answered.refresh_from_db()
    assert answered.revision == 1
    assert answered.proposed_text == ORIGINAL


def test_wording_equal_to_the_current_article_is_refused_as_at_submission(waiting):
    """The rule of submission holds for a revision too: a change must change something."""
    before = workflow_rows()

    with pytest.raises(InvalidInput) as raised:
        supply(waiting, proposed_text=ARTICLE_TEXT)

    assert raised.value.field == "proposed_text"
    assert workflow_rows() == before


def test_a_removal_stays_without_wording(draft):
    """A request to remove the article has no proposed wording, also after a revision."""
    change_request = change_request_in_state(
        S.NEEDS_INFO, release=draft, kind=ChangeKind.REMOVE_ARTICLE
    )
    assert change_request.proposed_text == ""

    answered = supply(change_request, proposed_text="Toch maar een tekst.")

    answered.refresh_from_db()
    assert (answered.proposed_text, answered.revision) == ("", 1)


def test_an_answer_is_required(waiting):
    """An empty answer is refused and writes nothing."""
    before = workflow_rows()

    with pytest.raises(InvalidInput) as raised:
        supply(waiting, answer="  ")

    assert raised.value.field == "answer"
    assert workflow_rows() == before


def test_the_tracking_link_of_another_request_proves_nothing(draft, waiting):
    """Holding some request's link does not make you the submitter of this one."""
    other = change_request_in_state(S.NEEDS_INFO, release=draft, title="Een ander verzoek")
    before = workflow_rows()

    with pytest.raises(NotPermitted):
        supply(waiting, tracking_token=other.tracking_token)
    with pytest.raises(NotPermitted):
        supply(waiting, tracking_token="")

    assert workflow_rows() == before


def test_the_account_that_filed_the_request_may_answer_without_the_link(draft):
    """Logged in as the submitter, no link is needed; another account is refused."""
    account = UserFactory(username="indiener")
    change_request = change_request_in_state(S.NEEDS_INFO, release=draft, submitter=account)

    with pytest.raises(NotPermitted):
        supply(change_request, by=UserFactory(username="iemand-anders"), tracking_token=None)
    answered = supply(change_request, by=account, tracking_token=None)

    assert answered.state == S.INTAKE
    assert answered.events.latest("pk").actor == account


def test_new_wording_is_normalised_like_at_submission(waiting):
    """Trailing spaces inside lines and extra blank lines go, as at submission."""
    changed = supply(waiting, proposed_text="Eerste lid.   \n\n\n\nTweede lid.  ")
    assert changed.proposed_text == "Eerste lid.\n\nTweede lid."
    assert changed.revision == 2
