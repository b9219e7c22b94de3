"""Queueing and sending in bulk: a fan-out's messages go into the outbox in batches and out over
one SMTP connection, each still claimed and recorded on its own."""

from django.test import override_settings

import pytest
from aiosmtpd.controller import Controller

from notifications.models import MailStatus, OutgoingMail
from notifications.outbox import Mail, mail_deliver_due, mail_queue, mail_queue_many
from tests.e2e.smtp import MailSink, free_port

pytestmark = pytest.mark.django_db


class CountingSink(MailSink):
    """A sink that also counts the SMTP conversations (one per connection)."""

    def __init__(self) -> None:
        super().__init__()
        self.conversations = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.conversations += 1
        session.host_name = hostname
        return responses


@pytest.fixture
def sink():
    sink = CountingSink()
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
        ):
            yield sink
    finally:
        controller.stop()


def mails(count: int, prefix: str = "bericht") -> list[Mail]:
    return [
        Mail(
            key=f"{prefix}:{n}",
            to=f"volger{n}@example.nl",
            subject=f"Bericht {n}",
            text=f"Tekst {n}",
            headers={"List-Unsubscribe": f"<https://cs.example.nl/afmelden/{n}/>"},
        )
        for n in range(count)
    ]


def test_queueing_many_skips_keys_that_are_there_and_sends_the_rest_once(
    sink, django_capture_on_commit_callbacks
):
    """Keys queued before queue nothing; after commit one batch task sends the others, over
    one SMTP conversation."""
    mail_queue(key="bericht:1", to="volger1@example.nl", subject="Eerder", text="x")
    OutgoingMail.objects.filter(key="bericht:1").update(status=MailStatus.SENT)

    with django_capture_on_commit_callbacks(execute=True):
        assert mail_queue_many(mails(5)) == 4

    assert sorted(m["To"] for m in sink.messages) == [f"volger{n}@example.nl" for n in (0, 2, 3, 4)]
    assert sink.conversations == 1
    assert OutgoingMail.objects.filter(status=MailStatus.SENT).count() == 5
    assert sink.messages[0]["List-Unsubscribe"] == "<https://cs.example.nl/afmelden/0/>"


def test_a_batch_larger_than_one_insert_is_queued_whole(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        assert mail_queue_many(mails(1_201)) == 1_201
    assert OutgoingMail.objects.count() == 1_201


def test_a_failure_in_a_batch_is_recorded_and_the_rest_still_goes(sink):
    """One message the server refuses stays queued with its error; the others are sent."""
    mail_queue_many(mails(3))
    refused = OutgoingMail.objects.get(key="bericht:1")
    refused.to = "niet-bestaand"  # an address the server will not accept
    refused.save(update_fields=["to"])

    original = sink.handle_DATA

    async def refuse_one(server, session, envelope):
        if "niet-bestaand" in envelope.rcpt_tos[0]:
            return "550 geen postbus"
        return await original(server, session, envelope)

    sink.handle_DATA = refuse_one
    assert mail_deliver_due() == 2
    refused.refresh_from_db()
    assert refused.status == MailStatus.QUEUED
    assert refused.attempts == 1
    assert "550" in refused.last_error
    assert mail_deliver_due() == 0  # not due again until its backoff has passed


def test_a_sending_batch_takes_two_queries_per_message_and_one_to_find_them(
    sink, django_assert_num_queries
):
    mail_queue_many(mails(10))
    with django_assert_num_queries(1 + 2 * 10):
        assert mail_deliver_due() == 10
