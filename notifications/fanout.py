"""From a domain event to the followers who should hear of it: notices and e-mails.

A background task per event (never the request that caused it) finds every subscription to the
objects the event is about, and, for a request arriving in a work queue, to that queue; it picks
one per follower (the most specific: the queue the request now waits in, then the change request,
its article, its document, its standard), and writes

* one ``Notification`` per follower: the notice in the follower's notification centre, marked
  for the digest when the subscription asks for one, and
* for a subscription that wants messages at once, one e-mail into the outbox
  (``notifications.outbox``), with the reason the follower gets it, a link to end the
  subscription, and the ``List-Unsubscribe`` headers of RFC 8058 for one-click unsubscribing.

Both are keyed on the event, so an event delivered twice (a retried task) notifies nobody twice.
Only public text goes out: a step's public comment, never its internal note.

The queue comes first because its follower asked to hear exactly this (work arriving for their
role), with its own title ("WV-2026-0012 wacht in uw werkvoorraad Juridische toets") and at the
frequency they chose for their work, not the weekly digest of a standard they also follow.

Events: every step of a public change request (a new request is news to the followers of its
article, document and standard; a request arriving in intake, legal review, practical review or
at the steering group is news to the followers of that queue; an answer in the Q&A is the step
*answered*), the publication of
a release, and of a steering group's decision list (to the followers of every request decided
and of what they are about). Reminders of dates are ``notifications.reminders``; integrators'
webhooks are queued by the same tasks (``notifications.webhooks``).
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import transaction
from django.db.models import Model, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from django_tasks import task

from governance.constants import QUEUE_STATE, ChangeKind, ChangeRequestState, Queue
from governance.models import ChangeRequest, SteeringMeeting, TransitionEvent
from notifications.models import Frequency, Notification, Subscription
from notifications.outbox import Mail, mail_queue_many
from notifications.submitter_mail import followers
from notifications.subscriptions import unsubscribe_token
from notifications.targets import content_types, describe_all, specificity
from notifications.webhooks import webhooks_for_release, webhooks_for_transition
from standards.models import Article, Document, Release, Standard

MAIL_LANGUAGE = "nl"
NOT_PUBLIC = frozenset({ChangeRequestState.SUBMITTED})
QUEUE_OF_STATE = {state: queue for queue, state in QUEUE_STATE.items()}


@dataclass(frozen=True)
class News:
    """What happened, as every follower reads it."""

    key: str
    title: str
    body: str
    path: str  # the page to open, relative to the site


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def matching_subscriptions(
    targets: dict[type[Model], Iterable[int]], *, queues: Iterable[str] = ()
) -> list[Subscription]:
    """Every subscription to one of ``targets`` (model -> ids) or to one of ``queues``, in one
    query."""
    types = content_types()
    conditions = [
        Q(target_type=types[model], target_id__in=list(ids))
        for model, ids in targets.items()
        if ids
    ]
    if queues := list(queues):
        conditions.append(Q(queue__in=queues))
    if not conditions:
        return []
    return list(Subscription.objects.filter(reduce(or_, conditions)).select_related("user"))


def one_per_follower(subscriptions: Iterable[Subscription]) -> list[Subscription]:
    """For each follower (account or address) the most specific of their subscriptions; a
    queue's before any object's (see the module's docstring)."""
    models = {content_type.pk: model for model, content_type in content_types().items()}

    def rank(subscription: Subscription) -> tuple[int, int]:
        if subscription.queue:
            return (-1, subscription.pk)
        return (specificity(models[subscription.target_type_id]), subscription.pk)

    best: dict[tuple[str, object], Subscription] = {}
    for subscription in sorted(subscriptions, key=rank):
        follower = (
            ("user", subscription.user_id)
            if subscription.user_id
            else (
                "email",
                subscription.email.lower(),
            )
        )
        best.setdefault(follower, subscription)
    return list(best.values())


def _address(subscription: Subscription) -> str:
    return subscription.user.email if subscription.user_id else subscription.email


def deliver(
    news: News,
    subscriptions: Iterable[Subscription],
    *,
    quiet_addresses: frozenset[str] = frozenset(),
    queue_news: News | None = None,
) -> int:
    """Write the notices and queue the e-mails of ``news`` for ``subscriptions`` (one per
    follower); the followers of a queue read ``queue_news`` when given (same key, so still one
    notice per follower). Addresses in ``quiet_addresses`` get no e-mail (they hear of it another
    way). Returns the number of followers reached."""
    models = {content_type.pk: model for model, content_type in content_types().items()}
    followers = [
        (
            subscription,
            None
            if subscription.queue
            else (models[subscription.target_type_id], subscription.target_id),
        )
        for subscription in one_per_follower(subscriptions)
    ]
    with translation.override(MAIL_LANGUAGE), transaction.atomic():
        names = describe_all(target for _subscription, target in followers if target)
        bodies: dict[News, _NoticeBodies] = {}
        notices, mails = [], []
        for subscription, target in followers:
            if subscription.queue:
                reason = _("U volgt de werkvoorraad %(queue)s.") % {
                    "queue": Queue(subscription.queue).label
                }
                followed = queue_news or news
            elif target in names:
                reason = _("U volgt %(target)s.") % {"target": names[target]}
                followed = news
            else:  # the followed object is gone
                continue
            if followed not in bodies:
                bodies[followed] = _NoticeBodies(followed)
            notices.append(
                Notification(
                    user=subscription.user,
                    email="" if subscription.user_id else subscription.email,
                    subscription=subscription,
                    key=followed.key,
                    title=followed.title,
                    body=followed.body,
                    url=followed.path,
                    reason=reason,
                    digest_due=subscription.frequency != Frequency.IMMEDIATELY,
                )
            )
            address = _address(subscription)
            if (
                subscription.frequency == Frequency.IMMEDIATELY
                and address
                and address.lower() not in quiet_addresses
            ):
                mails.append(
                    _notice_mail(followed, bodies[followed], subscription, address, reason)
                )
        Notification.objects.bulk_create(notices, ignore_conflicts=True)
        mail_queue_many(mails)
    return len(notices)


class _NoticeBodies:
    """The text and HTML of the notice mails of one piece of news.

    Followers of the same object get the same message except for their own unsubscribe link, so
    each variant (reason, with or without the link to manage one's subscriptions) is rendered
    once, with a placeholder where the link goes, and the link is put in per follower. For a
    release with thousands of followers that is most of the work of the fan-out saved.
    """

    PLACEHOLDER = "\x00unsubscribe\x00"

    def __init__(self, news: News) -> None:
        self.news = news
        self._rendered: dict[tuple[str, bool], tuple[str, str]] = {}

    def for_follower(self, reason: str, *, with_account: bool, unsubscribe: str) -> tuple[str, str]:
        variant = (reason, with_account)
        if variant not in self._rendered:
            context = {
                "news": self.news,
                "url": absolute_url(self.news.path),
                "reason": reason,
                "unsubscribe_url": self.PLACEHOLDER,
                "manage_url": absolute_url(reverse("notifications:subscriptions"))
                if with_account
                else "",
                "site_url": settings.SITE_URL,
            }
            self._rendered[variant] = (
                render_to_string("notifications/email/notice.txt", context),
                render_to_string("notifications/email/notice.html", context),
            )
        text, html = self._rendered[variant]
        # The link holds only URL-safe characters: nothing to escape in the HTML.
        return text.replace(self.PLACEHOLDER, unsubscribe), html.replace(
            self.PLACEHOLDER, unsubscribe
        )


def _notice_mail(
    news: News, bodies: _NoticeBodies, subscription: Subscription, address: str, reason: str
) -> Mail:
    unsubscribe = absolute_url(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(subscription)])
    )
    text, html = bodies.for_follower(
        reason, with_account=bool(subscription.user_id), unsubscribe=unsubscribe
    )
    return Mail(
        key=f"{news.key}:{address.lower()}",
        to=address,
        subject=news.title,
        text=text,
        html=html,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


@dataclass(frozen=True)
class Audience:
    """Who hears of the next step of a change request: what staff see before they take it."""

    immediately: int  # followers who get an e-mail at once
    in_digest: int  # followers who read it in their daily or weekly digest
    only_notice: int  # followers without an address: the notice only

    @property
    def total(self) -> int:
        return self.immediately + self.in_digest + self.only_notice


def _submitters(change_request: ChangeRequest) -> frozenset[str]:
    """The addresses that hear of every step by the submitter's mails: the submitter's, and
    those of the submitters of requests merged into it (``notifications.submitter_mail``)."""
    return frozenset(
        email.lower()
        for email in ChangeRequest.objects.filter(pk__in=followers(change_request)).values_list(
            "submitter_email", flat=True
        )
    )


def audience_of(change_request: ChangeRequest) -> Audience:
    """The followers a step of ``change_request`` would reach now (besides its submitter, who
    always hears of it); the same choice of subscriptions as ``notify_transition``."""
    quiet = _submitters(change_request)
    immediately = in_digest = only_notice = 0
    for subscription in one_per_follower(
        matching_subscriptions(_targets_of_change_request(change_request))
    ):
        address = _address(subscription)
        if subscription.frequency != Frequency.IMMEDIATELY:
            in_digest += 1
        elif address and address.lower() not in quiet:
            immediately += 1
        else:
            only_notice += 1
    return Audience(immediately=immediately, in_digest=in_digest, only_notice=only_notice)


# --- Events ---------------------------------------------------------------------------------------


def _targets_of_change_request(change_request: ChangeRequest) -> dict[type[Model], list[int]]:
    article_ids = [change_request.article_id] if change_request.article_id else []
    if change_request.kind == ChangeKind.NEW_ARTICLE and change_request.applied_version_id:
        article_ids.append(change_request.applied_version.article_id)
    return {
        ChangeRequest: [change_request.pk],
        Article: article_ids,
        Document: [change_request.document_id],
        Standard: [change_request.standard_id],
    }


@task()
def notify_transition(*, event_id: int) -> int:
    """Tell the followers of a change request, and of what it is about, of one of its steps."""
    event = (
        TransitionEvent.objects.select_related(
            "change_request__applied_version", "change_request__standard"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None or event.to_state in NOT_PUBLIC:
        return 0
    change_request = event.change_request
    with translation.override(MAIL_LANGUAGE):
        if event.transition == "confirm":
            title = _("Nieuw wijzigingsverzoek %(number)s: %(title)s") % {
                "number": change_request.number,
                "title": change_request.title,
            }
        else:
            title = _("%(number)s: %(state)s") % {
                "number": change_request.number,
                "state": event.get_to_state_display(),
            }
        news = News(
            key=f"transition:{event.pk}",
            title=title,
            body=event.public_comment,
            path=change_request.get_absolute_url(),
        )
        queue = QUEUE_OF_STATE.get(event.to_state)
        queue_news = (
            replace(
                news,
                title=_("%(number)s wacht in uw werkvoorraad %(queue)s")
                % {"number": change_request.number, "queue": queue.label},
            )
            if queue is not None
            else None
        )
    targets = _targets_of_change_request(change_request)
    subscriptions = matching_subscriptions(targets, queues=[queue] if queue is not None else [])
    quiet = _submitters(change_request)
    reached = deliver(news, subscriptions, quiet_addresses=quiet, queue_news=queue_news)
    webhooks_for_transition(event)
    return reached


@task()
def notify_release_published(*, release_id: int, superseded_id: int | None = None) -> int:
    """Tell the followers of a standard and of the release that it has been published, with the
    link to what changed since the release it replaces."""
    release = Release.objects.select_related("standard", "based_on").filter(pk=release_id).first()
    if release is None:
        return 0
    previous = (
        Release.objects.filter(pk=superseded_id).first() if superseded_id else release.based_on
    )
    with translation.override(MAIL_LANGUAGE):
        title = _("%(standard)s versie %(version)s is gepubliceerd") % {
            "standard": release.standard.name,
            "version": release.version,
        }
        lines = []
        if release.effective_on:
            lines.append(
                _("Ingangsdatum: %(date)s.") % {"date": date_format(release.effective_on, "j F Y")}
            )
        if release.implementation_deadline:
            lines.append(
                _("Bestaande contracten aanpassen uiterlijk: %(date)s.")
                % {"date": date_format(release.implementation_deadline, "j F Y")}
            )
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
        if previous is not None:
            lines.append(
                _(
                    "Wat er veranderde ten opzichte van versie %(version)s, staat op de "
                    "pagina hieronder."
                )
                % {"version": previous.version}
            )
        news = News(
            key=f"release-published:{release.pk}", title=title, body="\n".join(lines), path=path
        )
    targets = {Standard: [release.standard_id], Release: [release.pk]}
    subscriptions = matching_subscriptions(targets)
    reached = deliver(news, subscriptions)
    webhooks_for_release(release, previous)
    return reached


@task()
def notify_decisions_published(*, meeting_id: int) -> int:
    """Tell the followers of the requests decided in a meeting, and of their articles, documents
    and standards, that the steering group's decision list is published."""
    meeting = SteeringMeeting.objects.filter(pk=meeting_id).first()
    if meeting is None or not meeting.decisions_published:
        return 0
    decided = list(
        ChangeRequest.objects.filter(agenda_items__meeting=meeting).select_related(
            "applied_version"
        )
    )
    targets: dict[type[Model], list[int]] = {}
    for change_request in decided:
        for model, ids in _targets_of_change_request(change_request).items():
            targets.setdefault(model, []).extend(ids)
    with translation.override(MAIL_LANGUAGE):
        news = News(
            key=f"decisions-published:{meeting.pk}",
            title=_("Besluitenlijst van de stuurgroep van %(date)s")
            % {"date": date_format(meeting.held_on, "j F Y")},
            body=_("Besloten over: %(numbers)s.")
            % {"numbers": ", ".join(cr.number for cr in decided)},
            path=reverse("governance:decision_list", kwargs={"pk": meeting.pk}),
        )
    return deliver(news, matching_subscriptions(targets))
