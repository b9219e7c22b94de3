"""The published CS Wmo 2015 version 1.2 (../shared/data) imports with every article in place."""

from django.conf import settings
from django.core.management import call_command

import pytest

from standards.models import Release
from tests.conftest import require

pytestmark = [pytest.mark.realdata, pytest.mark.django_db]

FILES = [
    "Overeenkomst-Wmo-versie-1_2.md",
    "Inkoopdocument-Wmo-met-Emvi.md",
    "Inkoopdocument-Wmo-zonder-Emvi.md",
    "Inkoopdocument-Wmo-Toelatingsprocedure.md",
    "Begrippenlijst_CS.md",
]


@pytest.fixture
def cs_wmo_folder():
    folder = settings.SHARED_DATA_DIR / "cs-wmo-1.2"
    require(folder.is_dir(), f"the published documents are not at {folder} (../shared/data)")
    return folder


def test_cs_wmo_1_2_imports_and_publishes(cs_wmo_folder, capsys):
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
    )
    release = Release.objects.get(standard__slug="cs-wmo-2015")
    numbers = {
        slug: list(
            release.article_versions.filter(document__slug=slug)
            .order_by("position")
            .values_list("number", flat=True)
        )
        for slug in ("deel-1", "deel-2", "deel-3")
    }
    assert numbers["deel-1"] == [f"1.{n}" for n in range(1, 10)] + ["1.n"]
    assert numbers["deel-2"] == []
    assert numbers["deel-3"] == [f"3.{n}" for n in range(1, 32)]
    art_3_30 = release.article_versions.get(document__slug="deel-3", number="3.30")
    assert art_3_30.title == "Wijziging van de contractstandaard"
    assert art_3_30.chapter.startswith("Hoofdstuk 7")
    assert "6 kalendermaanden" in art_3_30.text or "zes kalendermaanden" in art_3_30.text
    assert release.document_versions.count() == 3 + 3 + 1
    assert release.state == "published"
    assert str(release.implementation_deadline) == "2026-04-01"
    report = capsys.readouterr().out
    assert "Eerste versie van deze standaard" in report
