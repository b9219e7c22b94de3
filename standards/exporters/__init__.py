"""Exporters: a release comparison or a release as a file to download (Word, PDF).

The Ketenbureau publishes every version of a standard with a list of what changed; lawyers of
municipalities and providers read it in Word (with tracked changes they can accept, reject and
comment on) or print it. The exporters are pure functions from the read models
(``standards.comparison.ReleaseComparison``, or a release with its article versions) to bytes:
no queries of their own, provided the caller loaded each article version with its ``document``
and each release with its ``standard`` (``release_compare`` does).

This module holds what the Word and the PDF export share: which articles a comparison shows and
how each one is headed, so that both formats name a change the same way:

* only articles that changed are shown (added, removed, renumbered or moved, other text, title
  or optionality); unchanged ones are left out and the introduction says so;
* an article is headed with its newest label and title ("Artikel 3.9 Reparatie"); a changed
  title is itself a redline; notes say what the text cannot show: "(was 3.8)", "(nieuw)",
  "(vervallen)", "(nu optioneel)";
* the text of an article whose wording did not change is not repeated ("Tekst ongewijzigd");
* every article names its reason: the change requests that caused it
  (``standards.change_reasons``), or "redactioneel".
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from standards.change_reasons import ChangeReason
from standards.comparison import ArticleChange, ArticleChangeKind, ReleaseComparison
from standards.redlines import Redline, redline


@dataclass(frozen=True)
class ExportedArticle:
    """One changed article as an export heads and shows it."""

    change: ArticleChange
    label: str  # "Artikel 3.9", or the number of a section outside the agreement
    title: Redline  # old title → new title; all equal unless the title changed
    notes: tuple[str, ...]  # "was 3.8", "nieuw", "vervallen", "nu optioneel", …
    reasons: tuple[ChangeReason, ...] = ()  # none: an editorial change

    @property
    def shows_text(self) -> bool:
        """Whether the export prints the (redlined) text, or says it did not change."""
        return self.change.kind in (ArticleChangeKind.ADDED, ArticleChangeKind.REMOVED) or (
            self.change.text_changed
        )

    @property
    def heading(self) -> str:
        """The heading as plain text, with the new title: "Artikel 3.9 Reparatie (was 3.8)"."""
        heading = f"{self.label} {self.title.new}".strip()
        if self.notes:
            heading = f"{heading} ({'; '.join(self.notes)})"
        return heading


@dataclass(frozen=True)
class ExportedDocument:
    """A document of the comparison with at least one changed article."""

    title: str
    notes: tuple[str, ...]  # "nieuw" or "vervallen" for a document only one release has
    articles: tuple[ExportedArticle, ...]


def comparison_title(comparison: ReleaseComparison) -> str:
    """ "Vergelijking CS Jeugd versie 1.0 met versie 1.1"."""
    return _("Vergelijking %(standard)s versie %(old)s met versie %(new)s") % {
        "standard": comparison.new.standard.name,
        "old": comparison.old.version,
        "new": comparison.new.version,
    }


def comparison_summary(comparison: ReleaseComparison) -> str:
    """How many articles changed in which way, for the introduction of an export."""
    counts = comparison.counts
    parts = [
        (ArticleChangeKind.CHANGED, _("%(count)d met gewijzigde tekst of titel")),
        (ArticleChangeKind.RENUMBERED, _("%(count)d vernummerd of verplaatst")),
        (ArticleChangeKind.ADDED, _("%(count)d nieuw")),
        (ArticleChangeKind.REMOVED, _("%(count)d vervallen")),
    ]
    listed = [text % {"count": counts[kind]} for kind, text in parts if counts[kind]]
    if not listed:
        return _("Geen artikelen gewijzigd.")
    return _("Artikelen: %(counts)s.") % {"counts": ", ".join(listed)}


Reasons = Mapping[int, Sequence[ChangeReason]]


def changed_documents(
    comparison: ReleaseComparison, reasons: Reasons | None = None
) -> tuple[ExportedDocument, ...]:
    """The documents with changed articles, in the order of the comparison, each with those.

    ``reasons`` maps article identities to the change requests that changed them.
    """
    titles = _document_titles(comparison)
    reasons = reasons or {}
    exported = []
    for document in comparison.documents:
        articles = tuple(
            _exported_article(change, titles, tuple(reasons.get(change.article.pk, ())))
            for change in document.changes
            if change.kind != ArticleChangeKind.UNCHANGED
        )
        if not articles:
            continue
        notes: tuple[str, ...] = ()
        if document.old is None:
            notes = (_("nieuw"),)
        elif document.new is None:
            notes = (_("vervallen"),)
        version = document.new or document.old
        exported.append(ExportedDocument(title=version.title, notes=notes, articles=articles))
    return tuple(exported)


def _document_titles(comparison: ReleaseComparison) -> dict[int, str]:
    titles = {}
    for document in comparison.documents:
        version = document.new or document.old
        if version is not None:
            titles[document.document.pk] = version.title
    return titles


def reason_text(article: ExportedArticle) -> str:
    """The reason column as text: "WV-2026-0012 Titel; WV-2026-0015 Titel" or "redactioneel"."""
    return "; ".join(str(reason) for reason in article.reasons) or _("redactioneel")


def _exported_article(
    change: ArticleChange, titles: dict[int, str], reasons: tuple[ChangeReason, ...]
) -> ExportedArticle:
    old, new = change.old, change.new
    if new is None:  # removed
        return ExportedArticle(
            change=change,
            label=old.label,
            title=redline(old.title, old.title),
            notes=(_("vervallen"),),
            reasons=reasons,
        )
    if old is None:  # added
        notes = [_("nieuw")]
        if new.is_optional:
            notes.append(_("optioneel"))
        return ExportedArticle(
            change=change,
            label=new.label,
            title=redline(new.title, new.title),
            notes=tuple(notes),
            reasons=reasons,
        )
    notes = []
    if old.document_id != new.document_id:
        notes.append(
            _("was %(number)s in %(document)s")
            % {"number": old.number, "document": titles.get(old.document_id, old.document.slug)}
        )
    elif old.number != new.number:
        notes.append(_("was %(number)s") % {"number": old.number})
    if old.chapter != new.chapter and old.chapter:
        notes.append(_("was in %(chapter)s") % {"chapter": old.chapter})
    if new.is_optional and not old.is_optional:
        notes.append(_("nu optioneel"))
    elif old.is_optional and not new.is_optional:
        notes.append(_("niet meer optioneel"))
    return ExportedArticle(
        change=change,
        label=new.label,
        title=redline(old.title, new.title),
        notes=tuple(notes),
        reasons=reasons,
    )
