"""``POST /api/v1/change-requests``: filing a change request over the API.

The same service, rules and confirmation e-mail as the web form: an anonymous caller gets the
confirmation link by e-mail and the request counts once confirmed; an authenticated caller files
as themselves; invalid input is a 400 problem naming the camelCase fields, with nothing written;
a request after the draft's deadline is meant for the next release (the service decides).
"""

import datetime
import re

from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from api import keys
from api.problems import PROBLEM_CONTENT_TYPE
from governance.constants import ChangeRequestState, ImpactClass
from governance.models import ChangeRequest, NumberSeries, TransitionEvent
from governance.services import change_requests as services
from organisations.constants import OrganisationKind
from standards.constants import ReleaseState
from standards.deadlines import AMSTERDAM, end_of_day
from tests.factories import StandardFactory, UserFactory, release_with_articles

pytestmark = pytest.mark.django_db

S = ChangeRequestState
URL = "/api/v1/change-requests"
SITE = "https://portaal.example.nl"
CONFIRM_LINK = re.compile(re.escape(SITE) + r"/wijzigingsverzoeken/bevestigen/([^/\s]+)/")
CURRENT_TEXT = "De aanbieder levert het hulpmiddel binnen tien werkdagen."
PROPOSED_TEXT = CURRENT_TEXT.replace("tien", "vijf")
FUTURE_DEADLINE = end_of_day(datetime.date(2099, 12, 31))
PAST_DEADLINE = end_of_day(datetime.date(2025, 12, 31))
# Reading the release and article named (2), the service's checks (the releases that take
# requests, the document, the target release), the number series, the request with its history
# and event, in savepoints: about two dozen, however large the standard.
MAX_QUERIES = 25


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def make_standard(*, deadline: datetime.datetime = FUTURE_DEADLINE, slug: str = "cs-wmo"):
    """A standard with a published 1.0 and a draft 1.1 of two articles."""
    standard = StandardFactory(slug=slug, name="CS Wmo")
    rows = [("3.1", "Levering", CURRENT_TEXT), ("3.2", "Betaling", "De betaling.")]
    published = release_with_articles(standard=standard, version="1.0", articles=rows)
    draft = release_with_articles(
        standard=standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        articles=rows,
        identities=[v.article for v in published.article_versions.order_by("position")],
        submission_deadline=deadline,
    )
    return published, draft


@pytest.fixture
def draft():
    return make_standard()[1]


def article_key(release, number: str = "3.1") -> str:
    return str(release.article_versions.get(number=number).article.key)


