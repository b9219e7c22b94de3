"""The demo's organisations: municipalities, regions and providers with contracts in every status.

``load_demo_organisations`` loads the CBS list of municipalities (all 342,
``organisations.municipalities``) and gives 36 of them, in seven provinces, and four regions
contracts under the two demo standards: CS Jeugd (bought by the regions and by municipalities
outside them) and CS Hulpmiddelen Wmo 2015 (bought by the municipalities themselves, except in
one region that buys it for its members). The contracts are recorded with the real services
(``organisations.services``): their moves to a newer release, and the providers' answers to the
newest release, one of them a refusal with its reason (art. 3.30.4).

The four regions are **invented** (Regio Domstad-Zuid, Regio Wadkust, Regio Dinkel en Regge,
Regio Heuvelland-Oost), as are the four providers, whose KvK numbers (``000000…``) no real
company has; the municipalities are real (the CBS list). The demo user *contactpersoon* is the
contact of the municipality of Utrecht, which belongs to Regio Domstad-Zuid: its page shows its
own contracts (one due, with a refusal; one that has ended) and the region's Jeugd contract
that binds it. Everything else is recorded by the superuser *beheerder*, who is no contact of
any organisation.

Every date is derived from the dates of the demo releases (``demo/content/manifest.json``), so
the mix of statuses holds as long as those dates do: between the publication of CS Hulpmiddelen
Wmo 2015 1.1 (1 October 2026) and its implementation deadline (1 April 2027) there are contracts
up to date, due (Hulpmiddelen on 1.0), overdue (Jeugd still on 1.0, whose 1.1 deadline passed
on 15 April 2026) and ended; after that the due ones are overdue. No move is dated after the
day the demo is loaded.

It loads once: when the portal has contracts already, it only brings the municipalities in line
with the CBS list.
"""

import datetime
from dataclasses import dataclass
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organisations.constants import (
    OrganisationKind,
    ProcurementType,
    ProviderResponseKind,
    Province,
)
from organisations.models import Contract, Organisation
from organisations.municipalities import municipalities_load
from organisations.services import (
    contract_create,
    contract_record_move,
    organisation_create,
    provider_response_record,
)
from standards.models import Release, Standard

HULPMIDDELEN = "cs-hulpmiddelen-wmo-2015"
JEUGD = "cs-jeugd"
CONTACT_MUNICIPALITY = "GM0344"  # Utrecht, the municipality of the demo user contactpersoon

# Invented regions: name -> (province, CBS codes of the member municipalities).
REGIONS = {
    "Regio Domstad-Zuid": (Province.UTRECHT, ["GM0344", "GM0321", "GM0312", "GM0353", "GM0356"]),
    "Regio Wadkust": (Province.GRONINGEN, ["GM1966", "GM1979", "GM1952", "GM1895"]),
    "Regio Dinkel en Regge": (
        Province.OVERIJSSEL,
        ["GM0153", "GM0164", "GM0141", "GM0147", "GM1774", "GM0158"],
    ),
    "Regio Heuvelland-Oost": (Province.LIMBURG, ["GM0917", "GM0928", "GM0899", "GM1954"]),
}
# A region that buys aids (Hulpmiddelen) for its members too; it has not moved yet.
HULPMIDDELEN_REGION = "Regio Wadkust"
# Municipalities that buy youth care themselves.
ON_THEIR_OWN = [
    "GM0307",  # Amersfoort
    "GM0310",  # De Bilt
    "GM0200",  # Apeldoorn
    "GM0202",  # Arnhem
    "GM0203",  # Barneveld
    "GM0216",  # Culemborg
    "GM0796",  # 's-Hertogenbosch
    "GM0748",  # Bergen op Zoom
    "GM0753",  # Best
    "GM0757",  # Boxtel
    "GM0503",  # Delft
    "GM0505",  # Dordrecht
    "GM0513",  # Gouda
    "GM0484",  # Alphen aan den Rijn
    "GM0080",  # Leeuwarden
    "GM0074",  # Heerenveen
    "GM0072",  # Harlingen
]

