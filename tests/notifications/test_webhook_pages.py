"""The integrator's webhook pages: who may use them, making an endpoint, its secret shown once,
switching it off and on, deleting it, and the delivery log."""

import re

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

import pytest

from accounts.roles import Role
from notifications.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from notifications.webhooks import MAX_ENDPOINTS_PER_OWNER, webhook_endpoint_create
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:webhooks")
CREATE = reverse("notifications:webhook_create")
URL = "https://koppeling.example.nl/cs-webhook"
ALL_EVENTS = [WebhookEvent.RELEASE_PUBLISHED, WebhookEvent.CHANGE_REQUEST_TRANSITIONED]


def detail(endpoint: WebhookEndpoint) -> str:
    return reverse("notifications:webhook_detail", args=[endpoint.pk])


def action(name: str, endpoint: WebhookEndpoint) -> str:
    return reverse(f"notifications:webhook_{name}", args=[endpoint.pk])


def text(response) -> str:
    """The page as a reader hears it: tags removed, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def integrator(client):
    user = UserFactory(username="koppeling", roles=[Role.INTEGRATOR])
    client.force_login(user)
    return user


def endpoint_of(owner, url: str = URL, events=ALL_EVENTS) -> WebhookEndpoint:
    return webhook_endpoint_create(by=owner, url=url, events=list(events))


def delivery(endpoint: WebhookEndpoint, key: str, **fields) -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_type=WebhookEvent.RELEASE_PUBLISHED,
        event_key=key,
        payload={},
        next_attempt_at=timezone.now(),
        **fields,
    )


# --- Who ------------------------------------------------------------------------------------------


def test_the_pages_need_a_login(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [None, Role.SECRETARIAT, Role.ORGANISATION_CONTACT])
def test_only_integrators_may_use_the_pages(client, role):
    """Without notifications.manage_webhooks every page refuses, and a POST makes nothing."""
    user = staff_user(role) if role else UserFactory()
    client.force_login(user)
    endpoint = endpoint_of(UserFactory(roles=[Role.INTEGRATOR]))

    assert client.get(LIST).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"url": URL, "events": ALL_EVENTS}).status_code == 403
    assert client.get(detail(endpoint)).status_code == 403
    assert WebhookEndpoint.objects.count() == 1


def test_staff_given_the_permission_may_use_the_pages(client):
    user = staff_user(Role.SECRETARIAT)
    user.user_permissions.add(Permission.objects.get(codename="manage_webhooks"))
    client.force_login(user)

    assert client.get(LIST).status_code == 200


def test_another_integrators_endpoint_is_not_found(client, integrator):
    """Neither shown nor changed: a 404 for every page of it."""
    theirs = endpoint_of(UserFactory(roles=[Role.INTEGRATOR]))

    assert client.get(detail(theirs)).status_code == 404
    for name in ("rotate", "disable", "enable", "delete"):
        assert client.post(action(name, theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.active
    assert WebhookEndpoint.objects.filter(pk=theirs.pk).exists()


# --- The list -------------------------------------------------------------------------------------


def test_the_list_shows_the_users_own_endpoints_with_their_state(client, integrator):
    mine = endpoint_of(integrator)
    off = endpoint_of(integrator, "https://uit.example.nl/hook", [WebhookEvent.RELEASE_PUBLISHED])
    WebhookEndpoint.objects.filter(pk=off.pk).update(disabled_at=timezone.now())
    endpoint_of(UserFactory(roles=[Role.INTEGRATOR]), "https://ander.example.nl/hook")
    delivery(mine, "a")
    delivery(mine, "b", status=DeliveryStatus.FAILED)

    response = client.get(LIST)

    assert response.status_code == 200
    page = text(response)
    assert URL in page and "https://uit.example.nl/hook" in page
    assert "ander.example.nl" not in page
    assert "Uitgeschakeld na fouten" in page
    assert "Een versie is gepubliceerd, Een wijzigingsverzoek heeft een stap gezet" in page
    assert mine.secret not in response.content.decode()


@pytest.mark.parametrize("endpoints", [1, 6])
def test_the_list_takes_a_fixed_number_of_queries(
    client, integrator, endpoints, django_assert_max_num_queries
):
    for number in range(endpoints):
        endpoint = endpoint_of(integrator, f"https://k{number}.example.nl/hook")
        delivery(endpoint, "a")

    with django_assert_max_num_queries(6):
        assert client.get(LIST).status_code == 200


# --- Making one -----------------------------------------------------------------------------------


def test_making_an_endpoint_shows_its_secret_once(client, integrator):
    """After creating: the detail page with the whole secret; on the next visit only its end."""
    response = client.post(CREATE, {"url": URL, "events": ALL_EVENTS}, follow=True)

    endpoint = WebhookEndpoint.objects.get()
    assert response.redirect_chain == [(detail(endpoint), 302)]
    assert (endpoint.owner, endpoint.url, endpoint.events) == (integrator, URL, ALL_EVENTS)
    page = text(response)
    assert "De webhook is aangemaakt." in page
    assert endpoint.secret in page
    assert "wordt hierna niet meer getoond" in page
    assert "no-store" in response["Cache-Control"]

    again = client.get(detail(endpoint))
    assert endpoint.secret not in again.content.decode()
    assert f"eindigt op …{endpoint.secret[-4:]}" in text(again)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": "http://koppeling.example.nl/hook", "events": ALL_EVENTS}, "https://"),
        ({"url": "geen adres", "events": ALL_EVENTS}, "Adres"),
        ({"url": URL}, "Kies ten minste één gebeurtenis."),
        ({"url": "https://10.0.0.8/hook", "events": ALL_EVENTS}, "niet van buiten bereikbaar"),
    ],
)
def test_a_refused_endpoint_shows_the_form_again_with_what_was_typed(
    client, integrator, data, message
):
    response = client.post(CREATE, data)

    assert response.status_code == 400
    assert message in text(response)
    html = response.content.decode()
    assert f'value="{data["url"]}"' in html
    for event in data.get("events", []):
        assert re.search(rf'value="{re.escape(event)}"[^>]*checked', html)
    assert not WebhookEndpoint.objects.exists()


def test_the_same_address_twice_is_refused_by_the_service_and_keeps_the_input(client, integrator):
    endpoint_of(integrator)

    response = client.post(CREATE, {"url": URL, "events": [WebhookEvent.RELEASE_PUBLISHED]})

    assert response.status_code == 400
    assert "U hebt al een webhook met dit adres." in text(response)
    assert f'value="{URL}"' in response.content.decode()
    assert WebhookEndpoint.objects.count() == 1


def test_more_than_the_limit_is_refused(client, integrator):
    for number in range(MAX_ENDPOINTS_PER_OWNER):
        endpoint_of(integrator, f"https://k{number}.example.nl/hook")

    response = client.post(CREATE, {"url": URL, "events": ALL_EVENTS})

    assert response.status_code == 400
    assert "verwijder er eerst een" in text(response)
    assert WebhookEndpoint.objects.count() == MAX_ENDPOINTS_PER_OWNER


# --- One endpoint ---------------------------------------------------------------------------------


def test_the_detail_shows_the_delivery_log_newest_first(client, integrator):
    endpoint = endpoint_of(integrator)
    delivery(endpoint, "old", status=DeliveryStatus.DELIVERED, response_status=200)
    delivery(
        endpoint,
        "new",
        attempts=2,
        response_status=500,
        response_excerpt="Database weg",
        last_error="Antwoord 500 in plaats van 2xx.",
    )

    response = client.get(detail(endpoint))

    page = text(response)
    assert page.index("In de wachtrij") < page.index("Afgeleverd")
    assert "Antwoord 500 in plaats van 2xx." in page
    assert "Database weg" in page
    assert "Volgende poging" in page
    assert "X-CS-Signature" in page


@pytest.mark.parametrize("deliveries", [1, 60])
def test_the_detail_takes_a_fixed_number_of_queries_and_shows_the_last_50(
    client, integrator, deliveries, django_assert_max_num_queries
):
    endpoint = endpoint_of(integrator)
    for number in range(deliveries):
        delivery(endpoint, f"e{number}")

    with django_assert_max_num_queries(7):
        response = client.get(detail(endpoint))

    assert response.content.decode().count("cs-delivery-state--") == min(deliveries, 50)


def test_a_new_secret_is_shown_once_and_replaces_the_old(client, integrator):
    endpoint = endpoint_of(integrator)
    old = endpoint.secret

    response = client.post(action("rotate", endpoint), follow=True)

    endpoint.refresh_from_db()
    assert endpoint.secret != old
    page = text(response)
    assert endpoint.secret in page
    assert old not in page
    assert "het oude werkt niet meer" in page
    assert endpoint.secret not in client.get(detail(endpoint)).content.decode()


def test_switching_off_and_on(client, integrator):
    """Off: the button to switch on; on again after the portal switched it off: the count and
    the switch-off are cleared."""
    endpoint = endpoint_of(integrator)

    page = text(client.post(action("disable", endpoint), follow=True))
    endpoint.refresh_from_db()
    assert not endpoint.active
    assert "De webhook staat uit." in page
    assert "Weer aanzetten" in page

    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        active=True, disabled_at=timezone.now(), consecutive_failures=12
    )
    page = text(client.get(detail(endpoint)))
    assert "uitgeschakeld: 12 pogingen op rij mislukten" in page

    page = text(client.post(action("enable", endpoint), follow=True))
    endpoint.refresh_from_db()
    assert (endpoint.active, endpoint.disabled_at, endpoint.consecutive_failures) == (
        True,
        None,
        0,
    )
    assert "De webhook staat aan." in page


def test_the_changes_need_a_post(client, integrator):
    endpoint = endpoint_of(integrator)
    secret = endpoint.secret

    for name in ("rotate", "disable", "enable"):
        assert client.get(action(name, endpoint)).status_code == 405
    endpoint.refresh_from_db()
    assert (endpoint.secret, endpoint.active) == (secret, True)


def test_deleting_asks_first_then_removes_the_endpoint_and_its_log(client, integrator):
    endpoint = endpoint_of(integrator)
    delivery(endpoint, "a")

    confirm = client.get(action("delete", endpoint))
    assert confirm.status_code == 200
    assert "Definitief verwijderen" in text(confirm)
    assert WebhookEndpoint.objects.exists()

    response = client.post(action("delete", endpoint), follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    assert f"De webhook naar {URL} is verwijderd." in text(response)
    assert not WebhookEndpoint.objects.exists()
    assert not WebhookDelivery.objects.exists()
