"""The whole journey of a change request in a real browser, with e-mail through a real SMTP server.

An anonymous visitor files a request on an article of the draft release and watches the live
redline; the confirmation link arrives by e-mail (aiosmtpd, via the portal's background task and
Django's SMTP backend); confirming gives the private tracking link. The secretariat sends it to
legal review, the expert team assesses it, the begeleidingsgroep advises, and the steering
secretary puts it on a meeting's agenda and records the approval. axe-core checks every page on
the way (0 violations) and saves a screenshot of it.
"""

import re

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

import pytest
from playwright.sync_api import Page, expect

from governance.constants import ChangeRequestState
from governance.models import ChangeRequest
from tests.e2e.axe import assert_accessible
from tests.e2e.smtp import body_text, start_smtp_server

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTICLE = "/standaarden/cs-hulpmiddelen-wmo-2015/versies/1.2/deel-3/3.4/"
SUBMITTER = "a.jansen@gemeente-voorbeeld.example.nl"
CONFIRMATION_LINK = re.compile(r"https?://\S+/wijzigingsverzoeken/bevestigen/\S+/")


@pytest.fixture
def smtp():
    controller, sink = start_smtp_server()
    yield controller, sink
    controller.stop()


@pytest.fixture
def portal(live_server, smtp):
    controller, _sink = smtp
    call_command("load_demo_data")
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=controller.hostname,
        EMAIL_PORT=controller.port,
        EMAIL_USE_TLS=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        SITE_URL=live_server.url,
    ):
        yield live_server


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text(f"Ingelogd als {username}")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()


def take_step(page: Page, base_url: str, number: str, label: str, name: str) -> None:
    """Open the request's public page, follow an action link, check the step page."""
    page.goto(base_url + reverse("governance:change_request_detail", kwargs={"number": number}))
    page.get_by_role("link", name=label).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(label)
    expect(page.get_by_text(number).first).to_be_visible()
    assert_accessible(page, name)


