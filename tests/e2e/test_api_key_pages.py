"""API keys in a real browser: an integrator makes a key (first refused, with what was typed
kept), copies it from the page that shows it once, uses it against the API, finds it listed
with its prefix and last use, and revokes it with the keyboard after confirming; the API then
refuses it. axe-core checks the form with errors, the page with the key, the list and the
confirmation.
"""

from django.urls import reverse

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from api.models import ApiKey
from tests.e2e.axe import assert_accessible
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "geheim-wachtwoord"  # UserFactory's


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text(f"Ingelogd als {username}")).to_be_visible()


def test_make_use_and_revoke_a_key(page: Page, live_server):
    UserFactory(username="koppeling", roles=[Role.INTEGRATOR])
    base = live_server.url
    log_in(page, base, "koppeling")

    page.get_by_role("link", name="API-sleutels").click()
    expect(page.get_by_role("heading", level=1, name="API-sleutels")).to_be_visible()
    expect(page.get_by_text("U hebt nog geen API-sleutels.")).to_be_visible()
    page.get_by_role("link", name="Nieuwe sleutel").click()

    # Refused: no scope; the name stays as typed.
    page.get_by_label("Naam").fill("Zaaksysteem")
    page.get_by_role("button", name="Sleutel aanmaken").click()
    expect(page.locator(".cs-error-summary")).to_contain_text("Kies ten minste één bevoegdheid.")
    expect(page.get_by_label("Naam")).to_have_value("Zaaksysteem")
    assert_accessible(page, "api-key-create-errors")
    assert not ApiKey.objects.exists()

    # With the keyboard: tick the scope and submit.
    page.get_by_label("Organisaties en contracten lezen").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Sleutel aanmaken").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Kopieer uw sleutel nu")).to_be_visible()
    token = page.get_by_label("Uw API-sleutel").input_value()
    api_key = ApiKey.objects.get()
    assert token.startswith(f"{api_key.prefix}.")
    assert_accessible(page, "api-key-created")

    # The key works against the API (and the use is recorded).
    api = page.request.get(
        base + "/api/v1/organisations", headers={"Authorization": f"Bearer {token}"}
    )
    assert api.status == 200
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None

    # The list shows the prefix, never the secret.
    page.get_by_role("link", name="Naar uw API-sleutels").click()
    table = page.locator(".cs-api-keys")
    expect(table).to_contain_text(api_key.prefix)
    expect(table).to_contain_text("Werkt")
    assert token.split(".", 1)[1] not in page.content()
    assert_accessible(page, "api-key-list")

    # Revoke, after confirming.
    page.get_by_role("link", name="Intrekken Zaaksysteem").click()
    expect(page.get_by_role("heading", level=1, name="Sleutel intrekken")).to_be_visible()
    assert_accessible(page, "api-key-revoke")
    page.get_by_role("button", name="Definitief intrekken").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("is ingetrokken; hij werkt niet meer.")).to_be_visible()
    expect(table).to_contain_text("Ingetrokken")
    refused = page.request.get(
        base + "/api/v1/organisations", headers={"Authorization": f"Bearer {token}"}
    )
    assert refused.status == 401
