"""Template filter for showing a redline (``standards.redlines.Redline``) in a page.

``{{ some_redline|redline_inline }}``: both versions woven into one text, deletions in ``<del>``,
insertions in ``<ins>``; style it with ``static/css/redline.css`` (class ``cs-redline``).
"""

from django import template
from django.utils.safestring import SafeString

from standards.redline_views import inline_html
from standards.redlines import Redline

register = template.Library()


@register.filter(name="redline_inline")
def redline_inline(redline: Redline) -> SafeString:
    return inline_html(redline)
