"""The public change-request pages: the filtered list and one request with redline and timeline."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from accounts.roles import Role
from governance.constants import (
    BurdenEffect,
    ChangeKind,
    ChangeRequestState,
    ImpactClass,
    LegalVerdict,
    PracticalFeasibility,
)
from governance.services import change_requests as services
from organisations.constants import OrganisationKind
from standards.constants import ReleaseState
from tests.factories import (
    StandardFactory,
    UserFactory,
    change_request_in_state,
    release_with_articles,
    staff_user,
)

pytestmark = pytest.mark.django_db

S = ChangeRequestState
LIST_URL = reverse("governance:change_request_list")

# Pinned query counts. The list: the standards of the filter, the target versions of the
# filter, the count and the page of rows. The detail page: the request with its prefetched
# reviews, merged requests and agenda items (5), the document title and the timeline.
LIST_QUERIES = 4
DETAIL_QUERIES = 7


def detail_url(change_request) -> str:
    return reverse("governance:change_request_detail", kwargs={"number": change_request.number})


@pytest.fixture
def release():
    """CS Jeugd with a published 1.0 and the draft 1.1 open for change requests."""
    standard = StandardFactory(slug="cs-jeugd", name="CS Jeugd")
    published = release_with_articles(
        standard=standard,
        version="1.0",
        articles=[("3.1", "Levering", "De levering."), ("3.2", "Betaling", "De betaling.")],
    )
    return release_with_articles(
        standard=standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        articles=[("3.1", "Levering", "De levering."), ("3.2", "Betaling", "De betaling.")],
        identities=[v.article for v in published.article_versions.order_by("position")],
    )


def numbers_in(response) -> set[str]:
    return {change_request.number for change_request in response.context["page"].object_list}


# The list ------------------------------------------------------------------------------------


def test_list_shows_confirmed_requests_and_hides_unconfirmed_ones(client, release):
    """A confirmed request is listed; one whose e-mail address is unconfirmed is not."""
    confirmed = change_request_in_state(S.INTAKE, release=release, title="Bevestigd verzoek")
    unconfirmed = change_request_in_state(S.SUBMITTED, release=release, title="Onbevestigd")

    response = client.get(LIST_URL)

    assert response.status_code == 200
    text = response.content.decode()
    assert confirmed.number in text and "Bevestigd verzoek" in text
    assert unconfirmed.number not in text and "Onbevestigd" not in text
    assert "1 wijzigingsverzoek" in text


def test_list_row_shows_article_state_organisation_type_and_version(client, release):
    """A row names the article of the base text, the state in words and the target version."""
    change_request_in_state(S.LEGAL_REVIEW, release=release)

    text = client.get(LIST_URL).content.decode()

    assert "3.1</span> Levering" in text
    assert "Juridische toets" in text
    assert "Gemeente" in text
    assert "1.1" in text


def test_list_says_new_article_for_a_request_on_a_document(client, release):
    """A request that proposes a new article without a base article says "Nieuw artikel"."""
    _document_level_request(release, by=UserFactory())

    text = client.get(LIST_URL).content.decode()

    assert "Nieuw artikel" in text


def test_filter_on_standard(client, release):
    """?standard=<slug> keeps only requests on that standard."""
    ours = change_request_in_state(S.INTAKE, release=release)
    other = change_request_in_state(S.INTAKE)

    response = client.get(LIST_URL, {"standard": "cs-jeugd"})

    assert numbers_in(response) == {ours.number}
    assert other.number not in response.content.decode()


def test_filter_on_article_shows_which_article(client, release):
    """?article=<key> keeps the requests on that article and names it above the table."""
    first, second = release.article_versions.order_by("position")
    on_first = change_request_in_state(S.INTAKE, release=release, article_version=first)
    change_request_in_state(S.INTAKE, release=release, article_version=second)

    response = client.get(LIST_URL, {"article": str(first.article.key)})

    assert numbers_in(response) == {on_first.number}
    text = response.content.decode()
    assert "Alleen verzoeken over" in text
    assert f'name="article" value="{first.article.key}"' in text
    assert "Toon verzoeken over alle artikelen" in text


def test_filter_on_an_unknown_article_says_so(client, release):
    """A well-formed key of no article shows no requests and says the article is unknown."""
    change_request_in_state(S.INTAKE, release=release)

    response = client.get(LIST_URL, {"article": "00000000-0000-4000-8000-000000000000"})

    assert response.status_code == 200
    assert numbers_in(response) == set()
    assert "Alleen verzoeken over een artikel dat niet (meer) bestaat." in response.content.decode()


@pytest.mark.parametrize(
    ("param", "value", "kept"),
    [
        ("state", S.LEGAL_REVIEW, "legal"),
        ("state", S.INTAKE, "intake"),
        ("organisation_type", OrganisationKind.PROVIDER, "legal"),
        ("organisation_type", OrganisationKind.MUNICIPALITY, "intake"),
    ],
)
def test_filter_on_state_and_organisation_type(client, release, param, value, kept):
    """?state= and ?organisation_type= keep only the matching requests."""
    requests = {
        "intake": change_request_in_state(S.INTAKE, release=release),
        "legal": change_request_in_state(
            S.LEGAL_REVIEW, release=release, organisation_type=OrganisationKind.PROVIDER
        ),
    }

    response = client.get(LIST_URL, {param: value})

    assert numbers_in(response) == {requests[kept].number}


def test_filter_on_release(client, release):
    """?release=<version> keeps the requests meant for that version only."""
    in_time = change_request_in_state(S.INTAKE, release=release)
    # The deadline of 1.1 passes: later requests are meant for 1.2.
    type(release).objects.filter(pk=release.pk).update(
        submission_deadline=timezone.now() - datetime.timedelta(days=1)
    )
    late = change_request_in_state(S.INTAKE, release=release)
    assert (in_time.target_version, late.target_version) == ("1.1", "1.2")

    response = client.get(LIST_URL, {"release": "1.2"})

    assert numbers_in(response) == {late.number}
    assert [value for value, _label in response.context["form"].fields["release"].choices] == [
        "",
        "1.2",
        "1.1",
    ]


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("bezorgtijd", "title"),
        ("FACTUUR", "summary"),
        ("wmo-bepaling", "motivation"),
    ],
)
def test_text_search_over_title_summary_and_motivation(client, release, query, kept):
    """?q= searches title, summary and motivation, ignoring case."""
    requests = {
        "title": change_request_in_state(S.INTAKE, release=release, title="Bezorgtijd"),
        "summary": change_request_in_state(
            S.INTAKE, release=release, title="Ander", summary="Over de factuur."
        ),
        "motivation": change_request_in_state(
            S.INTAKE, release=release, title="Derde", motivation="Strijdig met de Wmo-bepaling."
        ),
    }

    response = client.get(LIST_URL, {"q": query})

    assert numbers_in(response) == {requests[kept].number}


def test_text_search_finds_the_number(client, release):
    """Typing (part of) a request's number finds it."""
    wanted = change_request_in_state(S.INTAKE, release=release)
    change_request_in_state(S.INTAKE, release=release)

    response = client.get(LIST_URL, {"q": wanted.number.lower()})

    assert numbers_in(response) == {wanted.number}


