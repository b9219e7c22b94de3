"""The submitter's pages in headless Chromium: tracking, answering, withdrawing, own list."""

from django.urls import reverse

import pytest
from playwright.sync_api import Page, expect

from governance.constants import ChangeRequestState
from tests.e2e.axe import assert_accessible
from tests.factories import UserFactory, change_request_in_state

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

S = ChangeRequestState


def test_submitter_answers_the_question_and_withdraws_via_the_tracking_page(
    page: Page, live_server
):
    """The question is shown, the answer moves the request to intake; withdrawing needs the box."""
    change_request = change_request_in_state(S.NEEDS_INFO)

    page.goto(live_server.url + change_request.get_tracking_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text(change_request.number)
    expect(page.locator(".cs-question")).to_contain_text("Welke termijn bedoelt u?")
    expect(page.locator(".cs-cr-state").first).to_have_text("Aanvullende informatie gevraagd")
    assert_accessible(page, "tracking-needs-info")

    page.get_by_label("Uw antwoord").fill("Vijf werkdagen na ontvangst van de opdracht.")
    page.get_by_role("button", name="Antwoord versturen").click()

    expect(page.get_by_role("status")).to_contain_text("Uw antwoord is ontvangen")
    expect(page.locator(".cs-cr-state").first).to_have_text("Intake")
    expect(page.get_by_text("Vijf werkdagen na ontvangst van de opdracht.")).to_be_visible()
    expect(page.get_by_label("Uw antwoord")).to_have_count(0)
    assert_accessible(page, "tracking-intake")

    page.get_by_label("Reden van intrekken").fill("Opgelost in overleg.")
    page.get_by_role("button", name="Verzoek intrekken").click()
    expect(page.get_by_role("alert")).to_contain_text("Vink aan")
    expect(page.get_by_label("Reden van intrekken")).to_have_value("Opgelost in overleg.")
    assert_accessible(page, "tracking-withdraw-refused")

    page.get_by_label("Ja, ik trek dit wijzigingsverzoek in").check()
    page.get_by_role("button", name="Verzoek intrekken").click()
    expect(page.locator(".cs-cr-state").first).to_have_text("Ingetrokken")
    change_request.refresh_from_db()
    assert change_request.state == S.WITHDRAWN


def test_my_change_requests_after_logging_in(page: Page, live_server):
    """A submitter with an account logs in and finds the own requests, each linked to tracking."""
    submitter = UserFactory(username="indiener")
    first = change_request_in_state(S.INTAKE, submitter=submitter, title="Levertermijn")
    change_request_in_state(
        S.NEEDS_INFO, release=first.base_release, submitter=submitter, title="Factuurtermijn"
    )

    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill("indiener")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Mijn wijzigingsverzoeken").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn wijzigingsverzoeken")
    expect(page.get_by_role("row")).to_have_count(3)
    assert_accessible(page, "my-change-requests")

    page.get_by_role("link", name=first.number, exact=True).click()
    expect(page).to_have_url(live_server.url + first.get_tracking_url())
