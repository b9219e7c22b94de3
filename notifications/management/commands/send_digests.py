"""``manage.py send_digests daily|weekly``: queue the digests of one frequency (run by cron)."""

from django.core.management.base import BaseCommand, CommandParser

from notifications.digests import digests_send
from notifications.models import Frequency


class Command(BaseCommand):
    help = "Verstuur de dagelijkse of wekelijkse overzichten aan volgers (via de uitgaande e-mail)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("frequency", choices=[Frequency.DAILY, Frequency.WEEKLY])

    def handle(self, *args, frequency: str, **options) -> None:
        queued = digests_send(frequency=frequency)
        self.stdout.write(f"{queued} overzicht(en) in de wachtrij gezet.")
