"""Forms of the organisation and contract pages.

They check the shape of the input (a date, a KvK number, a choice from the list); the rules of
the domain (a region has at least two municipalities, a contract follows a published release, a
move goes forward, a refusal has a reason) are the services' (``organisations.services``), whose
refusals the views put back on the field they concern. The filter of the secretariat's list of
organisations is here too: a search form that only narrows a queryset.
"""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

import django_filters

from organisations.constants import (
    CREATABLE_KINDS,
    OrganisationKind,
    ProcurementType,
    ProviderResponseKind,
    Province,
)
from organisations.models import Contract, Organisation
from organisations.models.organisations import kvk_number_validator
from organisations.obligations import PUBLISHED_STATES, version_key
from standards.models import Release

DATE_ERRORS = {
    "required": _("Vul de datum in."),
    "invalid": _("Vul een geldige datum in, bijvoorbeeld 1-3-2027."),
}


class DateInput(forms.DateInput):
    """The browser's own date picker; it sends and shows ISO dates (2027-03-01)."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ReleaseChoiceField(forms.ModelChoiceField):
    """A release named with its standard: "CS Jeugd 1.1"."""

    def label_from_instance(self, release: Release) -> str:
        return f"{release.standard.name} {release.version}"


class OrganisationChoices(forms.ModelMultipleChoiceField):
    """Organisations as a list of checkboxes; a municipality names its province."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, organisation: Organisation) -> str:
        if organisation.province:
            return f"{organisation.name} ({organisation.province})"
        return organisation.name


def published_releases_choice() -> QuerySet[Release]:
    return (
        Release.objects.filter(state__in=PUBLISHED_STATES)
        .select_related("standard")
        .order_by("standard__name", "-version_major", "-version_minor")
    )


def providers_choice() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.PROVIDER, active=True).order_by("name")


def municipalities_choice() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, active=True).order_by(
        "name"
    )


# --- The list of organisations -------------------------------------------------------------------


class OrganisationFilter(django_filters.FilterSet):
    """Search by name or CBS code, and narrow by kind and province (the secretariat's list)."""

    q = django_filters.CharFilter(
        label=_("Zoeken"),
        method="search",
        help_text=_("Zoekt in de naam en de CBS-gemeentecode, zoals GM0344."),
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 100}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Soort organisatie"),
        choices=OrganisationKind.choices,
        empty_label=_("Alle soorten"),
    )
    province = django_filters.ChoiceFilter(
        label=_("Provincie"), choices=Province.choices, empty_label=_("Alle provincies")
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "province"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(cbs_code__iexact=value))


# --- Organisations -------------------------------------------------------------------------------