def typed(on, **overrides) -> dict:
    """What a client sends to file a request on release ``on``; None leaves a field out."""
    data = {
        "standard": on.standard.slug,
        "release": on.version,
        "article": article_key(on),
        "kind": "change_wording",
        "title": "Levertermijn korter",
        "proposedText": PROPOSED_TEXT,
        "motivation": "Tien werkdagen is te lang voor cliënten.",
        "impact": ImpactClass.COMPATIBLE,
        "summary": "Hulpmiddelen sneller leveren.",
        "submitterName": "Fatima de Vries",
        "submitterEmail": "fatima@gemeente-voorbeeld.nl",
        "organisationName": "Gemeente Voorbeeld",
        "organisationType": OrganisationKind.MUNICIPALITY,
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def written() -> tuple:
    """Everything a submission writes, to show that a refused one wrote nothing."""
    return (
        ChangeRequest.objects.count(),
        ChangeRequest.history.count(),
        TransitionEvent.objects.count(),
        list(NumberSeries.objects.values_list("year", "last_sequence")),
    )


def invalid_names(response) -> list[str]:
    return [param["name"] for param in response.json()["invalidParams"]]


# Filing anonymously -----------------------------------------------------------------------------


def test_anonymous_submission_is_stored_as_submitted_with_a_location(api, draft):
    """201 with number, state and target; the request is stored as the web form stores it."""
    response = api.post(URL, typed(draft), format="json")

    assert response.status_code == 201, response.content
    change_request = ChangeRequest.objects.get()
    year = timezone.now().astimezone(AMSTERDAM).year
    assert change_request.number == f"WV-{year}-0001"
    assert response["Location"] == f"http://testserver{URL}/{change_request.number}"
    assert response.json() == {
        "number": change_request.number,
        "state": "submitted",
        "stateLabel": "Ingediend, e-mailadres niet bevestigd",
        "confirmationRequired": True,
        "targetRelease": "1.1",
        "deadline": response.json()["deadline"],
        "missedRelease": None,
        "missedDeadline": None,
        "url": response["Location"],
    }
    assert datetime.datetime.fromisoformat(response.json()["deadline"]) == FUTURE_DEADLINE
    assert change_request.state == S.SUBMITTED
    assert change_request.submitter_user is None
    assert change_request.base_release == draft
    assert change_request.base_version == draft.article_versions.get(number="3.1")
    assert (change_request.submitter_name, change_request.submitter_email) == (
        "Fatima de Vries",
        "fatima@gemeente-voorbeeld.nl",
    )
    assert change_request.proposed_text == PROPOSED_TEXT
    assert list(change_request.events.values_list("transition", flat=True)) == ["submit"]
    assert "API-Version" in response


def test_anonymous_submission_mails_the_confirmation_link_and_counts_once_confirmed(
    api, draft, mailoutbox, django_capture_on_commit_callbacks
):
    """The confirmation e-mail goes out after commit; until the link is used the request is not
    public, afterwards it is."""
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(URL, typed(draft), format="json")
    number = response.json()["number"]

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["fatima@gemeente-voorbeeld.nl"]
    assert number in mailoutbox[0].subject
    assert api.get(response["Location"]).status_code == 404  # does not count yet

    services.change_request_confirm(token=CONFIRM_LINK.search(mailoutbox[0].body).group(1))

    shown = api.get(response["Location"])
    assert shown.status_code == 200
    assert shown.json()["state"] == "intake"


def test_the_response_never_echoes_personal_data(api, draft):
    """Neither the name nor the address typed comes back, nor the private tracking token."""
    response = api.post(URL, typed(draft), format="json")
    body = response.content.decode()
    assert "Fatima" not in body
    assert "fatima@" not in body
    assert ChangeRequest.objects.get().tracking_token not in body


def test_a_new_article_is_filed_on_a_document(api, draft):
    """Without an article, `document` names where the new article is proposed."""
    response = api.post(
        URL,
        typed(draft, article=None, document="deel-3", kind="new_article"),
        format="json",
    )
    assert response.status_code == 201, response.content
    change_request = ChangeRequest.objects.get()
    assert change_request.article is None
    assert change_request.document.slug == "deel-3"


def test_after_the_deadline_the_request_targets_the_next_release(api):
    """Filed after 1.1's deadline: the service targets 1.2, and the answer says which was missed."""
    _published, draft = make_standard(deadline=PAST_DEADLINE)

    response = api.post(URL, typed(draft), format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["targetRelease"], body["missedRelease"]) == ("1.2", "1.1")
    assert datetime.datetime.fromisoformat(body["missedDeadline"]) == PAST_DEADLINE
    assert ChangeRequest.objects.get().target_version == "1.2"


def test_filing_against_the_published_release_is_allowed(api, draft):
    """The release in force takes requests too."""
    published = draft.standard.releases.get(version_minor=0)
    response = api.post(URL, typed(published), format="json")
    assert response.status_code == 201
    assert ChangeRequest.objects.get().base_release == published


# Filing with an account -------------------------------------------------------------------------


def test_an_authenticated_caller_files_as_themselves_straight_to_intake(
    api, draft, mailoutbox, django_capture_on_commit_callbacks
):
    """Name and address may be left out: the account's are used, proven, so no confirmation."""
    user = UserFactory(username="an", first_name="An", last_name="Jansen", email="an@x.nl")
    api.force_authenticate(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            URL, typed(draft, submitterName=None, submitterEmail=None), format="json"
        )

    assert response.status_code == 201, response.content
    assert response.json()["state"] == "intake"
    assert response.json()["confirmationRequired"] is False
    change_request = ChangeRequest.objects.get()
    assert change_request.submitter_user == user
    assert (change_request.submitter_name, change_request.submitter_email) == (
        "An Jansen",
        "an@x.nl",
    )
    assert not any("bevestig" in mail.subject.lower() for mail in mailoutbox)


def test_an_authenticated_caller_with_another_address_confirms_it(api, draft):
    """Like the web: an address other than the account's own must be confirmed first."""
    api.force_authenticate(UserFactory(username="an", email="an@x.nl"))
    response = api.post(URL, typed(draft, submitterEmail="an@elders.nl"), format="json")
    assert response.json()["state"] == "submitted"
    assert ChangeRequest.objects.get().submitter_user is not None


def test_query_count_is_bounded(api, draft, django_assert_max_num_queries):
    """Filing costs a bounded number of queries."""
    with django_assert_max_num_queries(MAX_QUERIES):
        response = api.post(URL, typed(draft), format="json")
    assert response.status_code == 201


# Refusals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "name", "reason"),
    [
        ({"title": "   "}, "title", "Geef een titel."),
        ({"title": None}, "title", "Geef een titel."),
        (
            {"submitterEmail": "fatima-at-gemeente"},
            "submitterEmail",
            "Geef een geldig e-mailadres, zoals naam@gemeente.nl.",
        ),
        ({"submitterEmail": None}, "submitterEmail", "Geef uw e-mailadres."),
        ({"submitterName": None}, "submitterName", "Geef uw naam."),
        ({"organisationType": "bedrijf"}, "organisationType", None),
        ({"proposedText": "x" * 50_001}, "proposedText", None),
        (
            # The service's rule, reported under the API's name of the field.
            {"proposedText": CURRENT_TEXT.replace("\n", "\r\n")},
            "proposedText",
            "De voorgestelde tekst is gelijk aan de huidige tekst. Pas de tekst aan.",
        ),
        (
            {"article": None, "document": "deel-3"},
            "kind",
            "Zonder artikel kunt u alleen een nieuw artikel voorstellen.",
        ),
        ({"article": None}, "document", None),
        ({"article": "8c1b6b8e-0000-4000-8000-000000000000"}, "article", None),
        ({"release": "9.9"}, "release", None),
        ({"release": "een"}, "release", None),
    ],
    ids=[
        "blank-title",
        "missing-title",
        "bad-email",
        "missing-email",
        "missing-name",
        "unknown-choice",
        "text-too-long",
        "text-unchanged",
        "document-change-without-article",
        "neither-article-nor-document",
        "unknown-article",
        "unknown-release",
        "bad-version",
    ],
)
def test_invalid_input_is_a_400_problem_naming_the_field_and_writes_nothing(
    api, draft, overrides, name, reason
):
    """400 problem+json whose invalidParams name the camelCase field (with the web's Dutch
    message where the web has one), and nothing stored."""
    before = written()

    response = api.post(URL, typed(draft, **overrides), format="json")

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert invalid_names(response) == [name]
    if reason is not None:
        assert response.json()["invalidParams"][0]["reason"] == reason
    assert written() == before


