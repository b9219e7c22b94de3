"""Reminders of dates: a submission deadline coming up, an implementation period ending or ended.

Run once a day by cron (``manage.py send_reminders``, see README). On a given day it tells the
followers of a standard, and of the release concerned, that

* the submission deadline of an open release is 14 days or 3 days away ("uiterlijk 31 december
  2026 om 23:59"), so a change request can still be filed for it;
* the implementation period of a published release ends in 30 days, or ended yesterday.

and it tells the people of a municipality or region about each of its contracts that must move
to a newer release (``organisations.obligations``) that

* the contract's implementation deadline is 30 days or 7 days away ("Uw contract Jeugdhulp 2025
  (Utrecht) moet uiterlijk 1 april 2027 over naar CS Jeugd 1.1"), or
* passed yesterday ("termijn verstreken").

Who hears of a contract: the **contacts** of the organisation that holds it and, for a region's
contract, of its member municipalities (the contract binds them too), whatever they follow:
keeping the contracts up to date is their job, so this is not a subscription and has no
unsubscribe link (decision 0027); and the **followers** of those organisations, through their
subscriptions as any news (``fanout.deliver``), as long as they may still see the organisation
(it is not public; someone who stopped being a contact hears no more of it). Contracts of an
inactive (merged) municipality, and contracts that have ended, remind nobody.

Each reminder is keyed on the release (or the contract and its target release), the kind and the
distance in days, so running the command twice a day, or again after a failure, reminds nobody
twice. Days are Amsterdam days. Finding the contracts to remind of takes a fixed number of
queries however many organisations there are; each contract reminded of costs the writes of its
notices, and ``deliver``'s few queries if its organisations have followers.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.fanout import MAIL_LANGUAGE, News, absolute_url, deliver, matching_subscriptions
from notifications.models import Notification, Subscription
from notifications.outbox import Mail, mail_queue_many
from notifications.targets import describe_organisation
from organisations.constants import ObligationStatus
from organisations.models import Contract, Organisation
from organisations.models.organisations import VIEW_ALL_ORGANISATIONS
from organisations.obligations import Obligation
from organisations.selectors import contract_obligations
from standards.constants import ReleaseState
from standards.deadlines import AMSTERDAM
from standards.models import Release, Standard

SUBMISSION_DAYS = (14, 3)
IMPLEMENTATION_DAYS_BEFORE = 30
# Days before a contract's deadline to remind its people; and one day after it passed.
CONTRACT_DAYS_BEFORE = (30, 7)
CONTRACT_DAYS_PASSED = 1


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


# Contracts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractReminder:
    """Today's reminder about one contract: its news, and the organisations whose contacts and
    followers hear of it (the contract's own first, then a region's member municipalities)."""

    obligation: Obligation
    news: News
    organisation_ids: tuple[int, ...]


def _contract_news(obligation: Obligation) -> News:
    contract, target = obligation.contract, obligation.target
    distance = obligation.days_left
    names = {
        "contract": str(contract),
        "date": date_format(obligation.deadline, "j F Y"),
        "release": f"{target.standard.name} {target.version}",
        "version": contract.release.version,
    }
    if distance < 0:
        title = (
            _(
                "Termijn verstreken: uw contract %(contract)s had uiterlijk %(date)s over moeten "
                "zijn naar %(release)s"
            )
            % names
        )
        body = (
            _(
                "Het contract is nog gebaseerd op versie %(version)s. Pas het aan en leg de "
                "overstap vast op de pagina van het contract."
            )
            % names
        )
        key = "passed"
    else:
        title = _("Uw contract %(contract)s moet uiterlijk %(date)s over naar %(release)s") % names
        body = _(
            "Nog %(days)d dagen. Het contract is nog gebaseerd op versie %(version)s; leg de "
            "overstap vast op de pagina van het contract zodra het is aangepast."
        ) % {**names, "days": distance}
        key = f"in-{distance}"
    return News(
        key=f"contract-deadline:{contract.pk}:{target.pk}:{key}",
        title=title,
        body=body,
        path=contract.get_absolute_url(),
    )


def contract_reminders_due(today: datetime.date) -> list[ContractReminder]:
    """The contracts to remind of today: due in 30 or 7 days, or overdue since yesterday.

    Three queries: the running contracts of active organisations, the published releases of
    their standards, and (only when some contract is due) the member municipalities of the
    regions concerned.
    """
    reminded_days = {*CONTRACT_DAYS_BEFORE, -CONTRACT_DAYS_PASSED}
    contracts = (
        Contract.objects.filter(organisation__active=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("organisation", "standard", "release")
        .order_by("pk")
    )
    due = [
        obligation
        for obligation in contract_obligations(contracts, at=today)
        if obligation.status in (ObligationStatus.DUE, ObligationStatus.OVERDUE)
        and obligation.days_left in reminded_days
    ]
    if not due:
        return []
    region_ids = {o.contract.organisation_id for o in due if o.contract.organisation.is_region}
    members: dict[int, list[int]] = defaultdict(list)
    if region_ids:
        memberships = Organisation.municipalities.through.objects.filter(
            from_organisation_id__in=region_ids, to_organisation__active=True
        ).order_by("to_organisation_id")
        for membership in memberships:
            members[membership.from_organisation_id].append(membership.to_organisation_id)
    return [
        ContractReminder(
            obligation=obligation,
            news=_contract_news(obligation),
            organisation_ids=(
                obligation.contract.organisation_id,
                *members[obligation.contract.organisation_id],
            ),
        )
        for obligation in due
    ]


def _contacts_of(organisation_ids: set[int]) -> dict[int, list]:
    """The active contacts of each organisation (one query)."""
    contacts: dict[int, list] = defaultdict(list)
    links = (
        Organisation.contacts.through.objects.filter(
            organisation_id__in=organisation_ids, user__is_active=True
        )
        .select_related("user", "organisation")
        .order_by("organisation_id", "user_id")
    )
    for link in links:
        contacts[link.organisation_id].append(link)
    return contacts


def _may_view_all(user_ids: set[int]) -> set[int]:
    """Those of ``user_ids`` who may see every organisation (superusers and holders of
    ``view_all_organisations``, by group or directly): one query."""
    if not user_ids:
        return set()
    app_label, codename = VIEW_ALL_ORGANISATIONS.split(".")
    holds = {"permissions__codename": codename, "permissions__content_type__app_label": app_label}
    return set(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(**{f"groups__{k}": v for k, v in holds.items()})
            | Q(**{f"user_{k}": v for k, v in holds.items()})
        )
        .values_list("pk", flat=True)
    )


def _contact_mail(news: News, address: str, reason: str, organisation: Organisation) -> Mail:
    """The contact's own message: no unsubscribe link, because it is not a subscription; where
    to go instead if they are no longer the one responsible."""
    text = "\n".join(
        [
            news.title,
            "",
            news.body,
            "",
            _("Bekijk het contract op het CS-portaal:"),
            absolute_url(news.path),
            "",
            reason,
            _(
                "Contactpersonen krijgen deze herinneringen altijd. Bent u niet meer de "
                "contactpersoon? Laat het uw organisatie of het secretariaat weten:"
            ),
            absolute_url(organisation.get_absolute_url()),
            "",
            render_to_string("notifications/email/_signature.txt", {"site_url": settings.SITE_URL}),
        ]
    )
    return Mail(key=f"{news.key}:{address.lower()}", to=address, subject=news.title, text=text)


def contract_reminders_send(*, today: datetime.date) -> int:
    """Send today's reminders about contracts; returns how many people were reached."""
    reminders = contract_reminders_due(today)
    if not reminders:
        return 0
    involved = {pk for reminder in reminders for pk in reminder.organisation_ids}
    contacts = _contacts_of(involved)
    subscriptions: dict[int, list[Subscription]] = defaultdict(list)
    for subscription in matching_subscriptions({Organisation: involved}):
        subscriptions[subscription.target_id].append(subscription)
    # Followers by address alone cannot see an organisation (``targets.may_follow``).
    follower_ids = {s.user_id for subs in subscriptions.values() for s in subs if s.user_id}
    viewing_all = _may_view_all(follower_ids)
    reached = 0
    notices, mails = [], []
    for reminder in reminders:
        news = reminder.news
        # Each contact once, by the organisation that makes them responsible (the contract's
        # own before a member municipality's).
        responsible = {}
        for organisation_id in reminder.organisation_ids:
            for link in contacts[organisation_id]:
                responsible.setdefault(link.user_id, link)
        for link in responsible.values():
            reason = _("U bent contactpersoon van %(organisation)s.") % {
                "organisation": describe_organisation(link.organisation)
            }
            notices.append(
                Notification(
                    user=link.user,
                    key=news.key,
                    title=news.title,
                    body=news.body,
                    url=news.path,
                    reason=reason,
                )
            )
            if link.user.email:
                mails.append(_contact_mail(news, link.user.email, reason, link.organisation))
        reached += len(responsible)
        # Of the followers, who may see these organisations and is not reached above as a
        # contact can only be someone who sees every organisation (``may_view``).
        followers = [
            subscription
            for organisation_id in reminder.organisation_ids
            for subscription in subscriptions[organisation_id]
            if subscription.user_id in viewing_all and subscription.user_id not in responsible
        ]
        if followers:
            quiet = frozenset(
                link.user.email.lower() for link in responsible.values() if link.user.email
            )
            reached += deliver(news, followers, quiet_addresses=quiet)
    with transaction.atomic():
        Notification.objects.bulk_create(notices, ignore_conflicts=True)
        mail_queue_many(mails)
    return reached


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Send today's reminders; returns how many followers and contacts were reached in all."""
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
        reached += contract_reminders_send(today=today)
    return reached
