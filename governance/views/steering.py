"""The steering group's pages: meetings, their agenda, decisions and the published decision list.

The list of meetings is public: everyone sees the meetings whose decision list is published,
staff roles see every meeting with its open agenda items. A meeting's own page (the agenda with
the reviews of each change request) is for staff; the secretary of the steering group plans
meetings, builds the agenda, records a decision per item and publishes the decision list, which
then is public. Every write goes through ``governance.services.steering``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from governance import selectors
from governance.exceptions import InvalidInput, NotPermitted, StateConflict, TransitionRefused
from governance.forms.steering import DecisionForm, MeetingForm
from governance.models import AgendaItem, SteeringMeeting
from governance.permissions import may_decide, may_manage_meetings, may_read_internal_notes
from governance.services import steering as services

Crumbs = list[tuple[str, str | None]]


def _crumbs(*items: tuple[str, str | None]) -> Crumbs:
    return [(_("Stuurgroep"), reverse("governance:meeting_list")), *items]


def _date(meeting: SteeringMeeting) -> str:
    return date_format(meeting.held_on, "j F Y")


def _meeting_title(meeting: SteeringMeeting) -> str:
    return _("Vergadering %(date)s") % {"date": _date(meeting)}


def _meeting_or_404(pk: int) -> SteeringMeeting:
    try:
        return selectors.meeting_get(pk)
    except SteeringMeeting.DoesNotExist as error:
        raise Http404(_("Deze vergadering bestaat niet.")) from error


def _agenda(meeting: SteeringMeeting) -> list[AgendaItem]:
    """The meeting's agenda items, as ``meeting_get`` loaded them."""
    return list(meeting.agenda_items.all())


def _check_staff(request: HttpRequest) -> None:
    if not may_read_internal_notes(request.user):
        raise PermissionDenied(_("Deze pagina is alleen voor medewerkers."))


def _check_may_manage(request: HttpRequest) -> None:
    if not may_manage_meetings(request.user):
        raise PermissionDenied(_("Alleen de secretaris van de stuurgroep beheert vergaderingen."))


def _may_decide(request: HttpRequest, meeting: SteeringMeeting) -> bool:
    return may_decide(request.user) and not meeting.decisions_published


