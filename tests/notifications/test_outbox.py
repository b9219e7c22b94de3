"""The outbox: every e-mail is queued once, delivered by a worker, retried when SMTP fails.

The messages go through a real SMTP server (aiosmtpd on a free local port) and Django's SMTP
backend, so what is asserted is what a mail server receives. Workers are simulated by calling
the delivery services with an explicit ``now``; a worker that dies is simulated by an exception
that the services do not catch (as a killed process would not record anything either).
"""

from datetime import datetime, timedelta

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

import pytest
from aiosmtpd.controller import Controller
from django_tasks import task_backends

from governance.constants import ChangeRequestState
from notifications import outbox, tasks
from notifications.models import MailStatus, OutgoingMail
from notifications.outbox import (
    BACKOFF,
    CLAIM_SECONDS,
    MAX_ATTEMPTS,
    mail_deliver,
    mail_deliver_due,
    mail_queue,
    mail_retry,
    message_id,
)
from tests.e2e.smtp import MailSink, body_text, free_port
from tests.factories import change_request_in_state

pytestmark = pytest.mark.django_db

TO = "j.devries@gemeente.example.nl"
UNSUBSCRIBE = "<https://portaal.example.nl/meldingen/afmelden/abc/>"


class SwitchableSink(MailSink):
    """A mail server that accepts, or refuses every recipient with ``refusal`` while it is set."""

    refusal: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if self.refusal:
            return self.refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def smtp():
    sink = SwitchableSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=controller.hostname,
            EMAIL_PORT=controller.port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            DEFAULT_FROM_EMAIL="CS-portaal <noreply@cs-portaal.nl>",
        ):
            yield sink
    finally:
        controller.stop()


def queue(key: str = "test:1", **fields) -> OutgoingMail:
    return mail_queue(
        key=key,
        to=fields.get("to", TO),
        subject=fields.get("subject", "Nieuwe status van CS-2026-001"),
        text=fields.get("text", "Uw verzoek is in behandeling."),
        html=fields.get("html", ""),
        headers=fields.get("headers"),
    )


def later(seconds: float = 1) -> datetime:
    return timezone.now() + timedelta(seconds=seconds)


class WorkerKilled(BaseException):
    """Stands for the process dying: nothing after it runs, nothing catches it."""


def test_a_queued_mail_is_delivered_after_commit_with_everything_it_was_given(
    smtp, django_capture_on_commit_callbacks
):
    """Recipient, subject, text and HTML parts, extra headers and a Message-ID from the key
    reach the server once; the outbox records it as sent."""
    with django_capture_on_commit_callbacks(execute=True):
        mail = queue(
            key="transition:812:j.devries@gemeente.example.nl",
            html="<p>Uw verzoek is <b>in behandeling</b>.</p>",
            headers={"List-Unsubscribe": UNSUBSCRIBE},
        )
        assert smtp.messages == []  # nothing leaves before the transaction commits

    assert len(smtp.messages) == 1
    received = smtp.messages[0]
    assert received["To"] == TO
    assert received["From"] == "CS-portaal <noreply@cs-portaal.nl>"
    assert received["Subject"] == "Nieuwe status van CS-2026-001"
    assert body_text(received).strip() == "Uw verzoek is in behandeling."
    html = received.get_body(preferencelist=("html",))
    assert "<b>in behandeling</b>" in html.get_content()
    assert received["List-Unsubscribe"] == UNSUBSCRIBE
    assert received["Message-ID"] == message_id("transition:812:j.devries@gemeente.example.nl")
    assert received["Message-ID"].endswith("@cs-portaal.nl>")
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT
    assert mail.sent_at is not None
    assert mail.attempts == 0 and mail.claimed_until is None and mail.last_error == ""


def test_a_subject_with_a_line_break_is_sent_on_one_line(smtp):
    """A header cannot hold a line break; a title typed with one must not break the mail."""
    queue(subject="Nieuwe status van\nCS-2026-001")

    assert mail_deliver_due(now=later()) == 1

    assert smtp.messages[0]["Subject"] == "Nieuwe status van CS-2026-001"


def test_a_duplicate_key_queues_and_sends_nothing_twice(smtp, django_capture_on_commit_callbacks):
    """The same event delivered twice: the second mail_queue returns None, one mail arrives."""
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(key="transition:812:" + TO)
        second = queue(key="transition:812:" + TO, subject="Iets anders")

    assert first is not None
    assert second is None
    assert OutgoingMail.objects.count() == 1
    assert [m["Subject"] for m in smtp.messages] == ["Nieuwe status van CS-2026-001"]


