"""The implementation dashboard in a real browser: the secretariat logs in, reads the figures,
narrows to a province with the keyboard alone, finds the CSV download for that selection, and
meets a clear message for a refused combination; axe-core finds nothing on any of these pages."""

import csv
import io

from django.urls import reverse

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from tests.e2e.axe import assert_accessible
from tests.factories import UserFactory
from tests.organisations.test_dashboard import TODAY, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_secretariat_reads_filters_and_downloads_the_dashboard(
    page: Page, live_server, monkeypatch
):
    # The live server runs in this process: pin "today" to the day the world is built for.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    world = build_world()
    UserFactory(username="secretariaat", roles=[Role.SECRETARIAT])
    base = live_server.url
    page.goto(base + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill("secretariaat")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Ingelogd als secretariaat")).to_be_visible()

    page.goto(base + reverse("adoption:dashboard"))
    expect(page.get_by_role("heading", name="Implementatiemonitor", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="CS Wmo versie 1.2")).to_be_visible()
    counts = page.get_by_role("table", name="Aantal gemeenten en regio's per status")
    expect(counts.get_by_role("row", name="Termijn verstreken")).to_contain_text("3")
    expect(page.get_by_role("figure", name="Gemeenten: 7 organisaties")).to_be_visible()
    assert_accessible(page, "adoption-dashboard")

    # Narrow to Gelderland with the keyboard only: type ahead in the select, tab to the button.
    page.get_by_label("Provincie").focus()
    page.keyboard.type("Gelderland")
    expect(page.get_by_label("Provincie")).to_have_value("Gelderland")
    page.keyboard.press("Tab")  # the region select
    page.keyboard.press("Tab")  # the button
    expect(page.get_by_role("button", name="Tonen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="CS Wmo versie 1.2 · Gelderland")).to_be_visible()
    expect(page.get_by_role("figure", name="Gemeenten: 2 organisaties")).to_be_visible()
    attention = page.get_by_role("table", name="Te laat en nog over te stappen")
    expect(attention.get_by_role("row")).to_have_count(4)  # header, Culemborg, Hattem, region
    assert_accessible(page, "adoption-dashboard-gelderland")

    # The download for exactly this selection.
    download = page.get_by_role("link", name="Download als CSV")
    href = download.get_attribute("href")
    assert href == reverse("adoption:export") + "?versie=cs-wmo%3A1.2&provincie=Gelderland"
    response = page.request.get(base + href)
    assert response.status == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.text())))
    assert [row[0] for row in rows[1:]] == [
        "Culemborg",
        "Hattem",
        "Regio Rijnstreek",
        "Regio Vallei",
    ]

    # A province and a region together: the message, and both choices still made.
    page.get_by_label("Regio").select_option(label="Regio Vallei")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Kies een provincie of een regio, niet allebei."
    )
    expect(page.get_by_label("Provincie")).to_have_value("Gelderland")
    expect(page.get_by_label("Regio")).to_have_value(world.orgs["vallei"].slug)
    assert_accessible(page, "adoption-dashboard-refused")
