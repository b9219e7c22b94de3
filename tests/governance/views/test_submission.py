"""Filing a change request from an article or document page, its preview and duplicate hints, the
page after filing, and confirming the e-mail address."""

import datetime
import html
import time
from unittest import mock

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

import pytest

from governance.confirmation import confirmation_token
from governance.constants import ChangeRequestState, ImpactClass
from governance.models import ChangeRequest, NumberSeries, TransitionEvent
from governance.views import submission
from organisations.constants import OrganisationKind
from standards.constants import ReleaseState
from standards.deadlines import AMSTERDAM, end_of_day
from tests.factories import (
    StandardFactory,
    UserFactory,
    change_request_in_state,
    release_with_articles,
)

pytestmark = pytest.mark.django_db


FIRST_PARAGRAPH = "De aanbieder levert het hulpmiddel binnen tien werkdagen."
CURRENT_TEXT = f"{FIRST_PARAGRAPH}\n\nDe termijn gaat in op de dag na de opdracht."
PROPOSED_TEXT = CURRENT_TEXT.replace("tien", "vijf")
# Release (with its standard), article version, document version, the releases that accept
# requests (published, open), the submission target (open), the open requests of the standard.
FORM_PAGE_QUERIES = 7
FUTURE_DEADLINE = end_of_day(datetime.date(2099, 12, 31))
PAST_DEADLINE = end_of_day(datetime.date(2025, 12, 31))


def _articles(count: int) -> list[tuple[str, str, str]]:
    rows = [("3.1", "Levering", CURRENT_TEXT)]
    rows += [(f"3.{n}", f"Artikel {n}", f"Tekst van artikel {n}.") for n in range(2, count + 1)]
    return rows


def _standard(*, count: int = 3, deadline: datetime.datetime = FUTURE_DEADLINE):
    """A standard with a published 1.0 and a draft 1.1 of ``count`` articles."""
    standard = StandardFactory(slug=f"cs-wmo-{count}", name="CS Wmo")
    published = release_with_articles(standard=standard, version="1.0", articles=_articles(count))
    identities = [v.article for v in published.article_versions.order_by("position")]
    draft = release_with_articles(
        standard=standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        articles=_articles(count),
        identities=identities,
        submission_deadline=deadline,
    )
    return published, draft


@pytest.fixture
def draft():
    return _standard()[1]


def _article(release, number: str = "3.1"):
    return release.article_versions.select_related("document").get(number=number)


def _form_url(release, number: str = "3.1") -> str:
    return reverse(
        "governance:submit_article",
        kwargs={
            "standard": release.standard.slug,
            "version": release.version,
            "document": "deel-3",
            "number": number,
        },
    )


def _document_url(release) -> str:
    return reverse(
        "governance:submit_document",
        kwargs={
            "standard": release.standard.slug,
            "version": release.version,
            "document": "deel-3",
        },
    )


def _typed(**overrides) -> dict[str, str]:
    data = {
        "action": "submit",
        "kind": "change_wording",
        "title": "Levertermijn korter",
        "proposed_text": PROPOSED_TEXT,
        "motivation": "Tien werkdagen is te lang voor cliënten.",
        "impact": ImpactClass.COMPATIBLE,
        "summary": "Hulpmiddelen sneller leveren.",
        "submitter_name": "Fatima de Vries",
        "submitter_email": "fatima@gemeente-voorbeeld.nl",
        "organisation_name": "Gemeente Voorbeeld",
        "organisation_type": OrganisationKind.MUNICIPALITY,
    }
    data.update(overrides)
    return data


def _written() -> tuple:
    """Everything a submission writes, to show that a refused one wrote nothing."""
    return (
        ChangeRequest.objects.count(),
        ChangeRequest.history.count(),
        TransitionEvent.objects.count(),
        list(NumberSeries.objects.values_list("year", "last_sequence")),
    )


# The form page ---------------------------------------------------------------------------------


