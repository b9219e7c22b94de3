"""Domain events of the change-request workflow.

Services send them after the transaction commits; ``notifications`` subscribes. ``governance``
never imports ``notifications`` (DESIGN.md, "Layout").

- ``change_request_submitted(change_request)``: stored, the e-mail address still to be confirmed.
- ``change_request_transitioned(change_request, event)``: one per ``TransitionEvent``.
- ``steering_decisions_published(meeting)``: a meeting's decision list went public.
"""

from django.dispatch import Signal

change_request_submitted = Signal()
change_request_transitioned = Signal()
steering_decisions_published = Signal()