def test_filters_combine(client, release):
    """Filters narrow together: standard and state and search at once."""
    wanted = change_request_in_state(S.LEGAL_REVIEW, release=release, title="Levertermijn")
    change_request_in_state(S.INTAKE, release=release, title="Levertermijn")
    change_request_in_state(S.LEGAL_REVIEW, title="Levertermijn")

    response = client.get(
        LIST_URL, {"standard": "cs-jeugd", "state": S.LEGAL_REVIEW, "q": "termijn"}
    )

    assert numbers_in(response) == {wanted.number}
    assert "Alle filters wissen" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"standard": "bestaat-niet"}, "standard"),
        ({"state": "submitted"}, "state"),
        ({"state": "<script>"}, "state"),
        ({"organisation_type": "koning"}, "organisation_type"),
        ({"release": "9.9"}, "release"),
        ({"article": "geen-uuid"}, "article"),
    ],
)
def test_invalid_filter_value_shows_an_error_and_is_ignored(client, release, params, field):
    """A value that does not fit is an error on the form; the list shows, unfiltered by it."""
    change_request = change_request_in_state(S.INTAKE, release=release)

    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    text = response.content.decode()
    assert "Er ging iets mis" in text
    assert change_request.number in text
    assert "<script>" not in text.split("<main", 1)[1]


def test_invalid_filter_keeps_the_other_filters(client, release):
    """One bad value does not drop the valid filters next to it."""
    change_request_in_state(S.INTAKE, release=release)
    change_request_in_state(S.INTAKE)

    response = client.get(LIST_URL, {"standard": "cs-jeugd", "state": "onzin"})

    assert response.status_code == 200
    assert len(numbers_in(response)) == 1


