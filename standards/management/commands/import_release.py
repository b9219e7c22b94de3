"""``manage.py import_release STANDARD VERSION FILES…``: import published documents as a release.

Prints the import report (documents, article counts, anything it could not place, and the
matching against the previous release). When the standard already has releases, nothing is
written unless the matching is accepted with ``--yes``. ``--publish`` then publishes the
imported release with the given dates (for importing versions that were adopted outside the
portal).
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from standards.deadlines import end_of_day
from standards.exceptions import StandardsError
from standards.importers.parsed import ImportAmbiguity
from standards.importers.sources import parse_source
from standards.models import Standard
from standards.services.imports import release_import, release_import_plan
from standards.services.releases import release_adopt, release_freeze, release_publish


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


class Command(BaseCommand):
    help = (
        "Importeer de gepubliceerde documenten (Markdown of Word) als een versie van een standaard."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("standard", help="slug van de standaard, bijv. cs-wmo-2015")
        parser.add_argument("version", help="versienummer, bijv. 1.2")
        parser.add_argument("files", nargs="+", type=Path, help="Markdown- of Word-bestanden")
        parser.add_argument("--name", help="naam van de standaard als die nog niet bestaat")
        parser.add_argument("--yes", action="store_true", help="accepteer de koppeling en leg vast")
        parser.add_argument("--submission-deadline", type=_date)
        parser.add_argument("--publish", action="store_true", help="publiceer de versie meteen")
        parser.add_argument("--published-on", type=_date)
        parser.add_argument("--effective-on", type=_date)
        parser.add_argument("--implementation-deadline", type=_date)

    def handle(self, *args, **options) -> None:
        if options["publish"] and not options["effective_on"]:
            raise CommandError("--publish vraagt om --effective-on (ingangsdatum).")
        standard = Standard.objects.filter(slug=options["standard"]).first() or Standard(
            slug=options["standard"], name=options["name"] or options["standard"]
        )
        try:
            sources = [parse_source(path.name, path.read_bytes()) for path in options["files"]]
            plan = release_import_plan(
                standard=standard, version=options["version"], sources=sources
            )
        except (ImportAmbiguity, StandardsError, OSError) as error:
            raise CommandError(str(error)) from error
        for line in plan.report():
            self.stdout.write(line)
        if plan.requires_confirmation and not options["yes"]:
            self.stdout.write(
                self.style.WARNING(
                    "Niets vastgelegd. Controleer de koppeling hierboven en herhaal met --yes."
                )
            )
            return
        try:
            with transaction.atomic():
                release = release_import(plan=plan, by=None, accepted=True)
                if options["submission_deadline"]:
                    release.submission_deadline = end_of_day(options["submission_deadline"])
                    release.save()
                if options["publish"]:
                    release = release_freeze(release=release, by=None)
                    release = release_adopt(
                        release=release,
                        by=None,
                        note="Vastgesteld buiten het portaal; versie geïmporteerd.",
                        adopted_on=options["published_on"],
                    )
                    release = release_publish(
                        release=release,
                        by=None,
                        published_on=options["published_on"],
                        effective_on=options["effective_on"],
                        implementation_deadline=options["implementation_deadline"],
                    )
        except StandardsError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Versie {release} vastgelegd ({release.get_state_display()}).")
        )
