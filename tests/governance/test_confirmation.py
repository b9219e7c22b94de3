"""E-mail confirmation links and what confirming does.

The link carries the request's pk and the e-mail address, signed with the site's secret and a
timestamp. A forged or altered link is ``ConfirmationLinkInvalid``; a genuine link older than
``CS_CONFIRMATION_MAX_AGE_DAYS`` is ``ConfirmationLinkExpired`` (a subclass, carrying the pk so a
new link can be offered). A link made for another address proves nothing. Confirming twice is
harmless: one confirm event.
"""

import time
from unittest import mock

from django.core import signing

import pytest

from governance.confirmation import (
    SALT,
    confirmation_token,
    new_tracking_token,
    read_confirmation_token,
)
from governance.constants import ChangeRequestState
from governance.exceptions import (
    ConfirmationLinkExpired,
    ConfirmationLinkInvalid,
    NotPermitted,
)
from governance.models import ChangeRequest
from governance.services.change_requests import change_request_confirm
from tests.factories import change_request_in_state
from tests.governance.services.builders import draft_release, published_release
from tests.governance.services.snapshots import workflow_rows

S = ChangeRequestState
DAY = 24 * 60 * 60


@pytest.fixture
def max_age_days(settings) -> int:
    settings.CS_CONFIRMATION_MAX_AGE_DAYS = 7
    return 7


def token_made_ago(seconds: float, **payload) -> str:
    """A genuine token, signed ``seconds`` ago."""
    with mock.patch("django.core.signing.time.time", return_value=time.time() - seconds):
        return confirmation_token(**payload)


def test_a_token_reads_back_as_the_pk_and_the_lowercased_address(max_age_days):
    """The address is compared case-insensitively, so it is kept in lower case."""
    token = confirmation_token(change_request_pk=42, email="Sam@Gemeente.Example.nl")

    assert read_confirmation_token(token) == (42, "sam@gemeente.example.nl")


def test_a_token_just_within_its_age_is_still_valid(max_age_days):
    """Seven days minus a minute: still good."""
    token = token_made_ago(max_age_days * DAY - 60, change_request_pk=7, email="a@b.nl")

    assert read_confirmation_token(token) == (7, "a@b.nl")


def test_a_token_older_than_its_age_is_expired_and_names_the_request(max_age_days):
    """Expired, not invalid: the page can offer to send a new link for request 7."""
    token = token_made_ago(max_age_days * DAY + 60, change_request_pk=7, email="a@b.nl")

    with pytest.raises(ConfirmationLinkExpired) as raised:
        read_confirmation_token(token)

    assert raised.value.change_request_pk == 7
    assert raised.value.message


def test_the_age_follows_the_setting(settings):
    """A shorter configured age expires links sooner."""
    settings.CS_CONFIRMATION_MAX_AGE_DAYS = 1
    token = token_made_ago(2 * DAY, change_request_pk=7, email="a@b.nl")

    with pytest.raises(ConfirmationLinkExpired):
        read_confirmation_token(token)


def _forgeries() -> dict[str, str]:
    genuine = confirmation_token(change_request_pk=7, email="a@b.nl")
    payload, timestamp, signature = genuine.rsplit(":", 2)
    other_payload = signing.dumps({"cr": 8, "email": "a@b.nl"}, salt=SALT).split(":")[0]
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    return {
        "payload of another request": f"{other_payload}:{timestamp}:{signature}",
        "an altered timestamp": f"{payload}:{timestamp}0:{signature}",
        "an altered signature": f"{payload}:{timestamp}:{flipped}",
        "no signature": payload,
        "signed with another salt": signing.dumps({"cr": 7, "email": "a@b.nl"}, salt="other"),
        "signed with another key": signing.dumps(
            {"cr": 7, "email": "a@b.nl"}, salt=SALT, key="not-the-site-secret"
        ),
        "a random string": new_tracking_token(),
        "an empty string": "",
        "non-ASCII garbage": "ü:ë:ï",
    }


