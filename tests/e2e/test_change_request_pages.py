"""The public change-request pages and the Q&A page in headless Chromium: axe-core, keyboard.

Change requests in several states are filed against the draft 1.2 of the demo's CS Hulpmiddelen
Wmo 2015 through the real services (``change_request_in_state``).
"""

import re

from django.core.management import call_command
from django.urls import reverse

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from governance.constants import ChangeRequestState, LegalVerdict
from governance.models import ChangeRequest
from governance.services import change_requests as services
from organisations.constants import OrganisationKind
from standards.models import Release
from tests.e2e.axe import assert_accessible
from tests.factories import UserFactory, change_request_in_state, staff_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

S = ChangeRequestState
HULPMIDDELEN = "cs-hulpmiddelen-wmo-2015"


@pytest.fixture
def requests(live_server):
    """Demo data plus change requests in intake, legal review (with a secret), answered, …"""
    call_command("load_demo_data")
    draft = Release.objects.get(standard__slug=HULPMIDDELEN, version_major=1, version_minor=2)
    articles = list(
        draft.article_versions.filter(document__slug="deel-3")
        .select_related("document")
        .order_by("position")[:3]
    )
    intake = change_request_in_state(
        S.INTAKE,
        release=draft,
        article_version=articles[0],
        title="Levertermijn verduidelijken",
        proposed_text=articles[0].text.replace("levert", "bezorgt", 1) + " Binnen vijf werkdagen.",
    )
    reviewed = change_request_in_state(
        S.LEGAL_REVIEW,
        release=draft,
        article_version=articles[1],
        title="Reparatietermijn korter",
        organisation_type=OrganisationKind.PROVIDER,
        organisation_name="Hulpmiddelen BV",
    )
    services.change_request_assess(
        change_request=reviewed,
        by=staff_user(Role.LEGAL_REVIEWER),
        verdict=LegalVerdict.FEASIBLE_WITH_CHANGES,
        motivation="Haalbaar met een ruimere termijn.",
        legal_grounds="Art. 2.3.5 Wmo 2015\nArt. 7:17 BW",
        amended_text=reviewed.proposed_text.replace("5 werkdagen", "10 werkdagen"),
        internal_note="GEHEIM: afstemmen met de branche.",
    )
    answered = change_request_in_state(
        S.ANSWERED, release=draft, article_version=articles[2], title="Wat is een werkdag?"
    )
    approved = change_request_in_state(S.APPROVED, release=draft, title="Goedgekeurd verzoek")
    change_request_in_state(S.NEEDS_INFO, release=draft, title="Onduidelijk verzoek")
    change_request_in_state(S.SUBMITTED, release=draft, title="Nog niet bevestigd")
    return {
        "intake": intake,
        "reviewed": reviewed,
        "answered": answered,
        "approved": approved,
        "server": live_server,
    }


def url(requests, name: str, **kwargs) -> str:
    return requests["server"].url + reverse(name, kwargs=kwargs)


