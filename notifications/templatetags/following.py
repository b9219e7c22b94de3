"""``{% follow_button target %}``: the follow / stop-following form on a followable page.

Pages of other apps include it by name; a logged-in user sees whether they follow the object
(one query), anyone else a link to log in first.
"""

from django import template

from notifications.fanout import audience_of
from notifications.forms import FollowForm
from notifications.selectors import subscription_to
from notifications.targets import kind_of

register = template.Library()


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context, target) -> dict:
    request = context["request"]
    return {
        "request": request,
        "target": target,
        "kind": kind_of(target),
        "subscription": subscription_to(request.user, target),
        "frequencies": FollowForm.base_fields["frequency"].choices,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("notifications/_audience.html")
def step_audience(change_request) -> dict:
    """``{% step_audience change_request %}``: who will hear of the step about to be taken."""
    return {"audience": audience_of(change_request)}
