"""The submitter's side of a change request after it was filed.

Whoever holds the private tracking link (``/volgen/<token>/``, sent by e-mail after the address
was confirmed) sees the request's state, what happens next, the proposed wording as a redline and
the public timeline, answers the secretariat's questions and may withdraw the request before it
is approved. A logged-in submitter finds the same pages through "Mijn wijzigingsverzoeken".

The tracking page shows the submitter's own name and e-mail address, so it is never cached,
never indexed and never leaks its address to another site through the Referer header.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from governance import selectors
from governance.constants import WITHDRAWABLE_STATES, ChangeKind, ChangeRequestState
from governance.exceptions import GovernanceError
from governance.forms.tracking import SupplyInfoForm, WithdrawForm
from governance.models import ChangeRequest, TransitionEvent
from governance.proposals import change_request_redline
from governance.services.change_requests import (
    change_request_supply_info,
    change_request_withdraw,
)
from standards.redline_views import inline_html

S = ChangeRequestState

# What the submitter can expect next, per state, in plain words.
NEXT_STEP = {
    S.DRAFT: gettext_lazy("Dit wijzigingsverzoek is nog niet ingediend."),
    S.SUBMITTED: gettext_lazy(
        "Bevestig uw e-mailadres met de link in de e-mail die wij u stuurden. Pas daarna "
        "nemen wij uw verzoek in behandeling."
    ),
    S.INTAKE: gettext_lazy(
        "Het Ketenbureau bekijkt of uw verzoek compleet is en in behandeling kan worden "
        "genomen. Hebben wij een vraag, dan krijgt u een e-mail."
    ),
    S.NEEDS_INFO: gettext_lazy(
        "Het Ketenbureau heeft een vraag aan u. Beantwoord die hieronder; daarna gaat uw "
        "verzoek terug naar de intake."
    ),
    S.LEGAL_REVIEW: gettext_lazy(
        "Het expertteam toetst of de wijziging juridisch haalbaar is. Daarna beoordeelt de "
        "begeleidingsgroep of de wijziging in de praktijk uitvoerbaar is."
    ),
    S.PRACTICAL_REVIEW: gettext_lazy(
        "De begeleidingsgroep beoordeelt of de wijziging uitvoerbaar is en wat zij betekent "
        "voor de administratieve lasten. Daarna besluit de stuurgroep."
    ),
    S.STEERING: gettext_lazy(
        "De Stuurgroep i-Sociaal Domein besluit over uw verzoek in een van haar vergaderingen."
    ),
    S.APPROVED: gettext_lazy(
        "De stuurgroep heeft uw verzoek goedgekeurd. Het Ketenbureau plant de wijziging in "
        "een volgende versie van de standaard in."
    ),
    S.SCHEDULED: gettext_lazy(
        "Uw wijziging is ingepland in een volgende versie. Zodra die versie is gepubliceerd, "
        "staat de wijziging in de standaard."
    ),
    S.APPLIED: gettext_lazy(
        "Uw wijziging is verwerkt in het concept van de volgende versie. Zij geldt zodra die "
        "versie is gepubliceerd."
    ),
    S.RELEASED: gettext_lazy(
        "Uw wijziging is gepubliceerd in een versie van de standaard. Er volgen geen stappen meer."
    ),
    S.REJECTED: gettext_lazy(
        "Uw verzoek is afgewezen. De motivering staat in het verloop hieronder. Er volgen geen "
        "stappen meer."
    ),
    S.MERGED: gettext_lazy(
        "Uw verzoek is samengevoegd met een verzoek dat over hetzelfde gaat. U volgt voortaan "
        "dat verzoek."
    ),
    S.ANSWERED: gettext_lazy(
        "Uw verzoek is beantwoord in de vraag-en-antwoordlijst van de standaard in plaats van "
        "met een wijziging van de tekst. Er volgen geen stappen meer."
    ),
    S.WITHDRAWN: gettext_lazy("U hebt dit verzoek ingetrokken. Er volgen geen stappen meer."),
}


def _private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep the tracking link and the submitter's details out of caches, indexes and Referers.

    The Referer policy is ``same-origin``, not ``no-referrer``: the link never reaches another
    site either way, but under ``no-referrer`` browsers send ``Origin: null`` with the page's own
    forms, which Django's CSRF check rightly refuses.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def _change_request_or_404(token: str) -> ChangeRequest:
    try:
        return selectors.change_request_by_tracking_token(token)
    except ChangeRequest.DoesNotExist as error:
        raise Http404(_("Deze volglink is niet (meer) geldig.")) from error


def _latest_question(events: list[TransitionEvent]) -> TransitionEvent | None:
    return next((e for e in reversed(events) if e.transition == "request_info"), None)


def _proposal(change_request: ChangeRequest) -> dict:
    """The proposed wording as a redline against the text it was written against."""
    return {
        "redline_html": inline_html(change_request_redline(change_request)),
        "base_version": change_request.base_version,
    }


def _supply_form(change_request: ChangeRequest, data=None) -> SupplyInfoForm:
    """The answer form, its wording prefilled with (and compared against) the current wording."""
    return SupplyInfoForm(
        data,
        initial={"proposed_text": change_request.proposed_text},
        with_proposed_text=change_request.kind != ChangeKind.REMOVE_ARTICLE,
    )


def _render_tracking(
    request: HttpRequest,
    change_request: ChangeRequest,
    *,
    supply_form: SupplyInfoForm | None = None,
    withdraw_form: WithdrawForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The tracking page, with the forms the request's state offers.

    A form that was posted is shown with its errors even when the state no longer offers it, so
    the refusal and the typed text stay visible.
    """
    events = list(selectors.timeline(change_request))
    if supply_form is None and change_request.state == S.NEEDS_INFO:
        supply_form = _supply_form(change_request)
    if withdraw_form is None and change_request.state in WITHDRAWABLE_STATES:
        withdraw_form = WithdrawForm()
    context = {
        "change_request": change_request,
        "events": events,
        "next_step": NEXT_STEP.get(change_request.state, ""),
        "question": _latest_question(events) if supply_form is not None else None,
        "supply_form": supply_form,
        "withdraw_form": withdraw_form,
        "survivor": change_request.merged_into if change_request.state == S.MERGED else None,
        "crumbs": [
            (_("Wijzigingsverzoeken"), reverse("governance:change_request_list")),
            (_("Volgen: %(number)s") % {"number": change_request.number}, None),
        ],
        **_proposal(change_request),
    }
    return render(request, "governance/tracking/tracking.html", context, status=status)


