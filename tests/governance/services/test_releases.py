"""Finishing a release with its change requests: freeze, reopen, adopt and publish.

Freezing waits until every scheduled request is applied; acting on a stale page is a
``StateConflict``; only the release manager and the secretariat may act; the adoption needs the
decision that adopted it; publishing a release with a substantive request keeps the six months
of art. 3.30 (decision 0022), while a release of non-substantive requests needs no new term.
Every refusal leaves the release, its history and its requests as they were.
"""

import datetime

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState as S
from governance.constants import ImpactClass
from governance.exceptions import InvalidInput, NotPermitted, StateConflict, TransitionRefused
from governance.models import ChangeRequest
from governance.services.application import change_request_apply
from governance.services.releases import (
    release_adopt,
    release_freeze,
    release_publish,
    release_reopen,
)
from standards.constants import ReleaseState
from standards.models import Release
from tests.factories import change_request_in_state, release_with_articles, staff_user

pytestmark = pytest.mark.django_db

ADOPTED_ON = datetime.date(2027, 3, 4)
# The last day of August: six calendar months later is the last day of February (art. 3.30).
PUBLISHED_ON = datetime.date(2026, 8, 31)
SIX_MONTHS_LATER = datetime.date(2027, 2, 28)
EFFECTIVE_ON = datetime.date(2026, 10, 1)


@pytest.fixture
def manager():
    return staff_user(Role.RELEASE_MANAGER)


def history_of(release: Release) -> int:
    return release.history.count()


def state_of(release: Release) -> str:
    return Release.objects.get(pk=release.pk).state


def adopted_release(manager, *impacts: str) -> tuple[Release, list[ChangeRequest]]:
    """The 1.1 draft with one applied request per impact in ``impacts``, frozen and adopted."""
    first = change_request_in_state(S.SCHEDULED, impact=impacts[0], title="Verzoek 1")
    release = first.scheduled_release
    requests = [first] + [
        change_request_in_state(S.SCHEDULED, release=release, impact=impact, title=f"Verzoek {n}")
        for n, impact in enumerate(impacts[1:], start=2)
    ]
    # Each was written against the text the first one replaces: the later ones are resolved by
    # hand (a text of the release manager's).
    applied = [
        change_request_apply(
            change_request=change_request,
            by=manager,
            text=None if n == 0 else f"Tekst na {change_request.number}.",
        )
        for n, change_request in enumerate(requests)
    ]
    release_freeze(release=release, by=manager, seen_state=ReleaseState.DRAFT)
    release = release_adopt(
        release=release,
        by=manager,
        adopted_on=ADOPTED_ON,
        note="Stuurgroep 4 maart 2027",
        seen_state=ReleaseState.FROZEN,
    )
    return release, applied


# --- Freeze ---------------------------------------------------------------------------------------


def test_freezing_is_refused_while_a_scheduled_request_is_not_applied(manager):
    """The message names the waiting request; the release stays a draft, nothing recorded."""
    waiting = change_request_in_state(S.SCHEDULED)
    release = waiting.scheduled_release
    history = history_of(release)

    with pytest.raises(TransitionRefused) as refused:
        release_freeze(release=release, by=manager, seen_state=ReleaseState.DRAFT)

    assert waiting.number in refused.value.message
    assert "Verwerk ze eerst" in refused.value.message
    assert state_of(release) == ReleaseState.DRAFT
    assert history_of(release) == history
    waiting.refresh_from_db()
    assert waiting.state == S.SCHEDULED


def test_freezing_names_only_the_requests_still_to_apply(manager):
    """An applied request does not hold the freeze up; a scheduled one beside it does."""
    applied = change_request_in_state(S.SCHEDULED, title="Al verwerkt")
    release = applied.scheduled_release
    waiting = change_request_in_state(S.SCHEDULED, release=release, title="Nog te doen")
    change_request_apply(change_request=applied, by=manager)

    with pytest.raises(TransitionRefused) as refused:
        release_freeze(release=release, by=manager)

    assert waiting.number in refused.value.message
    assert applied.number not in refused.value.message


