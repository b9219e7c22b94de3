"""The API's contract with the real CS Wmo 2015 version 1.2 (../shared/data), as published.

The release comes over the API with every article the database holds for it and its whole
text; revalidating with its ETag costs one query and no body; and a draft copy with one article
edited compares with it as exactly that one change, with a redline that rebuilds both texts.
"""

import io

from django.core.cache import cache
from django.core.management import call_command

import pytest

from api.caching import LONG_CACHE
from standards.models import Release
from standards.services.articles import article_version_revise
from standards.services.releases import release_create_draft
from tests.realdata.test_import_cs_wmo_1_2 import FILES, cs_wmo_folder  # noqa: F401 (fixture)

pytestmark = [pytest.mark.realdata, pytest.mark.django_db]

URL = "/api/v1/standards/cs-wmo-2015/releases/1.2"


@pytest.fixture
def cs_wmo_1_2(cs_wmo_folder):  # noqa: F811 (the imported fixture)
    call_command(
        "import_release",
        "cs-wmo-2015",
        "1.2",
        *[str(cs_wmo_folder / name) for name in FILES],
        "--name",
        "CS Wmo 2015",
        "--publish",
        "--published-on",
        "2025-10-01",
        "--effective-on",
        "2026-01-01",
        stdout=io.StringIO(),
    )
    return Release.objects.get(standard__slug="cs-wmo-2015")


def test_the_release_comes_with_every_article_and_its_text(client, cs_wmo_1_2):
    response = client.get(URL)

    assert response.status_code == 200
    body = response.json()
    articles = [article for document in body["documents"] for article in document["articles"]]
    assert len(articles) == cs_wmo_1_2.article_versions.count()
    assert len(body["documents"]) == cs_wmo_1_2.document_versions.count()
    stored = {
        str(version.article.key): version
        for version in cs_wmo_1_2.article_versions.select_related("article")
    }
    assert {article["articleId"] for article in articles} == stored.keys()
    assert all(
        article["text"] == stored[article["articleId"]].text
        and article["contentHash"] == stored[article["articleId"]].content_hash
        for article in articles
    )
    deel_3 = next(document for document in body["documents"] if document["slug"] == "deel-3")
    assert deel_3["deviationPolicy"] == "fixed"
    assert [article["number"] for article in deel_3["articles"]] == [f"3.{n}" for n in range(1, 32)]
    art_3_30 = deel_3["articles"][29]
    assert art_3_30["title"] == "Wijziging van de contractstandaard"
    assert "kalendermaanden" in art_3_30["text"]
    assert body["implementationDeadline"] == "2026-04-01"


def test_revalidating_the_release_costs_one_query(client, cs_wmo_1_2, django_assert_num_queries):
    etag = client.get(URL)["ETag"]
    cache.clear()  # the view's own 304; a kept response (api.caching) needs no query at all

    with django_assert_num_queries(1):
        response = client.get(URL, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["Cache-Control"] == LONG_CACHE


def test_a_draft_with_one_article_edited_compares_as_that_one_change(client, cs_wmo_1_2):
    draft = release_create_draft(standard=cs_wmo_1_2.standard, by=None)
    edited = draft.article_versions.select_related("article").get(
        document__slug="deel-3", number="3.30"
    )
    old_text = edited.text
    new_text = old_text.replace("kalendermaanden", "kalendermaanden (zes)", 1)
    assert new_text != old_text
    article_version_revise(version=edited, text=new_text, by=None, reason="proef")
    edited.refresh_from_db()

    response = client.get(f"{URL}/compare/{draft.version}")

    assert response.status_code == 200
    body = response.json()
    assert body["counts"]["changed"] == 1
    assert body["counts"]["unchanged"] == cs_wmo_1_2.article_versions.count() - 1
    [change] = [change for document in body["documents"] for change in document["changes"]]
    assert change["articleId"] == str(edited.article.key)
    assert change["kind"] == "changed"
    assert (change["old"]["number"], change["new"]["number"]) == ("3.30", "3.30")
    assert "<ins>" in change["redlineHtml"]
    operations = change["operations"]
    assert "".join(op["text"] for op in operations if op["kind"] != "insert") == old_text
    assert "".join(op["text"] for op in operations if op["kind"] != "delete") == edited.text
    assert "ETag" not in response  # the draft can still change
