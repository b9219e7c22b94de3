"""Pages that show what changed: two releases of a standard compared, and one article's history.

*Vergelijken.* Any two releases of one standard can be compared, in either order; the first is
the left-hand ("old") side. The page sums up per document which articles were added, removed,
renumbered or moved, and changed (the unchanged ones folded away), and then shows every change in
one of three layouts, chosen with ``?weergave=``:

* ``inline`` (the default): per article the redline, deletions and insertions woven into one text;
* ``naast-elkaar``: old and new wording in two columns, each marking only its own side;
* ``was-wordt``: the table the Ketenbureau publishes with every release (article, old wording,
  new wording, reason).

Comparing a release with itself is allowed and says there are no differences. A small form (two
selects, GET) picks the pair; it redirects to the canonical address of the comparison.

*Geschiedenis.* One article through every release that contains it, newest first, each step with
its number, title, release and state and the redline against the step before it.

The views only read (``standards.comparison``, ``standards.selectors``) and lay out; the layout of a
redline itself is ``standards.redline_views``. Why a change was made comes from the change requests
that caused it (``standards.change_reasons``, answered by governance); a change no request
explains is shown as "redactioneel".
"""

import datetime
from dataclasses import dataclass
from itertools import pairwise

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from standards import selectors
from standards.change_reasons import ChangeReason, change_reasons
from standards.comparison import (
    ArticleChange,
    ArticleChangeKind,
    DocumentComparison,
    ReleaseComparison,
    article_change_kind,
    release_compare,
)
from standards.constants import ReleaseState
from standards.exceptions import StandardsError
from standards.exporters.docx import DOCX_CONTENT_TYPE, comparison_to_docx, was_wordt_to_docx
from standards.exporters.pdf import PDF_CONTENT_TYPE, comparison_to_pdf
from standards.models import Article, ArticleVersion, Release, Standard
from standards.redline_views import RedlineHalves, halves, inline_html
from standards.redlines import Redline
from standards.services.redlines import redlines_for

# The layouts of the compare page, in the order of their tabs; the first is the default.
LAYOUT_INLINE = "inline"
LAYOUT_SIDE_BY_SIDE = "naast-elkaar"
LAYOUT_WAS_WORDT = "was-wordt"
LAYOUTS = {
    LAYOUT_INLINE: gettext_lazy("Doorlopende tekst"),
    LAYOUT_SIDE_BY_SIDE: gettext_lazy("Naast elkaar"),
    LAYOUT_WAS_WORDT: gettext_lazy("Was-wordt-tabel"),
}
LAYOUT_PARAMETER = "weergave"


# --- Read models for the templates ----------------------------------------------------------------


@dataclass(frozen=True)
class ShownChange:
    """One changed article with its redline laid out for every layout of the page."""

    change: ArticleChange
    inline: SafeString
    halves: RedlineHalves
    reasons: tuple[ChangeReason, ...]  # the change requests that caused it; none: editorial

    @property
    def anchor(self) -> str:
        return f"wijziging-{self.change.article.key}"

    @property
    def link(self) -> ArticleVersion:
        """The version to link to: the new one, or the old one of a removed article."""
        return self.change.new or self.change.old


@dataclass(frozen=True)
class DocumentSummary:
    """What happened to the articles of one document, kind by kind."""

    comparison: DocumentComparison
    added: tuple[ShownChange, ...]
    removed: tuple[ShownChange, ...]
    renumbered: tuple[ShownChange, ...]
    changed: tuple[ShownChange, ...]
    unchanged: tuple[ArticleChange, ...]
    shown: tuple[ShownChange, ...]  # every change but the unchanged, in reading order

    @property
    def title(self) -> str:
        version = self.comparison.new or self.comparison.old
        return version.title if version is not None else str(self.comparison.document)

    @property
    def anchor(self) -> str:
        return f"document-{self.comparison.document.slug}"


Reasons = dict[int, tuple[ChangeReason, ...]]


def _shown(change: ArticleChange, reasons: Reasons) -> ShownChange:
    return ShownChange(
        change=change,
        inline=inline_html(change.redline),
        halves=halves(change.redline),
        reasons=reasons.get(change.article.pk, ()),
    )


