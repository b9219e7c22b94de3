"""The staff's work queues: who may see them, what they list, overdue marking, query counts."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState as S
from governance.models import ChangeRequest
from governance.services import steering
from standards.constants import ReleaseState
from tests.factories import UserFactory, change_request_in_state, release_with_articles, staff_user

pytestmark = pytest.mark.django_db

QUEUES = reverse("governance:queues")


def queue_url(slug: str) -> str:
    return reverse("governance:queue", kwargs={"queue": slug})


@pytest.fixture
def release():
    published = release_with_articles(version="1.0")
    return release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        identities=[published.article_versions.get().article],
    )


def rows_of(content: bytes) -> list[str]:
    """The change-request numbers of a queue table, in order."""
    return re.findall(r'<th scope="row"[^>]*><a [^>]*>(WV-\d{4}-\d{4})</a>', content.decode())


@pytest.mark.parametrize("url", [QUEUES, queue_url("intake"), queue_url("stuurgroep")])
def test_anonymous_visitor_is_sent_to_login(client, url):
    """Anonymous visitors are redirected to the login page, with the queue as next page."""
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("url", [QUEUES, queue_url("intake"), queue_url("juridische-toets")])
def test_user_without_staff_role_gets_403(client, url):
    """A logged-in user without a staff role (a submitter, an integrator) may not see queues."""
    client.force_login(UserFactory(roles=[Role.INTEGRATOR]))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_unknown_queue_is_404(client):
    """A queue slug that does not exist answers 404 for staff."""
    client.force_login(staff_user(Role.SECRETARIAT))
    assert client.get(queue_url("archief")).status_code == 404


def test_overview_shows_size_and_overdue_per_queue_and_highlights_own_role(client, release):
    """Each queue is listed with its size and overdue count; the user's own queue is marked."""
    change_request_in_state(S.INTAKE, release=release)
    late = change_request_in_state(S.INTAKE, release=release, title="Te late intake")
    change_request_in_state(S.LEGAL_REVIEW, release=release)
    ChangeRequest.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(staff_user(Role.LEGAL_REVIEWER))

    response = client.get(QUEUES)

    assert response.status_code == 200
    queues = {item["queue"]: item for item in response.context["queues"]}
    assert (queues["intake"]["size"], queues["intake"]["overdue"]) == (2, 1)
    assert (queues["legal_review"]["size"], queues["legal_review"]["overdue"]) == (1, 0)
    assert queues["steering"]["size"] == 0
    assert [queue for queue, item in queues.items() if item["own"]] == ["legal_review"]
    content = response.content.decode()
    assert "1 te laat" in content
    assert content.count("Uw werkvoorraad") >= 1
    for slug in ("intake", "juridische-toets", "praktijktoets", "stuurgroep"):
        assert f'href="{queue_url(slug)}"' in content


@pytest.mark.parametrize(
    ("role", "own"),
    [
        (Role.SECRETARIAT, ["intake"]),
        (Role.PRACTICAL_REVIEWER, ["practical_review"]),
        (Role.STEERING_MEMBER, ["steering"]),
        (Role.STEERING_SECRETARY, ["steering"]),
        (Role.RELEASE_MANAGER, []),
    ],
)
def test_overview_highlights_the_queue_of_each_role(client, role, own):
    """Secretariat → intake, reviewers → their review, both steering roles → steering."""
    client.force_login(staff_user(role))
    response = client.get(QUEUES)
    assert [item["queue"] for item in response.context["queues"] if item["own"]] == own


def test_queue_lists_only_its_own_step_sorted_by_due_date(client, release):
    """The intake queue lists the requests in intake, earliest due date first, nothing else."""
    first = change_request_in_state(S.INTAKE, release=release, title="Eerste")
    second = change_request_in_state(S.INTAKE, release=release, title="Tweede")
    change_request_in_state(S.LEGAL_REVIEW, release=release, title="In juridische toets")
    change_request_in_state(S.NEEDS_INFO, release=release, title="Wacht op indiener")
    today = timezone.localdate()
    ChangeRequest.objects.filter(pk=first.pk).update(due_on=today + datetime.timedelta(days=9))
    ChangeRequest.objects.filter(pk=second.pk).update(due_on=today + datetime.timedelta(days=2))
    client.force_login(staff_user(Role.SECRETARIAT))

    response = client.get(queue_url("intake"))

    assert response.status_code == 200
    assert rows_of(response.content) == [second.number, first.number]
    content = response.content.decode()
    assert "In juridische toets" not in content
    assert "Wacht op indiener" not in content
    assert f'href="{first.get_absolute_url()}"' in content
    assert "Gemeente" in content  # organisation type
    assert "Artikel 3.1" in content
    assert "Te laat" not in content