def test_a_repeated_submitter_event_sends_the_mail_once(smtp, django_capture_on_commit_callbacks):
    """send_email for the same step twice (a retried task, a duplicated event): one mail."""
    change_request = change_request_in_state(ChangeRequestState.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.send_email.call(change_request_id=change_request.pk)
        second = tasks.send_email.call(change_request_id=change_request.pk)

    assert (first, second) == (True, False)
    assert len(smtp.messages) == 1
    assert change_request.number in smtp.messages[0]["Subject"]
    mail = OutgoingMail.objects.get()
    assert mail.key == f"submitter:{change_request.pk}:confirm:{change_request.submitter_email}"
    assert mail.status == MailStatus.SENT


@pytest.mark.parametrize(
    "refusal", ["451 4.3.0 Tijdelijk niet beschikbaar", "550 5.1.1 Mailbox onbekend"]
)
def test_a_refused_mail_is_retried_after_the_backoff_and_then_sent_once(smtp, refusal):
    """SMTP refuses: the attempt is counted, the error kept, the next attempt scheduled; before
    then nothing is tried, after it the mail is sent exactly once."""
    mail = queue()
    now = later()
    smtp.refusal = refusal

    assert mail_deliver(mail.pk, now=now) is False

    mail.refresh_from_db()
    assert mail.status == MailStatus.QUEUED
    assert mail.attempts == 1
    assert refusal.split()[0] in mail.last_error
    assert mail.next_attempt_at == now + BACKOFF[0]
    assert mail.claimed_until is None
    assert smtp.messages == []

    smtp.refusal = None
    before_due = mail.next_attempt_at - timedelta(seconds=1)
    assert mail_deliver(mail.pk, now=before_due) is False
    assert mail_deliver_due(now=before_due) == 0
    assert smtp.messages == []

    assert mail_deliver_due(now=mail.next_attempt_at) == 1
    assert mail_deliver_due(now=mail.next_attempt_at + timedelta(days=1)) == 0
    assert len(smtp.messages) == 1
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT
    assert mail.sent_at == mail.next_attempt_at


def test_a_mail_server_that_is_down_counts_as_a_failed_attempt(settings):
    """Connection refused (no server on the port) is recorded like a refusal, not raised."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    mail = queue()

    assert mail_deliver(mail.pk, now=later()) is False

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 1)
    assert "ConnectionRefusedError" in mail.last_error


def test_after_max_attempts_a_mail_is_given_up_and_stays_visible(smtp):
    """Each failure waits longer (the backoff schedule); the last one gives the mail up, and
    mail_deliver_due leaves it alone from then on."""
    mail = queue()
    smtp.refusal = "451 4.3.0 Tijdelijk niet beschikbaar"
    now = later()

    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert mail_deliver_due(now=now) == 0
        mail.refresh_from_db()
        assert mail.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert mail.status == MailStatus.QUEUED
            assert mail.next_attempt_at - now == BACKOFF[attempt - 1]
            now = mail.next_attempt_at

    assert mail.status == MailStatus.FAILED
    assert mail.last_error
    smtp.refusal = None
    assert mail_deliver_due(now=now + timedelta(days=30)) == 0
    assert mail_deliver(mail.pk, now=now + timedelta(days=30)) is False
    assert smtp.messages == []


def test_retrying_a_given_up_mail_queues_it_now_and_sends_it(
    smtp, django_capture_on_commit_callbacks
):
    """mail_retry puts only given-up mails back, due now, with a fresh series of attempts."""
    given_up = queue(key="a")
    sent = queue(key="b")
    OutgoingMail.objects.filter(pk=given_up.pk).update(
        status=MailStatus.FAILED, attempts=MAX_ATTEMPTS, last_error="SMTPDataError: 451"
    )
    OutgoingMail.objects.filter(pk=sent.pk).update(status=MailStatus.SENT)

    with django_capture_on_commit_callbacks(execute=True):
        assert mail_retry(mail_ids=[given_up.pk, sent.pk]) == 1

    given_up.refresh_from_db()
    assert given_up.status == MailStatus.SENT
    assert given_up.attempts == 0
    assert len(smtp.messages) == 1


def test_a_claimed_mail_is_not_sent_by_another_worker_until_the_claim_expires(smtp, monkeypatch):
    """A worker dies mid-batch: the mail it held is left to it while its claim lasts, then sent
    exactly once by another; what it had sent is never sent again, the rest is sent once."""
    first, held, third = queue(key="1"), queue(key="2"), queue(key="3")
    now = later()
    send = outbox.EmailMultiAlternatives.send
    calls = []

    def dies_on_the_second_mail(message, *args, **kwargs):
        calls.append(message)
        if len(calls) == 2:
            raise WorkerKilled
        return send(message, *args, **kwargs)

    monkeypatch.setattr(outbox.EmailMultiAlternatives, "send", dies_on_the_second_mail)
    with pytest.raises(WorkerKilled):
        mail_deliver_due(now=now)
    monkeypatch.undo()

    held.refresh_from_db()
    assert held.status == MailStatus.QUEUED
    assert held.claimed_until == now + timedelta(seconds=CLAIM_SECONDS)
    assert [m["Message-ID"] for m in smtp.messages] == [message_id("1")]

    # Another worker, while the claim lasts: only the mail nobody held.
    assert mail_deliver(held.pk, now=now) is False
    assert mail_deliver_due(now=now) == 1
    assert [m["Message-ID"] for m in smtp.messages] == [message_id("1"), message_id("3")]

    # Once the claim has expired: the held mail, once; the sent ones never again.
    expired = held.claimed_until
    assert mail_deliver_due(now=expired) == 1
    assert mail_deliver_due(now=expired + timedelta(hours=1)) == 0
    assert sorted(m["Message-ID"] for m in smtp.messages) == sorted(
        message_id(key) for key in ("1", "2", "3")
    )
    statuses = set(OutgoingMail.objects.values_list("status", flat=True))
    assert statuses == {MailStatus.SENT}
    for mail in (first, held, third):
        mail.refresh_from_db()
        assert mail.attempts == 0  # a dead worker's claim is not a failed attempt


def test_a_mail_resent_after_a_crash_carries_the_same_message_id(smtp):
    """The limit of the design: a worker that dies after the server accepted a mail but before
    the outbox recorded it leaves a claim that expires, and the mail goes out again. The repeat
    has the first one's Message-ID, so mail clients recognise it as the same message."""
    mail = queue(key="transition:9:" + TO)
    now = later()
    assert mail_deliver(mail.pk, now=now) is True
    # What the outbox would hold had the worker died between SMTP's 250 and the update.
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.QUEUED, sent_at=None, claimed_until=now
    )

    assert mail_deliver_due(now=now + timedelta(seconds=CLAIM_SECONDS)) == 1

    first, repeat = smtp.messages
    assert first["Message-ID"] == repeat["Message-ID"] == message_id("transition:9:" + TO)


