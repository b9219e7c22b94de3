"""Reads of the organisations app, shaped for the pages: a fixed number of queries each.

Obligations are computed in Python from the contracts and the published releases of their
standards, both loaded in one query each (``organisations.obligations``).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from organisations.models import Contract, ContractMove, Organisation, ProviderResponse
from organisations.obligations import PUBLISHED_STATES, Obligation, contract_obligation
from standards.models import Release

User = AbstractBaseUser | AnonymousUser


def organisations_of_contact(user: User) -> QuerySet[Organisation]:
    """The organisations the user is a contact of."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(contacts=user).order_by("name")


def organisation_get(*, slug: str) -> Organisation:
    """Raises ``Organisation.DoesNotExist``."""
    return Organisation.objects.get(slug=slug)


def contracts_binding(organisation: Organisation) -> QuerySet[Contract]:
    """The contracts that bind the organisation: its own and, for a municipality, those of the
    regions it belongs to; with everything a contract table shows."""
    return (
        Contract.objects.filter(
            Q(organisation=organisation) | Q(organisation__municipalities=organisation)
        )
        .distinct()
        .select_related("organisation", "standard", "release__standard")
        .prefetch_related(
            Prefetch("providers", queryset=Organisation.objects.order_by("name")),
        )
        .order_by("standard__name", "organisation__name", "name")
    )


def contract_get(*, organisation: Organisation, pk: int) -> Contract:
    """One contract of the organisation with its history; raises ``Contract.DoesNotExist``."""
    return (
        Contract.objects.select_related("organisation", "standard", "release")
        .prefetch_related(
            Prefetch("providers", queryset=Organisation.objects.order_by("name")),
            Prefetch(
                "moves",
                queryset=ContractMove.objects.select_related(
                    "from_release", "to_release", "recorded_by"
                ),
            ),
            Prefetch(
                "responses",
                queryset=ProviderResponse.objects.select_related("provider", "release"),
            ),
        )
        .get(organisation=organisation, pk=pk)
    )


def published_releases(standard_ids: Iterable[int]) -> dict[int, list[Release]]:
    """The published (and superseded) releases per standard, in one query."""
    by_standard: dict[int, list[Release]] = defaultdict(list)
    releases = Release.objects.filter(
        standard_id__in=set(standard_ids), state__in=PUBLISHED_STATES
    ).select_related("standard")
    for release in releases:
        by_standard[release.standard_id].append(release)
    return by_standard


def contract_obligations(
    contracts: Iterable[Contract],
    *,
    at: datetime.date | None = None,
    releases: dict[int, list[Release]] | None = None,
) -> list[Obligation]:
    """Each contract's obligation on ``at`` (today in Amsterdam by default), among ``releases``
    (``published_releases`` of their standards, read here unless the caller has them)."""
    contracts = list(contracts)
    at = at or timezone.localdate()
    if releases is None:
        releases = published_releases(c.standard_id for c in contracts)
    return [
        contract_obligation(contract, releases=releases[contract.standard_id], at=at)
        for contract in contracts
    ]
