"""Addresses of the feeds (Atom) and calendars (iCalendar), and of the page that lists them.

Included by ``notifications.urls`` under the ``notifications`` namespace. Why the addresses are
what they are, and that none of them can be read as a page of ``standards`` or ``governance``,
is in the docstring of ``notifications.feeds``.
"""

from django.urls import path

import governance.urls  # noqa: F401 (registers the <wv:…> converter)
from notifications import calendars, feeds

urlpatterns = [
    path("feeds/", feeds.feed_overview, name="feeds"),
    path(
        "standaarden/<slug:standard>/feeds/versies.atom",
        feeds.release_feed,
        name="feed_releases",
    ),
    path(
        "standaarden/<slug:standard>/feeds/wijzigingsverzoeken.atom",
        feeds.standard_change_request_feed,
        name="feed_change_requests",
    ),
    path(
        "wijzigingsverzoeken/<wv:number>/feed.atom",
        feeds.change_request_feed,
        name="feed_change_request",
    ),
    path("agenda.ics", calendars.calendar_all, name="calendar_all"),
    path(
        "standaarden/<slug:standard>/agenda.ics",
        calendars.calendar_standard,
        name="calendar_standard",
    ),
    # Private: the address carries a signed key (``calendars.organisation_calendar_url``).
    path(
        "organisaties/<slug:slug>/agenda.ics",
        calendars.calendar_organisation,
        name="calendar_organisation",
    ),
]
