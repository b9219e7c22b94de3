"""The release manager's pages (versiebeheer) and the apply step they lead to.

Who may see them; what a release's page shows (its requests with their impact, the link to work
a scheduled one into the draft, the articles several requests touch, the steps its state
allows); the steps posted one after the other up to publication; refusals that show the page
again with the message and what was typed, and write nothing; query counts that do not grow
with the number of requests. Last, the apply step's conflict panel, which starts the resolution
from the request's change merged into the draft when that fits.
"""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

import pytest

from accounts.roles import Role
from governance.constants import Application, ImpactClass
from governance.constants import ChangeRequestState as S
from governance.models import ChangeRequest, TransitionEvent
from governance.services.application import change_request_apply
from standards.constants import ReleaseState
from standards.deadlines import default_implementation_deadline
from standards.models import ArticleVersion, Release
from standards.services.articles import article_version_revise
from tests.factories import UserFactory, change_request_in_state, release_with_articles, staff_user

pytestmark = pytest.mark.django_db

RELEASES = reverse("governance:releases")


def manage_url(release: Release) -> str:
    return reverse(
        "governance:release_manage",
        kwargs={"standard": release.standard.slug, "version": release.version},
    )


def step_url(release: Release, step: str) -> str:
    return reverse(
        "governance:release_step",
        kwargs={"standard": release.standard.slug, "version": release.version, "step": step},
    )


def apply_url(change_request: ChangeRequest) -> str:
    return reverse(
        "governance:change_request_step",
        kwargs={"number": change_request.number, "step": "verwerken"},
    )


def main(response) -> str:
    """The page's own content, without header, navigation and footer."""
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def step_forms(page: str) -> list[str]:
    """The steps the page offers, by the address each form posts to."""
    return re.findall(r'<form [^>]*action="/versiebeheer/[^"]+/([a-z]+)/"', page)


def input_value(page: str, name: str) -> str | None:
    match = re.search(rf'<input [^>]*name="{name}"[^>]*value="([^"]*)"', page)
    return match.group(1) if match else None


def state_of(release: Release) -> str:
    return Release.objects.get(pk=release.pk).state


def draft_version(change_request: ChangeRequest) -> ArticleVersion:
    return ArticleVersion.objects.get(
        release=change_request.scheduled_release, article=change_request.article
    )


@pytest.fixture
def manager(client):
    user = staff_user(Role.RELEASE_MANAGER)
    client.force_login(user)
    return user


@pytest.fixture
def scheduled() -> ChangeRequest:
    """A request scheduled into the 1.1 draft (after a published 1.0), not applied yet."""
    return change_request_in_state(S.SCHEDULED)


