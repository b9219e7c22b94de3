"""The governance admin: every page opens, actions call the services, the timeline is read-only."""

from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState
from governance.models import (
    AgendaItem,
    ChangeRequest,
    FaqEntry,
    LegalAssessment,
    NumberSeries,
    PracticalReview,
    SteeringMeeting,
    TransitionEvent,
)
from governance.services.steering import meeting_publish_decisions
from standards.constants import ReleaseState
from tests.factories import UserFactory, change_request_in_state, release_with_articles, staff_user

pytestmark = pytest.mark.django_db

S = ChangeRequestState
MODELS = [
    ChangeRequest,
    TransitionEvent,
    LegalAssessment,
    PracticalReview,
    FaqEntry,
    SteeringMeeting,
    NumberSeries,
]
# Pinned query counts of the change lists (session and user included). Change requests: the
# standards of the filter, the count twice (filtered and total), the page of rows with their
# standard. Events: the counts, the page of rows with their request and actor, the date
# hierarchy (range and days) and the choices of the "stap" filter.
CHANGE_REQUEST_CHANGELIST_QUERIES = 6
TRANSITION_EVENT_CHANGELIST_QUERIES = 8


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:governance_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def release():
    """A standard with a published 1.0 and a 1.1 draft, open for change requests."""
    published = release_with_articles(
        version="1.0", articles=[("3.1", "Levering", "Binnen tien werkdagen.")]
    )
    return release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        identities=[published.article_versions.get().article],
        articles=[("3.1", "Levering", "Binnen tien werkdagen.")],
    )


@pytest.fixture
def workflow(release):
    """Requests whose steps left a record of every governance model behind."""
    scheduled = change_request_in_state(S.SCHEDULED, release=release, title="Ingepland")
    answered = change_request_in_state(S.ANSWERED, release=release, title="Beantwoord")
    return scheduled, answered


def _instance(model):
    if model is NumberSeries:
        return NumberSeries.objects.get()
    return model.objects.order_by("pk").first()


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_and_change_page_open_for_a_superuser(admin_client, workflow, model):
    """Each governance model has a change list and a change (or view) page in the admin."""
    instance = _instance(model)
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "change", instance.pk)).status_code == 200


def test_change_request_page_shows_its_timeline_and_reviews(admin_client, workflow):
    """The change page lists the events, the legal assessment and the practical review."""
    scheduled, _answered = workflow
    text = admin_client.get(admin_url(ChangeRequest, "change", scheduled.pk)).content.decode()
    assert "to_legal_review" in text and "schedule" in text
    assert "Past binnen de Wmo 2015." in text
    assert "Overnemen." in text
    assert admin_client.get(admin_url(ChangeRequest, "history", scheduled.pk)).status_code == 200


def test_changelist_queries_do_not_grow(admin_client, release, django_assert_num_queries):
    """Listing 3 or 30 change requests (6 or 60 events) costs the same number of queries."""
    pages = {
        admin_url(ChangeRequest, "changelist"): CHANGE_REQUEST_CHANGELIST_QUERIES,
        admin_url(TransitionEvent, "changelist"): TRANSITION_EVENT_CHANGELIST_QUERIES,
    }
    for n in range(3):
        change_request_in_state(S.INTAKE, release=release, title=f"Verzoek {n}")
    for url, queries in pages.items():
        with django_assert_num_queries(queries):
            assert admin_client.get(url).status_code == 200
    for n in range(27):
        change_request_in_state(S.INTAKE, release=release, title=f"Meer {n}")
    for url, queries in pages.items():
        with django_assert_num_queries(queries):
            assert admin_client.get(url).status_code == 200
    response = admin_client.get(admin_url(ChangeRequest, "changelist"))
    assert "30 wijzigingsverzoeken" in response.content.decode()


def test_state_cannot_be_set_in_the_change_form(admin_client, release):
    """The secretariat corrects a title; a posted state is ignored and the history says why."""
    change_request = change_request_in_state(S.INTAKE, release=release, title="Tikfoutt")
    url = admin_url(ChangeRequest, "change", change_request.pk)
    data = _form_data(admin_client.get(url))
    data.update({"title": "Tikfout hersteld", "state": S.APPROVED})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    change_request.refresh_from_db()
    assert change_request.title == "Tikfout hersteld"
    assert change_request.state == S.INTAKE
    assert change_request.history.first().history_change_reason == "Gecorrigeerd in het beheer"
    assert change_request.events.count() == 2  # submit, confirm: an edit is no transition


def test_old_version_cannot_be_reverted(admin_client, workflow):
    """An old version is shown for reading; posting it back is refused and changes nothing."""
    scheduled, _answered = workflow
    old = scheduled.history.order_by("history_date").first()
    url = reverse(
        "admin:governance_changerequest_simple_history", args=[scheduled.pk, old.history_id]
    )
    assert admin_client.get(url).status_code == 200
    history_count = scheduled.history.count()
    response = admin_client.post(url, {"title": scheduled.title, "due_on": ""})
    assert response.status_code == 403
    scheduled.refresh_from_db()
    assert scheduled.state == S.SCHEDULED
    assert scheduled.history.count() == history_count