def _document_summary(document: DocumentComparison, reasons: Reasons) -> DocumentSummary:
    shown = tuple(
        _shown(change, reasons)
        for change in document.changes
        if change.kind != ArticleChangeKind.UNCHANGED
    )

    def of_kind(kind: ArticleChangeKind) -> tuple[ShownChange, ...]:
        return tuple(item for item in shown if item.change.kind == kind)

    return DocumentSummary(
        comparison=document,
        added=of_kind(ArticleChangeKind.ADDED),
        removed=of_kind(ArticleChangeKind.REMOVED),
        renumbered=of_kind(ArticleChangeKind.RENUMBERED),
        changed=of_kind(ArticleChangeKind.CHANGED),
        unchanged=document.of_kind(ArticleChangeKind.UNCHANGED),
        shown=shown,
    )


def comparison_documents(comparison: ReleaseComparison) -> list[DocumentSummary]:
    """The documents of a comparison that have articles, each with its changes laid out and the
    change requests that caused them: what the compare page's summary and layouts show (and
    what a contract's "what changed for us" page reuses). A document without articles in either
    release (Deel 2, say) has nothing to compare."""
    reasons = _reasons(comparison)
    return [
        _document_summary(document, reasons)
        for document in comparison.documents
        if document.changes
    ]


def _reasons(comparison: ReleaseComparison) -> Reasons:
    return change_reasons(
        old=comparison.old,
        new=comparison.new,
        article_ids=[change.article.pk for change in comparison.changes],
    )


@dataclass(frozen=True)
class HistoryStep:
    """An article in one release, compared with the release before it that had it.

    ``version`` is None for a release that no longer contains the article (it was removed there).
    """

    release: Release
    version: ArticleVersion | None
    previous: ArticleVersion | None
    redline: Redline | None

    @property
    def anchor(self) -> str:
        return f"versie-{self.release.version}"

    @property
    def is_first(self) -> bool:
        return self.version is not None and self.previous is None

    @property
    def is_removed(self) -> bool:
        return self.version is None

    @property
    def renumbered(self) -> bool:
        """Another number, document or chapter: the comparison's "renumbered or moved"."""
        return (
            self._both
            and article_change_kind(self.previous, self.version) == ArticleChangeKind.RENUMBERED
        )

    @property
    def retitled(self) -> bool:
        return self._both and self.previous.title != self.version.title

    @property
    def optional_changed(self) -> bool:
        return self._both and self.previous.is_optional != self.version.is_optional

    @property
    def text_changed(self) -> bool:
        return self.redline is not None and self.redline.changed

    @property
    def changed(self) -> bool:
        """Whether the comparison with the step before lists this article (not as unchanged)."""
        return article_change_kind(self.previous, self.version) != ArticleChangeKind.UNCHANGED

    @property
    def inline(self) -> SafeString | None:
        return inline_html(self.redline) if self.redline is not None else None

    @property
    def _both(self) -> bool:
        return self.version is not None and self.previous is not None


def _history_steps(versions: list[ArticleVersion], releases: list[Release]) -> list[HistoryStep]:
    """Every release from the article's first one on, oldest first, with or without the article.

    ``versions`` is oldest first. A release without the article right after one with it is where
    the article was removed; further releases without it are left out. Each version is compared
    with the one before it, read through the store of redlines (one query for all of them).
    """
    redlines = redlines_for(pairwise(versions))
    by_release = {version.release_id: version for version in versions}
    steps: list[HistoryStep] = []
    previous: ArticleVersion | None = None
    present_before = False
    for release in sorted(releases, key=_key):
        version = by_release.get(release.pk)
        if version is not None:
            step_redline = (
                redlines[(previous.content_hash, version.content_hash)]
                if previous is not None
                else None
            )
            steps.append(HistoryStep(release, version, previous, step_redline))
            previous = version
        elif present_before:
            steps.append(HistoryStep(release, None, previous, None))
        present_before = version is not None
    return steps


# --- Choosing the two releases --------------------------------------------------------------------


class ReleasePairForm(forms.Form):
    """The two releases to compare, by version; any two of the standard, in either order."""

    oud = forms.ChoiceField(label=gettext_lazy("Vergelijk versie"))
    nieuw = forms.ChoiceField(label=gettext_lazy("met versie"))

    def __init__(self, *args, releases: list[Release], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (release.version, f"{release.version} ({release.get_state_display().lower()})")
            for release in releases
        ]
        self.fields["oud"].choices = choices
        self.fields["nieuw"].choices = choices


def _default_pair(releases: list[Release], new_version: str | None = None) -> dict[str, str]:
    """``new_version`` (else the release in force, else the newest) against the release before it.

    ``releases`` is newest first, as ``selectors.releases_of`` gives them.
    """
    if not releases:
        return {}
    new = next((r for r in releases if r.version == new_version), None) or next(
        (r for r in releases if r.state == ReleaseState.PUBLISHED), releases[0]
    )
    older = [release for release in releases if _key(release) < _key(new)]
    return {"oud": (older[0] if older else new).version, "nieuw": new.version}


