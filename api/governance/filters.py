"""Query parameters of the governance lists, with camelCase keys (NL API Design Rules).

The change-request list filters as the public web list does (``governance.filters``): the same
public states, the same standards, the article by its lasting identity and the same search. A
value that does not fit (an unknown state or standard, a malformed date or article identity) is
a ``400`` listing the parameter in ``invalidParams``, never an empty list that hides the mistake;
a well-formed release version that no request targets simply matches nothing.

The calendar of deadlines filters on dates: ``from`` and ``to`` (both inclusive) keep the
deadlines that fall in that window, in Europe/Amsterdam.
"""

import datetime

from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

import django_filters

from governance.filters import PUBLIC_STATES, ChangeRequestFilter
from governance.models import ChangeRequest, FaqEntry
from organisations.constants import OrganisationKind
from standards.models import Standard

# ISO 8601 only: Django would also read the locale's formats (31-12-2026), which is ambiguous.
ISO_DATE = ["%Y-%m-%d"]
VERSION_FORMAT = RegexValidator(r"^\d+\.\d+$", _("Geef een versie als 1.1."))


STANDARDS = Standard.objects.order_by("position", "name")


class VersionFilter(django_filters.CharFilter):
    """A release version as ``major.minor``; anything else is invalid input."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("validators", [VERSION_FORMAT])
        super().__init__(*args, **kwargs)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering that ends on the number, so that pages never share or skip a row."""

    def filter(self, qs: QuerySet, value) -> QuerySet:
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "-year", "-sequence")
        return qs


class ChangeRequestApiFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="search_text",
        max_length=200,
        help_text="Searches number, title, summary and motivation (as the web list does).",
    )
    state = django_filters.ChoiceFilter(
        choices=PUBLIC_STATES, help_text="Only requests in this state."
    )
    standard = django_filters.ModelChoiceFilter(
        queryset=STANDARDS,
        to_field_name="slug",
        help_text="The standard's slug, e.g. cs-jeugd.",
    )
    article = django_filters.UUIDFilter(
        field_name="article__key",
        help_text="The article's lasting identity (the id of /articles/{id}).",
    )
    release = VersionFilter(
        field_name="target_version",
        help_text="The release the request targets, e.g. 1.1.",
    )
    organisationType = django_filters.ChoiceFilter(
        field_name="organisation_type",
        choices=OrganisationKind.choices,
        help_text="The kind of organisation that filed the request.",
    )
    submittedAfter = django_filters.DateFilter(
        input_formats=ISO_DATE,
        field_name="submitted_at__date",
        lookup_expr="gte",
        help_text="Submitted on or after this date (ISO 8601, Europe/Amsterdam).",
    )
    submittedBefore = django_filters.DateFilter(
        input_formats=ISO_DATE,
        field_name="submitted_at__date",
        lookup_expr="lte",
        help_text="Submitted on or before this date (ISO 8601, Europe/Amsterdam).",
    )
    updatedSince = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=(
            "Changed at or after this moment (ISO 8601 with offset): for incremental "
            "synchronisation."
        ),
    )
    ordering = StableOrderingFilter(
        fields=(("number", "number"), ("updated_at", "updatedAt"), ("submitted_at", "submittedAt")),
        help_text="Sort order; a minus sign reverses it. Default: newest number first.",
    )

    class Meta:
        model = ChangeRequest
        fields: list[str] = []

    def search_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The very search of the web list, so that a link and an API call find the same.
        return ChangeRequestFilter.search(self, queryset, name, value)


class FaqEntryApiFilter(django_filters.FilterSet):
    standard = django_filters.ModelChoiceFilter(
        queryset=STANDARDS,
        to_field_name="slug",
        help_text="The standard's slug, e.g. cs-jeugd.",
    )
    article = django_filters.UUIDFilter(
        field_name="article__key",
        help_text="The article's lasting identity (the id of /articles/{id}).",
    )

    class Meta:
        model = FaqEntry
        fields: list[str] = []


class DeadlineWindowForm(forms.Form):
    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.add_error(
                "to",
                forms.ValidationError(_("De einddatum ligt voor de begindatum."), code="invalid"),
            )
        return cleaned


class DeadlineFilter(django_filters.FilterSet):
    """Validates the calendar's parameters; ``from`` and ``to`` select deadlines, not releases.

    A release has several dates, so the window is applied to the deadlines themselves
    (``window``); only ``standard`` narrows the releases read.
    """

    standard = django_filters.ModelChoiceFilter(
        queryset=STANDARDS,
        to_field_name="slug",
        help_text="The standard's slug, e.g. cs-jeugd.",
    )

    class Meta:
        form = DeadlineWindowForm

    def window(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The ``from`` and ``to`` dates asked for (after ``is_valid``)."""
        data = self.form.cleaned_data
        return data.get("from"), data.get("to")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        standard = self.form.cleaned_data.get("standard")
        return queryset.filter(standard=standard) if standard is not None else queryset


# ``from`` and ``to`` are Python keywords, so they are declared by name.
DeadlineFilter.base_filters["from"] = django_filters.DateFilter(
    input_formats=ISO_DATE,
    help_text="Only dates on or after this date (ISO 8601, inclusive).",
)
DeadlineFilter.base_filters["to"] = django_filters.DateFilter(
    input_formats=ISO_DATE,
    help_text="Only dates on or before this date (ISO 8601, inclusive).",
)
