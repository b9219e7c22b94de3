"""Atom feeds: new releases of a standard, and the public status changes of change requests.

A feed is the pull side of following something: a feed reader (or an integrator's script) asks
for it now and then, without an account. Three feeds, all in Dutch, all public:

* ``/standaarden/<standard>/feeds/versies.atom``: the published (and since superseded) releases
  of a standard, newest version first. An entry says when the release takes effect, by when
  existing contracts must follow it, and links to the comparison with the release it was based
  on.
* ``/standaarden/<standard>/feeds/wijzigingsverzoeken.atom``: the latest ``FEED_LENGTH`` status
  changes (``TransitionEvent``) of the standard's public change requests, newest first.
* ``/wijzigingsverzoeken/<number>/feed.atom``: the timeline of one change request, newest first.

Only what the public pages show goes in: change requests whose submitter has not confirmed the
e-mail address do not exist for a feed (404), and of an event only the public comment and the
role that took the step are given, never the internal note or a staff member's name. A feed
reader has no session, so staff get the public feed too.

Addresses. The feeds of a standard sit under ``standaarden/<standard>/feeds/`` rather than
under a root ``/feeds/`` so that the address says whose feed it is, the same way every other
page of a standard does; ``versies/<version>/…`` is taken by the releases (``standards.urls``)
and a file name with a dot can never be read as a version, a document or a slug. The feed of one
change request is ``wijzigingsverzoeken/<number>/feed.atom``: ``<slug:step>`` of the workflow
steps (``governance.urls``) matches letters, digits, ``-`` and ``_`` only, so ``feed.atom`` is
never taken for a step (``tests/notifications/test_feeds.py`` checks both). The iCalendar feeds
are in ``notifications.calendars``; the overview page of everything is ``feed_overview`` here.

Entry ids are tag URIs (RFC 4151) made from the row's primary key, so an entry keeps its id
forever, whatever its title or address becomes: ``tag:cs-portaal.nl,2026:release-12``,
``tag:cs-portaal.nl,2026:transition-event-345``. Each feed reads a fixed number of rows in two
queries (the standard or change request, then the entries with what they show).
"""

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import format_html, linebreaks
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from governance.constants import UNCONFIRMED_STATES
from governance.models import ChangeRequest, TransitionEvent
from standards.constants import SEALED_RELEASE_STATES
from standards.deadlines import AMSTERDAM
from standards.models import Release, Standard
from standards.selectors import VERSION_ORDER

FEED_LENGTH = 50
FEED_MAX_AGE = 300  # seconds; a feed reader polls, a change may show five minutes late
TAG_AUTHORITY = "cs-portaal.nl,2026"
PUBLISHER = "Ketenbureau i-Sociaal Domein"


def tag_uri(specific: str) -> str:
    """A lasting id for a feed or an entry (RFC 4151)."""
    return f"tag:{TAG_AUTHORITY}:{specific}"


# Reads ------------------------------------------------------------------------------------------


def standard_get_or_404(slug: str) -> Standard:
    try:
        return Standard.objects.get(slug=slug)
    except Standard.DoesNotExist as error:
        raise Http404(_("Deze standaard bestaat niet.")) from error


def public_change_request_get_or_404(number: str) -> ChangeRequest:
    """A change request whose submitter confirmed the e-mail address; 404 for any other."""
    try:
        return (
            ChangeRequest.objects.public()
            .only("pk", "number", "title", "state", "standard_id")
            .get(number=number)
        )
    except ChangeRequest.DoesNotExist as error:
        raise Http404(_("Dit wijzigingsverzoek bestaat niet.")) from error


def published_releases(standard: Standard) -> QuerySet[Release]:
    """The releases of a standard that were ever published, newest version first."""
    return (
        Release.objects.filter(standard=standard, state__in=SEALED_RELEASE_STATES)
        .select_related("standard", "based_on")
        .order_by(*VERSION_ORDER)
    )


