"""Finishing a release: freezing, reopening, adopting and publishing it with its change requests.

A release's own lifecycle is in ``standards.services.releases``; these services add the rules
that involve the change requests scheduled into it, and turn the standards app's refusals into
the governance errors the pages show:

* **freeze** only when every scheduled request has been applied: frozen means nothing more is
  applied, so a request left behind would stay scheduled forever;
* **publish** with an implementation deadline no earlier than art. 3.30's six months after
  publication when any included request is substantive (``governance.release_contents``,
  decision 0022); the included requests become *released* in the same transaction, so a
  published release never has requests left *applied*. (A release published another way, by
  an operator's command, releases them on the publish event: ``governance.receivers``, which
  then finds nothing left to do here.)

``seen_state`` is the release state the user's page showed; when someone else moved the release
in between, the service refuses with ``StateConflict`` instead of acting on a stale page.
"""

import datetime

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from governance.exceptions import InvalidInput, NotPermitted, StateConflict, TransitionRefused
from governance.release_contents import release_contents
from governance.services.application import change_requests_release
from governance.services.change_requests import Actor
from standards.deadlines import default_implementation_deadline
from standards.models import Release
from standards.services import releases as lifecycle


def _locked(release: Release, seen_state: str | None) -> Release:
    locked = Release.objects.select_for_update().select_related("standard").get(pk=release.pk)
    if seen_state is not None and locked.state != seen_state:
        raise StateConflict(
            _(
                "Versie %(version)s is intussen door iemand anders gewijzigd (status nu: "
                "%(state)s). Bekijk de actuele stand en probeer het zo nodig opnieuw."
            )
            % {"version": locked.version, "state": locked.get_state_display()}
        )
    return locked


def _run(action, **kwargs) -> Release:
    """Run a lifecycle service, with its refusals as governance errors."""
    try:
        return action(**kwargs)
    except lifecycle.NotPermitted as error:
        raise NotPermitted(str(error)) from error
    except lifecycle.TransitionRefused as error:
        raise TransitionRefused(str(error)) from error


def _user(by: Actor):
    return by if by is not None and by.is_authenticated else None


@transaction.atomic
def release_freeze(*, release: Release, by: Actor, seen_state: str | None = None) -> Release:
    """Freeze the draft: from now on nothing is applied to it."""
    release = _locked(release, seen_state)
    waiting = release_contents(release).to_apply
    if waiting:
        raise TransitionRefused(
            _(
                "Nog niet alle ingeplande verzoeken zijn verwerkt: %(numbers)s. Verwerk ze "
                "eerst; pas dan kan de versie worden bevroren."
            )
            % {"numbers": ", ".join(cr.number for cr in waiting)}
        )
    return _run(lifecycle.release_freeze, release=release, by=_user(by))


@transaction.atomic
def release_reopen(*, release: Release, by: Actor, seen_state: str | None = None) -> Release:
    """Back to draft, to apply or correct more before adoption."""
    release = _locked(release, seen_state)
    return _run(lifecycle.release_reopen, release=release, by=_user(by))


@transaction.atomic
def release_adopt(
    *,
    release: Release,
    by: Actor,
    adopted_on: datetime.date,
    note: str,
    seen_state: str | None = None,
) -> Release:
    """Record the steering group's adoption of the frozen release."""
    if not note.strip():
        raise InvalidInput(_("Leg vast welk besluit de versie vaststelde."), field="note")
    release = _locked(release, seen_state)
    return _run(
        lifecycle.release_adopt, release=release, by=_user(by), note=note, adopted_on=adopted_on
    )


@transaction.atomic
def release_publish(
    *,
    release: Release,
    by: Actor,
    published_on: datetime.date,
    effective_on: datetime.date,
    implementation_deadline: datetime.date,
    seen_state: str | None = None,
) -> Release:
    """Publish the adopted release with its dates; the previous one becomes superseded."""
    release = _locked(release, seen_state)
    if effective_on < published_on:
        raise InvalidInput(
            _("De ingangsdatum kan niet vóór de publicatiedatum liggen."), field="effective_on"
        )
    if implementation_deadline < published_on:
        raise InvalidInput(
            _("De implementatietermijn kan niet vóór de publicatiedatum eindigen."),
            field="implementation_deadline",
        )
    contents = release_contents(release)
    least = default_implementation_deadline(published_on)
    if contents.needs_implementation_term and implementation_deadline < least:
        raise InvalidInput(
            _(
                "Deze versie bevat inhoudelijke wijzigingen (%(numbers)s). Partijen hebben dan "
                "ten minste zes maanden na publicatie om hun contracten aan te passen "
                "(art. 3.30): kies %(date)s of later."
            )
            % {
                "numbers": ", ".join(cr.number for cr in contents.substantive),
                "date": date_format(least, "j F Y"),
            },
            field="implementation_deadline",
        )
    published = _run(
        lifecycle.release_publish,
        release=release,
        by=_user(by),
        published_on=published_on,
        effective_on=effective_on,
        implementation_deadline=implementation_deadline,
    )
    change_requests_release(release=published)
    return published
