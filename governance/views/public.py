"""The public pages of change requests: the filtered list and one request with its history.

Anyone reads every change request whose submitter confirmed the e-mail address. The submitter's
name and e-mail address and the internal notes of the timeline are for staff roles only; staff
also see the workflow steps they may take.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from governance import selectors
from governance.constants import ChangeRequestState, LegalVerdict
from governance.filters import ChangeRequestFilter
from governance.models import ChangeRequest, FaqEntry, LegalAssessment
from governance.permissions import may_read_internal_notes
from governance.proposals import change_request_redline
from governance.steps import steps_for
from standards.redline_views import inline_html
from standards.redlines import redline

PAGE_SIZE = 25


@dataclass(frozen=True)
class StepLink:
    label: str
    url: str


@dataclass(frozen=True)
class AssessmentView:
    assessment: LegalAssessment
    amended_redline: SafeString | None


def _list_crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        (_("Standaarden"), reverse("standards:standard_list")),
        (_("Wijzigingsverzoeken"), reverse("governance:change_request_list")),
        *items,
    ]


def change_request_list(request: HttpRequest) -> HttpResponse:
    filterset = ChangeRequestFilter(
        request.GET or None, queryset=selectors.change_requests_public()
    )
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    # A valid article key names the article above the table, even when another value is bad.
    article_key = filterset.form.cleaned_data.get("article") if filterset.is_bound else None
    article_version = selectors.article_latest_version(article_key) if article_key else None
    return render(
        request,
        "governance/public/change_request_list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "ellipsis": Paginator.ELLIPSIS,
            "article_version": article_version,
            "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
            "crumbs": [
                (_("Standaarden"), reverse("standards:standard_list")),
                (_("Wijzigingsverzoeken"), None),
            ],
        },
    )


def _assessment_views(change_request: ChangeRequest) -> list[AssessmentView]:
    views = []
    for assessment in change_request.legal_assessments.all():
        amended = None
        if assessment.verdict == LegalVerdict.FEASIBLE_WITH_CHANGES and assessment.amended_text:
            amended = inline_html(redline(assessment.judged_text, assessment.amended_text))
        views.append(AssessmentView(assessment, amended))
    return views


def _base_article_url(change_request: ChangeRequest) -> str | None:
    version = change_request.base_version
    if version is None:
        return None
    return reverse(
        "standards:article_detail",
        kwargs={
            "standard": change_request.base_release.standard.slug,
            "version": change_request.base_release.version,
            "document": version.document.slug,
            "number": version.number,
        },
    )


def _faq_entry(change_request: ChangeRequest) -> FaqEntry | None:
    if change_request.state != ChangeRequestState.ANSWERED:
        return None
    try:
        return change_request.faq_entry
    except FaqEntry.DoesNotExist:
        return None


def change_request_detail(request: HttpRequest, number: str) -> HttpResponse:
    is_staff = may_read_internal_notes(request.user)
    try:
        change_request = selectors.change_request_get(number=number)
    except ChangeRequest.DoesNotExist as error:
        raise Http404(_("Dit wijzigingsverzoek bestaat niet.")) from error
    if not change_request.is_public and not is_staff:
        # Until the e-mail address is confirmed the request does not count and is not shown.
        raise Http404(_("Dit wijzigingsverzoek bestaat niet."))
    release = change_request.base_release
    steps = [
        StepLink(
            str(step.label),
            reverse(
                "governance:change_request_step",
                kwargs={"number": change_request.number, "step": step.slug},
            ),
        )
        for step in steps_for(change_request, request.user)
    ]
    return render(
        request,
        "governance/public/change_request_detail.html",
        {
            "change_request": change_request,
            "release": release,
            "document_version": selectors.change_request_document_version(change_request),
            "document_url": reverse(
                "standards:document_detail",
                kwargs={
                    "standard": release.standard.slug,
                    "version": release.version,
                    "document": change_request.document.slug,
                },
            ),
            "base_article_url": _base_article_url(change_request),
            "proposal_redline": inline_html(change_request_redline(change_request)),
            "assessments": _assessment_views(change_request),
            "faq_entry": _faq_entry(change_request),
            "events": selectors.timeline(change_request),
            "show_internal": is_staff,
            "steps": steps,
            "crumbs": _list_crumbs((change_request.number, None)),
        },
    )
