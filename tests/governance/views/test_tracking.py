"""The submitter's tracking page, answering, withdrawing, and "Mijn wijzigingsverzoeken"."""

from django.urls import reverse

import pytest

from accounts.roles import Role
from governance.constants import ChangeRequestState
from governance.models import ChangeRequest, TransitionEvent
from governance.services import change_requests as services
from tests.factories import UserFactory, change_request_in_state, staff_user

pytestmark = pytest.mark.django_db

S = ChangeRequestState


def tracking_url(change_request: ChangeRequest) -> str:
    return reverse("governance:tracking", kwargs={"token": change_request.tracking_token})


def supply_url(change_request: ChangeRequest) -> str:
    return reverse(
        "governance:tracking_supply_info", kwargs={"token": change_request.tracking_token}
    )


def withdraw_url(change_request: ChangeRequest) -> str:
    return reverse("governance:tracking_withdraw", kwargs={"token": change_request.tracking_token})


def assert_private(response) -> None:
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    # Not no-referrer: that makes browsers post the page's own forms with Origin: null, which
    # the CSRF check refuses (the browser test proves the forms work).
    assert response["Referrer-Policy"] == "same-origin"


# The tracking page --------------------------------------------------------------------------


def test_tracking_page_shows_state_proposal_and_public_timeline_without_internal_notes(client):
    """The page shows number, title, state, the submitter's own details, the redline and the
    timeline with public comments, and never an internal note."""
    change_request = change_request_in_state(S.INTAKE)
    change_request = services.change_request_to_legal_review(
        change_request=change_request,
        by=staff_user(Role.SECRETARIAT),
        comment="Compleet; door naar het expertteam.",
        internal_note="GEHEIM",
    )

    response = client.get(tracking_url(change_request))

    assert response.status_code == 200
    text = response.content.decode()
    assert change_request.number in text and "Levertermijn verduidelijken" in text
    assert "Juridische toets" in text
    assert "Het expertteam toetst" in text  # what happens next
    assert "sam@gemeente.example.nl" in text and "Sam Indiener" in text
    assert "<ins>" in text and "Binnen 5 werkdagen." in text
    assert "Compleet; door naar het expertteam." in text
    assert "GEHEIM" not in text
    assert "Interne notitie" not in text
    assert change_request.get_absolute_url() in text
    assert '<meta name="robots" content="noindex' in text
    assert 'action="' + withdraw_url(change_request) in text
    assert 'action="' + supply_url(change_request) not in text


def test_tracking_page_is_private(client):
    """Not cached, not indexed, and no Referer that would carry the link to another site."""
    change_request = change_request_in_state(S.INTAKE)

    response = client.get(tracking_url(change_request))

    assert_private(response)
    assert response["X-Robots-Tag"].startswith("noindex")


def test_unknown_tracking_token_is_404(client):
    """A made-up or revoked token shows nothing."""
    change_request_in_state(S.INTAKE)

    response = client.get(reverse("governance:tracking", kwargs={"token": "onbekend-token"}))

    assert response.status_code == 404


def test_unconfirmed_request_says_to_confirm_and_links_no_public_page(client):
    """Before confirmation the request is not public: no link to a public page."""
    change_request = change_request_in_state(S.SUBMITTED)

    response = client.get(tracking_url(change_request))

    text = response.content.decode()
    assert "Bevestig uw e-mailadres" in text
    assert change_request.get_absolute_url() not in text


def test_needs_info_page_shows_the_question_and_the_prefilled_answer_form(client):
    """The latest question of the secretariat, and the current wording ready to revise."""
    change_request = change_request_in_state(S.NEEDS_INFO)

    response = client.get(tracking_url(change_request))

    text = response.content.decode()
    assert "Welke termijn bedoelt u?" in text
    assert 'action="' + supply_url(change_request) in text
    assert response.context["supply_form"]["proposed_text"].value() == (
        change_request.proposed_text
    )


def test_merged_request_names_the_surviving_one_with_its_state_and_link(client):
    """The submitter follows the surviving request: its number, state and public page."""
    change_request = change_request_in_state(S.MERGED)
    survivor = change_request.merged_into

    response = client.get(tracking_url(change_request))

    text = response.content.decode()
    assert f"Samengevoegd met {survivor.number}" in text
    assert survivor.get_absolute_url() in text
    assert response.context["survivor"] == survivor
    assert survivor.get_tracking_url() not in text
    assert 'action="' + withdraw_url(change_request) not in text


# Supplying information ----------------------------------------------------------------------


