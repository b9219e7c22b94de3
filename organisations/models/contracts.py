"""Contracts under a standard, their moves to new releases, and the providers' responses.

A municipality or region records each **contract** it has under a standard: how it was
procured, when it runs, which release of the standard it is based on now, and its providers.
When a new release is published the contract must move to it within the implementation term
(art. 3.30: six calendar months after publication); the contact records each **move** (the date
and the new release), which keeps the contract's history, so the portal can say which text
applied on any date. A provider may not refuse a new release without good reason; the
**responses** per contract and release are the register of art. 3.30.4, and a refusal counts as
termination of the contract with that provider per the release's effective date.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from organisations.constants import OrganisationKind, ProcurementType, ProviderResponseKind
from organisations.models.organisations import Organisation
from standards.models import Release, Standard


class Contract(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("opdrachtgever"),
    )
    standard = models.ForeignKey(
        Standard, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("standaard")
    )
    name = models.CharField(_("naam"), max_length=200)
    procurement_type = models.CharField(
        _("inkoopprocedure"), max_length=24, choices=ProcurementType.choices
    )
    starts_on = models.DateField(_("ingangsdatum"))
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    release = models.ForeignKey(
        Release,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("gebaseerd op versie"),
        help_text=_("De versie van de standaard waarop het contract nu is gebaseerd."),
    )
    providers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="provider_contracts",
        limit_choices_to={"kind": OrganisationKind.PROVIDER},
        verbose_name=_("aanbieders"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[providers])

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracten")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="contract_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    def get_absolute_url(self) -> str:
        return reverse(
            "organisations:contract_detail",
            kwargs={"slug": self.organisation.slug, "pk": self.pk},
        )


class ContractMove(models.Model):
    """The contract moved from one release of its standard to a newer one on a date."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="moves", verbose_name=_("contract")
    )
    from_release = models.ForeignKey(
        Release, on_delete=models.PROTECT, related_name="+", verbose_name=_("van versie")
    )
    to_release = models.ForeignKey(
        Release, on_delete=models.PROTECT, related_name="+", verbose_name=_("naar versie")
    )
    moved_on = models.DateField(_("overgestapt op"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("overstap")
        verbose_name_plural = _("overstappen")
        ordering = ["contract", "moved_on", "pk"]

    def __str__(self) -> str:
        return f"{self.contract}: {self.from_release.version} → {self.to_release.version}"


class ProviderResponse(models.Model):
    """A provider's answer to a release for one contract: accepted, or refused with a reason."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="responses", verbose_name=_("contract")
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="release_responses",
        verbose_name=_("aanbieder"),
    )
    release = models.ForeignKey(
        Release, on_delete=models.PROTECT, related_name="+", verbose_name=_("versie")
    )
    kind = models.CharField(_("reactie"), max_length=16, choices=ProviderResponseKind.choices)
    reason = models.TextField(_("reden van weigering"), blank=True)
    responded_on = models.DateField(_("datum reactie"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reactie van een aanbieder")
        verbose_name_plural = _("reacties van aanbieders")
        ordering = ["contract", "release", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "provider", "release"], name="provider_response_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=ProviderResponseKind.REFUSED) | ~models.Q(reason=""),
                name="provider_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} – {self.release.version}: {self.get_kind_display()}"

    @property
    def is_refusal(self) -> bool:
        return self.kind == ProviderResponseKind.REFUSED