def test_a_change_request_travels_from_submission_to_approval(page: Page, portal, smtp):
    """Anonymous submission → e-mail confirmation → intake → legal → practical → approved."""
    _controller, mailbox = smtp
    base = portal.url

    # An anonymous visitor files a request on art. 3.4 of the 1.2 draft.
    page.goto(base + ARTICLE)
    page.get_by_role("link", name="Wijzigingsverzoek indienen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wijzigingsverzoek")
    proposed = page.get_by_label("Voorgestelde tekst")
    current = proposed.input_value()
    new = current.replace("maakt een afleverafspraak", "maakt een schriftelijke afleverafspraak", 1)
    assert new != current
    proposed.fill(new)
    expect(page.locator("#cs-cr-preview ins")).to_contain_text("schriftelijke", timeout=10_000)
    page.get_by_label("Titel van uw verzoek").fill("Afleverafspraak schriftelijk vastleggen")
    page.get_by_label("Tekst wijzigen").check()
    page.get_by_label("Motivering").fill(
        "Bij geschillen is nu niet vast te stellen wat is afgesproken."
    )
    page.get_by_label("Niet-inhoudelijk").check()
    page.get_by_label("Samenvatting in gewone taal").fill(
        "De afleverafspraak wordt schriftelijk gemaakt."
    )
    page.get_by_label("Uw naam").fill("A. Jansen")
    page.get_by_label("Uw e-mailadres").fill(SUBMITTER)
    page.get_by_label("Organisatie", exact=True).fill("Gemeente Voorbeeld")
    page.get_by_label("Soort organisatie").select_option(label="Gemeente")
    assert_accessible(page, "journey-1-form-with-preview")
    page.get_by_role("button", name="Wijzigingsverzoek indienen").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "journey-2-received")

    change_request = ChangeRequest.objects.get(submitter_email=SUBMITTER)
    assert change_request.state == ChangeRequestState.SUBMITTED
    number = change_request.number

    # The confirmation link arrives through the real SMTP server.
    message = mailbox.wait_for(SUBMITTER, number)
    link = CONFIRMATION_LINK.search(body_text(message))
    assert link, body_text(message)
    page.goto(link.group(0))
    assert_accessible(page, "journey-3-confirm")
    page.get_by_role("button", name="E-mailadres bevestigen").click()
    expect(page.get_by_text(number).first).to_be_visible()
    assert_accessible(page, "journey-4-tracking")
    change_request.refresh_from_db()
    assert change_request.state == ChangeRequestState.INTAKE
    tracking_mail = mailbox.wait_for(SUBMITTER, "in behandeling")
    assert change_request.get_tracking_url() in body_text(tracking_mail)

    # Intake: the secretariat sends it to legal review.
    log_in(page, base, "secretariaat")
    take_step(page, base, number, "Doorzetten naar juridische toets", "journey-5-intake-step")
    page.get_by_label("Toelichting").fill("Ontvankelijk; naar het expertteam.")
    page.get_by_role("button", name="Doorzetten naar juridische toets").click()
    expect(page.get_by_text("Juridische toets").first).to_be_visible()
    log_out(page)

    # Legal review by the expert team.
    log_in(page, base, "jurist")
    take_step(page, base, number, "Juridische toets vastleggen", "journey-6-legal-step")
    page.get_by_label("Juridisch haalbaar", exact=True).check()
    page.get_by_label("Motivering").fill("Verenigbaar met art. 2.3.5 Wmo 2015.")
    page.get_by_label("Juridische grondslag").fill("art. 2.3.5 Wmo 2015")
    page.get_by_role("button", name="Juridische toets vastleggen").click()
    expect(page.get_by_text("Praktijktoets").first).to_be_visible()
    log_out(page)

    # Practical review by the begeleidingsgroep.
    log_in(page, base, "praktijk")
    take_step(page, base, number, "Praktijktoets vastleggen", "journey-7-practical-step")
    page.get_by_label("Uitvoerbaar", exact=True).check()
    page.get_by_label("Geen effect op administratieve lasten").check()
    page.get_by_label("Advies aan de stuurgroep").fill("Overnemen in versie 1.2.")
    page.get_by_role("button", name="Praktijktoets vastleggen").click()
    expect(page.get_by_text("Besluitvorming stuurgroep").first).to_be_visible()
    log_out(page)

    # The steering group decides in a meeting.
    log_in(page, base, "stuurgroepsecretaris")
    page.goto(base + reverse("governance:meeting_create"))
    page.get_by_label("Datum").fill("2027-03-04")
    page.get_by_label("Locatie").fill("Den Haag")
    assert_accessible(page, "journey-8-meeting-create")
    page.get_by_role("button", name="Vergadering aanmaken").click()
    page.get_by_role("button", name="Agenda opbouwen").click()
    decide = page.get_by_role("button", name=f"Besluit over {number} vastleggen")
    form = page.locator("form", has=decide)
    form.get_by_label("Goedkeuren").check()
    form.get_by_label("Motivering", exact=True).fill("Akkoord, opnemen in versie 1.2.")
    assert_accessible(page, "journey-9-meeting-agenda")
    decide.click()
    expect(page.get_by_text("Akkoord, opnemen in versie 1.2.").first).to_be_visible()

    # The public page shows the approval and the whole timeline.
    log_out(page)
    page.goto(base + reverse("governance:change_request_detail", kwargs={"number": number}))
    expect(page.locator(".cs-cr-state").first).to_have_text("Goedgekeurd")
    assert_accessible(page, "journey-10-approved")
    change_request.refresh_from_db()
    assert change_request.state == ChangeRequestState.APPROVED
    assert list(change_request.events.values_list("transition", flat=True)) == [
        "submit",
        "confirm",
        "to_legal_review",
        "assess",
        "advise",
        "decide",
    ]
