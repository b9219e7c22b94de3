"""The whole workflow graph, walked for every actor (DESIGN.md, "The CR workflow", "Roles").

The graph is written down here as data, independently of the model: each edge names the service
that takes it, the state it leaves, the state it reaches, who may take it and how the public
timeline names that actor. A test checks that these edges are exactly the transitions
``ChangeRequest`` declares, so an edge added to the model cannot go untested.

Then every service is called on a change request in every state by every actor. An edge the
data allows must succeed and write exactly one ``TransitionEvent`` and one history row with its
reason (plus the review, answer or decision the step records); every other combination must
raise a typed error (``TransitionRefused`` for the wrong state, ``NotPermitted`` for the wrong
actor) and leave the database exactly as it was.

One change request is built per state per test; each call runs in a savepoint that is rolled
back afterwards, so the next actor finds the request as it was.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction

import pytest
from django_fsm import RETURN_VALUE

from accounts.roles import Role
from governance.confirmation import confirmation_token
from governance.constants import (
    WITHDRAWABLE_STATES,
    ActorRole,
    BurdenEffect,
    ChangeKind,
    ChangeRequestState,
    ImpactClass,
    LegalVerdict,
    PracticalFeasibility,
    SteeringOutcome,
)
from governance.exceptions import GovernanceError, NotPermitted, TransitionRefused
from governance.models import (
    AgendaItem,
    ChangeRequest,
    FaqEntry,
    LegalAssessment,
    NumberSeries,
    PracticalReview,
    SteeringMeeting,
    TransitionEvent,
)
from governance.services import application, steering
from governance.services import change_requests as services
from organisations.constants import OrganisationKind
from standards.models import Release
from tests.factories import change_request_in_state, staff_user

pytestmark = pytest.mark.django_db

S = ChangeRequestState

# The actors. A submitter proves who they are either by being logged in with the account that
# filed the request or by holding the request's private tracking link (no account needed).
ANONYMOUS = "anonymous"
SUBMITTER_ACCOUNT = "submitter (account)"
SUBMITTER_LINK = "submitter (tracking link)"
ACTORS = (ANONYMOUS, SUBMITTER_ACCOUNT, SUBMITTER_LINK, *Role.values)
SUBMITTER = frozenset({SUBMITTER_ACCOUNT, SUBMITTER_LINK})
# Confirming the e-mail address takes the signed link from the e-mail, not an actor.
CONFIRMATION_LINK = "holder of the confirmation link"


def roles(*names: Role) -> frozenset[str]:
    return frozenset(role.value for role in names)


@dataclass(frozen=True)
class Edge:
    service: str
    transition: str
    source: str
    target: str
    actors: frozenset[str]
    actor_role: ActorRole


def decide_edge(outcome: SteeringOutcome, target: str) -> Edge:
    return Edge(
        f"decide_{outcome}",
        "decide",
        S.STEERING,
        target,
        roles(Role.STEERING_SECRETARY),
        ActorRole.STEERING_GROUP,
    )


EDGES = (
    Edge("submit", "submit", S.DRAFT, S.SUBMITTED, frozenset(ACTORS), ActorRole.SUBMITTER),
    Edge(
        "confirm",
        "confirm",
        S.SUBMITTED,
        S.INTAKE,
        frozenset({CONFIRMATION_LINK}),
        ActorRole.SUBMITTER,
    ),
    Edge(
        "request_info",
        "request_info",
        S.INTAKE,
        S.NEEDS_INFO,
        roles(Role.SECRETARIAT),
        ActorRole.SECRETARIAT,
    ),
    Edge("supply_info", "supply_info", S.NEEDS_INFO, S.INTAKE, SUBMITTER, ActorRole.SUBMITTER),
    Edge(
        "to_legal_review",
        "to_legal_review",
        S.INTAKE,
        S.LEGAL_REVIEW,
        roles(Role.SECRETARIAT),
        ActorRole.SECRETARIAT,
    ),
    Edge(
        "assess",
        "assess",
        S.LEGAL_REVIEW,
        S.PRACTICAL_REVIEW,
        roles(Role.LEGAL_REVIEWER),
        ActorRole.EXPERT_TEAM,
    ),
    Edge(
        "advise",
        "advise",
        S.PRACTICAL_REVIEW,
        S.STEERING,
        roles(Role.PRACTICAL_REVIEWER),
        ActorRole.BEGELEIDINGSGROEP,
    ),
    Edge("reject", "reject", S.INTAKE, S.REJECTED, roles(Role.SECRETARIAT), ActorRole.SECRETARIAT),
    Edge(
        "reject",
        "reject",
        S.LEGAL_REVIEW,
        S.REJECTED,
        roles(Role.LEGAL_REVIEWER),
        ActorRole.EXPERT_TEAM,
    ),
    Edge(
        "reject",
        "reject",
        S.PRACTICAL_REVIEW,
        S.REJECTED,
        roles(Role.PRACTICAL_REVIEWER),
        ActorRole.BEGELEIDINGSGROEP,
    ),
    Edge(
        "merge_into",
        "merge_into",
        S.INTAKE,
        S.MERGED,
        roles(Role.SECRETARIAT),
        ActorRole.SECRETARIAT,
    ),
    Edge(
        "answer_in_faq",
        "answer_in_faq",
        S.LEGAL_REVIEW,
        S.ANSWERED,
        roles(Role.LEGAL_REVIEWER),
        ActorRole.EXPERT_TEAM,
    ),
    Edge(
        "answer_in_faq",
        "answer_in_faq",
        S.PRACTICAL_REVIEW,
        S.ANSWERED,
        roles(Role.PRACTICAL_REVIEWER),
        ActorRole.BEGELEIDINGSGROEP,
    ),
    decide_edge(SteeringOutcome.APPROVE, S.APPROVED),
    decide_edge(SteeringOutcome.REJECT, S.REJECTED),
    decide_edge(SteeringOutcome.DEFER, S.STEERING),
    Edge(
        "schedule",
        "schedule",
        S.APPROVED,
        S.SCHEDULED,
        roles(Role.SECRETARIAT, Role.RELEASE_MANAGER),
        ActorRole.SECRETARIAT,
    ),
    Edge(
        "apply",
        "apply",
        S.SCHEDULED,
        S.APPLIED,
        roles(Role.SECRETARIAT, Role.RELEASE_MANAGER),
        ActorRole.SECRETARIAT,
    ),
    # Taken by the portal itself when the release is published: see test_application.py.
    Edge("release", "release", S.APPLIED, S.RELEASED, frozenset(), ActorRole.SYSTEM),
    *(
        Edge("withdraw", "withdraw", state, S.WITHDRAWN, SUBMITTER, ActorRole.SUBMITTER)
        for state in WITHDRAWABLE_STATES
    ),
)

# Services that act on a change request in some state, taken by an actor.
STATE_SERVICES = sorted({edge.service for edge in EDGES} - {"submit", "confirm", "release"})

# What each service records besides the event and the history row.
RECORDS = {
    "assess": "legal_assessments",
    "advise": "practical_reviews",
    "answer_in_faq": "faq_entries",
    "decide_approve": "decided_agenda_items",
    "decide_reject": "decided_agenda_items",
    "decide_defer": "decided_agenda_items",
}


# The world every test of this module works in -------------------------------------------------


@dataclass
class World:
    release: Release
    into: ChangeRequest
    account: Any
    actors: dict[str, tuple[Any, bool]]  # name -> (user, holds the tracking link)
    change_requests: dict[str, int]  # state -> pk
    agenda_items: dict[int, AgendaItem]  # change request pk -> its open agenda item


# Approved requests are built first: approving one builds an agenda from every request waiting
# for the steering group, and the request in ``steering`` must be on no agenda of the factory's.
BUILD_ORDER = (
    S.APPROVED,
    S.SCHEDULED,
    S.APPLIED,
    S.RELEASED,
    S.DRAFT,
    S.SUBMITTED,
    S.INTAKE,
    S.NEEDS_INFO,
    S.LEGAL_REVIEW,
    S.PRACTICAL_REVIEW,
    S.STEERING,
    S.REJECTED,
    S.MERGED,
    S.ANSWERED,
    S.WITHDRAWN,
)


def _build(state: str, release: Release, account) -> ChangeRequest:
    title = f"Verzoek in status {state}"
    if state in (S.DRAFT, S.SUBMITTED):
        # Services store unconfirmed requests only for anonymous submitters; linking the account
        # afterwards lets the account-holder variant of the submitter act on these states too.
        change_request = change_request_in_state(S.SUBMITTED, release=release, title=title)
        ChangeRequest.objects.filter(pk=change_request.pk).update(
            state=state, submitter_user=account
        )
        return change_request
    if state in (S.APPLIED, S.RELEASED):
        # Reached through the release workflow (applying to the draft, publishing), which is not
        # one of these services: made directly from a scheduled request.
        change_request = change_request_in_state(
            S.SCHEDULED, release=release, submitter=account, title=title
        )
        ChangeRequest.objects.filter(pk=change_request.pk).update(state=state)
        return change_request
    return change_request_in_state(state, release=release, submitter=account, title=title)


@pytest.fixture
def world(draft, submitter_account) -> World:
    assert set(BUILD_ORDER) == set(S.values)
    change_requests = {state: _build(state, draft, submitter_account).pk for state in BUILD_ORDER}
    assert {
        state: ChangeRequest.objects.get(pk=pk).state for state, pk in change_requests.items()
    } == {state: state for state in BUILD_ORDER}
    into = change_request_in_state(
        S.INTAKE, release=draft, title="Het verzoek waarmee wordt samengevoegd"
    )
    actors = {
        ANONYMOUS: (AnonymousUser(), False),
        SUBMITTER_ACCOUNT: (submitter_account, False),
        SUBMITTER_LINK: (AnonymousUser(), True),
        **{role.value: (staff_user(role), False) for role in Role},
    }
    return World(
        release=draft,
        into=into,
        account=submitter_account,
        actors=actors,
        change_requests=change_requests,
        agenda_items={},
    )


def _put_everything_on_an_agenda(world: World) -> None:
    """The request in ``steering`` through the real agenda; the others directly.

    An agenda item of a request that is no longer waiting for the steering group cannot arise
    through the services (withdrawing takes the request off the agenda); it is made here so that
    recording a decision is shown to check the request's state and not only the agenda item's.
    """
    secretary = world.actors[Role.STEERING_SECRETARY][0]
    meeting = steering.meeting_create(by=secretary, held_on=datetime.date(2027, 6, 1))
    built = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    assert [item.change_request_id for item in built] == [world.change_requests[S.STEERING]]
    for position, pk in enumerate(world.change_requests.values(), start=len(built) + 1):
        item = AgendaItem.objects.filter(change_request_id=pk, outcome="").first()
        world.agenda_items[pk] = item or AgendaItem.objects.create(
            meeting=meeting, change_request_id=pk, position=position
        )


# Calling the services ----------------------------------------------------------------------


def _call(service: str, change_request: ChangeRequest, by, token: str | None, world: World):
    if service == "request_info":
        return services.change_request_request_info(
            change_request=change_request, by=by, question="Welke termijn bedoelt u?"
        )
    if service == "supply_info":
        return services.change_request_supply_info(
            change_request=change_request, by=by, answer="Vijf werkdagen.", tracking_token=token
        )
    if service == "to_legal_review":
        return services.change_request_to_legal_review(change_request=change_request, by=by)
    if service == "assess":
        return services.change_request_assess(
            change_request=change_request,
            by=by,
            verdict=LegalVerdict.FEASIBLE,
            motivation="Past binnen de Wmo 2015.",
        )
    if service == "advise":
        return services.change_request_advise(
            change_request=change_request,
            by=by,
            feasibility=PracticalFeasibility.FEASIBLE,
            burden_effect=BurdenEffect.NEUTRAL,
            advice="Overnemen.",
        )
    if service == "reject":
        return services.change_request_reject(
            change_request=change_request, by=by, motivation="Niet ontvankelijk."
        )
    if service == "merge_into":
        return services.change_request_merge(change_request=change_request, by=by, into=world.into)
    if service == "answer_in_faq":
        return services.change_request_answer_in_faq(
            change_request=change_request,
            by=by,
            question="Wat is de levertermijn?",
            answer="Zie artikel 3.1.",
        )
    if service.startswith("decide_"):
        return steering.meeting_decide(
            item=world.agenda_items[change_request.pk],
            by=by,
            outcome=SteeringOutcome(service.removeprefix("decide_")),
            motivation="Besloten in de vergadering.",
        )
    if service == "schedule":
        return services.change_request_schedule(
            change_request=change_request, by=by, release=world.release
        )
    if service == "apply":
        return application.change_request_apply(change_request=change_request, by=by)
    if service == "withdraw":
        return services.change_request_withdraw(
            change_request=change_request, by=by, reason="Niet meer nodig.", tracking_token=token
        )
    raise AssertionError(f"no call for {service}")


def _reason(service: str, world: World) -> str:
    """The reason the history row of each step carries."""
    return {
        "confirm": "E-mailadres bevestigd",
        "request_info": "Aanvullende informatie gevraagd",
        "supply_info": "Aanvullende informatie gegeven",
        "to_legal_review": "Naar juridische toets",
        "assess": "Juridisch getoetst",
        "advise": "Praktijktoets gedaan",
        "reject": "Afgewezen",
        "merge_into": f"Samengevoegd met {world.into.number}",
        "answer_in_faq": "Beantwoord in vraag en antwoord",
        "decide_approve": "Goedgekeurd door de stuurgroep",
        "decide_reject": "Afgewezen door de stuurgroep",
        "decide_defer": "Aangehouden door de stuurgroep",
        "schedule": f"Ingepland in versie {world.release.version}",
        "apply": "Verwerkt in het concept",
        "withdraw": "Ingetrokken door de indiener",
    }[service]


def _expected(service: str, state: str, actor: str) -> Edge | type[GovernanceError]:
    """The edge taken, or the error a refusal raises.

    The change-request services look at the state first (``TransitionRefused``), then at the
    actor (``NotPermitted``); recording a steering decision checks the actor first.
    """
    edges = [edge for edge in EDGES if edge.service == service]
    edge = next((edge for edge in edges if edge.source == state), None)
    if service.startswith("decide_") and actor not in edges[0].actors:
        return NotPermitted
    if edge is None:
        return TransitionRefused
    return edge if actor in edge.actors else NotPermitted


# What the database holds ---------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    change_request: dict
    counts: dict[str, int]
    agenda_items: list[dict]
    number_series: list[dict]
    last_event_pk: int
    last_history_pk: int


def _count(model, where: str = "") -> str:
    return f"(SELECT COUNT(*) FROM {model._meta.db_table} {where})"


HISTORY = ChangeRequest.history.model
# Counted in one query: the walk takes thousands of snapshots.
COUNTS = {
    "change_requests": _count(ChangeRequest),
    "events": _count(TransitionEvent),
    "history": _count(HISTORY),
    "legal_assessments": _count(LegalAssessment),
    "practical_reviews": _count(PracticalReview),
    "faq_entries": _count(FaqEntry),
    "agenda_items": _count(AgendaItem),
    "decided_agenda_items": _count(AgendaItem, "WHERE outcome <> ''"),
    "meetings": _count(SteeringMeeting),
    "last_event_pk": f"(SELECT COALESCE(MAX(id), 0) FROM {TransitionEvent._meta.db_table})",
    "last_history_pk": f"(SELECT COALESCE(MAX(history_id), 0) FROM {HISTORY._meta.db_table})",
}
COUNTS_SQL = "SELECT " + ", ".join(COUNTS.values())


def _snapshot(pk: int) -> Snapshot:
    with connection.cursor() as cursor:
        cursor.execute(COUNTS_SQL)
        counts = dict(zip(COUNTS, cursor.fetchone(), strict=True))
    return Snapshot(
        change_request=ChangeRequest.objects.filter(pk=pk).values().get(),
        last_event_pk=counts.pop("last_event_pk"),
        last_history_pk=counts.pop("last_history_pk"),
        counts=counts,
        agenda_items=list(AgendaItem.objects.order_by("pk").values()),
        number_series=list(NumberSeries.objects.order_by("year").values()),
    )


def _check_taken(
    label: str, edge: Edge, reason: str, user, pk: int, before: Snapshot, after: Snapshot
) -> list[str]:
    problems = []
    actor = user if user.is_authenticated else None
    state = ChangeRequest.objects.get(pk=pk).state
    if state != edge.target:
        problems.append(f"{label}: ended in {state}, expected {edge.target}")
    events = list(
        TransitionEvent.objects.filter(pk__gt=before.last_event_pk).values_list(
            "change_request_id", "transition", "from_state", "to_state", "actor", "actor_role"
        )
    )
    expected_event = (
        pk,
        edge.transition,
        edge.source,
        edge.target,
        actor.pk if actor else None,
        edge.actor_role,
    )
    if events != [expected_event]:
        problems.append(f"{label}: events {events}, expected [{expected_event}]")
    history = list(
        ChangeRequest.history.filter(history_id__gt=before.last_history_pk).values_list(
            "id", "state", "history_change_reason", "history_user"
        )
    )
    expected_history = (pk, edge.target, reason, actor.pk if actor else None)
    if history != [expected_history]:
        problems.append(f"{label}: history {history}, expected [{expected_history}]")
    expected_counts = dict(before.counts, events=before.counts["events"] + 1)
    expected_counts["history"] += 1
    if record := RECORDS.get(edge.service):
        expected_counts[record] += 1
    if after.counts != expected_counts:
        problems.append(f"{label}: wrote {after.counts}, expected {expected_counts}")
    if after.number_series != before.number_series:
        problems.append(f"{label}: changed the number series")
    return problems


def _check_refused(
    label: str,
    expected: type[GovernanceError],
    raised: GovernanceError | None,
    before: Snapshot,
    after: Snapshot,
) -> list[str]:
    problems = []
    if type(raised) is not expected:
        problems.append(f"{label}: expected {expected.__name__}, got {raised!r}")
    elif not raised.message:
        problems.append(f"{label}: {expected.__name__} without a message")
    if after != before:
        problems.append(f"{label}: a refusal wrote to the database")
    return problems


def _attempt(
    service: str, state: str, actor_name: str, world: World, before: Snapshot
) -> list[str]:
    """Call ``service`` in ``state`` as ``actor_name`` and check the outcome; roll it back.

    ``before`` is the database as every attempt in this state finds it (each is rolled back).
    """
    pk = world.change_requests[state]
    user, holds_link = world.actors[actor_name]
    label = f"{service} in {state} by {actor_name}"
    expected = _expected(service, state, actor_name)
    with transaction.atomic():
        change_request = ChangeRequest.objects.get(pk=pk)
        token = change_request.tracking_token if holds_link else None
        raised = None
        try:
            _call(service, change_request, user, token, world)
        except GovernanceError as error:
            raised = error
        except Exception as error:
            error.add_note(label)
            raise
        after = _snapshot(pk)
        if isinstance(expected, Edge):
            if raised is not None:
                problems = [f"{label}: allowed, but raised {raised!r}"]
            else:
                problems = _check_taken(
                    label, expected, _reason(service, world), user, pk, before, after
                )
        else:
            problems = _check_refused(label, expected, raised, before, after)
        transaction.set_rollback(True)
    return problems


# The tests --------------------------------------------------------------------------------


def test_the_edges_tested_here_are_exactly_the_edges_the_model_declares():
    """Adding, removing or redirecting a transition on the model makes this test fail."""
    declared = set()
    for transition in ChangeRequest._meta.get_field("state").get_all_transitions(ChangeRequest):
        targets = (
            transition.target.allowed_states
            if isinstance(transition.target, RETURN_VALUE)
            else [transition.target]
        )
        declared |= {(transition.name, transition.source, target) for target in targets}
    assert declared == {(edge.transition, edge.source, edge.target) for edge in EDGES}


@pytest.mark.parametrize("service", STATE_SERVICES)
def test_every_service_in_every_state_for_every_actor(service, world):
    """Allowed edges move the request and write one event; everything else is refused cleanly.

    For each of the 15 states and each of the 11 actors: an allowed edge ends in the target
    state with exactly one event (step, from, to, actor, timeline role), one history row with the
    step's reason and the record the step makes; any other combination raises
    ``TransitionRefused`` (wrong state) or ``NotPermitted`` (wrong actor) and writes nothing.
    """
    if service.startswith("decide_"):
        _put_everything_on_an_agenda(world)
    problems = []
    taken = 0
    for state in BUILD_ORDER:
        before = _snapshot(world.change_requests[state])
        for actor in ACTORS:
            problems += _attempt(service, state, actor, world, before)
            taken += isinstance(_expected(service, state, actor), Edge)
    assert not problems, "\n".join(problems)
    assert taken == sum(len(edge.actors) for edge in EDGES if edge.service == service), (
        "every edge of the data was tried by every actor it allows"
    )


def test_anyone_may_submit_and_only_a_logged_in_submitter_skips_confirmation(
    draft, submitter_account
):
    """Submitting is open to every actor.

    Without an account the request waits for e-mail confirmation (one event); logged in, the
    address is proven and the request goes straight to intake (submit and confirm events).
    """
    article_version = draft.article_versions.get()
    users = {
        ANONYMOUS: AnonymousUser(),
        SUBMITTER_ACCOUNT: submitter_account,
        # Before submitting there is no tracking link yet: this submitter is anonymous.
        SUBMITTER_LINK: AnonymousUser(),
        **{role.value: staff_user(role) for role in Role},
    }
    assert set(users) == set(ACTORS)
    for actor, user in users.items():
        change_request, _target = services.change_request_submit(
            release=draft,
            document=article_version.document,
            article_version=article_version,
            kind=ChangeKind.CHANGE_WORDING,
            impact=ImpactClass.COMPATIBLE,
            title=f"Ingediend door {actor}",
            proposed_text="De aanbieder levert binnen vijf werkdagen.",
            motivation="Duidelijker.",
            summary="Vijf werkdagen.",
            submitter_name="Sam",
            # A logged-in submitter files with the account's own address (decision 0011).
            submitter_email=user.email if user.is_authenticated else "sam@example.nl",
            organisation_name="Gemeente Voorbeeld",
            organisation_type=OrganisationKind.MUNICIPALITY,
            by=user,
        )
        logged_in = user.is_authenticated
        actor_pk = user.pk if logged_in else None
        expected_events = [("submit", S.DRAFT, S.SUBMITTED, actor_pk, ActorRole.SUBMITTER)]
        expected_history = [(S.DRAFT, "Ingediend"), (S.SUBMITTED, "Ingediend")]
        if logged_in:
            expected_events.append(
                ("confirm", S.SUBMITTED, S.INTAKE, actor_pk, ActorRole.SUBMITTER)
            )
            expected_history.append((S.INTAKE, "Ingediend met account"))
        assert change_request.state == (S.INTAKE if logged_in else S.SUBMITTED), actor
        assert change_request.submitter_user_id == actor_pk, actor
        events = change_request.events.order_by("pk").values_list(
            "transition", "from_state", "to_state", "actor", "actor_role"
        )
        assert list(events) == expected_events, actor
        history = change_request.history.order_by("history_id").values_list(
            "state", "history_change_reason"
        )
        assert list(history) == expected_history, actor


def test_the_confirmation_link_moves_only_a_submitted_request_and_is_harmless_elsewhere(world):
    """The genuine link confirms a submitted request into intake with one event.

    In every other state following it again changes nothing and raises nothing: the submitter
    who clicks twice, or clicks after withdrawing, is shown the request as it is.
    """
    problems = []
    for state in BUILD_ORDER:
        pk = world.change_requests[state]
        with transaction.atomic():
            before = _snapshot(pk)
            change_request = ChangeRequest.objects.get(pk=pk)
            link = confirmation_token(change_request_pk=pk, email=change_request.submitter_email)
            returned = services.change_request_confirm(token=link)
            after = _snapshot(pk)
            if state == S.SUBMITTED:
                edge = next(edge for edge in EDGES if edge.service == "confirm")
                problems += _check_taken(
                    f"confirm in {state}",
                    edge,
                    _reason("confirm", world),
                    AnonymousUser(),
                    pk,
                    before,
                    after,
                )
                if returned.due_on is None or returned.confirmed_at is None:
                    problems.append("confirm: no due date or confirmation time set")
            elif after != before or returned.state != state:
                problems.append(f"confirm in {state}: wrote to the database")
            transaction.set_rollback(True)
    assert not problems, "\n".join(problems)
