"""The pages of one contract: adding and correcting it, its page, what changed, the text on a day.

A **contract's page** shows its data, its obligation today (status in words, the release to move
to, the deadline and the days left or past), its providers with their answer to that release
(a refusal shows its consequence: the contract with that provider ends per the release's
effective date, art. 3.30), the register of all answers, and the history of its moves. Its
contacts record a move (date and newer release) and a provider's answer there; each form posts
to its own address and, refused, comes back on the page with the message at its field.

*Wat is er veranderd voor ons* compares the release the contract is based on with the release it
must move to, cumulatively over every release in between, with the standards' own comparison
(``standards.comparison.release_compare``) laid out as on the compare page: the summary and the
was-wordt table, and the downloads of the same pair.

*Welke tekst gold op datum D* answers from the contract's moves (``release_in_force``).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations import selectors, services
from organisations.exceptions import InvalidInput, NotPermitted
from organisations.forms import (
    ContractCreateForm,
    ContractEditForm,
    ContractMoveForm,
    ProviderResponseForm,
    TextOnDateForm,
)
from organisations.models import Contract, Organisation, ProviderResponse
from organisations.obligations import Obligation, release_in_force
from organisations.permissions import may_manage, may_view
from organisations.views import (
    forbidden,
    list_crumb,
    organisation_crumb,
    organisation_or_404,
    put_on_form,
)
from standards import views_compare
from standards.comparison import release_compare
from standards.exceptions import StandardsError
from standards.models import Release

# --- Access ---------------------------------------------------------------------------------------


def _may_not_view(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return forbidden(
        request,
        _("Alleen de contactpersonen van %(organisation)s en het secretariaat zien dit contract.")
        % {"organisation": organisation.name},
    )


def _may_not_manage(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return forbidden(
        request,
        _("Alleen de contactpersonen van %(organisation)s leggen de contracten vast.")
        % {"organisation": organisation.name},
    )


def _contract_or_404(organisation: Organisation, pk: int) -> Contract:
    try:
        return selectors.contract_get(organisation=organisation, pk=pk)
    except Contract.DoesNotExist as error:
        raise Http404(_("Dit contract bestaat niet.")) from error


def _obligation(contract: Contract) -> Obligation:
    return selectors.contract_obligations([contract], at=timezone.localdate())[0]


def _contract_crumbs(contract: Contract, *items: tuple[str, str | None]) -> list:
    return [
        list_crumb(),
        organisation_crumb(contract.organisation),
        (contract.name, contract.get_absolute_url() if items else None),
        *items,
    ]


# --- Adding and correcting a contract -------------------------------------------------------------


@login_required
def contract_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a contract of a municipality or region, based on a published release."""
    organisation = organisation_or_404(slug)
    if not may_manage(request.user, organisation):
        return _may_not_manage(request, organisation)
    if not organisation.holds_contracts:
        return forbidden(request, _("Alleen gemeenten en regio's leggen contracten vast."))
    status = 200
    if request.method == "POST":
        form = ContractCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                contract = services.contract_create(
                    organisation=organisation,
                    by=request.user,
                    standard=data["release"].standard,
                    name=data["name"],
                    procurement_type=data["procurement_type"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    release=data["release"],
                    providers=data["providers"],
                )
            except NotPermitted as error:
                return forbidden(request, error.message)
            except InvalidInput as error:
                put_on_form(form, error)
            else:
                messages.success(request, _("Het contract is vastgelegd."))
                return redirect(contract)
        status = 400
    else:
        form = ContractCreateForm()
    return render(
        request,
        "organisations/contract_form.html",
        {
            "form": form,
            "organisation": organisation,
            "title": _("Contract toevoegen"),
            "crumbs": [
                list_crumb(),
                organisation_crumb(organisation),
                (_("Contract toevoegen"), None),
            ],
        },
        status=status,
    )


@login_required
def contract_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Correct a contract's data; the release it is based on changes only with a move."""
    organisation = organisation_or_404(slug)
    if not may_manage(request.user, organisation):
        return _may_not_manage(request, organisation)
    contract = _contract_or_404(organisation, pk)
    status = 200
    if request.method == "POST":
        form = ContractEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.contract_update(
                    contract=contract,
                    by=request.user,
                    name=data["name"],
                    procurement_type=data["procurement_type"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    providers=data["providers"],
                )
            except NotPermitted as error:
                return forbidden(request, error.message)
            except InvalidInput as error:
                put_on_form(form, error)
            else:
                messages.success(request, _("De contractgegevens zijn opgeslagen."))
                return redirect(contract)
        status = 400
    else:
        form = ContractEditForm(initial=ContractEditForm.initial_for(contract))
    return render(
        request,
        "organisations/contract_form.html",
        {
            "form": form,
            "organisation": organisation,
            "contract": contract,
            "title": _("%(contract)s bewerken") % {"contract": contract.name},
            "crumbs": _contract_crumbs(contract, (_("Bewerken"), None)),
        },
        status=status,
    )


# --- A contract's page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderRow:
    """A provider of the contract and its answer to the release that matters now: the one to
    move to or, when the contract is up to date, the one it is based on."""

    provider: Organisation
    release: Release
    response: ProviderResponse | None


def _provider_rows(contract: Contract, obligation: Obligation) -> list[ProviderRow]:
    release = obligation.target or contract.release
    responses = {
        (response.provider_id, response.release_id): response
        for response in contract.responses.all()
    }
    return [
        ProviderRow(provider, release, responses.get((provider.pk, release.pk)))
        for provider in contract.providers.all()
    ]


def _render_detail(
    request: HttpRequest,
    contract: Contract,
    *,
    move_form: ContractMoveForm | None = None,
    response_form: ProviderResponseForm | None = None,
    manage: bool,
    status: int = 200,
) -> HttpResponse:
    obligation = _obligation(contract)
    if manage:
        today = timezone.localdate()
        move_form = move_form or ContractMoveForm(
            contract=contract,
            auto_id="id_move_%s",
            initial={"to_release": obligation.target, "moved_on": today},
        )
        if contract.providers.all():
            response_form = response_form or ProviderResponseForm(
                contract=contract,
                auto_id="id_response_%s",
                initial={"release": obligation.target or contract.release, "responded_on": today},
            )
    responses = sorted(
        contract.responses.all(),
        key=lambda r: (-r.release.version_major, -r.release.version_minor, r.provider.name),
    )
    return render(
        request,
        "organisations/contract_detail.html",
        {
            "contract": contract,
            "organisation": contract.organisation,
            "obligation": obligation,
            "providers": _provider_rows(contract, obligation),
            "responses": responses,
            "moves": sorted(contract.moves.all(), key=lambda m: (m.moved_on, m.pk), reverse=True),
            "may_manage": manage,
            "move_form": move_form if manage else None,
            # A refused form stays on the page even when no newer release is left to offer.
            "may_move": manage
            and (move_form.is_bound or move_form.fields["to_release"].queryset.exists()),
            "response_form": response_form if manage else None,
            "crumbs": _contract_crumbs(contract),
        },
        status=status,
    )


@login_required
def contract_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = organisation_or_404(slug)
    manage = may_manage(request.user, organisation)
    if not (manage or may_view(request.user, organisation)):
        return _may_not_view(request, organisation)
    return _render_detail(request, _contract_or_404(organisation, pk), manage=manage)


@require_POST
@login_required
def contract_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record that the contract moved to a newer release; refused, the page with the form."""
    organisation = organisation_or_404(slug)
    if not may_manage(request.user, organisation):
        return _may_not_manage(request, organisation)
    contract = _contract_or_404(organisation, pk)
    form = ContractMoveForm(request.POST, contract=contract, auto_id="id_move_%s")
    if form.is_valid():
        try:
            move = services.contract_record_move(
                contract=contract,
                by=request.user,
                to_release=form.cleaned_data["to_release"],
                moved_on=form.cleaned_data["moved_on"],
            )
        except NotPermitted as error:
            return forbidden(request, error.message)
        except InvalidInput as error:
            put_on_form(form, error)
        else:
            messages.success(
                request,
                _("De overstap naar versie %(version)s is vastgelegd.")
                % {"version": move.to_release.version},
            )
            return redirect(contract)
    return _render_detail(request, contract, move_form=form, manage=True, status=400)


@require_POST
@login_required
def provider_response(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record a provider's answer to a release; refused, the page with the form."""
    organisation = organisation_or_404(slug)
    if not may_manage(request.user, organisation):
        return _may_not_manage(request, organisation)
    contract = _contract_or_404(organisation, pk)
    form = ProviderResponseForm(request.POST, contract=contract, auto_id="id_response_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            response = services.provider_response_record(
                contract=contract,
                by=request.user,
                provider=data["provider"],
                release=data["release"],
                kind=data["kind"],
                responded_on=data["responded_on"],
                reason=data["reason"],
            )
        except NotPermitted as error:
            return forbidden(request, error.message)
        except InvalidInput as error:
            put_on_form(form, error)
        else:
            messages.success(
                request,
                _("De reactie van %(provider)s op versie %(version)s is vastgelegd.")
                % {"provider": response.provider.name, "version": response.release.version},
            )
            return redirect(contract)
    return _render_detail(request, contract, response_form=form, manage=True, status=400)


# --- What changed for us --------------------------------------------------------------------------


def _downloads(contract: Contract, old: Release, new: Release) -> list[tuple[str, str]]:
    return [
        (
            label,
            reverse(
                "standards:release_compare_download",
                kwargs={
                    "standard": contract.standard.slug,
                    "old": old.version,
                    "new": new.version,
                    "export": export,
                },
            ),
        )
        for export, (label, _suffix, _content_type, _render) in views_compare.DOWNLOADS.items()
    ]


@login_required
def contract_changes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """From the release the contract is based on to the one it must move to, in one comparison.

    The comparison is cumulative: the first release against the last, so a contract two
    releases behind sees everything that changed in both.
    """
    organisation = organisation_or_404(slug)
    if not may_view(request.user, organisation):
        return _may_not_view(request, organisation)
    contract = _contract_or_404(organisation, pk)
    obligation = _obligation(contract)
    old, new = contract.release, obligation.target
    context = {
        "contract": contract,
        "organisation": organisation,
        "obligation": obligation,
        "old": old,
        "new": new,
        "documents": [],
        "crumbs": _contract_crumbs(contract, (_("Wat is er veranderd"), None)),
    }
    if new is not None:
        try:
            comparison = release_compare(old=old, new=new)
        except StandardsError as error:
            raise Http404(str(error)) from error
        # The compare page's own read models, so that its includes can be reused here.
        context.update(
            documents=views_compare.comparison_documents(comparison),
            totals=comparison.counts,
            has_changes=bool(comparison.changes),
            downloads=_downloads(contract, old, new),
            compare_url=reverse(
                "standards:release_compare",
                kwargs={"standard": contract.standard.slug, "old": old.version, "new": new.version},
            ),
        )
    return render(request, "organisations/contract_changes.html", context)


# --- The text on a day ----------------------------------------------------------------------------


@login_required
def contract_text_on(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Which release applied to the contract on the day asked (``?datum=YYYY-MM-DD``)."""
    organisation = organisation_or_404(slug)
    if not may_view(request.user, organisation):
        return _may_not_view(request, organisation)
    contract = _contract_or_404(organisation, pk)
    asked = "datum" in request.GET
    form = TextOnDateForm(request.GET if asked else None)
    day = form.cleaned_data["datum"] if asked and form.is_valid() else None
    return render(
        request,
        "organisations/contract_text_on.html",
        {
            "contract": contract,
            "organisation": organisation,
            "form": form,
            "day": day,
            "release": release_in_force(contract, on=day) if day else None,
            "crumbs": _contract_crumbs(contract, (_("Tekst op datum"), None)),
        },
    )
