"""The pages of organisations: the list, adding one, an organisation's page and editing it.

*Organisaties* lists, for a contact, the organisations they are a contact of; the secretariat
(``may_view_all``) sees every organisation, searchable by name or CBS code and narrowed by kind
and province, fifty to a page. Contacts and the secretariat add regions, providers and other
organisations (municipalities come from the CBS list).

An **organisation's page** shows its data (kind, CBS code, province, KvK number, its member
municipalities or the regions it belongs to) and, for a municipality or region, the contracts
that bind it: its own and, for a municipality, those of its regions ("via regio …"). Each
contract shows its obligation on today's date (``organisations.obligations``): the status in
words, the release to move to, the deadline and the days left or past. Above the table one line
per standard sums up the current release and by when to move. Its contacts edit the data and add
contracts; nobody else does.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import selectors, services
from organisations.constants import ObligationStatus, OrganisationKind
from organisations.exceptions import InvalidInput, NotPermitted
from organisations.forms import OrganisationCreateForm, OrganisationEditForm, OrganisationFilter
from organisations.models import Contract, Organisation
from organisations.models.organisations import KEEP_OWN_ORGANISATION
from organisations.obligations import Obligation, published_by, worst_status
from organisations.permissions import (
    may_create_organisations,
    may_manage,
    may_view,
    may_view_all,
)
from organisations.views import (
    forbidden,
    list_crumb,
    organisation_crumb,
    organisation_or_404,
    put_on_form,
)
from standards.models import Release, Standard

PAGE_SIZE = 50


# --- Read models for the templates ----------------------------------------------------------------


@dataclass(frozen=True)
class ContractRow:
    """A contract binding the organisation, with its obligation; ``via`` is the region whose
    contract binds a municipality."""

    contract: Contract
    obligation: Obligation
    via: Organisation | None


@dataclass(frozen=True)
class StandardSummary:
    """Where the organisation stands under one standard: the current release, and by when the
    contracts behind it must move."""

    standard: Standard
    current: Release | None
    contracts: int
    behind: int
    deadline: datetime.date | None
    status: ObligationStatus | None
    days_left: int | None

    @property
    def days_overdue(self) -> int | None:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else None


def _summaries(rows: list[ContractRow], releases: dict[int, list[Release]], at: datetime.date):
    by_standard: dict[int, list[ContractRow]] = defaultdict(list)
    for row in rows:
        by_standard[row.contract.standard_id].append(row)
    summaries = []
    for standard_rows in by_standard.values():
        standard = standard_rows[0].contract.standard
        published = published_by(releases.get(standard.pk, []), at)
        running = [row.obligation for row in standard_rows if row.obligation.status is not None]
        behind = [o for o in running if o.status != ObligationStatus.UP_TO_DATE]
        deadlines = [o.deadline for o in behind if o.deadline is not None]
        deadline = min(deadlines) if deadlines else None
        summaries.append(
            StandardSummary(
                standard=standard,
                current=published[-1] if published else None,
                contracts=len(running),
                behind=len(behind),
                deadline=deadline,
                status=worst_status(o.status for o in running),
                days_left=(deadline - at).days if deadline else None,
            )
        )
    return summaries


# --- Views ----------------------------------------------------------------------------------------


def _may_list(user) -> bool:
    return may_view_all(user) or user.has_perm(KEEP_OWN_ORGANISATION)


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    """A contact's own organisations; for the secretariat all of them, searchable."""
    own = list(selectors.organisations_of_contact(request.user))
    if not (_may_list(request.user) or own):
        return forbidden(
            request,
            _(
                "Deze pagina is voor contactpersonen van organisaties en het secretariaat. "
                "Bent u contactpersoon? Vraag het secretariaat uw account te koppelen."
            ),
        )
    context = {
        "own": own,
        "may_create": may_create_organisations(request.user),
        "crumbs": [(_("Organisaties"), None)],
    }
    if may_view_all(request.user):
        filterset = OrganisationFilter(
            request.GET or None, queryset=Organisation.objects.order_by("name")
        )
        paginator = Paginator(filterset.qs, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        context.update(
            all_organisations=True,
            form=filterset.form,
            page=page,
            page_range=paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            ellipsis=Paginator.ELLIPSIS,
            is_filtered=any(value for key, value in request.GET.items() if key != "page"),
        )
    return render(request, "organisations/organisation_list.html", context)


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    """Add a region (with its municipalities), a provider or another organisation."""
    if not may_create_organisations(request.user):
        return forbidden(
            request,
            _(
                "Alleen contactpersonen van organisaties en het secretariaat voegen "
                "organisaties toe."
            ),
        )
    status = 200
    if request.method == "POST":
        form = OrganisationCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                organisation = services.organisation_create(
                    by=request.user,
                    kind=data["kind"],
                    name=data["name"],
                    province=data["province"],
                    kvk_number=data["kvk_number"],
                    email=data["email"],
                    website=data["website"],
                    municipalities=data["municipalities"],
                )
            except NotPermitted as error:
                return forbidden(request, error.message)
            except InvalidInput as error:
                put_on_form(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is toegevoegd.") % {"name": organisation.name},
                )
                # A provider is made to be named on contracts; who made it is no contact of it.
                if may_view(request.user, organisation):
                    return redirect(organisation)
                return redirect("organisations:organisation_list")
        status = 400
    else:
        form = OrganisationCreateForm(initial={"kind": request.GET.get("soort", "")})
    return render(
        request,
        "organisations/organisation_form.html",
        {
            "form": form,
            "title": _("Organisatie toevoegen"),
            "crumbs": [list_crumb(), (_("Organisatie toevoegen"), None)],
        },
        status=status,
    )


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's data and the contracts that bind it, each with its obligation today."""
    organisation = organisation_or_404(slug)
    manage = may_manage(request.user, organisation)
    if not (manage or may_view(request.user, organisation)):
        return forbidden(
            request,
            _(
                "Alleen de contactpersonen van %(organisation)s en het secretariaat zien deze "
                "organisatie."
            )
            % {"organisation": organisation.name},
        )
    today = timezone.localdate()
    rows: list[ContractRow] = []
    summaries: list[StandardSummary] = []
    if organisation.holds_contracts:
        contracts = list(selectors.contracts_binding(organisation))
        releases = selectors.published_releases({c.standard_id for c in contracts})
        obligations = selectors.contract_obligations(contracts, at=today, releases=releases)
        rows = [
            ContractRow(
                contract=obligation.contract,
                obligation=obligation,
                via=None
                if obligation.contract.organisation_id == organisation.pk
                else obligation.contract.organisation,
            )
            for obligation in obligations
        ]
        summaries = _summaries(rows, releases, today)
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "members": organisation.municipalities.order_by("name")
            if organisation.is_region
            else (),
            "regions": organisation.regions.order_by("name")
            if organisation.kind == OrganisationKind.MUNICIPALITY
            else (),
            "rows": rows,
            "summaries": summaries,
            "may_manage": manage,
            "crumbs": [list_crumb(), (organisation.name, None)],
        },
    )


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Contacts keep their organisation's data; a municipality's name and CBS code are CBS's."""
    organisation = organisation_or_404(slug)
    if not may_manage(request.user, organisation):
        return forbidden(
            request,
            _("Alleen de contactpersonen van %(organisation)s wijzigen deze gegevens.")
            % {"organisation": organisation.name},
        )
    status = 200
    if request.method == "POST":
        form = OrganisationEditForm(request.POST, organisation=organisation)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.organisation_update(
                    organisation=organisation,
                    by=request.user,
                    name=data.get("name", organisation.name),
                    province=data.get("province", organisation.province),
                    kvk_number=data["kvk_number"],
                    email=data["email"],
                    website=data["website"],
                    municipalities=data.get("municipalities"),
                )
            except NotPermitted as error:
                return forbidden(request, error.message)
            except InvalidInput as error:
                put_on_form(form, error)
            else:
                messages.success(request, _("De gegevens zijn opgeslagen."))
                return redirect(organisation)
        status = 400
    else:
        form = OrganisationEditForm(
            organisation=organisation,
            initial={
                "name": organisation.name,
                "province": organisation.province,
                "kvk_number": organisation.kvk_number,
                "email": organisation.email,
                "website": organisation.website,
                "municipalities": list(organisation.municipalities.all()),
            },
        )
    title = _("Gegevens van %(organisation)s bewerken") % {"organisation": organisation.name}
    return render(
        request,
        "organisations/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "title": title,
            "crumbs": [list_crumb(), organisation_crumb(organisation), (_("Bewerken"), None)],
        },
        status=status,
    )
