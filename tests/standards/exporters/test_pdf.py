"""PDF exports: the changed articles with the page's redline look, titled and paginated.

The text of the PDF is read back with ``pdftotext`` and its first page drawn with ``pdftoppm``
(both poppler-utils), so the tests check what a reader sees, not only the HTML it came from.
"""

import io
import re
import shutil
import subprocess
import time

import pytest
from PIL import Image

from standards.change_reasons import ChangeReason
from standards.comparison import ArticleChangeKind
from standards.exporters.pdf import comparison_pdf_html, comparison_to_pdf, release_to_pdf
from standards.models import ArticleVersion, DocumentVersion
from tests.conftest import require
from tests.standards.exporters.conftest import (
    IDENTITY,
    NEW_ARTICLES,
    OLD_ARTICLES,
    comparison_between,
    releases_with,
)

pytestmark = pytest.mark.django_db

POPPLER = "poppler-utils not installed (apt-get install poppler-utils)"


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, as pdftotext reads it."""
    require(shutil.which("pdftotext") is not None, POPPLER)
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode().split("\f")[:-1]


def pdf_info(data: bytes) -> dict[str, str]:
    require(shutil.which("pdfinfo") is not None, POPPLER)
    result = subprocess.run(
        ["pdfinfo", "-"], input=data, capture_output=True, check=True, timeout=60
    )
    lines = result.stdout.decode().splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def first_page_image(data: bytes) -> Image.Image:
    require(shutil.which("pdftoppm") is not None, POPPLER)
    result = subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", "-f", "1", "-l", "1", "-"],
        input=data,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return Image.open(io.BytesIO(result.stdout)).convert("RGB")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_shows_the_changed_articles_with_title_and_page_numbers(comparison):
    """Title, the document, each changed article's heading in reading order, the changed words
    of both sides, and "Pagina n van N" on every page; the unchanged 3.1 is left out."""
    data = comparison_to_pdf(comparison)
    assert data.startswith(b"%PDF-")
    pages = pdf_pages(data)
    assert pages
    text = flat(" ".join(pages))
    assert text.startswith("Vergelijking CS Hulpmiddelen versie 1.0 met versie 1.1")
    assert "Alleen gewijzigde artikelen" in text
    headings = [
        "Deel 3: Generiek",
        "Artikel 3.2 Indexering",
        "Artikel 3.3 Levertermijnen",
        "Artikel 3.4 Eigendom en bruikleen van hulpmiddelen",
        "Artikel 3.5 Storingsdienst (nieuw)",
        "Artikel 3.6 Reparatie",
        "Artikel 3.8 Herverstrekking (was 3.7)",
        "Artikel 3.5 Garantietermijn (vervallen)",
    ]
    positions = [text.find(heading) for heading in headings if heading != headings[3]]
    assert -1 not in positions and positions == sorted(positions)
    # The retitled heading shows both titles, the old words struck through.
    assert "Artikel 3.4 Eigendom en bruikleen van hulpmiddelen" in text
    assert "Artikel 3.1 Levering" not in text
    assert re.search(r"\| Traplift \| 30 ?25 werkdagen \|", text)
    assert "De garantietermijn is twaalf maanden." in text
    for number, page in enumerate(pages, start=1):
        assert f"Pagina {number} van {len(pages)}" in flat(page)


def test_the_pdf_is_a_tagged_a4_document_with_its_title(comparison):
    """Screen readers get the structure (a tagged PDF); viewers show the title, not a file name."""
    info = pdf_info(comparison_to_pdf(comparison))
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Vergelijking CS Hulpmiddelen versie 1.0 met versie 1.1"
    assert info["Page size"].endswith("(A4)")


def test_the_redline_is_red_and_green_like_on_the_page(comparison):
    """Deleted words are drawn in the page's red, inserted words in its green."""
    image = first_page_image(comparison_to_pdf(comparison))
    colours = {colour for _count, colour in image.getcolors(maxcolors=1_000_000)}

    def near(target):
        return any(
            all(abs(a - b) <= 40 for a, b in zip(colour, target, strict=True)) for colour in colours
        )

    assert near((0x8A, 0x10, 0x20)), "no red deletion on page 1"
    assert near((0x0B, 0x5A, 0x16)), "no green insertion on page 1"


