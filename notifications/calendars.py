"""iCalendar feeds: the dates of the standards that people plan their work around.

A municipality's contract manager subscribes a calendar program to one address and sees, in
Dutch, what is coming:

* the submission deadline of a release (the last moment to file a change request for it:
  23:59 Amsterdam time, ``standards.deadlines.end_of_day``), as a timed event with
  ``TZID=Europe/Amsterdam`` and the zone's ``VTIMEZONE``;
* the effective date (ingangsdatum) and the end of the implementation term
  (implementatietermijn, art. 3.30) of every published release, as all-day events
  (``VALUE=DATE``);
* the meetings of the steering group (date and location only; the agenda is not public), as
  all-day events, linked to the decision list once it is published.

Three calendars: ``/agenda.ics`` (every standard), ``/standaarden/<standard>/agenda.ics``, and
``/organisaties/<organisation>/agenda.ics?sleutel=…``, the deadlines of one organisation's
contracts. A public calendar is a scope of releases plus the meetings (the steering group
decides on every standard, so each standard's calendar has all its meetings).

An organisation's calendar is not public (its contracts are not): its address carries a signed
key (``organisation_calendar_url``, shown to who may see the organisation), because a calendar
program cannot log in. A wrong or altered key, or one for another organisation, is a 404. It
holds one all-day event per contract that binds the organisation (its own and, for a
municipality, its regions'; ``organisations.selectors.contracts_binding``) and has a newer
release to move to: on the day the contract must have moved (the earliest implementation
deadline of the releases it missed, as in ``organisations.obligations``), naming the newest
release. The event is the contract's, whatever the release: when a release is published it
moves in place; when the contract has moved, it is gone. A contract that ends before the
deadline has none. The events follow from the data alone, not from today's date.

Every event has a UID made from the row's primary key and what the date is
(``release-12-effective@cs-portaal.nl``), so a calendar program updates an event in place when a
date moves instead of adding a second one. ``DTSTAMP`` is the row's own creation time, never
"now", so the same data always gives the same bytes (and a cache or a conditional request can
rely on it). Submission deadlines stay in the calendar after the release is published: a
calendar program removes an event that disappears from a subscribed calendar, and a deadline
that passed is still history; a withdrawn release takes its dates with it. Two queries per
public calendar and three per organisation's, however many events.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from icalendar import Calendar, Event

from governance.models import SteeringMeeting
from notifications.feeds import PUBLISHER, standard_get_or_404
from notifications.targets import describe_organisation
from organisations.models import Contract, Organisation
from organisations.obligations import PUBLISHED_STATES, version_key
from organisations.selectors import contracts_binding
from standards.constants import SEALED_RELEASE_STATES, ReleaseState
from standards.deadlines import AMSTERDAM
from standards.models import Release, Standard

UID_DOMAIN = "cs-portaal.nl"
PRODID = "-//Ketenbureau i-Sociaal Domein//CS-portaal//NL"
CALENDAR_MAX_AGE = 300  # seconds
REFRESH_INTERVAL = datetime.timedelta(hours=1)
ONE_DAY = datetime.timedelta(days=1)
ORGANISATION_CALENDAR_SALT = "notifications.organisation-calendar"
ORGANISATION_CALENDAR_KEY = "sleutel"  # the query parameter that carries the signed key


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT: ``start`` is a date (all day) or an aware datetime (a moment)."""

    uid: str
    summary: str
    start: datetime.date | datetime.datetime
    stamp: datetime.datetime
    description: str = ""
    url: str = ""
    location: str = ""

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime.datetime)


# Reads ------------------------------------------------------------------------------------------


def calendar_releases(*, standards: Iterable[Standard] | None = None) -> QuerySet[Release]:
    """Releases with a date to show (withdrawn ones have none), oldest version first.

    All fields are read: a ``Release`` remembers its loaded values to refuse changes once
    sealed, so a deferred field would cost one query per row.
    """
    releases = (
        Release.objects.exclude(state=ReleaseState.WITHDRAWN)
        .filter(
            Q(submission_deadline__isnull=False)
            | Q(state__in=SEALED_RELEASE_STATES, effective_on__isnull=False)
            | Q(state__in=SEALED_RELEASE_STATES, implementation_deadline__isnull=False)
        )
        .select_related("standard")
    )
    if standards is not None:
        releases = releases.filter(standard__in=standards)
    return releases.order_by("standard__position", "standard__name", "version_major", "pk")


def calendar_meetings() -> QuerySet[SteeringMeeting]:
    """Every steering meeting, with only what the calendar shows (never the agenda)."""
    return SteeringMeeting.objects.only(
        "pk", "held_on", "location", "decisions_published_at", "created_at"
    ).order_by("held_on", "pk")


# Events -----------------------------------------------------------------------------------------


def _uid(specific: str) -> str:
    return f"{specific}@{UID_DOMAIN}"


