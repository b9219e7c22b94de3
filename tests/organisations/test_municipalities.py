"""Loading the Dutch municipalities from the CSV the project ships (``municipalities_load``).

The shipped list holds all 342 municipalities of 1 January 2026 in the twelve provinces. Loading
is keyed by CBS code and idempotent: loading again changes nothing, a renamed municipality keeps
its row (and so its contracts and regions), one missing from the list is deactivated, never
deleted, and a list that breaks its format is refused before anything is written.
"""

import io
from collections import Counter
from pathlib import Path

from django.core.management import CommandError, call_command

import pytest

from organisations.constants import OrganisationKind, Province
from organisations.models import Organisation
from organisations.municipalities import (
    MUNICIPALITIES_CSV,
    MunicipalityListInvalid,
    municipalities_load,
    read_municipalities,
)
from tests.factories import OrganisationFactory, contract_on, release_with_articles

pytestmark = pytest.mark.django_db

MUNICIPALITY = OrganisationKind.MUNICIPALITY
HEADER = "cbs_code,name,province\n"


def municipalities():
    return Organisation.objects.filter(kind=MUNICIPALITY)


def write_csv(tmp_path: Path, *rows: str, name: str = "gemeenten.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def snapshot() -> list[dict]:
    return [
        *Organisation.objects.order_by("pk").values(),
        *Organisation.history.order_by("pk").values("history_id", "id", "name", "active"),
    ]


# --- The shipped list -----------------------------------------------------------------------------


def test_the_shipped_list_gives_342_municipalities_in_twelve_provinces():
    report = municipalities_load()

    assert len(report.created) == 342
    assert (report.updated, report.deactivated, report.unchanged) == ([], [], 0)
    assert municipalities().count() == 342
    assert municipalities().filter(active=True).count() == 342
    per_province = Counter(municipalities().values_list("province", flat=True))
    assert set(per_province) == set(Province.values)
    assert per_province == {
        "Groningen": 10,
        "Fryslân": 18,
        "Drenthe": 12,
        "Overijssel": 25,
        "Flevoland": 6,
        "Gelderland": 51,
        "Utrecht": 26,
        "Noord-Holland": 44,
        "Zuid-Holland": 50,
        "Zeeland": 13,
        "Noord-Brabant": 56,
        "Limburg": 31,
    }


def test_every_code_and_address_of_the_shipped_list_is_unique_and_well_formed():
    municipalities_load()
    codes = list(municipalities().values_list("cbs_code", flat=True))
    slugs = list(municipalities().values_list("slug", flat=True))
    assert len(set(codes)) == len(codes) == 342
    assert all(code.startswith("GM") and len(code) == 6 and code[2:].isdigit() for code in codes)
    assert len(set(slugs)) == 342


def test_known_municipalities_carry_their_cbs_code_name_and_province():
    """Including a name with a comma (quoted in the CSV) and the two Bergens."""
    municipalities_load()
    known = {
        "GM0363": ("Amsterdam", "Noord-Holland", "amsterdam"),
        "GM0518": ("'s-Gravenhage", "Zuid-Holland", "s-gravenhage"),
        "GM0820": ("Nuenen, Gerwen en Nederwetten", "Noord-Brabant", None),
        "GM0373": ("Bergen (NH.)", "Noord-Holland", "bergen-nh"),
        "GM0893": ("Bergen (L.)", "Limburg", "bergen-l"),
        "GM1980": ("Dijk en Waard", "Noord-Holland", None),
    }
    loaded = {o.cbs_code: o for o in municipalities().filter(cbs_code__in=known)}
    for code, (name, province, slug) in known.items():
        assert (loaded[code].name, loaded[code].province) == (name, province), code
        if slug:
            assert loaded[code].slug == slug


def test_loading_the_shipped_list_twice_changes_nothing():
    """No row, no field and no history record changes the second time."""
    municipalities_load()
    before = snapshot()

    report = municipalities_load()

    assert (report.created, report.updated, report.deactivated) == ([], [], [])
    assert report.unchanged == 342
    assert snapshot() == before


def test_the_shipped_file_is_valid_on_its_own():
    rows = read_municipalities(MUNICIPALITIES_CSV)
    assert len(rows) == 342
    assert rows[0] == {"cbs_code": "GM0518", "name": "'s-Gravenhage", "province": "Zuid-Holland"}


# --- Updating from a changed list -----------------------------------------------------------------


@pytest.fixture
def first_list(tmp_path):
    return write_csv(
        tmp_path,
        "GM0307,Amersfoort,Utrecht",
        "GM0327,Leusden,Utrecht",
        "GM0308,Baarn,Utrecht",
        name="2025.csv",
    )


def test_a_renamed_municipality_keeps_its_row_address_contracts_and_regions(tmp_path, first_list):
    municipalities_load(first_list)
    leusden = municipalities().get(cbs_code="GM0327")
    region = OrganisationFactory(
        kind=OrganisationKind.REGION,
        name="Regio Eemland",
        municipalities=[leusden, municipalities().get(cbs_code="GM0307")],
    )
    contract = contract_on(release_with_articles(), organisation=leusden)
    renamed = write_csv(
        tmp_path,
        "GM0307,Amersfoort,Utrecht",
        "GM0327,Leusden (U.),Utrecht",
        "GM0308,Baarn,Utrecht",
    )

    report = municipalities_load(renamed)

    assert report.updated == ["Leusden (U.)"]
    assert (report.created, report.deactivated, report.unchanged) == ([], [], 2)
    again = municipalities().get(cbs_code="GM0327")
    assert again.pk == leusden.pk
    assert again.name == "Leusden (U.)"
    assert again.slug == leusden.slug  # the page's address stays
    assert list(again.contracts.all()) == [contract]
    assert list(again.regions.all()) == [region]
    assert again.history.order_by("history_id").last().history_change_reason == (
        "CBS-gemeentelijst"
    )


def test_a_municipality_gone_from_the_list_is_deactivated_not_deleted(tmp_path, first_list):
    """A merged municipality stays on record with its contracts; loading again leaves it be."""
    municipalities_load(first_list)
    baarn = municipalities().get(cbs_code="GM0308")
    contract = contract_on(release_with_articles(), organisation=baarn)
    merged = write_csv(tmp_path, "GM0307,Amersfoort,Utrecht", "GM0327,Leusden,Utrecht")

    report = municipalities_load(merged)

    assert report.deactivated == ["Baarn"]
    assert (report.created, report.updated, report.unchanged) == ([], [], 2)
    baarn.refresh_from_db()
    assert baarn.active is False
    assert list(baarn.contracts.all()) == [contract]
    assert municipalities().count() == 3
    assert baarn.history.order_by("history_id").last().history_change_reason == (
        "Niet meer in de CBS-gemeentelijst"
    )
    again = municipalities_load(merged)
    assert (again.deactivated, again.updated) == ([], [])


def test_a_code_back_on_the_list_is_reactivated(tmp_path, first_list):
    municipalities_load(first_list)
    municipalities_load(write_csv(tmp_path, "GM0307,Amersfoort,Utrecht"))

    report = municipalities_load(first_list)

    assert sorted(report.updated) == ["Baarn", "Leusden"]
    assert municipalities().filter(active=True).count() == 3


def test_a_new_municipality_gets_a_free_address(tmp_path):
    """A provider already called "Utrecht" keeps utrecht; the municipality gets utrecht-2."""
    OrganisationFactory(kind=OrganisationKind.PROVIDER, name="Utrecht", slug="utrecht")
    report = municipalities_load(write_csv(tmp_path, "GM0344,Utrecht,Utrecht"))
    assert report.created == ["Utrecht"]
    assert municipalities().get(cbs_code="GM0344").slug == "utrecht-2"


def test_only_municipalities_are_touched(tmp_path, first_list):
    """Regions and providers are not on the CBS list and are never deactivated by it."""
    provider = OrganisationFactory(kind=OrganisationKind.PROVIDER, name="Zorg BV")
    municipalities_load(first_list)
    provider.refresh_from_db()
    assert provider.active is True
    assert municipalities().count() == 3


# --- A broken list --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("GM307,Amersfoort,Utrecht", "line 3: bad CBS code 'GM307'"),
        ("0307XX,Amersfoort,Utrecht", "line 3: bad CBS code '0307XX'"),
        ("GM03A7,Amersfoort,Utrecht", "line 3: bad CBS code 'GM03A7'"),
        ("GM0307,Amersfoort,Utrech", "line 3: unknown province 'Utrech'"),
        ("GM0307,Amersfoort,Friesland", "line 3: unknown province 'Friesland'"),
        ("GM0307, ,Utrecht", "line 3: empty name or duplicate GM0307"),
        ("GM0327,Leusden bis,Utrecht", "line 3: empty name or duplicate GM0327"),
    ],
)
def test_a_list_that_breaks_its_format_is_refused_before_anything_is_written(
    tmp_path, row, message
):
    municipalities_load(write_csv(tmp_path, "GM0308,Baarn,Utrecht", name="before.csv"))
    before = snapshot()
    broken = write_csv(tmp_path, "GM0327,Leusden,Utrecht", row)

    with pytest.raises(MunicipalityListInvalid) as error:
        municipalities_load(broken)

    assert str(error.value) == message
    assert snapshot() == before


