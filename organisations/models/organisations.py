"""Organisations: the municipalities, regions, providers and others that use the standards.

Municipalities come from the CBS list (``load_municipalities``) and carry their CBS code and
province; a **region** is a set of municipalities that procures together and is created in the
portal, as are providers (with their KvK number). Users with the organisation-contact role are
the **contacts** of one or more organisations: they keep their organisation's data and contracts
up to date, and hear of its deadlines.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from organisations.constants import CONTRACTING_KINDS, OrganisationKind, Province

VIEW_ALL_ORGANISATIONS = "organisations.view_all_organisations"
# The organisation-contact role's permission: keep the organisations one is a contact of.
KEEP_OWN_ORGANISATION = "organisations.keep_own_organisation"

cbs_code_validator = RegexValidator(
    r"^GM\d{4}$", _("Een CBS-gemeentecode is GM met vier cijfers, zoals GM0363.")
)
kvk_number_validator = RegexValidator(r"^\d{8}$", _("Een KvK-nummer bestaat uit acht cijfers."))


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("adresnaam"), max_length=220, unique=True)
    kind = models.CharField(_("soort"), max_length=24, choices=OrganisationKind.choices)
    cbs_code = models.CharField(
        _("CBS-gemeentecode"),
        max_length=6,
        unique=True,
        null=True,
        blank=True,
        validators=[cbs_code_validator],
    )
    province = models.CharField(_("provincie"), max_length=16, choices=Province.choices, blank=True)
    kvk_number = models.CharField(
        _("KvK-nummer"), max_length=8, blank=True, validators=[kvk_number_validator]
    )
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)
    website = models.URLField(_("website"), blank=True)
    municipalities = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="regions",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
        verbose_name=_("deelnemende gemeenten"),
        help_text=_("Alleen bij een regio: de gemeenten die samen inkopen."),
    )
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organisations",
        verbose_name=_("contactpersonen"),
    )
    # A municipality that merged into another stays on record for its old contracts.
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[municipalities, contacts])

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=OrganisationKind.MUNICIPALITY)
                | models.Q(cbs_code__isnull=False),
                name="organisation_municipality_has_cbs_code",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=OrganisationKind.MUNICIPALITY)
                | models.Q(cbs_code__isnull=True),
                name="organisation_cbs_code_only_for_municipalities",
            ),
        ]
        permissions = [
            (
                "view_all_organisations",
                _("Kan alle organisaties, contracten en de implementatiemonitor inzien"),
            ),
            ("keep_own_organisation", _("Kan de eigen organisatie en haar contracten bijhouden")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:organisation_detail", kwargs={"slug": self.slug})

    @property
    def holds_contracts(self) -> bool:
        return self.kind in CONTRACTING_KINDS

    @property
    def is_region(self) -> bool:
        return self.kind == OrganisationKind.REGION
