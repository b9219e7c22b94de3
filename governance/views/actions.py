"""The pages where staff take one workflow step on one change request.

``/wijzigingsverzoeken/<number>/<step>/`` shows the request (its summary and the redline of the
proposed wording against the article it was written against) and the form of the step
(``governance.forms.actions``); posting it calls the step's service with the user as actor.

Refusals, in the order they are checked: an anonymous visitor is sent to the login page, a user
without a staff role gets 403; a form posted from a page that showed another state than the
request has now is a conflict (409, with what was typed kept); a step the state does not allow
gets 409 with a way back; a step of another role gets 403. Errors of the services are shown next
to the field they name, again with everything typed kept.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from django_fsm import can_proceed, has_transition_perm

from governance import selectors
from governance.conflicts import merged_proposal
from governance.exceptions import (
    ApplyConflict,
    GovernanceError,
    NotPermitted,
    StateConflict,
    TransitionRefused,
)
from governance.forms.actions import STEP_FORMS, StepForm
from governance.models import ChangeRequest
from governance.permissions import may_read_internal_notes
from governance.proposals import change_request_redline
from governance.services import application
from governance.services import change_requests as services
from governance.steps import STEPS, Step, may_take
from standards.redline_views import inline_html
from standards.redlines import redline

# The service of each step, by the name of the transition it runs (``Step.transition``).
STEP_SERVICES: dict[str, Callable[..., object]] = {
    "request_info": services.change_request_request_info,
    "to_legal_review": services.change_request_to_legal_review,
    "merge_into": services.change_request_merge,
    "assess": services.change_request_assess,
    "advise": services.change_request_advise,
    "answer_in_faq": services.change_request_answer_in_faq,
    "reject": services.change_request_reject,
    "schedule": services.change_request_schedule,
    "apply": application.change_request_apply,
}


def _change_request_or_404(number: str) -> ChangeRequest:
    try:
        change_request = selectors.change_request_get(number=number)
    except ChangeRequest.DoesNotExist as error:
        raise Http404(_("Dit wijzigingsverzoek bestaat niet.")) from error
    if not change_request.is_public:
        raise Http404(_("Dit wijzigingsverzoek bestaat niet."))
    return change_request


def _status_of(error: GovernanceError) -> int:
    if isinstance(error, StateConflict | TransitionRefused):
        return 409
    if isinstance(error, NotPermitted):
        return 403
    return 400


def _render_step(
    request: HttpRequest,
    change_request: ChangeRequest,
    step: Step,
    form: StepForm,
    *,
    status: int = 200,
    conflict: bool = False,
    apply_conflict: ApplyConflict | None = None,
    merged: str | None = None,
) -> HttpResponse:
    assessments = list(change_request.legal_assessments.all())
    reviews = list(change_request.practical_reviews.all())
    return render(
        request,
        "governance/staff/step.html",
        {
            "change_request": change_request,
            "step": step,
            "form": form,
            "redline": inline_html(change_request_redline(change_request)),
            "legal_assessment": assessments[-1] if assessments else None,
            "practical_review": reviews[-1] if reviews else None,
            "conflict": conflict,
            "apply_conflict": apply_conflict,
            "current_to_proposed": inline_html(
                redline(apply_conflict.current, apply_conflict.proposed)
            )
            if apply_conflict
            else None,
            "current_to_merged": inline_html(redline(apply_conflict.current, merged))
            if apply_conflict and merged is not None
            else None,
            "may_submit": may_take(step, change_request, request.user),
            "crumbs": [
                (_("Wijzigingsverzoeken"), reverse("governance:change_request_list")),
                (change_request.number, change_request.get_absolute_url()),
                (str(step.label), None),
            ],
        },
        status=status,
    )


def change_request_step(request: HttpRequest, number: str, step: str) -> HttpResponse:
    step_obj = STEPS.get(step)
    if step_obj is None:
        raise Http404(_("Deze stap bestaat niet."))
    change_request = _change_request_or_404(number)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_read_internal_notes(request.user):
        raise PermissionDenied(_("Alleen medewerkers zetten stappen in de behandeling."))
    form_class = STEP_FORMS[step_obj.transition]

    seen_state = request.POST.get("seen_state") if request.method == "POST" else None
    if seen_state and seen_state != change_request.state:
        # Decided on a page that showed another state: never apply it to a request the user has
        # not seen. Keep what was typed, and show the state as it is now.
        data = request.POST.copy()
        data["seen_state"] = change_request.state
        form = form_class(data, change_request=change_request)
        form.add_error(None, StateConflict.of(change_request).message)
        return _render_step(request, change_request, step_obj, form, status=409, conflict=True)

    transition = getattr(change_request, step_obj.transition)
    if not can_proceed(transition):
        return render(
            request,
            "governance/staff/step_unavailable.html",
            {
                "change_request": change_request,
                "step": step_obj,
                "crumbs": [
                    (_("Wijzigingsverzoeken"), reverse("governance:change_request_list")),
                    (change_request.number, change_request.get_absolute_url()),
                    (str(step_obj.label), None),
                ],
            },
            status=409,
        )
    if not has_transition_perm(transition, request.user):
        raise PermissionDenied(_("Deze stap hoort bij een andere rol."))

    if request.method != "POST":
        return _render_step(
            request, change_request, step_obj, form_class(change_request=change_request)
        )

    form = form_class(request.POST, change_request=change_request)
    if not form.is_valid():
        return _render_step(request, change_request, step_obj, form, status=400)
    service = STEP_SERVICES[step_obj.transition]
    try:
        result = service(change_request=change_request, by=request.user, **form.service_kwargs())
    except ApplyConflict as conflict:
        # Show base, current and proposed side by side; start the resolution from the request's
        # change merged into the current text when it fits, else from the proposal.
        merged, fits = merged_proposal(change_request, conflict.current)
        data = request.POST.copy()
        data["text"] = data.get("text") or (merged if fits else conflict.proposed)
        form = form_class(data, change_request=change_request)
        form.is_valid()
        form.add_error("text", conflict.message)
        return _render_step(
            request,
            change_request,
            step_obj,
            form,
            status=409,
            apply_conflict=conflict,
            merged=merged if fits else None,
        )
    except GovernanceError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _render_step(request, change_request, step_obj, form, status=_status_of(error))
    changed = result[0] if isinstance(result, tuple) else result
    messages.success(
        request,
        _("%(number)s heeft nu de status '%(state)s'.")
        % {"number": changed.number, "state": changed.get_state_display()},
    )
    return redirect(changed.get_absolute_url())
