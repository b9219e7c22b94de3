"""Typed errors of the organisations app, with a Dutch message fit to show next to the form."""


class OrganisationsError(Exception):
    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field


class NotPermitted(OrganisationsError):
    """The user is no contact of this organisation (nor may act for all of them)."""


class InvalidInput(OrganisationsError):
    """Input that breaks a rule of the domain (a form catches the simple cases first)."""
