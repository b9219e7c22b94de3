"""Domain events of the standards catalogue.

Services send them after their transaction commits; ``notifications`` listens. ``standards``
never imports ``notifications`` (DESIGN.md, "Layout").
"""

from django.dispatch import Signal

# Sent with ``release`` (the newly published Release) and ``superseded`` (the previous one or None).
release_published = Signal()
