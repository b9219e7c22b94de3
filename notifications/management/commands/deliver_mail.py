"""``manage.py deliver_mail [--loop SECONDS]``: send every e-mail in the outbox that is due.

The workers (``db_worker``) deliver each message as soon as it is queued and retry it when its
next attempt is due. This command is the safety net next to them: it sends what is due but has
no task waiting for it, such as a message whose worker died mid-send (once its claim expired) or
whose task could not be queued. Run it from cron every minute, or keep it running with
``--loop 60``. Running it in several places at once is safe: each message is claimed by one.
Prints how many messages were sent. The help texts are plain Dutch strings, as in the other
commands: argparse cannot format lazy translations.
"""

from time import sleep

from django.core.management.base import BaseCommand, CommandParser

from notifications.outbox import mail_deliver_due


class Command(BaseCommand):
    help = "Verstuurt de e-mails uit de wachtrij die aan de beurt zijn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop",
            type=float,
            metavar="SECONDS",
            help="Blijf draaien en kijk elke SECONDS seconden opnieuw.",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=500,
            help="Hoogstens zoveel e-mails per ronde (standaard 500).",
        )

    def handle(self, *args, loop: float | None, limit: int, **options) -> None:
        while True:
            sent = mail_deliver_due(limit=limit)
            if sent or options["verbosity"] > 1:
                self.stdout.write(f"{sent} e-mail(s) verzonden.")
            if loop is None:
                return
            if sent < limit:  # a full batch means more may be due at once
                sleep(loop)
