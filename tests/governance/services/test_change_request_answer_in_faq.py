"""Ending a request with an answer in the Q&A: ``change_request_answer_in_faq``.

During legal or practical review the reviewer may find that the request needs an explanation,
not a text change. The request ends as answered and the answer is published as a ``FaqEntry`` on
the standard's Q&A page, linked to the article and the request.
"""

import pytest

from accounts.roles import Role
from governance.constants import ActorRole, ChangeRequestState
from governance.exceptions import InvalidInput
from governance.models import FaqEntry
from governance.services.change_requests import change_request_answer_in_faq
from tests.factories import change_request_in_state, staff_user
from tests.governance.services.snapshots import workflow_rows

pytestmark = pytest.mark.django_db

S = ChangeRequestState


@pytest.mark.parametrize(
    ("state", "role", "actor_role"),
    [
        (S.LEGAL_REVIEW, Role.LEGAL_REVIEWER, ActorRole.EXPERT_TEAM),
        (S.PRACTICAL_REVIEW, Role.PRACTICAL_REVIEWER, ActorRole.BEGELEIDINGSGROEP),
    ],
)
def test_the_answer_is_published_as_a_faq_entry_and_ends_the_request(
    draft, state, role, actor_role
):
    """One FaqEntry on the standard and article; the timeline shows the answer."""
    change_request = change_request_in_state(state, release=draft)

    answered, entry = change_request_answer_in_faq(
        change_request=change_request,
        by=staff_user(role),
        question="  Geldt de levertermijn ook bij spoed? ",
        answer=" Ja, zie artikel 3.1. ",
    )

    assert answered.state == S.ANSWERED
    assert answered.decided_at is not None
    assert answered.due_on is None
    assert list(FaqEntry.objects.all()) == [entry]
    entry.refresh_from_db()
    assert entry.standard == draft.standard
    assert entry.article == change_request.article
    assert entry.change_request == answered
    assert entry.question == "Geldt de levertermijn ook bij spoed?"
    assert entry.answer == "Ja, zie artikel 3.1."
    event = answered.events.latest("pk")
    assert (event.transition, event.public_comment, event.actor_role) == (
        "answer_in_faq",
        "Ja, zie artikel 3.1.",
        actor_role,
    )


@pytest.mark.parametrize(
    ("question", "answer", "field"),
    [("", "Ja.", "question"), ("Geldt dit ook bij spoed?", " ", "answer")],
)
def test_question_and_answer_are_both_required(draft, question, answer, field):
    """A Q&A entry without question or answer is refused and writes nothing."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=draft)
    before = workflow_rows()

    with pytest.raises(InvalidInput) as raised:
        change_request_answer_in_faq(
            change_request=change_request,
            by=staff_user(Role.LEGAL_REVIEWER),
            question=question,
            answer=answer,
        )

    assert raised.value.field == field
    assert workflow_rows() == before
