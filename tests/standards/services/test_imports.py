"""Importing releases: first import, identity-keeping second import, refusals, command, admin."""

from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

import pytest

from accounts.roles import Role
from standards.constants import DocumentKind, FrontMatterKind
from standards.importers.matching import MatchKind
from standards.importers.parsed import ImportAmbiguity
from standards.importers.sources import parse_source
from standards.models import Article, ArticleVersion, Release, Standard
from standards.services.imports import (
    ImportNotAccepted,
    ReleaseAlreadyExists,
    release_import,
    release_import_plan,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "standards" / "importers" / "fixtures"
JEUGD = ROOT / "demo" / "content" / "cs-jeugd"


def _source(path: Path):
    return parse_source(path.name, path.read_bytes())


def _import(standard: Standard, version: str, path: Path, *, accepted: bool = True) -> Release:
    plan = release_import_plan(standard=standard, version=version, sources=[_source(path)])
    return release_import(plan=plan, by=None, accepted=accepted)


def _by_number(release: Release, document: str) -> dict[str, ArticleVersion]:
    return {v.number: v for v in release.article_versions.filter(document__slug=document)}


def test_first_import_creates_documents_articles_and_front_matter():
    """The fixture agreement becomes deel 1/2/3 with its articles; front matter is kept apart."""
    standard = Standard(slug="cs-proef", name="CS Proef")
    release = _import(standard, "0.9", FIXTURES / "overeenkomst-proef.md", accepted=False)
    assert release.state == "draft"
    kinds = dict(release.document_versions.values_list("document__slug", "document__kind"))
    assert kinds == {
        "deel-1": DocumentKind.OVEREENKOMST_DEEL_1,
        "deel-2": DocumentKind.OVEREENKOMST_DEEL_2,
        "deel-3": DocumentKind.OVEREENKOMST_DEEL_3,
    }
    deel_1 = _by_number(release, "deel-1")
    assert list(deel_1) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.n"]
    assert deel_1["1.4"].is_optional and not deel_1["1.1"].is_optional
    assert list(_by_number(release, "deel-3")) == ["3.1", "3.2", "3.3", "3.4"]
    assert Article.objects.filter(standard=release.standard).count() == 12
    front = set(release.front_matter.values_list("kind", flat=True))
    assert {
        FrontMatterKind.PARTIES,
        FrontMatterKind.CONSIDERATIONS,
        FrontMatterKind.DEFINITIONS,
    } <= front
    assert not release.article_versions.filter(title__in=["Partijen", "Definities"]).exists()
    for version in release.article_versions.all():
        assert len(version.content_hash) == 64


def test_second_import_keeps_identities_of_renumbered_edited_and_retitled_articles():
    """CS Jeugd 1.0 → 1.1 (demo/content/CHANGES.md): identities follow the articles."""
    standard = Standard(slug="cs-jeugd", name="CS Jeugd")
    old = _import(standard, "1.0", JEUGD / "1.0" / "overeenkomst.md")
    new = _import(Standard.objects.get(slug="cs-jeugd"), "1.1", JEUGD / "1.1" / "overeenkomst.md")
    old1, new1 = _by_number(old, "deel-1"), _by_number(new, "deel-1")
    old3, new3 = _by_number(old, "deel-3"), _by_number(new, "deel-3")
    # renumbered, text identical
    assert new1["1.6"].article_id == old1["1.7"].article_id
    assert new3["3.9"].article_id == old3["3.8"].article_id
    assert new3["3.20"].article_id == old3["3.19"].article_id
    # edited text, same number
    assert new1["1.3"].article_id == old1["1.3"].article_id
    assert new1["1.3"].content_hash != old1["1.3"].content_hash
    # renumbered and retitled
    assert new3["3.15"].article_id == old3["3.14"].article_id
    assert new3["3.15"].title == "Onverschuldigde betaling en terugvordering"
    # fixed → optional
    assert new1["1.4"].article_id == old1["1.4"].article_id and new1["1.4"].is_optional
    # new article, removed article
    old_ids = {v.article_id for v in old.article_versions.all()}
    new_ids = {v.article_id for v in new.article_versions.all()}
    assert new3["3.8"].article_id not in old_ids
    assert old1["1.5"].article_id not in new_ids
    assert new.based_on == old


def test_the_plan_reports_the_matching_before_anything_is_written():
    standard = Standard(slug="cs-jeugd", name="CS Jeugd")
    _import(standard, "1.0", JEUGD / "1.0" / "overeenkomst.md")
    standard = Standard.objects.get(slug="cs-jeugd")
    before = ArticleVersion.objects.count()
    plan = release_import_plan(
        standard=standard, version="1.1", sources=[_source(JEUGD / "1.1" / "overeenkomst.md")]
    )
    assert plan.requires_confirmation
    assert plan.count(MatchKind.NEW) == 1 and plan.count(MatchKind.REMOVED) == 1
    report = "\n".join(plan.report())
    assert "1 nieuw, 1 vervallen" in report
    assert "hernummerd: deel-3 3.8 → deel-3 3.9" in report
    assert ArticleVersion.objects.count() == before


def test_unaccepted_matching_writes_nothing():
    """Without acceptance the second import is refused and the database is unchanged."""
    standard = Standard(slug="cs-jeugd", name="CS Jeugd")
    _import(standard, "1.0", JEUGD / "1.0" / "overeenkomst.md")
    counts = (Release.objects.count(), ArticleVersion.objects.count(), Article.objects.count())
    with pytest.raises(ImportNotAccepted):
        _import(
            Standard.objects.get(slug="cs-jeugd"),
            "1.1",
            JEUGD / "1.1" / "overeenkomst.md",
            accepted=False,
        )
    assert (
        Release.objects.count(),
        ArticleVersion.objects.count(),
        Article.objects.count(),
    ) == counts


def test_importing_an_existing_version_is_refused():
    standard = Standard(slug="cs-jeugd", name="CS Jeugd")
    _import(standard, "1.0", JEUGD / "1.0" / "overeenkomst.md")
    with pytest.raises(ReleaseAlreadyExists):
        _import(Standard.objects.get(slug="cs-jeugd"), "1.0", JEUGD / "1.0" / "overeenkomst.md")


def test_ambiguous_source_is_refused_before_anything_is_written():
    with pytest.raises(ImportAmbiguity):
        _source(FIXTURES / "kapot-dubbel-artikel.md")
    assert not Release.objects.exists()


def test_command_previews_without_yes_and_commits_with_yes(capsys):
    """`import_release` prints the report; the second version is only written with --yes."""
    call_command(
        "import_release",
        "cs-jeugd",
        "1.0",
        str(JEUGD / "1.0" / "overeenkomst.md"),
        "--name",
        "CS Jeugd",
        "--publish",
        "--published-on",
        "2024-09-16",
        "--effective-on",
        "2025-01-01",
    )
    first = Release.objects.get()
    assert first.state == "published"
    assert str(first.implementation_deadline) == "2025-03-16"
    call_command("import_release", "cs-jeugd", "1.1", str(JEUGD / "1.1" / "overeenkomst.md"))
    output = capsys.readouterr().out
    assert "Niets vastgelegd" in output and "Koppeling met versie 1.0" in output
    assert Release.objects.count() == 1
    call_command(
        "import_release", "cs-jeugd", "1.1", str(JEUGD / "1.1" / "overeenkomst.md"), "--yes"
    )
    assert Release.objects.count() == 2


def test_admin_import_previews_then_commits_on_confirm(client):
    """Upload shows the report and writes nothing; confirming writes the draft release."""
    manager = UserFactory(username="rm", is_staff=True, roles=[Role.RELEASE_MANAGER])
    client.force_login(manager)
    url = reverse("admin:standards_release_import")
    with open(JEUGD / "1.0" / "overeenkomst.md", "rb") as upload:
        response = client.post(
            url,
            {
                "new_standard_slug": "cs-jeugd",
                "new_standard_name": "CS Jeugd",
                "version": "1.0",
                "files": upload,
            },
        )
    assert response.status_code == 200
    assert "Importverslag" in response.content.decode()
    assert not Release.objects.exists()
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    release = Release.objects.get()
    assert release.standard.name == "CS Jeugd"
    assert release.article_versions.filter(document__slug="deel-3").count() == 19
    assert release.history.first().history_user == manager


def test_admin_import_refused_without_the_role(client):
    clerk = UserFactory(username="lezer", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("admin:standards_release_import")).status_code == 403
