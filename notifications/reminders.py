"""Reminders of dates: a submission deadline coming up, an implementation period ending or ended.

Run once a day by cron (``manage.py send_reminders``, see README). On a given day it tells the
followers of a standard, and of the release concerned, that

* the submission deadline of an open release is 14 days or 3 days away ("uiterlijk 31 december
  2026 om 23:59"), so a change request can still be filed for it;
* the implementation period of a published release ends in 30 days, or ended yesterday.

Each reminder is keyed on the release, the kind and the distance in days, so running the command
twice a day, or again after a failure, reminds nobody twice. Days are Amsterdam days.
Reminders to organisation contacts about their own contracts follow with organisations
(issue 6).
"""

import datetime

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.fanout import MAIL_LANGUAGE, News, deliver, matching_subscriptions
from standards.constants import ReleaseState
from standards.deadlines import AMSTERDAM
from standards.models import Release, Standard

SUBMISSION_DAYS = (14, 3)
IMPLEMENTATION_DAYS_BEFORE = 30


def _followers_of(release: Release):
    return matching_subscriptions({Standard: [release.standard_id], Release: [release.pk]})


def _submission_news(release: Release, days: int) -> News:
    deadline = release.submission_deadline.astimezone(AMSTERDAM)
    return News(
        key=f"submission-deadline:{release.pk}:{days}",
        title=_("Nog %(days)d dagen om wijzigingsverzoeken in te dienen voor %(release)s")
        % {"days": days, "release": f"{release.standard.name} {release.version}"},
        body=_("Indienen kan tot en met %(date)s om %(time)s.")
        % {"date": date_format(deadline, "j F Y"), "time": date_format(deadline, "H:i")},
        path=release.get_absolute_url(),
    )


def _implementation_news(release: Release, *, ended: bool) -> News:
    name = f"{release.standard.name} {release.version}"
    deadline = date_format(release.implementation_deadline, "j F Y")
    if ended:
        title = _("De implementatietermijn van %(release)s is verstreken") % {"release": name}
        body = _("Bestaande overeenkomsten hadden uiterlijk %(date)s aangepast moeten zijn.") % {
            "date": deadline
        }
    else:
        title = _("De implementatietermijn van %(release)s eindigt over %(days)d dagen") % {
            "release": name,
            "days": IMPLEMENTATION_DAYS_BEFORE,
        }
        body = _("Pas bestaande overeenkomsten uiterlijk %(date)s aan.") % {"date": deadline}
    previous = release.based_on
    path = (
        reverse(
            "standards:release_compare",
            kwargs={
                "standard": release.standard.slug,
                "old": previous.version,
                "new": release.version,
            },
        )
        if previous is not None
        else release.get_absolute_url()
    )
    return News(
        key=f"implementation-deadline:{release.pk}:{'ended' if ended else 'coming'}",
        title=title,
        body=body,
        path=path,
    )


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Send today's reminders; returns how many followers were reached in all."""
    today = today or timezone.localdate()
    reached = 0
    releases = Release.objects.select_related("standard", "based_on")
    with translation.override(MAIL_LANGUAGE):
        for days in SUBMISSION_DAYS:
            day = today + datetime.timedelta(days=days)
            for release in releases.filter(
                state=ReleaseState.DRAFT, submission_deadline__isnull=False
            ):
                if release.submission_deadline.astimezone(AMSTERDAM).date() == day:
                    news = _submission_news(release, days)
                    reached += deliver(news, _followers_of(release))
        coming = today + datetime.timedelta(days=IMPLEMENTATION_DAYS_BEFORE)
        yesterday = today - datetime.timedelta(days=1)
        published = releases.filter(
            state__in=(ReleaseState.PUBLISHED, ReleaseState.SUPERSEDED),
            implementation_deadline__in=(coming, yesterday),
        )
        for release in published:
            news = _implementation_news(release, ended=release.implementation_deadline < today)
            reached += deliver(news, _followers_of(release))
    return reached