# --- Who may see and use the pages ----------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client, scheduled):
    """The list, a release's page and a step all redirect to the login page; nothing changes."""
    release = scheduled.scheduled_release
    for response in (
        client.get(RELEASES),
        client.get(manage_url(release)),
        client.post(step_url(release, "bevriezen"), {"seen_state": ReleaseState.DRAFT}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert "next=" in response["Location"]
    assert state_of(release) == ReleaseState.DRAFT


@pytest.mark.parametrize("roles", [[Role.LEGAL_REVIEWER], [Role.STEERING_SECRETARY], []])
def test_other_roles_get_403_and_change_nothing(client, roles):
    """Only the release manager and the secretariat manage releases."""
    release = release_with_articles(version="1.1", state=ReleaseState.DRAFT)
    client.force_login(UserFactory(username="iemand-anders", roles=roles))

    assert client.get(RELEASES).status_code == 403
    assert client.get(manage_url(release)).status_code == 403
    response = client.post(step_url(release, "bevriezen"), {"seen_state": ReleaseState.DRAFT})

    assert response.status_code == 403
    assert state_of(release) == ReleaseState.DRAFT


@pytest.mark.parametrize("role", [Role.RELEASE_MANAGER, Role.SECRETARIAT])
def test_release_manager_and_secretariat_see_the_pages(client, role):
    release = release_with_articles(version="1.1", state=ReleaseState.DRAFT)
    client.force_login(staff_user(role))

    assert client.get(RELEASES).status_code == 200
    assert client.get(manage_url(release)).status_code == 200


def test_an_unknown_release_is_404(client, manager):
    release = release_with_articles(version="1.1", state=ReleaseState.DRAFT)
    url = reverse(
        "governance:release_manage", kwargs={"standard": release.standard.slug, "version": "9.9"}
    )
    assert client.get(url).status_code == 404


# --- The list -------------------------------------------------------------------------------------


def test_the_list_shows_open_releases_with_requests_to_apply_and_applied(client, manager):
    """Per open release: link, state, what it is based on, and both counts; no published ones."""
    first = change_request_in_state(S.SCHEDULED, title="Eerste")
    release = first.scheduled_release
    change_request_in_state(S.SCHEDULED, release=release, title="Tweede")
    change_request_apply(change_request=first, by=manager)

    page = main(client.get(RELEASES))

    assert f'href="{manage_url(release)}"' in page
    published = release.standard.releases.get(version_major=1, version_minor=0)
    assert f'href="{manage_url(published)}"' not in page
    cells = re.findall(r'utrecht-table__cell--numeric">(\d+)</td>', page)
    assert cells == ["1", "1"]  # one still to apply, one applied
    assert "Concept" in page


def test_the_list_says_so_when_nothing_is_in_preparation(client, manager):
    release_with_articles(version="1.0")

    page = main(client.get(RELEASES))

    assert "Er is nu geen versie in voorbereiding." in page


# --- A release's page -----------------------------------------------------------------------------


def test_the_page_lists_the_requests_with_impact_and_the_link_to_apply(client, manager):
    """Each request by number, linked to its page, with its impact; a scheduled one in a draft
    links to its apply step, an applied one does not, and a manual application says so."""
    scheduled = change_request_in_state(S.SCHEDULED, impact=ImpactClass.NON_COMPATIBLE)
    release = scheduled.scheduled_release
    applied = change_request_in_state(
        S.SCHEDULED, release=release, impact=ImpactClass.NON_SUBSTANTIVE, title="Typfout"
    )
    article_version_revise(
        version=draft_version(applied), text="Tussentijds gewijzigd.", by=None, reason="x"
    )
    change_request_apply(change_request=applied, by=manager, text="Met de hand.")

    page = main(client.get(manage_url(release)))

    rows = re.findall(r'<tr class="utrecht-table__row">(.*?)</tr>', page, re.DOTALL)[1:]
    assert len(rows) == 2
    first, second = rows
    assert f'href="{scheduled.get_absolute_url()}">{scheduled.number}</a>' in first
    assert "Inhoudelijk, niet verenigbaar met bestaande afspraken" in first
    assert f'href="{apply_url(scheduled)}">{scheduled.number} verwerken</a>' in first
    assert f'href="{applied.get_absolute_url()}">{applied.number}</a>' in second
    assert "Niet-inhoudelijk" in second
    assert "verwerken</a>" not in second
    assert "met de hand, na een conflict" in second
    assert "Eerst moet nog 1 ingepland verzoek worden verwerkt." in page


def test_the_page_counts_the_impact_classes(client, manager):
    """The impact summary names every class that occurs with its number of requests."""
    first = change_request_in_state(S.SCHEDULED, impact=ImpactClass.COMPATIBLE)
    release = first.scheduled_release
    change_request_in_state(S.SCHEDULED, release=release, impact=ImpactClass.COMPATIBLE)
    change_request_in_state(S.SCHEDULED, release=release, impact=ImpactClass.NON_SUBSTANTIVE)

    page = main(client.get(manage_url(release)))

    counts = re.findall(r'<span class="cs-impact-count">(.*?)</span>', page)
    assert counts == [
        "Niet-inhoudelijk: 1",
        "Inhoudelijk, verenigbaar met bestaande afspraken: 2",
    ]


def test_the_impact_summary_has_no_dangling_separator(client, manager):
    """With only compatible requests the summary ends at the count, not at '; '."""
    change_request = change_request_in_state(S.SCHEDULED, impact=ImpactClass.COMPATIBLE)

    page = main(client.get(manage_url(change_request.scheduled_release)))

    summary = re.search(r"Verwachte impact:(.*?)</p>", page, re.DOTALL).group(1)
    assert not summary.strip().endswith(";")


def test_the_page_shows_the_articles_that_two_scheduled_requests_touch(client, manager):
    """Two scheduled requests on one article: the conflicts section names both, with the
    outcome of each; with one request per article there is no such section."""
    first = change_request_in_state(S.SCHEDULED, proposed_text="Levering binnen 5 werkdagen.")
    release = first.scheduled_release
    assert "Artikelen met meer dan één verzoek" not in main(client.get(manage_url(release)))
    second = change_request_in_state(
        S.SCHEDULED, release=release, title="Anders", proposed_text="Levering op afspraak."
    )

    page = main(client.get(manage_url(release)))

    section = page[page.index('id="samenloop"') :]
    assert "Artikel 3.1 Levering" in section
    assert f'href="{first.get_absolute_url()}">{first.number}</a>' in section
    assert f'href="{second.get_absolute_url()}">{second.number}</a>' in section
    assert "Overlap" in section
    assert "Botst met een andere wijziging" in section


@pytest.mark.parametrize(
    ("state", "steps"),
    [
        (ReleaseState.DRAFT, ["bevriezen"]),
        (ReleaseState.FROZEN, ["vaststellen", "heropenen"]),
        (ReleaseState.ADOPTED, ["publiceren"]),
        (ReleaseState.PUBLISHED, []),
    ],
)
def test_the_page_offers_the_steps_of_the_state(client, manager, state, steps):
    """Each form carries the state the page showed; a published release offers none."""
    release = release_with_articles(version="1.1", state=state)

    page = main(client.get(manage_url(release)))

    assert step_forms(page) == steps
    assert page.count(f'name="seen_state" value="{state}"') == len(steps)
    assert ("Volgende stap" in page) == bool(steps)


def test_the_publish_form_proposes_today_and_six_months_later(client, manager):
    """Publication today, deadline six calendar months later (art. 3.30); no effective date."""
    release = release_with_articles(version="1.1", state=ReleaseState.ADOPTED)
    today = timezone.localdate()

    page = main(client.get(manage_url(release)))

    assert input_value(page, "published_on") == today.isoformat()
    assert (
        input_value(page, "implementation_deadline")
        == default_implementation_deadline(today).isoformat()
    )
    assert input_value(page, "effective_on") is None
    assert 'id="id_publiceren_implementation_deadline"' in page
    assert "Deze versie bevat geen inhoudelijke wijzigingen." in page


def test_the_adopt_form_proposes_today(client, manager):
    release = release_with_articles(version="1.1", state=ReleaseState.FROZEN)

    page = main(client.get(manage_url(release)))

    assert input_value(page, "adopted_on") == timezone.localdate().isoformat()
    assert 'id="id_vaststellen_note"' in page


# --- Taking the steps -----------------------------------------------------------------------------


def test_the_steps_lead_from_draft_to_published(
    client, manager, scheduled, django_capture_on_commit_callbacks
):
    """Freeze, adopt, publish: each a redirect to the release's page with a success message; the
    published release supersedes 1.0 and its request is released."""
    release = scheduled.scheduled_release
    change_request_apply(change_request=scheduled, by=manager)
    published_on = datetime.date(2027, 4, 1)

    response = client.post(
        step_url(release, "bevriezen"), {"seen_state": ReleaseState.DRAFT}, follow=True
    )
    assert response.redirect_chain == [(manage_url(release), 302)]
    assert "Versie 1.1 is bevroren: er wordt niets meer verwerkt." in main(response)
    assert state_of(release) == ReleaseState.FROZEN

    response = client.post(
        step_url(release, "vaststellen"),
        {
            "seen_state": ReleaseState.FROZEN,
            "adopted_on": "2027-03-04",
            "note": "Stuurgroep 4 maart 2027, agendapunt 4",
        },
        follow=True,
    )
    assert response.redirect_chain == [(manage_url(release), 302)]
    page = main(response)
    assert "Versie 1.1 is vastgesteld." in page
    assert "4 maart 2027 (Stuurgroep 4 maart 2027, agendapunt 4)" in page
    assert "Deze versie bevat 1 inhoudelijke wijziging." in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            step_url(release, "publiceren"),
            {
                "seen_state": ReleaseState.ADOPTED,
                "published_on": published_on.isoformat(),
                "effective_on": "2027-07-01",
                "implementation_deadline": "2027-10-01",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == manage_url(release)
    page = main(client.get(response["Location"]))
    assert "Versie 1.1 is gepubliceerd." in page
    assert step_forms(page) == []
    fresh = Release.objects.get(pk=release.pk)
    assert (fresh.state, fresh.published_on, fresh.implementation_deadline) == (
        ReleaseState.PUBLISHED,
        published_on,
        datetime.date(2027, 10, 1),
    )
    assert state_of(release.standard.releases.get(version_major=1, version_minor=0)) == (
        ReleaseState.SUPERSEDED
    )
    scheduled.refresh_from_db()
    assert scheduled.state == S.RELEASED


def test_reopening_takes_the_release_back_to_draft(client, manager):
    release = release_with_articles(version="1.1", state=ReleaseState.FROZEN)

    response = client.post(
        step_url(release, "heropenen"), {"seen_state": ReleaseState.FROZEN}, follow=True
    )

    assert response.redirect_chain == [(manage_url(release), 302)]
    assert "Versie 1.1 is weer een concept." in main(response)
    assert state_of(release) == ReleaseState.DRAFT


def test_freezing_with_a_request_to_apply_is_refused_with_409(client, manager, scheduled):
    """The page comes back with the refusal naming the request; the release stays a draft."""
    release = scheduled.scheduled_release
    history = release.history.count()

    response = client.post(step_url(release, "bevriezen"), {"seen_state": ReleaseState.DRAFT})

    assert response.status_code == 409
    page = main(response)
    alert = page[page.index('role="alert"') : page.index("</div>", page.index('role="alert"'))]
    assert scheduled.number in alert
    assert "Nog niet alle ingeplande verzoeken zijn verwerkt" in alert
    assert step_forms(page) == ["bevriezen"]
    assert state_of(release) == ReleaseState.DRAFT
    assert release.history.count() == history


def test_adopting_without_a_note_is_refused_with_400_and_keeps_the_date(client, manager):
    """The form's message on the note field, the typed date kept; the release stays frozen."""
    release = release_with_articles(version="1.1", state=ReleaseState.FROZEN)

    response = client.post(
        step_url(release, "vaststellen"),
        {"seen_state": ReleaseState.FROZEN, "adopted_on": "2027-03-04", "note": "   "},
    )

    assert response.status_code == 400
    page = main(response)
    assert "Leg vast welk besluit de versie vaststelde." in page
    assert input_value(page, "adopted_on") == "2027-03-04"
    assert 'aria-invalid="true"' in page
    fresh = Release.objects.get(pk=release.pk)
    assert (fresh.state, fresh.adopted_on) == (ReleaseState.FROZEN, None)


def test_an_invalid_date_is_refused_with_400_and_keeps_the_note(client, manager):
    """A date that is no date: a clear message, and the note the user typed is still there."""
    release = release_with_articles(version="1.1", state=ReleaseState.FROZEN)

    response = client.post(
        step_url(release, "vaststellen"),
        {"seen_state": ReleaseState.FROZEN, "adopted_on": "gisteren", "note": "Stuurgroep 12"},
    )

    assert response.status_code == 400
    page = main(response)
    assert "Vul een geldige datum in" in page
    assert "Stuurgroep 12</textarea>" in page
    assert input_value(page, "adopted_on") == "gisteren"
    assert state_of(release) == ReleaseState.FROZEN


def test_a_stale_page_is_refused_with_409_and_keeps_what_was_typed(client, manager):
    """The form was sent from a page that showed another state than the release has now: the
    adoption is refused with the state now, the typed note is kept, nothing is recorded."""
    release = release_with_articles(version="1.1", state=ReleaseState.FROZEN)

    response = client.post(
        step_url(release, "vaststellen"),
        {
            "seen_state": ReleaseState.DRAFT,
            "adopted_on": "2027-03-04",
            "note": "Stuurgroep 4 maart 2027",
        },
    )

    assert response.status_code == 409
    page = main(response)
    assert "is intussen door iemand anders gewijzigd" in page
    assert "Stuurgroep 4 maart 2027</textarea>" in page
    fresh = Release.objects.get(pk=release.pk)
    assert (fresh.state, fresh.adopted_on, fresh.adoption_note) == (ReleaseState.FROZEN, None, "")


def test_a_too_short_implementation_term_is_refused_with_400(client, manager, scheduled):
    """A substantive request and a deadline before publication + 6 months: the message on the
    deadline names the request; the typed dates are kept; nothing is published."""
    release = scheduled.scheduled_release
    change_request_apply(change_request=scheduled, by=manager)
    Release.objects.filter(pk=release.pk).update(state=ReleaseState.ADOPTED)

    response = client.post(
        step_url(release, "publiceren"),
        {
            "seen_state": ReleaseState.ADOPTED,
            "published_on": "2027-04-01",
            "effective_on": "2027-07-01",
            "implementation_deadline": "2027-07-01",
        },
    )

    assert response.status_code == 400
    page = main(response)
    error = re.search(r'id="id_publiceren_implementation_deadline_error">(.*?)</div>', page, re.S)
    assert error is not None
    assert scheduled.number in error.group(1)
    assert "1 oktober 2027" in error.group(1)
    assert input_value(page, "published_on") == "2027-04-01"
    assert input_value(page, "effective_on") == "2027-07-01"
    assert input_value(page, "implementation_deadline") == "2027-07-01"
    fresh = Release.objects.get(pk=release.pk)
    assert (fresh.state, fresh.published_on) == (ReleaseState.ADOPTED, None)
    scheduled.refresh_from_db()
    assert scheduled.state == S.APPLIED


def test_a_step_the_state_does_not_allow_is_refused_with_409(client, manager):
    """Publishing a draft: the refusal is shown with the draft's own step; nothing published."""
    release = release_with_articles(version="1.1", state=ReleaseState.DRAFT)

    response = client.post(
        step_url(release, "publiceren"),
        {
            "seen_state": ReleaseState.DRAFT,
            "published_on": "2027-04-01",
            "effective_on": "2027-07-01",
            "implementation_deadline": "2027-10-01",
        },
    )

    assert response.status_code == 409
    page = main(response)
    assert "Dit kan niet bij een versie met status" in page
    assert step_forms(page) == ["bevriezen"]
    assert Release.objects.get(pk=release.pk).published_on is None


def test_an_unknown_step_is_404(client, manager):
    release = release_with_articles(version="1.1", state=ReleaseState.DRAFT)

    response = client.post(step_url(release, "weggooien"), {"seen_state": ReleaseState.DRAFT})

    assert response.status_code == 404
    assert state_of(release) == ReleaseState.DRAFT


def test_a_step_is_only_taken_by_post(client, manager):
    """GET on a step's address is 405 and changes nothing."""
    release = release_with_articles(version="1.1", state=ReleaseState.DRAFT)

    assert client.get(step_url(release, "bevriezen")).status_code == 405
    assert state_of(release) == ReleaseState.DRAFT


# --- Query counts ---------------------------------------------------------------------------------

# session, user, permissions (user + groups), the releases with both counts, unread notices.
QUERIES_LIST = 6
# session, user, permissions (user + groups), the release, its requests, the conflicts (requests,
# article versions), unread notices.
QUERIES_MANAGE = 9


def _release_with_requests(count: int) -> Release:
    """A draft with ``count`` scheduled requests on its one article (so also a conflict)."""
    first = change_request_in_state(S.SCHEDULED, title="Verzoek 0")
    release = first.scheduled_release
    for n in range(1, count):
        change_request_in_state(S.SCHEDULED, release=release, title=f"Verzoek {n}")
    return release


@pytest.mark.parametrize("count", [2, 6])
def test_the_list_takes_a_fixed_number_of_queries(
    client, manager, django_assert_num_queries, count
):
    _release_with_requests(count)

    with django_assert_num_queries(QUERIES_LIST):
        response = client.get(RELEASES)

    assert response.status_code == 200
    assert re.findall(r'utrecht-table__cell--numeric">(\d+)</td>', main(response)) == [
        str(count),
        "0",
    ]


@pytest.mark.parametrize("count", [2, 6])
def test_the_release_page_takes_a_fixed_number_of_queries(
    client, manager, django_assert_num_queries, count
):
    release = _release_with_requests(count)

    with django_assert_num_queries(QUERIES_MANAGE):
        response = client.get(manage_url(release))

    assert response.status_code == 200
    assert len(response.context["contents"].change_requests) == count
    assert len(response.context["conflicts"]) == 1


# --- The apply step: the resolution starts from the merged text when it fits ---------------------

TWO_PARAGRAPHS = "De aanbieder levert op tijd.\n\nDe gemeente betaalt binnen 30 dagen."


@pytest.fixture
def two_paragraph_request() -> ChangeRequest:
    """A request on an article of two paragraphs that changes the second one."""
    published = release_with_articles(version="1.0", articles=[("3.1", "Levering", TWO_PARAGRAPHS)])
    draft = release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        articles=[("3.1", "Levering", TWO_PARAGRAPHS)],
        identities=[published.article_versions.get().article],
    )
    return change_request_in_state(
        S.SCHEDULED,
        release=draft,
        proposed_text="De aanbieder levert op tijd.\n\nDe gemeente betaalt binnen 14 dagen.",
    )


def test_a_change_that_fits_is_prefilled_merged_into_the_draft(
    client, manager, two_paragraph_request
):
    """The draft changed the first paragraph, the request the second: 409 with the merged text
    in the text field and the "Samengevoegd" redline; nothing written."""
    change_request = two_paragraph_request
    article_version_revise(
        version=draft_version(change_request),
        text="De aanbieder levert binnen vijf werkdagen.\n\nDe gemeente betaalt binnen 30 dagen.",
        by=None,
        reason="x",
    )
    events = TransitionEvent.objects.count()

    response = client.post(apply_url(change_request), {"seen_state": S.SCHEDULED})

    assert response.status_code == 409
    merged = "De aanbieder levert binnen vijf werkdagen.\n\nDe gemeente betaalt binnen 14 dagen."
    assert response.context["form"]["text"].value() == merged
    page = main(response)
    assert "Samengevoegd: de wijziging van het verzoek in de tekst van nu" in page
    assert "Het tekstvak hieronder bevat de samengevoegde tekst" in page
    assert "overlapt met wat er sinds het indienen" not in page
    change_request.refresh_from_db()
    assert change_request.state == S.SCHEDULED
    assert TransitionEvent.objects.count() == events
    assert "30 dagen" in draft_version(change_request).text


def test_the_merged_text_once_confirmed_is_applied_by_hand(client, manager, two_paragraph_request):
    """Posting the prefilled text back lands it in the draft as a manual application."""
    change_request = two_paragraph_request
    article_version_revise(
        version=draft_version(change_request),
        text="De aanbieder levert binnen vijf werkdagen.\n\nDe gemeente betaalt binnen 30 dagen.",
        by=None,
        reason="x",
    )
    prefilled = (
        client.post(apply_url(change_request), {"seen_state": S.SCHEDULED})
        .context["form"]["text"]
        .value()
    )

    response = client.post(
        apply_url(change_request), {"seen_state": S.SCHEDULED, "text": prefilled}
    )

    assert response.status_code == 302
    change_request.refresh_from_db()
    assert change_request.application == Application.MANUAL
    assert draft_version(change_request).text == prefilled


def test_a_change_that_clashes_is_prefilled_with_the_proposal(
    client, manager, two_paragraph_request
):
    """The draft changed the same words: the text field starts at the proposal, and the page
    says the change overlaps; no "Samengevoegd" panel."""
    change_request = two_paragraph_request
    article_version_revise(
        version=draft_version(change_request),
        text="De aanbieder levert op tijd.\n\nDe gemeente betaalt binnen 60 dagen.",
        by=None,
        reason="x",
    )

    response = client.post(apply_url(change_request), {"seen_state": S.SCHEDULED})

    assert response.status_code == 409
    assert response.context["form"]["text"].value() == change_request.proposed_text
    page = main(response)
    assert "De wijziging van het verzoek overlapt met wat er sinds het indienen" in page
    assert "Samengevoegd" not in page
    change_request.refresh_from_db()
    assert change_request.state == S.SCHEDULED
    assert "60 dagen" in draft_version(change_request).text


def test_a_typed_resolution_is_never_replaced_by_the_merged_text(
    client, manager, two_paragraph_request
):
    """A text the user typed is applied as it is: the prefill only fills an empty field."""
    change_request = two_paragraph_request
    article_version_revise(
        version=draft_version(change_request),
        text="De aanbieder levert binnen vijf werkdagen.\n\nDe gemeente betaalt binnen 30 dagen.",
        by=None,
        reason="x",
    )

    response = client.post(
        apply_url(change_request), {"seen_state": S.SCHEDULED, "text": "Mijn eigen tekst."}
    )

    assert response.status_code == 302
    assert draft_version(change_request).text == "Mijn eigen tekst."
