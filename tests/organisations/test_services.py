"""The writes of the organisations app: who may make them, what they refuse, what they leave.

Only an organisation's contacts change its data, contracts, moves and provider responses; the
secretariat reads everything but edits nothing, and creates regions and providers like a
contact. Municipalities come from the CBS list only. A contract follows a published release of
its own standard and moves only forward, after that release's publication and within its term.
A provider refuses only with a reason. Every refusal raises ``NotPermitted`` or ``InvalidInput``
with a Dutch message (and the form field it concerns) and leaves every table, the history
included, exactly as it was.
"""

import datetime
from contextlib import contextmanager

from django.apps import apps
from django.contrib.auth.models import AnonymousUser

import pytest

from accounts.roles import Role
from organisations.constants import OrganisationKind, ProcurementType, ProviderResponseKind
from organisations.exceptions import InvalidInput, NotPermitted
from organisations.models import Contract, ContractMove, Organisation, ProviderResponse
from organisations.services import (
    contract_create,
    contract_record_move,
    contract_update,
    organisation_create,
    organisation_update,
    provider_response_record,
)
from standards.constants import ReleaseState
from standards.models import Release
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    contract_on,
    release_with_articles,
    staff_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date
REGION = OrganisationKind.REGION
PROVIDER = OrganisationKind.PROVIDER
MUNICIPALITY = OrganisationKind.MUNICIPALITY
# The models of the app: Organisation, Contract, ContractMove, ProviderResponse and the history
# models simple-history adds (HistoricalContract, HistoricalOrganisation_contacts, …).
ORGANISATION_TABLES = list(apps.get_app_config("organisations").get_models())


def written() -> dict[str, list[dict]]:
    """Every row of every table of the organisations app: the organisations, contracts, moves
    and responses, their relations, and the history of all of them (incl. relation history)."""
    tables = {model.__name__: model._default_manager.all() for model in ORGANISATION_TABLES}
    tables["Contacts"] = Organisation.contacts.through.objects.all()
    tables["Municipalities"] = Organisation.municipalities.through.objects.all()
    tables["Providers"] = Contract.providers.through.objects.all()
    return {name: list(rows.order_by("pk").values()) for name, rows in tables.items()}


@contextmanager
def refused(error: type[Exception], message: str, *, field: str | None = None):
    """The block raises ``error`` with this message and field, and writes nothing at all."""
    before = written()
    with pytest.raises(error) as info:
        yield info
    assert info.value.message == message
    assert info.value.field == field
    assert written() == before


# --- People and organisations ---------------------------------------------------------------------


@pytest.fixture
def contact():
    return UserFactory(username="contact", roles=[Role.ORGANISATION_CONTACT])


@pytest.fixture
def secretariat():
    return staff_user(Role.SECRETARIAT)


@pytest.fixture
def stranger():
    """A contact, but of another municipality."""
    user = UserFactory(username="andere-contact", roles=[Role.ORGANISATION_CONTACT])
    OrganisationFactory(name="Gemeente Elders", contacts=[user])
    return user


@pytest.fixture
def municipality(contact):
    return OrganisationFactory(name="Gemeente Amersfoort", contacts=[contact])


@pytest.fixture
def neighbours():
    return [
        OrganisationFactory(name="Gemeente Leusden"),
        OrganisationFactory(name="Gemeente Baarn"),
    ]


@pytest.fixture
def provider():
    return OrganisationFactory(name="Zorg Thuis BV", kind=PROVIDER, kvk_number="12345678")


@pytest.fixture
def releases():
    """1.0, 1.1 and 1.2 published (1 June 2024, 1 October 2025, 1 December 2025), 2.0 a draft."""
    v1_0 = release_with_articles(version="1.0", published_on=D(2024, 6, 1))
    standard = v1_0.standard
    v1_1 = release_with_articles(standard=standard, version="1.1", published_on=D(2025, 10, 1))
    v1_2 = release_with_articles(standard=standard, version="1.2", published_on=D(2025, 12, 1))
    v2_0 = release_with_articles(standard=standard, version="2.0", state=ReleaseState.DRAFT)
    return {"1.0": v1_0, "1.1": v1_1, "1.2": v1_2, "2.0": v2_0}


@pytest.fixture
def other_release():
    """A published release of another standard."""
    return release_with_articles(version="1.1", published_on=D(2025, 1, 1))


