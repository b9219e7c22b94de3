"""The release manager's pages: composing a coming release and taking it to publication.

*Versiebeheer* lists the releases under construction. A release's own page shows what it brings
(the change requests scheduled into it with their impact, which are still to be applied, which
were applied by hand), the articles that several requests touch with their combined result
(``governance.conflicts``), and the one or two steps its state allows:

* draft: freeze (only once every scheduled request is applied);
* frozen: reopen, or record the adoption;
* adopted: publish with the publication date, the effective date and the implementation
  deadline, proposed as six calendar months after publication (art. 3.30).

Every write goes through ``governance.services.releases``; a refused step shows the page again
with the message and what the user typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.conflicts import release_conflicts
from governance.constants import ChangeRequestState
from governance.exceptions import InvalidInput, NotPermitted, StateConflict, TransitionRefused
from governance.forms.releases import AdoptForm, PublishForm, ReleaseStepForm
from governance.release_contents import release_contents
from governance.services import releases as services
from standards.constants import ReleaseState
from standards.deadlines import default_implementation_deadline
from standards.models import Release
from standards.selectors import OPEN_STATES, release_get

MANAGE_RELEASE = "standards.manage_release"


def _check_may_manage(request: HttpRequest) -> None:
    if not request.user.has_perm(MANAGE_RELEASE):
        raise PermissionDenied(_("Alleen de releasemanager en het secretariaat beheren versies."))


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Versiebeheer"), reverse("governance:releases")), *items]


def _release_or_404(standard: str, version: str) -> Release:
    try:
        return release_get(standard_slug=standard, version=version)
    except Release.DoesNotExist as error:
        raise Http404(_("Deze versie bestaat niet.")) from error


def _title(release: Release) -> str:
    return _("%(standard)s versie %(version)s") % {
        "standard": release.standard.name,
        "version": release.version,
    }


@login_required
def release_list(request: HttpRequest) -> HttpResponse:
    """The releases under construction, with how many requests are still to be applied."""
    _check_may_manage(request)
    releases = (
        Release.objects.filter(state__in=OPEN_STATES)
        .select_related("standard", "based_on")
        .annotate(
            to_apply=Count(
                "scheduled_change_requests",
                filter=Q(scheduled_change_requests__state=ChangeRequestState.SCHEDULED),
            ),
            applied=Count(
                "scheduled_change_requests",
                filter=Q(scheduled_change_requests__state=ChangeRequestState.APPLIED),
            ),
        )
        .order_by("standard__name", "version_major", "version_minor")
    )
    return render(
        request,
        "governance/releases/release_list.html",
        {"releases": releases, "crumbs": [(_("Versiebeheer"), None)]},
    )


# The steps by their address, each with its form.
STEPS = {
    "bevriezen": ReleaseStepForm,
    "heropenen": ReleaseStepForm,
    "vaststellen": AdoptForm,
    "publiceren": PublishForm,
}
STEPS_BY_STATE = {
    ReleaseState.DRAFT: ("bevriezen",),
    ReleaseState.FROZEN: ("vaststellen", "heropenen"),
    ReleaseState.ADOPTED: ("publiceren",),
}


def _auto_id(step: str) -> str:
    """Field ids per step, so that two forms on the page never share one."""
    return f"id_{step}_%s"


def _initial(step: str, release: Release) -> dict:
    today = timezone.localdate()
    initial: dict = {"seen_state": release.state}
    if step == "vaststellen":
        initial["adopted_on"] = today
    elif step == "publiceren":
        initial.update(
            published_on=today,
            implementation_deadline=default_implementation_deadline(today),
        )
    return initial


def _render_manage(
    request: HttpRequest,
    release: Release,
    *,
    bound: tuple[str, ReleaseStepForm] | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    forms = {
        step: STEPS[step](initial=_initial(step, release), auto_id=_auto_id(step))
        for step in STEPS_BY_STATE.get(release.state, ())
    }
    if bound is not None and bound[0] in forms:
        forms[bound[0]] = bound[1]
    contents = release_contents(release)
    return render(
        request,
        "governance/releases/release_manage.html",
        {
            "release": release,
            "standard": release.standard,
            "contents": contents,
            "conflicts": release_conflicts(release) if release.state == ReleaseState.DRAFT else [],
            "forms": forms,
            "refusal": refusal,
            "title": _title(release),
            "crumbs": _crumbs((_title(release), None)),
        },
        status=status,
    )


@login_required
def release_manage(request: HttpRequest, standard: str, version: str) -> HttpResponse:
    _check_may_manage(request)
    return _render_manage(request, _release_or_404(standard, version))


@require_POST
@login_required
def release_step(request: HttpRequest, standard: str, version: str, step: str) -> HttpResponse:
    """Take one step; on success back to the release's page, on refusal the page with the form."""
    _check_may_manage(request)
    if step not in STEPS:
        raise Http404(_("Deze stap bestaat niet."))
    release = _release_or_404(standard, version)
    form = STEPS[step](request.POST, auto_id=_auto_id(step))
    if not form.is_valid():
        return _render_manage(request, release, bound=(step, form), status=400)
    data = form.cleaned_data
    seen_state = data["seen_state"]
    try:
        if step == "bevriezen":
            release = services.release_freeze(
                release=release, by=request.user, seen_state=seen_state
            )
            message = _("Versie %(version)s is bevroren: er wordt niets meer verwerkt.")
        elif step == "heropenen":
            release = services.release_reopen(
                release=release, by=request.user, seen_state=seen_state
            )
            message = _("Versie %(version)s is weer een concept.")
        elif step == "vaststellen":
            release = services.release_adopt(
                release=release,
                by=request.user,
                adopted_on=data["adopted_on"],
                note=data["note"],
                seen_state=seen_state,
            )
            message = _("Versie %(version)s is vastgesteld.")
        else:
            release = services.release_publish(
                release=release,
                by=request.user,
                published_on=data["published_on"],
                effective_on=data["effective_on"],
                implementation_deadline=data["implementation_deadline"],
                seen_state=seen_state,
            )
            message = _("Versie %(version)s is gepubliceerd.")
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    except InvalidInput as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _render_manage(request, release, bound=(step, form), status=400)
    except (StateConflict, TransitionRefused) as error:
        # Show the release as it is now; the form keeps what the user typed when the step is
        # still possible.
        release = _release_or_404(standard, version)
        return _render_manage(
            request, release, bound=(step, form), refusal=error.message, status=409
        )
    messages.success(request, message % {"version": release.version})
    return redirect("governance:release_manage", standard=standard, version=release.version)
