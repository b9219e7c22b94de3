"""The demo's change requests: every workflow state, a consistent timeline, loaded once."""

from itertools import pairwise

from django.core.management import call_command
from django.utils import timezone

import pytest

from demo.change_requests import (
    DEMO_CHANGE_REQUESTS,
    DemoChangeRequest,
    DemoScenarioError,
    _proposed_text,
)
from governance.conflicts import release_conflicts
from governance.constants import ChangeRequestState, SteeringOutcome
from governance.models import (
    AgendaItem,
    ChangeRequest,
    FaqEntry,
    SteeringMeeting,
    TransitionEvent,
)
from standards.constants import ReleaseState
from standards.redlines import redline

pytestmark = pytest.mark.django_db

S = ChangeRequestState
EVERY_STATE_BEFORE_A_RELEASE = {
    S.SUBMITTED,
    S.INTAKE,
    S.NEEDS_INFO,
    S.LEGAL_REVIEW,
    S.PRACTICAL_REVIEW,
    S.STEERING,
    S.APPROVED,
    S.SCHEDULED,
    S.REJECTED,
    S.MERGED,
    S.ANSWERED,
    S.WITHDRAWN,
}


@pytest.fixture
def demo():
    call_command("load_demo_data")


def test_every_state_has_a_demo_change_request(demo):
    """Each state a request reaches before a release is built has at least one demo request."""
    states = set(ChangeRequest.objects.values_list("state", flat=True))
    assert states >= EVERY_STATE_BEFORE_A_RELEASE
    assert ChangeRequest.objects.count() == len(DEMO_CHANGE_REQUESTS)


def test_every_state_change_wrote_one_event(demo):
    """The timeline of every demo request is complete: one event per state change, in a chain
    from draft to the current state, and one history record per saved step besides."""
    for change_request in ChangeRequest.objects.all():
        events = list(change_request.events.order_by("created_at", "pk"))
        assert events, change_request.number
        assert events[0].from_state == S.DRAFT
        for before, after in pairwise(events):
            assert after.from_state == before.to_state, change_request.number
        assert events[-1].to_state == change_request.state
        # The first history record is the request stored as a draft; each step saves once more.
        assert len(events) == change_request.history.count() - 1, change_request.number


def test_staff_steps_were_taken_by_the_demo_users(demo):
    """Intake, reviews and decisions name the demo user of the role that took them."""
    actors = {
        "to_legal_review": "secretariaat",
        "request_info": "secretariaat",
        "merge_into": "secretariaat",
        "schedule": "secretariaat",
        "assess": "jurist",
        "answer_in_faq": "jurist",
        "advise": "praktijk",
        "decide": "stuurgroepsecretaris",
    }
    for transition, username in actors.items():
        events = TransitionEvent.objects.filter(transition=transition)
        assert events.exists(), transition
        assert set(events.values_list("actor__username", flat=True)) == {username}, transition


def test_one_request_was_filed_by_the_logged_in_contact(demo):
    """The contactpersoon filed one request with an account; it skipped e-mail confirmation."""
    change_request = ChangeRequest.objects.get(submitter_user__username="contactpersoon")
    assert change_request.state == S.NEEDS_INFO
    assert change_request.events.get(transition="confirm").actor.username == "contactpersoon"
    assert ChangeRequest.objects.exclude(submitter_user=None).count() == 1


def test_an_intake_request_is_overdue(demo):
    """The intake queue shows overdue work: a request past its due date."""
    overdue = ChangeRequest.objects.filter(state=S.INTAKE, due_on__lt=timezone.localdate())
    assert overdue.exists()
    assert all(change_request.is_overdue for change_request in overdue)
    assert ChangeRequest.objects.filter(state=S.INTAKE, due_on__gte=timezone.localdate()).exists()


def test_proposed_wordings_change_a_few_words_of_the_article(demo):
    """Each request carries the exact article text it was written against and a proposal that
    differs from it, so the redline shows a change."""
    for change_request in ChangeRequest.objects.select_related("base_version", "base_release"):
        base = change_request.base_version
        assert base.release_id == change_request.base_release_id
        assert change_request.base_release.state in (ReleaseState.PUBLISHED, ReleaseState.DRAFT)
        assert redline(base.text, change_request.proposed_text).changed, change_request.number
        assert len(change_request.proposed_text) < len(base.text) * 1.5


