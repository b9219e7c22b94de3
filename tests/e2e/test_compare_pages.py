"""The compare pages with the demo data, in headless Chromium: every layout, history, keyboard."""

from django.core.management import call_command

import pytest
from playwright.sync_api import Page, expect

from standards.models import ArticleVersion
from tests.e2e.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

JEUGD = "/standaarden/cs-jeugd"
COMPARE = f"{JEUGD}/vergelijk/1.0/1.1/"


@pytest.fixture
def demo(live_server):
    call_command("load_demo_data")
    return live_server


@pytest.mark.parametrize(
    ("layout", "name"),
    [
        ("inline", "compare-inline"),
        ("naast-elkaar", "compare-side-by-side"),
        ("was-wordt", "compare-was-wordt"),
    ],
)
def test_compare_page_is_accessible_in_every_layout(page: Page, demo, layout, name):
    """CS Jeugd 1.0 → 1.1 in each layout: one h1, the renumbering as such, 0 axe violations."""
    response = page.goto(f"{demo.url}{COMPARE}?weergave={layout}")
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Versie 1.0 vergeleken met versie 1.1"
    )
    tabs = page.get_by_role("navigation", name="Weergave van de wijzigingen")
    expect(tabs.locator("[aria-current=page]")).to_have_count(1)
    expect(page.get_by_text("Artikel 3.8 → 3.9 Meldcode huiselijk geweld").first).to_be_visible()
    assert_accessible(page, name)


@pytest.mark.parametrize(
    ("path", "heading", "name"),
    [
        (f"{JEUGD}/vergelijk/", "Versies van CS Jeugd vergelijken", "compare-choose"),
        (f"{JEUGD}/vergelijk/1.1/1.1/", "Versie 1.1 vergeleken met versie 1.1", "compare-same"),
        (
            f"{JEUGD}/vergelijk/1.1/1.0/",
            "Versie 1.1 vergeleken met versie 1.0",
            "compare-backwards",
        ),
    ],
)
def test_other_compare_pages_are_accessible(page: Page, demo, path, heading, name):
    """The chooser, a release against itself and a comparison back in time."""
    response = page.goto(demo.url + path)
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page, name)


def test_compare_form_leads_to_the_chosen_comparison(page: Page, demo):
    """On the chooser, picking 1.1 and 1.2 and pressing Vergelijken opens that comparison."""
    page.goto(f"{demo.url}{JEUGD}/vergelijk/")
    page.get_by_label("Vergelijk versie").select_option("1.1")
    page.get_by_label("met versie").select_option("1.2")
    page.get_by_role("button", name="Vergelijken").click()
    expect(page).to_have_url(f"{demo.url}{JEUGD}/vergelijk/1.1/1.2/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Versie 1.1 vergeleken met versie 1.2"
    )


def test_unchanged_articles_unfold_with_the_keyboard(page: Page, demo):
    """Unchanged articles are folded away; Enter on the focused summary shows them."""
    page.goto(demo.url + COMPARE)
    unchanged = page.locator("summary", has_text="Ongewijzigd (5 artikelen)")
    link = page.get_by_role("link", name="Artikel 3.4 Continuïteit van jeugdhulp")
    expect(link).to_be_hidden()
    unchanged.focus()
    page.keyboard.press("Enter")
    expect(link).to_be_visible()
    assert_accessible(page, "compare-unchanged-open")


def test_layout_is_switched_with_tab_and_enter(page: Page, demo):
    """Tab reaches the "Was-wordt-tabel" tab, Enter opens it, and it is then the current one."""
    page.goto(demo.url + COMPARE)
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Was-wordt-tabel":
            break
    else:
        pytest.fail("Tab never reached the Was-wordt-tabel tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{demo.url}{COMPARE}?weergave=was-wordt#wijzigingen")
    current = page.get_by_role("link", name="Was-wordt-tabel")
    expect(current).to_have_attribute("aria-current", "page")
    table = page.get_by_role(
        "table", name="Was-wordt-tabel van Deel 3: Generieke bepalingen, versie 1.0 naar 1.1"
    )
    expect(table.get_by_role("columnheader")).to_have_text(["Artikel", "Was", "Wordt", "Reden"])


def test_history_of_a_renumbered_article(page: Page, demo):
    """Art. 3.11 of 1.0 is 3.12 in 1.1 with a new wording: the history shows both steps."""
    version = ArticleVersion.objects.get(
        release__standard__slug="cs-jeugd",
        release__version_major=1,
        release__version_minor=1,
        document__slug="deel-3",
        number="3.12",
    )
    page.goto(f"{demo.url}/standaarden/cs-jeugd/versies/1.1/deel-3/3.12/")
    page.get_by_role("link", name="Geschiedenis van dit artikel").click()
    expect(page).to_have_url(f"{demo.url}/artikelen/{version.article.key}/geschiedenis/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Geschiedenis van Artikel 3.12 iJw berichtenverkeer"
    )
    expect(page.get_by_text("Vernummerd: Artikel 3.11 → 3.12")).to_be_visible()
    expect(page.locator(".cs-redline ins").first).to_be_visible()
    assert_accessible(page, "article-history")


def test_release_page_links_to_the_comparison_with_its_predecessor(page: Page, demo):
    """Release 1.1 was based on 1.0: its page links to that comparison."""
    page.goto(f"{demo.url}{JEUGD}/versies/1.1/")
    page.get_by_role("link", name="Vergelijk met vorige versie (1.0)").click()
    expect(page).to_have_url(demo.url + COMPARE)
    assert_accessible(page, "compare-from-release")