def test_the_html_escapes_article_text_and_marks_only_the_changes():
    """Text that looks like markup is shown, never interpreted; <del>/<ins> are the only tags
    inside a redline."""
    old, new = releases_with(
        [("3.1", "Levering <b>", "Zie <script>alert(1)</script> & meer.")],
        [("3.1", "Levering <b>", "Zie <script>alert(2)</script> & meer.")],
        {0: 0},
    )
    html = comparison_pdf_html(comparison_between(old, new))
    assert "<script>" not in html and "<b>" not in html
    redline = re.search(r'<div class="cs-redline" lang="nl">(.*?)</div>', html, re.DOTALL)[1]
    assert redline == "Zie &lt;script&gt;alert(<del>1</del><ins>2</ins>)&lt;/script&gt; &amp; meer."
    assert html.count("<h1>") == 1


def test_a_comparison_without_changes_says_so():
    old, new = releases_with(
        [("3.1", "Levering", "Zelfde.")], [("3.1", "Levering", "Zelfde.")], {0: 0}
    )
    text = flat(" ".join(pdf_pages(comparison_to_pdf(comparison_between(old, new)))))
    assert "Geen artikelen gewijzigd." in text


def test_export_runs_no_queries_of_its_own(comparison, django_assert_num_queries):
    with django_assert_num_queries(0):
        comparison_to_pdf(comparison)


def test_a_release_prints_with_its_tables_and_optional_articles_marked():
    """A release without changes: every article, Markdown rendered (a table is a table, not
    pipes), optional articles headed "(optioneel)"."""
    _old, release = releases_with(OLD_ARTICLES, NEW_ARTICLES, IDENTITY)
    articles = list(
        ArticleVersion.objects.filter(release=release)
        .select_related("document")
        .order_by("position")
    )
    articles[4].is_optional = True  # in memory: a published release cannot be changed
    document = DocumentVersion.objects.get(release=release)
    text = flat(" ".join(pdf_pages(release_to_pdf(release, {document: articles}))))
    assert text.startswith("CS Hulpmiddelen versie 1.1")
    assert "Artikel 3.5 Storingsdienst (optioneel)" in text
    assert "Artikel 3.8 Herverstrekking" in text
    assert "Traplift 25 werkdagen" in text and "|" not in text


def test_two_hundred_changed_articles_print_in_reasonable_time():
    """A release that touches 200 articles lays out in seconds, not minutes."""
    body = "{n}. Opdrachtnemer levert binnen {days} werkdagen.\n\nDe cliënt tekent.\n\n{extra}"
    old_articles = [
        (f"3.{n}", f"Artikel {n}", body.format(n=n, days=5, extra="Slot.")) for n in range(1, 201)
    ]
    new_articles = [
        (f"3.{n}", f"Artikel {n}", body.format(n=n, days=3, extra="Slot met een nieuwe zin."))
        for n in range(1, 201)
    ]
    comparison = comparison_between(
        *releases_with(old_articles, new_articles, {n: n for n in range(200)})
    )
    assert comparison.counts[ArticleChangeKind.CHANGED] == 200
    started = time.process_time()
    data = comparison_to_pdf(comparison)
    elapsed = time.process_time() - started
    pages = pdf_pages(data)
    assert "Artikel 3.200 Artikel 200" in flat(pages[-1])
    assert elapsed < 60, elapsed


def test_each_article_names_its_reason(comparison):
    """ "Reden:" under every heading: the change requests given, or "redactioneel"."""
    repair = next(c for c in comparison.changes if c.label == "Artikel 3.6")
    reasons = {repair.article.pk: (ChangeReason("WV-2026-0007", "Snellere reparatie", "/x/"),)}
    text = flat(" ".join(pdf_pages(comparison_to_pdf(comparison, reasons))))
    assert "Artikel 3.6 Reparatie Reden: WV-2026-0007 Snellere reparatie" in text
    assert "Reden: redactioneel" in text
    assert text.count("Reden: ") == len(comparison.changes)