@pytest.fixture
def contract(municipality, releases, provider):
    """On 1.0 from 1 January 2025 to 31 December 2027, with one provider."""
    return contract_on(
        releases["1.0"],
        organisation=municipality,
        starts_on=D(2025, 1, 1),
        ends_on=D(2027, 12, 31),
        providers=[provider],
    )


def not_contact_message(organisation) -> str:
    return f"Alleen de contactpersonen van {organisation.name} wijzigen deze gegevens."


# --- organisation_create --------------------------------------------------------------------------


def test_a_contact_creates_a_region_and_becomes_its_contact(contact, municipality, neighbours):
    region = organisation_create(
        by=contact,
        kind=REGION,
        name="  Regio Eemland ",
        email="inkoop@eemland.example.nl",
        municipalities=[municipality, *neighbours],
    )
    region.refresh_from_db()
    assert (region.kind, region.name, region.slug) == (REGION, "Regio Eemland", "regio-eemland")
    assert region.cbs_code is None
    assert set(region.municipalities.all()) == {municipality, *neighbours}
    assert list(region.contacts.all()) == [contact]
    history = region.history.order_by("history_id")
    assert history.first().history_type == "+"
    assert {h.history_change_reason for h in history} == {"Aangemaakt in het portaal"}


def test_the_secretariat_creates_a_provider_which_gets_no_contact(secretariat):
    provider = organisation_create(
        by=secretariat, kind=PROVIDER, name="Zorg Thuis BV", kvk_number="12345678"
    )
    assert (provider.kind, provider.kvk_number) == (PROVIDER, "12345678")
    assert not provider.contacts.exists()
    assert not provider.municipalities.exists()


def test_a_name_taken_by_another_kind_is_allowed_and_gets_its_own_address(contact, neighbours):
    """ "Regio Eemland" as a provider and as a region: two organisations, two slugs."""
    organisation_create(by=contact, kind=PROVIDER, name="Regio Eemland")
    region = organisation_create(
        by=contact, kind=REGION, name="Regio Eemland", municipalities=neighbours
    )
    assert region.slug == "regio-eemland-2"


@pytest.mark.parametrize("role", [None, Role.LEGAL_REVIEWER, Role.INTEGRATOR])
def test_only_contacts_and_the_secretariat_create_organisations(role):
    user = UserFactory(roles=[role] if role else [])
    message = "Alleen contactpersonen van organisaties en het secretariaat voegen organisaties toe."
    with refused(NotPermitted, message):
        organisation_create(by=user, kind=PROVIDER, name="Zorg Thuis BV")


def test_an_anonymous_visitor_creates_no_organisation():
    message = "Alleen contactpersonen van organisaties en het secretariaat voegen organisaties toe."
    with refused(NotPermitted, message):
        organisation_create(by=AnonymousUser(), kind=PROVIDER, name="Zorg Thuis BV")


def test_a_municipality_is_not_created_by_hand(contact, secretariat):
    message = "Gemeenten komen uit de CBS-lijst en worden niet met de hand toegevoegd."
    for user in (contact, secretariat):
        with refused(InvalidInput, message, field="kind"):
            organisation_create(by=user, kind=MUNICIPALITY, name="Gemeente Nieuwstad")


def test_a_duplicate_name_of_the_same_kind_is_refused_whatever_its_case(contact, provider):
    message = "Er is al een organisatie van deze soort met de naam zorg thuis bv."
    with refused(InvalidInput, message, field="name"):
        organisation_create(by=contact, kind=PROVIDER, name="  zorg thuis bv ")


def test_a_region_of_fewer_than_two_municipalities_is_refused(contact, municipality):
    message = "Een regio bestaat uit ten minste twee gemeenten."
    for members in ([], [municipality]):
        with refused(InvalidInput, message, field="municipalities"):
            organisation_create(
                by=contact, kind=REGION, name="Regio Eemland", municipalities=members
            )


def test_a_region_of_anything_but_municipalities_is_refused(contact, municipality, provider):
    with refused(InvalidInput, "Een regio bestaat uit gemeenten.", field="municipalities"):
        organisation_create(
            by=contact, kind=REGION, name="Regio Eemland", municipalities=[municipality, provider]
        )


def test_only_a_region_has_member_municipalities(contact, neighbours):
    message = "Alleen een regio heeft deelnemende gemeenten."
    with refused(InvalidInput, message, field="municipalities"):
        organisation_create(by=contact, kind=PROVIDER, name="Zorg BV", municipalities=neighbours)


def test_a_bad_kvk_number_is_refused_as_invalid_input(contact):
    message = "Een KvK-nummer bestaat uit acht cijfers."
    with refused(InvalidInput, message, field="kvk_number"):
        organisation_create(by=contact, kind=PROVIDER, name="Zorg BV", kvk_number="1234")