class OrganisationDataForm(forms.Form):
    """The data a contact keeps: name and province (not of a municipality), KvK, e-mail, site."""

    name = forms.CharField(
        label=_("Naam"),
        max_length=200,
        error_messages={"required": _("Vul de naam van de organisatie in.")},
    )
    province = forms.ChoiceField(
        label=_("Provincie"),
        choices=[("", _("Geen provincie")), *Province.choices],
        required=False,
    )
    kvk_number = forms.CharField(
        label=_("KvK-nummer"),
        max_length=8,
        required=False,
        validators=[kvk_number_validator],
        help_text=_("Acht cijfers. Vooral voor aanbieders."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Algemeen e-mailadres"),
        required=False,
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals info@gemeente.nl.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een geldig webadres in, zoals https://www.gemeente.nl.")},
    )
    municipalities = OrganisationChoices(
        label=_("Deelnemende gemeenten"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Alleen bij een regio: kies ten minste twee gemeenten die samen inkopen."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = municipalities_choice()


class OrganisationCreateForm(OrganisationDataForm):
    """A region, provider or other organisation; municipalities come from the CBS list."""

    field_order = ["kind", "name"]

    kind = forms.ChoiceField(
        label=_("Soort organisatie"),
        choices=[("", _("Kies een soort")), *((k.value, k.label) for k in CREATABLE_KINDS)],
        error_messages={"required": _("Kies de soort organisatie.")},
    )


class OrganisationEditForm(OrganisationDataForm):
    """Edit an organisation; a municipality keeps the name CBS gives it, and only a region has
    member municipalities."""

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if organisation.kind == OrganisationKind.MUNICIPALITY:
            del self.fields["name"]
            del self.fields["province"]
        if not organisation.is_region:
            del self.fields["municipalities"]


# --- Contracts -----------------------------------------------------------------------------------


class ContractDataForm(forms.Form):
    name = forms.CharField(
        label=_("Naam van het contract"),
        max_length=200,
        help_text=_("Zoals u het contract kent, bijvoorbeeld ‘Wmo begeleiding 2025’."),
        error_messages={"required": _("Vul de naam van het contract in.")},
    )
    procurement_type = forms.ChoiceField(
        label=_("Inkoopprocedure"),
        choices=[("", _("Kies een inkoopprocedure")), *ProcurementType.choices],
        error_messages={"required": _("Kies een inkoopprocedure.")},
    )
    starts_on = forms.DateField(
        label=_("Ingangsdatum"), widget=DateInput, error_messages=DATE_ERRORS
    )
    ends_on = forms.DateField(
        label=_("Einddatum"),
        widget=DateInput,
        required=False,
        help_text=_("Leeg laten als het contract voor onbepaalde tijd loopt."),
        error_messages=DATE_ERRORS,
    )
    providers = OrganisationChoices(
        label=_("Aanbieders"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "Staat een aanbieder er niet bij? Voeg die eerst toe via ‘Organisatie toevoegen’."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["providers"].queryset = providers_choice()


class ContractCreateForm(ContractDataForm):
    """A new contract; the release it is based on also names the standard."""

    field_order = ["name", "release"]

    release = ReleaseChoiceField(
        label=_("Gebaseerd op versie"),
        queryset=Release.objects.none(),
        empty_label=_("Kies de versie van de standaard"),
        help_text=_("De gepubliceerde versie van de contractstandaard waarop het contract rust."),
        error_messages={
            "required": _("Kies de versie waarop het contract is gebaseerd."),
            "invalid_choice": _("Kies een gepubliceerde versie uit de lijst."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["release"].queryset = published_releases_choice()


class ContractEditForm(ContractDataForm):
    """Correct a contract's data; its release changes only by recording a move."""

    @classmethod
    def initial_for(cls, contract: Contract) -> dict:
        return {
            "name": contract.name,
            "procurement_type": contract.procurement_type,
            "starts_on": contract.starts_on,
            "ends_on": contract.ends_on,
            "providers": list(contract.providers.all()),
        }


class ContractMoveForm(forms.Form):
    """The contract moved to a newer published release of its standard on a date."""

    to_release = ReleaseChoiceField(
        label=_("Nieuwe versie"),
        queryset=Release.objects.none(),
        empty_label=_("Kies de nieuwe versie"),
        error_messages={
            "required": _("Kies de versie waarnaar het contract is overgestapt."),
            "invalid_choice": _("Kies een nieuwere gepubliceerde versie uit de lijst."),
        },
    )
    moved_on = forms.DateField(
        label=_("Overgestapt op"),
        widget=DateInput,
        help_text=_("De datum waarop de nieuwe versie voor dit contract ging gelden."),
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args, contract: Contract, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the newer releases are offered; the service refuses anything else all the same.
        major, minor = version_key(contract.release)
        self.fields["to_release"].queryset = published_releases_choice().filter(
            Q(version_major__gt=major) | Q(version_major=major, version_minor__gt=minor),
            standard=contract.standard_id,
        )


class ProviderResponseForm(forms.Form):
    """A provider's answer to a release for this contract (register of art. 3.30.4)."""

    provider = forms.ModelChoiceField(
        label=_("Aanbieder"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies de aanbieder"),
        error_messages={
            "required": _("Kies de aanbieder."),
            "invalid_choice": _("Kies een aanbieder van dit contract."),
        },
    )
    release = ReleaseChoiceField(
        label=_("Versie"),
        queryset=Release.objects.none(),
        empty_label=_("Kies de versie"),
        error_messages={
            "required": _("Kies de versie waarop de aanbieder reageerde."),
            "invalid_choice": _("Kies een gepubliceerde versie uit de lijst."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Reactie"),
        choices=ProviderResponseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies akkoord of geweigerd.")},
    )
    reason = forms.CharField(
        label=_("Reden van weigering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij een weigering: een aanbieder weigert alleen met goede reden."),
    )
    responded_on = forms.DateField(
        label=_("Datum van de reactie"), widget=DateInput, error_messages=DATE_ERRORS
    )

    def __init__(self, *args, contract: Contract, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = contract.providers.order_by("name")
        self.fields["release"].queryset = published_releases_choice().filter(
            standard=contract.standard_id
        )


class TextOnDateForm(forms.Form):
    """The day to ask about: which text applied to the contract then."""

    datum = forms.DateField(
        label=_("Datum"),
        widget=DateInput,
        error_messages=DATE_ERRORS,
    )