def test_form_shows_the_article_text_the_deadline_and_a_prefilled_copy(client, draft):
    """GET shows the current text, the deadline in explicit wording and the text to edit."""
    response = client.get(_form_url(draft))
    assert response.status_code == 200
    text = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Wijzigingsverzoek indienen</h1>' in text
    assert f"<p>{FIRST_PARAGRAPH}</p>" in text  # rendered like the article page
    assert "Verzoeken voor versie 1.1 dient u in uiterlijk 31 december 2099 om 23:59." in text
    assert response.context["form"]["proposed_text"].value() == CURRENT_TEXT
    crumbs = [label for label, _url in response.context["crumbs"]]
    assert crumbs == [
        "Standaarden",
        "CS Wmo",
        "Versie 1.1",
        "Deel 3: Generiek",
        "Artikel 3.1 Levering",
        "Wijzigingsverzoek indienen",
    ]
    assert 'aria-live="polite"' in text
    assert "js/change-request-form.js" in text


def test_form_prefills_name_and_email_of_a_logged_in_user(client, draft):
    """A logged-in submitter finds the account's name and e-mail address filled in."""
    user = UserFactory(username="jan", first_name="Jan", last_name="Jansen", email="jan@x.nl")
    client.force_login(user)
    form = client.get(_form_url(draft)).context["form"]
    assert form["submitter_name"].value() == "Jan Jansen"
    assert form["submitter_email"].value() == "jan@x.nl"


@pytest.mark.parametrize("count", [3, 30])
def test_form_page_query_count_does_not_grow_with_the_document(
    client, django_assert_num_queries, count
):
    """The form page costs the same number of queries for a document of 3 or 30 articles."""
    _published, draft = _standard(count=count)
    with django_assert_num_queries(FORM_PAGE_QUERIES):
        response = client.get(_form_url(draft, "3.2"))
    assert response.status_code == 200


# Filing ----------------------------------------------------------------------------------------


def test_anonymous_submission_is_stored_as_submitted_with_everything_typed(client, draft):
    """One request, state submitted, every typed field kept, the year's first number."""
    response = client.post(_form_url(draft), _typed())
    assert response.status_code == 302
    assert response.url == reverse("governance:received")

    change_request = ChangeRequest.objects.get()
    year = timezone.now().astimezone(AMSTERDAM).year
    assert change_request.number == f"WV-{year}-0001"
    assert change_request.state == ChangeRequestState.SUBMITTED
    assert change_request.submitter_user is None
    assert change_request.base_release == draft
    assert change_request.base_version == _article(draft)
    assert change_request.article == _article(draft).article
    assert change_request.target_version == "1.1"
    typed = _typed()
    for field in (
        "kind",
        "title",
        "proposed_text",
        "motivation",
        "impact",
        "summary",
        "submitter_name",
        "submitter_email",
        "organisation_name",
        "organisation_type",
    ):
        assert getattr(change_request, field) == typed[field], field
    assert list(change_request.events.values_list("transition", flat=True)) == ["submit"]


def test_received_page_tells_an_anonymous_submitter_to_check_the_mail(client, draft):
    """After filing: the number, "controleer uw e-mail", and no tracking link yet."""
    client.post(_form_url(draft), _typed())
    change_request = ChangeRequest.objects.get()
    response = client.get(reverse("governance:received"))
    assert response.status_code == 200
    text = response.content.decode()
    assert change_request.number in text
    assert "Controleer uw e-mail" in text
    assert "fatima@gemeente-voorbeeld.nl" in text
    assert "Uw verzoek wordt meegenomen voor versie 1.1." in text
    assert change_request.tracking_token not in text
    assert change_request.get_tracking_url() not in text


def test_logged_in_submission_goes_straight_to_intake(client, draft):
    """With an account the address is proven: intake at once, linked to the account."""
    user = UserFactory(username="an", email="an@aanbieder.nl")
    client.force_login(user)
    response = client.post(_form_url(draft), _typed(submitter_email="an@aanbieder.nl"))
    assert response.status_code == 302

    change_request = ChangeRequest.objects.get()
    assert change_request.state == ChangeRequestState.INTAKE
    assert change_request.submitter_user == user
    assert change_request.confirmed_at is not None

    text = client.get(reverse("governance:received")).content.decode()
    assert change_request.get_absolute_url() in text
    assert reverse("governance:my_change_requests") in text
    assert "Controleer uw e-mail" not in text


