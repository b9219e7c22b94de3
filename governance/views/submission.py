"""Filing a change request, by anyone, and confirming the e-mail address it was filed with.

The form sits on every article (and, for a new article, every document) of the release in force
and of the draft of the next one. While the submitter types, two small fragments are fetched
(``preview``: the redline of the proposed wording against the current text; ``similar``: open
requests on the same article and requests with a similar title); without JavaScript the
"Voorbeeld bekijken" button renders both on the server. Filing stores the request at once;
``received`` says what happens next, and the link in the confirmation e-mail leads to ``confirm``,
which asks for a click (mail scanners fetch links) before it moves the request to intake.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.confirmation import read_confirmation_token
from governance.constants import ChangeKind, ChangeRequestState
from governance.exceptions import (
    ConfirmationLinkExpired,
    GovernanceError,
)
from governance.forms.submission import (
    MAX_TEXT_LENGTH,
    ChangeRequestForm,
    DocumentChangeRequestForm,
)
from governance.models import ChangeRequest
from governance.proposals import proposal_redline
from governance.selectors import similar_change_requests
from governance.services.change_requests import (
    change_request_confirm,
    change_request_submit,
)
from governance.targets import (
    SubmissionTarget,
    is_open_for_change_requests,
    submission_target,
)
from standards import selectors
from standards.exceptions import InvalidVersion
from standards.models import Article, ArticleVersion, DocumentVersion, Release, Standard
from standards.redline_views import inline_html
from standards.texts import normalise_text

# What the page after filing shows, kept in the submitter's session only.
SESSION_KEY = "governance_submitted"
# Longest title compared for similarity: the comparison is quadratic in the title's length.
SIMILAR_TITLE_LENGTH = 200


@dataclass(frozen=True)
class _Subject:
    """What a change request is filed against: an article of a release, or a whole document."""

    release: Release
    document_version: DocumentVersion
    article_version: ArticleVersion | None = None

    @property
    def standard(self) -> Standard:
        return self.release.standard

    @property
    def article(self) -> Article | None:
        return self.article_version.article if self.article_version else None

    @property
    def current_text(self) -> str:
        return self.article_version.text if self.article_version else ""

    def crumbs(self) -> list[tuple[str, str | None]]:
        release = self.release
        crumbs = [
            (_("Standaarden"), reverse("standards:standard_list")),
            (release.standard.name, release.standard.get_absolute_url()),
            (_("Versie %s") % release.version, release.get_absolute_url()),
            (self.document_version.title, self.document_version.get_absolute_url()),
        ]
        if self.article_version is not None:
            article = self.article_version
            crumbs.append((f"{article.label} {article.title}", article.get_absolute_url()))
            crumbs.append((_("Wijzigingsverzoek indienen"), None))
        else:
            crumbs.append((_("Nieuw artikel voorstellen"), None))
        return crumbs


def _release_or_404(standard: str, version: str) -> Release:
    try:
        return selectors.release_get(standard_slug=standard, version=version)
    except (Release.DoesNotExist, InvalidVersion) as error:
        raise Http404(_("Deze versie bestaat niet.")) from error


@require_http_methods(["GET", "POST"])
def submit_article(
    request: HttpRequest, standard: str, version: str, document: str, number: str
) -> HttpResponse:
    release = _release_or_404(standard, version)
    try:
        article_version = selectors.article_version_get(
            release=release, document_slug=document, number=number
        )
    except ArticleVersion.DoesNotExist as error:
        raise Http404(_("Dit artikel bestaat niet in deze versie.")) from error
    document_version = DocumentVersion.objects.get(
        release=release, document=article_version.document
    )
    document_version.release = release
    document_version.document = article_version.document
    subject = _Subject(release, document_version, article_version)
    return _submission_page(request, subject, ChangeRequestForm)


@require_http_methods(["GET", "POST"])
def submit_document(
    request: HttpRequest, standard: str, version: str, document: str
) -> HttpResponse:
    release = _release_or_404(standard, version)
    document_version = get_object_or_404(
        DocumentVersion.objects.select_related("document"), release=release, document__slug=document
    )
    document_version.release = release
    return _submission_page(request, _Subject(release, document_version), DocumentChangeRequestForm)


def _submission_page(
    request: HttpRequest, subject: _Subject, form_class: type[ChangeRequestForm]
) -> HttpResponse:
    if request.method == "GET":
        if not is_open_for_change_requests(subject.release):
            return _refused(request, subject)
        return _render_form(request, subject, form_class(initial=_initial(request, subject)))

    if request.POST.get("action") == "preview":
        # Show what was typed with its redline and similar requests, without judging it yet.
        typed = {name: request.POST.get(name, "") for name in form_class.base_fields}
        return _render_form(request, subject, form_class(initial=typed), typed=typed)

    form = form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            change_request, target = change_request_submit(
                release=subject.release,
                document=subject.document_version.document,
                article_version=subject.article_version,
                kind=data.get("kind", ChangeKind.NEW_ARTICLE),
                impact=data["impact"],
                title=data["title"],
                proposed_text=data["proposed_text"],
                motivation=data["motivation"],
                summary=data["summary"],
                submitter_name=data["submitter_name"],
                submitter_email=data["submitter_email"],
                organisation_name=data["organisation_name"],
                organisation_type=data["organisation_type"],
                by=request.user,
            )
        except GovernanceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            _remember_submission(request, change_request, target)
            return redirect("governance:received")
    return _render_form(request, subject, form, typed=form.data, status=400)


def _initial(request: HttpRequest, subject: _Subject) -> dict[str, str]:
    initial = {"proposed_text": subject.current_text}
    user = request.user
    if user.is_authenticated:
        initial["submitter_name"] = user.get_full_name() or user.get_username()
        initial["submitter_email"] = user.email
    return initial


def _render_form(
    request: HttpRequest,
    subject: _Subject,
    form: ChangeRequestForm,
    *,
    typed=None,
    status: int = 200,
) -> HttpResponse:
    """The form page; with ``typed`` input also its redline and the similar requests."""
    standard = subject.standard
    context = {
        "form": form,
        "release": subject.release,
        "standard": standard,
        "document_version": subject.document_version,
        "article_version": subject.article_version,
        "target": _target_context(submission_target(standard, at=timezone.now())),
        "crumbs": subject.crumbs(),
        "text_limit": MAX_TEXT_LENGTH,
    }
    title = ""
    if typed is not None:
        title = typed.get("title", "")
        default_kind = (
            ChangeKind.CHANGE_WORDING if subject.article_version else ChangeKind.NEW_ARTICLE
        )
        kind = typed.get("kind") or default_kind
        context.update(_preview_context(subject.current_text, kind, typed.get("proposed_text", "")))
        context["previewed"] = True
    context["similar"] = _similar(standard, title, subject.article)
    return render(request, "governance/submission/form.html", context, status=status)


def _refused(request: HttpRequest, subject: _Subject) -> HttpResponse:
    """A release that no longer accepts requests: say so and point at the versions that do."""
    standard = subject.standard
    options = []
    for release in (
        selectors.latest_published_release(standard),
        selectors.open_release(standard),
    ):
        if release is None:
            continue
        link = release.get_absolute_url()
        if subject.article is not None:
            version = (
                ArticleVersion.objects.select_related("document")
                .filter(release=release, article=subject.article)
                .first()
            )
            if version is not None:
                link = reverse(
                    "governance:submit_article",
                    kwargs={
                        "standard": standard.slug,
                        "version": release.version,
                        "document": version.document.slug,
                        "number": version.number,
                    },
                )
        elif release.document_versions.filter(document=subject.document_version.document).exists():
            link = reverse(
                "governance:submit_document",
                kwargs={
                    "standard": standard.slug,
                    "version": release.version,
                    "document": subject.document_version.document.slug,
                },
            )
        options.append((release, link))
    return render(
        request,
        "governance/submission/refused.html",
        {
            "release": subject.release,
            "options": options,
            "crumbs": subject.crumbs(),
        },
        status=404,
    )


def _target_context(target: SubmissionTarget) -> dict:
    missed = target.missed
    return {
        "version": target.version,
        "deadline": target.deadline,
        "missed_version": missed.version if missed else None,
        "missed_deadline": missed.submission_deadline if missed else None,
    }


def _remember_submission(
    request: HttpRequest, change_request: ChangeRequest, target: SubmissionTarget
) -> None:
    """What the page after filing shows. No tracking link: an anonymous submitter gets it by
    e-mail, after proving the address."""
    context = _target_context(target)
    request.session[SESSION_KEY] = {
        "number": change_request.number,
        "title": change_request.title,
        "email": change_request.submitter_email,
        "confirmed": change_request.state != ChangeRequestState.SUBMITTED,
        "target": {
            **context,
            "deadline": _isoformat(context["deadline"]),
            "missed_deadline": _isoformat(context["missed_deadline"]),
        },
    }


def _isoformat(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _from_isoformat(moment: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(moment) if moment else None


@require_GET
def received(request: HttpRequest) -> HttpResponse:
    submitted = request.session.get(SESSION_KEY)
    if not submitted:
        return redirect("governance:change_request_list")
    target = {
        **submitted["target"],
        "deadline": _from_isoformat(submitted["target"]["deadline"]),
        "missed_deadline": _from_isoformat(submitted["target"]["missed_deadline"]),
    }
    return render(
        request,
        "governance/submission/received.html",
        {
            "submitted": submitted,
            "target": target,
            "confirmation_days": settings.CS_CONFIRMATION_MAX_AGE_DAYS,
        },
    )


# Fragments fetched while typing ----------------------------------------------------------------


def _preview_context(current: str, kind: str, proposed: str) -> dict:
    """The redline of what the request does to the article.

    A new article is all new text and a removal strikes the whole article; a wording change is
    the proposed text against the current one.
    """
    if len(proposed) > MAX_TEXT_LENGTH:
        return {"too_long": True}
    lines = proposal_redline(kind=kind, base_text=current, proposed_text=normalise_text(proposed))
    return {
        "changed": lines.changed,
        "has_text": bool(lines.new),
        "redline_html": inline_html(lines),
    }


@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """The redline of ``proposed_text`` against the article version ``base_version``."""
    proposed = request.POST.get("proposed_text", "")
    kind = request.POST.get("kind", ChangeKind.CHANGE_WORDING)
    current = ""
    base = request.POST.get("base_version", "").strip()
    if base:
        if not base.isdigit():
            return _fragment(request, "_preview.html", {"invalid": True}, status=400)
        version = ArticleVersion.objects.filter(pk=int(base)).only("text").first()
        if version is None:
            return _fragment(request, "_preview.html", {"invalid": True}, status=400)
        current = version.text
    context = _preview_context(current, kind, proposed)
    return _fragment(
        request,
        "_preview.html",
        {**context, "text_limit": MAX_TEXT_LENGTH},
        status=400 if context.get("too_long") else 200,
    )


@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """Open requests on the same article and requests with a similar title, as a list."""
    standard = get_object_or_404(Standard, slug=request.GET.get("standard", ""))
    article = _article_of(standard, request.GET.get("article", "").strip())
    title = request.GET.get("title", "")[:SIMILAR_TITLE_LENGTH]
    return _fragment(request, "_similar.html", {"similar": _similar(standard, title, article)})


def _article_of(standard: Standard, reference: str) -> Article | None:
    """The article named by its lasting key (or its pk); None when it names none of this
    standard's articles."""
    if not reference:
        return None
    try:
        lookup = {"key": uuid.UUID(reference)}
    except ValueError:
        if not reference.isdigit():
            return None
        lookup = {"pk": int(reference)}
    return Article.objects.filter(standard=standard, **lookup).first()