def test_freezing_succeeds_once_every_scheduled_request_is_applied(manager):
    """After applying the request the draft freezes, with the manager in its history."""
    change_request = change_request_in_state(S.SCHEDULED)
    release = change_request.scheduled_release
    change_request_apply(change_request=change_request, by=manager)

    frozen = release_freeze(release=release, by=manager, seen_state=ReleaseState.DRAFT)

    assert frozen.state == ReleaseState.FROZEN
    assert state_of(release) == ReleaseState.FROZEN
    assert release.history.first().history_user == manager


def test_a_stale_page_is_a_state_conflict_and_changes_nothing(manager):
    """The page showed the release frozen, but someone reopened it: adopting is refused."""
    release = release_with_articles(version="1.1", state=ReleaseState.FROZEN)
    release_reopen(release=release, by=manager, seen_state=ReleaseState.FROZEN)
    history = history_of(release)

    with pytest.raises(StateConflict) as conflict:
        release_adopt(
            release=release,
            by=manager,
            adopted_on=ADOPTED_ON,
            note="Stuurgroep 4 maart 2027",
            seen_state=ReleaseState.FROZEN,
        )

    assert "1.1" in conflict.value.message
    assert "Concept" in conflict.value.message or "concept" in conflict.value.message
    fresh = Release.objects.get(pk=release.pk)
    assert (fresh.state, fresh.adopted_on, fresh.adoption_note) == (ReleaseState.DRAFT, None, "")
    assert history_of(release) == history


@pytest.mark.parametrize(
    ("state", "step", "kwargs"),
    [
        (ReleaseState.DRAFT, release_freeze, {}),
        (ReleaseState.FROZEN, release_reopen, {}),
        (ReleaseState.FROZEN, release_adopt, {"adopted_on": ADOPTED_ON, "note": "Besluit"}),
        (
            ReleaseState.ADOPTED,
            release_publish,
            {
                "published_on": PUBLISHED_ON,
                "effective_on": EFFECTIVE_ON,
                "implementation_deadline": SIX_MONTHS_LATER,
            },
        ),
    ],
)
def test_a_role_without_release_management_may_not_take_any_step(state, step, kwargs):
    """A legal reviewer is refused with NotPermitted; the release keeps its state and history."""
    release = release_with_articles(version="1.1", state=state)
    history = history_of(release)

    with pytest.raises(NotPermitted):
        step(release=release, by=staff_user(Role.LEGAL_REVIEWER), seen_state=state, **kwargs)

    assert state_of(release) == state
    assert history_of(release) == history


def test_the_secretariat_may_manage_releases_too():
    """The secretariat holds ``standards.manage_release`` as well."""
    release = release_with_articles(version="1.1", state=ReleaseState.DRAFT)

    frozen = release_freeze(release=release, by=staff_user(Role.SECRETARIAT))

    assert frozen.state == ReleaseState.FROZEN


def test_a_step_the_state_does_not_allow_is_refused(manager):
    """Publishing a frozen release (not adopted yet) is a TransitionRefused, nothing written."""
    release = release_with_articles(version="1.1", state=ReleaseState.FROZEN)

    with pytest.raises(TransitionRefused):
        release_publish(
            release=release,
            by=manager,
            published_on=PUBLISHED_ON,
            effective_on=EFFECTIVE_ON,
            implementation_deadline=SIX_MONTHS_LATER,
        )

    assert Release.objects.get(pk=release.pk).published_on is None


def test_reopening_takes_a_frozen_release_back_to_draft(manager):
    """Reopen, e.g. for a late correction: the release is a draft again."""
    release = release_with_articles(version="1.1", state=ReleaseState.FROZEN)

    reopened = release_reopen(release=release, by=manager, seen_state=ReleaseState.FROZEN)

    assert reopened.state == ReleaseState.DRAFT


