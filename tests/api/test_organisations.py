"""``/api/v1/organisations``: organisations, the contracts that bind them and where each stands.

Who reads what: a contact their own organisations and the regions of their municipality, the
secretariat all, a key narrowed to the organisations it names, an integrator's key exactly
those. Anything else is a 404 problem, like a slug that does not exist. Contracts carry their
obligation (status, target release, deadline, days left) in camelCase, and every endpoint reads
a fixed number of queries however many rows there are.
"""

import datetime

from django.utils import timezone

import pytest

from accounts.roles import Role
from api import keys
from api.models import ApiScope
from api.problems import PROBLEM_CONTENT_TYPE
from organisations.constants import OrganisationKind, ProviderResponseKind
from organisations.models import ContractMove, ProviderResponse
from standards.constants import ReleaseState
from tests.factories import (
    OrganisationFactory,
    StandardFactory,
    UserFactory,
    contract_on,
    release_with_articles,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/organisations"
READ = ApiScope.ORGANISATIONS_READ


def detail(slug: str) -> str:
    return f"{LIST}/{slug}"


def contracts(slug: str) -> str:
    return f"{LIST}/{slug}/contracts"


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.fixture
def world():
    """CS Wmo with 1.0 and 1.1 published (1.1 to be adopted by 1 April 2026, well ahead);
    Utrecht (a contact's) in the region U10 on 1.0, Zeist elsewhere, a provider."""
    standard = StandardFactory(slug="cs-wmo", name="CS Wmo 2015")
    old = release_with_articles(
        standard=standard,
        version="1.0",
        state=ReleaseState.SUPERSEDED,
        published_on=datetime.date(2024, 10, 1),
        implementation_deadline=datetime.date(2025, 4, 1),
    )
    new = release_with_articles(
        standard=standard,
        version="1.1",
        published_on=datetime.date(2025, 10, 1),
        implementation_deadline=datetime.date(2099, 4, 1),
    )
    contact = UserFactory(username="contact", roles=[Role.ORGANISATION_CONTACT])
    utrecht = OrganisationFactory(
        name="Gemeente Utrecht", slug="gemeente-utrecht", contacts=[contact]
    )
    zeist = OrganisationFactory(name="Gemeente Zeist", slug="gemeente-zeist")
    region = OrganisationFactory(
        name="Regio U10", slug="regio-u10", kind=OrganisationKind.REGION, municipalities=[utrecht]
    )
    provider = OrganisationFactory(name="Zorg BV", slug="zorg-bv", kind=OrganisationKind.PROVIDER)
    own = contract_on(
        old, organisation=utrecht, name="Hulp bij het huishouden", providers=[provider]
    )
    via_region = contract_on(new, organisation=region, name="Begeleiding")
    contract_on(old, organisation=zeist, name="Zeist-contract")
    return {
        "standard": standard,
        "old": old,
        "new": new,
        "contact": contact,
        "utrecht": utrecht,
        "zeist": zeist,
        "region": region,
        "provider": provider,
        "own": own,
        "via_region": via_region,
    }


def test_a_contact_reads_own_organisation_and_its_regions_only(client, world):
    client.force_login(world["contact"])
    assert slugs(client.get(LIST)) == ["gemeente-utrecht", "regio-u10"]
    assert client.get(detail("gemeente-utrecht")).status_code == 200
    response = client.get(detail("gemeente-zeist"))
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    # The same answer as for a slug that does not exist: existence is not revealed.
    assert client.get(detail("bestaat-niet")).json() == response.json()
    assert client.get(contracts("gemeente-zeist")).status_code == 404


def test_the_secretariat_reads_all_and_filters_by_kind(client, world):
    client.force_login(UserFactory(roles=[Role.SECRETARIAT]))
    assert slugs(client.get(LIST)) == [
        "gemeente-utrecht",
        "gemeente-zeist",
        "regio-u10",
        "zorg-bv",
    ]
    assert slugs(client.get(LIST, {"kind": "aanbieder"})) == ["zorg-bv"]
    assert client.get(LIST, {"kind": "planeet"}).status_code == 400


def test_an_account_without_a_role_reads_nothing(client, world):
    client.force_login(UserFactory())
    assert slugs(client.get(LIST)) == []
    assert client.get(detail("gemeente-utrecht")).status_code == 404


def test_an_integrators_key_reads_exactly_the_organisations_named_on_it(client, world):
    integrator = UserFactory(roles=[Role.INTEGRATOR])
    api_key, token = keys.api_key_create(by=integrator, name="Koppeling", scopes=[READ])
    assert slugs(client.get(LIST, **bearer(token))) == []
    api_key.organisations.set([world["zeist"]])
    assert slugs(client.get(LIST, **bearer(token))) == ["gemeente-zeist"]
    assert client.get(contracts("gemeente-zeist"), **bearer(token)).status_code == 200
    assert client.get(contracts("gemeente-utrecht"), **bearer(token)).status_code == 404


def test_a_contacts_key_narrows_and_never_widens(client, world):
    contact = world["contact"]
    api_key, token = keys.api_key_create(
        by=contact, name="Eigen", scopes=[READ], organisations=[world["utrecht"]]
    )
    assert slugs(client.get(LIST, **bearer(token))) == ["gemeente-utrecht"]
    # Named by someone else (say in the admin) is not enough: a contact's key is narrowed only.
    api_key.organisations.add(world["zeist"])
    assert slugs(client.get(LIST, **bearer(token))) == ["gemeente-utrecht"]
    # A contact who leaves the organisation no longer reads it, key or not.
    world["utrecht"].contacts.remove(contact)
    assert slugs(client.get(LIST, **bearer(token))) == []


def test_the_organisation_in_camel_case_with_its_regions(client, world):
    client.force_login(world["contact"])
    body = client.get(detail("gemeente-utrecht")).json()
    assert body["slug"] == "gemeente-utrecht"
    assert body["kind"] == "gemeente" and body["kindLabel"] == "Gemeente"
    assert body["cbsCode"].startswith("GM")
    assert body["contractsUrl"].endswith("/api/v1/organisations/gemeente-utrecht/contracts")
    assert [region["slug"] for region in body["regions"]] == ["regio-u10"]
    assert body["municipalities"] == []
    region = client.get(detail("regio-u10")).json()
    assert [m["slug"] for m in region["municipalities"]] == ["gemeente-utrecht"]
    assert "contacts" not in body


def test_contracts_with_their_obligation(client, world):
    client.force_login(world["contact"])
    response = client.get(contracts("gemeente-utrecht"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    rows = {row["name"]: row for row in response.json()["results"]}
    assert set(rows) == {"Hulp bij het huishouden", "Begeleiding"}
    own = rows["Hulp bij het huishouden"]
    assert own["organisation"]["slug"] == "gemeente-utrecht"
    assert own["standard"] == {"slug": "cs-wmo", "name": "CS Wmo 2015"}
    assert own["release"]["version"] == "1.0"
    assert own["release"]["url"].endswith("/api/v1/standards/cs-wmo/releases/1.0")
    assert own["procurementType"] == "open_house"
    assert own["startsOn"] == "2025-01-01" and own["endsOn"] is None
    assert [p["slug"] for p in own["providers"]] == ["zorg-bv"]
    obligation = own["obligation"]
    # Behind since 1.1: the earliest deadline of the missed releases (1.1's) applies.
    assert obligation["status"] == "due"
    assert obligation["targetRelease"]["version"] == "1.1"
    assert obligation["deadline"] == "2099-04-01"
    assert obligation["daysLeft"] == (datetime.date(2099, 4, 1) - timezone.localdate()).days
    assert obligation["missedVersions"] == ["1.1"]
    region = rows["Begeleiding"]
    assert region["organisation"]["slug"] == "regio-u10"
    assert region["url"].endswith(
        f"/api/v1/organisations/regio-u10/contracts/{world['via_region'].pk}"
    )
    assert region["obligation"]["status"] == "up_to_date"
    assert region["obligation"]["targetRelease"] is None


def test_one_contract_with_moves_and_provider_responses(client, world):
    contract = world["own"]
    ContractMove.objects.create(
        contract=contract,
        from_release=world["old"],
        to_release=world["new"],
        moved_on=datetime.date(2025, 12, 1),
    )
    ProviderResponse.objects.create(
        contract=contract,
        provider=world["provider"],
        release=world["new"],
        kind=ProviderResponseKind.REFUSED,
        reason="Te duur",
        responded_on=datetime.date(2025, 11, 1),
    )
    client.force_login(world["contact"])
    body = client.get(f"{contracts('gemeente-utrecht')}/{contract.pk}").json()
    assert body["id"] == contract.pk
    assert body["moves"] == [{"fromVersion": "1.0", "toVersion": "1.1", "movedOn": "2025-12-01"}]
    [response] = body["providerResponses"]
    assert response["provider"]["slug"] == "zorg-bv"
    assert response["kind"] == "refused" and response["reason"] == "Te duur"
    assert response["version"] == "1.1" and response["respondedOn"] == "2025-11-01"
    assert "recordedBy" not in response and "recordedBy" not in body["moves"][0]


def test_a_contract_of_another_organisation_is_404(client, world):
    client.force_login(world["contact"])
    # The region's contract exists, but not under the municipality's address.
    url = f"{contracts('gemeente-utrecht')}/{world['via_region'].pk}"
    assert client.get(url).status_code == 404
    assert client.get(f"{contracts('regio-u10')}/{world['via_region'].pk}").status_code == 200
    assert client.get(f"{contracts('gemeente-utrecht')}/999999").status_code == 404


def add_contracts(world, count: int) -> None:
    for index in range(count):
        provider = OrganisationFactory(kind=OrganisationKind.PROVIDER)
        contract = contract_on(
            world["old"], organisation=world["utrecht"], name=f"Extra {index}", providers=[provider]
        )
        ContractMove.objects.create(
            contract=contract,
            from_release=world["old"],
            to_release=world["new"],
            moved_on=datetime.date(2025, 12, 1),
        )
        ProviderResponse.objects.create(
            contract=contract,
            provider=provider,
            release=world["new"],
            kind=ProviderResponseKind.ACCEPTED,
            responded_on=datetime.date(2025, 11, 1),
        )
        ProviderResponse.objects.create(
            contract=world["own"],
            provider=provider,
            release=world["new"],
            kind=ProviderResponseKind.ACCEPTED,
            responded_on=datetime.date(2025, 11, 1),
        )
        OrganisationFactory(contacts=[world["contact"]])


# With a key: the key with its user (1), the user's permissions (2, cached for the request), then:
# list: count and page (2); detail: the organisation and its two prefetches (3); contracts: the
# organisation, count, page, providers, releases (5); one contract: the organisation, the contract
# and its providers, moves and responses, the releases (6).
KEY = 3
QUERIES = {
    LIST: 2,
    detail("gemeente-utrecht"): 3,
    contracts("gemeente-utrecht"): 5,
    "contract": 6,
}


@pytest.mark.parametrize("count", [0, 6])
@pytest.mark.parametrize("endpoint", list(QUERIES))
def test_queries_do_not_grow_with_rows(client, world, django_assert_num_queries, count, endpoint):
    add_contracts(world, count)
    _, token = keys.api_key_create(by=world["contact"], name="Meten", scopes=[READ])
    url = (
        f"{contracts('gemeente-utrecht')}/{world['own'].pk}" if endpoint == "contract" else endpoint
    )
    client.get(url, **bearer(token))  # last_used_at is written once; measure a normal request
    with django_assert_num_queries(KEY + QUERIES[endpoint]):
        response = client.get(url, **bearer(token))
    assert response.status_code == 200
