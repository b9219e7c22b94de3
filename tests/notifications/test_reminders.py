"""Reminders of dates and the steering group's decision list, to the followers concerned."""

import datetime

from django.core.management import call_command

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState as S
from governance.constants import SteeringOutcome
from governance.services import steering
from notifications.models import Notification, OutgoingMail
from notifications.reminders import reminders_send
from notifications.subscriptions import subscription_follow
from standards.constants import ReleaseState
from standards.deadlines import end_of_day
from standards.models import Release
from tests.factories import UserFactory, change_request_in_state, release_with_articles, staff_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 17)


@pytest.fixture
def follower():
    return UserFactory(username="volger", email="volger@example.nl")


def draft_with_deadline(deadline_day: datetime.date) -> Release:
    published = release_with_articles(version="1.0")
    return release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        submission_deadline=end_of_day(deadline_day),
    )


@pytest.mark.parametrize("days", [14, 3])
def test_followers_hear_of_a_submission_deadline_14_and_3_days_ahead(
    follower, days, django_capture_on_commit_callbacks
):
    draft = draft_with_deadline(TODAY + datetime.timedelta(days=days))
    subscription_follow(user=follower, target=draft.standard)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=TODAY) == 1

    notice = Notification.objects.get(user=follower)
    assert notice.title.startswith(f"Nog {days} dagen om wijzigingsverzoeken in te dienen")
    assert "om 23:59" in notice.body
    assert notice.url == draft.get_absolute_url()
    assert OutgoingMail.objects.filter(to="volger@example.nl").count() == 1


def test_no_reminder_on_other_days_and_none_twice(follower):
    draft = draft_with_deadline(TODAY + datetime.timedelta(days=13))
    subscription_follow(user=follower, target=draft.standard)
    assert reminders_send(today=TODAY) == 0
    assert reminders_send(today=TODAY - datetime.timedelta(days=1)) == 1
    # The same day again (cron ran twice): the follower is counted, but nothing new is written.
    assert reminders_send(today=TODAY - datetime.timedelta(days=1)) == 1
    assert Notification.objects.filter(user=follower).count() == 1
    assert OutgoingMail.objects.count() == 1


def test_the_end_of_an_implementation_period_is_announced_and_its_passing_noted(follower):
    """30 days before, with a link to what changed; and the day after."""
    old = release_with_articles(version="1.0", state=ReleaseState.SUPERSEDED)
    new = release_with_articles(
        standard=old.standard,
        version="1.1",
        based_on=old,
        implementation_deadline=TODAY + datetime.timedelta(days=30),
    )
    subscription_follow(user=follower, target=new)

    call_command("send_reminders")  # today's real date: nothing due
    assert reminders_send(today=TODAY) == 1
    assert reminders_send(today=TODAY + datetime.timedelta(days=31)) == 1

    coming, ended = Notification.objects.filter(user=follower).order_by("pk")
    assert "eindigt over 30 dagen" in coming.title
    assert coming.url == f"/standaarden/{old.standard.slug}/vergelijk/1.0/1.1/"
    assert "is verstreken" in ended.title


def test_followers_hear_that_a_decision_list_is_published(
    follower, django_capture_on_commit_callbacks
):
    """Followers of a decided request's article get one notice linking the decision list."""
    change_request = change_request_in_state(S.STEERING)
    subscription_follow(user=follower, target=change_request.article)
    secretary = staff_user(Role.STEERING_SECRETARY)
    meeting = steering.meeting_create(by=secretary, held_on=datetime.date(2027, 3, 4))
    steering.meeting_build_agenda(meeting=meeting, by=secretary)
    steering.meeting_decide(
        item=meeting.agenda_items.get(),
        by=secretary,
        outcome=SteeringOutcome.APPROVE,
        motivation="Akkoord.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        steering.meeting_publish_decisions(meeting=meeting, by=secretary)

    notice = Notification.objects.get(user=follower, key=f"decisions-published:{meeting.pk}")
    assert notice.title.startswith("Besluitenlijst van de stuurgroep van")
    assert change_request.number in notice.body
    assert notice.url == f"/stuurgroep/{meeting.pk}/besluitenlijst/"
