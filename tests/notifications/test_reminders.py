"""Reminders of dates and the steering group's decision list, to the followers concerned."""

import datetime

from django.core.management import call_command

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState as S
from governance.constants import SteeringOutcome
from governance.services import steering
from notifications.models import Notification, OutgoingMail
from notifications.reminders import contract_reminders_send, reminders_send
from notifications.subscriptions import subscription_follow
from organisations.constants import OrganisationKind
from standards.constants import ReleaseState
from standards.deadlines import end_of_day
from standards.models import Release
from tests.factories import (
    OrganisationFactory,
    StandardFactory,
    UserFactory,
    change_request_in_state,
    contract_on,
    release_with_articles,
    staff_user,
)

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


# --- Contracts: reminders to an organisation's contacts and followers ----------------------------

CONTRACT_TODAY = datetime.date(2026, 12, 17)


@pytest.fixture
def jeugd():
    """CS Jeugd 1.0 and 1.1; 1.1 must be implemented 30 days after CONTRACT_TODAY."""
    old = release_with_articles(
        standard=StandardFactory(slug="cs-jeugd", name="CS Jeugd"),
        version="1.0",
        state=ReleaseState.SUPERSEDED,
    )
    new = release_with_articles(
        standard=old.standard,
        version="1.1",
        published_on=datetime.date(2026, 7, 1),
        implementation_deadline=CONTRACT_TODAY + datetime.timedelta(days=30),
    )
    return old, new


@pytest.fixture
def utrecht():
    contact = UserFactory(
        username="contact-utrecht", email="jeugd@utrecht.example", roles=[Role.ORGANISATION_CONTACT]
    )
    return OrganisationFactory(name="Utrecht", contacts=[contact])


def day_before(days: int) -> datetime.date:
    """The day on which the deadline of the ``jeugd`` fixture is ``days`` days away."""
    return CONTRACT_TODAY + datetime.timedelta(days=30 - days)


@pytest.mark.parametrize("days", [30, 7])
def test_contacts_hear_30_and_7_days_before_their_contracts_deadline(jeugd, utrecht, days):
    """The contact gets a notice and an e-mail naming the contract, the date and the release to
    move to, linking the contract page, without an unsubscribe link (not a subscription)."""
    old, new = jeugd
    contract = contract_on(old, organisation=utrecht, name="Jeugdhulp 2025")

    assert reminders_send(today=day_before(days)) == 1

    notice = Notification.objects.get(user__username="contact-utrecht")
    assert notice.title == (
        "Uw contract Jeugdhulp 2025 (Utrecht) moet uiterlijk 16 januari 2027 over naar CS Jeugd 1.1"
    )
    assert notice.body.startswith(f"Nog {days} dagen.")
    assert notice.key == f"contract-deadline:{contract.pk}:{new.pk}:in-{days}"
    assert notice.url == f"/organisaties/{utrecht.slug}/contracten/{contract.pk}/"
    assert notice.reason == "U bent contactpersoon van gemeente Utrecht."
    assert notice.subscription is None and not notice.digest_due
    mail = OutgoingMail.objects.get(to="jeugd@utrecht.example")
    assert mail.subject == notice.title
    assert f"/organisaties/{utrecht.slug}/contracten/{contract.pk}/" in mail.text
    assert "afmelden" not in mail.text.lower() and "List-Unsubscribe" not in mail.headers


def test_contacts_hear_the_day_after_the_deadline_passed(jeugd, utrecht):
    old, new = jeugd
    contract = contract_on(old, organisation=utrecht, name="Jeugdhulp 2025")

    assert reminders_send(today=CONTRACT_TODAY + datetime.timedelta(days=30)) == 0  # the day itself
    assert reminders_send(today=CONTRACT_TODAY + datetime.timedelta(days=31)) == 1

    notice = Notification.objects.get(user__username="contact-utrecht")
    assert notice.title.startswith("Termijn verstreken: uw contract Jeugdhulp 2025 (Utrecht)")
    assert notice.key == f"contract-deadline:{contract.pk}:{new.pk}:passed"


def test_a_contract_reminder_is_sent_once_and_only_on_its_days(jeugd, utrecht):
    """Other days remind nobody; the same day twice (cron ran again) writes nothing new."""
    old, _new = jeugd
    contract_on(old, organisation=utrecht)

    for day in (day_before(31), day_before(29), day_before(8), day_before(6)):
        assert reminders_send(today=day) == 0
    assert reminders_send(today=day_before(7)) == 1
    assert reminders_send(today=day_before(7)) == 1
    assert Notification.objects.count() == 1
    assert OutgoingMail.objects.count() == 1


