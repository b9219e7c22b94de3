"""The portal's general pages in a real browser: titles, accessibility, keyboard, language."""

import re

from django.urls import reverse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_accessible, save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SUFFIX = " · CS-portaal"


@pytest.mark.parametrize(
    ("url_name", "title", "screenshot"),
    [
        ("login", "Inloggen", "login"),
        ("pages:contact", "Contact", "contact"),
        ("pages:accessibility", "Toegankelijkheidsverklaring", "accessibility-statement"),
    ],
)
def test_page_loads_with_title_and_is_accessible(
    page: Page, live_server, url_name: str, title: str, screenshot: str
) -> None:
    """The page answers 200, names itself in <title> and has no WCAG 2.1 A/AA violation."""
    response = page.goto(live_server.url + reverse(url_name))

    assert response is not None and response.status == 200
    assert page.title() == title + SUFFIX
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(page, screenshot)


def test_tab_focuses_skip_link_first_and_enter_moves_focus_to_main(page: Page, live_server):
    """The first Tab lands on a visible "Naar de inhoud" link; Enter puts focus on <main>."""
    page.goto(live_server.url + reverse("pages:contact"))

    page.keyboard.press("Tab")

    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    assert box is not None and box["y"] >= 0 and box["x"] >= 0, "skip link is off-screen"
    save_screenshot(page, "skip-link-focused")

    page.keyboard.press("Enter")

    expect(page.locator("main#main")).to_be_focused()
    assert page.evaluate("location.hash") == "#main"


def test_keyboard_focus_is_visible_on_links(page: Page, live_server):
    """A link reached with Tab draws a focus outline (Utrecht focus tokens are wired)."""
    page.goto(live_server.url + reverse("pages:contact"))

    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # portal name in the header

    brand = page.get_by_role("link", name="CS-portaal", exact=True)
    expect(brand).to_be_focused()
    outline = brand.evaluate(
        "el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth"
    )
    assert outline.split()[0] != "none" and outline.split()[1] != "0px", outline
    save_screenshot(page, "header-link-focused")


def test_login_with_wrong_credentials_shows_dutch_error_and_keeps_username(page: Page, live_server):
    """A failed login re-renders the form with a Dutch error summary and the typed username."""
    page.goto(live_server.url + reverse("login"))

    page.get_by_label("Gebruikersnaam").fill("onbekende.gebruiker")
    page.get_by_label("Wachtwoord").fill("geen-geldig-wachtwoord")
    page.get_by_role("main").get_by_role("button", name="Inloggen").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Er ging iets mis")
    expect(summary).to_contain_text(re.compile(r"Voer een juiste gebruikersnaam en wachtwoord in"))
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("onbekende.gebruiker")
    expect(page.get_by_label("Wachtwoord")).to_have_value("")
    assert_accessible(page, "login-error")


def test_login_with_empty_fields_marks_each_field_invalid(page: Page, live_server):
    """Empty fields get their own error, linked with aria-describedby and aria-invalid."""
    page.goto(live_server.url + reverse("login"))

    page.get_by_role("main").get_by_role("button", name="Inloggen").click()

    username = page.get_by_label("Gebruikersnaam")
    expect(username).to_have_attribute("aria-invalid", "true")
    expect(username).to_have_accessible_description(re.compile("verplicht"))
    expect(page.get_by_role("alert").get_by_role("link")).to_have_count(2)
    assert_accessible(page, "login-empty")


def test_language_switch_to_english_changes_html_lang(page: Page, live_server):
    """Choosing English in the header switch reloads the same page with <html lang="en">."""
    contact = reverse("pages:contact")
    page.goto(live_server.url + contact)
    assert page.locator("html").get_attribute("lang") == "nl"

    page.get_by_label("Taal", exact=True).select_option("en")
    page.get_by_role("button", name="Wijzig taal").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url == live_server.url + contact
    # The label's own text depends on the English catalogue, which is filled in separately.
    expect(page.locator("#cs-language-select")).to_have_value("en")
    save_screenshot(page, "contact-english")


def test_logged_in_header_shows_username_and_logs_out(page: Page, live_server, django_user_model):
    """After logging in the header names the user; its logout button (a POST) logs out."""
    django_user_model.objects.create_user(username="secretariaat", password="juist-wachtwoord")
    page.goto(live_server.url + reverse("login") + "?next=" + reverse("pages:contact"))

    page.get_by_label("Gebruikersnaam").fill("secretariaat")
    page.get_by_label("Wachtwoord").fill("juist-wachtwoord")
    page.get_by_role("main").get_by_role("button", name="Inloggen").click()

    banner = page.get_by_role("banner")
    expect(banner).to_contain_text("Ingelogd als secretariaat")
    assert page.url == live_server.url + reverse("pages:contact")
    assert_accessible(page, "contact-logged-in")

    banner.get_by_role("button", name="Uitloggen").click()

    expect(banner.get_by_role("link", name="Inloggen")).to_be_visible()
    expect(banner).not_to_contain_text("secretariaat")
