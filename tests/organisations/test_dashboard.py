"""The implementation dashboard's read model: every municipality and region gets a status against
the release reported on, counted per status, narrowed by province or region, in a fixed number of
queries."""

import datetime
from dataclasses import dataclass

import pytest

from organisations.constants import OrganisationKind, Province
from organisations.dashboard import AdoptionStatus, adoption_overview
from organisations.models import Organisation
from standards.constants import ReleaseState
from standards.models import Release
from tests.factories import OrganisationFactory, StandardFactory, contract_on, release_with_articles

pytestmark = pytest.mark.django_db

# The day the dashboard is looked at: 1.2 was published on 1 October 2025 and must be in the
# contracts by 1 April 2026; 1.1's deadline (1 July 2025) has passed.
TODAY = datetime.date(2026, 1, 15)


@dataclass
class World:
    """A standard with three releases and organisations in every status on ``TODAY``."""

    v10: Release
    v11: Release
    v12: Release
    orgs: dict[str, Organisation]


def _region(name: str, members: list[Organisation], **kwargs) -> Organisation:
    return OrganisationFactory(
        kind=OrganisationKind.REGION, name=name, municipalities=members, **kwargs
    )


def build_world(standard_slug: str = "cs-wmo") -> World:
    """Municipalities (active unless said):

    * Amersfoort on 1.2: up to date; Bunnik on 1.1: due (1.2's deadline lies ahead);
    * Culemborg (Gelderland) on 1.0: overdue since 1.1's deadline, 1 July 2025;
    * De Bilt on 1.2 itself, but in region Rijnstreek whose contract is on 1.0: overdue;
    * Eemnes only with a contract that ended on 31 December 2025, and Fijnaart with a contract
      under another standard only: no contract registered;
    * Hattem (Gelderland) without own contract, in Rijnstreek and in Vallei: overdue;
    * Gouda, inactive (merged) with a contract on 1.0: not shown.

    Regions: Rijnstreek (De Bilt, Hattem, Gouda) on 1.0: overdue; Vallei (Amersfoort, Hattem) on
    1.2 with an ended contract on 1.0: up to date; Zuidrand (Bunnik) on 1.1: due; Kromme Rijn
    without contract; Oud-regio (Gouda), inactive, not shown. A provider is never shown.
    """
    standard = StandardFactory(slug=standard_slug, name="CS Wmo")
    v10 = release_with_articles(
        standard=standard,
        version="1.0",
        state=ReleaseState.SUPERSEDED,
        published_on=datetime.date(2024, 1, 1),
        effective_on=datetime.date(2024, 1, 1),
        implementation_deadline=datetime.date(2024, 7, 1),
    )
    v11 = release_with_articles(
        standard=standard,
        version="1.1",
        state=ReleaseState.SUPERSEDED,
        published_on=datetime.date(2025, 1, 1),
        effective_on=datetime.date(2025, 1, 1),
        implementation_deadline=datetime.date(2025, 7, 1),
    )
    v12 = release_with_articles(
        standard=standard,
        version="1.2",
        published_on=datetime.date(2025, 10, 1),
        effective_on=datetime.date(2026, 1, 1),
        implementation_deadline=datetime.date(2026, 4, 1),
    )
    other = release_with_articles(version="3.0")

    def municipality(name: str, **kwargs) -> Organisation:
        return OrganisationFactory(name=name, **kwargs)

    orgs = {
        "amersfoort": municipality("Amersfoort"),
        "bunnik": municipality("Bunnik"),
        "culemborg": municipality("Culemborg", province=Province.GELDERLAND),
        "de_bilt": municipality("De Bilt"),
        "eemnes": municipality("Eemnes"),
        "fijnaart": municipality("Fijnaart", province=Province.NOORD_BRABANT),
        "hattem": municipality("Hattem", province=Province.GELDERLAND),
        "gouda": municipality("Gouda", province=Province.ZUID_HOLLAND, active=False),
    }
    orgs["rijnstreek"] = _region(
        "Regio Rijnstreek", [orgs["de_bilt"], orgs["hattem"], orgs["gouda"]]
    )
    orgs["vallei"] = _region("Regio Vallei", [orgs["amersfoort"], orgs["hattem"]])
    orgs["zuidrand"] = _region("Regio Zuidrand", [orgs["bunnik"]])
    orgs["kromme_rijn"] = _region("Regio Kromme Rijn", [orgs["eemnes"]])
    orgs["oud"] = _region("Oud-regio", [orgs["gouda"]], active=False)
    orgs["provider"] = OrganisationFactory(kind=OrganisationKind.PROVIDER, name="Zorg BV")

    contract_on(v12, organisation=orgs["amersfoort"])
    contract_on(v11, organisation=orgs["bunnik"])
    contract_on(v10, organisation=orgs["culemborg"])
    contract_on(v12, organisation=orgs["de_bilt"])
    contract_on(v10, organisation=orgs["eemnes"], ends_on=datetime.date(2025, 12, 31))
    contract_on(other, organisation=orgs["fijnaart"])
    contract_on(v10, organisation=orgs["gouda"])
    contract_on(v10, organisation=orgs["rijnstreek"])
    contract_on(v12, organisation=orgs["vallei"])
    contract_on(v10, organisation=orgs["vallei"], ends_on=datetime.date(2025, 6, 30))
    contract_on(v11, organisation=orgs["zuidrand"])
    contract_on(v10, organisation=orgs["oud"])
    return World(v10=v10, v11=v11, v12=v12, orgs=orgs)


