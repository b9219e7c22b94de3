"""Writes of the organisations app: organisations, contracts, moves and provider responses.

Every service checks who acts (``organisations.permissions``), validates what the domain
demands beyond the form's simple checks, writes in one transaction and records the actor on
the history. The pages, the admin and the API call these; a refusal raises ``NotPermitted`` or
``InvalidInput`` and writes nothing.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from organisations.constants import (
    CREATABLE_KINDS,
    OrganisationKind,
    ProcurementType,
    ProviderResponseKind,
)
from organisations.exceptions import InvalidInput, NotPermitted
from organisations.models import Contract, ContractMove, Organisation, ProviderResponse
from organisations.obligations import PUBLISHED_STATES, version_key
from organisations.permissions import may_create_organisations, may_manage
from standards.models import Release, Standard

User = AbstractBaseUser


def _check_may_manage(by: User, organisation: Organisation) -> None:
    if not may_manage(by, organisation):
        raise NotPermitted(
            _("Alleen de contactpersonen van %(organisation)s wijzigen deze gegevens.")
            % {"organisation": organisation.name}
        )


def _full_clean(organisation: Organisation) -> None:
    """The model's own checks (KvK number, e-mail, a name) as the domain's ``InvalidInput``."""
    try:
        organisation.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidInput(messages[0], field=field) from error


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "organisatie"
    if base == "nieuw":  # /organisaties/nieuw/ is the page to add one
        base = "nieuw-organisatie"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_municipalities(kind: str, municipalities: Iterable[Organisation]) -> list:
    municipalities = list(municipalities)
    if kind != OrganisationKind.REGION:
        if municipalities:
            raise InvalidInput(
                _("Alleen een regio heeft deelnemende gemeenten."), field="municipalities"
            )
        return []
    if len(municipalities) < 2:
        raise InvalidInput(
            _("Een regio bestaat uit ten minste twee gemeenten."), field="municipalities"
        )
    if any(m.kind != OrganisationKind.MUNICIPALITY for m in municipalities):
        raise InvalidInput(_("Een regio bestaat uit gemeenten."), field="municipalities")
    return municipalities


@transaction.atomic
def organisation_create(
    *,
    by: User,
    kind: str,
    name: str,
    province: str = "",
    kvk_number: str = "",
    email: str = "",
    website: str = "",
    municipalities: Iterable[Organisation] = (),
) -> Organisation:
    """A region, provider or other organisation; municipalities come from the CBS list only.

    The organisation contact who creates a region becomes its contact, so that they can record
    its contracts (the secretariat, which changes no contracts, does not); a provider is
    created to be named on contracts and gets no contact this way.
    """
    if not may_create_organisations(by):
        raise NotPermitted(
            _(
                "Alleen contactpersonen van organisaties en het secretariaat voegen "
                "organisaties toe."
            )
        )
    if kind not in CREATABLE_KINDS:
        raise InvalidInput(
            _("Gemeenten komen uit de CBS-lijst en worden niet met de hand toegevoegd."),
            field="kind",
        )
    name = name.strip()
    if Organisation.objects.filter(name__iexact=name, kind=kind).exists():
        raise InvalidInput(
            _("Er is al een organisatie van deze soort met de naam %(name)s.") % {"name": name},
            field="name",
        )
    municipalities = _check_municipalities(kind, municipalities)
    organisation = Organisation(
        name=name,
        slug=_unique_slug(name),
        kind=kind,
        province=province,
        kvk_number=kvk_number,
        email=email,
        website=website,
    )
    organisation._change_reason = _("Aangemaakt in het portaal")
    organisation._history_user = by
    _full_clean(organisation)
    organisation.save()
    organisation.municipalities.set(municipalities)
    if kind == OrganisationKind.REGION and has_role(by, Role.ORGANISATION_CONTACT):
        organisation.contacts.add(by)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    by: User,
    name: str,
    province: str = "",
    kvk_number: str = "",
    email: str = "",
    website: str = "",
    municipalities: Iterable[Organisation] | None = None,
) -> Organisation:
    """Contacts keep their organisation's data; a municipality's name and CBS code are CBS's."""
    _check_may_manage(by, organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.kind != OrganisationKind.MUNICIPALITY:
        organisation.name = name.strip()
        organisation.province = province
    organisation.kvk_number = kvk_number
    organisation.email = email
    organisation.website = website
    organisation._change_reason = _("Gegevens bijgewerkt door een contactpersoon")
    organisation._history_user = by
    _full_clean(organisation)
    organisation.save()
    if municipalities is not None and organisation.is_region:
        organisation.municipalities.set(_check_municipalities(organisation.kind, municipalities))
    return organisation


def _check_published(release: Release, standard: Standard, *, field: str) -> None:
    if release.standard_id != standard.pk:
        raise InvalidInput(
            _("Versie %(version)s hoort niet bij %(standard)s.")
            % {"version": release.version, "standard": standard.name},
            field=field,
        )
    if release.state not in PUBLISHED_STATES:
        raise InvalidInput(
            _(
                "Versie %(version)s is niet gepubliceerd; een contract volgt een "
                "gepubliceerde versie."
            )
            % {"version": release.version},
            field=field,
        )


def _check_providers(providers: Iterable[Organisation]) -> list[Organisation]:
    providers = list(providers)
    if any(p.kind != OrganisationKind.PROVIDER for p in providers):
        raise InvalidInput(
            _("Alleen aanbieders kunnen aan een contract deelnemen."), field="providers"
        )
    return providers


def _check_term(starts_on: datetime.date, ends_on: datetime.date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInput(_("De einddatum ligt vóór de ingangsdatum."), field="ends_on")


@transaction.atomic
def contract_create(
    *,
    organisation: Organisation,
    by: User,
    standard: Standard,
    name: str,
    procurement_type: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    release: Release,
    providers: Iterable[Organisation] = (),
) -> Contract:
    """A municipality's or region's contract under a standard, based on a published release."""
    _check_may_manage(by, organisation)
    if not organisation.holds_contracts:
        raise InvalidInput(_("Alleen gemeenten en regio's leggen contracten vast."))
    if procurement_type not in ProcurementType.values:
        raise InvalidInput(_("Kies een inkoopprocedure."), field="procurement_type")
    _check_published(release, standard, field="release")
    _check_term(starts_on, ends_on)
    providers = _check_providers(providers)
    contract = Contract(
        organisation=organisation,
        standard=standard,
        name=name.strip(),
        procurement_type=procurement_type,
        starts_on=starts_on,
        ends_on=ends_on,
        release=release,
    )
    contract._change_reason = _("Contract vastgelegd")
    contract._history_user = by
    contract.save()
    contract.providers.set(providers)
    return contract


@transaction.atomic
def contract_update(
    *,
    contract: Contract,
    by: User,
    name: str,
    procurement_type: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    providers: Iterable[Organisation] = (),
) -> Contract:
    """Correct a contract's data; its release changes only by recording a move."""
    _check_may_manage(by, contract.organisation)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if procurement_type not in ProcurementType.values:
        raise InvalidInput(_("Kies een inkoopprocedure."), field="procurement_type")
    _check_term(starts_on, ends_on)
    first_move = contract.moves.order_by("moved_on").first()
    if first_move is not None and first_move.moved_on < starts_on:
        raise InvalidInput(
            _("Het contract stapte al op %(day)s over; het kan niet later ingaan.")
            % {"day": date_format(first_move.moved_on)},
            field="starts_on",
        )
    last_move = contract.moves.order_by("-moved_on").first()
    if ends_on is not None and last_move is not None and last_move.moved_on > ends_on:
        raise InvalidInput(
            _("Het contract stapte nog op %(day)s over; het kan niet eerder eindigen.")
            % {"day": date_format(last_move.moved_on)},
            field="ends_on",
        )
    contract.name = name.strip()
    contract.procurement_type = procurement_type
    contract.starts_on = starts_on
    contract.ends_on = ends_on
    contract._change_reason = _("Contractgegevens bijgewerkt")
    contract._history_user = by
    contract.save()
    contract.providers.set(_check_providers(providers))
    return contract


@transaction.atomic
def contract_record_move(
    *, contract: Contract, by: User, to_release: Release, moved_on: datetime.date
) -> ContractMove:
    """The contract moved to a newer published release on ``moved_on``.

    The move is refused when it goes backwards, precedes the release's publication or the
    contract's previous move, or falls outside the contract's term.
    """
    _check_may_manage(by, contract.organisation)
    contract = Contract.objects.select_for_update().select_related("release").get(pk=contract.pk)
    _check_published(to_release, contract.standard, field="to_release")
    if version_key(to_release) <= version_key(contract.release):
        raise InvalidInput(
            _("Het contract is al gebaseerd op versie %(version)s; kies een nieuwere versie.")
            % {"version": contract.release.version},
            field="to_release",
        )
    if moved_on < to_release.published_on:
        raise InvalidInput(
            _("Versie %(version)s is pas op %(day)s gepubliceerd.")
            % {"version": to_release.version, "day": date_format(to_release.published_on)},
            field="moved_on",
        )
    if moved_on < contract.starts_on or (contract.ends_on and moved_on > contract.ends_on):
        raise InvalidInput(
            _("De overstapdatum valt buiten de looptijd van het contract."), field="moved_on"
        )
    last = contract.moves.order_by("-moved_on").first()
    if last is not None and moved_on < last.moved_on:
        raise InvalidInput(
            _("De vorige overstap was op %(day)s; een nieuwe kan niet eerder zijn.")
            % {"day": date_format(last.moved_on)},
            field="moved_on",
        )
    move = ContractMove.objects.create(
        contract=contract,
        from_release=contract.release,
        to_release=to_release,
        moved_on=moved_on,
        recorded_by=by,
    )
    contract.release = to_release
    contract._change_reason = _("Overgestapt naar versie %(version)s") % {
        "version": to_release.version
    }
    contract._history_user = by
    contract.save(update_fields=["release"])
    return move


@transaction.atomic
def provider_response_record(
    *,
    contract: Contract,
    by: User,
    provider: Organisation,
    release: Release,
    kind: str,
    responded_on: datetime.date,
    reason: str = "",
) -> ProviderResponse:
    """Record (or correct) a provider's answer to a release for this contract.

    A refusal needs its reason: art. 3.30 lets a provider refuse only with good reason, and
    the refusal counts as termination of its contract per the release's effective date.
    """
    _check_may_manage(by, contract.organisation)
    if not contract.providers.filter(pk=provider.pk).exists():
        raise InvalidInput(
            _("%(provider)s is geen aanbieder van dit contract.") % {"provider": provider.name},
            field="provider",
        )
    _check_published(release, contract.standard, field="release")
    if kind not in ProviderResponseKind.values:
        raise InvalidInput(_("Kies akkoord of geweigerd."), field="kind")
    reason = reason.strip()
    if kind == ProviderResponseKind.REFUSED and not reason:
        raise InvalidInput(
            _("Een aanbieder weigert alleen met een goede reden: vul de reden in."),
            field="reason",
        )
    if kind == ProviderResponseKind.ACCEPTED:
        reason = ""
    response = ProviderResponse.objects.filter(
        contract=contract, provider=provider, release=release
    ).first() or ProviderResponse(contract=contract, provider=provider, release=release)
    response.kind, response.reason = kind, reason
    response.responded_on, response.recorded_by = responded_on, by
    response._history_user = by
    response.save()
    return response