def test_supply_info_returns_the_request_to_intake_with_the_answer_and_a_new_revision(client):
    """The answer becomes the public comment; changed wording becomes revision 2."""
    change_request = change_request_in_state(S.NEEDS_INFO)
    new_text = "De levering vindt plaats binnen 5 werkdagen na de opdracht."

    response = client.post(
        supply_url(change_request),
        {"answer": "Werkdagen na de opdracht.", "proposed_text": new_text},
    )

    assert response.status_code == 302
    assert response.url == tracking_url(change_request)
    assert_private(response)
    change_request.refresh_from_db()
    assert change_request.state == S.INTAKE
    assert change_request.revision == 2
    assert change_request.proposed_text == new_text
    event = change_request.events.latest("created_at", "pk")
    assert event.transition == "supply_info"
    assert event.public_comment == "Werkdagen na de opdracht."
    page = client.get(response.url).content.decode()
    assert "Uw antwoord is ontvangen" in page


def test_supply_info_with_unchanged_wording_keeps_the_revision(client):
    """The prefilled wording sent back as it was (CRLF from the browser) is no new revision."""
    change_request = change_request_in_state(
        S.NEEDS_INFO, proposed_text="Eerste alinea.\n\nTweede alinea."
    )

    client.post(
        supply_url(change_request),
        {"answer": "Zie de tekst.", "proposed_text": "Eerste alinea.\r\n\r\nTweede alinea."},
    )

    change_request.refresh_from_db()
    assert change_request.state == S.INTAKE
    assert change_request.revision == 1
    assert change_request.proposed_text == "Eerste alinea.\n\nTweede alinea."


def test_supply_info_without_an_answer_is_refused_and_keeps_the_typed_wording(client):
    """An empty answer: 400, nothing written, the revised wording is still in the form."""
    change_request = change_request_in_state(S.NEEDS_INFO)
    events_before = change_request.events.count()

    response = client.post(
        supply_url(change_request), {"answer": "  ", "proposed_text": "Mijn nieuwe tekst."}
    )

    assert response.status_code == 400
    assert_private(response)
    assert "Geef uw antwoord." in response.content.decode()
    assert "Mijn nieuwe tekst." in response.content.decode()
    change_request.refresh_from_db()
    assert change_request.state == S.NEEDS_INFO
    assert change_request.revision == 1
    assert change_request.events.count() == events_before