@pytest.fixture
def world() -> World:
    return build_world()


def _statuses(overview) -> dict[str, AdoptionStatus]:
    return {row.organisation.name: row.status for row in overview.rows}


def _counts(overview) -> dict[str, tuple[int, int]]:
    return {c.status.value: (c.municipalities, c.regions) for c in overview.counts}


def test_each_active_municipality_and_region_gets_the_worst_status_of_its_binding_contracts(
    world,
):
    """Own contracts and those of every region one belongs to count; ended contracts, other
    standards, inactive organisations and providers do not."""
    overview = adoption_overview(release=world.v12, at=TODAY)

    assert _statuses(overview) == {
        "Amersfoort": AdoptionStatus.UP_TO_DATE,
        "Bunnik": AdoptionStatus.DUE,
        "Culemborg": AdoptionStatus.OVERDUE,
        "De Bilt": AdoptionStatus.OVERDUE,  # own contract current, region's on 1.0
        "Eemnes": AdoptionStatus.NO_CONTRACT,  # only an ended contract
        "Fijnaart": AdoptionStatus.NO_CONTRACT,  # a contract under another standard only
        "Hattem": AdoptionStatus.OVERDUE,  # no own contract: the worst of its two regions
        "Regio Kromme Rijn": AdoptionStatus.NO_CONTRACT,
        "Regio Rijnstreek": AdoptionStatus.OVERDUE,
        "Regio Vallei": AdoptionStatus.UP_TO_DATE,  # its ended contract on 1.0 is ignored
        "Regio Zuidrand": AdoptionStatus.DUE,
    }
    assert [row.organisation.name for row in overview.rows] == sorted(_statuses(overview))


def test_counts_per_status_for_municipalities_and_regions_separately(world):
    """Seven municipalities and four regions, every status in each, with shares of each group."""
    overview = adoption_overview(release=world.v12, at=TODAY)

    assert _counts(overview) == {
        "up_to_date": (1, 1),
        "due": (1, 1),
        "overdue": (3, 1),
        "no_contract": (2, 1),
    }
    overdue = next(c for c in overview.counts if c.status == AdoptionStatus.OVERDUE)
    assert overdue.municipalities_percentage == pytest.approx(300 / 7)
    assert overdue.regions_percentage == 25
    assert [c.status for c in overview.counts] == list(AdoptionStatus)


def test_deadline_is_the_earliest_missed_one_and_days_late_count_from_it(world):
    """Culemborg on 1.0 missed 1.1 (deadline 1 July 2025) and 1.2: it is 198 days late on
    15 January 2026; Bunnik has until 1 April 2026 and is not late."""
    overview = adoption_overview(release=world.v12, at=TODAY)
    rows = {row.organisation.name: row for row in overview.rows}

    culemborg = rows["Culemborg"]
    assert culemborg.deadline == datetime.date(2025, 7, 1)
    assert culemborg.days_overdue == 198
    assert culemborg.oldest_release == world.v10
    assert culemborg.contract_count == 1

    bunnik = rows["Bunnik"]
    assert bunnik.deadline == datetime.date(2026, 4, 1)
    assert bunnik.days_overdue is None
    assert bunnik.days_left == 76

    # De Bilt: its own contract (1.2) and Rijnstreek's (1.0); the region's sets the deadline.
    de_bilt = rows["De Bilt"]
    assert de_bilt.contract_count == 2
    assert de_bilt.oldest_release == world.v10
    assert de_bilt.deadline == datetime.date(2025, 7, 1)

    assert rows["Amersfoort"].deadline is None
    assert rows["Eemnes"].contract_count == 0
    assert rows["Eemnes"].oldest_release is None


def test_the_needing_attention_list_has_the_late_first_then_the_due_by_deadline(world):
    overview = adoption_overview(release=world.v12, at=TODAY)

    assert [row.organisation.name for row in overview.needing_attention] == [
        "Culemborg",
        "De Bilt",
        "Hattem",
        "Regio Rijnstreek",
        "Bunnik",
        "Regio Zuidrand",
    ]


