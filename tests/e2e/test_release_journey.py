"""Issue 4's journey in a real browser, on the demo: from two scheduled requests to a published
release whose comparison names them.

The release manager opens *Versiebeheer*, sees the two requests on article 3.8 of CS
Hulpmiddelen 1.2 together in the conflict overview, applies the first (clean) and the second
(the draft changed since it was written: three texts, the merged proposal prefilled), freezes,
records the adoption and publishes. The comparison 1.1 → 1.2 then lists article 3.8 as changed
by both requests, in the summary and the was-wordt table, and downloads as Word and PDF with the
request numbers in them. axe-core checks every page on the way and saves its screenshot.
"""

import datetime
import io
import re
import zipfile
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from governance.constants import Application
from governance.constants import ChangeRequestState as S
from governance.models import ChangeRequest
from standards.constants import ReleaseState
from standards.models import Release
from tests.e2e.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text(f"Ingelogd als {username}")).to_be_visible()


def test_scheduled_requests_are_applied_published_and_named_in_the_comparison(
    page: Page, live_server
):
    call_command("load_demo_data")
    first, second = ChangeRequest.objects.filter(state=S.SCHEDULED).order_by("sequence")
    base = live_server.url
    log_in(page, base, "releasemanager")

    # The release under construction, with both requests and their combined result.
    page.get_by_role("link", name="Versiebeheer").click()
    assert_accessible(page, "release-list")
    page.get_by_role("link", name="CS Hulpmiddelen Wmo 2015 versie 1.2").click()
    expect(page.get_by_role("heading", name="Artikelen met meer dan één verzoek")).to_be_visible()
    expect(page.locator(".cs-conflict")).to_contain_text("Past samen")
    assert_accessible(page, "release-manage-draft")

    # The first applies cleanly.
    page.get_by_role("link", name=f"{first.number} verwerken").click()
    page.get_by_role("button", name="Verwerken in het concept").click()
    expect(page.locator(".cs-cr-state").first).to_have_text("Verwerkt in concept")

    # The second was written against the text before the first: three texts, merged proposal.
    page.goto(base + reverse("governance:release_manage", args=["cs-hulpmiddelen-wmo-2015", "1.2"]))
    page.get_by_role("link", name=f"{second.number} verwerken").click()
    page.get_by_role("button", name="Verwerken in het concept").click()
    expect(page.get_by_role("heading", name="Drie teksten naast elkaar")).to_be_visible()
    expect(
        page.get_by_role(
            "heading", name="Samengevoegd: de wijziging van het verzoek in de tekst van nu"
        )
    ).to_be_visible()
    resolution = page.get_by_label("Tekst na verwerking").input_value()
    assert "van 8.00 tot 18.00 uur" in resolution  # the first request, already in the draft
    assert "Hij stuurt dit overzicht ieder kwartaal aan Opdrachtgever." in resolution
    assert_accessible(page, "release-apply-merged")
    page.get_by_role("button", name="Verwerken in het concept").click()
    expect(page.locator(".cs-cr-state").first).to_have_text("Verwerkt in concept")
    second.refresh_from_db()
    assert second.application == Application.MANUAL

    # Freeze, adopt, publish.
    page.goto(base + reverse("governance:release_manage", args=["cs-hulpmiddelen-wmo-2015", "1.2"]))
    expect(page.locator(".cs-conflict li", has_text="Al verwerkt in het concept")).to_have_count(2)
    page.get_by_role("button", name="Versie bevriezen").click()
    expect(page.get_by_text("Versie 1.2 is bevroren")).to_be_visible()
    page.get_by_label("Besluit").fill("Besluit van de stuurgroep, agendapunt 4.")
    assert_accessible(page, "release-manage-frozen")
    page.get_by_role("button", name="Vaststelling vastleggen").click()
    expect(page.get_by_text("Versie 1.2 is vastgesteld")).to_be_visible()
    today = timezone.localdate()
    effective = datetime.date(today.year + 1, 1, 1)
    page.get_by_label("Ingangsdatum").fill(effective.isoformat())
    expect(page.get_by_text("Deze versie bevat 2 inhoudelijke wijzigingen")).to_be_visible()
    assert_accessible(page, "release-manage-adopted")
    page.get_by_role("button", name="Versie publiceren").click()
    expect(page.get_by_text("Versie 1.2 is gepubliceerd")).to_be_visible()
    assert_accessible(page, "release-manage-published")
    release = Release.objects.get(standard__slug="cs-hulpmiddelen-wmo-2015", version_minor=2)
    assert release.state == ReleaseState.PUBLISHED
    assert release.effective_on == effective
    assert {cr.state for cr in ChangeRequest.objects.filter(pk__in=[first.pk, second.pk])} == {
        S.RELEASED
    }

    # The comparison names both requests, linked to their pages.
    page.get_by_role("link", name="Wat verandert ten opzichte van versie 1.1").click()
    summary = page.locator(".cs-compare-document").filter(has_text="Artikel 3.8")
    expect(summary.get_by_role("link", name=first.number)).to_be_visible()
    expect(summary.get_by_role("link", name=second.number)).to_be_visible()
    assert_accessible(page, "release-compare-reasons")
    page.get_by_role("link", name="Was-wordt-tabel").click()
    row = page.locator("tr", has_text="Storingsdienst en bereikbaarheid")
    expect(row.locator(".cs-was-wordt__reason")).to_contain_text(first.number)
    expect(row.locator(".cs-was-wordt__reason")).to_contain_text(second.number)
    assert_accessible(page, "release-compare-was-wordt-reasons")
    row.get_by_role("link", name=second.number).click()
    expect(page.locator(".cs-cr-state").first).to_have_text("Gepubliceerd in versie")

    # Word (tracked changes) and PDF of the comparison carry the reasons too.
    page.go_back()
    with page.expect_download() as word:
        page.get_by_role("link", name=re.compile("Word met wijzigingen bijhouden")).click()
    with zipfile.ZipFile(io.BytesIO(Path(word.value.path()).read_bytes())) as docx:
        document = docx.read("word/document.xml").decode()
    assert first.number in document and second.number in document
    assert "<w:ins " in document and "<w:del " in document
    with page.expect_download() as pdf:
        page.get_by_role("link", name=re.compile("^PDF")).click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF-")