# Invented providers: name -> (KvK number, the standard they deliver under).
PROVIDERS = {
    "Voorbeeld Jeugdzorg B.V.": ("00000001", JEUGD),
    "Demo Gezinshulp": ("00000002", JEUGD),
    "Voorbeeld Hulpmiddelen B.V.": ("00000003", HULPMIDDELEN),
    "Demo Mobiliteit B.V.": ("00000004", HULPMIDDELEN),
}


class Course:
    """What happened to a contract: its release now follows from it and from the day it runs."""

    MOVED = "moved"  # started on the older release, moved to the newest in time
    MOVED_LATE = "moved_late"  # moved, but after the implementation deadline
    STAYED = "stayed"  # still on the older release: due or overdue
    NEW = "new"  # started on the newest release


# The courses of the Jeugd contracts (the regions', then the municipalities' on their own) and of
# the Hulpmiddelen contracts (every municipality), taken in turn.
JEUGD_COURSES = [Course.MOVED, Course.STAYED, Course.NEW, Course.MOVED_LATE, Course.STAYED]
HULPMIDDELEN_COURSES = [Course.MOVED, Course.STAYED, Course.NEW, Course.STAYED]


@dataclass(frozen=True)
class DemoReleases:
    older: Release
    newest: Release


def _releases(slug: str) -> DemoReleases:
    releases = list(
        Release.objects.filter(standard__slug=slug, published_on__isnull=False).order_by(
            "version_major", "version_minor"
        )
    )
    return DemoReleases(older=releases[-2], newest=releases[-1])


def _days(day: datetime.date, days: int) -> datetime.date:
    return day + datetime.timedelta(days=days)


class _Loader:
    def __init__(self, *, by, today: datetime.date) -> None:
        self.by = by
        self.today = today
        self.standards = {
            s.slug: s for s in Standard.objects.filter(slug__in=[JEUGD, HULPMIDDELEN])
        }
        self.releases = {slug: _releases(slug) for slug in (JEUGD, HULPMIDDELEN)}
        self.providers: dict[str, list[Organisation]] = {JEUGD: [], HULPMIDDELEN: []}
        self.contracts = 0

    def contract(
        self,
        organisation: Organisation,
        slug: str,
        course: str,
        *,
        offset: int,
        by=None,
        name: str = "",
        ends_on: datetime.date | None = None,
    ) -> Contract:
        """One contract of ``organisation`` under the standard ``slug`` that took ``course``;
        ``offset`` (a few days) keeps the dates of different contracts apart."""
        by = by or self.by
        releases = self.releases[slug]
        if course == Course.NEW:
            release = releases.newest
            starts_on = _days(releases.newest.published_on, 30 + offset)
        else:
            release = releases.older
            starts_on = releases.older.effective_on or releases.older.published_on
        kind = "Jeugdhulp" if slug == JEUGD else "Hulpmiddelen Wmo"
        contract = contract_create(
            organisation=organisation,
            by=by,
            standard=self.standards[slug],
            name=name or f"{kind} {starts_on.year}",
            procurement_type=(
                [ProcurementType.OPEN_HOUSE, ProcurementType.SAS_WITH_EMVI][offset % 2]
                if slug == JEUGD
                else ProcurementType.ADMISSION_PROCEDURE
            ),
            starts_on=starts_on,
            ends_on=ends_on,
            release=release,
            providers=self.providers[slug][offset % 2 :] or self.providers[slug],
        )
        self.contracts += 1
        if course in (Course.MOVED, Course.MOVED_LATE):
            newest = releases.newest
            if course == Course.MOVED:
                moved_on = min(
                    _days(newest.published_on, 14 + offset), newest.implementation_deadline
                )
            else:
                moved_on = _days(newest.implementation_deadline, 20 + offset)
            moved_on = min(moved_on, self.today)
            if moved_on >= max(newest.published_on, starts_on):
                contract_record_move(contract=contract, by=by, to_release=newest, moved_on=moved_on)
        return contract

    def responses(self, contract: Contract, *, refusal: str = "", by=None) -> None:
        """Every provider of ``contract`` accepts its newest release; with ``refusal``, the last
        refuses it for that reason."""
        newest = self.releases[contract.standard.slug].newest
        providers = list(contract.providers.order_by("name"))
        for number, provider in enumerate(providers, start=1):
            refuses = bool(refusal) and number == len(providers)
            provider_response_record(
                contract=contract,
                by=by or self.by,
                provider=provider,
                release=newest,
                kind=ProviderResponseKind.REFUSED if refuses else ProviderResponseKind.ACCEPTED,
                responded_on=min(_days(newest.published_on, 7 + number), self.today),
                reason=refusal if refuses else "",
            )