def test_supply_info_is_refused_when_no_question_is_open(client):
    """In intake there is nothing to answer: 400 with the service's message, nothing written."""
    change_request = change_request_in_state(S.INTAKE)
    events_before = TransitionEvent.objects.count()

    response = client.post(
        supply_url(change_request),
        {"answer": "Een antwoord zonder vraag.", "proposed_text": "Andere tekst."},
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "Deze stap kan niet bij een wijzigingsverzoek met status" in text
    assert "Een antwoord zonder vraag." in text
    change_request.refresh_from_db()
    assert change_request.state == S.INTAKE
    assert change_request.proposed_text != "Andere tekst."
    assert TransitionEvent.objects.count() == events_before


def test_supply_info_only_answers_posts(client):
    """Opening the form's address directly changes nothing."""
    change_request = change_request_in_state(S.NEEDS_INFO)

    response = client.get(supply_url(change_request))

    assert response.status_code == 405
    change_request.refresh_from_db()
    assert change_request.state == S.NEEDS_INFO


# Withdrawing --------------------------------------------------------------------------------


def test_withdraw_from_intake_with_a_public_reason(client):
    """Ticking the box withdraws the request; the reason is on the public timeline."""
    change_request = change_request_in_state(S.INTAKE)

    response = client.post(
        withdraw_url(change_request), {"reason": "Opgelost in overleg.", "confirm": "on"}
    )

    assert response.status_code == 302
    assert response.url == tracking_url(change_request)
    change_request.refresh_from_db()
    assert change_request.state == S.WITHDRAWN
    event = change_request.events.latest("created_at", "pk")
    assert (event.transition, event.public_comment) == ("withdraw", "Opgelost in overleg.")
    page = client.get(response.url).content.decode()
    assert "is ingetrokken" in page
    assert 'action="' + withdraw_url(change_request) not in page


def test_withdraw_without_the_confirmation_box_is_refused(client):
    """The explicit confirmation is required; the typed reason is kept."""
    change_request = change_request_in_state(S.INTAKE)

    response = client.post(withdraw_url(change_request), {"reason": "Toch maar niet."})

    assert response.status_code == 400
    text = response.content.decode()
    assert "Vink aan dat u het wijzigingsverzoek wilt intrekken." in text
    assert "Toch maar niet." in text
    change_request.refresh_from_db()
    assert change_request.state == S.INTAKE


def test_withdraw_is_refused_after_approval(client):
    """Once the steering group approved, the request can no longer be withdrawn."""
    change_request = change_request_in_state(S.APPROVED)
    events_before = TransitionEvent.objects.count()

    page = client.get(tracking_url(change_request)).content.decode()
    response = client.post(
        withdraw_url(change_request), {"reason": "Te laat bedacht.", "confirm": "on"}
    )

    assert 'action="' + withdraw_url(change_request) not in page
    assert response.status_code == 400
    text = response.content.decode()
    assert "Deze stap kan niet bij een wijzigingsverzoek met status" in text
    assert "Te laat bedacht." in text
    change_request.refresh_from_db()
    assert change_request.state == S.APPROVED
    assert TransitionEvent.objects.count() == events_before


# Mijn wijzigingsverzoeken -------------------------------------------------------------------


def test_my_change_requests_requires_login(client):
    """Anonymous visitors are sent to the login page."""
    url = reverse("governance:my_change_requests")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_my_change_requests_lists_only_own_requests(client):
    """Own requests with state and links to the tracking page; other people's are absent."""
    submitter = UserFactory()
    own = change_request_in_state(S.INTAKE, submitter=submitter, title="Mijn eigen verzoek")
    other = change_request_in_state(
        S.INTAKE, release=own.base_release, submitter=UserFactory(), title="Van een ander"
    )
    anonymous = change_request_in_state(S.INTAKE, release=own.base_release, title="Anoniem")
    client.force_login(submitter)

    response = client.get(reverse("governance:my_change_requests"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Mijn eigen verzoek" in text and own.get_tracking_url() in text
    assert own.get_absolute_url() in text
    assert "Intake" in text
    for foreign in (other, anonymous):
        assert foreign.title not in text
        assert foreign.get_tracking_url() not in text


def test_my_change_requests_without_requests_says_so(client):
    """A user who filed nothing gets a sentence, not an empty table."""
    client.force_login(UserFactory())

    response = client.get(reverse("governance:my_change_requests"))

    assert "U hebt nog geen wijzigingsverzoeken ingediend." in response.content.decode()
    assert "<table" not in response.content.decode()


def _own_requests(submitter, count: int) -> None:
    release = change_request_in_state(S.INTAKE, submitter=submitter).base_release
    for n in range(count - 1):
        state = (S.INTAKE, S.NEEDS_INFO, S.WITHDRAWN)[n % 3]
        change_request_in_state(state, release=release, submitter=submitter, title=f"Verzoek {n}")


# session, user, two for the menu's permission check, the list, the unread notices
MY_REQUESTS_QUERIES = 6


@pytest.mark.parametrize("count", [3, 30])
def test_my_change_requests_query_count_does_not_grow(client, django_assert_num_queries, count):
    """The list costs the same number of queries for 3 and for 30 requests."""
    submitter = UserFactory()
    _own_requests(submitter, count)
    client.force_login(submitter)

    with django_assert_num_queries(MY_REQUESTS_QUERIES):
        response = client.get(reverse("governance:my_change_requests"))

    assert response.content.decode().count("/volgen/") == count


def test_new_article_shows_the_proposed_text_as_inserted(client):
    """A new article replaces nothing: all of the proposal is inserted, as on the public page."""
    change_request = change_request_in_state(
        S.INTAKE, kind="new_article", proposed_text="Artikel 3.2 Nieuw. De <b>nieuwe</b> regel."
    )

    response = client.get(tracking_url(change_request))

    text = response.content.decode()
    assert "<del>" not in str(response.context["redline_html"])
    assert "<ins>Artikel 3.2 Nieuw. De &lt;b&gt;nieuwe&lt;/b&gt; regel.</ins>" in text


def test_removal_request_answers_without_a_wording_field(client):
    """A request to remove an article has no wording to revise; the answer alone suffices."""
    change_request = change_request_in_state(S.NEEDS_INFO, kind="remove_article")
    page = client.get(tracking_url(change_request))
    assert "proposed_text" not in page.context["supply_form"].fields

    response = client.post(supply_url(change_request), {"answer": "Het artikel is overbodig."})

    assert response.status_code == 302
    change_request.refresh_from_db()
    assert (change_request.state, change_request.revision) == (S.INTAKE, 1)