def test_contracts_up_to_date_ended_or_of_an_inactive_municipality_remind_nobody(jeugd, utrecht):
    old, new = jeugd
    contract_on(new, organisation=utrecht, name="Actueel")
    contract_on(old, organisation=utrecht, name="Afgelopen", ends_on=day_before(31))
    merged = OrganisationFactory(name="Opgeheven", active=False, contacts=[utrecht.contacts.get()])
    contract_on(old, organisation=merged, name="Van de opgeheven gemeente")

    assert reminders_send(today=day_before(30)) == 0
    assert not Notification.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_only_the_contacts_of_the_organisations_the_contract_binds_hear_of_it(jeugd, utrecht):
    """A region's contract reaches the region's contacts and its members' (it binds them), once
    each; a member's own contract does not reach the region, and another municipality's
    contacts hear of neither."""
    old, _new = jeugd
    OrganisationFactory(name="Houten", contacts=[UserFactory(username="contact-houten")])
    region_contact = UserFactory(username="contact-regio")
    region = OrganisationFactory(
        kind=OrganisationKind.REGION,
        name="Regio Domstad-Zuid",
        municipalities=[utrecht],
        contacts=[region_contact, utrecht.contacts.get()],
    )
    region_contract = contract_on(old, organisation=region, name="Jeugdhulp regio")
    own_contract = contract_on(old, organisation=utrecht, name="Eigen jeugdhulp")

    assert reminders_send(today=day_before(30)) == 3

    received = set(Notification.objects.values_list("user__username", "key"))
    assert {(user, key.split(":")[1]) for user, key in received} == {
        ("contact-utrecht", str(region_contract.pk)),
        ("contact-regio", str(region_contract.pk)),
        ("contact-utrecht", str(own_contract.pk)),
    }
    # The Utrecht contact, also the region's, is told they hear of it as the region's contact.
    assert Notification.objects.get(
        user__username="contact-utrecht", key__contains=f":{region_contract.pk}:"
    ).reason == ("U bent contactpersoon van Regio Domstad-Zuid.")
    assert not Notification.objects.filter(user__username="contact-houten").exists()


def test_followers_who_may_see_the_organisation_hear_of_it_through_their_subscription(
    jeugd, utrecht
):
    """The secretariat follows Utrecht and hears through its subscription (with its reason and
    unsubscribe link); a contact who also follows hears once, as contact; a follower who is no
    longer a contact (may not see it now) hears nothing."""
    old, _new = jeugd
    contract_on(old, organisation=utrecht)
    secretary = staff_user(Role.SECRETARIAT)
    subscription_follow(user=secretary, target=utrecht)
    contact = utrecht.contacts.get()
    subscription_follow(user=contact, target=utrecht)
    former = UserFactory(username="oud-contact", roles=[Role.ORGANISATION_CONTACT])
    utrecht.contacts.add(former)
    subscription_follow(user=former, target=utrecht)
    utrecht.contacts.remove(former)

    assert reminders_send(today=day_before(30)) == 2

    by_secretariat = Notification.objects.get(user=secretary)
    assert by_secretariat.reason == "U volgt gemeente Utrecht."
    assert by_secretariat.subscription.target == utrecht
    assert "List-Unsubscribe" in OutgoingMail.objects.get(to=secretary.email).headers
    assert Notification.objects.get(user=contact).subscription is None
    assert OutgoingMail.objects.filter(to=contact.email).count() == 1
    assert not Notification.objects.filter(user=former).exists()
    assert not OutgoingMail.objects.filter(to=former.email).exists()


def _due_contracts(jeugd, count: int) -> None:
    old, _new = jeugd
    for number in range(count):
        contact = UserFactory(username=f"contact-{count}-{number}")
        contract_on(old, organisation=OrganisationFactory(contacts=[contact]))
        contract_on(old, organisation=OrganisationFactory(), name="Zonder contactpersoon")


@pytest.mark.parametrize("count", [2, 8])
def test_finding_and_sending_contract_reminders_takes_a_fixed_number_of_queries(
    jeugd, django_assert_num_queries, count
):
    """Contracts, releases, contacts, subscriptions, and the outbox's writes: the same number
    of queries for 2 or 8 organisations with a contract due (without followers)."""
    _due_contracts(jeugd, count)
    # contracts, releases, contacts, subscriptions; then in one transaction (savepoint and
    # release on SQLite's test transaction) the notices, the outbox's known keys and its insert
    with django_assert_num_queries(9):
        assert contract_reminders_send(today=day_before(30)) == count