def test_received_without_a_submission_goes_to_the_list(client):
    """Opening the page after filing without having filed leads to the list of requests."""
    response = client.get(reverse("governance:received"))
    assert response.status_code == 302
    assert response.url == reverse("governance:change_request_list")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "   "}, "title", "Geef een titel."),
        (
            {"submitter_email": "fatima-at-gemeente"},
            "submitter_email",
            "Geef een geldig e-mailadres, zoals naam@gemeente.nl.",
        ),
        (
            # What a browser sends for an untouched copy: \r\n line ends.
            {"proposed_text": CURRENT_TEXT.replace("\n", "\r\n")},
            "proposed_text",
            "De voorgestelde tekst is gelijk aan de huidige tekst. Pas de tekst aan.",
        ),
    ],
    ids=["missing-title", "bad-email", "text-unchanged"],
)
def test_invalid_input_is_refused_next_to_the_field_keeping_everything(
    client, draft, overrides, field, message
):
    """400, the Dutch message next to the field, every typed value still there, nothing written."""
    before = _written()
    typed = _typed(**overrides)
    response = client.post(_form_url(draft), typed)

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    text = response.content.decode()
    error_block = text.split(f'id="id_{field}_error"', 1)[1].split("</div>", 1)[0]
    assert html.escape(message, quote=False) in error_block
    form = response.context["form"]
    for name, value in typed.items():
        if name != "action":
            assert form[name].value() == value, name
        if name not in ("action", "kind", "impact", "organisation_type"):
            assert html.escape(value.strip()) in text, name
    assert 'value="compatible" required id="id_impact_1" checked' in text
    assert '<option value="gemeente" selected>' in text
    assert _written() == before


def test_submission_on_a_superseded_release_is_refused(client):
    """A superseded release takes no requests: the form points to the current version, and a
    POST is refused with a message above the form and nothing stored."""
    standard = StandardFactory(slug="cs-jeugd", name="CS Jeugd")
    old = release_with_articles(
        standard=standard, version="1.0", state=ReleaseState.SUPERSEDED, articles=_articles(3)
    )
    identities = [v.article for v in old.article_versions.order_by("position")]
    current = release_with_articles(
        standard=standard, version="1.1", articles=_articles(3), identities=identities
    )

    response = client.get(_form_url(old))
    assert response.status_code == 404
    text = response.content.decode()
    assert "Versie 1.0 is niet meer actueel." in text
    assert _form_url(current) in text

    before = _written()
    response = client.post(_form_url(old), _typed())
    assert response.status_code == 400
    assert any(
        "Versie 1.0 is niet meer actueel" in e for e in response.context["form"].non_field_errors()
    )
    assert "Tien werkdagen is te lang voor cliënten." in response.content.decode()
    assert _written() == before


def test_after_the_deadline_the_request_targets_the_next_version_and_says_so(client):
    """Filed after 1.1's deadline: target 1.2, on the form and on the page after filing."""
    _published, draft = _standard(deadline=PAST_DEADLINE)
    sentence = (
        "De indiendatum voor versie 1.1 (uiterlijk 31 december 2025 om 23:59) is verstreken; "
        "uw verzoek wordt meegenomen voor versie 1.2."
    )
    assert sentence in client.get(_form_url(draft)).content.decode()

    client.post(_form_url(draft), _typed())
    assert ChangeRequest.objects.get().target_version == "1.2"
    assert sentence in client.get(reverse("governance:received")).content.decode()


