"""The implementation dashboard page and its CSV export: who sees them, what the GET form does
with good and bad choices, what the export holds, and a query count that does not grow with the
number of organisations."""

import csv
import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

import pytest

from accounts.roles import Role
from organisations.constants import OrganisationKind, Province
from organisations.dashboard import AdoptionStatus
from standards.constants import ReleaseState
from tests.factories import OrganisationFactory, UserFactory, contract_on, release_with_articles
from tests.organisations.test_dashboard import TODAY, World, build_world

pytestmark = pytest.mark.django_db

DASHBOARD = "/implementatie/"
EXPORT = "/implementatie/export.csv"


@pytest.fixture(autouse=True)
def today(monkeypatch) -> datetime.date:
    """The dashboard looks at "today" in Amsterdam: pin it to the world's day."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def secretariat(client):
    user = UserFactory(username="secretaris", roles=[Role.SECRETARIAT])
    client.force_login(user)
    return user


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


# --- Who may see it -----------------------------------------------------------------------------


def test_the_addresses_are_the_named_routes():
    assert reverse("adoption:dashboard") == DASHBOARD
    assert reverse("adoption:export") == EXPORT


@pytest.mark.parametrize("address", [DASHBOARD, EXPORT])
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, world, address):
    response = client.get(address)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={address}"


@pytest.mark.parametrize("role", [Role.ORGANISATION_CONTACT, Role.RELEASE_MANAGER])
@pytest.mark.parametrize("address", [DASHBOARD, EXPORT])
def test_users_without_the_secretariat_permission_are_refused(client, world, role, address):
    """A contact, even of a municipality on the dashboard, and other staff get 403."""
    user = UserFactory(roles=[role])
    world.orgs["amersfoort"].contacts.add(user)
    client.force_login(user)

    response = client.get(address)

    assert response.status_code == 403
    assert b"Amersfoort" not in response.content


# --- The page -------------------------------------------------------------------------------


def test_without_choice_the_page_reports_on_the_newest_release_of_the_first_standard(
    client, world, secretariat
):
    response = client.get(DASHBOARD)

    assert response.status_code == 200
    overview = response.context["overview"]
    assert overview.release == world.v12
    assert overview.at == TODAY
    content = response.content.decode()
    assert "CS Wmo versie 1.2" in content
    assert "Implementatietermijn tot 1 april 2026." in content
    # The chart writes every number out, with its share: 3 of 7 municipalities are late.
    assert "Gemeenten: 7 organisaties" in content
    assert "Regio's: 4 organisaties" in content
    assert '3 <span class="cs-adoption-chart__percentage">(43%)</span>' in content
    assert "Geen contract geregistreerd" in content
    # Export link with the exact selection.
    assert f'href="{EXPORT}?versie=cs-wmo%3A1.2"' in content


def test_the_late_and_due_organisations_are_listed_with_deadline_and_days_late(
    client, world, secretariat
):
    content = client.get(DASHBOARD).content.decode()

    attention = content[content.index("Te laat en nog over te stappen") :]
    for name in ("Culemborg", "De Bilt", "Hattem", "Regio Rijnstreek", "Bunnik", "Regio Zuidrand"):
        assert name in attention
    for name in ("Amersfoort", "Eemnes", "Regio Vallei", "Regio Kromme Rijn"):
        assert name not in attention
    assert "1 juli 2025" in attention
    assert ">198<" in attention  # Culemborg, late since 1 July 2025
    assert attention.index("Culemborg") < attention.index("Bunnik")


def test_a_late_organisation_links_to_its_page_once_that_page_exists(client, world, secretariat):
    culemborg = world.orgs["culemborg"]
    content = client.get(DASHBOARD).content.decode()

    try:
        detail = culemborg.get_absolute_url()
    except NoReverseMatch:
        assert ">Culemborg</th>" in content
    else:
        assert f'href="{detail}">Culemborg</a>' in content


def test_choosing_another_release_reports_on_it(client, world, secretariat):
    response = client.get(DASHBOARD, {"versie": "cs-wmo:1.1"})

    assert response.status_code == 200
    overview = response.context["overview"]
    assert overview.release == world.v11
    statuses = {row.organisation.name: row.status for row in overview.rows}
    assert statuses["Bunnik"] == AdoptionStatus.UP_TO_DATE
    assert '<option value="cs-wmo:1.1" selected>' in response.content.decode()
    assert f"{EXPORT}?versie=cs-wmo%3A1.1" in response.content.decode()


def test_the_province_filter_narrows_the_page_and_the_export_link(client, world, secretariat):
    response = client.get(DASHBOARD, {"versie": "cs-wmo:1.2", "provincie": "Gelderland"})

    overview = response.context["overview"]
    assert overview.province == Province.GELDERLAND
    assert {row.organisation.name for row in overview.rows} == {
        "Culemborg",
        "Hattem",
        "Regio Rijnstreek",
        "Regio Vallei",
    }
    content = response.content.decode()
    assert "Gemeenten: 2 organisaties" in content
    assert f"{EXPORT}?versie=cs-wmo%3A1.2&amp;provincie=Gelderland" in content


def test_the_region_filter_takes_the_region_by_its_slug(client, world, secretariat):
    vallei = world.orgs["vallei"]
    response = client.get(DASHBOARD, {"regio": vallei.slug})

    overview = response.context["overview"]
    assert overview.region == vallei
    assert {row.organisation.name for row in overview.rows} == {
        "Amersfoort",
        "Hattem",
        "Regio Vallei",
    }
    assert f'<option value="{vallei.slug}" selected>' in response.content.decode()


def test_invalid_choices_show_the_form_with_messages_and_keep_the_valid_ones(
    client, world, secretariat
):
    """An unknown release, province and region: 200, a message per field, no figures; what was
    chosen and valid stays chosen."""
    response = client.get(
        DASHBOARD, {"versie": "cs-wmo:9.9", "provincie": "Atlantis", "regio": "nergens"}
    )

    assert response.status_code == 200
    assert response.context["overview"] is None
    form = response.context["form"]
    assert form.errors == {
        "versie": ["Kies een gepubliceerde versie uit de lijst."],
        "provincie": ["Kies een provincie uit de lijst."],
        "regio": ["Kies een regio uit de lijst."],
    }
    content = response.content.decode()
    assert "Er ging iets mis" in content
    assert 'href="#id_provincie">Provincie: Kies een provincie uit de lijst.</a>' in content
    assert "Te laat en nog over te stappen" not in content

    kept = client.get(DASHBOARD, {"versie": "cs-wmo:1.1", "provincie": "Atlantis"})
    assert kept.context["overview"] is None
    assert '<option value="cs-wmo:1.1" selected>' in kept.content.decode()


def test_a_draft_release_cannot_be_chosen(client, world, secretariat):
    release_with_articles(standard=world.v12.standard, version="1.3", state=ReleaseState.DRAFT)

    response = client.get(DASHBOARD, {"versie": "cs-wmo:1.3"})

    assert response.context["overview"] is None
    assert response.context["form"].errors["versie"]
    assert 'value="cs-wmo:1.3"' not in response.content.decode()


def test_province_and_region_together_are_refused_and_both_kept(client, world, secretariat):
    vallei = world.orgs["vallei"]
    response = client.get(DASHBOARD, {"provincie": "Utrecht", "regio": vallei.slug})

    assert response.status_code == 200
    assert response.context["overview"] is None
    assert response.context["form"].non_field_errors() == [
        "Kies een provincie of een regio, niet allebei."
    ]
    content = response.content.decode()
    assert '<option value="Utrecht" selected>' in content
    assert f'<option value="{vallei.slug}" selected>' in content


def test_without_a_published_release_the_page_says_so(client, secretariat):
    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert response.context["overview"] is None
    assert "Er is nog geen gepubliceerde versie van een standaard." in response.content.decode()
    assert client.get(EXPORT).status_code == 400


# --- The export --------------------------------------------------------------------------------


def test_the_export_has_a_dutch_header_and_one_row_per_organisation(client, world, secretariat):
    response = client.get(EXPORT, {"versie": "cs-wmo:1.2"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="implementatiemonitor-cs-wmo-1.2-2026-01-15.csv"'
    )
    header, *rows = _rows(response)
    assert header == [
        "Naam",
        "Soort",
        "CBS-code",
        "Provincie",
        "Status",
        "Contracten",
        "Oudste versie in gebruik",
        "Implementatietermijn tot",
    ]
    assert len(rows) == 11
    by_name = {row[0]: row for row in rows}
    culemborg = world.orgs["culemborg"]
    assert by_name["Culemborg"] == [
        "Culemborg",
        "Gemeente",
        culemborg.cbs_code,
        "Gelderland",
        "Termijn verstreken",
        "1",
        "1.0",
        "2025-07-01",
    ]
    assert by_name["Regio Vallei"] == [
        "Regio Vallei",
        "Regio (samenwerkende gemeenten)",
        "",
        "",
        "Actueel",
        "1",
        "1.2",
        "",
    ]
    assert by_name["Eemnes"][4:] == ["Geen contract geregistreerd", "0", "", ""]


def test_the_export_follows_the_filter(client, world, secretariat):
    response = client.get(EXPORT, {"versie": "cs-wmo:1.2", "provincie": "Gelderland"})

    names = [row[0] for row in _rows(response)[1:]]
    assert names == ["Culemborg", "Hattem", "Regio Rijnstreek", "Regio Vallei"]


def test_export_cells_that_a_spreadsheet_would_run_as_formula_are_quoted(
    client, world, secretariat
):
    for name in ("=HYPERLINK(1)", "+SOM(A1)", "-2+3", "@BEREKEN"):
        OrganisationFactory(kind=OrganisationKind.REGION, name=name)

    names = [row[0] for row in _rows(client.get(EXPORT))[1:]]

    assert "'=HYPERLINK(1)" in names
    assert "'+SOM(A1)" in names
    assert "'-2+3" in names
    assert "'@BEREKEN" in names
    assert "Culemborg" in names  # ordinary names untouched


def test_an_export_with_a_bad_filter_is_refused_with_the_reason(client, world, secretariat):
    response = client.get(EXPORT, {"provincie": "Atlantis"})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Kies een provincie uit de lijst." in response.content.decode()


# --- Queries -------------------------------------------------------------------------------------


def _add_organisations(world: World, count: int) -> None:
    """``count`` more municipalities, each with a contract, half in a region with its own."""
    region = OrganisationFactory(kind=OrganisationKind.REGION, name="Regio Extra")
    contract_on(world.v10, organisation=region)
    for index in range(count):
        municipality = OrganisationFactory(name=f"Extra {index}")
        contract_on(world.v11 if index % 2 else world.v10, organisation=municipality)
        if index % 2:
            region.municipalities.add(municipality)


@pytest.mark.parametrize("address", [DASHBOARD, EXPORT])
def test_the_query_count_does_not_grow_with_the_number_of_organisations(
    client, secretariat, address, django_assert_num_queries
):
    """Session, user, permissions, the form's releases and regions, four for the overview and,
    on the page, the unread-notices counter: the same with 5 as with 40 more organisations."""
    world = build_world()
    _add_organisations(world, 5)
    client.get(address)  # warm up whatever is cached per process
    with CaptureQueriesContext(connection) as few:
        assert client.get(address).status_code == 200

    _add_organisations(world, 35)
    with CaptureQueriesContext(connection) as many:
        response = client.get(address)
    assert response.status_code == 200
    assert len(response.context["overview"].rows if response.context else _rows(response)) > 40

    assert len(many) == len(few)
    pinned = 11 if address == DASHBOARD else 10
    with django_assert_num_queries(pinned):
        client.get(address)
