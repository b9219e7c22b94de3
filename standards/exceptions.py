"""Typed errors of the standards catalogue; views and the API turn them into clear messages."""


class StandardsError(Exception):
    """Base class: the message is Dutch and fit to show to the user."""


class ReleaseImmutable(StandardsError):
    """Something tried to change the content of a published (or superseded) release."""


class ReleaseNotFound(StandardsError):
    """No release of that standard with that version."""


class InvalidVersion(StandardsError):
    """A version string that is not of the form MAJOR.MINOR."""


class DraftAlreadyExists(StandardsError):
    """A standard has at most one open (draft, frozen or adopted) release at a time."""


class NothingPublished(StandardsError):
    """A draft copies the last published release, and there is none."""


class ReleasesOfDifferentStandards(StandardsError):
    """Only two releases of the same standard can be compared."""
