"""Working a scheduled request into the draft, in a real browser, with a conflict to resolve."""

from django.urls import reverse

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from governance.constants import ChangeRequestState as S
from standards.models import ArticleVersion
from standards.services.articles import article_version_revise
from tests.e2e.axe import assert_accessible
from tests.factories import UserFactory, change_request_in_state

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_conflict_shows_three_texts_and_the_resolution_is_applied(page: Page, live_server):
    """The step page, its conflict panel (axe 0 violations each) and the resolved result."""
    change_request = change_request_in_state(S.SCHEDULED)
    version = ArticleVersion.objects.get(
        release=change_request.scheduled_release, article=change_request.article
    )
    article_version_revise(version=version, text="Tussentijds gewijzigd.", by=None, reason="x")
    UserFactory(username="releasemanager", roles=[Role.RELEASE_MANAGER])
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill("releasemanager")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()

    page.goto(live_server.url + change_request.get_absolute_url())
    page.get_by_role("link", name="Verwerken in het concept").click()
    assert_accessible(page, "apply-step")
    page.get_by_role("button", name="Verwerken in het concept").click()
    expect(page.get_by_role("heading", name="Drie teksten naast elkaar")).to_be_visible()
    assert_accessible(page, "apply-conflict")

    page.get_by_label("Tekst na verwerking").fill("Tussentijds gewijzigd. Binnen 5 werkdagen.")
    page.get_by_role("button", name="Verwerken in het concept").click()
    expect(page.locator(".cs-cr-state").first).to_have_text("Verwerkt in concept")
    version.refresh_from_db()
    assert version.text == "Tussentijds gewijzigd. Binnen 5 werkdagen."