def _release_name(release: Release) -> str:
    return _("%(standard)s versie %(version)s") % {
        "standard": release.standard.name,
        "version": release.version,
    }


def release_events(releases: Iterable[Release]) -> Iterator[CalendarEvent]:
    """The submission deadline, effective date and end of the implementation term of each."""
    for release in releases:
        name, url = _release_name(release), release.get_absolute_url()
        if release.submission_deadline is not None:
            deadline = release.submission_deadline.astimezone(AMSTERDAM)
            yield CalendarEvent(
                uid=_uid(f"release-{release.pk}-submission-deadline"),
                summary=_("Laatste moment wijzigingsverzoeken voor %(release)s")
                % {"release": name},
                start=deadline,
                stamp=release.created_at,
                description=_(
                    "Wijzigingsverzoeken voor %(release)s kunnen worden ingediend tot en met "
                    "%(date)s om %(time)s. Een later verzoek is voor de versie daarna."
                )
                % {
                    "release": name,
                    "date": date_format(deadline.date(), "j F Y"),
                    "time": deadline.strftime("%H:%M"),
                },
                url=url,
            )
        if release.state not in SEALED_RELEASE_STATES:
            continue
        if release.effective_on is not None:
            yield CalendarEvent(
                uid=_uid(f"release-{release.pk}-effective"),
                summary=_("%(release)s gaat in") % {"release": name},
                start=release.effective_on,
                stamp=release.created_at,
                description=_(
                    "Vanaf deze datum geldt %(release)s voor nieuwe inkoop en aanbesteding."
                )
                % {"release": name},
                url=url,
            )
        if release.implementation_deadline is not None:
            yield CalendarEvent(
                uid=_uid(f"release-{release.pk}-implementation-deadline"),
                summary=_("Einde implementatietermijn %(release)s") % {"release": name},
                start=release.implementation_deadline,
                stamp=release.created_at,
                description=_(
                    "Bestaande overeenkomsten zijn uiterlijk op deze dag aangepast aan %(release)s."
                )
                % {"release": name},
                url=url,
            )


def meeting_events(meetings: Iterable[SteeringMeeting]) -> Iterator[CalendarEvent]:
    for meeting in meetings:
        url = (
            reverse("governance:decision_list", kwargs={"pk": meeting.pk})
            if meeting.decisions_published
            else ""
        )
        yield CalendarEvent(
            uid=_uid(f"steering-meeting-{meeting.pk}"),
            summary=_("Vergadering Stuurgroep i-Sociaal Domein"),
            start=meeting.held_on,
            stamp=meeting.created_at,
            description=(
                _("De besluitenlijst is gepubliceerd.")
                if meeting.decisions_published
                else _("De stuurgroep besluit over wijzigingsverzoeken op de contractstandaarden.")
            ),
            url=url,
            location=meeting.location,
        )


def contract_deadline_events(
    contracts: Iterable[Contract], releases: Iterable[Release]
) -> Iterator[CalendarEvent]:
    """The day each contract must have moved to a newer release among ``releases`` (the
    published ones of the contracts' standards), if there is one and the contract still runs
    then."""
    by_standard: dict[int, list[Release]] = {}
    for release in releases:
        if release.state in PUBLISHED_STATES:
            by_standard.setdefault(release.standard_id, []).append(release)
    for contract in contracts:
        current = version_key(contract.release)
        missed = sorted(
            (r for r in by_standard.get(contract.standard_id, ()) if version_key(r) > current),
            key=version_key,
        )
        deadlines = [r.implementation_deadline for r in missed if r.implementation_deadline]
        if not deadlines:
            continue
        deadline, target = min(deadlines), missed[-1]
        if contract.ends_on is not None and contract.ends_on < deadline:
            continue
        names = {
            "contract": str(contract),
            "release": _release_name(target),
            "version": contract.release.version,
        }
        yield CalendarEvent(
            uid=_uid(f"contract-{contract.pk}-implementation-deadline"),
            summary=_("%(contract)s uiterlijk over naar %(release)s") % names,
            start=deadline,
            stamp=contract.created_at,
            description=_(
                "Het contract %(contract)s is gebaseerd op versie %(version)s en moet uiterlijk "
                "op deze dag zijn aangepast aan %(release)s (art. 3.30)."
            )
            % names,
            url=contract.get_absolute_url(),
        )


# The calendar -----------------------------------------------------------------------------------