# --- Adopt ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("note", ["", "   \n "])
def test_adopting_needs_the_decision_that_adopted_the_release(manager, note):
    """Without a note: InvalidInput on the note field; the release stays frozen."""
    release = release_with_articles(version="1.1", state=ReleaseState.FROZEN)
    history = history_of(release)

    with pytest.raises(InvalidInput) as invalid:
        release_adopt(
            release=release,
            by=manager,
            adopted_on=ADOPTED_ON,
            note=note,
            seen_state=ReleaseState.FROZEN,
        )

    assert invalid.value.field == "note"
    assert "besluit" in invalid.value.message
    fresh = Release.objects.get(pk=release.pk)
    assert (fresh.state, fresh.adopted_on) == (ReleaseState.FROZEN, None)
    assert history_of(release) == history


def test_adopting_records_the_date_and_the_decision(manager):
    """The adopted release carries the adoption date and the note."""
    release = release_with_articles(version="1.1", state=ReleaseState.FROZEN)

    adopted = release_adopt(
        release=release, by=manager, adopted_on=ADOPTED_ON, note="Stuurgroep 4 maart 2027"
    )

    fresh = Release.objects.get(pk=adopted.pk)
    assert (fresh.state, fresh.adopted_on, fresh.adoption_note) == (
        ReleaseState.ADOPTED,
        ADOPTED_ON,
        "Stuurgroep 4 maart 2027",
    )


# --- Publish --------------------------------------------------------------------------------------


def test_a_substantive_request_refuses_a_deadline_before_six_months(manager):
    """One day short of art. 3.30's term: refused on the deadline field, naming the request and
    the earliest allowed date; the release stays adopted, its request applied."""
    release, (change_request,) = adopted_release(manager, ImpactClass.COMPATIBLE)
    history = history_of(release)

    with pytest.raises(InvalidInput) as invalid:
        release_publish(
            release=release,
            by=manager,
            published_on=PUBLISHED_ON,
            effective_on=EFFECTIVE_ON,
            implementation_deadline=SIX_MONTHS_LATER - datetime.timedelta(days=1),
            seen_state=ReleaseState.ADOPTED,
        )

    assert invalid.value.field == "implementation_deadline"
    assert change_request.number in invalid.value.message
    assert "28 februari 2027" in invalid.value.message
    fresh = Release.objects.get(pk=release.pk)
    assert (fresh.state, fresh.published_on) == (ReleaseState.ADOPTED, None)
    assert history_of(release) == history
    change_request.refresh_from_db()
    assert change_request.state == S.APPLIED


def test_the_message_names_only_the_substantive_requests(manager):
    """A release with a compatible, a non-compatible and a non-substantive request: the refusal
    lists the two substantive ones."""
    release, (compatible, breaking, typo) = adopted_release(
        manager, ImpactClass.COMPATIBLE, ImpactClass.NON_COMPATIBLE, ImpactClass.NON_SUBSTANTIVE
    )

    with pytest.raises(InvalidInput) as invalid:
        release_publish(
            release=release,
            by=manager,
            published_on=PUBLISHED_ON,
            effective_on=EFFECTIVE_ON,
            implementation_deadline=EFFECTIVE_ON,
        )

    assert compatible.number in invalid.value.message
    assert breaking.number in invalid.value.message
    assert typo.number not in invalid.value.message


def test_exactly_six_calendar_months_is_allowed(manager, django_capture_on_commit_callbacks):
    """31 August + 6 months = 28 February: that very day is accepted."""
    release, _requests = adopted_release(manager, ImpactClass.NON_COMPATIBLE)

    with django_capture_on_commit_callbacks(execute=True):
        published = release_publish(
            release=release,
            by=manager,
            published_on=PUBLISHED_ON,
            effective_on=EFFECTIVE_ON,
            implementation_deadline=SIX_MONTHS_LATER,
            seen_state=ReleaseState.ADOPTED,
        )

    fresh = Release.objects.get(pk=published.pk)
    assert (fresh.state, fresh.implementation_deadline) == (
        ReleaseState.PUBLISHED,
        SIX_MONTHS_LATER,
    )


