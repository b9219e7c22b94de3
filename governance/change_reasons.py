"""Governance's answer to "why did this article change?": the change requests applied to it.

A change request that was applied to a release explains the change of its article in every
comparison that spans that release: comparing 1.1 with 1.3 lists the requests of 1.2 and 1.3;
comparing 1.3 with 1.1 (backwards) lists the same ones. A request for a new article explains the
article it created; any other request the article it was filed on. Requests of a withdrawn
release explain nothing, since their release never took effect.

Registered with ``standards.change_reasons`` in ``GovernanceConfig.ready``.
"""

from collections.abc import Collection

from django.db.models import Q

from governance.constants import ChangeKind, ChangeRequestState
from governance.models import ChangeRequest
from standards.change_reasons import ChangeReason
from standards.constants import ReleaseState
from standards.models import Release


def _after(release: Release) -> Q:
    major, minor = release.version_major, release.version_minor
    return Q(scheduled_release__version_major__gt=major) | Q(
        scheduled_release__version_major=major, scheduled_release__version_minor__gt=minor
    )


def _up_to(release: Release) -> Q:
    major, minor = release.version_major, release.version_minor
    return Q(scheduled_release__version_major__lt=major) | Q(
        scheduled_release__version_major=major, scheduled_release__version_minor__lte=minor
    )


def applied_change_requests(
    old: Release, new: Release, article_ids: Collection[int]
) -> dict[int, list[ChangeReason]]:
    """The requests applied to the releases after the older and up to the newer of the two, per
    article identity among ``article_ids``, in number order. One query."""
    lower, upper = sorted((old, new), key=lambda r: (r.version_major, r.version_minor))
    ids = list(article_ids)
    requests = (
        ChangeRequest.objects.filter(
            _after(lower),
            _up_to(upper),
            scheduled_release__standard_id=lower.standard_id,
            state__in=(ChangeRequestState.APPLIED, ChangeRequestState.RELEASED),
        )
        .exclude(scheduled_release__state=ReleaseState.WITHDRAWN)
        .filter(
            Q(kind=ChangeKind.NEW_ARTICLE, applied_version__article_id__in=ids)
            | (~Q(kind=ChangeKind.NEW_ARTICLE) & Q(article_id__in=ids))
        )
        .only("number", "title", "kind", "state", "article_id", "applied_version__article_id")
        .select_related("applied_version")
        .order_by("year", "sequence")
    )
    reasons: dict[int, list[ChangeReason]] = {}
    for change_request in requests:
        article_id = (
            change_request.applied_version.article_id
            if change_request.kind == ChangeKind.NEW_ARTICLE
            else change_request.article_id
        )
        reasons.setdefault(article_id, []).append(
            ChangeReason(
                reference=change_request.number,
                title=change_request.title,
                url=change_request.get_absolute_url(),
            )
        )
    return reasons