def test_queue_marks_overdue_requests_in_text(client, release):
    """A request past its due date gets a "Te laat" badge; one due today does not."""
    today = timezone.localdate()
    late = change_request_in_state(S.LEGAL_REVIEW, release=release, title="Te laat verzoek")
    on_time = change_request_in_state(S.LEGAL_REVIEW, release=release, title="Op tijd")
    ChangeRequest.objects.filter(pk=late.pk).update(due_on=today - datetime.timedelta(days=3))
    ChangeRequest.objects.filter(pk=on_time.pk).update(due_on=today)
    client.force_login(staff_user(Role.LEGAL_REVIEWER))

    response = client.get(queue_url("juridische-toets"))

    content = response.content.decode()
    assert rows_of(response.content) == [late.number, on_time.number]
    assert content.count(">Te laat</span>") == 1
    late_row = content[content.index(late.number) : content.index(on_time.number)]
    assert "Te laat" in late_row
    assert response.context["overdue_count"] == 1
    assert "waarvan 1 te laat" in content


def test_queue_shows_when_each_request_started_waiting(client, release):
    """ "Wacht sinds" is the time of the latest event: when the request entered the step."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=release)
    client.force_login(staff_user(Role.LEGAL_REVIEWER))

    response = client.get(queue_url("juridische-toets"))

    (row,) = response.context["rows"]
    assert row.waiting_since == change_request.events.latest("created_at").created_at


def test_steering_queue_shows_whether_a_request_is_on_an_agenda(client, release):
    """In the steering queue each request says whether it is on a meeting's agenda already."""
    on_agenda = change_request_in_state(S.STEERING, release=release, title="Geagendeerd")
    secretary = staff_user(Role.STEERING_SECRETARY)
    meeting = steering.meeting_create(by=secretary, held_on=datetime.date(2027, 3, 1))
    steering.meeting_build_agenda(meeting=meeting, by=secretary)
    waiting = change_request_in_state(S.STEERING, release=release, title="Nog niet geagendeerd")
    client.force_login(secretary)

    response = client.get(queue_url("stuurgroep"))

    rows = {row.pk: row for row in response.context["rows"]}
    assert rows[on_agenda.pk].agenda_meeting_id == meeting.pk
    assert rows[waiting.pk].agenda_meeting_id is None
    content = response.content.decode()
    assert "Op de agenda van 1 maart 2027" in content
    assert reverse("governance:meeting_detail", kwargs={"pk": meeting.pk}) in content
    assert "Nog niet geagendeerd" in content


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize(
    ("state", "slug", "role"),
    [
        (S.INTAKE, "intake", Role.SECRETARIAT),
        (S.STEERING, "stuurgroep", Role.STEERING_SECRETARY),
    ],
)
def test_queue_query_count_does_not_grow_with_rows(
    client, release, django_assert_num_queries, rows, state, slug, role
):
    """A queue page takes the same number of queries for 3 and for 30 requests."""
    for n in range(rows):
        change_request_in_state(state, release=release, title=f"Verzoek {n}")
    if state == S.STEERING:  # some on an agenda, some not: both kinds of row
        secretary = staff_user(Role.STEERING_SECRETARY, "agenda-secretaris")
        meeting = steering.meeting_create(by=secretary, held_on=datetime.date(2027, 3, 1))
        steering.meeting_build_agenda(meeting=meeting, by=secretary)
        change_request_in_state(state, release=release, title="Na de agenda")
    client.force_login(staff_user(role))
    # session, user, permissions (user + groups), the queue rows, the user's groups, whether
    # the user follows the queue (the follow button), the unread notices in the header.
    with django_assert_num_queries(8):
        response = client.get(queue_url(slug))
    assert len(response.context["rows"]) == rows + (state == S.STEERING)


def test_overview_query_count_is_pinned(client, release, django_assert_num_queries):
    """The overview takes a fixed number of queries, however many requests wait."""
    for n in range(5):
        change_request_in_state(S.INTAKE, release=release, title=f"Verzoek {n}")
    client.force_login(staff_user(Role.SECRETARIAT))
    # session, user, permissions (groups + user), sizes, overdue counts, the user's groups, the
    # unread notices in the header.
    with django_assert_num_queries(8):
        assert client.get(QUEUES).status_code == 200