@_private
def tracking(request: HttpRequest, token: str) -> HttpResponse:
    return _render_tracking(request, _change_request_or_404(token))


@_private
@require_POST
def supply_info(request: HttpRequest, token: str) -> HttpResponse:
    change_request = _change_request_or_404(token)
    form = _supply_form(change_request, data=request.POST)
    if form.is_valid():
        try:
            change_request_supply_info(
                change_request=change_request,
                by=request.user,
                answer=form.cleaned_data["answer"],
                proposed_text=form.revised_text(),
                tracking_token=token,
            )
        except GovernanceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("Dank u wel. Uw antwoord is ontvangen; uw verzoek is terug bij de intake."),
            )
            return redirect(change_request.get_tracking_url())
    return _render_tracking(request, change_request, supply_form=form, status=400)


@_private
@require_POST
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    change_request = _change_request_or_404(token)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            change_request_withdraw(
                change_request=change_request,
                by=request.user,
                reason=form.cleaned_data["reason"],
                tracking_token=token,
            )
        except GovernanceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("Uw wijzigingsverzoek %(number)s is ingetrokken.")
                % {"number": change_request.number},
            )
            return redirect(change_request.get_tracking_url())
    return _render_tracking(request, change_request, withdraw_form=form, status=400)


@login_required
def my_change_requests(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/tracking/my_change_requests.html",
        {
            "change_requests": selectors.change_requests_of_user(request.user),
            "crumbs": [
                (_("Wijzigingsverzoeken"), reverse("governance:change_request_list")),
                (_("Mijn wijzigingsverzoeken"), None),
            ],
        },
    )
