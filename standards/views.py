"""Public pages of the catalogue: standards, releases, documents and articles.

Views only read (through selectors) and render; URLs use the standard's slug, the version and,
for articles, the document's slug and the article's number, and keep working for old versions.
"""

from collections import defaultdict
from itertools import pairwise

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from standards import selectors
from standards.exceptions import InvalidVersion
from standards.models import Article, ArticleVersion, DocumentVersion, Release, Standard


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """The breadcrumb trail, starting at the list of standards."""
    return [(_("Standaarden"), reverse("standards:standard_list")), *items]


def _release_crumbs(release: Release) -> list[tuple[str, str | None]]:
    return _crumbs(
        (release.standard.name, release.standard.get_absolute_url()),
        (_("Versie %s") % release.version, release.get_absolute_url()),
    )


def _release_or_404(standard: str, version: str) -> Release:
    try:
        return selectors.release_get(standard_slug=standard, version=version)
    except (Release.DoesNotExist, InvalidVersion) as error:
        raise Http404(_("Deze versie bestaat niet.")) from error


def standard_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "standards/standard_list.html", {"overviews": selectors.standard_overviews()}
    )


def standard_detail(request: HttpRequest, standard: str) -> HttpResponse:
    standard_obj = get_object_or_404(Standard, slug=standard)
    releases = list(selectors.releases_of(standard_obj))
    current = selectors.latest_published_release(standard_obj)
    upcoming = selectors.open_release(standard_obj)
    shown = current or upcoming
    documents = []
    if shown is not None:
        articles_by_document = defaultdict(list)
        for article in selectors.release_articles(shown):
            articles_by_document[article.document_id].append(article)
        documents = [
            (document, selectors.group_by_chapter(articles_by_document[document.document_id]))
            for document in selectors.release_documents(shown)
        ]
    return render(
        request,
        "standards/standard_detail.html",
        {
            "standard": standard_obj,
            "releases": releases,
            "current": current,
            "upcoming": upcoming,
            "shown": shown,
            "documents": documents,
            "crumbs": _crumbs((standard_obj.name, None)),
        },
    )


def release_detail(request: HttpRequest, standard: str, version: str) -> HttpResponse:
    release = _release_or_404(standard, version)
    return render(
        request,
        "standards/release_detail.html",
        {
            "release": release,
            "standard": release.standard,
            "documents": selectors.release_documents(release),
            "front_matter": release.front_matter.order_by("position"),
            "current": selectors.latest_published_release(release.standard),
            "crumbs": [*_release_crumbs(release)[:-1], (_("Versie %s") % release.version, None)],
        },
    )


def document_detail(
    request: HttpRequest, standard: str, version: str, document: str
) -> HttpResponse:
    release = _release_or_404(standard, version)
    document_version = get_object_or_404(
        DocumentVersion.objects.select_related("document"), release=release, document__slug=document
    )
    articles = selectors.release_articles(release, document_id=document_version.document_id)
    return render(
        request,
        "standards/document_detail.html",
        {
            "release": release,
            "standard": release.standard,
            "document_version": document_version,
            "chapters": selectors.group_by_chapter(articles),
            "current": selectors.latest_published_release(release.standard),
            "crumbs": [*_release_crumbs(release), (document_version.title, None)],
        },
    )


def article_detail(
    request: HttpRequest, standard: str, version: str, document: str, number: str
) -> HttpResponse:
    release = _release_or_404(standard, version)
    try:
        article_version = selectors.article_version_get(
            release=release, document_slug=document, number=number
        )
    except ArticleVersion.DoesNotExist as error:
        raise Http404(_("Dit artikel bestaat niet in deze versie.")) from error
    document_version = DocumentVersion.objects.select_related("document", "release__standard").get(
        release=release, document=article_version.document
    )
    history = list(selectors.article_history(article_version.article))
    current = selectors.latest_published_release(release.standard)
    in_current = next((v for v in history if current and v.release_id == current.pk), None)
    changes = [
        "first",
        *(
            "unchanged" if later.content_hash == earlier.content_hash else "changed"
            for earlier, later in pairwise(history)
        ),
    ]
    return render(
        request,
        "standards/article_detail.html",
        {
            "release": release,
            "standard": release.standard,
            "article_version": article_version,
            "history": list(zip(history, changes, strict=True)),
            "current": current,
            "in_current": in_current,
            "crumbs": [
                *_release_crumbs(release),
                (document_version.title, document_version.get_absolute_url()),
                (f"{article_version.label} {article_version.title}", None),
            ],
        },
    )


def article_identity(request: HttpRequest, key: str) -> HttpResponse:
    """A lasting link to an article: its text in the newest release that contains it."""
    article = get_object_or_404(Article, key=key)
    versions = list(selectors.article_history(article))
    if not versions:
        raise Http404(_("Dit artikel komt in geen enkele versie voor."))
    return redirect(versions[-1])
