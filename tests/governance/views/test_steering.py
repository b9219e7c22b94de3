"""The steering group's pages: meetings, agenda, decisions and the published decision list."""

import datetime
import re

from django.contrib.messages import get_messages
from django.urls import reverse

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState, SteeringOutcome
from governance.models import AgendaItem, ChangeRequest, SteeringMeeting, TransitionEvent
from governance.services import steering as services
from standards.constants import ReleaseState
from tests.factories import change_request_in_state, release_with_articles, staff_user

pytestmark = pytest.mark.django_db

S = ChangeRequestState
MARCH = datetime.date(2027, 3, 1)


@pytest.fixture
def secretary():
    return staff_user(Role.STEERING_SECRETARY)


@pytest.fixture
def member():
    return staff_user(Role.STEERING_MEMBER)


@pytest.fixture
def secretariat():
    return staff_user(Role.SECRETARIAT)


@pytest.fixture
def release():
    """A draft 1.1 next to a published 1.0, for change requests to be filed against."""
    published = release_with_articles(version="1.0")
    return release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        identities=[published.article_versions.get().article],
    )


def _in_steering(release, count: int) -> list[ChangeRequest]:
    return [
        change_request_in_state(S.STEERING, release=release, title=f"Verzoek nummer {n}")
        for n in range(1, count + 1)
    ]


def _meeting_with_agenda(secretary, release, count: int = 2, held_on=MARCH) -> SteeringMeeting:
    _in_steering(release, count)
    meeting = services.meeting_create(by=secretary, held_on=held_on, location="Utrecht")
    services.meeting_build_agenda(meeting=meeting, by=secretary)
    return meeting


def _decide_all(meeting, secretary, outcome=SteeringOutcome.APPROVE) -> None:
    for item in meeting.agenda_items.all():
        services.meeting_decide(item=item, by=secretary, outcome=outcome, motivation="Akkoord.")


def _decide_url(item: AgendaItem) -> str:
    return reverse("governance:meeting_decide", args=[item.meeting_id, item.pk])


def _decision(item: AgendaItem, outcome: str, motivation: str, note: str = "") -> dict:
    prefix = f"agendapunt-{item.pk}"
    return {
        f"{prefix}-outcome": outcome,
        f"{prefix}-motivation": motivation,
        f"{prefix}-internal_note": note,
    }


def _message(response) -> str:
    """The message the response added (earlier ones wait unread: redirects are not followed)."""
    return [str(message) for message in get_messages(response.wsgi_request)][-1]


# The list of meetings ---------------------------------------------------------------------------


def _published_and_planned(secretary, release) -> tuple[SteeringMeeting, SteeringMeeting]:
    published = _meeting_with_agenda(secretary, release, 1, held_on=datetime.date(2027, 1, 11))
    _decide_all(published, secretary)
    services.meeting_publish_decisions(meeting=published, by=secretary)
    planned = services.meeting_create(by=secretary, held_on=datetime.date(2027, 5, 17))
    return published, planned


