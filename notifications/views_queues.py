"""Following a work queue from its page.

``/meldingen/werkvoorraad/<queue>/volgen/`` (POST): follow the queue (with a frequency) or stop
following it, from the button on ``/werkvoorraad/<queue>/``; back to that page with a message.
Staff only, as the queue pages are: ``notifications.queues`` refuses anyone else.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.views.queues import QUEUE_SLUGS
from notifications.forms_queues import QueueFollowForm
from notifications.queues import queue_follow, queue_unfollow
from notifications.subscriptions import NotificationsError


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@login_required
def queue_follow_toggle(request: HttpRequest, queue: str) -> HttpResponse:
    step = QUEUE_SLUGS.get(queue)
    if step is None:
        raise Http404(_("Deze werkvoorraad bestaat niet."))
    back = _back(request, reverse("governance:queue", kwargs={"queue": queue}))
    form = QueueFollowForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies hoe vaak u berichten wilt ontvangen."))
        return redirect(back)
    try:
        if form.cleaned_data["stop"]:
            queue_unfollow(user=request.user, queue=step)
            messages.success(
                request, _("U volgt de werkvoorraad %(queue)s niet meer.") % {"queue": step.label}
            )
        else:
            queue_follow(user=request.user, queue=step, frequency=form.cleaned_data["frequency"])
            messages.success(
                request,
                _(
                    "U volgt nu de werkvoorraad %(queue)s: u hoort het als er een verzoek "
                    "binnenkomt. U vindt uw meldingen onder ‘Meldingen’."
                )
                % {"queue": step.label},
            )
    except NotificationsError as error:
        messages.error(request, error.message)
    return redirect(back)
