"""Working approved change requests into the draft of their release, and releasing them.

A scheduled request is applied to the draft of the release it was scheduled into:

- a change of wording (or an editorial correction) replaces the article's text in the draft, but
  only blindly when that text is still the text the request was written against. When the
  article changed in the meantime (another request, an editorial pass) the service refuses with
  ``ApplyConflict``, carrying the base, current and proposed texts; the release manager then
  writes the resolved text, and the request is recorded as applied by hand;
- a new article is added after the article it was filed on (or at the end of its document),
  with a number and title the release manager gives it, and gets its own identity;
- a removal takes the article out of the draft.

The request points at the article version it produced. When its release is published, every
request applied to it becomes *released* (``change_requests_release``, run on the
``release_published`` event).
"""

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from django_fsm import has_transition_perm

from governance.constants import Application, ChangeKind, ChangeRequestState
from governance.exceptions import ApplyConflict, InvalidInput, NotPermitted, TransitionRefused
from governance.models import ChangeRequest
from governance.services.change_requests import Actor, _transition
from standards.constants import ReleaseState
from standards.exceptions import StandardsError
from standards.models import ArticleVersion, Release
from standards.services.articles import (
    article_version_add,
    article_version_remove,
    article_version_revise,
)
from standards.texts import normalise_text


def _same(a: str, b: str) -> bool:
    return normalise_text(a).strip() == normalise_text(b).strip()


def _draft_version(change_request: ChangeRequest, release: Release) -> ArticleVersion | None:
    if change_request.article_id is None:
        return None
    return (
        release.article_versions.select_related("release", "document")
        .filter(article_id=change_request.article_id)
        .first()
    )


@transaction.atomic
def change_request_apply(
    *,
    change_request: ChangeRequest,
    by: Actor,
    text: str | None = None,
    number: str = "",
    title: str = "",
    comment: str = "",
) -> ChangeRequest:
    """Apply a scheduled request to its draft; ``text`` is the release manager's resolution."""
    release = change_request.scheduled_release
    if change_request.state != ChangeRequestState.SCHEDULED or release is None:
        raise TransitionRefused(
            _("Alleen een ingepland verzoek kan in het concept worden verwerkt.")
        )
    if not has_transition_perm(change_request.apply, by if by is not None else AnonymousUser()):
        raise NotPermitted(_("U hebt geen recht om verzoeken in het concept te verwerken."))
    release = Release.objects.select_for_update().get(pk=release.pk)
    if release.state != ReleaseState.DRAFT:
        raise TransitionRefused(
            _("Versie %(version)s is geen concept meer; er kan niets meer worden verwerkt.")
            % {"version": release.version}
        )
    reason = _("Verwerkt uit %(number)s") % {"number": change_request.number}  # article history
    current = _draft_version(change_request, release)
    application = Application.CLEAN
    try:
        if change_request.kind == ChangeKind.NEW_ARTICLE:
            if not number.strip() or not title.strip():
                raise InvalidInput(
                    _("Geef het nieuwe artikel een nummer en een titel."),
                    field="number" if not number.strip() else "title",
                )
            produced = article_version_add(
                release=release,
                document=change_request.document,
                after=current,
                number=number,
                title=title,
                text=text if text is not None else change_request.proposed_text,
                by=by,
                reason=reason,
            )
        elif change_request.kind == ChangeKind.REMOVE_ARTICLE:
            if current is None:
                raise InvalidInput(_("Het artikel staat al niet meer in het concept."), field=None)
            article_version_remove(version=current, by=by, reason=reason)
            produced = None
        else:
            base = change_request.base_text
            if current is None:
                raise InvalidInput(
                    _(
                        "Het artikel staat niet meer in het concept van versie %(version)s; "
                        "verwerk de wijziging met de hand of wijs het verzoek af."
                    )
                    % {"version": release.version}
                )
            untouched = _same(current.text, base)
            if text is None:
                if not untouched:
                    raise ApplyConflict(
                        _(
                            "Artikel %(number)s is in het concept gewijzigd sinds het verzoek "
                            "werd geschreven. Vergelijk de drie teksten en stel de tekst na "
                            "verwerking vast."
                        )
                        % {"number": current.number},
                        base=base,
                        current=current.text,
                        proposed=change_request.proposed_text,
                    )
                resolved = change_request.proposed_text
            else:
                if not normalise_text(text).strip():
                    raise InvalidInput(_("Geef de tekst na verwerking."), field="text")
                resolved = text
                if not (untouched and _same(text, change_request.proposed_text)):
                    application = Application.MANUAL
            produced = article_version_revise(version=current, text=resolved, by=by, reason=reason)
    except StandardsError as error:
        raise InvalidInput(str(error)) from error
    public = comment.strip() or _("Verwerkt in het concept van versie %(version)s.") % {
        "version": release.version
    }
    change_request, _event = _transition(
        change_request,
        "apply",
        by=by,
        reason=_("Verwerkt in het concept"),
        public_comment=public,
        internal_note=_("Handmatig verwerkt na een conflict.")
        if application == Application.MANUAL
        else "",
        article_version=produced,
        application=application,
    )
    return change_request


@transaction.atomic
def change_requests_release(*, release: Release) -> list[ChangeRequest]:
    """Every request applied to ``release`` is released with it; run when it is published."""
    released = []
    applied = ChangeRequest.objects.filter(
        scheduled_release=release, state=ChangeRequestState.APPLIED
    ).order_by("year", "sequence")
    for change_request in applied:
        change_request, _event = _transition(
            change_request,
            "release",
            by=None,
            reason=_("Gepubliceerd in versie %(version)s") % {"version": release.version},
            public_comment=_("Opgenomen in versie %(version)s, gepubliceerd.")
            % {"version": release.version},
        )
        released.append(change_request)
    return released