def _similar(standard: Standard, title: str, article: Article | None) -> list:
    if article is None and not title.strip():
        return []
    return similar_change_requests(standard=standard, title=title, article=article)


def _fragment(request: HttpRequest, name: str, context: dict, *, status: int = 200):
    return render(request, f"governance/submission/{name}", context, status=status)


# Confirming the e-mail address -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for a click and changes nothing (mail scanners open links); POST confirms."""
    try:
        if request.method == "GET":
            read_confirmation_token(token)
            return render(request, "governance/submission/confirm.html", {"token": token})
        change_request = change_request_confirm(token=token)
    except ConfirmationLinkExpired as error:
        return _confirm_failed(request, error.message, expired=True, status=410)
    except GovernanceError as error:  # forged or altered link, or another address
        return _confirm_failed(request, error.message, status=400)
    messages.success(
        request,
        _(
            "Uw e-mailadres is bevestigd. Bewaar de link van deze pagina: het is uw persoonlijke "
            "link om %(number)s te volgen, aan te vullen of in te trekken. Deel hem niet met "
            "anderen."
        )
        % {"number": change_request.number},
    )
    return redirect(change_request.get_tracking_url())


def _confirm_failed(
    request: HttpRequest, message: str, *, status: int, expired: bool = False
) -> HttpResponse:
    return render(
        request,
        "governance/submission/confirm_failed.html",
        {
            "message": message,
            "expired": expired,
            "confirmation_days": settings.CS_CONFIRMATION_MAX_AGE_DAYS,
        },
        status=status,
    )
