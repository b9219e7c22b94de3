"""The catalogue pages with the demo data, in headless Chromium: titles, axe-core, keyboard."""

from django.core.management import call_command

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HULPMIDDELEN = "/standaarden/cs-hulpmiddelen-wmo-2015"
PAGES = [
    ("/", "Contractstandaarden", "standards-list"),
    (f"{HULPMIDDELEN}/", "CS Hulpmiddelen Wmo 2015", "standard-detail"),
    (f"{HULPMIDDELEN}/versies/1.1/", "CS Hulpmiddelen Wmo 2015 versie 1.1", "release-current"),
    (f"{HULPMIDDELEN}/versies/1.0/", "CS Hulpmiddelen Wmo 2015 versie 1.0", "release-superseded"),
    (f"{HULPMIDDELEN}/versies/1.2/", "CS Hulpmiddelen Wmo 2015 versie 1.2", "release-draft"),
    (f"{HULPMIDDELEN}/versies/1.1/deel-1/", None, "document-deel-1"),
    (f"{HULPMIDDELEN}/versies/1.1/deel-3/", None, "document-deel-3"),
    (f"{HULPMIDDELEN}/versies/1.1/deel-3/3.4/", None, "article-with-table"),
    (f"{HULPMIDDELEN}/versies/1.0/deel-3/3.8/", None, "article-old-version"),
    (f"{HULPMIDDELEN}/versies/1.1/deel-1/1.4/", None, "article-optional"),
]


@pytest.fixture
def demo(live_server):
    call_command("load_demo_data")
    return live_server


def test_catalogue_pages_are_accessible(page: Page, demo):
    """Every catalogue page answers 200, has an h1 and a title, and 0 axe-core violations."""
    for path, heading, name in PAGES:
        response = page.goto(demo.url + path)
        assert response is not None and response.status == 200, path
        h1 = page.get_by_role("heading", level=1)
        expect(h1).to_have_count(1)
        if heading:
            expect(h1).to_have_text(heading)
        assert page.title().endswith(" · CS-portaal")
        assert_accessible(page, name)


def test_article_page_shows_history_across_renumbering(page: Page, demo):
    """Art. 3.8 of 1.0 (Reparatie) is 3.9 in 1.1: the page says so and links to it."""
    page.goto(demo.url + f"{HULPMIDDELEN}/versies/1.0/deel-3/3.8/")
    expect(page.get_by_text("Dit is niet de geldende versie")).to_be_visible()
    page.get_by_role("link", name="Naar de geldende versie 1.1").click()
    expect(page).to_have_url(demo.url + f"{HULPMIDDELEN}/versies/1.1/deel-3/3.9/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Artikel 3.9")


def test_catalogue_is_usable_with_the_keyboard(page: Page, demo):
    """From the list of standards, Tab reaches a standard's link and Enter opens it."""
    page.goto(demo.url + "/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "CS Jeugd":
            break
    else:
        pytest.fail("Tab never reached the link to CS Jeugd")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("CS Jeugd")