def test_pagination_25_per_page_with_links(client, release):
    """30 requests: 25 on page 1, 5 on page 2, linked with the filters kept."""
    for n in range(30):
        change_request_in_state(S.INTAKE, release=release, title=f"Verzoek {n}")

    first = client.get(LIST_URL, {"q": "verzoek"})
    second = client.get(LIST_URL, {"q": "verzoek", "page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert numbers_in(first).isdisjoint(numbers_in(second))
    text = first.content.decode()
    assert "30 wijzigingsverzoeken" in text
    assert 'aria-label="Paginering"' in text
    assert 'href="?q=verzoek&amp;page=2"' in text
    assert re.search(r'aria-current="page"><span class="cs-visually-hidden">Pagina </span>1<', text)


@pytest.mark.parametrize("page", ["abc", "999", "-1"])
def test_pagination_with_a_bad_page_number_does_not_fail(client, release, page):
    """A page number that is not a page shows a page (the first or the last), never a 500."""
    change_request_in_state(S.INTAKE, release=release)

    response = client.get(LIST_URL, {"page": page})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1


def test_empty_list_says_so(client, db):
    """Without requests the page says there are none yet."""
    response = client.get(LIST_URL)

    assert "Er zijn nog geen wijzigingsverzoeken." in response.content.decode()


def _many_requests(release, count: int) -> None:
    first, second = release.article_versions.order_by("position")
    for n in range(count):
        change_request_in_state(
            S.INTAKE if n % 2 else S.LEGAL_REVIEW,
            release=release,
            article_version=first if n % 3 else second,
            title=f"Verzoek {n}",
        )


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_is_pinned(client, release, django_assert_num_queries, rows):
    """The list costs the same number of queries for 3 rows as for 30."""
    _many_requests(release, rows)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST_URL)

    assert len(response.context["page"].object_list) == min(rows, 25)


def test_filtered_list_query_count_does_not_grow(client, release):
    """With every filter set the count is still the same for 3 rows as for 30."""
    params = {"standard": "cs-jeugd", "state": S.INTAKE, "q": "verzoek", "release": "1.1"}
    _many_requests(release, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL, params)
    _many_requests(release, 27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST_URL, params)

    assert len(few) == len(many) == LIST_QUERIES + 1  # + the standard of the filter
    assert len(response.context["page"].object_list) == 1 + 13  # the odd ones are in intake


def test_standard_page_links_to_its_requests_and_its_questions(client, release):
    """The standard's page links to the list filtered on it and to its Q&A page."""
    response = client.get(reverse("standards:standard_detail", args=["cs-jeugd"]))

    text = response.content.decode()
    assert f'href="{LIST_URL}?standard=cs-jeugd"' in text
    assert "Wijzigingsverzoeken voor deze standaard" in text
    assert f'href="{reverse("governance:faq", args=["cs-jeugd"])}"' in text
    assert "Vragen en antwoorden" in text


# One change request --------------------------------------------------------------------------


def _document_level_request(release, *, by):
    change_request, _target = services.change_request_submit(
        release=release,
        document=release.document_versions.get().document,
        article_version=None,
        kind=ChangeKind.NEW_ARTICLE,
        impact=ImpactClass.COMPATIBLE,
        title="Artikel over privacy",
        proposed_text="Partijen beschermen persoonsgegevens.",
        motivation="Ontbreekt.",
        summary="Nieuw privacyartikel.",
        submitter_name="Sam Indiener",
        submitter_email=by.email,  # the account proves it: straight to intake
        organisation_name="Zorg BV",
        organisation_type=OrganisationKind.PROVIDER,
        by=by,
    )
    return change_request


def test_detail_shows_the_request_and_its_redline(client, release):
    """The page shows number, title, state, standard, article link, and the proposal as redline."""
    change_request = change_request_in_state(
        S.INTAKE, release=release, proposed_text="De bezorging."
    )

    response = client.get(detail_url(change_request))

    assert response.status_code == 200
    text = response.content.decode()
    assert change_request.number in text and "Levertermijn verduidelijken" in text
    assert "cs-cr-state--intake" in text and ">Intake<" in text
    assert "CS Jeugd" in text
    assert 'href="/standaarden/cs-jeugd/versies/1.1/deel-3/3.1/"' in text
    assert 'href="/standaarden/cs-jeugd/versies/1.1/deel-3/"' in text
    assert "Deel 3: Generiek" in text
    assert "Tekst wijzigen" in text
    assert "Inhoudelijk, verenigbaar met bestaande afspraken" in text
    assert "Gemeente Voorbeeld (Gemeente)" in text
    assert "Duidelijke levertermijn." in text and "De termijn is onduidelijk." in text
    redline = text.split('<div class="cs-redline">', 1)[1].split("</div>", 1)[0]
    assert "<del>levering</del>" in redline and "<ins>bezorging</ins>" in redline


def test_detail_escapes_script_in_the_proposed_text(client, release):
    """Text typed by anyone is shown, never run."""
    change_request = change_request_in_state(
        S.INTAKE, release=release, proposed_text="<script>alert('x')</script>"
    )

    text = client.get(detail_url(change_request)).content.decode()

    assert "<script>alert" not in text
    assert "&lt;script&gt;" in text


def test_detail_of_a_new_article_shows_all_text_inserted(client, release):
    """A proposed new article (on the document) is shown wholly as inserted text."""
    change_request = _document_level_request(release, by=UserFactory())

    text = client.get(detail_url(change_request)).content.decode()

    redline = text.split('<div class="cs-redline">', 1)[1].split("</div>", 1)[0]
    assert redline == "<ins>Partijen beschermen persoonsgegevens.</ins>"
    assert "Nieuw artikel" in text


def test_detail_of_a_removal_shows_all_text_deleted(client, release):
    """A proposal to remove an article shows the whole base text struck through."""
    change_request = change_request_in_state(
        S.INTAKE, release=release, kind=ChangeKind.REMOVE_ARTICLE
    )

    text = client.get(detail_url(change_request)).content.decode()

    redline = text.split('<div class="cs-redline">', 1)[1].split("</div>", 1)[0]
    assert redline == "<del>De levering.</del>"
    assert "Het artikel wordt geschrapt" in text


def test_detail_shows_the_timeline_with_public_comments(client, release):
    """Every state change is on the timeline with its step and public comment."""
    change_request = change_request_in_state(S.NEEDS_INFO, release=release)

    text = client.get(detail_url(change_request)).content.decode()

    timeline = text.split('<ol class="cs-timeline">', 1)[1].split("</ol>", 1)[0]
    assert timeline.count('<li class="cs-timeline__item">') == 3  # submit, confirm, request_info
    assert "Aanvullende informatie gevraagd" in timeline
    assert "Welke termijn bedoelt u?" in timeline
    assert "(Secretariaat)" in timeline


@pytest.fixture
def request_with_secret(release):
    """A request filed by an account, moved on by the secretariat with an internal note."""
    submitter = UserFactory(username="indiener")
    change_request = change_request_in_state(S.INTAKE, release=release, submitter=submitter)
    change_request = services.change_request_to_legal_review(
        change_request=change_request,
        by=staff_user(Role.SECRETARIAT),
        comment="Door naar het expertteam.",
        internal_note="GEHEIM: bespreken met de jurist.",
    )
    return change_request, submitter


def test_internal_notes_are_hidden_from_the_public(client, request_with_secret):
    """Anonymous visitors see the public comment, not the internal note."""
    change_request, _submitter = request_with_secret

    text = client.get(detail_url(change_request)).content.decode()

    assert "Door naar het expertteam." in text
    assert "GEHEIM" not in text
    assert "Interne notitie" not in text


def test_internal_notes_are_hidden_from_the_submitter(client, request_with_secret):
    """The submitter, logged in, does not see internal notes either."""
    change_request, submitter = request_with_secret
    client.force_login(submitter)

    text = client.get(detail_url(change_request)).content.decode()

    assert "GEHEIM" not in text
    assert "Acties" not in text


@pytest.mark.parametrize(
    "role",
    [Role.SECRETARIAT, Role.LEGAL_REVIEWER, Role.PRACTICAL_REVIEWER, Role.STEERING_SECRETARY],
)
def test_internal_notes_are_shown_to_staff_roles(client, request_with_secret, role):
    """Every staff role reads internal notes, marked as visible to staff only."""
    change_request, _submitter = request_with_secret
    client.force_login(staff_user(role))

    text = client.get(detail_url(change_request)).content.decode()

    assert "GEHEIM: bespreken met de jurist." in text
    assert "alleen zichtbaar voor medewerkers" in text


def test_submitter_name_and_email_are_for_staff_only(client, release):
    """The public sees the organisation; the name and e-mail address only staff see."""
    change_request = change_request_in_state(S.INTAKE, release=release)

    public = client.get(detail_url(change_request)).content.decode()
    client.force_login(staff_user(Role.SECRETARIAT))
    staff = client.get(detail_url(change_request)).content.decode()

    assert "Gemeente Voorbeeld" in public
    assert "sam@gemeente.example.nl" not in public and "Sam Indiener" not in public
    assert "sam@gemeente.example.nl" in staff and "Sam Indiener" in staff


def test_secretariat_sees_the_steps_it_may_take(client, release):
    """On an intake request the secretariat gets links to its steps; nothing else."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    client.force_login(staff_user(Role.SECRETARIAT))

    text = client.get(detail_url(change_request)).content.decode()

    actions = text.split('id="cs-actions-title"', 1)[1]
    assert "Doorzetten naar juridische toets" in actions
    step_url = reverse(
        "governance:change_request_step",
        kwargs={"number": change_request.number, "step": "naar-juridische-toets"},
    )
    assert f'href="{step_url}"' in actions
    assert "Aanvullende informatie vragen" in actions
    assert "Juridische toets vastleggen" not in actions


def test_anonymous_visitors_see_no_steps(client, release):
    """The public page offers no workflow steps."""
    change_request = change_request_in_state(S.INTAKE, release=release)

    text = client.get(detail_url(change_request)).content.decode()

    assert "Acties" not in text
    assert "Doorzetten naar juridische toets" not in text


def test_staff_without_a_step_in_this_state_are_told_so(client, release):
    """A legal reviewer on an intake request sees the section without steps."""
    change_request = change_request_in_state(S.INTAKE, release=release)
    client.force_login(staff_user(Role.LEGAL_REVIEWER))

    text = client.get(detail_url(change_request)).content.decode()

    assert "U kunt in deze status geen stappen zetten" in text


def test_unconfirmed_request_is_not_found_by_the_public(client, release):
    """Until its e-mail address is confirmed a request does not exist for the public."""
    change_request = change_request_in_state(S.SUBMITTED, release=release)

    assert client.get(detail_url(change_request)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(detail_url(change_request)).status_code == 404


def test_unconfirmed_request_is_shown_to_staff_marked_as_not_public(client, release):
    """Staff can open an unconfirmed request; the page says it is not public."""
    change_request = change_request_in_state(S.SUBMITTED, release=release)
    client.force_login(staff_user(Role.SECRETARIAT))

    response = client.get(detail_url(change_request))

    assert response.status_code == 200
    assert "Dit verzoek is niet openbaar" in response.content.decode()


def test_unknown_number_is_not_found(client, db):
    """A number that was never handed out answers 404."""
    response = client.get(reverse("governance:change_request_detail", args=["WV-2026-9999"]))

    assert response.status_code == 404


def test_merged_request_links_to_the_survivor_and_back(client, release):
    """A merged request names the one it was merged into; that one lists it."""
    merged = change_request_in_state(S.MERGED, release=release)
    survivor = merged.merged_into

    merged_text = client.get(detail_url(merged)).content.decode()
    survivor_text = client.get(detail_url(survivor)).content.decode()

    assert "Samengevoegd met" in merged_text
    assert f'href="{detail_url(survivor)}"' in merged_text
    assert "Samengevoegde verzoeken" in survivor_text
    assert f'href="{detail_url(merged)}"' in survivor_text


def test_legal_assessment_with_changes_is_shown_with_its_redline(client, release):
    """Verdict, motivation, grounds as a list, the revision judged and the amended wording."""
    change_request = change_request_in_state(
        S.LEGAL_REVIEW, release=release, proposed_text="Binnen 5 werkdagen."
    )
    services.change_request_assess(
        change_request=change_request,
        by=staff_user(Role.LEGAL_REVIEWER),
        verdict=LegalVerdict.FEASIBLE_WITH_CHANGES,
        motivation="Termijn te kort.",
        legal_grounds="Art. 2.3.5 Wmo 2015\nCRvB 18-05-2016",
        amended_text="Binnen 10 werkdagen.",
    )

    text = client.get(detail_url(change_request)).content.decode()

    assert "Juridisch haalbaar met aanpassingen" in text
    assert "Termijn te kort." in text
    assert '<li class="utrecht-unordered-list__item">Art. 2.3.5 Wmo 2015</li>' in text
    assert '<li class="utrecht-unordered-list__item">CRvB 18-05-2016</li>' in text
    assert "Beoordeelde revisie" in text
    assert "<del>5</del><ins>10</ins>" in text


def test_practical_review_and_steering_decision_are_shown(client, release):
    """An approved request shows the practical review and the meeting with its decision."""
    change_request = change_request_in_state(S.APPROVED, release=release)

    text = client.get(detail_url(change_request)).content.decode()

    assert "Praktijktoets" in text
    assert "Uitvoerbaar" in text
    assert "Geen effect op administratieve lasten" in text
    assert "Overnemen." in text
    assert "1 maart 2027" in text
    assert "Akkoord." in text
    assert "Juridisch haalbaar" in text


def test_answered_request_shows_its_answer_and_links_to_the_questions(client, release):
    """A request answered in the Q&A shows the answer and links to the standard's Q&A page."""
    change_request = change_request_in_state(S.ANSWERED, release=release)

    text = client.get(detail_url(change_request)).content.decode()

    assert "Wat is de levertermijn?" in text and "Zie artikel 3.1." in text
    assert f'href="{reverse("governance:faq", args=["cs-jeugd"])}#vraag-' in text


def _bounce(change_request, times: int):
    secretariat = staff_user(Role.SECRETARIAT)
    for n in range(times):
        change_request = services.change_request_request_info(
            change_request=change_request,
            by=secretariat,
            question=f"Vraag {n}",
            internal_note=f"Notitie {n}",
        )
        change_request = services.change_request_supply_info(
            change_request=change_request,
            by=None,
            answer=f"Antwoord {n}",
            tracking_token=change_request.tracking_token,
        )
    return change_request


@pytest.mark.parametrize("bounces", [0, 10])
@pytest.mark.parametrize("role", [None, Role.SECRETARIAT])
def test_detail_query_count_does_not_grow_with_events(
    client, release, django_assert_num_queries, bounces, role
):
    """The detail page costs the same for 2 events as for 22, for the public and for staff."""
    change_request = _bounce(change_request_in_state(S.INTAKE, release=release), bounces)
    expected = DETAIL_QUERIES
    if role is not None:
        client.force_login(staff_user(role))
        client.get(LIST_URL)  # not measured: the first request of a session
        # The session and its user, the user's permissions (asked once, then cached), the
        # unread notices in the header and whether the user follows the request.
        expected += 6

    with django_assert_num_queries(expected):
        response = client.get(detail_url(change_request))

    assert len(response.context["events"]) == 2 + 2 * bounces


def test_detail_query_count_does_not_grow_with_reviews(client, release):
    """A request with reviews, an agenda item and merged requests costs the same as a new one."""
    fresh = change_request_in_state(S.INTAKE, release=release)
    full = change_request_in_state(S.STEERING, release=release)
    for _n in range(3):
        other = change_request_in_state(S.INTAKE, release=release)
        services.change_request_merge(
            change_request=other, by=staff_user(Role.SECRETARIAT), into=full
        )

    with CaptureQueriesContext(connection) as few:
        client.get(detail_url(fresh))
    with CaptureQueriesContext(connection) as many:
        response = client.get(detail_url(full))

    assert len(few) == len(many) == DETAIL_QUERIES
    assert len(response.context["change_request"].merged_requests.all()) == 3


def test_practical_review_burden_effect_shown(client, release):
    """The burden effect of a practical review is written out."""
    change_request = change_request_in_state(S.PRACTICAL_REVIEW, release=release)
    services.change_request_advise(
        change_request=change_request,
        by=staff_user(Role.PRACTICAL_REVIEWER),
        feasibility=PracticalFeasibility.FEASIBLE_WITH_CONDITIONS,
        burden_effect=BurdenEffect.INCREASES,
        advice="Alleen met overgangstermijn.",
    )

    text = client.get(detail_url(change_request)).content.decode()

    assert "Uitvoerbaar onder voorwaarden" in text
    assert "Meer administratieve lasten" in text
    assert "Alleen met overgangstermijn." in text


def test_an_article_page_links_to_the_requests_about_that_article(client, release):
    """The article page links to the list filtered on the article's identity, which lists it."""
    on_article = change_request_in_state(S.INTAKE, release=release, title="Over dit artikel")
    article_version = on_article.base_version
    page = client.get(
        reverse(
            "standards:article_detail",
            kwargs={
                "standard": release.standard.slug,
                "version": release.version,
                "document": article_version.document.slug,
                "number": article_version.number,
            },
        )
    ).content.decode()

    link = f"{reverse('governance:change_request_list')}?article={article_version.article.key}"
    assert f'href="{link}"' in page
    listed = client.get(link).content.decode()
    assert on_article.number in listed