def test_a_contract_ending_on_the_day_still_binds_and_one_ended_the_day_before_does_not(world):
    eemnes = world.orgs["eemnes"]
    contract_on(world.v11, organisation=eemnes, ends_on=TODAY, name="Jeugd")

    overview = adoption_overview(release=world.v12, at=TODAY)
    assert _statuses(overview)["Eemnes"] == AdoptionStatus.DUE

    later = adoption_overview(release=world.v12, at=TODAY + datetime.timedelta(days=1))
    assert _statuses(later)["Eemnes"] == AdoptionStatus.NO_CONTRACT


def test_the_contract_of_an_inactive_region_still_binds_its_members(world):
    """Only its end date ends a contract (as on the organisation page, ``contracts_binding``):
    the inactive region is not shown, but its running contract on 1.0 makes Fijnaart late."""
    world.orgs["oud"].municipalities.add(world.orgs["fijnaart"])

    overview = adoption_overview(release=world.v12, at=TODAY)

    assert _statuses(overview)["Fijnaart"] == AdoptionStatus.OVERDUE
    assert "Oud-regio" not in _statuses(overview)


def test_an_older_release_as_target_measures_against_that_release(world):
    """Against 1.1, Bunnik and Zuidrand (on 1.1) are up to date; those on 1.0 are overdue."""
    overview = adoption_overview(release=world.v11, at=TODAY)
    statuses = _statuses(overview)

    assert statuses["Bunnik"] == AdoptionStatus.UP_TO_DATE
    assert statuses["Regio Zuidrand"] == AdoptionStatus.UP_TO_DATE
    assert statuses["Culemborg"] == AdoptionStatus.OVERDUE
    assert overview.release == world.v11


def test_before_the_deadline_an_organisation_is_due_and_after_it_overdue(world):
    """On 1 April 2026, 1.2's deadline, Bunnik is still due; the day after it is overdue."""
    on_deadline = adoption_overview(release=world.v12, at=datetime.date(2026, 4, 1))
    after = adoption_overview(release=world.v12, at=datetime.date(2026, 4, 2))

    assert _statuses(on_deadline)["Bunnik"] == AdoptionStatus.DUE
    assert _statuses(after)["Bunnik"] == AdoptionStatus.OVERDUE
    assert next(r for r in after.rows if r.organisation.name == "Bunnik").days_overdue == 1


def test_province_filter_shows_its_municipalities_and_regions_with_a_member_there(world):
    overview = adoption_overview(release=world.v12, province=Province.GELDERLAND, at=TODAY)

    assert _statuses(overview) == {
        "Culemborg": AdoptionStatus.OVERDUE,
        "Hattem": AdoptionStatus.OVERDUE,
        "Regio Rijnstreek": AdoptionStatus.OVERDUE,
        "Regio Vallei": AdoptionStatus.UP_TO_DATE,
    }
    assert overview.province == Province.GELDERLAND
    assert _counts(overview)["overdue"] == (2, 1)


def test_province_without_organisations_gives_zero_counts_and_no_division_by_zero(world):
    overview = adoption_overview(release=world.v12, province=Province.ZEELAND, at=TODAY)

    assert overview.rows == ()
    assert all(c.municipalities_percentage == 0 for c in overview.counts)
    assert all(c.regions_percentage == 0 for c in overview.counts)


def test_region_filter_shows_the_region_and_its_active_members_with_their_full_status(world):
    """Hattem is in Vallei (up to date) and in Rijnstreek (overdue): filtered on Vallei it is
    still overdue, because a municipality's status never depends on the filter."""
    overview = adoption_overview(release=world.v12, region=world.orgs["vallei"], at=TODAY)

    assert _statuses(overview) == {
        "Amersfoort": AdoptionStatus.UP_TO_DATE,
        "Hattem": AdoptionStatus.OVERDUE,
        "Regio Vallei": AdoptionStatus.UP_TO_DATE,
    }
    assert overview.region == world.orgs["vallei"]

    rijnstreek = adoption_overview(release=world.v12, region=world.orgs["rijnstreek"], at=TODAY)
    # Gouda, a member, is inactive and not shown.
    assert set(_statuses(rijnstreek)) == {"De Bilt", "Hattem", "Regio Rijnstreek"}


def test_the_overview_reads_in_four_queries_however_many_organisations(
    world, django_assert_num_queries
):
    """Organisations, memberships, contracts and releases: one query each, with 11 or 51
    organisations."""
    with django_assert_num_queries(4):
        few = adoption_overview(release=world.v12, at=TODAY)
        _ = [(row.status, row.oldest_release, row.deadline) for row in few.rows]

    region = world.orgs["rijnstreek"]
    for index in range(40):
        municipality = OrganisationFactory(name=f"Extra {index}")
        region.municipalities.add(municipality)
        contract_on(world.v11 if index % 2 else world.v10, organisation=municipality)

    with django_assert_num_queries(4):
        many = adoption_overview(release=world.v12, at=TODAY)
        _ = [(row.status, row.oldest_release, row.deadline) for row in many.rows]
    assert len(many.rows) == len(few.rows) + 40
