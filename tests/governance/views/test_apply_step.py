"""The step page that works a scheduled request into the draft, with its conflict panel."""

from django.urls import reverse

import pytest

from accounts.roles import Role
from governance.constants import Application
from governance.constants import ChangeRequestState as S
from governance.models import ChangeRequest, TransitionEvent
from standards.models import ArticleVersion
from standards.services.articles import article_version_revise
from tests.factories import change_request_in_state, staff_user

pytestmark = pytest.mark.django_db


def step_url(change_request: ChangeRequest) -> str:
    return reverse(
        "governance:change_request_step",
        kwargs={"number": change_request.number, "step": "verwerken"},
    )


def draft_version(change_request: ChangeRequest) -> ArticleVersion:
    return ArticleVersion.objects.get(
        release=change_request.scheduled_release, article=change_request.article
    )


@pytest.fixture
def manager(client):
    user = staff_user(Role.RELEASE_MANAGER)
    client.force_login(user)
    return user


def test_the_release_manager_applies_an_untouched_article_in_one_click(client, manager):
    """A scheduled request offers the step; posting it applies the proposal cleanly."""
    change_request = change_request_in_state(S.SCHEDULED)
    detail = client.get(change_request.get_absolute_url()).content.decode()
    assert step_url(change_request) in detail

    response = client.post(step_url(change_request), {"seen_state": S.SCHEDULED, "text": ""})

    assert response.status_code == 302
    change_request.refresh_from_db()
    assert (change_request.state, change_request.application) == (S.APPLIED, Application.CLEAN)
    assert draft_version(change_request).text == change_request.proposed_text


def test_a_changed_article_shows_three_texts_and_writes_nothing(client, manager):
    """409 with base, current and proposed side by side; the text field starts at the request's
    change merged into the current text (it adds a sentence the interim edit did not touch)."""
    change_request = change_request_in_state(S.SCHEDULED)
    article_version_revise(
        version=draft_version(change_request), text="Tussentijds gewijzigd.", by=None, reason="x"
    )
    events = TransitionEvent.objects.count()

    response = client.post(
        step_url(change_request), {"seen_state": S.SCHEDULED, "comment": "Mijn toelichting"}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Drie teksten naast elkaar" in page
    assert "Tussentijds gewijzigd." in page
    assert "De levering." in page  # the text the request was written against
    assert response.context["form"]["text"].value() == "Tussentijds gewijzigd. Binnen 5 werkdagen."
    assert "Samengevoegd: de wijziging van het verzoek in de tekst van nu" in page
    assert "Mijn toelichting" in page
    change_request.refresh_from_db()
    assert change_request.state == S.SCHEDULED
    assert TransitionEvent.objects.count() == events
    assert draft_version(change_request).text == "Tussentijds gewijzigd."


def test_the_resolved_text_is_applied_as_a_manual_application(client, manager):
    """Posting the resolution lands it in the draft and records how."""
    change_request = change_request_in_state(S.SCHEDULED)
    article_version_revise(
        version=draft_version(change_request), text="Tussentijds gewijzigd.", by=None, reason="x"
    )

    response = client.post(
        step_url(change_request),
        {"seen_state": S.SCHEDULED, "text": "Tussentijds gewijzigd. Binnen 5 werkdagen."},
    )

    assert response.status_code == 302
    change_request.refresh_from_db()
    assert change_request.application == Application.MANUAL
    assert draft_version(change_request).text == "Tussentijds gewijzigd. Binnen 5 werkdagen."


def test_other_roles_cannot_apply(client):
    """A legal reviewer reads the page of a scheduled request but may not take this step."""
    change_request = change_request_in_state(S.SCHEDULED)
    client.force_login(staff_user(Role.LEGAL_REVIEWER))

    response = client.post(step_url(change_request), {"seen_state": S.SCHEDULED})

    assert response.status_code == 403
    change_request.refresh_from_db()
    assert change_request.state == S.SCHEDULED