FORGERIES = [
    "payload of another request",
    "an altered timestamp",
    "an altered signature",
    "no signature",
    "signed with another salt",
    "signed with another key",
    "a random string",
    "an empty string",
    "non-ASCII garbage",
]


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_forged_or_altered_token_is_invalid_not_expired(forgery, max_age_days):
    """Forgeries fail the signature: ``ConfirmationLinkInvalid`` and never the expired kind."""
    forgeries = _forgeries()
    assert set(forgeries) == set(FORGERIES)

    with pytest.raises(ConfirmationLinkInvalid) as raised:
        read_confirmation_token(forgeries[forgery])

    assert type(raised.value) is ConfirmationLinkInvalid
    assert raised.value.message


# Confirming through the service ----------------------------------------------------------------


@pytest.fixture
def submitted(db):
    return change_request_in_state(S.SUBMITTED, release=draft_release(published_release()))


def link_for(change_request: ChangeRequest, email: str | None = None) -> str:
    return confirmation_token(
        change_request_pk=change_request.pk, email=email or change_request.submitter_email
    )


def test_confirming_moves_the_request_to_intake(submitted, max_age_days):
    """One confirm event, by the submitter, without an account."""
    confirmed = change_request_confirm(token=link_for(submitted))

    confirmed.refresh_from_db()
    assert confirmed.state == S.INTAKE
    assert confirmed.confirmed_at is not None
    assert list(confirmed.events.values_list("transition", "actor")) == [
        ("submit", None),
        ("confirm", None),
    ]


def test_the_address_is_compared_without_regard_to_case(submitted, max_age_days):
    """Typed as Sam@..., stored as typed, confirmed by a link for sam@...."""
    ChangeRequest.objects.filter(pk=submitted.pk).update(submitter_email="Sam@Gemeente.nl")

    confirmed = change_request_confirm(token=link_for(submitted, "sam@gemeente.nl"))

    assert confirmed.state == S.INTAKE


def test_confirming_twice_is_harmless(submitted, max_age_days):
    """The second click shows the request as it is; still one confirm event."""
    link = link_for(submitted)
    change_request_confirm(token=link)
    before = workflow_rows()

    again = change_request_confirm(token=link)

    assert again.state == S.INTAKE
    assert workflow_rows() == before
    assert again.events.filter(transition="confirm").count() == 1


def test_a_link_for_another_address_is_not_permitted_and_writes_nothing(submitted, max_age_days):
    """The address was changed after the link was sent: the old link proves nothing."""
    before = workflow_rows()

    with pytest.raises(NotPermitted):
        change_request_confirm(token=link_for(submitted, "iemand@anders.nl"))

    assert workflow_rows() == before


def test_an_expired_link_confirms_nothing(submitted, max_age_days):
    """The service passes the expiry on (with the pk) and writes nothing."""
    token = token_made_ago(
        max_age_days * DAY + 60,
        change_request_pk=submitted.pk,
        email=submitted.submitter_email,
    )
    before = workflow_rows()

    with pytest.raises(ConfirmationLinkExpired) as raised:
        change_request_confirm(token=token)

    assert raised.value.change_request_pk == submitted.pk
    assert workflow_rows() == before


def test_a_forged_link_confirms_nothing(submitted, max_age_days):
    """Another request's pk with this request's signature: invalid, nothing written."""
    genuine = link_for(submitted)
    payload, timestamp, signature = genuine.rsplit(":", 2)
    before = workflow_rows()

    with pytest.raises(ConfirmationLinkInvalid):
        change_request_confirm(token=f"{payload}x:{timestamp}:{signature}")

    assert workflow_rows() == before


def test_a_genuine_link_to_a_request_that_no_longer_exists_is_invalid(submitted, max_age_days):
    """No crash on a link for a request that is gone: the link is simply not valid."""
    token = confirmation_token(change_request_pk=submitted.pk + 1000, email="a@b.nl")

    with pytest.raises(ConfirmationLinkInvalid) as raised:
        change_request_confirm(token=token)

    assert type(raised.value) is ConfirmationLinkInvalid
