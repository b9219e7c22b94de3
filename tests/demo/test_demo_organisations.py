"""The demo's organisations: every municipality, regions, providers, and contracts in every
status (``demo.organisations``), loaded once."""

import datetime
from collections import Counter

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

import pytest

from organisations.constants import ObligationStatus, OrganisationKind, ProviderResponseKind
from organisations.models import Contract, ContractMove, Organisation, ProviderResponse
from organisations.obligations import release_in_force
from organisations.selectors import (
    contract_obligations,
    contracts_binding,
    organisations_of_contact,
)
from standards.models import Release

pytestmark = pytest.mark.django_db

# A day within the demo's story: CS Hulpmiddelen Wmo 2015 1.1 published (1 October 2026), its
# implementation deadline (1 April 2027) still ahead, that of CS Jeugd 1.1 (15 April 2026) past.
AT = datetime.date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module's tests in a transaction that is rolled back
    after them (each test runs in a savepoint inside it, so what one test writes is gone before
    the next)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo_data", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _statuses(at: datetime.date) -> Counter:
    contracts = Contract.objects.select_related("organisation", "standard", "release")
    return Counter(
        (obligation.contract.organisation.kind, obligation.status)
        for obligation in contract_obligations(contracts, at=at)
    )


def test_every_status_occurs_on_a_fixed_day_and_the_main_ones_today(demo):
    """On AT: up to date, due and overdue, for municipalities and regions, and an ended contract
    (no obligation); today (whenever the tests run) at least up to date and overdue."""
    on_the_day = _statuses(AT)
    for kind in (OrganisationKind.MUNICIPALITY, OrganisationKind.REGION):
        for status in ObligationStatus:
            assert on_the_day[(kind, status)] >= 1, (kind, status)
    assert on_the_day[(OrganisationKind.MUNICIPALITY, None)] >= 1

    today = {status for _kind, status in _statuses(timezone.localdate())}
    assert {ObligationStatus.UP_TO_DATE, ObligationStatus.OVERDUE} <= today


def test_the_demo_has_every_municipality_36_with_contracts_and_four_regions(demo):
    municipalities = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
    assert municipalities.count() == 342
    bound = municipalities.filter(contracts__isnull=False) | municipalities.filter(
        regions__contracts__isnull=False
    )
    assert bound.distinct().count() == 36
    assert municipalities.filter(contracts__isnull=False).values("province").distinct().count() >= 6

    regions = Organisation.objects.filter(kind=OrganisationKind.REGION)
    assert regions.count() == 4
    for region in regions:
        members = region.municipalities.all()
        assert 3 <= len(members) <= 6
        assert {m.province for m in members} == {region.province}
        assert region.contracts.exists()
        assert not region.contacts.exists()


def test_providers_are_fictional_and_answered_the_newest_release_once_with_a_refusal(demo):
    providers = Organisation.objects.filter(kind=OrganisationKind.PROVIDER)
    assert providers.count() == 4
    for provider in providers:
        assert len(provider.kvk_number) == 8 and provider.kvk_number.startswith("0000")
    refusals = ProviderResponse.objects.filter(kind=ProviderResponseKind.REFUSED)
    assert refusals.count() == 1
    assert refusals.get().reason
    assert ProviderResponse.objects.filter(kind=ProviderResponseKind.ACCEPTED).count() >= 10
    for response in ProviderResponse.objects.select_related("contract", "release"):
        assert response.contract.providers.filter(pk=response.provider_id).exists()
        assert response.release.standard_id == response.contract.standard_id


def test_moves_are_recorded_in_the_past_and_change_the_text_in_force(demo):
    """Every move is to the newer release, dated between its publication and today; on the day
    before a move the older release applied."""
    moves = ContractMove.objects.select_related("contract", "from_release", "to_release")
    assert moves.count() >= 10
    today = timezone.localdate()
    for move in moves:
        assert move.contract.release_id == move.to_release_id
        assert move.to_release.published_on <= move.moved_on <= today
        contract = Contract.objects.prefetch_related("moves").get(pk=move.contract_id)
        before = move.moved_on - datetime.timedelta(days=1)
        assert release_in_force(contract, on=before) == move.from_release
        assert release_in_force(contract, on=move.moved_on) == move.to_release


def test_the_demo_contact_keeps_utrecht_bound_by_its_regions_contract(demo):
    """contactpersoon is the contact of one municipality, whose page has its own contracts
    (one due with a refused release, one ended) and a region's contract that binds it."""
    contact = get_user_model().objects.get(username="contactpersoon")
    (utrecht,) = organisations_of_contact(contact)
    assert utrecht.kind == OrganisationKind.MUNICIPALITY and utrecht.name == "Utrecht"

    binding = list(contracts_binding(utrecht))
    owners = {contract.organisation.kind for contract in binding}
    assert owners == {OrganisationKind.MUNICIPALITY, OrganisationKind.REGION}
    statuses = {o.contract.name: o.status for o in contract_obligations(binding, at=AT)}
    assert ObligationStatus.DUE in statuses.values()
    assert None in statuses.values()  # the ended one
    assert ProviderResponse.objects.filter(
        contract__organisation=utrecht, kind=ProviderResponseKind.REFUSED
    ).exists()


def test_loading_the_demo_again_adds_no_organisations_or_contracts(demo):
    counts = (
        Organisation.objects.count(),
        Contract.objects.count(),
        ContractMove.objects.count(),
        ProviderResponse.objects.count(),
        Release.objects.count(),
    )
    call_command("load_demo_data", verbosity=0)
    assert counts == (
        Organisation.objects.count(),
        Contract.objects.count(),
        ContractMove.objects.count(),
        ProviderResponse.objects.count(),
        Release.objects.count(),
    )
