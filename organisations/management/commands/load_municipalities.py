"""``manage.py load_municipalities [--file PATH]``: load or update the Dutch municipalities."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organisations.municipalities import (
    MUNICIPALITIES_CSV,
    MunicipalityListInvalid,
    municipalities_load,
)


class Command(BaseCommand):
    help = "Load the Dutch municipalities with their CBS codes from the CSV the project ships."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", type=Path, default=MUNICIPALITIES_CSV)

    def handle(self, *args, file: Path, **options) -> None:
        if not file.is_file():
            raise CommandError(f"{file} does not exist")
        try:
            report = municipalities_load(file)
        except MunicipalityListInvalid as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.deactivated)} deactivated, {report.unchanged} unchanged"
        )
        for label, names in (("updated", report.updated), ("deactivated", report.deactivated)):
            for name in names:
                self.stdout.write(f"  {label}: {name}")