def test_list_and_filtered_list_are_accessible(page: Page, requests):
    """The list shows the confirmed requests; filtering on a state narrows it; 0 violations."""
    page.goto(url(requests, "governance:change_request_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wijzigingsverzoeken")
    public = ChangeRequest.objects.public()
    expect(page.get_by_text(f"{public.count()} wijzigingsverzoeken")).to_be_visible()
    expect(page.get_by_role("link", name=requests["intake"].number)).to_be_visible()
    expect(page.get_by_text("Nog niet bevestigd")).to_have_count(0)
    assert_accessible(page, "change-request-list")

    page.get_by_label("Status").select_option(S.PRACTICAL_REVIEW)
    page.get_by_role("button", name="Filteren").click()
    in_review = public.filter(state=S.PRACTICAL_REVIEW).count()
    expect(page.locator(".cs-result-count")).to_have_text(
        f"{in_review} wijzigingsverzoek" + ("" if in_review == 1 else "en")
    )
    expect(page.locator(".cs-cr-table tbody tr")).to_have_count(in_review)
    expect(page.get_by_role("link", name=requests["reviewed"].number)).to_be_visible()
    expect(page.get_by_role("link", name="Alle filters wissen")).to_be_visible()
    assert_accessible(page, "change-request-list-filtered")


def test_invalid_filter_shows_an_accessible_error(page: Page, requests):
    """A malformed article key is an error in the error summary, not a broken page."""
    response = page.goto(url(requests, "governance:change_request_list") + "?article=kapot")
    assert response is not None and response.status == 200
    expect(page.get_by_role("alert")).to_contain_text("Er ging iets mis")
    assert_accessible(page, "change-request-list-error")


def test_filter_form_works_with_the_keyboard(page: Page, requests):
    """Tab reaches the search box, the first filter control; Enter submits the filter form."""
    page.goto(url(requests, "governance:change_request_list"))
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_q":
            break
    else:
        pytest.fail("Tab never reached the search box of the filter form")
    page.keyboard.type("reparatietermijn korter")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/wijzigingsverzoeken/\?q=reparatietermijn\+korter&"))
    expect(page.get_by_text("1 wijzigingsverzoek", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=requests["reviewed"].number)).to_be_visible()


def test_detail_page_for_the_public(page: Page, requests):
    """The public page shows the redline, the assessment and the timeline, no secrets."""
    reviewed = requests["reviewed"]
    page.goto(url(requests, "governance:change_request_detail", number=reviewed.number))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reparatietermijn korter")
    expect(page.locator(".cs-redline ins").first).to_be_visible()
    expect(page.get_by_role("heading", name="Juridisch haalbaar met aanpassingen")).to_be_visible()
    expect(page.get_by_role("heading", name="Tijdlijn")).to_be_visible()
    expect(page.get_by_text("GEHEIM")).to_have_count(0)
    expect(page.get_by_text("sam@gemeente.example.nl")).to_have_count(0)
    expect(page.get_by_role("heading", name="Acties")).to_have_count(0)
    assert_accessible(page, "change-request-detail-public")

    page.goto(url(requests, "governance:change_request_detail", number=requests["approved"].number))
    expect(page.get_by_role("table")).to_contain_text("Goedgekeurd")
    assert_accessible(page, "change-request-detail-approved")


def test_detail_page_for_the_secretariat(page: Page, requests):
    """Logged in through the login page, the secretariat sees internal notes and its steps."""
    UserFactory(username="ketenbureau", roles=[Role.SECRETARIAT])
    detail = url(requests, "governance:change_request_detail", number=requests["intake"].number)
    page.goto(
        url(requests, "login")
        + "?next="
        + reverse("governance:change_request_detail", kwargs={"number": requests["intake"].number})
    )
    page.get_by_label("Gebruikersnaam").fill("ketenbureau")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(detail)
    expect(page.get_by_text("sam@gemeente.example.nl")).to_be_visible()
    actions = page.locator("section.cs-actions")
    expect(actions.get_by_role("link", name="Doorzetten naar juridische toets")).to_be_visible()
    assert_accessible(page, "change-request-detail-secretariat")

    page.goto(url(requests, "governance:change_request_detail", number=requests["reviewed"].number))
    expect(page.get_by_text("GEHEIM: afstemmen met de branche.")).to_be_visible()
    assert_accessible(page, "change-request-detail-secretariat-internal")


def test_faq_page(page: Page, requests):
    """The Q&A page lists the answer, links to the request, and is accessible."""
    page.goto(url(requests, "governance:faq", standard=HULPMIDDELEN))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vragen en antwoorden")
    expect(page.get_by_role("heading", name="Wat is de levertermijn?")).to_be_visible()
    page.get_by_role("link", name=requests["answered"].number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wat is een werkdag?")
    assert_accessible(page, "change-request-detail-answered")
    page.goto(url(requests, "governance:faq", standard=HULPMIDDELEN))
    assert_accessible(page, "faq")


def test_pagination_links_are_accessible(page: Page, requests):
    """With more than 25 requests the list pages; "Volgende" leads to page 2, marked current."""
    release = requests["intake"].base_release
    for n in range(max(0, 26 - ChangeRequest.objects.public().count())):
        change_request_in_state(S.INTAKE, release=release, title=f"Extra verzoek {n}")
    page.goto(url(requests, "governance:change_request_list"))
    pagination = page.get_by_role("navigation", name="Paginering")
    expect(pagination).to_be_visible()
    pagination.get_by_role("link", name="Volgende pagina").click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(page.locator('[aria-current="page"]', has_text="2")).to_be_visible()
    assert_accessible(page, "change-request-list-page-2")
