"""``manage.py change_request_step``: one workflow step from the command line, via the services."""

import re
from io import StringIO

from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import connections

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState
from governance.models import ChangeRequest
from standards.constants import ReleaseState
from tests.factories import change_request_in_state, release_with_articles, staff_user

pytestmark = pytest.mark.django_db

S = ChangeRequestState


@pytest.fixture
def release():
    published = release_with_articles(
        version="1.0", articles=[("3.1", "Levering", "Binnen tien werkdagen.")]
    )
    return release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        identities=[published.article_versions.get().article],
        articles=[("3.1", "Levering", "Binnen tien werkdagen.")],
    )


@pytest.fixture
def secretariaat():
    return staff_user(Role.SECRETARIAT, username="secretariaat")


@pytest.fixture
def intake(release):
    return change_request_in_state(S.INTAKE, release=release)


def _step(*args: str) -> str:
    out = StringIO()
    call_command("change_request_step", *args, stdout=out)
    return out.getvalue()


def _snapshot(change_request: ChangeRequest) -> tuple:
    change_request.refresh_from_db()
    return change_request.state, change_request.events.count(), change_request.history.count()


def test_to_legal_review_writes_one_event_as_the_named_user(intake, secretariaat):
    """The step runs as the named user, writes one event with the comment, prints the state."""
    events = intake.events.count()
    output = _step(
        intake.number,
        "to_legal_review",
        "--as",
        "secretariaat",
        "--comment",
        "Ontvankelijk.",
        "--internal-note",
        "Spoed.",
    )
    intake.refresh_from_db()
    assert intake.state == S.LEGAL_REVIEW
    assert intake.events.count() == events + 1
    event = intake.events.order_by("-pk").first()
    assert event.transition == "to_legal_review"
    assert event.actor == secretariaat
    assert (event.public_comment, event.internal_note) == ("Ontvankelijk.", "Spoed.")
    assert f"{intake.number} heeft nu de status 'Juridische toets'." in output


def test_request_info_and_reject_carry_their_text(release, secretariaat):
    """The question and the motivation become the public comment of their event."""
    asked = change_request_in_state(S.INTAKE, release=release, title="Vraag")
    rejected = change_request_in_state(S.INTAKE, release=release, title="Afwijzen")
    _step(asked.number, "request_info", "--as", "secretariaat", "--question", "Welke termijn?")
    _step(rejected.number, "reject", "--as", "secretariaat", "--motivation", "Niet ontvankelijk.")
    asked.refresh_from_db()
    rejected.refresh_from_db()
    assert asked.state == S.NEEDS_INFO
    assert asked.events.order_by("-pk").first().public_comment == "Welke termijn?"
    assert rejected.state == S.REJECTED
    assert rejected.events.order_by("-pk").first().public_comment == "Niet ontvankelijk."


def test_merge_into_another_open_request(release, secretariaat):
    """A duplicate is merged into the request named with --into."""
    survivor = change_request_in_state(S.LEGAL_REVIEW, release=release, title="Blijft")
    duplicate = change_request_in_state(S.INTAKE, release=release, title="Dubbel")
    _step(duplicate.number, "merge", "--as", "secretariaat", "--into", survivor.number)
    duplicate.refresh_from_db()
    assert duplicate.state == S.MERGED
    assert duplicate.merged_into == survivor


def test_a_user_without_the_role_is_refused_and_nothing_is_written(intake):
    """A legal reviewer may not do intake: the Dutch refusal, no event, no history."""
    staff_user(Role.LEGAL_REVIEWER, username="jurist")
    before = _snapshot(intake)
    with pytest.raises(CommandError, match="U hebt geen recht om deze stap te zetten"):
        _step(intake.number, "to_legal_review", "--as", "jurist")
    assert _snapshot(intake) == before


def test_a_step_the_state_does_not_allow_is_refused_and_nothing_is_written(release, secretariaat):
    """A request already in legal review cannot be sent there again."""
    change_request = change_request_in_state(S.LEGAL_REVIEW, release=release)
    before = _snapshot(change_request)
    with pytest.raises(CommandError, match="Deze stap kan niet bij een wijzigingsverzoek"):
        _step(change_request.number, "to_legal_review", "--as", "secretariaat")
    assert _snapshot(change_request) == before


def test_reject_without_motivation_is_refused(intake, secretariaat):
    """The service's rule (a rejection is motivated) holds on the command line too."""
    before = _snapshot(intake)
    with pytest.raises(CommandError, match="Motiveer waarom het verzoek wordt afgewezen"):
        _step(intake.number, "reject", "--as", "secretariaat")
    assert _snapshot(intake) == before


def test_withdraw_is_not_offered(intake, secretariaat):
    """Withdrawing is the submitter's step; the command does not know it."""
    before = _snapshot(intake)
    with pytest.raises(CommandError, match="invalid choice"):
        _step(intake.number, "withdraw", "--as", "secretariaat")
    assert _snapshot(intake) == before


@pytest.mark.parametrize(
    ("number", "username", "message"),
    [
        ("WV-2099-0001", "secretariaat", "Wijzigingsverzoek WV-2099-0001 bestaat niet."),
        (None, "onbekend", "Gebruiker onbekend bestaat niet of is niet actief."),
    ],
)
def test_unknown_request_or_user_is_refused(intake, secretariaat, number, username, message):
    """A mistyped number or username is named in the error; nothing is written."""
    before = _snapshot(intake)
    with pytest.raises(CommandError, match=re.escape(message)):
        _step(number or intake.number, "to_legal_review", "--as", username)
    assert _snapshot(intake) == before


def test_refusal_exits_with_status_1(intake, capsys, monkeypatch):
    """From the shell a refusal prints the message on stderr and exits with status 1."""
    # run_from_argv closes every database connection on its way out, which on PostgreSQL would
    # take the test's own transaction with it.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    staff_user(Role.LEGAL_REVIEWER, username="jurist")
    before = _snapshot(intake)
    argv = ["manage.py", "change_request_step", intake.number, "to_legal_review", "--as", "jurist"]
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(argv)
    assert exit_info.value.code == 1
    assert "U hebt geen recht om deze stap te zetten." in capsys.readouterr().err
    assert _snapshot(intake) == before
