"""The staff side of the workflow in a real browser: queues and step pages, axe-core on each.

A secretariat member logs in, reads the queues (one request overdue), sends a request to legal
review; a legal reviewer then records an assessment "with changes", first forgetting the amended
wording (an error, with the motivation kept), then with it.
"""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from governance.constants import ChangeRequestState as S
from governance.models import ChangeRequest
from governance.services.change_requests import change_request_to_legal_review
from standards.constants import ReleaseState
from tests.e2e.axe import assert_accessible
from tests.factories import UserFactory, change_request_in_state, release_with_articles

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "geheim-wachtwoord"


@pytest.fixture
def requests_in_intake():
    published = release_with_articles(
        version="1.0",
        articles=[("3.1", "Levering", "De aanbieder levert binnen een redelijke termijn.")],
    )
    release = release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        articles=[("3.1", "Levering", "De aanbieder levert binnen een redelijke termijn.")],
        identities=[published.article_versions.get().article],
    )
    fresh = change_request_in_state(
        S.INTAKE,
        release=release,
        title="Levertermijn in werkdagen",
        proposed_text="De aanbieder levert binnen vijf werkdagen.",
    )
    late = change_request_in_state(S.INTAKE, release=release, title="Retourtermijn verduidelijken")
    ChangeRequest.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=4)
    )
    return fresh, late


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text(f"Ingelogd als {username}")).to_be_visible()


def step_url(change_request: ChangeRequest, step: str) -> str:
    return reverse(
        "governance:change_request_step", kwargs={"number": change_request.number, "step": step}
    )


def test_secretariat_reads_the_queues_and_sends_a_request_to_legal_review(
    page: Page, live_server, requests_in_intake
):
    """Queue overview and intake queue (overdue marked in words), then a step with success."""
    fresh, late = requests_in_intake
    UserFactory(username="secretariaat", roles=[Role.SECRETARIAT])
    log_in(page, live_server.url, "secretariaat")

    page.get_by_role("link", name="Werkvoorraad").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")
    intake_row = page.get_by_role("row", name=re.compile("^Intake"))
    expect(intake_row).to_contain_text("2")
    expect(intake_row).to_contain_text("1 te laat")
    expect(intake_row).to_contain_text("Uw werkvoorraad")
    assert_accessible(page, "staff-queue-overview")

    intake_row.get_by_role("link", name="Intake").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad Intake")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(late.number)  # the earliest due date first
    expect(rows.nth(0)).to_contain_text("Te laat")
    expect(rows.nth(1)).to_contain_text(fresh.number)
    expect(rows.nth(1)).not_to_contain_text("Te laat")
    assert_accessible(page, "staff-queue-intake")

    page.goto(live_server.url + step_url(fresh, "naar-juridische-toets"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Doorzetten naar juridische toets")
    expect(page.locator(".cs-redline ins")).to_contain_text("vijf werkdagen")
    assert_accessible(page, "staff-step-to-legal-review")

    page.get_by_label("Toelichting").fill("Ontvankelijk; naar het expertteam.")
    page.get_by_role("button", name="Doorzetten naar juridische toets").click()

    expect(page).to_have_url(live_server.url + fresh.get_absolute_url())
    expect(page.get_by_role("status")).to_contain_text(
        f"{fresh.number} heeft nu de status 'Juridische toets'."
    )
    fresh.refresh_from_db()
    assert fresh.state == S.LEGAL_REVIEW

    # The same step again: the state no longer allows it, and the page says so with a way back.
    response = page.goto(live_server.url + step_url(fresh, "naar-juridische-toets"))
    assert response is not None and response.status == 409
    expect(page.get_by_role("alert")).to_contain_text("met status 'Juridische toets'")
    expect(page.get_by_role("link", name=f"Terug naar {fresh.number}")).to_be_visible()
    assert_accessible(page, "staff-step-unavailable")


def test_legal_reviewer_records_an_assessment_with_changes(
    page: Page, live_server, requests_in_intake
):
    """Without the amended wording the form says so and keeps the motivation; then it works."""
    fresh, _late = requests_in_intake
    secretariat = UserFactory(username="secretariaat", roles=[Role.SECRETARIAT])
    change_request_to_legal_review(change_request=fresh, by=secretariat)
    UserFactory(username="jurist", roles=[Role.LEGAL_REVIEWER])
    log_in(page, live_server.url, "jurist")

    page.goto(live_server.url + step_url(fresh, "juridische-toets"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Juridische toets vastleggen")
    amended = page.get_by_label("Aangepaste tekst")
    expect(amended).to_have_value("De aanbieder levert binnen vijf werkdagen.")
    assert_accessible(page, "staff-step-assess")

    page.get_by_label("Juridisch haalbaar met aanpassingen").check()
    page.get_by_label("Motivering").fill("Kan, mits de termijn in werkdagen staat.")
    page.get_by_label("Juridische grondslag").fill("art. 2.3.5 Wmo 2015")
    amended.fill("")
    page.get_by_role("button", name="Juridische toets vastleggen").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Er ging iets mis")
    expect(summary).to_contain_text("Geef de aangepaste tekst")
    expect(page.get_by_label("Motivering")).to_have_value(
        "Kan, mits de termijn in werkdagen staat."
    )
    expect(page.get_by_label("Juridisch haalbaar met aanpassingen")).to_be_checked()
    expect(page.get_by_label("Aangepaste tekst")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "staff-step-assess-errors")

    page.get_by_label("Aangepaste tekst").fill(
        "De aanbieder levert binnen vijf werkdagen na de opdracht."
    )
    page.get_by_role("button", name="Juridische toets vastleggen").click()

    expect(page).to_have_url(live_server.url + fresh.get_absolute_url())
    expect(page.get_by_role("status")).to_contain_text(
        f"{fresh.number} heeft nu de status 'Praktijktoets'."
    )
    assessment = fresh.legal_assessments.get()
    assert assessment.motivation == "Kan, mits de termijn in werkdagen staat."
    assert assessment.amended_text == "De aanbieder levert binnen vijf werkdagen na de opdracht."
