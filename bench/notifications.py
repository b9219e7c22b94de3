"""Benchmark: a release published to 10,000 followers, from the click to the last e-mail.

A throwaway SQLite database holds a standard with a published 1.0 and an adopted 1.1 that
10,000 accounts follow (60 % by e-mail at once, 25 % daily digest, 15 % weekly digest). The
script measures, in one run:

* **publish request**: the release manager's POST of the *publiceren* step through Django's
  test client, with the database task backend as in production, so the request only enqueues
  the fan-out; the time of the request;
* **all queued**: the fan-out task (``notifications.fanout.notify_release_published``) run by a
  worker: one notice per follower and one outbox message per immediate follower; the time until
  it has committed. Peer: bulk-inserting the same number of notice and outbox rows, with the
  same text already rendered, through the ORM: the floor under any fan-out;
* **worker throughput**: ``notifications.outbox.mail_deliver_due`` (what a worker runs)
  sending every queued message to a local SMTP server (aiosmtpd, in this process); messages per
  second. Peer: ``smtplib`` sending the same messages over one connection to the same server,
  without Django or the database: the floor under any worker;
* **queries per message** of the fan-out and of the delivery.

Targets (issue 5): publish request ≤ 300 ms; all queued ≤ 10 s; ≥ 200 mails/s per worker.

    uv run python bench/notifications.py               # exits 1 when a target is missed
    uv run python bench/notifications.py --followers 2000 --no-check
"""

import argparse
import contextlib
import datetime
import logging
import os
import platform
import smtplib
import socket
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PUBLISH_TARGET_MS = 300.0
QUEUED_TARGET_S = 10.0
THROUGHPUT_TARGET = 200.0  # mails per second per worker


