"""Webhooks in a real browser: an integrator makes an endpoint (first refused, with the errors
and what was typed kept), copies the secret shown once, a release is published and the
integrator's server receives it signed; the delivery log shows it, next to a failed one.
axe-core checks the list, the form with errors and the detail with its log, and saves their
screenshots.
"""

import datetime
import hashlib
import hmac
import time

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from notifications.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from notifications.webhooks import webhooks_for_release
from tests.e2e.axe import assert_accessible
from tests.factories import UserFactory, release_with_articles
from tests.notifications.webhook_receiver import start_receiver, stop_receiver

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "geheim-wachtwoord"  # UserFactory's


@pytest.fixture
def receiver():
    server, receiver = start_receiver()
    try:
        yield receiver
    finally:
        stop_receiver(server)


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text(f"Ingelogd als {username}")).to_be_visible()


def test_make_an_endpoint_receive_a_signed_release_and_read_the_log(
    page: Page, live_server, receiver
):
    UserFactory(username="koppeling", roles=[Role.INTEGRATOR])
    base = live_server.url
    log_in(page, base, "koppeling")

    page.goto(base + reverse("notifications:webhooks"))
    expect(page.get_by_role("heading", level=1, name="Webhooks")).to_be_visible()
    expect(page.get_by_text("U hebt nog geen webhooks.")).to_be_visible()
    page.get_by_role("link", name="Nieuwe webhook").click()

    # Refused: an address without https and no event; the address stays as typed.
    page.get_by_label("Adres").fill("http://koppeling.example.nl/hook")
    page.get_by_role("button", name="Webhook aanmaken").click()
    summary = page.locator(".cs-error-summary")
    expect(summary).to_contain_text("Het adres moet met https:// beginnen.")
    expect(summary).to_contain_text("Kies ten minste één gebeurtenis.")
    expect(page.get_by_label("Adres")).to_have_value("http://koppeling.example.nl/hook")
    assert_accessible(page, "webhook-create-errors")
    assert not WebhookEndpoint.objects.exists()

    # Accepted: the local receiver (the development profile allows http to 127.0.0.1).
    page.get_by_label("Adres").fill(receiver.url)
    page.get_by_label("Een versie is gepubliceerd").check()
    page.get_by_role("button", name="Webhook aanmaken").click()
    expect(page.get_by_text("De webhook is aangemaakt.")).to_be_visible()
    secret = page.locator("#webhook-secret").inner_text()
    endpoint = WebhookEndpoint.objects.get()
    assert secret == endpoint.secret
    assert endpoint.events == [WebhookEvent.RELEASE_PUBLISHED]

    # A release is published (elsewhere); the task delivers it after commit (the immediate
    # backend of the tests); the receiver checks the signature with the secret it was shown.
    release = release_with_articles(
        version="2.0",
        published_on=datetime.date(2026, 2, 1),
        effective_on=datetime.date(2026, 7, 1),
        implementation_deadline=datetime.date(2026, 8, 1),
    )
    assert webhooks_for_release(release) == 1
    [received] = receiver.requests
    timestamp = received.headers["X-CS-Timestamp"]
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + received.body, hashlib.sha256
    ).hexdigest()
    assert received.headers["X-CS-Signature"] == f"sha256={expected}"
    assert abs(time.time() - int(timestamp)) < 60
    assert received.json["data"]["version"] == "2.0"

    # One that keeps failing, for the log.
    WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_type=WebhookEvent.RELEASE_PUBLISHED,
        event_key="release-published:oud",
        payload={},
        attempts=3,
        response_status=502,
        response_excerpt="Bad gateway",
        last_error="Antwoord 502 in plaats van 2xx.",
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=15),
    )

    # The secret is gone on the next visit; the log shows both.
    page.reload()
    expect(page.locator("#webhook-secret")).to_have_count(0)
    expect(page.get_by_text(f"eindigt op …{secret[-4:]}")).to_be_visible()
    log = page.locator(".cs-webhook-log")
    expect(log).to_contain_text("Afgeleverd")
    expect(log).to_contain_text("Antwoord 502 in plaats van 2xx.")
    expect(log).to_contain_text("Volgende poging")
    assert_accessible(page, "webhook-detail-log")

    page.get_by_role("link", name="Webhooks").first.click()
    expect(page.get_by_role("cell", name="Een versie is gepubliceerd")).to_be_visible()
    assert_accessible(page, "webhook-list")
    assert get_user_model().objects.get(username="koppeling").webhook_endpoints.count() == 1
