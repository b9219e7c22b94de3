"""The list of Dutch municipalities, loaded from the CSV the project ships.

``data/gemeenten.csv`` holds every municipality with its CBS code and province (the CBS
*Gemeentelijke indeling* of 1 January 2026, see ``data/README.md``). Loading is idempotent and
keyed by CBS code: a new code adds a municipality, a renamed one keeps its row (and its
contracts), and one that is gone from the list (merged into another) is marked inactive, never
deleted, because its old contracts stay on record.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from organisations.constants import OrganisationKind, Province
from organisations.models import Organisation

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "data" / "gemeenten.csv"


@dataclass
class MunicipalityLoad:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    unchanged: int = 0


class MunicipalityListInvalid(ValueError):
    """The CSV breaks its own format (a bad code, province or a duplicate)."""


def read_municipalities(path: Path = MUNICIPALITIES_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    codes = set()
    for number, row in enumerate(rows, start=2):
        code, name, province = row["cbs_code"], row["name"].strip(), row["province"]
        if len(code) != 6 or not code.startswith("GM") or not code[2:].isdigit():
            raise MunicipalityListInvalid(f"line {number}: bad CBS code {code!r}")
        if province not in Province.values:
            raise MunicipalityListInvalid(f"line {number}: unknown province {province!r}")
        if not name or code in codes:
            raise MunicipalityListInvalid(f"line {number}: empty name or duplicate {code}")
        codes.add(code)
    return rows


def _free_slug(name: str, taken: set[str]) -> str:
    base = slugify(name) or "gemeente"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


@transaction.atomic
def municipalities_load(path: Path = MUNICIPALITIES_CSV) -> MunicipalityLoad:
    """Bring the municipalities in the database in line with the CSV."""
    rows = read_municipalities(path)
    report = MunicipalityLoad()
    existing = {
        o.cbs_code: o for o in Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
    }
    taken = set(Organisation.objects.values_list("slug", flat=True))
    for row in rows:
        code, name, province = row["cbs_code"], row["name"].strip(), row["province"]
        municipality = existing.pop(code, None)
        if municipality is None:
            municipality = Organisation(
                kind=OrganisationKind.MUNICIPALITY,
                cbs_code=code,
                name=name,
                province=province,
                slug=_free_slug(name, taken),
            )
            municipality._change_reason = "CBS-gemeentelijst"
            municipality.save()
            report.created.append(name)
        elif (municipality.name, municipality.province, municipality.active) != (
            name,
            province,
            True,
        ):
            municipality.name, municipality.province, municipality.active = name, province, True
            municipality._change_reason = "CBS-gemeentelijst"
            municipality.save()
            report.updated.append(name)
        else:
            report.unchanged += 1
    for municipality in existing.values():
        if municipality.active:
            municipality.active = False
            municipality._change_reason = "Niet meer in de CBS-gemeentelijst"
            municipality.save()
            report.deactivated.append(municipality.name)
    return report