# --- The management command -----------------------------------------------------------------------


def test_the_command_loads_the_shipped_list_and_prints_the_summary():
    out = io.StringIO()
    call_command("load_municipalities", stdout=out)
    assert out.getvalue() == "342 created, 0 updated, 0 deactivated, 0 unchanged\n"
    assert municipalities().count() == 342

    out = io.StringIO()
    call_command("load_municipalities", stdout=out)
    assert out.getvalue() == "0 created, 0 updated, 0 deactivated, 342 unchanged\n"


def test_the_command_names_what_it_updated_and_deactivated(tmp_path, first_list):
    call_command("load_municipalities", "--file", str(first_list), stdout=io.StringIO())
    changed = write_csv(tmp_path, "GM0307,Amersfoort,Utrecht", "GM0327,Leusden (U.),Utrecht")
    out = io.StringIO()

    call_command("load_municipalities", "--file", str(changed), stdout=out)

    assert out.getvalue().splitlines() == [
        "0 created, 1 updated, 1 deactivated, 1 unchanged",
        "  updated: Leusden (U.)",
        "  deactivated: Baarn",
    ]


def test_the_command_refuses_a_missing_or_broken_file(tmp_path):
    missing = tmp_path / "nergens.csv"
    with pytest.raises(CommandError, match=r"nergens\.csv does not exist"):
        call_command("load_municipalities", "--file", str(missing), stdout=io.StringIO())
    broken = write_csv(tmp_path, "GM0307,Amersfoort,Atlantis")
    with pytest.raises(CommandError, match=r"line 2: unknown province 'Atlantis'"):
        call_command("load_municipalities", "--file", str(broken), stdout=io.StringIO())
    assert not municipalities().exists()
