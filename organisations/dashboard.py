"""The implementation dashboard (*implementatiemonitor*): how far the municipalities and regions
are with one release of a standard.

For a chosen published release R, every active municipality and every active region gets an
**adoption status** against R, seen on one day (today in Amsterdam by default):

* each contract under R's standard that binds the organisation and has not ended gets its
  obligation against R (``organisations.obligations.contract_obligation`` with ``target=R``);
  a municipality is bound by its own contracts *and* those of every region it belongs to;
* the organisation's status is the worst of those (up to date < due < overdue);
* an organisation without such a contract lands in a bucket of its own, "no contract
  registered": it is neither up to date nor late, the secretariat just does not know.

Its **deadline** is the earliest deadline among its contracts that still have to move, and it is
that many days late once the deadline has passed. The overview counts the statuses for
municipalities and regions separately, with percentages of each.

Filters: a **province** shows its municipalities and the regions with at least one member there;
a **region** shows that region and its member municipalities. A municipality's status never
depends on the filter: it is always measured over all its regions' contracts.

Everything is read in a fixed number of queries, however many organisations and contracts there
are: the organisations shown, the region memberships of the municipalities shown, the contracts
that bind them, and the published releases of the standard; the rest is computed in Python.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.constants import ObligationStatus, OrganisationKind, Province
from organisations.models import Contract, Organisation
from organisations.obligations import Obligation, contract_obligation, version_key, worst_status
from organisations.selectors import published_releases
from standards.models import Release

# The through table of Organisation.municipalities: from_organisation is the region,
# to_organisation the member municipality.
Membership = Organisation.municipalities.through


class AdoptionStatus(models.TextChoices):
    """An organisation's status against the release on the dashboard: the obligation statuses
    of ``ObligationStatus`` (same values) plus a bucket for "no contract registered"."""

    UP_TO_DATE = ObligationStatus.UP_TO_DATE.value, ObligationStatus.UP_TO_DATE.label
    DUE = ObligationStatus.DUE.value, ObligationStatus.DUE.label
    OVERDUE = ObligationStatus.OVERDUE.value, ObligationStatus.OVERDUE.label
    NO_CONTRACT = "no_contract", _("Geen contract geregistreerd")


@dataclass(frozen=True)
class OrganisationAdoption:
    """One municipality or region on the dashboard, with the contracts that bind it."""

    organisation: Organisation
    status: AdoptionStatus
    obligations: tuple[Obligation, ...]  # one per binding contract that has not ended
    at: datetime.date

    @property
    def contract_count(self) -> int:
        return len(self.obligations)

    @property
    def oldest_release(self) -> Release | None:
        """The oldest release any of its binding contracts is based on now."""
        releases = [obligation.contract.release for obligation in self.obligations]
        return min(releases, key=version_key) if releases else None

    @property
    def deadline(self) -> datetime.date | None:
        """The earliest deadline among its contracts that still have to move."""
        deadlines = [
            obligation.deadline
            for obligation in self.obligations
            if obligation.status != ObligationStatus.UP_TO_DATE and obligation.deadline
        ]
        return min(deadlines) if deadlines else None

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.at).days

    @property
    def days_overdue(self) -> int | None:
        """Days past the deadline; ``None`` while it has not passed."""
        days_left = self.days_left
        return -days_left if days_left is not None and days_left < 0 else None

    @property
    def is_region(self) -> bool:
        return self.organisation.kind == OrganisationKind.REGION


@dataclass(frozen=True)
class StatusCount:
    """How many municipalities and regions have one status, and their share of each."""

    status: AdoptionStatus
    municipalities: int
    regions: int
    municipalities_total: int
    regions_total: int

    @property
    def municipalities_percentage(self) -> float:
        return _percentage(self.municipalities, self.municipalities_total)

    @property
    def regions_percentage(self) -> float:
        return _percentage(self.regions, self.regions_total)


def _percentage(part: int, total: int) -> float:
    return 100 * part / total if total else 0.0


@dataclass(frozen=True)
class AdoptionOverview:
    """The dashboard for one release, one day and one filter."""

    release: Release
    at: datetime.date
    province: Province | None
    region: Organisation | None
    rows: tuple[OrganisationAdoption, ...]  # municipalities and regions, by name

    @property
    def municipalities(self) -> tuple[OrganisationAdoption, ...]:
        return tuple(row for row in self.rows if not row.is_region)

    @property
    def regions(self) -> tuple[OrganisationAdoption, ...]:
        return tuple(row for row in self.rows if row.is_region)

    @property
    def counts(self) -> tuple[StatusCount, ...]:
        """One count per status, best first, the "no contract" bucket last."""
        municipalities = self.municipalities
        regions = self.regions
        return tuple(
            StatusCount(
                status=status,
                municipalities=sum(1 for row in municipalities if row.status == status),
                regions=sum(1 for row in regions if row.status == status),
                municipalities_total=len(municipalities),
                regions_total=len(regions),
            )
            for status in AdoptionStatus
        )

    @property
    def needing_attention(self) -> tuple[OrganisationAdoption, ...]:
        """The overdue organisations (longest late first), then the due ones (soonest first)."""
        late = [row for row in self.rows if row.status == AdoptionStatus.OVERDUE]
        due = [row for row in self.rows if row.status == AdoptionStatus.DUE]
        far_future = datetime.date.max
        late.sort(key=lambda row: (row.deadline or far_future, row.organisation.name))
        due.sort(key=lambda row: (row.deadline or far_future, row.organisation.name))
        return (*late, *due)


def adoption_overview(
    *,
    release: Release,
    province: Province | str | None = None,
    region: Organisation | None = None,
    at: datetime.date | None = None,
) -> AdoptionOverview:
    """The status of every active municipality and region against ``release`` on ``at``.

    ``province`` and ``region`` narrow what is shown (see the module docstring); passing both
    shows the municipalities of the region in the province, and the region if one of its members
    lies there. Four queries, whatever the number of organisations and contracts.
    """
    at = at or timezone.localdate()
    municipalities = _municipalities_shown(province=province, region=region)
    regions = _regions_shown(municipalities=municipalities, province=province, region=region)

    organisations = list(
        Organisation.objects.filter(
            Q(pk__in=municipalities.values("pk")) | Q(pk__in=regions.values("pk"))
        ).order_by("name", "pk")
    )
    regions_of: dict[int, set[int]] = defaultdict(set)
    for region_id, municipality_id in Membership.objects.filter(
        to_organisation__in=municipalities.values("pk")
    ).values_list("from_organisation_id", "to_organisation_id"):
        regions_of[municipality_id].add(region_id)

    contracts_of: dict[int, list[Contract]] = defaultdict(list)
    for contract in _contracts_in_force(
        release=release, municipalities=municipalities, regions=regions, at=at
    ):
        contracts_of[contract.organisation_id].append(contract)

    releases = published_releases([release.standard_id])[release.standard_id]
    rows = []
    for organisation in organisations:
        binding = list(contracts_of[organisation.pk])
        for region_id in sorted(regions_of[organisation.pk]):
            binding.extend(contracts_of[region_id])
        rows.append(_adoption(organisation, binding, releases=releases, target=release, at=at))
    return AdoptionOverview(
        release=release,
        at=at,
        province=Province(province) if province else None,
        region=region,
        rows=tuple(rows),
    )


def _municipalities_shown(
    *, province: str | None, region: Organisation | None
) -> QuerySet[Organisation]:
    municipalities = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, active=True)
    if province:
        municipalities = municipalities.filter(province=province)
    if region is not None:
        municipalities = municipalities.filter(
            pk__in=Membership.objects.filter(from_organisation=region).values("to_organisation")
        )
    return municipalities


def _regions_shown(
    *,
    municipalities: QuerySet[Organisation],
    province: str | None,
    region: Organisation | None,
) -> QuerySet[Organisation]:
    regions = Organisation.objects.filter(kind=OrganisationKind.REGION, active=True)
    if region is not None:
        regions = regions.filter(pk=region.pk)
    if province:
        regions = regions.filter(
            pk__in=Membership.objects.filter(
                to_organisation__in=municipalities.values("pk")
            ).values("from_organisation")
        )
    return regions


def _contracts_in_force(
    *,
    release: Release,
    municipalities: QuerySet[Organisation],
    regions: QuerySet[Organisation],
    at: datetime.date,
) -> QuerySet[Contract]:
    """The contracts under the release's standard, not ended on ``at``, of the organisations
    shown and of every region a municipality shown belongs to; with their releases."""
    regions_of_shown = Membership.objects.filter(
        to_organisation__in=municipalities.values("pk")
    ).values("from_organisation")
    return (
        Contract.objects.filter(standard_id=release.standard_id)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=at))
        .filter(
            Q(organisation__in=municipalities.values("pk"))
            | Q(organisation__in=regions.values("pk"))
            | Q(organisation__in=regions_of_shown)
        )
        .select_related("release")
        .order_by("pk")
    )


def _adoption(
    organisation: Organisation,
    contracts: Iterable[Contract],
    *,
    releases: Sequence[Release],
    target: Release,
    at: datetime.date,
) -> OrganisationAdoption:
    obligations = tuple(
        obligation
        for obligation in (
            contract_obligation(contract, releases=releases, at=at, target=target)
            for contract in contracts
        )
        if obligation.status is not None
    )
    worst = worst_status(obligation.status for obligation in obligations)
    return OrganisationAdoption(
        organisation=organisation,
        status=AdoptionStatus(worst.value) if worst else AdoptionStatus.NO_CONTRACT,
        obligations=obligations,
        at=at,
    )
