"""Due dates of the review steps.

Each step where a change request waits for a role (intake, legal review, practical review,
steering) has a due date: the day the step started plus the number of calendar days configured
for it in ``settings.CS_REVIEW_DAYS``. Work past its due date is marked overdue in the queues.
"""

import datetime

from django.conf import settings


def due_on(step: str, started: datetime.date) -> datetime.date | None:
    """The due date of ``step`` when it starts on ``started``; None for steps without one."""
    days = settings.CS_REVIEW_DAYS.get(step)
    return None if days is None else started + datetime.timedelta(days=days)