def _key(release: Release) -> tuple[int, int]:
    return release.version_major, release.version_minor


# --- Views ----------------------------------------------------------------------------------------


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Standaarden"), reverse("standards:standard_list")), *items]


def _not_found(
    request: HttpRequest, message: str, standard: Standard | None = None
) -> HttpResponse:
    """A 404 that says what was not found, with a way back."""
    crumbs = _crumbs((standard.name, standard.get_absolute_url())) if standard else _crumbs()
    return render(
        request,
        "standards/compare/not_found.html",
        {"message": message, "standard": standard, "crumbs": [*crumbs, (_("Niet gevonden"), None)]},
        status=404,
    )


def _standard_and_releases(slug: str) -> tuple[Standard | None, list[Release]]:
    standard = Standard.objects.filter(slug=slug).first()
    if standard is None:
        return None, []
    return standard, list(selectors.releases_of(standard).select_related("standard"))


def release_compare_choose(request: HttpRequest, standard: str) -> HttpResponse:
    """The form that picks two releases; a valid pair goes to the comparison's own address."""
    standard_obj, releases = _standard_and_releases(standard)
    if standard_obj is None:
        return _not_found(request, _("Deze standaard bestaat niet."))
    if "oud" in request.GET and "nieuw" in request.GET:
        form = ReleasePairForm(request.GET, releases=releases)
        if form.is_valid():
            return redirect(
                "standards:release_compare",
                standard=standard_obj.slug,
                old=form.cleaned_data["oud"],
                new=form.cleaned_data["nieuw"],
            )
    else:
        # A link from a release's page names only the new side: start from its predecessor.
        initial = _default_pair(releases, request.GET.get("nieuw"))
        form = ReleasePairForm(initial=initial, releases=releases)
    return render(
        request,
        "standards/compare/choose.html",
        {
            "standard": standard_obj,
            "form": form,
            "releases": releases,
            "crumbs": _crumbs(
                (standard_obj.name, standard_obj.get_absolute_url()),
                (_("Versies vergelijken"), None),
            ),
        },
    )


@dataclass(frozen=True)
class _Pair:
    standard: Standard
    releases: list[Release]
    old: Release
    new: Release


def _pair_or_not_found(
    request: HttpRequest, standard: str, old: str, new: str
) -> _Pair | HttpResponse:
    standard_obj, releases = _standard_and_releases(standard)
    if standard_obj is None:
        return _not_found(request, _("Deze standaard bestaat niet."))
    by_version = {release.version: release for release in releases}
    for version in (old, new):
        if version not in by_version:
            return _not_found(
                request,
                _("Versie %(version)s van %(standard)s bestaat niet.")
                % {"version": version, "standard": standard_obj.name},
                standard_obj,
            )
    return _Pair(standard_obj, releases, by_version[old], by_version[new])


def release_compare_view(request: HttpRequest, standard: str, old: str, new: str) -> HttpResponse:
    """What changed from release ``old`` to release ``new`` of a standard, in the chosen layout."""
    pair = _pair_or_not_found(request, standard, old, new)
    if isinstance(pair, HttpResponse):
        return pair
    standard_obj, releases, old_release, new_release = (
        pair.standard,
        pair.releases,
        pair.old,
        pair.new,
    )
    layout = request.GET.get(LAYOUT_PARAMETER, LAYOUT_INLINE)
    if layout not in LAYOUTS:
        layout = LAYOUT_INLINE

    comparison: ReleaseComparison | None = None
    if old_release.pk != new_release.pk:
        try:
            comparison = release_compare(old=old_release, new=new_release)
        except StandardsError as error:
            return _not_found(request, str(error), standard_obj)

    documents = comparison_documents(comparison) if comparison else []
    title = _("Versie %(old)s vergeleken met versie %(new)s") % {"old": old, "new": new}
    return render(
        request,
        "standards/compare/release_compare.html",
        {
            "standard": standard_obj,
            "old": old_release,
            "new": new_release,
            "same": comparison is None,
            "backwards": _key(old_release) > _key(new_release),
            "comparison": comparison,
            "totals": comparison.counts if comparison else {},
            "has_changes": bool(comparison and comparison.changes),
            "documents": documents,
            "layout": layout,
            "layouts": list(LAYOUTS.items()),
            "layout_parameter": LAYOUT_PARAMETER,
            "downloads": [
                (
                    export,
                    label,
                    reverse(
                        "standards:release_compare_download",
                        kwargs={
                            "standard": standard_obj.slug,
                            "old": old,
                            "new": new,
                            "export": export,
                        },
                    ),
                )
                for export, (label, _suffix, _content_type, _render) in DOWNLOADS.items()
            ],
            "form": ReleasePairForm(initial={"oud": old, "nieuw": new}, releases=releases),
            "title": title,
            "crumbs": _crumbs((standard_obj.name, standard_obj.get_absolute_url()), (title, None)),
        },
    )