def calendar_ics(*, uid: str, name: str, events: Iterable[CalendarEvent], base_url: str) -> bytes:
    """An iCalendar (RFC 5545) to publish: the same events always give the same bytes.

    ``uid`` names the calendar itself (``calendar-all``); ``base_url`` makes the events' URLs
    absolute (``https://cs-portaal.nl``).
    """
    calendar = Calendar.new(
        uid=_uid(uid),
        prodid=PRODID,
        method="PUBLISH",
        name=name,
        description=_("Termijnen en vergaderingen van de contractstandaarden, van %(publisher)s.")
        % {"publisher": PUBLISHER},
        refresh_interval=REFRESH_INTERVAL,
    )
    # Older programs (Outlook, Apple Calendar) read the X-WR- variants only.
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    calendar.add("x-published-ttl", "PT1H")
    ordered = sorted(events, key=lambda event: (_sort_key(event.start), event.uid))
    for event in ordered:
        calendar.add_component(_vevent(event, base_url=base_url))
    # The zone's rules for the years of the timed events only: a short VTIMEZONE that depends
    # on the data, not on today's date.
    moments = [event.start for event in ordered if not event.all_day]
    if moments:
        calendar.add_missing_timezones(
            first_date=datetime.date(min(moments).year, 1, 1),
            last_date=datetime.date(max(moments).year + 1, 1, 1),
        )
    return calendar.to_ical()


def _sort_key(start: datetime.date | datetime.datetime) -> datetime.datetime:
    if isinstance(start, datetime.datetime):
        return start
    return datetime.datetime.combine(start, datetime.time(0, 0), tzinfo=AMSTERDAM)


def _vevent(event: CalendarEvent, *, base_url: str) -> Event:
    vevent = Event.new(
        uid=event.uid,
        summary=event.summary,
        start=event.start,
        # An all-day event lasts its day; a deadline is a moment, without an end.
        end=event.start + ONE_DAY if event.all_day else None,
        stamp=event.stamp.astimezone(datetime.UTC),
        description=event.description or None,
        location=event.location or None,
        url=f"{base_url}{event.url}" if event.url else None,
    )
    # A date to keep in mind, not time taken: it does not make anyone "busy".
    vevent.add("transp", "TRANSPARENT")
    return vevent


# Views ------------------------------------------------------------------------------------------

calendar_cache = cache_control(public=True, max_age=CALENDAR_MAX_AGE)


def _calendar_response(
    request: HttpRequest,
    *,
    uid: str,
    name: str,
    filename: str,
    releases: Iterable[Release],
    meetings: Iterable[SteeringMeeting],
) -> HttpResponse:
    base_url = f"{request.scheme}://{request.get_host()}"
    body = calendar_ics(
        uid=uid,
        name=name,
        events=[*release_events(releases), *meeting_events(meetings)],
        base_url=base_url,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@calendar_cache
def calendar_all(request: HttpRequest) -> HttpResponse:
    return _calendar_response(
        request,
        uid="calendar-all",
        name=_("CS-portaal: alle contractstandaarden"),
        filename="cs-portaal.ics",
        releases=calendar_releases(),
        meetings=calendar_meetings(),
    )


@calendar_cache
def calendar_standard(request: HttpRequest, standard: str) -> HttpResponse:
    found = standard_get_or_404(standard)
    return _calendar_response(
        request,
        uid=f"calendar-standard-{found.pk}",
        name=_("CS-portaal: %(standard)s") % {"standard": found.name},
        filename=f"{found.slug}.ics",
        releases=calendar_releases(standards=[found]),
        meetings=calendar_meetings(),
    )


def organisation_calendar_token(organisation: Organisation) -> str:
    """The signed key of an organisation's calendar; it never expires (a subscribed calendar
    program keeps using its address) and opens that one calendar only."""
    return signing.dumps(organisation.pk, salt=ORGANISATION_CALENDAR_SALT)


def organisation_calendar_url(organisation: Organisation) -> str:
    """The full address, with its key, to subscribe a calendar program to the organisation's
    deadlines. Show it only to who may see the organisation (``organisations.permissions
    .may_view``): whoever has the address reads the calendar."""
    path = reverse("notifications:calendar_organisation", kwargs={"slug": organisation.slug})
    query = urlencode({ORGANISATION_CALENDAR_KEY: organisation_calendar_token(organisation)})
    return f"{settings.SITE_URL}{path}?{query}"


def _organisation_of_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=ORGANISATION_CALENDAR_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


# Private: no shared cache may keep it, whatever key is in the address.
@cache_control(private=True, max_age=CALENDAR_MAX_AGE)
def calendar_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """The deadlines of the contracts that bind the organisation; 404 without its key."""
    pk = _organisation_of_token(request.GET.get(ORGANISATION_CALENDAR_KEY, ""))
    organisation = Organisation.objects.filter(slug=slug, pk=pk).first() if pk else None
    if organisation is None:
        raise Http404(_("Deze agenda bestaat niet."))
    contracts = list(contracts_binding(organisation).prefetch_related(None))
    releases = Release.objects.filter(
        standard_id__in={c.standard_id for c in contracts}, state__in=PUBLISHED_STATES
    ).select_related("standard")
    base_url = f"{request.scheme}://{request.get_host()}"
    body = calendar_ics(
        uid=f"calendar-organisation-{organisation.pk}",
        name=_("CS-portaal: termijnen van %(organisation)s")
        % {"organisation": describe_organisation(organisation)},
        events=contract_deadline_events(contracts, releases),
        base_url=base_url,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{organisation.slug}.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
