"""Following in a real browser, on the demo: an integrator follows an article from its page,
a change request on that article moves on, and the notice is in *Meldingen* with the count in
the header. axe-core checks the article page with its follow button, the notification centre,
the subscriptions page and the unsubscribe page, and saves their screenshots.
"""

import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

import pytest
from playwright.sync_api import Page, expect

from governance.constants import ChangeRequestState as S
from governance.models import ChangeRequest
from governance.services import change_requests as services
from notifications.models import Frequency, Notification, Subscription
from notifications.subscriptions import unsubscribe_token
from tests.e2e.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COMMENT = "Wij leggen uw verzoek voor aan het expertteam."


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text(f"Ingelogd als {username}")).to_be_visible()


def test_follow_an_article_see_the_notice_and_unsubscribe(page: Page, live_server):
    call_command("load_demo_data")
    change_request = (
        ChangeRequest.objects.filter(state=S.INTAKE, article__isnull=False)
        .select_related("base_version")
        .order_by("sequence")
        .first()
    )
    assert change_request is not None, "the demo has a request in intake on an article"
    follower = get_user_model().objects.get(username="integrator")
    base = live_server.url
    assert not Subscription.objects.filter(user=follower).exists()
    assert not Notification.objects.filter(user=follower).exists()
    log_in(page, base, "integrator")

    # Follow the article from its page.
    page.goto(base + change_request.base_version.get_absolute_url())
    follow = page.locator(".cs-follow")
    expect(follow.get_by_role("button", name="Volgen")).to_be_visible()
    assert_accessible(page, "article-follow")
    follow.get_by_label("Berichten").select_option(label="Direct")
    follow.get_by_role("button", name="Volgen").click()
    expect(page.get_by_text("U volgt nu artikel")).to_be_visible()
    expect(page.locator(".cs-follow")).to_contain_text("U volgt dit. Direct.")
    subscription = Subscription.objects.get(user=follower)
    assert subscription.target == change_request.article
    assert subscription.frequency == Frequency.IMMEDIATELY

    # The request on that article moves on (the secretariat, elsewhere).
    services.change_request_to_legal_review(
        change_request=change_request,
        by=get_user_model().objects.get(username="secretariaat"),
        comment=COMMENT,
        internal_note="Niet voor buiten.",
    )
    notice = Notification.objects.get(user=follower)

    # The header counts it; Meldingen shows it, with the reason and the public comment only.
    page.reload()
    nav_link = page.get_by_role("link", name=re.compile(r"^Meldingen"))
    expect(nav_link).to_contain_text("1 ongelezen")
    nav_link.click()
    expect(page.get_by_role("heading", level=1, name="Meldingen")).to_be_visible()
    item = page.locator(".cs-notice--unread")
    expect(item).to_have_count(1)
    expect(item.get_by_role("link", name=notice.title)).to_be_visible()
    expect(item).to_contain_text(COMMENT)
    expect(item).to_contain_text("U volgt artikel")
    expect(page.get_by_text("Niet voor buiten.")).to_have_count(0)
    assert_accessible(page, "notifications")

    page.get_by_role("button", name="Alles als gelezen markeren").click()
    expect(page.get_by_text("Alle meldingen zijn gelezen.")).to_be_visible()
    expect(page.locator(".cs-notice--unread")).to_have_count(0)
    expect(page.locator(".cs-unread")).to_have_count(0)

    # The subscriptions page.
    page.get_by_role("link", name="Uw abonnementen").click()
    expect(page.get_by_role("heading", level=1, name="Uw abonnementen")).to_be_visible()
    expect(page.get_by_role("rowheader", name=re.compile(r"^Artikel "))).to_be_visible()
    assert_accessible(page, "subscriptions")

    # The link from a mail: a question first, then ended.
    page.goto(base + reverse("notifications:unsubscribe", args=[unsubscribe_token(subscription)]))
    expect(page.get_by_text("Wilt u geen berichten meer over artikel")).to_be_visible()
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    assert_accessible(page, "unsubscribe")
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_text("niet meer. U krijgt hierover geen berichten meer.")).to_be_visible()
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