# --- organisation_update --------------------------------------------------------------------------


@pytest.fixture
def region(contact, municipality, neighbours):
    return organisation_create(
        by=contact, kind=REGION, name="Regio Eemland", municipalities=[municipality, *neighbours]
    )


def test_a_contact_updates_their_region_and_its_municipalities(contact, region, neighbours):
    organisation_update(
        organisation=region,
        by=contact,
        name="Regio Eemland-Noord",
        email="inkoop@eemland.example.nl",
        website="https://eemland.example.nl",
        municipalities=neighbours,
    )
    region.refresh_from_db()
    assert (region.name, region.email, region.website) == (
        "Regio Eemland-Noord",
        "inkoop@eemland.example.nl",
        "https://eemland.example.nl",
    )
    assert set(region.municipalities.all()) == set(neighbours)
    assert region.slug == "regio-eemland"  # the address stays
    assert (
        region.history.order_by("history_id").last().history_change_reason
        == "Gegevens bijgewerkt door een contactpersoon"
    )


def test_a_municipality_keeps_the_name_and_province_cbs_gave_it(contact, municipality):
    organisation_update(
        organisation=municipality,
        by=contact,
        name="Amersfoort Stad",
        province="Zeeland",
        email="wmo@amersfoort.example.nl",
    )
    municipality.refresh_from_db()
    assert (municipality.name, municipality.province) == ("Gemeente Amersfoort", "Utrecht")
    assert municipality.email == "wmo@amersfoort.example.nl"


def test_a_superuser_may_update_any_organisation(municipality):
    admin = UserFactory(username="beheer", is_superuser=True)
    organisation_update(
        organisation=municipality, by=admin, name=municipality.name, email="a@example.nl"
    )
    municipality.refresh_from_db()
    assert municipality.email == "a@example.nl"


def test_neither_the_secretariat_nor_another_contact_updates_an_organisation(
    municipality, secretariat, stranger
):
    for user in (secretariat, stranger):
        with refused(NotPermitted, not_contact_message(municipality)):
            organisation_update(organisation=municipality, by=user, name="x", email="x@example.nl")


def test_shrinking_a_region_below_two_municipalities_leaves_it_as_it_was(
    contact, region, municipality
):
    """The name is saved before the members are checked; the refusal undoes that save too."""
    with refused(
        InvalidInput, "Een regio bestaat uit ten minste twee gemeenten.", field="municipalities"
    ):
        organisation_update(
            organisation=region, by=contact, name="Regio Klein", municipalities=[municipality]
        )
    region.refresh_from_db()
    assert region.name == "Regio Eemland"


# --- contract_create ------------------------------------------------------------------------------


def create(organisation, by, releases, **changes) -> Contract:
    fields = {
        "standard": releases["1.1"].standard,
        "name": " Wmo begeleiding ",
        "procurement_type": ProcurementType.OPEN_HOUSE,
        "starts_on": D(2026, 1, 1),
        "ends_on": D(2029, 12, 31),
        "release": releases["1.1"],
        "providers": [],
        **changes,
    }
    return contract_create(organisation=organisation, by=by, **fields)


def test_a_contact_records_a_contract_of_their_municipality(
    contact, municipality, releases, provider
):
    contract = create(municipality, contact, releases, providers=[provider])
    contract.refresh_from_db()
    assert contract.organisation == municipality
    assert contract.name == "Wmo begeleiding"
    assert contract.release == releases["1.1"]
    assert (contract.starts_on, contract.ends_on) == (D(2026, 1, 1), D(2029, 12, 31))
    assert list(contract.providers.all()) == [provider]
    created = contract.history.order_by("history_id").first()
    assert (created.history_type, created.history_change_reason) == ("+", "Contract vastgelegd")


def test_a_superseded_release_and_an_open_end_are_allowed(contact, municipality, releases):
    """A contract may still be based on an older (superseded) release, and run indefinitely."""
    Release.objects.filter(pk=releases["1.0"].pk).update(state=ReleaseState.SUPERSEDED)
    releases["1.0"].refresh_from_db()
    contract = create(municipality, contact, releases, release=releases["1.0"], ends_on=None)
    assert contract.release == releases["1.0"] and contract.ends_on is None


def test_a_contact_of_a_region_records_its_contracts(contact, region, releases):
    assert create(region, contact, releases).organisation == region


