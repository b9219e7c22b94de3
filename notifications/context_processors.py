"""The number of unread notices, for the header of every page of a logged-in user.

Counted only when a template asks for it (the admin's pages never do), and once per page.
"""

from functools import cached_property

from django.http import HttpRequest

from notifications.selectors import unread_count


class UnreadNotices:
    def __init__(self, user) -> None:
        self._user = user

    @cached_property
    def count(self) -> int:
        return unread_count(self._user)


def unread_notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": UnreadNotices(user)}
