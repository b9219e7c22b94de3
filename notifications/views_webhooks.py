"""The integrator's webhook pages, under ``/meldingen/webhooks/``.

* ``/meldingen/webhooks/``: one's endpoints, with their events, whether they receive, and how
  many deliveries wait or were given up; a link to add one.
* ``/meldingen/webhooks/nieuw/``: a new endpoint, its address and events. A refusal shows the
  form again with the message and what was typed.
* ``/meldingen/webhooks/<id>/``: the endpoint, its secret (in full only on the first view after
  it was made or replaced, then only its last characters), how to verify a request, the buttons
  to replace the secret, switch it off or on and delete it, and its last 50 deliveries.

Only accounts with ``notifications.manage_webhooks`` (the integrator role) see these pages, and
each only their own endpoints (another's is a 404). Every write goes through
``notifications.webhooks``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from notifications import webhooks
from notifications.forms_webhooks import WebhookEndpointForm
from notifications.models import WebhookEndpoint
from notifications.webhooks import WebhookError

# The session remembers which endpoint's secret to show in full, once.
REVEAL_SESSION_KEY = "notifications.webhook_reveal"


def _check_may_manage(request: HttpRequest) -> None:
    if not webhooks.may_manage_webhooks(request.user):
        raise PermissionDenied(_("Alleen integrators beheren webhooks."))


def _endpoint_or_404(request: HttpRequest, pk: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.filter(pk=pk, owner=request.user).first()
    if endpoint is None:
        raise Http404(_("Deze webhook bestaat niet."))
    return endpoint


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        (_("Meldingen"), reverse("notifications:notifications")),
        (_("Webhooks"), reverse("notifications:webhooks")),
        *items,
    ]


def _reveal_once(request: HttpRequest, endpoint: WebhookEndpoint) -> None:
    request.session[REVEAL_SESSION_KEY] = endpoint.pk


@login_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    _check_may_manage(request)
    return render(
        request,
        "notifications/webhooks/webhook_list.html",
        {
            "endpoints": webhooks.webhook_endpoints_of(request.user),
            "crumbs": [
                (_("Meldingen"), reverse("notifications:notifications")),
                (_("Webhooks"), None),
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def webhook_create(request: HttpRequest) -> HttpResponse:
    _check_may_manage(request)
    status = 200
    if request.method == "POST":
        form = WebhookEndpointForm(request.POST)
        if form.is_valid():
            try:
                endpoint = webhooks.webhook_endpoint_create(
                    by=request.user,
                    url=form.cleaned_data["url"],
                    events=form.cleaned_data["events"],
                )
            except WebhookError as error:
                form.add_error(error.field, error.message)
            else:
                _reveal_once(request, endpoint)
                messages.success(request, _("De webhook is aangemaakt."))
                return redirect("notifications:webhook_detail", pk=endpoint.pk)
        status = 400
    else:
        form = WebhookEndpointForm()
    return render(
        request,
        "notifications/webhooks/webhook_form.html",
        {"form": form, "crumbs": _crumbs((_("Nieuwe webhook"), None))},
        status=status,
    )


@never_cache  # it may show the secret: no copy in any cache
@login_required
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _check_may_manage(request)
    endpoint = _endpoint_or_404(request, pk)
    reveal = request.session.get(REVEAL_SESSION_KEY) == endpoint.pk
    if reveal:
        del request.session[REVEAL_SESSION_KEY]
    return render(
        request,
        "notifications/webhooks/webhook_detail.html",
        {
            "endpoint": endpoint,
            "secret": endpoint.secret if reveal else "",
            "deliveries": webhooks.webhook_log(endpoint),
            "log_length": webhooks.LOG_LENGTH,
            "disable_after": webhooks.DISABLE_AFTER_FAILURES,
            "crumbs": _crumbs((endpoint.url, None)),
        },
    )


def _change(request: HttpRequest, pk: int, service, message: str) -> HttpResponse:
    _check_may_manage(request)
    endpoint = _endpoint_or_404(request, pk)
    try:
        service(endpoint=endpoint, by=request.user)
    except WebhookError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return redirect("notifications:webhook_detail", pk=endpoint.pk)


@require_POST
@login_required
def webhook_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    _check_may_manage(request)
    endpoint = _endpoint_or_404(request, pk)
    try:
        webhooks.webhook_endpoint_rotate_secret(endpoint=endpoint, by=request.user)
    except WebhookError as error:
        messages.error(request, error.message)
    else:
        _reveal_once(request, endpoint)
        messages.success(request, _("Er is een nieuw geheim; het oude werkt niet meer."))
    return redirect("notifications:webhook_detail", pk=endpoint.pk)


@require_POST
@login_required
def webhook_disable(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        webhooks.webhook_endpoint_disable,
        _("De webhook staat uit. Berichten die nog wachten, gaan pas weg als u hem weer aanzet."),
    )


@require_POST
@login_required
def webhook_enable(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        webhooks.webhook_endpoint_enable,
        _("De webhook staat aan. Berichten die wachtten, worden nu verstuurd."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A GET asks to confirm; the POST deletes the endpoint with its log."""
    _check_may_manage(request)
    endpoint = _endpoint_or_404(request, pk)
    if request.method == "POST":
        try:
            webhooks.webhook_endpoint_delete(endpoint=endpoint, by=request.user)
        except WebhookError as error:
            messages.error(request, error.message)
            return redirect("notifications:webhook_detail", pk=endpoint.pk)
        messages.success(
            request, _("De webhook naar %(url)s is verwijderd.") % {"url": endpoint.url}
        )
        return redirect("notifications:webhooks")
    return render(
        request,
        "notifications/webhooks/webhook_delete.html",
        {
            "endpoint": endpoint,
            "crumbs": _crumbs(
                (endpoint.url, reverse("notifications:webhook_detail", args=[endpoint.pk])),
                (_("Verwijderen"), None),
            ),
        },
    )
