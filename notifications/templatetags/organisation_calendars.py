"""``{% organisation_calendar_url organisation as url %}``: the private calendar address of an
organisation's deadlines, for its own page (which only those who may see it reach)."""

from django import template

from notifications.calendars import organisation_calendar_url as calendar_url

register = template.Library()


@register.simple_tag
def organisation_calendar_url(organisation) -> str:
    return calendar_url(organisation)
