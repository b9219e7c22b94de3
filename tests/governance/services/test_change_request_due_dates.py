"""Due dates of the review steps, counted in Amsterdam days.

Entering intake, legal review, practical review or the steering step sets a due date: the
Amsterdam calendar day the step started plus ``settings.CS_REVIEW_DAYS[step]``. Steps that wait
for the submitter or end the request clear it. A request is overdue from the first Amsterdam
minute after its due date, also around midnight and on the days the clocks change.
"""

import datetime
from unittest import mock

import pytest

from accounts.roles import Role
from governance.confirmation import confirmation_token
from governance.constants import (
    BurdenEffect,
    ChangeRequestState,
    LegalVerdict,
    PracticalFeasibility,
    SteeringOutcome,
)
from governance.due_dates import due_on
from governance.services import change_requests as services
from governance.services import steering
from tests.factories import change_request_in_state, staff_user

pytestmark = pytest.mark.django_db

S = ChangeRequestState
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def review_days(settings):
    settings.CS_REVIEW_DAYS = {
        "intake": 10,
        "legal_review": 40,
        "practical_review": 30,
        "steering": 90,
    }


def at(*args):
    """Run the code inside at the given UTC moment."""
    return mock.patch(
        "django.utils.timezone.now", return_value=datetime.datetime(*args, tzinfo=UTC)
    )


def test_due_on_adds_the_configured_days_and_has_none_for_other_steps(settings):
    """Steps without a configured number of days have no due date."""
    assert due_on("intake", datetime.date(2026, 12, 28)) == datetime.date(2027, 1, 7)
    assert due_on("needs_info", datetime.date(2026, 12, 28)) is None


def test_the_due_date_counts_from_the_amsterdam_day_not_the_utc_day(draft):
    """Confirmed at 23:30 UTC on 28 March 2026 is 00:30 on the 29th in Amsterdam."""
    change_request = change_request_in_state(S.SUBMITTED, release=draft)

    with at(2026, 3, 28, 23, 30):
        confirmed = services.change_request_confirm(
            token=confirmation_token(
                change_request_pk=change_request.pk, email=change_request.submitter_email
            )
        )

    assert confirmed.due_on == datetime.date(2026, 3, 29) + datetime.timedelta(days=10)


def test_each_step_sets_its_own_due_date_and_waiting_or_ending_clears_it(draft):
    """Intake, legal review, practical review and steering each start their own clock."""
    change_request = change_request_in_state(S.INTAKE, release=draft)
    secretariat = staff_user(Role.SECRETARIAT)
    day = datetime.date(2026, 6, 1)

    with at(2026, 6, 1, 9, 0):
        change_request = services.change_request_request_info(
            change_request=change_request, by=secretariat, question="Welke termijn?"
        )
        assert change_request.due_on is None
        change_request = services.change_request_supply_info(
            change_request=change_request,
            by=None,
            tracking_token=change_request.tracking_token,
            answer="Vijf werkdagen.",
        )
        assert change_request.due_on == day + datetime.timedelta(days=10)
        change_request = services.change_request_to_legal_review(
            change_request=change_request, by=secretariat
        )
        assert change_request.due_on == day + datetime.timedelta(days=40)
        change_request, _assessment = services.change_request_assess(
            change_request=change_request,
            by=staff_user(Role.LEGAL_REVIEWER),
            verdict=LegalVerdict.FEASIBLE,
            motivation="Past.",
        )
        assert change_request.due_on == day + datetime.timedelta(days=30)
        change_request, _review = services.change_request_advise(
            change_request=change_request,
            by=staff_user(Role.PRACTICAL_REVIEWER),
            feasibility=PracticalFeasibility.FEASIBLE,
            burden_effect=BurdenEffect.DECREASES,
            advice="Overnemen.",
        )
        assert change_request.due_on == day + datetime.timedelta(days=90)

    secretary = staff_user(Role.STEERING_SECRETARY)
    meeting = steering.meeting_create(by=secretary, held_on=datetime.date(2026, 9, 1))
    [item] = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    with at(2026, 9, 1, 15, 0):
        steering.meeting_decide(
            item=item, by=secretary, outcome=SteeringOutcome.DEFER, motivation="Later."
        )
    change_request.refresh_from_db()
    assert change_request.due_on == datetime.date(2026, 9, 1) + datetime.timedelta(days=90), (
        "a deferral starts the steering step, and its clock, again"
    )

    meeting = steering.meeting_create(by=secretary, held_on=datetime.date(2026, 10, 1))
    [item] = steering.meeting_build_agenda(meeting=meeting, by=secretary)
    steering.meeting_decide(
        item=item, by=secretary, outcome=SteeringOutcome.APPROVE, motivation="Akkoord."
    )
    change_request.refresh_from_db()
    assert change_request.due_on is None


@pytest.mark.parametrize("state", [S.REJECTED, S.MERGED, S.ANSWERED, S.WITHDRAWN])
def test_ending_a_request_clears_its_due_date(draft, state):
    """Nothing is overdue about a request that is finished."""
    change_request = change_request_in_state(state, release=draft)

    assert change_request.due_on is None
    assert not change_request.is_overdue


@pytest.mark.parametrize(
    ("due", "now_utc", "overdue"),
    [
        # Winter (CET, UTC+1): the 15th ends at 23:00 UTC.
        (datetime.date(2026, 1, 15), (2026, 1, 15, 22, 59, 59), False),
        (datetime.date(2026, 1, 15), (2026, 1, 15, 23, 0, 0), True),
        # Summer (CEST, UTC+2): the 15th ends at 22:00 UTC.
        (datetime.date(2026, 7, 15), (2026, 7, 15, 21, 59, 59), False),
        (datetime.date(2026, 7, 15), (2026, 7, 15, 22, 0, 0), True),
        # The clocks go forward on 29 March 2026 at 02:00: that day ends at 22:00 UTC.
        (datetime.date(2026, 3, 29), (2026, 3, 29, 21, 59, 59), False),
        (datetime.date(2026, 3, 29), (2026, 3, 29, 22, 0, 0), True),
        # The clocks go back on 25 October 2026 at 03:00: that day ends at 23:00 UTC.
        (datetime.date(2026, 10, 25), (2026, 10, 25, 22, 59, 59), False),
        (datetime.date(2026, 10, 25), (2026, 10, 25, 23, 0, 0), True),
    ],
)
def test_a_request_is_overdue_from_the_first_amsterdam_minute_after_its_due_date(
    draft, due, now_utc, overdue
):
    """Overdue is judged by the Amsterdam calendar, whatever UTC says."""
    change_request = change_request_in_state(S.INTAKE, release=draft)
    change_request.due_on = due

    with at(*now_utc):
        assert change_request.is_overdue is overdue