def test_neither_the_secretariat_nor_another_contact_records_a_contract(
    municipality, releases, secretariat, stranger
):
    for user in (secretariat, stranger):
        with refused(NotPermitted, not_contact_message(municipality)):
            create(municipality, user, releases)


def test_only_municipalities_and_regions_record_contracts(contact, releases):
    provider = OrganisationFactory(name="Zorg BV", kind=PROVIDER, contacts=[contact])
    with refused(InvalidInput, "Alleen gemeenten en regio's leggen contracten vast."):
        create(provider, contact, releases)


def test_a_contract_needs_a_known_procurement_type(contact, municipality, releases):
    with refused(InvalidInput, "Kies een inkoopprocedure.", field="procurement_type"):
        create(municipality, contact, releases, procurement_type="onderhands")


def test_a_contract_follows_a_release_of_its_own_standard(
    contact, municipality, releases, other_release
):
    message = f"Versie 1.1 hoort niet bij {releases['1.1'].standard.name}."
    with refused(InvalidInput, message, field="release"):
        create(municipality, contact, releases, release=other_release)


@pytest.mark.parametrize(
    "state", [ReleaseState.DRAFT, ReleaseState.ADOPTED, ReleaseState.WITHDRAWN]
)
def test_a_contract_follows_a_published_release(contact, municipality, releases, state):
    Release.objects.filter(pk=releases["2.0"].pk).update(state=state)
    releases["2.0"].refresh_from_db()
    message = "Versie 2.0 is niet gepubliceerd; een contract volgt een gepubliceerde versie."
    with refused(InvalidInput, message, field="release"):
        create(municipality, contact, releases, release=releases["2.0"])


def test_a_contract_does_not_end_before_it_starts(contact, municipality, releases):
    with refused(InvalidInput, "De einddatum ligt vóór de ingangsdatum.", field="ends_on"):
        create(municipality, contact, releases, starts_on=D(2026, 1, 2), ends_on=D(2026, 1, 1))


def test_only_providers_take_part_in_a_contract(
    contact, municipality, releases, provider, neighbours
):
    message = "Alleen aanbieders kunnen aan een contract deelnemen."
    with refused(InvalidInput, message, field="providers"):
        create(municipality, contact, releases, providers=[provider, neighbours[0]])


# --- contract_update ------------------------------------------------------------------------------


def update(contract, by, **changes) -> Contract:
    fields = {
        "name": contract.name,
        "procurement_type": contract.procurement_type,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "providers": list(contract.providers.all()),
        **changes,
    }
    return contract_update(contract=contract, by=by, **fields)


def test_a_contact_corrects_a_contract_but_not_its_release(contact, contract, releases):
    other_provider = OrganisationFactory(name="Hulp BV", kind=PROVIDER)
    update(
        contract,
        contact,
        name=" Wmo huishoudelijke hulp ",
        procurement_type=ProcurementType.PUBLIC_TENDER,
        ends_on=None,
        providers=[other_provider],
    )
    contract.refresh_from_db()
    assert contract.name == "Wmo huishoudelijke hulp"
    assert contract.procurement_type == ProcurementType.PUBLIC_TENDER
    assert contract.ends_on is None
    assert list(contract.providers.all()) == [other_provider]
    assert contract.release == releases["1.0"]
    latest = contract.history.order_by("history_id").last()
    assert latest.history_change_reason == "Contractgegevens bijgewerkt"


def test_neither_the_secretariat_nor_another_contact_corrects_a_contract(
    contract, secretariat, stranger
):
    for user in (secretariat, stranger):
        with refused(NotPermitted, not_contact_message(contract.organisation)):
            update(contract, user, name="Anders")


def test_a_corrected_contract_keeps_its_rules(contact, contract, neighbours):
    with refused(InvalidInput, "Kies een inkoopprocedure.", field="procurement_type"):
        update(contract, contact, procurement_type="")
    with refused(InvalidInput, "De einddatum ligt vóór de ingangsdatum.", field="ends_on"):
        update(contract, contact, ends_on=D(2024, 12, 31))
    message = "Alleen aanbieders kunnen aan een contract deelnemen."
    with refused(InvalidInput, message, field="providers"):
        update(contract, contact, providers=neighbours)


def test_a_contract_cannot_start_after_its_first_move(contact, contract, releases):
    contract_record_move(
        contract=contract, by=contact, to_release=releases["1.1"], moved_on=D(2026, 3, 15)
    )
    message = "Het contract stapte al op 15 maart 2026 over; het kan niet later ingaan."
    with refused(InvalidInput, message, field="starts_on"):
        update(contract, contact, starts_on=D(2026, 3, 16))
    update(contract, contact, starts_on=D(2026, 3, 15))  # the day of the move itself is fine