def test_every_missing_field_is_listed_at_once(api, draft):
    """An empty body names every required field, in camelCase."""
    response = api.post(URL, {}, format="json")
    assert response.status_code == 400
    assert set(invalid_names(response)) >= {
        "standard",
        "release",
        "kind",
        "title",
        "motivation",
        "impact",
        "summary",
        "organisationName",
        "organisationType",
    }
    assert not any("_" in name for name in invalid_names(response))


def test_a_superseded_release_is_refused_by_the_service(api):
    """A release that no longer takes requests: 400 naming `release`, nothing stored."""
    standard = StandardFactory(slug="cs-jeugd")
    old = release_with_articles(
        standard=standard,
        version="1.0",
        state=ReleaseState.SUPERSEDED,
        articles=[("3.1", "Levering", CURRENT_TEXT)],
    )
    release_with_articles(
        standard=standard,
        version="1.1",
        articles=[("3.1", "Levering", CURRENT_TEXT)],
        identities=[old.article_versions.get().article],
    )
    before = written()

    response = api.post(URL, typed(old), format="json")

    assert response.status_code == 400
    assert invalid_names(response) == ["release"]
    assert "Versie 1.0 is niet meer actueel" in response.json()["invalidParams"][0]["reason"]
    assert written() == before


def test_a_body_that_is_not_json_is_a_problem(api, draft):
    """Form-encoded bodies are not accepted: 415 problem, nothing stored."""
    response = api.post(URL, typed(draft), format="multipart")
    assert response.status_code == 415
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert ChangeRequest.objects.count() == 0


def test_a_trailing_slash_is_a_404(api, draft):
    """As everywhere in the API, no trailing slashes."""
    response = api.post(f"{URL}/", typed(draft), format="json")
    assert response.status_code == 404
    assert ChangeRequest.objects.count() == 0


def test_an_api_key_needs_the_write_scope_to_file(api, draft):
    """A key files as its user only with change-requests:write; without it 403, nothing stored."""
    user = UserFactory(username="koppeling", email="koppeling@x.nl", roles=[Role.INTEGRATOR])
    _key, without = keys.api_key_create(by=user, name="Lezen", scopes=["organisations:read"])
    _key, with_scope = keys.api_key_create(
        by=user, name="Indienen", scopes=["change-requests:write"]
    )
    data = typed(draft, submitterName=None, submitterEmail=None)

    refused = api.post(URL, data, format="json", HTTP_AUTHORIZATION=f"Bearer {without}")
    assert refused.status_code == 403
    assert refused["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert ChangeRequest.objects.count() == 0

    filed = api.post(URL, data, format="json", HTTP_AUTHORIZATION=f"Bearer {with_scope}")
    assert filed.status_code == 201, filed.content
    assert ChangeRequest.objects.get().submitter_user == user
    assert filed.json()["state"] == "intake"


def test_the_list_still_answers_get(api, draft):
    """The same address still lists the public requests."""
    assert api.get(URL).status_code == 200
