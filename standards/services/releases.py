"""Services that move releases through their lifecycle and start the next draft.

Each service checks the actor's permission, runs the model's transition inside a transaction,
records the actor and a reason in the history, and sends domain events after commit. ``by=None``
means the system itself (a management command run by an operator), which is always allowed.
"""

import datetime
import logging
from collections.abc import Callable
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from django_fsm import can_proceed, has_transition_perm
from simple_history.utils import bulk_create_with_history

from standards import events
from standards.deadlines import default_implementation_deadline
from standards.exceptions import DraftAlreadyExists, NothingPublished, StandardsError
from standards.models import (
    ArticleVersion,
    DocumentVersion,
    FrontMatterSection,
    Release,
    Standard,
)
from standards.selectors import latest_published_release, open_release
from standards.services.redlines import redlines_store_between
from standards.versions import next_minor_version, parse_version

logger = logging.getLogger(__name__)


class NotPermitted(StandardsError):
    """The actor's role does not allow this action."""


class TransitionRefused(StandardsError):
    """The release is not in a state that allows this action."""


def _run_transition(
    release: Release,
    method_name: str,
    *,
    by: AbstractBaseUser | None,
    reason: str,
    **kwargs,
) -> Release:
    # Lock the row: two managers publishing at once must not both succeed.
    locked = Release.objects.select_for_update().get(pk=release.pk)
    method: Callable = getattr(locked, method_name)
    if not can_proceed(method):
        raise TransitionRefused(
            _("Dit kan niet bij een versie met status '%(state)s'.")
            % {"state": locked.get_state_display()}
        )
    if by is not None and not has_transition_perm(method, by):
        raise NotPermitted(_("U hebt geen recht om versies te beheren."))
    method(**kwargs)
    locked._history_user = by
    locked._change_reason = reason
    locked.save()
    return locked


@transaction.atomic
def release_freeze(*, release: Release, by: AbstractBaseUser | None) -> Release:
    return _run_transition(release, "freeze", by=by, reason=_("Versie bevroren"))


@transaction.atomic
def release_reopen(*, release: Release, by: AbstractBaseUser | None) -> Release:
    return _run_transition(release, "reopen", by=by, reason=_("Versie heropend"))


@transaction.atomic
def release_adopt(
    *,
    release: Release,
    by: AbstractBaseUser | None,
    note: str,
    adopted_on: datetime.date | None = None,
) -> Release:
    return _run_transition(
        release,
        "adopt",
        by=by,
        reason=_("Versie vastgesteld"),
        adopted_on=adopted_on or timezone.localdate(),
        note=note,
    )


@transaction.atomic
def release_publish(
    *,
    release: Release,
    by: AbstractBaseUser | None,
    effective_on: datetime.date,
    published_on: datetime.date | None = None,
    implementation_deadline: datetime.date | None = None,
) -> Release:
    """Publish: seal the snapshot, set its dates and supersede the previous published release.

    The implementation deadline defaults to 6 calendar months after publication (art. 3.30).
    """
    published_on = published_on or timezone.localdate()
    previous = latest_published_release(release.standard)
    published = _run_transition(
        release,
        "publish",
        by=by,
        reason=_("Versie gepubliceerd"),
        published_on=published_on,
        effective_on=effective_on,
        implementation_deadline=implementation_deadline
        or default_implementation_deadline(published_on),
    )
    if previous is not None and previous.pk != published.pk:
        superseded = _run_transition(
            previous, "supersede", by=None, reason=_("Vervangen door %s") % published.version
        )
        # The comparison with the superseded release is the one everybody opens now.
        redlines_store_between(old=previous, new=published)
    else:
        superseded = None
    transaction.on_commit(partial(_announce_published, published, superseded))
    return published


def _announce_published(release: Release, superseded: Release | None) -> None:
    """Tell the subscribers; one failing receiver must not stop the others (or fail the page of
    a publication that has already committed), so failures are logged, not raised."""
    results = events.release_published.send_robust(
        sender=Release, release=release, superseded=superseded
    )
    for receiver, result in results:
        if isinstance(result, Exception):
            logger.error(
                "release_published receiver %r failed for %s",
                receiver,
                release,
                exc_info=(type(result), result, result.__traceback__),
            )


@transaction.atomic
def release_withdraw(*, release: Release, by: AbstractBaseUser | None) -> Release:
    return _run_transition(release, "withdraw", by=by, reason=_("Versie ingetrokken"))


@transaction.atomic
def release_create_draft(
    *,
    standard: Standard,
    by: AbstractBaseUser | None,
    version: str | None = None,
    submission_deadline: datetime.datetime | None = None,
) -> Release:
    """Start the next release as a copy of the last published one.

    A standard has at most one open release at a time, so that every change request has exactly
    one draft to land in.
    """
    Standard.objects.select_for_update().get(pk=standard.pk)
    if by is not None and not by.has_perm("standards.manage_release"):
        raise NotPermitted(_("U hebt geen recht om versies te beheren."))
    if (existing := open_release(standard)) is not None:
        raise DraftAlreadyExists(
            _("Er is al een open versie %(version)s van %(standard)s.")
            % {"version": existing.version, "standard": standard}
        )
    base = latest_published_release(standard)
    if base is None:
        raise NothingPublished(
            _("%(standard)s heeft nog geen gepubliceerde versie die als basis kan dienen.")
            % {"standard": standard}
        )
    major, minor = parse_version(
        version or next_minor_version(base.version_major, base.version_minor)
    )
    draft = Release(
        standard=standard,
        version_major=major,
        version_minor=minor,
        based_on=base,
        submission_deadline=submission_deadline,
    )
    draft._history_user = by
    draft._change_reason = _("Nieuwe conceptversie op basis van %s") % base.version
    draft.save()
    copy_release_content(source=base, target=draft, by=by)
    return draft


def copy_release_content(*, source: Release, target: Release, by: AbstractBaseUser | None) -> None:
    """Copy documents, articles and front matter of ``source`` into the (open) ``target``."""
    reason = _("Overgenomen uit versie %s") % source.version
    bulk_create_with_history(
        [
            DocumentVersion(
                release=target,
                document_id=dv.document_id,
                title=dv.title,
                introduction=dv.introduction,
                position=dv.position,
            )
            for dv in source.document_versions.all()
        ],
        DocumentVersion,
        default_user=by,
        default_change_reason=reason,
    )
    bulk_create_with_history(
        [
            ArticleVersion(
                release=target,
                article_id=av.article_id,
                document_id=av.document_id,
                number=av.number,
                title=av.title,
                chapter=av.chapter,
                is_optional=av.is_optional,
                position=av.position,
                text=av.text,
                content_hash=av.content_hash,
            )
            for av in source.article_versions.all()
        ],
        ArticleVersion,
        default_user=by,
        default_change_reason=reason,
    )
    bulk_create_with_history(
        [
            FrontMatterSection(
                release=target,
                source=fm.source,
                kind=fm.kind,
                heading=fm.heading,
                text=fm.text,
                position=fm.position,
            )
            for fm in source.front_matter.all()
        ],
        FrontMatterSection,
        default_user=by,
        default_change_reason=reason,
    )
