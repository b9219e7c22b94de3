"""``manage.py load_demo_data``: demo users for every role, demo standards with releases, the
municipalities with regions, providers and contracts in every status (``demo.organisations``),
and change requests in every state of the workflow (``demo.change_requests``).

Idempotent: users, standards and releases that exist are left as they are; the municipalities
follow the CBS list; the demo contracts are recorded only on a portal that has no contracts yet,
and the demo change requests filed only on a portal that has no change requests yet. Refuses to
run in the production profile unless ``--allow-production`` is given, because the demo users
have well-known passwords.
"""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.roles import Role
from demo.change_requests import load_demo_change_requests
from demo.organisations import load_demo_organisations
from standards.deadlines import end_of_day
from standards.importers.sources import parse_source
from standards.models import Standard
from standards.selectors import open_release
from standards.services.imports import release_import, release_import_plan
from standards.services.releases import (
    release_adopt,
    release_create_draft,
    release_freeze,
    release_publish,
)
from standards.versions import parse_version

CONTENT = Path(__file__).resolve().parents[2] / "content"
DEMO_PASSWORD = "demo"

# username → (role, is staff); "beheerder" is the superuser.
DEMO_USERS = {
    "secretariaat": (Role.SECRETARIAT, True),
    "jurist": (Role.LEGAL_REVIEWER, True),
    "praktijk": (Role.PRACTICAL_REVIEWER, True),
    "stuurgroepsecretaris": (Role.STEERING_SECRETARY, True),
    "stuurgroeplid": (Role.STEERING_MEMBER, False),
    "releasemanager": (Role.RELEASE_MANAGER, True),
    "contactpersoon": (Role.ORGANISATION_CONTACT, False),
    "integrator": (Role.INTEGRATOR, False),
}


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


class Command(BaseCommand):
    help = (
        "Laad demogegevens: gebruikers per rol, twee standaarden met versies, gemeenten en "
        "regio's met contracten in iedere status, en wijzigingsverzoeken in iedere status."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--allow-production", action="store_true")

    def handle(self, *args, **options) -> None:
        if not settings.DEVELOPMENT and not options["allow_production"]:
            raise CommandError(
                "Demogegevens horen niet in productie "
                "(gebruik CS_PROFILE=development of --allow-production)."
            )
        self._load_users()
        manifest = json.loads((CONTENT / "manifest.json").read_text(encoding="utf-8"))
        for entry in manifest["standards"]:
            self._load_standard(entry)
        load_demo_organisations(stdout=self.stdout)
        load_demo_change_requests(stdout=self.stdout)

    def _load_users(self) -> None:
        User = get_user_model()
        for username, (role, is_staff) in DEMO_USERS.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": is_staff, "email": f"{username}@example.nl"},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=role.value))
        if not User.objects.filter(username="beheerder").exists():
            User.objects.create_superuser("beheerder", "beheerder@example.nl", DEMO_PASSWORD)

    @transaction.atomic
    def _load_standard(self, entry: dict) -> None:
        standard = Standard.objects.filter(slug=entry["slug"]).first() or Standard(
            slug=entry["slug"], name=entry["name"], description=entry.get("description", "")
        )
        folder = CONTENT / entry["slug"]
        for release_entry in entry["releases"]:
            major, minor = parse_version(release_entry["version"])
            if (
                standard.pk
                and standard.releases.filter(version_major=major, version_minor=minor).exists()
            ):
                continue
            sources = [
                parse_source(Path(name).name, (folder / name).read_bytes())
                for name in release_entry["files"]
            ]
            plan = release_import_plan(
                standard=standard, version=release_entry["version"], sources=sources
            )
            release = release_import(plan=plan, by=None, accepted=True)
            standard = release.standard
            release.submission_deadline = end_of_day(_date(release_entry["submission_deadline"]))
            release.save()
            published_on = _date(release_entry["published_on"])
            release = release_freeze(release=release, by=None)
            release = release_adopt(
                release=release,
                by=None,
                note="Vastgesteld door de Stuurgroep i-Sociaal Domein (demo).",
                adopted_on=published_on,
            )
            release_publish(
                release=release,
                by=None,
                published_on=published_on,
                effective_on=_date(release_entry["effective_on"]),
                implementation_deadline=_date(release_entry["implementation_deadline"]),
            )
            self.stdout.write(
                f"{standard} {release_entry['version']} geïmporteerd en gepubliceerd."
            )
        draft = entry.get("draft")
        if draft and open_release(standard) is None:
            major, minor = parse_version(draft["version"])
            if not standard.releases.filter(version_major=major, version_minor=minor).exists():
                release_create_draft(
                    standard=standard,
                    by=None,
                    version=draft["version"],
                    submission_deadline=end_of_day(_date(draft["submission_deadline"])),
                )
                self.stdout.write(f"{standard} {draft['version']} als concept aangemaakt.")
