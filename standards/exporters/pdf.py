"""A release comparison, or a release, as PDF: the page's redline, printed.

The PDF is the comparison page to print or to attach to a decision: the same redline look
(deleted words struck through in red, new words underlined in green, see
``static/css/redline.css``), on A4 with the title and page numbers in the margins. It is an HTML
template (``templates/standards/exports/``) laid out by WeasyPrint; the print styles live in the
template, so that making a PDF never depends on fetching static files.

As in the Word export, only changed articles are shown (``standards.exporters``). The PDF is
tagged (headings, paragraphs and reading order are in its structure tree) for screen readers.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from weasyprint import HTML

from standards.comparison import ReleaseComparison
from standards.exporters import (
    ExportedArticle,
    Reasons,
    changed_documents,
    comparison_summary,
    comparison_title,
    reason_text,
)
from standards.models import ArticleVersion, DocumentVersion, Release

PDF_CONTENT_TYPE = "application/pdf"


@dataclass(frozen=True)
class _PrintedArticle:
    heading: SafeString  # label, redlined title, notes
    text: SafeString | None  # the redline, or None when the text did not change
    reason: str  # the change requests that caused it, or "redactioneel"


@dataclass(frozen=True)
class _PrintedDocument:
    title: str
    articles: tuple[_PrintedArticle, ...]


def comparison_pdf_html(comparison: ReleaseComparison, reasons: Reasons | None = None) -> str:
    """The HTML WeasyPrint lays out: also handy to look at in a browser while styling."""
    documents = [
        _PrintedDocument(
            title=_with_notes(document.title, document.notes),
            articles=tuple(_printed(article) for article in document.articles),
        )
        for document in changed_documents(comparison, reasons)
    ]
    return render_to_string(
        "standards/exports/comparison_pdf.html",
        {
            "title": comparison_title(comparison),
            "old_version": comparison.old.version,
            "new_version": comparison.new.version,
            "summary": comparison_summary(comparison),
            "documents": documents,
        },
    )


def comparison_to_pdf(comparison: ReleaseComparison, reasons: Reasons | None = None) -> bytes:
    """The changed articles of ``comparison`` with their redlines, as a tagged A4 PDF."""
    return _pdf(comparison_pdf_html(comparison, reasons))


def release_to_pdf(
    release: Release, articles_by_document: Mapping[DocumentVersion, Sequence[ArticleVersion]]
) -> bytes:
    """A release as PDF: its documents and articles, optional articles headed "(optioneel)"."""
    documents = [
        (
            document.title,
            [
                (
                    _with_notes(
                        f"{article.label} {article.title}".strip(),
                        (_("optioneel"),) if article.is_optional else (),
                    ),
                    article.text,
                )
                for article in articles
            ],
        )
        for document, articles in articles_by_document.items()
    ]
    html = render_to_string(
        "standards/exports/release_pdf.html",
        {
            "title": _("%(standard)s versie %(version)s")
            % {"standard": release.standard.name, "version": release.version},
            "release": release,
            "documents": documents,
        },
    )
    return _pdf(html)


def _pdf(html: str) -> bytes:
    return HTML(string=html).write_pdf(pdf_tags=True)


def _printed(article: ExportedArticle) -> _PrintedArticle:
    notes = f" ({'; '.join(article.notes)})" if article.notes else ""
    heading = format_html("{} {}{}", article.label, mark_safe(article.title.html), notes)
    # The engine escapes all text; only its <del>/<ins> are markup.
    text = mark_safe(article.change.redline.html) if article.shows_text else None
    return _PrintedArticle(heading=heading, text=text, reason=reason_text(article))


def _with_notes(text: str, notes: Sequence[str]) -> str:
    return f"{text} ({'; '.join(notes)})" if notes else text
