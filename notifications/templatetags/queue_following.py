"""``{% queue_follow_button queue %}``: the follow / stop-following form on a work queue's page.

The queue pages are staff only, so the user is a member of staff; whether they follow the queue
is one query.
"""

from django import template

from governance.views.queues import SLUG_OF_QUEUE
from notifications.forms_queues import QueueFollowForm
from notifications.selectors import queue_subscription_of

register = template.Library()


@register.inclusion_tag("notifications/_queue_follow.html", takes_context=True)
def queue_follow_button(context, queue) -> dict:
    request = context["request"]
    return {
        "request": request,
        "queue": queue,
        "slug": SLUG_OF_QUEUE[queue],
        "subscription": queue_subscription_of(request.user, queue),
        "frequencies": QueueFollowForm.base_fields["frequency"].choices,
        "csrf_token": context.get("csrf_token"),
    }
