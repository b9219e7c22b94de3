"""Concurrent work on the same change requests, on PostgreSQL (real row locks, real threads).

DESIGN.md: "Concurrent decisions on the same CR: exactly one wins, the other gets a clear
conflict", and numbers are "unique and gap-free per year even under concurrent submissions".
Each race starts its threads at a barrier after every thread has loaded what it acts on, as two
people who opened the same page would have; every thread uses (and closes) its own connection.

These tests are marked ``postgres``: SQLite serializes all writers, so races cannot happen there.
"""

import datetime
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection

import pytest

from accounts.roles import Role
from governance.confirmation import confirmation_token
from governance.constants import ChangeRequestState, SteeringOutcome
from governance.exceptions import GovernanceError, InvalidInput, StateConflict
from governance.models import AgendaItem, ChangeRequest, NumberSeries, TransitionEvent
from governance.services import change_requests as services
from governance.services import steering
from standards.deadlines import AMSTERDAM
from standards.models import Release
from tests.factories import change_request_in_state, staff_user
from tests.governance.services.builders import draft_release, published_release, submit

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

S = ChangeRequestState
User = get_user_model()
BARRIER_TIMEOUT = 30
SUBMISSIONS = 50


@dataclass(frozen=True)
class Outcome:
    value: Any = None
    error: GovernanceError | None = None


def race(*contenders: tuple[Callable[[], Any], Callable[[Any], Any]]) -> list[Outcome]:
    """Run each (load, act) pair in its own thread: all load, meet at a barrier, then act.

    Returns each contender's outcome in order; unexpected exceptions fail the test.
    """
    barrier = threading.Barrier(len(contenders), timeout=BARRIER_TIMEOUT)

    def run(load: Callable[[], Any], act: Callable[[Any], Any]) -> Outcome:
        try:
            loaded = load()
            barrier.wait()
            try:
                return Outcome(value=act(loaded))
            except GovernanceError as error:
                return Outcome(error=error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(contenders)) as pool:
        futures = [pool.submit(run, load, act) for load, act in contenders]
        return [future.result(timeout=BARRIER_TIMEOUT * 4) for future in futures]


def winner_and_loser(outcomes: list[Outcome]) -> tuple[int, Outcome]:
    """Exactly one contender succeeded: its index, and the other's outcome."""
    succeeded = [index for index, outcome in enumerate(outcomes) if outcome.error is None]
    assert len(succeeded) == 1, outcomes
    [loser] = [outcome for outcome in outcomes if outcome.error is not None]
    return succeeded[0], loser


@pytest.fixture
def draft() -> Release:
    return draft_release(published_release())


def fresh(model, pk):
    return lambda: model.objects.get(pk=pk)


# Two people acting on the same request at the same moment ------------------------------------


@pytest.mark.parametrize("round_", range(3))
def test_two_concurrent_decisions_on_one_agenda_item_one_wins_the_other_conflicts(draft, round_):
    """Approve and reject race: one is recorded, the other gets ``StateConflict``; one event."""
    change_request = change_request_in_state(S.STEERING, release=draft)
    secretary = staff_user(Role.STEERING_SECRETARY)
    colleague = staff_user(Role.STEERING_SECRETARY, username="tweede-secretaris")
    meeting = steering.meeting_create(by=secretary, held_on=datetime.date(2027, 3, 1))
    [item] = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    outcomes = {0: SteeringOutcome.APPROVE, 1: SteeringOutcome.REJECT}

    def decider(index: int, user_pk: int):
        def load():
            return AgendaItem.objects.get(pk=item.pk), User.objects.get(pk=user_pk)

        def act(loaded):
            agenda_item, user = loaded
            return steering.meeting_decide(
                item=agenda_item, by=user, outcome=outcomes[index], motivation="Besloten."
            )

        return load, act

    results = race(decider(0, secretary.pk), decider(1, colleague.pk))

    winner, loser = winner_and_loser(results)
    assert isinstance(loser.error, StateConflict), loser
    change_request.refresh_from_db()
    expected_state = S.APPROVED if outcomes[winner] == SteeringOutcome.APPROVE else S.REJECTED
    assert change_request.state == expected_state
    assert AgendaItem.objects.get(pk=item.pk).outcome == outcomes[winner]
    assert (
        TransitionEvent.objects.filter(change_request=change_request, transition="decide").count()
        == 1
    )
    assert change_request.history.filter(history_change_reason__contains="stuurgroep").count() == 1


@pytest.mark.parametrize("round_", range(3))
def test_two_concurrent_steps_on_one_request_at_intake_one_wins(draft, round_):
    """Forward to legal review and reject race: one step is taken, the other conflicts."""
    change_request = change_request_in_state(S.INTAKE, release=draft)
    first = staff_user(Role.SECRETARIAT)
    second = staff_user(Role.SECRETARIAT, username="tweede-secretariaat")

    def load_for(user_pk: int):
        return lambda: (
            ChangeRequest.objects.get(pk=change_request.pk),
            User.objects.get(pk=user_pk),
        )

    def forward(loaded):
        copy, user = loaded
        return services.change_request_to_legal_review(change_request=copy, by=user)

    def reject(loaded):
        copy, user = loaded
        return services.change_request_reject(change_request=copy, by=user, motivation="Nee.")

    results = race((load_for(first.pk), forward), (load_for(second.pk), reject))

    winner, loser = winner_and_loser(results)
    assert isinstance(loser.error, StateConflict), loser
    change_request.refresh_from_db()
    assert change_request.state == (S.LEGAL_REVIEW, S.REJECTED)[winner]
    steps = TransitionEvent.objects.filter(change_request=change_request).exclude(
        transition__in=("submit", "confirm")
    )
    assert list(steps.values_list("transition", flat=True)) == [
        ("to_legal_review", "reject")[winner]
    ]


