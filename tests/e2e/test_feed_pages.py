"""Feeds and calendars in a real browser, on the demo: the overview page *Feeds en agenda's*
lists every feed and calendar with its full address, has no WCAG 2.1 A/AA violation (axe-core,
screenshot saved), and the addresses it shows answer with an Atom feed and an iCalendar."""

from django.core.management import call_command
from django.urls import reverse

import pytest
from playwright.sync_api import Page, expect

from standards.models import Standard
from tests.e2e.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_feed_overview_is_accessible_and_its_addresses_work(page: Page, live_server):
    call_command("load_demo_data")
    standards = list(Standard.objects.order_by("position", "name"))
    assert standards, "the demo has standards"
    base = live_server.url

    response = page.goto(base + reverse("notifications:feeds"))
    assert response is not None and response.status == 200
    assert page.title() == "Feeds en agenda's · CS-portaal"
    expect(page.get_by_role("heading", level=1)).to_have_text("Feeds en agenda's")
    table = page.get_by_role("table", name="Feeds en agenda's per contractstandaard")
    for standard in standards:
        expect(table.get_by_role("rowheader", name=standard.name)).to_be_visible()
    assert_accessible(page, "feeds")

    # The addresses shown are the addresses linked, and they answer.
    first = standards[0]
    atom = base + reverse("notifications:feed_releases", kwargs={"standard": first.slug})
    expect(page.get_by_role("link", name=atom)).to_have_attribute("href", atom)
    answer = page.request.get(atom)
    assert answer.ok
    assert answer.headers["content-type"] == "application/atom+xml; charset=utf-8"
    calendar = base + reverse("notifications:calendar_all")
    expect(page.get_by_role("link", name=calendar)).to_have_attribute("href", calendar)
    answer = page.request.get(calendar)
    assert answer.ok
    assert answer.text().startswith("BEGIN:VCALENDAR")
