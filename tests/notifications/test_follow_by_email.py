"""Following without an account: the address is confirmed by a link before anything is sent."""

import re

import pytest

from governance.constants import ChangeRequestState as S
from notifications.models import Frequency, OutgoingMail, Subscription
from notifications.subscriptions import (
    follow_confirmation_token,
    read_follow_confirmation,
    subscription_follow_by_email,
)
from tests.factories import change_request_in_state

pytestmark = pytest.mark.django_db

ADDRESS = "lezer@aanbieder.example.nl"


@pytest.fixture
def change_request():
    return change_request_in_state(S.INTAKE)


def follow_url(change_request) -> str:
    return f"/meldingen/volgen/wijzigingsverzoek/{change_request.pk}/per-e-mail/"


def test_asking_mails_a_confirmation_link_and_follows_nothing_yet(client, change_request):
    response = client.post(
        follow_url(change_request), {"email": ADDRESS, "frequency": Frequency.WEEKLY}
    )

    assert response.status_code == 200
    assert "Wij hebben een e-mail gestuurd naar" in response.content.decode()
    assert not Subscription.objects.exists()
    mail = OutgoingMail.objects.get(to=ADDRESS)
    assert mail.subject == f"Bevestig dat u wijzigingsverzoek {change_request.number} wilt volgen"
    link = re.search(r"https?://\S+/meldingen/bevestigen/\S+/", mail.text).group(0)

    token_path = link[link.index("/meldingen/") :]
    page = client.get(token_path)
    assert page.status_code == 200 and "Ja, volgen" in page.content.decode()
    assert not Subscription.objects.exists()  # a mail scanner opening the link follows nothing

    client.post(token_path)
    subscription = Subscription.objects.get()
    assert (subscription.user, subscription.email, subscription.frequency) == (
        None,
        ADDRESS,
        Frequency.WEEKLY,
    )
    assert subscription.target == change_request
    client.post(token_path)  # twice: still one subscription
    assert Subscription.objects.count() == 1


def test_a_second_request_the_same_day_sends_no_second_mail(client, change_request):
    """The form cannot flood a mailbox; the page reads the same either way."""
    for _n in range(3):
        response = client.post(
            follow_url(change_request), {"email": ADDRESS, "frequency": Frequency.IMMEDIATELY}
        )
        assert "Wij hebben een e-mail gestuurd naar" in response.content.decode()
    assert OutgoingMail.objects.filter(to=ADDRESS).count() == 1


def test_a_bad_address_is_refused_with_the_input_kept(client, change_request):
    response = client.post(
        follow_url(change_request), {"email": "geen-adres", "frequency": Frequency.DAILY}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vul een geldig e-mailadres in." in page
    assert 'value="geen-adres"' in page
    assert not OutgoingMail.objects.exists()


def test_an_unconfirmed_request_or_a_forged_link_gets_nothing(client):
    hidden = change_request_in_state(S.SUBMITTED)
    response = client.post(follow_url(hidden), {"email": ADDRESS, "frequency": "immediately"})
    assert response.status_code == 404
    assert OutgoingMail.objects.filter(to=ADDRESS).count() == 0
    assert client.get("/meldingen/bevestigen/vervalst/").status_code == 404
    assert read_follow_confirmation("vervalst") is None


def test_confirming_again_changes_only_the_frequency(change_request):
    subscription_follow_by_email(email=ADDRESS, target=change_request, frequency="immediately")
    token = follow_confirmation_token(
        email=ADDRESS.upper(), target=change_request, frequency=Frequency.DAILY
    )
    email, target, frequency = read_follow_confirmation(token)
    subscription_follow_by_email(email=email, target=target, frequency=frequency)
    assert list(Subscription.objects.values_list("email", "frequency")) == [
        (ADDRESS, Frequency.DAILY)
    ]


def test_anonymous_visitors_see_the_e_mail_follow_form_on_a_followed_page(client, change_request):
    page = client.get(change_request.get_absolute_url()).content.decode()
    assert f'action="{follow_url(change_request)}"' in page
    assert 'type="email"' in page