def test_the_faq_has_the_answer_of_the_answered_request(demo):
    """A request answered in the Q&A left a published entry that names it."""
    entry = FaqEntry.objects.select_related("change_request").get()
    assert entry.change_request.state == S.ANSWERED
    assert entry.question and entry.answer


def test_the_last_meeting_published_its_decisions(demo):
    """The past meeting decided on every item (approve, reject, defer) and published the list."""
    meeting = SteeringMeeting.objects.get(decisions_published_at__isnull=False)
    assert meeting.held_on < timezone.localdate()
    outcomes = set(meeting.agenda_items.values_list("outcome", flat=True))
    assert outcomes == {SteeringOutcome.APPROVE, SteeringOutcome.REJECT, SteeringOutcome.DEFER}
    deferred = meeting.agenda_items.get(outcome=SteeringOutcome.DEFER).change_request
    assert deferred.state == S.STEERING
    rejected = meeting.agenda_items.get(outcome=SteeringOutcome.REJECT).change_request
    assert rejected.state == S.REJECTED


def test_the_coming_meeting_has_an_undecided_agenda(demo):
    """The coming meeting lists the waiting requests (the deferred one among them), undecided;
    one request reached the steering group after the agenda was built and is on no agenda."""
    meeting = SteeringMeeting.objects.get(decisions_published_at__isnull=True)
    assert meeting.held_on > timezone.localdate()
    items = list(meeting.agenda_items.select_related("change_request"))
    assert items
    assert all(not item.is_decided for item in items)
    assert any(item.change_request.agenda_items.count() == 2 for item in items)
    on_no_agenda = ChangeRequest.objects.filter(state=S.STEERING).exclude(
        pk__in=AgendaItem.objects.filter(outcome="").values("change_request")
    )
    assert on_no_agenda.count() == 1


def test_scheduled_and_merged_requests_point_where_they_should(demo):
    """The two scheduled requests are planned into their standard's 1.2 draft, both on one
    article (the conflict overview shows them together); the merged one into an open request of
    the same standard."""
    scheduled = list(ChangeRequest.objects.filter(state=S.SCHEDULED))
    assert len(scheduled) == 2
    assert len({change_request.article_id for change_request in scheduled}) == 1
    for change_request in scheduled:
        assert change_request.scheduled_release.state == ReleaseState.DRAFT
        assert change_request.scheduled_release.version == "1.2"
        assert change_request.scheduled_release.standard_id == change_request.standard_id
    (conflict,) = release_conflicts(scheduled[0].scheduled_release)
    assert conflict.clean
    merged = ChangeRequest.objects.get(state=S.MERGED)
    assert merged.merged_into.state == S.LEGAL_REVIEW
    assert merged.merged_into.article_id == merged.article_id


def test_loading_twice_files_no_second_set(demo):
    """A second run leaves the change requests, their timelines and the meetings as they were."""
    before = (
        list(ChangeRequest.objects.order_by("pk").values_list("number", "state")),
        TransitionEvent.objects.count(),
        SteeringMeeting.objects.count(),
        AgendaItem.objects.count(),
    )
    call_command("load_demo_data")
    after = (
        list(ChangeRequest.objects.order_by("pk").values_list("number", "state")),
        TransitionEvent.objects.count(),
        SteeringMeeting.objects.count(),
        AgendaItem.objects.count(),
    )
    assert after == before


def test_a_changed_demo_text_is_reported_not_silently_skipped():
    """When the demo content loses the words a demo request replaces, the loader says which."""
    spec = DemoChangeRequest(
        **{**DEMO_CHANGE_REQUESTS[0].__dict__, "replace": ("niet in de tekst", "iets anders")}
    )
    with pytest.raises(DemoScenarioError, match=spec.key):
        _proposed_text("Een artikeltekst.", spec)