def test_action_moves_intake_requests_to_legal_review(admin_client, release):
    """ "Doorzetten naar juridische toets" runs the service per request: the intake requests move
    with one event each; a request in another state is refused with a Dutch message and keeps
    its state and timeline."""
    first = change_request_in_state(S.INTAKE, release=release, title="Eerste")
    second = change_request_in_state(S.INTAKE, release=release, title="Tweede")
    elsewhere = change_request_in_state(S.LEGAL_REVIEW, release=release, title="Al verder")
    events_before = {cr.pk: cr.events.count() for cr in (first, second, elsewhere)}

    response = admin_client.post(
        admin_url(ChangeRequest, "changelist"),
        {"action": "to_legal_review", "_selected_action": [first.pk, second.pk, elsewhere.pk]},
        follow=True,
    )

    assert response.status_code == 200
    for change_request in (first, second):
        change_request.refresh_from_db()
        assert change_request.state == S.LEGAL_REVIEW
        assert change_request.events.count() == events_before[change_request.pk] + 1
        event = change_request.events.order_by("-pk").first()
        assert event.transition == "to_legal_review"
        assert event.actor.username == "admin"
    elsewhere.refresh_from_db()
    assert elsewhere.state == S.LEGAL_REVIEW
    assert elsewhere.events.count() == events_before[elsewhere.pk]
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert f"{first}: doorgezet naar juridische toets." in texts
    assert (
        f"{elsewhere}: Deze stap kan niet bij een wijzigingsverzoek met status "
        "'Juridische toets'." in texts
    )


def test_action_is_not_offered_without_the_intake_permission(client, release):
    """A staff member who may only view requests does not get the action; posting it anyway
    moves nothing."""
    viewer = UserFactory(is_staff=True, roles=[Role.LEGAL_REVIEWER])
    viewer.user_permissions.add(Permission.objects.get(codename="view_changerequest"))
    change_request = change_request_in_state(S.INTAKE, release=release)
    client.force_login(viewer)
    url = admin_url(ChangeRequest, "changelist")
    assert "to_legal_review" not in client.get(url).content.decode()

    client.post(url, {"action": "to_legal_review", "_selected_action": [change_request.pk]})

    change_request.refresh_from_db()
    assert change_request.state == S.INTAKE
    assert change_request.events.count() == 2


def test_transition_events_cannot_be_added_changed_or_deleted(admin_client, release):
    """The timeline is append-only: the admin offers no add, change or delete for an event."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    event = change_request.events.order_by("pk").first()
    public_comment = event.public_comment

    assert admin_client.get(admin_url(TransitionEvent, "add")).status_code == 403
    response = admin_client.post(
        admin_url(TransitionEvent, "change", event.pk), {"public_comment": "Herschreven"}
    )
    assert response.status_code == 403
    assert admin_client.post(admin_url(TransitionEvent, "delete", event.pk)).status_code == 403
    response = admin_client.post(
        admin_url(TransitionEvent, "changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )

    event.refresh_from_db()
    assert event.public_comment == public_comment
    assert change_request.events.count() == 2


def test_faq_wording_can_be_corrected_but_its_request_not_changed(admin_client, workflow):
    """The secretariat corrects the answer of a Q&A entry; the link to its request stays."""
    _scheduled, answered = workflow
    entry = FaqEntry.objects.get(change_request=answered)
    url = admin_url(FaqEntry, "change", entry.pk)
    data = _form_data(admin_client.get(url))
    data.update({"answer": "Zie artikel 3.1, lid 1.", "change_request": ""})
    assert admin_client.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.answer == "Zie artikel 3.1, lid 1."
    assert entry.change_request_id == answered.pk
    assert admin_client.post(admin_url(FaqEntry, "delete", entry.pk)).status_code == 403
    assert FaqEntry.objects.filter(pk=entry.pk).exists()


def test_meeting_agenda_outcomes_are_read_only(admin_client, workflow):
    """A meeting's page shows its agenda read-only; a published meeting is not deleted."""
    meeting = SteeringMeeting.objects.get()
    item = meeting.agenda_items.get()
    text = admin_client.get(admin_url(SteeringMeeting, "change", meeting.pk)).content.decode()
    assert "Akkoord." in text
    assert 'name="agenda_items-0-outcome"' not in text
    assert admin_client.post(admin_url(SteeringMeeting, "delete", meeting.pk)).status_code == 403
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_published_meeting_is_view_only(admin_client, workflow):
    """After its decision list is published a meeting's date and place are not edited."""
    meeting = SteeringMeeting.objects.get()
    meeting_publish_decisions(meeting=meeting, by=staff_user(Role.STEERING_SECRETARY))
    url = admin_url(SteeringMeeting, "change", meeting.pk)
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"held_on": "2030-01-01", "location": "Elders"})
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert str(meeting.held_on) != "2030-01-01"


def test_number_series_is_read_only(admin_client, workflow):
    """Numbers are handed out by the submission service only."""
    series = NumberSeries.objects.get()
    last = series.last_sequence
    assert admin_client.get(admin_url(NumberSeries, "add")).status_code == 403
    admin_client.post(admin_url(NumberSeries, "change", series.pk), {"last_sequence": 1})
    series.refresh_from_db()
    assert series.last_sequence == last


def _form_data(response) -> dict:
    """The values an admin change form posts back as rendered (fields and inline formsets)."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
    return data
