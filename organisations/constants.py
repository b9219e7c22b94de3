"""Choices of the organisations app: kinds of organisation, provinces, procurement types, the
status of a contract's obligation to move to a new release, and a provider's response to it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """Who an organisation is. The stored values are those of a change request's submitter."""

    MUNICIPALITY = "gemeente", _("Gemeente")
    REGION = "regio", _("Regio (samenwerkende gemeenten)")
    PROVIDER = "aanbieder", _("Aanbieder")
    BRANCH_ORGANISATION = "branchevereniging", _("Branchevereniging")
    CLIENT_ORGANISATION = "clientorganisatie", _("Cliëntorganisatie")
    OTHER = "other", _("Anders")


# Municipalities and regions buy care, so they hold contracts under a standard.
CONTRACTING_KINDS = (OrganisationKind.MUNICIPALITY, OrganisationKind.REGION)
# Regions and providers are created in the portal; municipalities come from the CBS list.
CREATABLE_KINDS = (
    OrganisationKind.REGION,
    OrganisationKind.PROVIDER,
    OrganisationKind.BRANCH_ORGANISATION,
    OrganisationKind.CLIENT_ORGANISATION,
    OrganisationKind.OTHER,
)


class Province(models.TextChoices):
    """The twelve provinces, by the names CBS uses."""

    GRONINGEN = "Groningen", "Groningen"
    FRYSLAN = "Fryslân", "Fryslân"
    DRENTHE = "Drenthe", "Drenthe"
    OVERIJSSEL = "Overijssel", "Overijssel"
    FLEVOLAND = "Flevoland", "Flevoland"
    GELDERLAND = "Gelderland", "Gelderland"
    UTRECHT = "Utrecht", "Utrecht"
    NOORD_HOLLAND = "Noord-Holland", "Noord-Holland"
    ZUID_HOLLAND = "Zuid-Holland", "Zuid-Holland"
    ZEELAND = "Zeeland", "Zeeland"
    NOORD_BRABANT = "Noord-Brabant", "Noord-Brabant"
    LIMBURG = "Limburg", "Limburg"


class ProcurementType(models.TextChoices):
    """How the contract was procured (the inkoopdocumenten of a standard)."""

    OPEN_HOUSE = "open_house", _("Open house")
    SAS_WITH_EMVI = "sas_met_emvi", _("SAS met EMVI")
    SAS_WITHOUT_EMVI = "sas_zonder_emvi", _("SAS zonder EMVI")
    ADMISSION_PROCEDURE = "toelatingsprocedure", _("Toelatingsprocedure")
    PUBLIC_TENDER = "openbare_aanbesteding", _("Openbare aanbesteding")
    OTHER = "anders", _("Anders")


class ObligationStatus(models.TextChoices):
    """Where a contract stands against the current release (art. 3.30: six calendar months).

    Ordered from best to worst: an organisation's status is the worst of its contracts.
    """

    UP_TO_DATE = "up_to_date", _("Actueel")
    DUE = "due", _("Overstap nodig")
    OVERDUE = "overdue", _("Termijn verstreken")


STATUS_SEVERITY = {
    ObligationStatus.UP_TO_DATE: 0,
    ObligationStatus.DUE: 1,
    ObligationStatus.OVERDUE: 2,
}


class ProviderResponseKind(models.TextChoices):
    """A provider's answer to a new release for its contract (art. 3.30.4)."""

    ACCEPTED = "accepted", _("Akkoord")
    REFUSED = "refused", _("Geweigerd")
