"""The filters of the public list of change requests (``/wijzigingsverzoeken/``).

Everything comes from the query string, so a filtered list is a link that can be shared and
bookmarked. A value that does not fit (an unknown standard, a malformed article key) becomes an
error on the form and that filter is left out; it never breaks the page.
"""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

import django_filters

from governance import selectors
from governance.constants import UNCONFIRMED_STATES, ChangeRequestState
from organisations.constants import OrganisationKind
from standards.models import Standard

PUBLIC_STATES = [
    (value, label) for value, label in ChangeRequestState.choices if value not in UNCONFIRMED_STATES
]


class ChangeRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Zoeken"),
        method="search",
        help_text=_("Zoekt in nummer, titel, samenvatting en motivering."),
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 200}),
    )
    standard = django_filters.ModelChoiceFilter(
        label=_("Standaard"),
        queryset=Standard.objects.order_by("position", "name"),
        to_field_name="slug",
        empty_label=_("Alle standaarden"),
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=PUBLIC_STATES, empty_label=_("Alle statussen")
    )
    organisation_type = django_filters.ChoiceFilter(
        label=_("Soort organisatie"),
        choices=OrganisationKind.choices,
        empty_label=_("Alle soorten"),
    )
    release = django_filters.ChoiceFilter(
        label=_("Voor versie"),
        field_name="target_version",
        choices=[],
        empty_label=_("Alle versies"),
    )
    # The article's lasting identity (``Article.key``), set by the link on an article page.
    article = django_filters.UUIDFilter(label=_("Artikel"), field_name="article__key")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Read the versions once: a callable would be asked again when validating and rendering.
        versions = selectors.change_request_target_versions()
        self.filters["release"].extra["choices"] = [(version, version) for version in versions]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(motivation__icontains=value)
        )