def test_two_duplicates_merged_into_each_other_at_once_leave_one_open(draft):
    """A into B and B into A at the same moment: one merge wins, the other is refused."""
    first = change_request_in_state(S.INTAKE, release=draft, title="Eerste")
    second = change_request_in_state(S.INTAKE, release=draft, title="Tweede")
    secretariat = staff_user(Role.SECRETARIAT)
    colleague = staff_user(Role.SECRETARIAT, username="tweede-secretariaat")

    def merger(duplicate_pk: int, into_pk: int, user_pk: int):
        def load():
            return (
                ChangeRequest.objects.get(pk=duplicate_pk),
                ChangeRequest.objects.get(pk=into_pk),
                User.objects.get(pk=user_pk),
            )

        def act(loaded):
            duplicate, into, user = loaded
            return services.change_request_merge(change_request=duplicate, by=user, into=into)

        return load, act

    results = race(
        merger(first.pk, second.pk, secretariat.pk), merger(second.pk, first.pk, colleague.pk)
    )

    winner, loser = winner_and_loser(results)
    assert isinstance(loser.error, InvalidInput | StateConflict), loser
    states = dict(
        ChangeRequest.objects.filter(pk__in=(first.pk, second.pk)).values_list("pk", "state")
    )
    merged, kept = (first, second) if winner == 0 else (second, first)
    assert states == {merged.pk: S.MERGED, kept.pk: S.INTAKE}
    assert TransitionEvent.objects.filter(transition="merge_into").count() == 1


def test_two_clicks_on_the_confirmation_link_at_once_confirm_once_without_error(draft):
    """A double click on the e-mail link: both requests succeed, one confirm event."""
    change_request = change_request_in_state(S.SUBMITTED, release=draft)
    link = confirmation_token(
        change_request_pk=change_request.pk, email=change_request.submitter_email
    )

    def click():
        return lambda: None, lambda _loaded: services.change_request_confirm(token=link)

    results = race(click(), click())

    assert [outcome.error for outcome in results] == [None, None]
    assert [outcome.value.state for outcome in results] == [S.INTAKE, S.INTAKE]
    assert (
        TransitionEvent.objects.filter(change_request=change_request, transition="confirm").count()
        == 1
    )


def test_two_agendas_built_at_once_share_no_request(draft):
    """Two meetings' agendas built at the same moment: each waiting request lands on one."""
    waiting = [
        change_request_in_state(S.STEERING, release=draft, title=f"Verzoek {n}") for n in range(3)
    ]
    secretary = staff_user(Role.STEERING_SECRETARY)
    colleague = staff_user(Role.STEERING_SECRETARY, username="tweede-secretaris")
    meetings = [
        steering.meeting_create(by=secretary, held_on=datetime.date(2027, 3, day)) for day in (1, 2)
    ]

    def builder(meeting_pk: int, user_pk: int):
        def load():
            from governance.models import SteeringMeeting

            return SteeringMeeting.objects.get(pk=meeting_pk), User.objects.get(pk=user_pk)

        def act(loaded):
            meeting, user = loaded
            return steering.meeting_build_agenda(meeting=meeting, by=user)

        return load, act

    results = race(builder(meetings[0].pk, secretary.pk), builder(meetings[1].pk, colleague.pk))

    assert [outcome.error for outcome in results] == [None, None]
    on_agenda = sorted(AgendaItem.objects.values_list("change_request_id", flat=True))
    assert on_agenda == sorted(change_request.pk for change_request in waiting)
    assert sorted(len(outcome.value) for outcome in results) == [0, 3]


# Many submissions at the same moment ---------------------------------------------------------


def worker_count() -> int:
    """50 connections when the server has room for them (and the tests' own), else 20."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        max_connections = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM pg_stat_activity")
        in_use = cursor.fetchone()[0]
    return SUBMISSIONS if max_connections - in_use >= SUBMISSIONS + 10 else 20


def test_fifty_concurrent_submissions_get_fifty_consecutive_numbers(draft):
    """WV-2026-0001 … WV-2026-0050: no number twice, none skipped, the series at 50.

    The year's number series does not exist yet, so the submissions also race to create it.
    """
    at = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=AMSTERDAM)
    workers = worker_count()
    barrier = threading.Barrier(workers, timeout=BARRIER_TIMEOUT)
    assert not NumberSeries.objects.exists()

    def submit_share(worker: int) -> list[str]:
        try:
            release = Release.objects.get(pk=draft.pk)
            release.article_versions.get()
            barrier.wait()
            return [
                submit(release, at=at, title=f"Verzoek {n}")[0].number
                for n in range(worker, SUBMISSIONS, workers)
            ]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        numbers = [
            number
            for share in pool.map(submit_share, range(workers), timeout=BARRIER_TIMEOUT * 4)
            for number in share
        ]

    expected = [f"WV-2026-{sequence:04d}" for sequence in range(1, SUBMISSIONS + 1)]
    assert sorted(numbers) == expected
    assert sorted(ChangeRequest.objects.values_list("number", flat=True)) == expected
    assert sorted(ChangeRequest.objects.values_list("sequence", flat=True)) == list(
        range(1, SUBMISSIONS + 1)
    )
    assert NumberSeries.objects.get(year=2026).last_sequence == SUBMISSIONS
    assert TransitionEvent.objects.filter(transition="submit").count() == SUBMISSIONS
