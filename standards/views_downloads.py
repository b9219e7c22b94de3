"""A release as a file: the clean text of all its documents in Word or PDF.

Files of a published release never change, so they may be cached by browsers and proxies; a
draft's file is made fresh each time.
"""

from collections import defaultdict

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from standards import selectors
from standards.exceptions import InvalidVersion
from standards.exporters.docx import DOCX_CONTENT_TYPE, release_to_docx
from standards.exporters.pdf import PDF_CONTENT_TYPE, release_to_pdf
from standards.models import Release

# export slug -> (file name suffix, content type, renderer)
RELEASE_DOWNLOADS = {
    "word": ("docx", DOCX_CONTENT_TYPE, release_to_docx),
    "pdf": ("pdf", PDF_CONTENT_TYPE, release_to_pdf),
}


def release_download(
    request: HttpRequest, standard: str, version: str, export: str
) -> HttpResponse:
    if export not in RELEASE_DOWNLOADS:
        raise Http404(_("Dit bestandsformaat bestaat niet."))
    try:
        release = selectors.release_get(standard_slug=standard, version=version)
    except (Release.DoesNotExist, InvalidVersion) as error:
        raise Http404(_("Deze versie bestaat niet.")) from error
    articles = defaultdict(list)
    for article in selectors.release_articles(release):
        articles[article.document_id].append(article)
    by_document = {
        document: articles[document.document_id]
        for document in selectors.release_documents(release)
    }
    suffix, content_type, render_file = RELEASE_DOWNLOADS[export]
    response = HttpResponse(render_file(release, by_document), content_type=content_type)
    filename = f"{release.standard.slug}-{release.version}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if release.is_sealed:
        response["Cache-Control"] = "public, max-age=86400"
    return response
