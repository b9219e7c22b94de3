"""The submitter's e-mails: confirmation link, tracking link, questions and status changes.

They are queued by receivers of the governance events (sent after commit) and sent by a
background task; the tests run the commit callbacks and the tasks at once (ImmediateBackend).
"""

import re

from django.urls import reverse

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState
from governance.exceptions import NotPermitted, TransitionRefused
from governance.models import ChangeRequest, TransitionEvent
from governance.services import change_requests as services
from notifications import tasks
from tests.factories import UserFactory, change_request_in_state, staff_user

pytestmark = pytest.mark.django_db

S = ChangeRequestState
SITE = "https://portaal.example.nl"
CONFIRM_LINK = re.compile(re.escape(SITE) + r"/wijzigingsverzoeken/bevestigen/([^/\s]+)/")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.CS_CONFIRMATION_MAX_AGE_DAYS = 7


def tracking_link(change_request: ChangeRequest) -> str:
    return SITE + change_request.get_tracking_url()


def test_anonymous_submission_mails_a_confirmation_link_that_confirms(
    mailoutbox, django_capture_on_commit_callbacks
):
    """One mail to the submitter with number, title, target version, expiry and a working link."""
    with django_capture_on_commit_callbacks(execute=True):
        change_request = change_request_in_state(S.SUBMITTED)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["sam@gemeente.example.nl"]
    assert change_request.number in mail.subject
    assert change_request.number in mail.body
    assert "Levertermijn verduidelijken" in mail.body
    assert f"versie {change_request.target_version}" in mail.body
    assert "Deze link is 7 dagen geldig" in mail.body
    assert tracking_link(change_request) not in mail.body  # only after confirmation
    token = CONFIRM_LINK.search(mail.body).group(1)

    confirmed = services.change_request_confirm(token=token)

    assert confirmed.pk == change_request.pk
    assert confirmed.state == S.INTAKE


def test_confirming_mails_the_private_tracking_link(mailoutbox, django_capture_on_commit_callbacks):
    """After confirmation the submitter gets the tracking link with a warning to keep it private."""
    change_request = change_request_in_state(S.SUBMITTED)  # callbacks not run: no mail yet
    with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers after commit
        tasks.send_email.call(change_request_id=change_request.pk)  # the confirmation mail
    token = CONFIRM_LINK.search(mailoutbox[0].body).group(1)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_confirm(token=token)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["sam@gemeente.example.nl"]
    assert "in behandeling" in mail.subject
    assert tracking_link(change_request) in mail.body
    assert "deel de link niet" in mail.body


def test_logged_in_submission_sends_the_tracking_link_and_no_confirmation(
    mailoutbox, django_capture_on_commit_callbacks
):
    """An account has proven the address: no confirmation link, the tracking link at once."""
    submitter = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        change_request = change_request_in_state(S.INTAKE, submitter=submitter)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert not CONFIRM_LINK.search(mail.body)
    assert "/bevestigen/" not in mail.body
    assert tracking_link(change_request) in mail.body


def test_question_mail_carries_the_question_and_the_link_but_not_the_internal_note(
    mailoutbox, django_capture_on_commit_callbacks
):
    """request_info: the question and the tracking link to answer it; the internal note stays in."""
    change_request = change_request_in_state(S.INTAKE)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_request_info(
            change_request=change_request,
            by=staff_user(Role.SECRETARIAT),
            question="Vanaf welke dag telt de termijn?",
            internal_note="GEHEIM: indiener belt vaak",
        )

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["sam@gemeente.example.nl"]
    assert "Vraag over uw wijzigingsverzoek" in mail.subject
    assert "Vanaf welke dag telt de termijn?" in mail.body
    assert tracking_link(change_request) in mail.body
    assert "GEHEIM" not in mail.body and "GEHEIM" not in mail.subject


def test_status_mail_has_the_public_comment_and_never_the_internal_note(
    mailoutbox, django_capture_on_commit_callbacks
):
    """Any other step: a short status mail with the public comment, no internal note."""
    change_request = change_request_in_state(S.INTAKE)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_to_legal_review(
            change_request=change_request,
            by=staff_user(Role.SECRETARIAT),
            comment="Compleet; door naar het expertteam.",
            internal_note="GEHEIM: lastig dossier",
        )

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert f"Uw wijzigingsverzoek {change_request.number} heeft een nieuwe status" in mail.body
    assert "Juridische toets" in mail.body and "Juridische toets" in mail.subject
    assert "Compleet; door naar het expertteam." in mail.body
    assert tracking_link(change_request) in mail.body
    assert "GEHEIM" not in mail.body and "GEHEIM" not in mail.subject


def test_refused_transitions_send_nothing(mailoutbox, django_capture_on_commit_callbacks):
    """A step the state or the role does not allow writes no event and queues no mail."""
    change_request = change_request_in_state(S.INTAKE)
    events_before = TransitionEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(TransitionRefused):
            services.change_request_supply_info(
                change_request=change_request,
                by=None,
                answer="Een antwoord zonder vraag.",
                tracking_token=change_request.tracking_token,
            )
        with pytest.raises(NotPermitted):
            services.change_request_request_info(
                change_request=change_request, by=UserFactory(), question="Mag ik dit vragen?"
            )

    assert callbacks == []
    assert mailoutbox == []
    assert TransitionEvent.objects.count() == events_before


def test_merged_submitter_is_told_the_surviving_request_and_follows_it(
    mailoutbox, django_capture_on_commit_callbacks
):
    """Merging mails the surviving number; the survivor's later steps reach this submitter too,
    with the submitter's own tracking link and never the survivor's."""
    secretariat = staff_user(Role.SECRETARIAT)
    duplicate = change_request_in_state(S.INTAKE, submitter_email="dubbel@example.nl")
    survivor = change_request_in_state(
        S.INTAKE, release=duplicate.base_release, title="Het andere verzoek"
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_merge(change_request=duplicate, by=secretariat, into=survivor)

    assert len(mailoutbox) == 1
    merged_mail = mailoutbox[0]
    assert merged_mail.to == ["dubbel@example.nl"]
    assert survivor.number in merged_mail.subject
    assert f"samengevoegd met {survivor.number}" in merged_mail.body
    assert SITE + survivor.get_absolute_url() in merged_mail.body
    assert tracking_link(duplicate) in merged_mail.body
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_to_legal_review(change_request=survivor, by=secretariat)

    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_recipient) == {"sam@gemeente.example.nl", "dubbel@example.nl"}
    followed = by_recipient["dubbel@example.nl"]
    assert survivor.number in followed.subject and "Juridische toets" in followed.body
    assert tracking_link(duplicate) in followed.body
    assert tracking_link(survivor) not in followed.body


def test_a_late_confirmation_task_sends_nothing_once_confirmed(mailoutbox):
    """The task reads current data: a queued confirmation for a confirmed request is dropped."""
    change_request = change_request_in_state(S.INTAKE)

    sent = tasks.send_email.call(change_request_id=change_request.pk)

    assert sent is False
    assert mailoutbox == []


def test_confirmation_link_in_mail_points_at_the_confirm_page(
    mailoutbox, django_capture_on_commit_callbacks
):
    """The link is the portal's absolute confirm URL for a token of this request and address."""
    change_request = change_request_in_state(S.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_email.call(change_request_id=change_request.pk)

    token = CONFIRM_LINK.search(mailoutbox[0].body).group(1)
    assert SITE + reverse("governance:confirm", kwargs={"token": token}) in mailoutbox[0].body
