"""``manage.py deliver_webhooks [--loop SECONDS]``: send every webhook delivery that is due.

The workers (``db_worker``) deliver each webhook as soon as it is queued and retry it when its
next attempt is due. This command is the safety net next to them: it sends what is due but has
no task waiting for it, such as a delivery whose worker died mid-request (once its claim
expired), whose task could not be queued, or that waited while its endpoint was switched off.
Run it from cron every minute, or keep it running with ``--loop 60``. Running it in several
places at once is safe: each delivery is claimed by one. Prints how many arrived. The help
texts are plain Dutch strings, as in the other commands: argparse cannot format lazy
translations.
"""

from time import sleep

from django.core.management.base import BaseCommand, CommandParser

from notifications.webhooks import webhook_deliver_due


class Command(BaseCommand):
    help = "Verstuurt de webhookberichten uit de wachtrij die aan de beurt zijn."

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
            help="Hoogstens zoveel berichten per ronde (standaard 500).",
        )

    def handle(self, *args, loop: float | None, limit: int, **options) -> None:
        while True:
            delivered = webhook_deliver_due(limit=limit)
            if delivered or options["verbosity"] > 1:
                self.stdout.write(f"{delivered} webhookbericht(en) afgeleverd.")
            if loop is None:
                return
            if delivered < limit:  # a full batch means more may be due at once
                sleep(loop)