def test_delivering_a_mail_takes_a_fixed_number_of_queries(smtp, django_assert_num_queries):
    """Claim, read, record: three queries, whether the mail is sent or refused."""
    sent, refused = queue(key="1"), queue(key="2")
    now = later()

    with django_assert_num_queries(3):
        assert mail_deliver(sent.pk, now=now) is True
    smtp.refusal = "451 4.3.0 Tijdelijk niet beschikbaar"
    with django_assert_num_queries(3):
        assert mail_deliver(refused.pk, now=now) is False
    with django_assert_num_queries(1):  # not due (or claimed, or sent): the claim misses
        assert mail_deliver(refused.pk, now=now) is False


def test_the_deliver_mail_task_schedules_itself_for_the_next_attempt(smtp, settings):
    """After a failure the task enqueues itself for next_attempt_at (no cron needed); after a
    success, or on a backend that cannot defer, it enqueues nothing."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    refused, sent = queue(key="1"), queue(key="2")
    backend.results.clear()  # the on-commit enqueues, if any ran
    smtp.refusal = "451 4.3.0 Tijdelijk niet beschikbaar"

    assert tasks.deliver_mail.call(refused.pk) is False

    refused.refresh_from_db()
    [retry] = backend.results
    assert retry.task.name == "deliver_mail"
    assert list(retry.args) == [refused.pk]
    assert retry.task.run_after == refused.next_attempt_at

    smtp.refusal = None
    backend.results.clear()
    assert tasks.deliver_mail.call(sent.pk) is True
    assert backend.results == []


def test_the_deliver_mail_command_sends_what_is_due(smtp, capsys):
    """One pass of mail_deliver_due: what is due goes out; a mail not yet due waits."""
    queue(key="1")
    waiting = queue(key="2")
    OutgoingMail.objects.filter(pk=waiting.pk).update(next_attempt_at=later(3600))

    call_command("deliver_mail")

    assert len(smtp.messages) == 1
    assert "1 e-mail(s) verzonden" in capsys.readouterr().out


def test_the_admin_lists_the_outbox_and_retries_given_up_mail(
    smtp, admin_client, django_capture_on_commit_callbacks
):
    """Staff see the outbox read-only and can put a given-up mail back in the queue."""
    mail = queue()
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.FAILED, attempts=MAX_ATTEMPTS, last_error="SMTPDataError: 451"
    )
    changelist = reverse("admin:notifications_outgoingmail_changelist")

    page = admin_client.get(changelist, {"status__exact": "failed"})
    assert page.status_code == 200
    assert "SMTPDataError: 451" in page.content.decode()
    detail = admin_client.get(reverse("admin:notifications_outgoingmail_change", args=[mail.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            changelist, {"action": "retry", ACTION_CHECKBOX_NAME: [mail.pk]}, follow=True
        )

    assert "weer in de wachtrij" in response.content.decode()
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT
    assert len(smtp.messages) == 1


def test_the_deliver_mail_command_keeps_going_with_loop(smtp, monkeypatch):
    """--loop SECONDS: a pass, a pause of SECONDS, the next pass (a mail queued meanwhile)."""
    from notifications.management.commands import deliver_mail as command

    queue(key="1")
    pauses = []

    def pause(seconds):
        pauses.append(seconds)
        if len(pauses) == 2:
            raise WorkerKilled  # stops the loop, as a supervisor would
        queue(key="2")

    monkeypatch.setattr(command, "sleep", pause)
    with pytest.raises(WorkerKilled):
        call_command("deliver_mail", "--loop", "30")

    assert pauses == [30, 30]
    assert sorted(m["Message-ID"] for m in smtp.messages) == sorted(
        [message_id("1"), message_id("2")]
    )
