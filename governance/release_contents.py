"""What a release brings: the change requests scheduled into it, and what their impact means.

Every approved change request is scheduled into the draft of a coming release and applied to
it there. Before the release is frozen, adopted and published, the release manager needs the
list in one place: which requests are in, which are still to be applied, which were applied by
hand after a conflict, and the impact class each request was filed with.

The impact classes decide the implementation term (decision 0022): a release with at least one
substantive change (compatible or not with existing agreements) gives parties the term of
art. 3.30, six calendar months after publication, or longer; a release of only non-substantive
changes may take effect without a new term.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet

from governance.constants import ChangeRequestState, ImpactClass
from governance.models import ChangeRequest
from standards.models import Release

IN_RELEASE_STATES = (
    ChangeRequestState.SCHEDULED,
    ChangeRequestState.APPLIED,
    ChangeRequestState.RELEASED,
)
SUBSTANTIVE = frozenset({ImpactClass.COMPATIBLE, ImpactClass.NON_COMPATIBLE})


def change_requests_in_release(release: Release) -> QuerySet[ChangeRequest]:
    """The requests scheduled into ``release`` (also once applied or released), by number."""
    return (
        ChangeRequest.objects.filter(scheduled_release=release, state__in=IN_RELEASE_STATES)
        .select_related(
            "document", "article", "base_version__document", "applied_version__document"
        )
        .order_by("year", "sequence")
    )


@dataclass(frozen=True)
class ReleaseContents:
    release: Release
    change_requests: tuple[ChangeRequest, ...]

    @property
    def to_apply(self) -> tuple[ChangeRequest, ...]:
        """Scheduled but not yet worked into the draft."""
        return tuple(cr for cr in self.change_requests if cr.state == ChangeRequestState.SCHEDULED)

    @property
    def impact_counts(self) -> list[tuple[str, int]]:
        """(label, number of requests) for each impact class the requests have, in the order of
        the classes."""
        counts = Counter(cr.impact for cr in self.change_requests)
        return [(label, counts[value]) for value, label in ImpactClass.choices if counts[value]]

    @property
    def substantive(self) -> tuple[ChangeRequest, ...]:
        """The requests whose change is substantive: they need the term of art. 3.30."""
        return tuple(cr for cr in self.change_requests if cr.impact in SUBSTANTIVE)

    @property
    def needs_implementation_term(self) -> bool:
        return bool(self.substantive)


def release_contents(release: Release) -> ReleaseContents:
    """The requests of ``release`` with the facts the release manager decides on; one query."""
    return ReleaseContents(
        release=release, change_requests=tuple(change_requests_in_release(release))
    )
