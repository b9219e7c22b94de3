"""Query parameters that narrow the list of a standard's releases (camelCase keys)."""

import django_filters

from standards.constants import ReleaseState
from standards.models import Release


class ReleaseFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(
        choices=ReleaseState.choices,
        help_text="Only releases in these states (repeat for several).",
    )

    class Meta:
        model = Release
        fields = ["state"]