def test_a_contract_cannot_end_before_its_last_move(contact, contract, releases):
    contract_record_move(
        contract=contract, by=contact, to_release=releases["1.1"], moved_on=D(2026, 3, 15)
    )
    with pytest.raises(InvalidInput) as error:
        update(contract, contact, ends_on=D(2026, 3, 14))
    assert error.value.field == "ends_on"


# --- contract_record_move -------------------------------------------------------------------------


MOVED_ON = D(2026, 3, 15)


def move(contract, by, to_release, moved_on=MOVED_ON) -> ContractMove:
    return contract_record_move(contract=contract, by=by, to_release=to_release, moved_on=moved_on)


def test_recording_a_move_updates_the_contract_and_keeps_its_history(contact, contract, releases):
    history_before = contract.history.count()
    recorded = move(contract, contact, releases["1.1"])
    recorded.refresh_from_db()
    assert (recorded.from_release, recorded.to_release) == (releases["1.0"], releases["1.1"])
    assert recorded.moved_on == D(2026, 3, 15)
    assert recorded.recorded_by == contact
    contract.refresh_from_db()
    assert contract.release == releases["1.1"]
    assert contract.history.count() == history_before + 1
    *earlier, latest = contract.history.order_by("history_id")
    assert (latest.history_type, latest.release_id) == ("~", releases["1.1"].pk)
    assert latest.history_change_reason == "Overgestapt naar versie 1.1"
    assert {h.release_id for h in earlier} == {releases["1.0"].pk}


def test_the_history_of_a_move_names_who_recorded_it(contact, contract, releases):
    move(contract, contact, releases["1.1"])
    assert contract.history.order_by("history_id").last().history_user == contact


def test_a_contract_may_skip_a_release_and_move_again_later(contact, contract, releases):
    move(contract, contact, releases["1.1"], D(2026, 1, 1))
    move(contract, contact, releases["1.2"], D(2026, 1, 1))  # the same day is not earlier
    contract.refresh_from_db()
    assert contract.release == releases["1.2"]
    assert [(m.from_release.version, m.to_release.version) for m in contract.moves.all()] == [
        ("1.0", "1.1"),
        ("1.1", "1.2"),
    ]
    assert contract.history.order_by("history_id").last().history_change_reason == (
        "Overgestapt naar versie 1.2"
    )


def test_neither_the_secretariat_nor_another_contact_records_a_move(
    contract, releases, secretariat, stranger
):
    for user in (secretariat, stranger):
        with refused(NotPermitted, not_contact_message(contract.organisation)):
            move(contract, user, releases["1.1"])


def test_a_move_goes_to_a_published_release_of_the_contract_standard(
    contact, contract, releases, other_release
):
    standard = contract.standard.name
    with refused(InvalidInput, f"Versie 1.1 hoort niet bij {standard}.", field="to_release"):
        move(contract, contact, other_release)
    message = "Versie 2.0 is niet gepubliceerd; een contract volgt een gepubliceerde versie."
    with refused(InvalidInput, message, field="to_release"):
        move(contract, contact, releases["2.0"])


def test_a_move_never_goes_backwards_nor_stays(contact, contract, releases):
    move(contract, contact, releases["1.2"], D(2026, 1, 1))
    message = "Het contract is al gebaseerd op versie 1.2; kies een nieuwere versie."
    for release in (releases["1.0"], releases["1.1"], releases["1.2"]):
        with refused(InvalidInput, message, field="to_release"):
            move(contract, contact, release, D(2026, 6, 1))


def test_a_move_is_not_before_the_release_was_published(contact, contract, releases):
    message = "Versie 1.1 is pas op 1 oktober 2025 gepubliceerd."
    with refused(InvalidInput, message, field="moved_on"):
        move(contract, contact, releases["1.1"], D(2025, 9, 30))
    move(contract, contact, releases["1.1"], D(2025, 10, 1))  # the publication day is fine


def test_a_move_falls_within_the_contract_term(contact, releases, municipality):
    contract = contract_on(
        releases["1.0"], organisation=municipality, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31)
    )
    message = "De overstapdatum valt buiten de looptijd van het contract."
    for day in (D(2025, 12, 31), D(2027, 1, 1)):
        with refused(InvalidInput, message, field="moved_on"):
            move(contract, contact, releases["1.1"], day)
    move(contract, contact, releases["1.1"], D(2026, 12, 31))  # its last day is within


