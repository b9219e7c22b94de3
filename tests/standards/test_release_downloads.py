"""A release downloads as a clean Word document and as PDF, linked from its page."""

from django.urls import reverse

import pytest

from standards.constants import ReleaseState
from standards.exporters.docx import DOCX_CONTENT_TYPE
from standards.exporters.pdf import PDF_CONTENT_TYPE
from tests.factories import release_with_articles

pytestmark = pytest.mark.django_db


def download_url(release, export: str) -> str:
    return reverse(
        "standards:release_download",
        kwargs={"standard": release.standard.slug, "version": release.version, "export": export},
    )


@pytest.mark.parametrize(
    ("export", "content_type", "magic"),
    [("word", DOCX_CONTENT_TYPE, b"PK"), ("pdf", PDF_CONTENT_TYPE, b"%PDF")],
)
def test_a_published_release_downloads_from_its_page(client, export, content_type, magic):
    """The release page links both files; a published release's file may be cached."""
    release = release_with_articles(version="1.1", articles=[("3.1", "Levering", "Binnen 5.")])
    assert download_url(release, export) in client.get(release.get_absolute_url()).content.decode()

    response = client.get(download_url(release, export))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(magic)
    suffix = "docx" if export == "word" else "pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{release.standard.slug}-1.1.{suffix}"'
    )
    assert response["Cache-Control"] == "public, max-age=86400"


def test_a_draft_downloads_without_caching_and_unknown_formats_are_not_found(client):
    """A draft still changes, so its file is not cached; only the listed formats exist."""
    draft = release_with_articles(version="1.2", state=ReleaseState.DRAFT)

    response = client.get(download_url(draft, "word"))

    assert response.status_code == 200
    assert "Cache-Control" not in response
    assert client.get(download_url(draft, "xls")).status_code == 404
    assert client.get(download_url(draft, "word").replace("1.2", "9.9")).status_code == 404
