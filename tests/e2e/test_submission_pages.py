"""Filing a change request in headless Chromium with the demo data: live redline preview, the
form with errors, the page after filing; axe-core on each."""

import re

from django.core.management import call_command

import pytest
from playwright.sync_api import Page, expect

from governance.constants import ChangeRequestState
from governance.models import ChangeRequest
from standards.models import Release
from tests.e2e.axe import assert_accessible
from tests.factories import change_request_in_state

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTICLE = "/standaarden/cs-hulpmiddelen-wmo-2015/versies/1.2/deel-3/3.4/"


@pytest.fixture
def demo(live_server):
    call_command("load_demo_data")
    return live_server


def _open_form(page: Page, demo) -> None:
    page.goto(demo.url + ARTICLE)
    page.get_by_role("link", name="Wijzigingsverzoek indienen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wijzigingsverzoek indienen")


def test_filing_a_change_request_with_live_preview(page: Page, demo):
    """From the article: the preview shows the edit while typing, a similar request appears when
    typing the title, and filing lands on the page that says to check the mail."""
    draft = Release.objects.get(standard__slug="cs-hulpmiddelen-wmo-2015", state="draft")
    lookalike = change_request_in_state(
        ChangeRequestState.INTAKE,
        release=draft,
        article_version=draft.article_versions.get(document__slug="deel-3", number="3.1"),
        title="Spoedlevering van hulpmiddelen regelen",
    )
    _open_form(page, demo)
    expect(page.get_by_text("dient u in uiterlijk 31 december 2026 om 23:59")).to_be_visible()

    text = page.get_by_label("Voorgestelde tekst")
    text.click()
    text.press("Control+End")
    text.press_sequentially(" Spoedleveringen binnen 24 uur.", delay=10)
    preview = page.locator("#cs-cr-preview")
    expect(preview.locator("ins")).to_contain_text("Spoedleveringen", timeout=5_000)

    page.get_by_label("Titel van uw verzoek").press_sequentially("Spoedlevering regelen", delay=10)
    similar = page.locator("#cs-cr-similar")
    expect(similar).to_contain_text(f"Lijkt op {lookalike.number}", timeout=5_000)
    page.get_by_label("Motivering").fill("Na ontslag uit het ziekenhuis is snelheid nodig.")
    page.get_by_label("Inhoudelijk, verenigbaar met bestaande afspraken").check()
    page.get_by_label("Samenvatting in gewone taal").fill("Snellere levering in spoedgevallen.")
    page.get_by_label("Uw naam").fill("Fatima de Vries")
    page.get_by_label("Uw e-mailadres").fill("fatima@gemeente-voorbeeld.nl")
    page.get_by_label("Organisatie", exact=True).fill("Gemeente Voorbeeld")
    page.get_by_label("Soort organisatie").select_option("gemeente")
    assert_accessible(page, "submission-form")

    page.get_by_role("button", name="Wijzigingsverzoek indienen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw wijzigingsverzoek is ontvangen")
    expect(page.get_by_role("heading", name="Controleer uw e-mail")).to_be_visible()
    change_request = ChangeRequest.objects.get(title="Spoedlevering regelen")
    assert change_request.state == ChangeRequestState.SUBMITTED
    assert change_request.proposed_text.endswith("Spoedleveringen binnen 24 uur.")
    expect(page.get_by_text(change_request.number)).to_be_visible()
    assert_accessible(page, "submission-received")


def test_form_with_errors_keeps_what_was_typed(page: Page, demo):
    """Submitting without a title and with a bad address: messages next to the fields and in the
    summary, everything typed still there, nothing stored."""
    stored = ChangeRequest.objects.count()
    _open_form(page, demo)
    page.get_by_label("Motivering").fill("Te lange levertermijn.")
    page.get_by_label("Uw e-mailadres").fill("geen-adres")
    page.get_by_role("button", name="Wijzigingsverzoek indienen").click()

    expect(page.get_by_role("heading", name="Er ging iets mis")).to_be_visible()
    expect(page.locator("#id_title_error")).to_have_text("Geef een titel.")
    expect(page.locator("#id_submitter_email_error")).to_contain_text("Geef een geldig e-mailadres")
    expect(page.get_by_label("Motivering")).to_have_value("Te lange levertermijn.")
    expect(page.get_by_label("Uw e-mailadres")).to_have_value("geen-adres")
    expect(page).to_have_url(re.compile(r"/wijzigingsverzoek/$"))
    assert ChangeRequest.objects.count() == stored
    assert_accessible(page, "submission-form-errors")