def public_transition_events(
    *, standard: Standard | None = None, change_request: ChangeRequest | None = None
) -> QuerySet[TransitionEvent]:
    """The latest status changes of public change requests, newest first.

    The internal note is deferred: it is never shown in a feed, so it is not even read.
    """
    events = TransitionEvent.objects.exclude(change_request__state__in=UNCONFIRMED_STATES)
    if standard is not None:
        events = events.filter(change_request__standard=standard)
    if change_request is not None:
        events = events.filter(change_request=change_request)
    return (
        events.select_related("change_request")
        .defer("internal_note")
        .order_by("-created_at", "-pk")[:FEED_LENGTH]
    )


# Feeds ------------------------------------------------------------------------------------------


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=AMSTERDAM)


def _long_date(day: datetime.date | None) -> str:
    return date_format(day, "j F Y") if day else _("nog niet bekend")


class PortalFeed(Feed):
    """What every feed of the portal shares: Atom, Dutch, the publisher, lasting ids.

    An instance serves one request (see the views at the end), so it may keep the request.
    """

    feed_type = Atom1Feed
    author_name = PUBLISHER
    item_guid_is_permalink = False

    def get_feed(self, obj, request):
        self.request = request
        return super().get_feed(obj, request)


class ReleaseFeed(PortalFeed):
    def get_object(self, request: HttpRequest, standard: str) -> Standard:
        return standard_get_or_404(standard)

    def title(self, obj: Standard) -> str:
        return _("%(standard)s: nieuwe versies") % {"standard": obj.name}

    def subtitle(self, obj: Standard) -> str:
        return _(
            "Gepubliceerde versies van %(standard)s, met ingangsdatum en implementatietermijn."
        ) % {"standard": obj.name}

    def link(self, obj: Standard) -> str:
        return obj.get_absolute_url()

    def feed_guid(self, obj: Standard) -> str:
        return tag_uri(f"standard-{obj.pk}-releases")

    def items(self, obj: Standard) -> QuerySet[Release]:
        return published_releases(obj)

    def item_title(self, item: Release) -> str:
        return _("%(standard)s versie %(version)s gepubliceerd") % {
            "standard": item.standard.name,
            "version": item.version,
        }

    def item_description(self, item: Release) -> str:
        summary = format_html(
            "<p>{}</p><p>{}</p>",
            _("Ingangsdatum: %(date)s.") % {"date": _long_date(item.effective_on)},
            _("Bestaande overeenkomsten passen zich aan uiterlijk op %(date)s.")
            % {"date": _long_date(item.implementation_deadline)},
        )
        if item.based_on is not None:
            compare = reverse(
                "standards:release_compare",
                kwargs={
                    "standard": item.standard.slug,
                    "old": item.based_on.version,
                    "new": item.version,
                },
            )
            summary += format_html(
                '<p><a href="{}">{}</a></p>',
                self.request.build_absolute_uri(compare),
                _("Wat is er veranderd ten opzichte van versie %(version)s")
                % {"version": item.based_on.version},
            )
        return summary

    def item_link(self, item: Release) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Release) -> str:
        return tag_uri(f"release-{item.pk}")

    def item_updateddate(self, item: Release) -> datetime.datetime:
        return _start_of_day(item.published_on) if item.published_on else item.created_at

    item_pubdate = item_updateddate


class TransitionEventFeed(PortalFeed):
    """Status changes of public change requests; subclasses say whose."""

    def items(self, obj) -> QuerySet[TransitionEvent]:
        raise NotImplementedError

    def item_title(self, item: TransitionEvent) -> str:
        return _("%(number)s %(title)s: %(state)s") % {
            "number": item.change_request.number,
            "title": item.change_request.title,
            "state": item.get_to_state_display(),
        }

    def item_description(self, item: TransitionEvent) -> str:
        summary = format_html(
            "<p>{}</p>",
            _("Van ‘%(from)s’ naar ‘%(to)s’ (%(role)s).")
            % {
                "from": item.get_from_state_display(),
                "to": item.get_to_state_display(),
                "role": item.get_actor_role_display(),
            },
        )
        if item.public_comment:
            summary += linebreaks(item.public_comment, autoescape=True)
        return summary

    def item_link(self, item: TransitionEvent) -> str:
        return item.change_request.get_absolute_url()

    def item_guid(self, item: TransitionEvent) -> str:
        return tag_uri(f"transition-event-{item.pk}")

    def item_author_name(self, item: TransitionEvent) -> str:
        return item.get_actor_role_display()

    def item_updateddate(self, item: TransitionEvent) -> datetime.datetime:
        return item.created_at

    item_pubdate = item_updateddate