@transaction.atomic
def load_demo_organisations(*, stdout: TextIO) -> None:
    """Load the municipalities and, on a portal without contracts, the demo's regions,
    providers and contracts (see the module's docstring)."""
    report = municipalities_load()
    if report.created:
        stdout.write(f"{len(report.created)} gemeenten uit de CBS-lijst geladen.")
    if Contract.objects.exists():
        return
    User = get_user_model()
    beheerder = User.objects.get(username="beheerder")
    contact = User.objects.get(username="contactpersoon")
    municipalities = {
        m.cbs_code: m for m in Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
    }
    loader = _Loader(by=beheerder, today=timezone.localdate())

    for name, (kvk_number, slug) in PROVIDERS.items():
        provider = organisation_create(
            by=beheerder, kind=OrganisationKind.PROVIDER, name=name, kvk_number=kvk_number
        )
        loader.providers[slug].append(provider)

    utrecht = municipalities[CONTACT_MUNICIPALITY]
    utrecht.contacts.add(contact)

    jeugd_buyers, hulpmiddelen_region = [], None
    for name, (province, codes) in REGIONS.items():
        region = organisation_create(
            by=beheerder,
            kind=OrganisationKind.REGION,
            name=name,
            province=province,
            municipalities=[municipalities[code] for code in codes],
        )
        # The service makes the creator the region's contact; the demo's superuser is none.
        region.contacts.remove(beheerder)
        jeugd_buyers.append(region)
        if name == HULPMIDDELEN_REGION:
            hulpmiddelen_region = region
    jeugd_buyers.extend(municipalities[code] for code in ON_THEIR_OWN)

    for number, buyer in enumerate(jeugd_buyers):
        course = JEUGD_COURSES[number % len(JEUGD_COURSES)]
        contract = loader.contract(buyer, JEUGD, course, offset=number)
        if course in (Course.MOVED, Course.MOVED_LATE):
            loader.responses(contract)

    loader.contract(hulpmiddelen_region, HULPMIDDELEN, Course.STAYED, offset=2)
    buying_alone = [
        municipalities[code]
        for name, (_province, codes) in REGIONS.items()
        if name != HULPMIDDELEN_REGION
        for code in codes
        if code != CONTACT_MUNICIPALITY
    ] + [municipalities[code] for code in ON_THEIR_OWN]
    for number, municipality in enumerate(buying_alone):
        course = HULPMIDDELEN_COURSES[number % len(HULPMIDDELEN_COURSES)]
        contract = loader.contract(municipality, HULPMIDDELEN, course, offset=number)
        if course == Course.MOVED:
            loader.responses(contract)

    # Utrecht, the demo contact's municipality: a Hulpmiddelen contract that must still move,
    # refused by one of its providers, and an older Jeugd contract of its own that has ended
    # (the region buys youth care now).
    hulpmiddelen = loader.contract(utrecht, HULPMIDDELEN, Course.STAYED, offset=1, by=contact)
    loader.responses(
        hulpmiddelen,
        by=contact,
        refusal=(
            "De nieuwe keuringseisen voor trapliften vragen een investering die binnen de "
            "huidige tarieven niet op te brengen is; wij vragen eerst een tariefgesprek."
        ),
    )
    jeugd = loader.releases[JEUGD]
    loader.contract(
        utrecht,
        JEUGD,
        Course.STAYED,
        offset=0,
        by=contact,
        name="Jeugdhulp Utrecht (eigen inkoop)",
        ends_on=_days(jeugd.newest.implementation_deadline, -1),
    )
    stdout.write(
        f"{len(REGIONS)} regio's, {len(PROVIDERS)} aanbieders en {loader.contracts} contracten "
        "aangemaakt."
    )