EXPORT_AUTHOR = "Ketenbureau i-Sociaal Domein (CS-portaal)"


def _as_word(comparison: ReleaseComparison, reasons: Reasons, moment: datetime.datetime) -> bytes:
    return comparison_to_docx(comparison, author=EXPORT_AUTHOR, date=moment, reasons=reasons)


def _as_was_wordt(
    comparison: ReleaseComparison, reasons: Reasons, moment: datetime.datetime
) -> bytes:
    return was_wordt_to_docx(comparison, author=EXPORT_AUTHOR, date=moment, reasons=reasons)


def _as_pdf(comparison: ReleaseComparison, reasons: Reasons, moment: datetime.datetime) -> bytes:
    return comparison_to_pdf(comparison, reasons)


# export slug -> (link text, file name suffix, content type, renderer)
DOWNLOADS = {
    "word": (
        gettext_lazy("Word met wijzigingen bijhouden"),
        "wijzigingen.docx",
        DOCX_CONTENT_TYPE,
        _as_word,
    ),
    "was-wordt": (
        gettext_lazy("Was-wordttabel (Word)"),
        "was-wordt.docx",
        DOCX_CONTENT_TYPE,
        _as_was_wordt,
    ),
    "pdf": (gettext_lazy("PDF"), "vergelijking.pdf", PDF_CONTENT_TYPE, _as_pdf),
}


def release_compare_download(
    request: HttpRequest, standard: str, old: str, new: str, export: str
) -> HttpResponse:
    """The comparison as a file: Word with tracked changes, the was-wordt table, or PDF.

    Tracked changes carry the new release's publication date (or the moment of the download for
    a draft), so the same published pair always gives the same file.
    """
    if export not in DOWNLOADS:
        return _not_found(request, _("Dit bestandsformaat bestaat niet."))
    pair = _pair_or_not_found(request, standard, old, new)
    if isinstance(pair, HttpResponse):
        return pair
    if pair.old.pk == pair.new.pk:
        return _not_found(request, _("Een versie met zichzelf vergelijken geeft geen bestand."))
    try:
        comparison = release_compare(old=pair.old, new=pair.new)
    except StandardsError as error:
        return _not_found(request, str(error), pair.standard)
    _label, suffix, content_type, render_file = DOWNLOADS[export]
    moment = (
        datetime.datetime.combine(pair.new.published_on, datetime.time(), tzinfo=datetime.UTC)
        if pair.new.published_on
        else timezone.now().replace(microsecond=0)
    )
    response = HttpResponse(
        render_file(comparison, _reasons(comparison), moment), content_type=content_type
    )
    filename = f"{pair.standard.slug}-{old}-{new}-{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if pair.old.is_sealed and pair.new.is_sealed:
        # Two published releases never change, and neither does the file made from them.
        response["Cache-Control"] = "public, max-age=86400"
    return response


def article_history_view(request: HttpRequest, key: str) -> HttpResponse:
    """One article through all releases of its standard, newest first, with a redline per step."""
    article = Article.objects.select_related("standard").filter(key=key).first()
    if article is None:
        return _not_found(request, _("Dit artikel bestaat niet."))
    versions = list(selectors.article_history(article))
    if not versions:
        return _not_found(request, _("Dit artikel komt in geen enkele versie voor."))
    releases = list(selectors.releases_of(article.standard))
    steps = list(reversed(_history_steps(versions, releases)))
    newest = versions[-1]
    return render(
        request,
        "standards/compare/article_history.html",
        {
            "article": article,
            "standard": article.standard,
            "newest": newest,
            "steps": steps,
            "crumbs": _crumbs(
                (article.standard.name, article.standard.get_absolute_url()),
                (f"{newest.label} {newest.title}", newest.get_absolute_url()),
                (_("Geschiedenis"), None),
            ),
        },
    )