def setup_django(directory: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["CS_PROFILE"] = "development"
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["DEBUG"] = "false"
    os.environ["SITE_URL"] = "https://cs-portaal.example.nl"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build_portal(followers: int):
    """The standard, its releases, a release manager and ``followers`` following accounts."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts.roles import Role
    from notifications.models import Frequency, Subscription
    from notifications.targets import content_types
    from standards.constants import ReleaseState
    from standards.models import Standard
    from standards.services.releases import release_adopt, release_create_draft, release_freeze
    from tests.factories import release_with_articles

    User = get_user_model()
    published = release_with_articles(
        version="1.0",
        articles=[(f"3.{n}", f"Artikel {n}", f"Tekst van artikel {n}.") for n in range(1, 41)],
    )
    standard = Standard.objects.get(pk=published.standard_id)
    draft = release_create_draft(standard=standard, by=None)
    release_freeze(release=draft, by=None)
    release_adopt(release=draft, by=None, note="Besluit van de stuurgroep.")
    assert draft.__class__.objects.get(pk=draft.pk).state == ReleaseState.ADOPTED

    manager = User.objects.create_user("releasemanager", "rm@example.nl", "bench")
    manager.groups.add(Group.objects.get(name=Role.RELEASE_MANAGER.value))
    User.objects.bulk_create(
        [User(username=f"volger{n}", email=f"volger{n}@example.nl") for n in range(followers)],
        batch_size=1000,
    )
    users = list(User.objects.filter(username__startswith="volger").values_list("pk", flat=True))
    standard_type = content_types()[Standard]

    def frequency(n: int) -> str:
        share = n % 20
        if share < 12:
            return Frequency.IMMEDIATELY
        return Frequency.DAILY if share < 17 else Frequency.WEEKLY

    Subscription.objects.bulk_create(
        [
            Subscription(
                user_id=pk,
                target_type=standard_type,
                target_id=standard.pk,
                frequency=frequency(n),
            )
            for n, pk in enumerate(users)
        ],
        batch_size=1000,
    )
    return standard, draft, manager


class QueryCounter:
    """Counts the queries run inside it (Django's query log keeps only the last 9,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __len__(self) -> int:
        return self.count


@contextlib.contextmanager
def counting_queries():
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def timed(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def measure_publish(standard, draft, manager) -> float:
    from django.test import Client
    from django.urls import reverse

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(manager)
    url = reverse(
        "governance:release_step",
        kwargs={"standard": standard.slug, "version": draft.version, "step": "publiceren"},
    )
    today = datetime.date.today()
    data = {
        "seen_state": "adopted",
        "published_on": today.isoformat(),
        "effective_on": (today + datetime.timedelta(days=40)).isoformat(),
        "implementation_deadline": (today + datetime.timedelta(days=190)).isoformat(),
    }
    seconds, response = timed(lambda: client.post(url, data))
    assert response.status_code == 302, response.status_code
    return seconds


def measure_fan_out(draft) -> tuple[float, int, int]:
    """Run the fan-out the publish request enqueued; (seconds, notices, queries)."""
    from notifications.fanout import notify_release_published
    from notifications.models import Notification

    with counting_queries() as queries:
        seconds, reached = timed(lambda: notify_release_published.call(release_id=draft.pk))
    assert reached == Notification.objects.count()
    return seconds, reached, len(queries)


def measure_floor_insert(notices: int, mails: int) -> float:
    """Bulk-insert rows like the fan-out's, text already rendered, then remove them again."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from notifications.models import Notification, OutgoingMail

    users = list(get_user_model().objects.filter(username__startswith="volger")[:notices])
    sample = OutgoingMail.objects.first()
    now = timezone.now()

    def insert() -> None:
        with transaction.atomic():
            Notification.objects.bulk_create(
                [
                    Notification(user=user, key="floor", title="t", url="/", reason="r")
                    for user in users
                ],
                batch_size=500,
            )
            OutgoingMail.objects.bulk_create(
                [
                    OutgoingMail(
                        key=f"floor:{n}",
                        to=sample.to,
                        subject=sample.subject,
                        text=sample.text,
                        html=sample.html,
                        headers=sample.headers,
                        next_attempt_at=now,
                        status="sent",
                    )
                    for n in range(mails)
                ],
                batch_size=500,
            )

    seconds, _ = timed(insert)
    Notification.objects.filter(key="floor").delete()
    OutgoingMail.objects.filter(key__startswith="floor:").delete()
    return seconds


def measure_delivery(sink_port: int) -> tuple[float, int, int]:
    """A worker sends everything queued; (seconds, sent, queries)."""
    from django.test.utils import override_settings

    from notifications.outbox import mail_deliver_due

    with (
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=sink_port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ),
        counting_queries() as queries,
    ):

        def deliver_all() -> int:
            total = sent = mail_deliver_due()
            while sent:
                sent = mail_deliver_due()
                total += sent
            return total

        seconds, sent = timed(deliver_all)
    return seconds, sent, len(queries)


def measure_floor_smtp(sink_port: int, count: int) -> float:
    """The same messages through ``smtplib`` on one connection: no Django, no database."""
    from django.core.mail import EmailMultiAlternatives

    from notifications.models import OutgoingMail

    sample = OutgoingMail.objects.first()
    message = EmailMultiAlternatives(
        subject=sample.subject, body=sample.text, to=[sample.to], headers=sample.headers
    )
    message.attach_alternative(sample.html, "text/html")
    raw = message.message().as_bytes(linesep="\r\n")

    def send() -> None:
        with smtplib.SMTP("127.0.0.1", sink_port) as server:
            for _n in range(count):
                server.sendmail("noreply@cs-portaal.nl", [sample.to], raw)

    seconds, _ = timed(send)
    return seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CountingSink:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received += 1
        return "250 OK"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--no-check", action="store_true", help="print only; always exit 0")
    options = parser.parse_args(argv)

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command

    started = datetime.datetime.now().astimezone()
    print(
        f"Notifications benchmark, {started:%Y-%m-%d %H:%M %Z}: Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f}; SQLite; {options.followers:,} followers of one standard "
        "(60 % at once, 25 % daily, 15 % weekly)\n"
    )
    sink = CountingSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory(prefix="cs-notifications-bench-") as name:
            setup_django(Path(name))
            from notifications.models import OutgoingMail

            standard, draft, manager = build_portal(options.followers)
            publish_s = measure_publish(standard, draft, manager)
            fan_out_s, notices, fan_out_queries = measure_fan_out(draft)
            mails = OutgoingMail.objects.count()
            floor_insert_s = measure_floor_insert(notices, mails)
            deliver_s, sent, deliver_queries = measure_delivery(port)
            floor_smtp_s = measure_floor_smtp(port, sent)
            from django.db import connections

            connections.close_all()
    finally:
        controller.stop()

    throughput = sent / deliver_s if deliver_s else 0.0
    floor_throughput = sent / floor_smtp_s if floor_smtp_s else 0.0
    rows = [
        ("publish request", f"{publish_s * 1000:.0f} ms", "", ""),
        (
            "all queued (fan-out)",
            f"{fan_out_s:.2f} s",
            f"bulk insert {floor_insert_s:.2f} s",
            f"{fan_out_s / floor_insert_s:.1f}×",
        ),
        (
            "worker throughput",
            f"{throughput:.0f} mails/s",
            f"smtplib {floor_throughput:.0f} mails/s",
            f"{floor_throughput / throughput:.1f}× slower" if throughput else "-",
        ),
        ("queries per message, fan-out", f"{fan_out_queries / max(notices, 1):.4f}", "", ""),
        ("queries per message, delivery", f"{deliver_queries / max(sent, 1):.2f}", "", ""),
    ]
    print(f"{'measure':<32}{'measured':>16}  {'peer':<28}{'ratio':>12}")
    for measure, value, peer, ratio in rows:
        print(f"{measure:<32}{value:>16}  {peer:<28}{ratio:>12}")
    print(
        f"\n{notices:,} notices, {mails:,} e-mails queued, {sent:,} sent, {sink.received:,} "
        "received by the SMTP server (plus the peer's)."
    )

    verdicts = [
        ("publish request ≤ 300 ms", publish_s * 1000 <= PUBLISH_TARGET_MS),
        ("all queued ≤ 10 s", fan_out_s <= QUEUED_TARGET_S),
        ("≥ 200 mails/s per worker", throughput >= THROUGHPUT_TARGET),
        ("every queued message sent once", sent == mails),
    ]
    print("\nTargets")
    for target, passed in verdicts:
        print(f"  [{'ok' if passed else 'MISSED'}] {target}")
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.2f}")
    missed = [target for target, passed in verdicts if not passed]
    if missed and not options.no_check:
        print(f"{len(missed)} target(s) missed.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