class StandardChangeRequestFeed(TransitionEventFeed):
    def get_object(self, request: HttpRequest, standard: str) -> Standard:
        return standard_get_or_404(standard)

    def title(self, obj: Standard) -> str:
        return _("%(standard)s: wijzigingsverzoeken") % {"standard": obj.name}

    def subtitle(self, obj: Standard) -> str:
        return _("De laatste statuswijzigingen van wijzigingsverzoeken op %(standard)s.") % {
            "standard": obj.name
        }

    def link(self, obj: Standard) -> str:
        return f"{reverse('governance:change_request_list')}?standard={obj.slug}"

    def feed_guid(self, obj: Standard) -> str:
        return tag_uri(f"standard-{obj.pk}-change-requests")

    def items(self, obj: Standard) -> QuerySet[TransitionEvent]:
        return public_transition_events(standard=obj)


class ChangeRequestFeed(TransitionEventFeed):
    def get_object(self, request: HttpRequest, number: str) -> ChangeRequest:
        return public_change_request_get_or_404(number)

    def title(self, obj: ChangeRequest) -> str:
        return _("%(number)s %(title)s") % {"number": obj.number, "title": obj.title}

    def subtitle(self, obj: ChangeRequest) -> str:
        return _("Het verloop van wijzigingsverzoek %(number)s.") % {"number": obj.number}

    def link(self, obj: ChangeRequest) -> str:
        return obj.get_absolute_url()

    def feed_guid(self, obj: ChangeRequest) -> str:
        return tag_uri(f"change-request-{obj.pk}")

    def items(self, obj: ChangeRequest) -> QuerySet[TransitionEvent]:
        return public_transition_events(change_request=obj)


# The views: a new feed object per request, as a feed keeps the request it serves.

feed_cache = cache_control(public=True, max_age=FEED_MAX_AGE)


@feed_cache
def release_feed(request: HttpRequest, standard: str) -> HttpResponse:
    return ReleaseFeed()(request, standard=standard)


@feed_cache
def standard_change_request_feed(request: HttpRequest, standard: str) -> HttpResponse:
    return StandardChangeRequestFeed()(request, standard=standard)


@feed_cache
def change_request_feed(request: HttpRequest, number: str) -> HttpResponse:
    return ChangeRequestFeed()(request, number=number)


# The overview page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedLink:
    label: str
    kind: str
    url: str


@dataclass(frozen=True)
class StandardFeeds:
    standard: Standard
    links: list[FeedLink]


def feed_overview(request: HttpRequest) -> HttpResponse:
    """Every feed and calendar with its full address, to copy into a reader or calendar."""

    def absolute(name: str, **kwargs) -> str:
        return request.build_absolute_uri(reverse(f"notifications:{name}", kwargs=kwargs))

    standards = [
        StandardFeeds(
            standard,
            [
                FeedLink(
                    _("Nieuwe versies"), "Atom", absolute("feed_releases", standard=standard.slug)
                ),
                FeedLink(
                    _("Statuswijzigingen van wijzigingsverzoeken"),
                    "Atom",
                    absolute("feed_change_requests", standard=standard.slug),
                ),
                FeedLink(
                    _("Agenda: termijnen, ingangsdata en vergaderingen"),
                    "iCalendar",
                    absolute("calendar_standard", standard=standard.slug),
                ),
            ],
        )
        for standard in Standard.objects.order_by("position", "name")
    ]
    return render(
        request,
        "notifications/feeds.html",
        {
            "calendar_all": absolute("calendar_all"),
            "standards": standards,
            "change_request_example": request.build_absolute_uri(
                reverse("notifications:feed_change_request", kwargs={"number": "WV-2026-0001"})
            ),
            "crumbs": [(_("Feeds en agenda's"), None)],
        },
    )
