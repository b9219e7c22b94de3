"""``manage.py change_request_step NUMBER STEP --as USERNAME``: take one workflow step.

For the secretariat's work from the command line (scripts, bulk intake): the step runs through
the same service as on the web page, with the named user as the actor, so it is refused for the
same reasons (the user's role, the request's state) and writes the same event. Prints the new
state; a refusal prints the Dutch message and exits with status 1.

Steps: ``to_legal_review`` (``--comment``), ``request_info`` (``--question``), ``reject``
(``--motivation``) and ``merge`` (``--into`` another request). Withdrawing is the submitter's
step and is not offered here. The help texts are plain Dutch strings, as in the other commands:
argparse cannot format lazy translations.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from governance.exceptions import GovernanceError
from governance.models import ChangeRequest
from governance.services import change_requests as services


def _to_legal_review(change_request: ChangeRequest, by, options: dict) -> ChangeRequest:
    return services.change_request_to_legal_review(
        change_request=change_request,
        by=by,
        comment=options["comment"],
        internal_note=options["internal_note"],
    )


def _request_info(change_request: ChangeRequest, by, options: dict) -> ChangeRequest:
    return services.change_request_request_info(
        change_request=change_request,
        by=by,
        question=options["question"],
        internal_note=options["internal_note"],
    )


def _reject(change_request: ChangeRequest, by, options: dict) -> ChangeRequest:
    return services.change_request_reject(
        change_request=change_request,
        by=by,
        motivation=options["motivation"],
        internal_note=options["internal_note"],
    )


def _merge(change_request: ChangeRequest, by, options: dict) -> ChangeRequest:
    if not options["into"]:
        raise CommandError(_("Geef met --into het verzoek waarmee wordt samengevoegd."))
    return services.change_request_merge(
        change_request=change_request,
        by=by,
        into=_change_request(options["into"]),
        comment=options["comment"],
        internal_note=options["internal_note"],
    )


STEPS: dict[str, Callable[[ChangeRequest, object, dict], ChangeRequest]] = {
    "to_legal_review": _to_legal_review,
    "request_info": _request_info,
    "reject": _reject,
    "merge": _merge,
}


def _change_request(number: str) -> ChangeRequest:
    try:
        return ChangeRequest.objects.get(number=number.strip().upper())
    except ChangeRequest.DoesNotExist:
        raise CommandError(
            _("Wijzigingsverzoek %(number)s bestaat niet.") % {"number": number}
        ) from None


class Command(BaseCommand):
    help = "Zet één stap in de behandeling van een wijzigingsverzoek, als de genoemde gebruiker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("number", help="nummer van het verzoek, bijv. WV-2026-0001")
        parser.add_argument("step", choices=sorted(STEPS), help="de stap")
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="gebruikersnaam van wie de stap zet",
        )
        parser.add_argument("--comment", default="", help="openbare toelichting")
        parser.add_argument("--question", default="", help="vraag aan de indiener")
        parser.add_argument("--motivation", default="", help="motivering van de afwijzing")
        parser.add_argument("--into", default="", help="nummer van het verzoek dat blijft")
        parser.add_argument("--internal-note", default="", help="interne notitie")

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        try:
            actor = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist:
            raise CommandError(
                _("Gebruiker %(username)s bestaat niet of is niet actief.")
                % {"username": options["username"]}
            ) from None
        change_request = _change_request(options["number"])
        try:
            change_request = STEPS[options["step"]](change_request, actor, options)
        except GovernanceError as error:
            raise CommandError(f"{change_request.number}: {error.message}") from error
        self.stdout.write(
            _("%(number)s heeft nu de status '%(state)s'.")
            % {"number": change_request.number, "state": change_request.get_state_display()}
        )
