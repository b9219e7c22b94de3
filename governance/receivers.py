"""What governance does when the catalogue reports a domain event.

When a release is published, the change requests applied to it are released with it. The work
is the service's (``change_requests_release``); this only connects it to the event, which
``standards`` sends after the publication committed.
"""

from django.dispatch import receiver

from governance.services.application import change_requests_release
from standards import events


@receiver(events.release_published, dispatch_uid="governance.release_applied_change_requests")
def release_applied_change_requests(sender, *, release, **kwargs) -> None:
    change_requests_release(release=release)
