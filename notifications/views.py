"""The follower's pages: the notification centre, one's subscriptions, following, unsubscribing.

* ``/meldingen/``: the notices of the logged-in user, newest first, unread ones marked; one
  button marks them all read (the count in the header goes back to zero).
* ``/meldingen/abonnementen/``: everything the user follows, how often each sends its messages,
  and a button to stop following.
* ``/meldingen/volgen/<kind>/<id>/`` (POST): follow or stop following, from the button on the
  page of a change request, article, standard or release; back to that page.
* ``/meldingen/volgen/<kind>/<id>/per-e-mail/`` (POST) and ``/meldingen/bevestigen/<token>/``:
  following without an account; the address is confirmed by a link first, and the page says the
  same whether or not a mail went out (it never tells who follows what).
* ``/meldingen/afmelden/<token>/``: the link in every e-mail (a digest's own link,
  ``/meldingen/afmelden-overzicht/<token>/``, ends all subscriptions of that frequency). It
  works without logging in. A GET shows a button (mail scanners open links, and must not
  unsubscribe anyone); a POST ends the subscription, also the one-click POST a mail program
  sends for ``List-Unsubscribe-Post`` (RFC 8058), which carries no CSRF token: the signed token
  is the proof.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from notifications import digests, selectors
from notifications.forms import EmailFollowForm, FollowForm, FrequencyForm
from notifications.models import Notification, Subscription
from notifications.subscriptions import (
    NotificationsError,
    read_follow_confirmation,
    subscription_end,
    subscription_follow,
    subscription_follow_by_email,
    subscription_id_from_token,
    subscription_request_by_email,
    subscription_set_frequency,
    unfollow,
)
from notifications.targets import describe, describe_subscription, followable

PAGE_SIZE = 25


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Meldingen"), reverse("notifications:notifications")), *items]


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "crumbs": [(_("Meldingen"), None)]},
    )


@require_POST
@login_required
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    marked = Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if marked:
        messages.success(request, _("Alle meldingen zijn gelezen."))
    return redirect("notifications:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def subscription_list(request: HttpRequest) -> HttpResponse:
    subscriptions = selectors.subscriptions_of(request.user)
    status = 200
    if request.method == "POST":
        form = FrequencyForm(request.POST)
        if form.is_valid():
            subscription = next(
                (s for s in subscriptions if s.pk == form.cleaned_data["subscription"]), None
            )
            if subscription is None:
                raise Http404(_("Dit abonnement bestaat niet (meer)."))
            try:
                if form.cleaned_data["stop"]:
                    subscription_end(subscription=subscription, user=request.user)
                    messages.success(
                        request,
                        _("U volgt %(target)s niet meer.") % {"target": subscription.name},
                    )
                else:
                    subscription_set_frequency(
                        subscription=subscription,
                        user=request.user,
                        frequency=form.cleaned_data["frequency"],
                    )
                    messages.success(request, _("Uw keuze is bewaard."))
            except NotificationsError as error:
                messages.error(request, error.message)
            return redirect("notifications:subscriptions")
        status = 400
        messages.error(request, _("Kies hoe vaak u berichten wilt ontvangen."))
    return render(
        request,
        "notifications/subscription_list.html",
        {
            "subscriptions": subscriptions,
            "frequencies": FrequencyForm.base_fields["frequency"].choices,
            "crumbs": _crumbs((_("Abonnementen"), None)),
        },
        status=status,
    )


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@login_required
def follow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = _followable_or_404(kind, pk, user=request.user)
    form = FollowForm(request.POST)
    back = _back(request, reverse("notifications:subscriptions"))
    if not form.is_valid():
        messages.error(request, _("Kies hoe vaak u berichten wilt ontvangen."))
        return redirect(back)
    name = describe(target)
    try:
        if form.cleaned_data["stop"]:
            unfollow(user=request.user, target=target)
            messages.success(request, _("U volgt %(target)s niet meer.") % {"target": name})
        else:
            subscription_follow(
                user=request.user, target=target, frequency=form.cleaned_data["frequency"]
            )
            messages.success(
                request,
                _("U volgt nu %(target)s. U vindt uw meldingen onder ‘Meldingen’.")
                % {"target": name},
            )
    except NotificationsError as error:
        messages.error(request, error.message)
    return redirect(back)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription_id = subscription_id_from_token(token)
    if subscription_id is None:
        return render(
            request,
            "notifications/unsubscribe.html",
            {"invalid": True, "crumbs": [(_("Afmelden"), None)]},
            status=404,
        )
    subscription = (
        Subscription.objects.select_related("target_type").filter(pk=subscription_id).first()
    )
    name = describe_subscription(subscription) if subscription else ""
    done = subscription is None
    if request.method == "POST" and subscription is not None:
        subscription_end(subscription=subscription)
        done = True
    return render(
        request,
        "notifications/unsubscribe.html",
        {"done": done, "name": name, "crumbs": [(_("Afmelden"), None)]},
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a digest: ends every subscription of the follower with that frequency."""
    crumbs = [(_("Afmelden"), None)]
    if request.method == "POST":
        ended = digests.digest_unsubscribe(token)
        if ended is None:
            return render(
                request,
                "notifications/unsubscribe.html",
                {"invalid": True, "crumbs": crumbs},
                status=404,
            )
        return render(request, "notifications/unsubscribe.html", {"done": True, "crumbs": crumbs})
    return render(request, "notifications/unsubscribe.html", {"digest": True, "crumbs": crumbs})


def _followable_or_404(kind: str, pk: int, *, user=None):
    target = followable(kind, pk, user=user)
    if target is None:  # unknown, or a request not yet public
        raise Http404(_("Dit onderwerp bestaat niet."))
    return target


@require_POST
def follow_by_email(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Ask for a confirmation link to follow without an account."""
    target = _followable_or_404(kind, pk)
    form = EmailFollowForm(request.POST)
    name = describe(target)
    context = {
        "form": form,
        "name": name,
        "kind": kind,
        "target": target,
        "back": _back(request, "/"),
        "crumbs": [(_("Volgen per e-mail"), None)],
    }
    if not form.is_valid():
        return render(request, "notifications/follow_by_email.html", context, status=400)
    try:
        subscription_request_by_email(
            email=form.cleaned_data["email"],
            target=target,
            frequency=form.cleaned_data["frequency"],
        )
    except NotificationsError as error:
        form.add_error("email", error.message)
        return render(request, "notifications/follow_by_email.html", context, status=400)
    return render(request, "notifications/follow_by_email.html", {**context, "sent": True})


@require_http_methods(["GET", "POST"])
def follow_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation mail: a button (mail scanners open links), then following."""
    crumbs = [(_("Volgen per e-mail"), None)]
    confirmation = read_follow_confirmation(token)
    if confirmation is None:
        return render(
            request,
            "notifications/follow_confirm.html",
            {"invalid": True, "crumbs": crumbs},
            status=404,
        )
    email, target, frequency = confirmation
    context = {"name": describe(target), "email": email, "target": target, "crumbs": crumbs}
    if request.method == "POST":
        subscription_follow_by_email(email=email, target=target, frequency=frequency)
        return render(request, "notifications/follow_confirm.html", {**context, "done": True})
    return render(request, "notifications/follow_confirm.html", context)
