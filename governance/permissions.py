"""Who may see what in governance.

Which role may take which transition is on the model (``permission=`` on each transition) and
granted to the role groups by migration. This module answers the questions the pages ask.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from governance.models.change_request import DECIDE

VIEW_INTERNAL_NOTES = "governance.view_internal_notes"
MANAGE_MEETINGS = "governance.manage_steeringmeeting"

User = AbstractBaseUser | AnonymousUser


def may_read_internal_notes(user: User) -> bool:
    """Staff roles read internal notes; the public, submitters and integrators never do."""
    return user.is_authenticated and user.has_perm(VIEW_INTERNAL_NOTES)


def may_manage_meetings(user: User) -> bool:
    return user.is_authenticated and user.has_perm(MANAGE_MEETINGS)


def may_decide(user: User) -> bool:
    """Records the steering group's decisions (the steering secretary)."""
    return user.is_authenticated and user.has_perm(DECIDE)