def meeting_list(request: HttpRequest) -> HttpResponse:
    staff = may_read_internal_notes(request.user)
    may_manage = may_manage_meetings(request.user)
    meetings = selectors.meetings()
    if not staff:
        meetings = meetings.filter(decisions_published_at__isnull=False)
    return render(
        request,
        "governance/steering/meeting_list.html",
        {
            "meetings": meetings,
            "staff": staff,
            "may_manage": may_manage,
            "waiting_count": selectors.agenda_candidates().count() if may_manage else None,
            "crumbs": [(_("Stuurgroep"), None)],
        },
    )


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    _check_may_manage(request)
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.meeting_create(
                    by=request.user,
                    held_on=form.cleaned_data["held_on"],
                    location=form.cleaned_data["location"],
                )
            except NotPermitted as error:
                raise PermissionDenied(error.message) from error
            messages.success(
                request,
                _("De vergadering van %(date)s is aangemaakt.") % {"date": _date(meeting)},
            )
            return redirect(meeting)
        status = 400
    else:
        form = MeetingForm()
    return render(
        request,
        "governance/steering/meeting_form.html",
        {"form": form, "crumbs": _crumbs((_("Nieuwe vergadering"), None))},
        status=status,
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    if not may_read_internal_notes(request.user):
        # The public reads the outcome of a meeting, never its working agenda.
        if meeting.decisions_published:
            return redirect("governance:decision_list", pk=meeting.pk)
        raise Http404(_("Deze vergadering bestaat niet."))
    items = _agenda(meeting)
    may_manage = may_manage_meetings(request.user)
    decides = _may_decide(request, meeting)
    agenda = [
        (
            item,
            DecisionForm(prefix=DecisionForm.prefix_for(item.pk))
            if decides and not item.is_decided
            else None,
        )
        for item in items
    ]
    open_count = sum(1 for item in items if not item.is_decided)
    waiting_count = (
        selectors.agenda_candidates(meeting=meeting).count()
        if may_manage and not meeting.decisions_published
        else 0
    )
    return render(
        request,
        "governance/steering/meeting_detail.html",
        {
            "meeting": meeting,
            "title": _meeting_title(meeting),
            "agenda": agenda,
            "open_count": open_count,
            "waiting_count": waiting_count,
            "may_manage": may_manage,
            "may_publish": may_manage
            and not meeting.decisions_published
            and bool(items)
            and not open_count,
            "crumbs": _crumbs((_meeting_title(meeting), None)),
        },
    )


@require_POST
@login_required
def meeting_build_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    try:
        items = services.meeting_build_agenda(meeting=meeting, by=request.user)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    except TransitionRefused as error:
        messages.error(request, error.message)
        return redirect(meeting)
    if items:
        messages.success(
            request,
            ngettext(
                "%(count)d wijzigingsverzoek op de agenda gezet.",
                "%(count)d wijzigingsverzoeken op de agenda gezet.",
                len(items),
            )
            % {"count": len(items)},
        )
    else:
        messages.info(request, _("Er wachten geen wijzigingsverzoeken op een agenda."))
    return redirect(meeting)


def _item_or_404(meeting: SteeringMeeting, item_pk: int) -> AgendaItem:
    for item in _agenda(meeting):
        if item.pk == item_pk:
            return item
    raise Http404(_("Dit agendapunt hoort niet bij deze vergadering."))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_decide(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """The decision on one agenda item; the meeting page posts here, errors are shown here."""
    _check_staff(request)
    if request.method == "POST" and not may_decide(request.user):
        raise PermissionDenied(_("Alleen de secretaris van de stuurgroep legt besluiten vast."))
    meeting = _meeting_or_404(pk)
    agenda_item = _item_or_404(meeting, item)
    prefix = DecisionForm.prefix_for(agenda_item.pk)
    status = 200
    if request.method == "POST":
        form = DecisionForm(request.POST, prefix=prefix)
        status = 400
        if form.is_valid():
            try:
                decided = services.meeting_decide(
                    item=agenda_item,
                    by=request.user,
                    outcome=form.cleaned_data["outcome"],
                    motivation=form.cleaned_data["motivation"],
                    internal_note=form.cleaned_data["internal_note"],
                )
            except NotPermitted as error:
                raise PermissionDenied(error.message) from error
            except InvalidInput as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            except (StateConflict, TransitionRefused) as error:
                # Someone else decided first, or the list was published meanwhile: show the
                # item as it is now, with what this user typed, and write nothing.
                form.add_error(None, error.message)
                status = 409
                meeting = _meeting_or_404(pk)
                agenda_item = _item_or_404(meeting, item)
            else:
                messages.success(
                    request,
                    _("Besluit over %(number)s vastgelegd: %(outcome)s.")
                    % {
                        "number": agenda_item.change_request.number,
                        "outcome": decided.get_outcome_display(),
                    },
                )
                return redirect(f"{meeting.get_absolute_url()}#agendapunt-{agenda_item.position}")
    else:
        form = DecisionForm(prefix=prefix)
    decides = _may_decide(request, meeting) and not agenda_item.is_decided
    return render(
        request,
        "governance/steering/decide.html",
        {
            "meeting": meeting,
            "item": agenda_item,
            "form": form,
            "may_decide": decides,
            "crumbs": _crumbs(
                (_meeting_title(meeting), meeting.get_absolute_url()),
                (
                    _("Agendapunt %(position)d") % {"position": agenda_item.position},
                    None,
                ),
            ),
        },
        status=status,
    )


@require_POST
@login_required
def meeting_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    try:
        services.meeting_publish_decisions(meeting=meeting, by=request.user)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    except TransitionRefused as error:
        messages.error(request, error.message)
        return redirect(meeting)
    messages.success(request, _("De besluitenlijst is gepubliceerd."))
    return redirect("governance:decision_list", pk=meeting.pk)


def decision_list(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    staff = may_read_internal_notes(request.user)
    if not meeting.decisions_published and not staff:
        raise Http404(_("De besluitenlijst van deze vergadering is nog niet gepubliceerd."))
    crumbs = (
        _crumbs((_meeting_title(meeting), meeting.get_absolute_url()), (_("Besluitenlijst"), None))
        if staff
        else _crumbs((_("Besluitenlijst %(date)s") % {"date": _date(meeting)}, None))
    )
    return render(
        request,
        "governance/steering/decision_list.html",
        {"meeting": meeting, "items": _agenda(meeting), "staff": staff, "crumbs": crumbs},
    )
