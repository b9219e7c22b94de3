"""The steering group's pages in headless Chromium: a meeting from planning to decision list."""

from django.urls import reverse

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from governance.constants import ChangeRequestState
from standards.constants import ReleaseState
from tests.e2e.axe import assert_accessible
from tests.factories import UserFactory, change_request_in_state, release_with_articles

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def waiting_requests():
    """Two change requests that passed both reviews and wait for the steering group."""
    published = release_with_articles(
        version="1.0", articles=[("3.1", "Levering", "De aanbieder levert tijdig.")]
    )
    draft = release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        identities=[published.article_versions.get().article],
    )
    return [
        change_request_in_state(
            ChangeRequestState.STEERING, release=draft, title="Levertermijn verduidelijken"
        ),
        change_request_in_state(
            ChangeRequestState.STEERING, release=draft, title="Spoedlevering toevoegen"
        ),
    ]


def _log_in(page: Page, url: str, username: str) -> None:
    page.goto(url + reverse("login") + "?next=" + reverse("governance:meeting_list"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    page.get_by_role("main").get_by_role("button", name="Inloggen").click()


def test_secretary_holds_a_meeting_and_publishes_the_decision_list(
    page: Page, live_server, waiting_requests
):
    """Plan, build the agenda, approve one, defer one (after a refused empty motivation),
    publish; then the public reads the decision list. Every page has 0 axe violations."""
    first, second = waiting_requests
    UserFactory(username="secretaris", roles=[Role.STEERING_SECRETARY])
    _log_in(page, live_server.url, "secretaris")

    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stuurgroep i-Sociaal Domein")
    expect(main).to_contain_text("2 wijzigingsverzoeken wachten op een agenda.")
    expect(main).to_contain_text("Er zijn nog geen vergaderingen gepland.")
    assert_accessible(page, "steering-meeting-list")

    main.get_by_role("link", name="Nieuwe vergadering").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe vergadering")
    assert_accessible(page, "steering-meeting-create")
    page.get_by_label("Datum").fill("2027-03-01")
    page.get_by_label("Locatie").fill("Utrecht, VNG-kantoor")
    main.get_by_role("button", name="Vergadering aanmaken").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vergadering 1 maart 2027")
    expect(page.get_by_role("status")).to_contain_text("De vergadering van 1 maart 2027")
    main.get_by_role("button", name="Agenda opbouwen").click()
    expect(page.get_by_role("status")).to_have_text("2 wijzigingsverzoeken op de agenda gezet.")
    expect(main.get_by_role("heading", level=3)).to_have_count(2)
    expect(main.get_by_role("button", name="Besluitenlijst publiceren")).to_have_count(0)
    assert_accessible(page, "steering-meeting-agenda")

    # Approving without a motivation is refused on the item's own page, keeping the input.
    item = page.locator("#agendapunt-1")
    item.get_by_label("Goedkeuren").check()
    item.get_by_label("Interne notitie").fill("Unaniem.")
    item.get_by_role("button", name=f"Besluit over {first.number} vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Motiveer het besluit.")
    expect(page.get_by_label("Goedkeuren")).to_be_checked()
    expect(page.get_by_label("Interne notitie")).to_have_value("Unaniem.")
    expect(page.get_by_label("Motivering", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "steering-decision-error")
    page.get_by_role("alert").get_by_role("link").click()
    expect(page.get_by_label("Motivering", exact=True)).to_be_focused()
    page.keyboard.type("Maakt de levertermijn eenduidig.")
    main.get_by_role("button", name=f"Besluit over {first.number} vastleggen").click()

    expect(page.get_by_role("status")).to_contain_text(f"Besluit over {first.number} vastgelegd")
    expect(page.locator("#agendapunt-1")).to_contain_text("Maakt de levertermijn eenduidig.")
    item = page.locator("#agendapunt-2")
    item.get_by_label("Aanhouden tot een volgende vergadering").check()
    item.get_by_label("Motivering", exact=True).fill("Eerst de branchepartijen horen.")
    item.get_by_role("button", name=f"Besluit over {second.number} vastleggen").click()
    expect(page.locator("#agendapunt-2")).to_contain_text("Aangehouden tot een volgende")
    assert_accessible(page, "steering-meeting-decided")

    main.get_by_role("button", name="Besluitenlijst publiceren").click()
    expect(page.get_by_role("status")).to_have_text("De besluitenlijst is gepubliceerd.")

    page.get_by_role("banner").get_by_role("button", name="Uitloggen").click()
    page.goto(live_server.url + reverse("governance:meeting_list"))
    assert_accessible(page, "steering-meeting-list-public")
    page.get_by_role("main").get_by_role("link", name="1 maart 2027").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Besluitenlijst stuurgroep 1 maart 2027")
    table = page.get_by_role("table")
    expect(table).to_contain_text(first.number)
    expect(table).to_contain_text("Goedgekeurd")
    expect(table).to_contain_text("Aangehouden tot een volgende vergadering")
    expect(page.get_by_role("main")).not_to_contain_text("Unaniem.")
    expect(page.get_by_role("main")).not_to_contain_text("Concept")
    assert_accessible(page, "steering-decision-list")

    # Printed, only the list remains: header, navigation and footer are hidden.
    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(page.get_by_role("contentinfo")).to_be_hidden()
    expect(heading).to_be_visible()
