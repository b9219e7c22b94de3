"""``manage.py send_reminders``: today's deadline reminders to followers (run daily by cron)."""

from django.core.management.base import BaseCommand

from notifications.reminders import reminders_send


class Command(BaseCommand):
    help = "Herinner volgers aan indientermijnen en implementatietermijnen die eraan komen."

    def handle(self, *args, **options) -> None:
        reached = reminders_send()
        self.stdout.write(f"{reached} volger(s) herinnerd.")
