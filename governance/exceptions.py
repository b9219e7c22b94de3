"""Typed errors of the change-request workflow.

The message is Dutch and fit to show to the user; views turn them into a message next to the
form, the API into a problem response. ``field`` names the form field the message belongs to.
"""


class GovernanceError(Exception):
    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field


class NotPermitted(GovernanceError):
    """The actor's role does not allow this step."""


class TransitionRefused(GovernanceError):
    """The change request is not in a state (or condition) that allows this step."""


class StateConflict(GovernanceError):
    """Someone else moved the change request between reading and acting on it."""

    @classmethod
    def of(cls, change_request) -> "StateConflict":
        """The conflict as the user reads it: which request, and its state now."""
        from django.utils.translation import gettext as _

        return cls(
            _(
                "%(number)s is intussen door iemand anders behandeld (status nu: %(state)s). "
                "Bekijk de actuele stand en probeer het zo nodig opnieuw."
            )
            % {"number": change_request.number, "state": change_request.get_state_display()}
        )


class InvalidInput(GovernanceError):
    """Input that breaks a rule of the domain (a form catches the simple cases first)."""


class SubmissionRefused(GovernanceError):
    """A change request cannot be filed against this release or article."""


class ConfirmationLinkInvalid(GovernanceError):
    """A confirmation link that was forged or altered."""


class ConfirmationLinkExpired(ConfirmationLinkInvalid):
    """A genuine confirmation link that is too old; a new one can be sent."""

    def __init__(self, message: str, *, change_request_pk: int) -> None:
        super().__init__(message)
        self.change_request_pk = change_request_pk


class ApplyConflict(GovernanceError):
    """The article changed in the draft since the request was written: resolve by hand.

    Carries the three texts the release manager needs side by side.
    """

    def __init__(self, message: str, *, base: str, current: str, proposed: str) -> None:
        super().__init__(message, field="text")
        self.base = base
        self.current = current
        self.proposed = proposed