def test_meeting_list_shows_the_public_only_published_decision_lists(client, secretary, release):
    """Anonymous visitors see published meetings, linked to their decision list; nothing else."""
    published, planned = _published_and_planned(secretary, release)
    response = client.get(reverse("governance:meeting_list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert reverse("governance:decision_list", args=[published.pk]) in text
    assert "11 januari 2027" in text
    assert "17 mei 2027" not in text
    assert planned.get_absolute_url() not in text
    assert reverse("governance:meeting_create") not in text


def test_meeting_list_shows_staff_every_meeting_with_counts(client, member, secretary, release):
    """A steering-group member sees all meetings with their open items, but cannot plan one."""
    published, planned = _published_and_planned(secretary, release)
    services.meeting_build_agenda(meeting=planned, by=secretary)  # nothing waits: stays empty
    _in_steering(release, 2)
    services.meeting_build_agenda(meeting=planned, by=secretary)
    client.force_login(member)
    response = client.get(reverse("governance:meeting_list"))
    text = response.content.decode()
    assert planned.get_absolute_url() in text and published.get_absolute_url() in text
    assert "Nog niet gepubliceerd" in text
    rows = {meeting.pk: meeting for meeting in response.context["meetings"]}
    assert (rows[planned.pk].item_count, rows[planned.pk].open_count) == (2, 2)
    assert (rows[published.pk].item_count, rows[published.pk].open_count) == (1, 0)
    assert reverse("governance:meeting_create") not in text


def test_meeting_list_shows_the_secretary_what_waits_for_an_agenda(client, secretary, release):
    """The secretary gets the link to plan a meeting and the number of requests waiting."""
    _in_steering(release, 3)
    client.force_login(secretary)
    text = client.get(reverse("governance:meeting_list")).content.decode()
    assert reverse("governance:meeting_create") in text
    assert "3 wijzigingsverzoeken wachten op een agenda." in text


@pytest.mark.parametrize("meeting_count", [3, 30])
# Logged in: session, user, permissions, the meetings, the waiting count, the unread notices.
@pytest.mark.parametrize(("role", "queries"), [(None, 1), (Role.STEERING_SECRETARY, 7)])
def test_meeting_list_query_count_does_not_grow(
    client, django_assert_num_queries, secretary, meeting_count, role, queries
):
    """The list of meetings uses the same number of queries for 3 or 30 meetings."""
    for n in range(meeting_count):
        meeting = services.meeting_create(by=secretary, held_on=MARCH + datetime.timedelta(days=n))
        if n % 2:
            SteeringMeeting.objects.filter(pk=meeting.pk).update(
                decisions_published_at=datetime.datetime(2027, 3, 2, tzinfo=datetime.UTC)
            )
    if role:
        client.force_login(staff_user(role))
    with django_assert_num_queries(queries):
        response = client.get(reverse("governance:meeting_list"))
    assert response.status_code == 200
    expected = meeting_count if role else meeting_count // 2
    assert len(response.context["meetings"]) == expected


# Planning a meeting -----------------------------------------------------------------------------


def test_meeting_create_sends_anonymous_visitors_to_the_login_page(client):
    """Planning a meeting needs an account: anonymous visitors are asked to log in."""
    url = reverse("governance:meeting_create")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = client.post(url, {"held_on": "2027-03-01"})
    assert response.status_code == 302
    assert not SteeringMeeting.objects.exists()


@pytest.mark.parametrize("role", [Role.STEERING_MEMBER, Role.SECRETARIAT])
def test_meeting_create_is_refused_to_other_roles(client, role):
    """Only the secretary plans meetings; a member or the secretariat gets 403, nothing written."""
    client.force_login(staff_user(role))
    url = reverse("governance:meeting_create")
    assert client.get(url).status_code == 403
    assert client.post(url, {"held_on": "2027-03-01", "location": "Utrecht"}).status_code == 403
    assert not SteeringMeeting.objects.exists()


def test_meeting_create_plans_a_meeting(client, secretary):
    """The secretary picks a date (a date input) and a location and lands on the meeting."""
    client.force_login(secretary)
    url = reverse("governance:meeting_create")
    form = client.get(url).content.decode()
    assert 'type="date"' in form and 'name="held_on"' in form
    response = client.post(url, {"held_on": "2027-03-01", "location": " Utrecht "})
    meeting = SteeringMeeting.objects.get()
    assert (meeting.held_on, meeting.location) == (MARCH, "Utrecht")
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert _message(response) == "De vergadering van 1 maart 2027 is aangemaakt."


def test_meeting_create_without_a_date_keeps_what_was_typed(client, secretary):
    """A missing date is a field error (400); the typed location stays, nothing is written."""
    client.force_login(secretary)
    response = client.post(
        reverse("governance:meeting_create"), {"held_on": "", "location": "Zaal Domstad"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Vul de datum van de vergadering in." in text
    assert 'value="Zaal Domstad"' in text
    assert not SteeringMeeting.objects.exists()


# The meeting's page -----------------------------------------------------------------------------


def test_meeting_page_is_not_public(client, secretary, release):
    """The public never reads the agenda: 404 before publication, then the decision list."""
    meeting = _meeting_with_agenda(secretary, release, 1)
    url = meeting.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(staff_user(Role.ORGANISATION_CONTACT))
    assert client.get(url).status_code == 404
    _decide_all(meeting, secretary)
    services.meeting_publish_decisions(meeting=meeting, by=secretary)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:decision_list", args=[meeting.pk])


@pytest.mark.parametrize("role", [Role.STEERING_MEMBER, Role.SECRETARIAT])
def test_meeting_page_lets_other_staff_read_the_agenda_without_deciding(
    client, secretary, release, role
):
    """Members and the secretariat read the agenda and the reviews; no forms, no buttons."""
    meeting = _meeting_with_agenda(secretary, release, 2)
    client.force_login(staff_user(role))
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    item = meeting.agenda_items.first()
    assert item.change_request.number in text
    assert item.change_request.get_absolute_url() in text
    assert "Juridisch haalbaar" in text and "Overnemen." in text
    assert "art. 3.1 Levering" in text
    assert _decide_url(item) not in text
    assert reverse("governance:meeting_build_agenda", args=[meeting.pk]) not in text
    assert reverse("governance:meeting_publish", args=[meeting.pk]) not in text


def test_meeting_page_gives_the_secretary_a_form_per_open_item(client, secretary, release):
    """The secretary gets a decision form for each undecided item and the agenda button."""
    meeting = _meeting_with_agenda(secretary, release, 2)
    first, second = meeting.agenda_items.all()
    services.meeting_decide(
        item=first, by=secretary, outcome=SteeringOutcome.REJECT, motivation="Te ruim."
    )
    _in_steering(release, 1)
    client.force_login(secretary)
    text = client.get(meeting.get_absolute_url()).content.decode()
    assert _decide_url(first) not in text
    assert _decide_url(second) in text
    assert "Te ruim." in text and "Afgewezen" in text
    assert "1 wijzigingsverzoek wacht op een agenda." in text
    assert reverse("governance:meeting_build_agenda", args=[meeting.pk]) in text
    assert reverse("governance:meeting_publish", args=[meeting.pk]) not in text


@pytest.mark.parametrize("item_count", [3, 30])
def test_meeting_page_query_count_does_not_grow(
    client, django_assert_num_queries, secretary, release, item_count
):
    """The agenda uses the same number of queries for 3 or 30 items, decided or not."""
    meeting = _meeting_with_agenda(secretary, release, item_count)
    for item in meeting.agenda_items.all()[:2]:
        services.meeting_decide(
            item=item, by=secretary, outcome=SteeringOutcome.DEFER, motivation="Later."
        )
    client.force_login(secretary)
    with django_assert_num_queries(10):  # with the unread notices in the header
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["agenda"]) == item_count


# Building the agenda ----------------------------------------------------------------------------


def test_build_agenda_puts_waiting_requests_on_it_once(client, secretary, release):
    """Requests in steering go on the agenda; building again adds nothing; others stay off."""
    waiting = _in_steering(release, 2)
    in_review = change_request_in_state(S.PRACTICAL_REVIEW, release=release)
    meeting = services.meeting_create(by=secretary, held_on=MARCH)
    client.force_login(secretary)
    url = reverse("governance:meeting_build_agenda", args=[meeting.pk])
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert _message(response) == "2 wijzigingsverzoeken op de agenda gezet."
    on_agenda = list(meeting.agenda_items.values_list("change_request_id", "position"))
    assert on_agenda == [(waiting[0].pk, 1), (waiting[1].pk, 2)]
    assert in_review.pk not in {pk for pk, _position in on_agenda}

    response = client.post(url)
    assert _message(response) == "Er wachten geen wijzigingsverzoeken op een agenda."
    assert meeting.agenda_items.count() == 2
    other = services.meeting_create(by=secretary, held_on=MARCH + datetime.timedelta(days=7))
    client.post(reverse("governance:meeting_build_agenda", args=[other.pk]))
    assert not other.agenda_items.exists()


def test_build_agenda_is_post_only_and_for_the_secretary(client, member, secretary, release):
    """GET is not allowed; a member gets 403 and the agenda stays empty."""
    _in_steering(release, 1)
    meeting = services.meeting_create(by=secretary, held_on=MARCH)
    url = reverse("governance:meeting_build_agenda", args=[meeting.pk])
    client.force_login(secretary)
    assert client.get(url).status_code == 405
    client.force_login(member)
    assert client.post(url).status_code == 403
    assert not AgendaItem.objects.exists()


# Deciding ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "state", "label"),
    [
        (SteeringOutcome.APPROVE, S.APPROVED, "Goedgekeurd"),
        (SteeringOutcome.REJECT, S.REJECTED, "Afgewezen"),
    ],
)
def test_decide_moves_the_request_and_writes_one_event(
    client, secretary, release, outcome, state, label
):
    """Approve or reject: the request moves, one event carries motivation and internal note."""
    meeting = _meeting_with_agenda(secretary, release, 1)
    item = meeting.agenda_items.get()
    events_before = TransitionEvent.objects.filter(change_request=item.change_request).count()
    client.force_login(secretary)
    response = client.post(
        _decide_url(item), _decision(item, outcome, "Goed onderbouwd.", "Na stemming.")
    )
    assert response.status_code == 302
    assert response["Location"] == f"{meeting.get_absolute_url()}#agendapunt-1"
    number = item.change_request.number
    assert _message(response) == f"Besluit over {number} vastgelegd: {label}."
    item.refresh_from_db()
    assert (item.outcome, item.motivation, item.decided_by) == (
        outcome,
        "Goed onderbouwd.",
        secretary,
    )
    change_request = ChangeRequest.objects.get(pk=item.change_request_id)
    assert change_request.state == state
    events = TransitionEvent.objects.filter(change_request=change_request)
    assert events.count() == events_before + 1
    event = events.latest("pk")
    assert (event.from_state, event.to_state) == (S.STEERING, state)
    assert (event.public_comment, event.internal_note) == ("Goed onderbouwd.", "Na stemming.")


def test_defer_keeps_the_request_waiting_for_the_next_meeting(client, secretary, release):
    """A deferred request stays in steering and goes on the next meeting's agenda."""
    meeting = _meeting_with_agenda(secretary, release, 1)
    item = meeting.agenda_items.get()
    client.force_login(secretary)
    response = client.post(_decide_url(item), _decision(item, "defer", "Eerst de VNG horen."))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.outcome == SteeringOutcome.DEFER
    assert ChangeRequest.objects.get(pk=item.change_request_id).state == S.STEERING

    following = services.meeting_create(by=secretary, held_on=datetime.date(2027, 4, 5))
    response = client.post(reverse("governance:meeting_build_agenda", args=[following.pk]))
    assert _message(response) == "1 wijzigingsverzoek op de agenda gezet."
    assert following.agenda_items.get().change_request_id == item.change_request_id


def test_deciding_twice_is_a_conflict_and_writes_nothing(client, secretary, release):
    """The second decision on an item gets 409 with the conflict; the first one stands."""
    meeting = _meeting_with_agenda(secretary, release, 1)
    item = meeting.agenda_items.get()
    client.force_login(secretary)
    client.post(_decide_url(item), _decision(item, "approve", "Akkoord."))
    events = TransitionEvent.objects.count()

    response = client.post(_decide_url(item), _decision(item, "reject", "Toch niet.", "Twijfel."))
    assert response.status_code == 409
    text = response.content.decode()
    assert "Over dit agendapunt is intussen al besloten: Goedgekeurd." in text
    assert "Toch niet." in text and "Twijfel." in text  # what was typed is shown, not lost
    assert 'name="agendapunt-' not in text  # and no form to try again
    item.refresh_from_db()
    assert (item.outcome, item.motivation) == (SteeringOutcome.APPROVE, "Akkoord.")
    assert ChangeRequest.objects.get(pk=item.change_request_id).state == S.APPROVED
    assert TransitionEvent.objects.count() == events


def test_decide_without_motivation_keeps_the_input_and_writes_nothing(client, secretary, release):
    """No motivation: 400 with the field error, the typed note and choice kept, nothing written."""
    meeting = _meeting_with_agenda(secretary, release, 1)
    item = meeting.agenda_items.get()
    events = TransitionEvent.objects.count()
    client.force_login(secretary)
    response = client.post(
        _decide_url(item), _decision(item, "reject", "   ", "Besproken, tekst volgt.")
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Motiveer het besluit." in text
    assert "Besproken, tekst volgt.</textarea>" in text
    assert re.search(r'<input type="radio"[^>]*value="reject"[^>]*checked', text)
    item.refresh_from_db()
    assert item.outcome == ""
    assert ChangeRequest.objects.get(pk=item.change_request_id).state == S.STEERING
    assert TransitionEvent.objects.count() == events


def test_decide_page_shows_one_item_with_its_form(client, secretary, member, release):
    """GET renders the single-item page: the form for the secretary, read-only for a member."""
    meeting = _meeting_with_agenda(secretary, release, 1)
    item = meeting.agenda_items.get()
    client.force_login(secretary)
    response = client.get(_decide_url(item))
    assert response.status_code == 200
    assert f'name="agendapunt-{item.pk}-motivation"' in response.content.decode()
    client.force_login(member)
    response = client.get(_decide_url(item))
    assert response.status_code == 200
    assert "motivation" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.STEERING_MEMBER, Role.SECRETARIAT])
def test_decide_is_refused_to_other_roles(client, secretary, release, role):
    """A member or the secretariat cannot decide: 403 and nothing written."""
    meeting = _meeting_with_agenda(secretary, release, 1)
    item = meeting.agenda_items.get()
    events = TransitionEvent.objects.count()
    client.force_login(staff_user(role))
    response = client.post(_decide_url(item), _decision(item, "approve", "Akkoord."))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.outcome == ""
    assert TransitionEvent.objects.count() == events


def test_decide_sends_anonymous_visitors_to_login_and_answers_404_for_a_foreign_item(
    client, secretary, release
):
    """Anonymous: login first. An item of another meeting under this meeting's URL: 404."""
    meeting = _meeting_with_agenda(secretary, release, 1)
    item = meeting.agenda_items.get()
    response = client.post(_decide_url(item), _decision(item, "approve", "Akkoord."))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    other = services.meeting_create(by=secretary, held_on=MARCH)
    client.force_login(secretary)
    url = reverse("governance:meeting_decide", args=[other.pk, item.pk])
    assert client.post(url, _decision(item, "approve", "Akkoord.")).status_code == 404
    item.refresh_from_db()
    assert item.outcome == ""


# Publishing the decision list -------------------------------------------------------------------


def test_publish_is_refused_while_items_are_open(client, secretary, release):
    """With an undecided item publishing is refused with the reason; nothing is published."""
    meeting = _meeting_with_agenda(secretary, release, 2)
    first = meeting.agenda_items.first()
    services.meeting_decide(
        item=first, by=secretary, outcome=SteeringOutcome.APPROVE, motivation="Akkoord."
    )
    client.force_login(secretary)
    response = client.post(reverse("governance:meeting_publish", args=[meeting.pk]))
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert _message(response) == "Nog niet over alle agendapunten besloten (1 open)."
    meeting.refresh_from_db()
    assert not meeting.decisions_published
    client.logout()
    assert client.get(reverse("governance:decision_list", args=[meeting.pk])).status_code == 404


def test_publish_makes_the_list_public_and_fixes_the_decisions(client, secretary, release):
    """Once all items are decided (defer counts) the list is published, public and final."""
    meeting = _meeting_with_agenda(secretary, release, 2)
    first, second = meeting.agenda_items.all()
    services.meeting_decide(
        item=first, by=secretary, outcome=SteeringOutcome.APPROVE, motivation="Helder voorstel."
    )
    services.meeting_decide(
        item=second,
        by=secretary,
        outcome=SteeringOutcome.DEFER,
        motivation="Eerst de VNG horen.",
        internal_note="Geheim overleg.",
    )
    client.force_login(secretary)
    text = client.get(meeting.get_absolute_url()).content.decode()
    publish_url = reverse("governance:meeting_publish", args=[meeting.pk])
    assert publish_url in text
    assert client.get(publish_url).status_code == 405

    response = client.post(publish_url)
    decision_list = reverse("governance:decision_list", args=[meeting.pk])
    assert response.status_code == 302 and response["Location"] == decision_list
    assert _message(response) == "De besluitenlijst is gepubliceerd."
    meeting.refresh_from_db()
    assert meeting.decisions_published

    # Decisions are final now: a new decision is refused and nothing is written.
    events = TransitionEvent.objects.count()
    response = client.post(_decide_url(first), _decision(first, "reject", "Toch niet."))
    assert response.status_code == 409
    assert "De besluitenlijst van deze vergadering is gepubliceerd" in response.content.decode()
    first.refresh_from_db()
    assert first.outcome == SteeringOutcome.APPROVE
    assert TransitionEvent.objects.count() == events
    text = client.get(meeting.get_absolute_url()).content.decode()
    assert publish_url not in text and 'name="agendapunt-' not in text

    client.logout()
    response = client.get(decision_list)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Besluitenlijst stuurgroep 1 maart 2027" in text
    assert first.change_request.number in text and "Helder voorstel." in text
    assert "Aangehouden tot een volgende vergadering" in text and "Eerst de VNG horen." in text
    assert "Geheim overleg." not in text and "Concept" not in text
    assert secretary.username not in text


def test_decision_list_is_hidden_before_publication_except_as_a_staff_preview(
    client, member, secretary, release
):
    """Before publication the public gets 404; staff see a preview marked as a draft."""
    meeting = _meeting_with_agenda(secretary, release, 1)
    url = reverse("governance:decision_list", args=[meeting.pk])
    assert client.get(url).status_code == 404
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Concept" in text and "Nog geen besluit" in text


@pytest.mark.parametrize("item_count", [3, 30])
def test_decision_list_query_count_does_not_grow(
    client, django_assert_num_queries, secretary, release, item_count
):
    """The published decision list uses the same number of queries for 3 or 30 items."""
    meeting = _meeting_with_agenda(secretary, release, item_count)
    _decide_all(meeting, secretary)
    services.meeting_publish_decisions(meeting=meeting, by=secretary)
    with django_assert_num_queries(4):
        response = client.get(reverse("governance:decision_list", args=[meeting.pk]))
    assert response.status_code == 200
    assert len(response.context["items"]) == item_count


def test_build_agenda_never_puts_a_request_deferred_here_back_on_the_same_meeting(
    client, secretary, release
):
    """A request deferred at this meeting is not offered to it again and never causes a 500."""
    meeting = _meeting_with_agenda(secretary, release, 1)
    deferred = meeting.agenda_items.get()
    services.meeting_decide(
        item=deferred, by=secretary, outcome=SteeringOutcome.DEFER, motivation="Later."
    )
    client.force_login(secretary)
    text = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("governance:meeting_build_agenda", args=[meeting.pk]) not in text

    _in_steering(release, 1)
    response = client.post(reverse("governance:meeting_build_agenda", args=[meeting.pk]))
    assert response.status_code == 302
    assert meeting.agenda_items.filter(change_request=deferred.change_request).count() == 1
