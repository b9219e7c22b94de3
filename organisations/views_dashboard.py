"""The secretariat's implementation dashboard (*Implementatiemonitor*) and its CSV export.

The page reports on one published release of a standard (by default the newest published release
of the first standard): how many municipalities and regions are up to date, still have to move,
are past their deadline or have no contract registered, as a chart and as a table with
percentages, followed by the organisations that are late or due, with their deadline. A GET form
picks the release and narrows to a province or a region; a choice that does not exist shows the
form again with the message and what was chosen, and no figures. The export
(``export.csv``) takes the same query string and gives one row per organisation.

Only users who may view all organisations (the secretariat) see either; the figures come from
``organisations.dashboard.adoption_overview``.
"""

import csv
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.constants import OrganisationKind, Province
from organisations.dashboard import AdoptionOverview, OrganisationAdoption, adoption_overview
from organisations.models import Organisation
from organisations.obligations import PUBLISHED_STATES
from organisations.permissions import may_view_all
from standards.models import Release

# Cells a spreadsheet would read as a formula (CSV injection); written with a leading quote.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _release_key(release: Release) -> str:
    """How a release is named in the query string: ``<standard slug>:<version>``."""
    return f"{release.standard.slug}:{release.version}"


class AdoptionFilterForm(forms.Form):
    """The release to report on, and an optional province or region to narrow to."""

    versie = forms.ChoiceField(
        label=gettext_lazy("Versie van de standaard"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Kies een gepubliceerde versie uit de lijst.")
        },
    )
    provincie = forms.ChoiceField(
        label=gettext_lazy("Provincie"),
        required=False,
        choices=[("", gettext_lazy("Alle provincies")), *Province.choices],
        error_messages={"invalid_choice": gettext_lazy("Kies een provincie uit de lijst.")},
    )
    regio = forms.ChoiceField(
        label=gettext_lazy("Regio"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Kies een regio uit de lijst.")},
    )

    def __init__(
        self, *args, releases: list[Release], regions: list[Organisation], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.releases = {_release_key(release): release for release in releases}
        self.regions = {region.slug: region for region in regions}
        grouped: dict[str, list[tuple[str, str]]] = {}
        for release in releases:
            grouped.setdefault(release.standard.name, []).append(
                (
                    _release_key(release),
                    _("%(standard)s versie %(version)s")
                    % {"standard": release.standard.name, "version": release.version},
                )
            )
        self.fields["versie"].choices = list(grouped.items())
        self.fields["regio"].choices = [
            ("", _("Alle regio's")),
            *((region.slug, region.name) for region in regions),
        ]

    def clean_versie(self) -> Release | None:
        key = self.cleaned_data["versie"]
        # Without a choice: the newest release of the first standard, the first in the list.
        return self.releases.get(key) or next(iter(self.releases.values()), None)

    def clean_regio(self) -> Organisation | None:
        return self.regions.get(self.cleaned_data["regio"])

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("provincie") and cleaned.get("regio"):
            raise forms.ValidationError(
                _("Kies een provincie of een regio, niet allebei."), code="province_and_region"
            )
        return cleaned


@dataclass(frozen=True)
class DashboardRequest:
    """The filter form as read from the query string and, when valid, the overview."""

    form: AdoptionFilterForm
    overview: AdoptionOverview | None

    @property
    def query(self) -> str:
        """The query string that names this overview exactly (for the export link)."""
        if self.overview is None:
            return ""
        query = QueryDict(mutable=True)
        query["versie"] = _release_key(self.overview.release)
        if self.overview.province:
            query["provincie"] = self.overview.province.value
        if self.overview.region is not None:
            query["regio"] = self.overview.region.slug
        return query.urlencode()


def _check_may_view_all(request: HttpRequest) -> None:
    if not may_view_all(request.user):
        raise PermissionDenied(_("Alleen het secretariaat ziet de implementatiemonitor."))


def _read(request: HttpRequest) -> DashboardRequest:
    releases = list(
        Release.objects.filter(state__in=PUBLISHED_STATES)
        .select_related("standard")
        .order_by("standard__position", "standard__name", "-version_major", "-version_minor")
    )
    regions = list(
        Organisation.objects.filter(kind=OrganisationKind.REGION, active=True).order_by("name")
    )
    form = AdoptionFilterForm(request.GET, releases=releases, regions=regions)
    if not form.is_valid() or form.cleaned_data["versie"] is None:
        return DashboardRequest(form=form, overview=None)
    overview = adoption_overview(
        release=form.cleaned_data["versie"],
        province=form.cleaned_data["provincie"] or None,
        region=form.cleaned_data["regio"],
    )
    return DashboardRequest(form=form, overview=overview)


@login_required
def adoption_dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard for the release and filter in the query string."""
    _check_may_view_all(request)
    dashboard = _read(request)
    return render(
        request,
        "organisations/dashboard.html",
        {
            "form": dashboard.form,
            "overview": dashboard.overview,
            "export_query": dashboard.query,
            "has_releases": bool(dashboard.form.releases),
            "crumbs": [(_("Implementatiemonitor"), None)],
        },
    )


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _csv_row(row: OrganisationAdoption) -> list[str]:
    organisation = row.organisation
    oldest = row.oldest_release
    return [
        _cell(value)
        for value in (
            organisation.name,
            organisation.get_kind_display(),
            organisation.cbs_code or "",
            organisation.get_province_display(),
            row.status.label,
            row.contract_count,
            oldest.version if oldest is not None else "",
            row.deadline.isoformat() if row.deadline else "",
        )
    ]


@login_required
def adoption_export(request: HttpRequest) -> HttpResponse:
    """The organisations of the dashboard as CSV, one row each; a bad filter gives 400."""
    _check_may_view_all(request)
    dashboard = _read(request)
    overview = dashboard.overview
    if overview is None:
        messages = [str(error) for errors in dashboard.form.errors.values() for error in errors]
        if not dashboard.form.releases:
            messages.append(_("Er is nog geen gepubliceerde versie van een standaard."))
        return HttpResponse(
            "\n".join(messages) + "\n", status=400, content_type="text/plain; charset=utf-8"
        )
    release = overview.release
    filename = (
        f"implementatiemonitor-{release.standard.slug}-{release.version}"
        f"-{overview.at.isoformat()}.csv"
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Naam"),
            _("Soort"),
            _("CBS-code"),
            _("Provincie"),
            _("Status"),
            _("Contracten"),
            _("Oudste versie in gebruik"),
            _("Implementatietermijn tot"),
        ]
    )
    for row in overview.rows:
        writer.writerow(_csv_row(row))
    return response