def test_only_non_substantive_requests_need_no_new_term(
    manager, django_capture_on_commit_callbacks
):
    """The deadline may be the effective date itself: "no new term"."""
    release, _requests = adopted_release(manager, ImpactClass.NON_SUBSTANTIVE)

    with django_capture_on_commit_callbacks(execute=True):
        release_publish(
            release=release,
            by=manager,
            published_on=PUBLISHED_ON,
            effective_on=EFFECTIVE_ON,
            implementation_deadline=EFFECTIVE_ON,
            seen_state=ReleaseState.ADOPTED,
        )

    fresh = Release.objects.get(pk=release.pk)
    assert (fresh.state, fresh.effective_on, fresh.implementation_deadline) == (
        ReleaseState.PUBLISHED,
        EFFECTIVE_ON,
        EFFECTIVE_ON,
    )


def test_an_effective_date_before_publication_is_refused(manager):
    """InvalidInput on the effective date; nothing published."""
    release, _requests = adopted_release(manager, ImpactClass.NON_SUBSTANTIVE)

    with pytest.raises(InvalidInput) as invalid:
        release_publish(
            release=release,
            by=manager,
            published_on=PUBLISHED_ON,
            effective_on=PUBLISHED_ON - datetime.timedelta(days=1),
            implementation_deadline=SIX_MONTHS_LATER,
        )

    assert invalid.value.field == "effective_on"
    assert "ingangsdatum" in invalid.value.message
    assert state_of(release) == ReleaseState.ADOPTED


def test_a_deadline_before_publication_is_refused_even_without_substantive_change(manager):
    """No new term is needed, but the deadline cannot end before the publication."""
    release, _requests = adopted_release(manager, ImpactClass.NON_SUBSTANTIVE)

    with pytest.raises(InvalidInput) as invalid:
        release_publish(
            release=release,
            by=manager,
            published_on=PUBLISHED_ON,
            effective_on=PUBLISHED_ON,
            implementation_deadline=PUBLISHED_ON - datetime.timedelta(days=1),
        )

    assert invalid.value.field == "implementation_deadline"
    assert state_of(release) == ReleaseState.ADOPTED


def test_publishing_supersedes_the_previous_release_and_releases_the_requests(
    manager, django_capture_on_commit_callbacks
):
    """1.0 becomes superseded; after commit every applied request of 1.1 is released."""
    release, requests = adopted_release(manager, ImpactClass.COMPATIBLE, ImpactClass.COMPATIBLE)
    previous = release.standard.releases.get(version_major=1, version_minor=0)
    assert previous.state == ReleaseState.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        release_publish(
            release=release,
            by=manager,
            published_on=PUBLISHED_ON,
            effective_on=EFFECTIVE_ON,
            implementation_deadline=SIX_MONTHS_LATER,
            seen_state=ReleaseState.ADOPTED,
        )

    assert callbacks
    assert state_of(previous) == ReleaseState.SUPERSEDED
    assert state_of(release) == ReleaseState.PUBLISHED
    for change_request in requests:
        change_request.refresh_from_db()
        assert change_request.state == S.RELEASED


def test_the_requests_are_released_with_the_publication_and_only_once(
    manager, django_capture_on_commit_callbacks
):
    """Released in the publication's own transaction, before any after-commit work; the publish
    event's receiver that runs after commit finds nothing left to release (one event)."""
    release, (change_request,) = adopted_release(manager, ImpactClass.COMPATIBLE)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        release_publish(
            release=release,
            by=manager,
            published_on=PUBLISHED_ON,
            effective_on=EFFECTIVE_ON,
            implementation_deadline=SIX_MONTHS_LATER,
        )

    change_request.refresh_from_db()
    assert change_request.state == S.RELEASED
    assert change_request.events.filter(transition="release").count() == 1
    assert callbacks  # the publish event, sent after commit
    for callback in callbacks:
        callback()
    assert change_request.events.filter(transition="release").count() == 1