def test_preview_button_renders_redline_and_similar_requests_without_storing(client, draft):
    """Without JavaScript, "Voorbeeld bekijken" re-renders the form with the redline and the
    similar requests, judging nothing and storing nothing."""
    other = change_request_in_state(
        ChangeRequestState.INTAKE,
        release=draft,
        article_version=_article(draft, "3.2"),
        title="Levertermijn korter maken",
    )
    before = _written()
    response = client.post(
        _form_url(draft), _typed(action="preview", submitter_email="", title="Levertermijn korter")
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "<del>tien</del>" in text and "<ins>vijf</ins>" in text
    assert other.number in text
    assert "Er ging iets mis" not in text
    assert response.context["form"]["motivation"].value() == _typed()["motivation"]
    assert _written() == before


# The fragments ---------------------------------------------------------------------------------


def test_preview_returns_the_redline_escaped(client, draft):
    """The fragment marks deletions and insertions and shows markup as text, never as markup."""
    response = client.post(
        reverse("governance:preview"),
        {
            "base_version": _article(draft).pk,
            "proposed_text": f"{PROPOSED_TEXT} <script>alert(1)</script>",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "<del>tien</del>" in text
    assert "<ins>vijf</ins>" in text
    assert "&lt;script&gt;" in text
    assert "<script>" not in text


def test_preview_refuses_oversized_input(client, draft):
    """Text over the limit is not diffed: 400 with a Dutch message."""
    response = client.post(
        reverse("governance:preview"),
        {"base_version": _article(draft).pk, "proposed_text": "woord " * 10_000},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Uw tekst is te lang voor een voorbeeld." in text
    assert "<ins>" not in text


def test_preview_only_answers_a_post_with_a_csrf_token(draft):
    """The preview is a POST protected against cross-site requests."""
    client = Client(enforce_csrf_checks=True)
    url = reverse("governance:preview")
    assert client.get(url).status_code == 405
    response = client.post(url, {"base_version": _article(draft).pk, "proposed_text": "x"})
    assert response.status_code == 403


def test_preview_of_an_unknown_article_version_is_a_bad_request(client):
    """A base version that does not exist gives a 400 fragment, not a 500."""
    response = client.post(reverse("governance:preview"), {"base_version": "999999"})
    assert response.status_code == 400


def test_similar_lists_open_requests_on_the_article_and_similar_titles(client, draft):
    """Open on the same article and similar titles are listed; withdrawn ones are not."""
    article, other_article = _article(draft, "3.1"), _article(draft, "3.2")
    same_article = change_request_in_state(
        ChangeRequestState.INTAKE, release=draft, article_version=article, title="Iets anders"
    )
    similar_title = change_request_in_state(
        ChangeRequestState.LEGAL_REVIEW,
        release=draft,
        article_version=other_article,
        title="Levertermijn hulpmiddelen korter",
    )
    withdrawn = change_request_in_state(
        ChangeRequestState.WITHDRAWN,
        release=draft,
        article_version=article,
        title="Levertermijn hulpmiddelen korter",
    )
    response = client.get(
        reverse("governance:similar"),
        {
            "standard": draft.standard.slug,
            "article": str(article.article.key),
            "title": "Levertermijn hulpmiddel korter",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Open verzoek op dit artikel: <a" in text
    assert f"{same_article.number}: Iets anders" in text
    assert "Lijkt op <a" in text
    assert f"{similar_title.number}: Levertermijn hulpmiddelen korter" in text
    assert same_article.get_absolute_url() in text
    assert withdrawn.number not in text


def test_similar_is_empty_without_matches(client, draft):
    """No open requests like it: an empty fragment, nothing to announce."""
    response = client.get(
        reverse("governance:similar"), {"standard": draft.standard.slug, "title": "Iets"}
    )
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


# Confirming the e-mail address -----------------------------------------------------------------


@pytest.fixture
def submitted(draft):
    return change_request_in_state(ChangeRequestState.SUBMITTED, release=draft)


def _confirm_url(change_request) -> str:
    token = confirmation_token(
        change_request_pk=change_request.pk, email=change_request.submitter_email
    )
    return reverse("governance:confirm", kwargs={"token": token})


def test_opening_the_confirmation_link_changes_nothing(client, submitted):
    """GET (what a mail scanner does) shows a button and leaves the request as it was."""
    events = TransitionEvent.objects.count()
    response = client.get(_confirm_url(submitted))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bevestig uw e-mailadres" in text
    assert 'method="post"' in text
    submitted.refresh_from_db()
    assert submitted.state == ChangeRequestState.SUBMITTED
    assert TransitionEvent.objects.count() == events


def test_confirming_moves_to_intake_and_leads_to_the_tracking_page(client, submitted):
    """POST confirms, then redirects to the private tracking link with a message to keep it."""
    response = client.post(_confirm_url(submitted))
    submitted.refresh_from_db()
    assert submitted.state == ChangeRequestState.INTAKE
    assert response.status_code == 302
    assert response.url == submitted.get_tracking_url()
    [message] = list(get_messages(response.wsgi_request))
    assert "persoonlijke link" in str(message) and submitted.number in str(message)


def test_confirming_twice_just_leads_to_the_tracking_page(client, submitted):
    """A second click on an already used link changes nothing and still lands on tracking."""
    url = _confirm_url(submitted)
    client.post(url)
    events = TransitionEvent.objects.count()
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == submitted.get_tracking_url()
    assert TransitionEvent.objects.count() == events


def test_a_forged_confirmation_link_is_refused(client, submitted):
    """An altered token: 400 with a clear message, on opening and on the button; nothing moves."""
    url = _confirm_url(submitted)
    forged = url[:-3] + ("aaa" if not url.endswith("aaa/") else "bbb") + "/"
    for method in (client.get, client.post):
        response = method(forged)
        assert response.status_code == 400
        assert "Deze bevestigingslink is niet geldig." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == ChangeRequestState.SUBMITTED
    assert submitted.events.count() == 1


def test_an_expired_confirmation_link_is_refused_as_gone(client, submitted):
    """A genuine link older than the limit: 410 explaining it expired; nothing moves."""
    with mock.patch("time.time", return_value=time.time() - 8 * 24 * 3600):
        url = _confirm_url(submitted)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 410
        assert "Deze bevestigingslink is verlopen." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == ChangeRequestState.SUBMITTED
    assert submitted.events.count() == 1


def test_a_link_for_another_address_is_refused(client, submitted):
    """A genuine link made for a different e-mail address proves nothing: 400."""
    token = confirmation_token(change_request_pk=submitted.pk, email="iemand@anders.nl")
    response = client.post(reverse("governance:confirm", kwargs={"token": token}))
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.state == ChangeRequestState.SUBMITTED


# Filing against a whole document ---------------------------------------------------------------


def test_document_submission_url_reaches_the_form():
    """The site's URL for proposing a new article in a document reaches the submission form."""
    url = reverse(
        "governance:submit_document",
        kwargs={"standard": "cs-wmo", "version": "1.1", "document": "deel-3"},
    )
    assert resolve(url).func is submission.submit_document


def test_document_form_proposes_a_new_article(client, draft):
    """On a document, the form has no kind (always a new article) and an empty text."""
    response = client.get(_document_url(draft))
    assert response.status_code == 200
    form = response.context["form"]
    assert "kind" not in form.fields
    assert not form["proposed_text"].value()
    assert "Nieuw artikel voorstellen" in response.content.decode()

    typed = _typed(proposed_text="Artikel 3.4 Keuring\n\nDe aanbieder keurt jaarlijks.")
    del typed["kind"]
    response = client.post(_document_url(draft), typed)
    assert response.status_code == 302
    change_request = ChangeRequest.objects.get()
    assert change_request.kind == "new_article"
    assert change_request.article is None
    assert change_request.document.slug == "deel-3"


# Entry points on the catalogue pages -----------------------------------------------------------


def test_article_page_of_the_draft_links_to_the_form(client, draft):
    """The draft's article page offers "Wijzigingsverzoek indienen"."""
    text = client.get(_article(draft).get_absolute_url()).content.decode()
    assert "Wijzigingsverzoek indienen" in text
    assert _form_url(draft) in text


def test_superseded_article_page_offers_no_form(client):
    """A superseded release's article page has no link to file a request."""
    old = release_with_articles(version="1.0", state=ReleaseState.SUPERSEDED)
    text = client.get(_article(old).get_absolute_url()).content.decode()
    assert "Wijzigingsverzoek indienen" not in text


def test_document_page_of_the_draft_offers_a_new_article(client, draft):
    """The draft's document page offers "Nieuw artikel voorstellen"."""
    url = reverse(
        "standards:document_detail",
        kwargs={"standard": draft.standard.slug, "version": "1.1", "document": "deel-3"},
    )
    text = client.get(url).content.decode()
    assert "Nieuw artikel voorstellen" in text
    assert _document_url(draft) in text