def test_a_move_is_not_before_the_previous_move(contact, contract, releases):
    move(contract, contact, releases["1.1"], D(2026, 3, 15))
    message = "De vorige overstap was op 15 maart 2026; een nieuwe kan niet eerder zijn."
    with refused(InvalidInput, message, field="moved_on"):
        move(contract, contact, releases["1.2"], D(2026, 3, 14))
    contract.refresh_from_db()
    assert contract.release == releases["1.1"]


# --- provider_response_record ---------------------------------------------------------------------


def respond(contract, by, provider, release, kind=ProviderResponseKind.ACCEPTED, reason=""):
    return provider_response_record(
        contract=contract,
        by=by,
        provider=provider,
        release=release,
        kind=kind,
        responded_on=D(2025, 11, 1),
        reason=reason,
    )


def test_an_acceptance_is_recorded_without_a_reason(contact, contract, provider, releases):
    response = respond(contract, contact, provider, releases["1.1"], reason="Prima.")
    response.refresh_from_db()
    assert (response.kind, response.reason) == (ProviderResponseKind.ACCEPTED, "")
    assert (response.contract, response.provider, response.release) == (
        contract,
        provider,
        releases["1.1"],
    )
    assert response.responded_on == D(2025, 11, 1)
    assert response.recorded_by == contact
    assert not response.is_refusal


def test_a_refusal_is_recorded_with_its_reason(contact, contract, provider, releases):
    response = respond(
        contract,
        contact,
        provider,
        releases["1.1"],
        ProviderResponseKind.REFUSED,
        "  De nieuwe tarieven dekken de kosten niet. ",
    )
    response.refresh_from_db()
    assert response.is_refusal
    assert response.reason == "De nieuwe tarieven dekken de kosten niet."


def test_a_response_is_corrected_in_place_and_the_history_keeps_both(
    contact, contract, provider, releases
):
    respond(contract, contact, provider, releases["1.1"], ProviderResponseKind.REFUSED, "Te duur.")
    corrected = respond(contract, contact, provider, releases["1.1"])
    assert ProviderResponse.objects.get() == corrected
    assert corrected.kind == ProviderResponseKind.ACCEPTED and corrected.reason == ""
    kinds = list(corrected.history.order_by("history_id").values_list("kind", flat=True))
    assert kinds == [ProviderResponseKind.REFUSED, ProviderResponseKind.ACCEPTED]


def test_a_response_per_release_is_kept_apart(contact, contract, provider, releases):
    respond(contract, contact, provider, releases["1.1"])
    respond(contract, contact, provider, releases["1.2"], ProviderResponseKind.REFUSED, "Nee.")
    assert ProviderResponse.objects.count() == 2


def test_neither_the_secretariat_nor_another_contact_records_a_response(
    contract, provider, releases, secretariat, stranger
):
    for user in (secretariat, stranger):
        with refused(NotPermitted, not_contact_message(contract.organisation)):
            respond(contract, user, provider, releases["1.1"])


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_a_refusal_without_a_reason_is_refused(contact, contract, provider, releases, reason):
    message = "Een aanbieder weigert alleen met een goede reden: vul de reden in."
    with refused(InvalidInput, message, field="reason"):
        respond(contract, contact, provider, releases["1.1"], ProviderResponseKind.REFUSED, reason)


def test_only_a_provider_of_the_contract_responds(contact, contract, releases):
    outsider = OrganisationFactory(name="Andere Zorg BV", kind=PROVIDER)
    message = "Andere Zorg BV is geen aanbieder van dit contract."
    with refused(InvalidInput, message, field="provider"):
        respond(contract, contact, outsider, releases["1.1"])


def test_a_response_concerns_a_published_release_of_the_contract_standard(
    contact, contract, provider, releases, other_release
):
    message = f"Versie 1.1 hoort niet bij {contract.standard.name}."
    with refused(InvalidInput, message, field="release"):
        respond(contract, contact, provider, other_release)
    message = "Versie 2.0 is niet gepubliceerd; een contract volgt een gepubliceerde versie."
    with refused(InvalidInput, message, field="release"):
        respond(contract, contact, provider, releases["2.0"])


def test_a_response_is_an_acceptance_or_a_refusal(contact, contract, provider, releases):
    with refused(InvalidInput, "Kies akkoord of geweigerd.", field="kind"):
        respond(contract, contact, provider, releases["1.1"], "misschien")
