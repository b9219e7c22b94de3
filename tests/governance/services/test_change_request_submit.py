"""Filing a change request: ``change_request_submit``.

Anyone may file one against an article of the release in force or of the draft of the next
release. It is stored as submitted with a number and a target release; a logged-in submitter has
proven the e-mail address and goes straight to intake. Input that breaks a rule is refused with
a typed error that names the form field, and a refused submission leaves nothing behind: no
request, no event, no history, no number taken.
"""

import datetime

from django.contrib.auth.models import AnonymousUser

import pytest

from governance.constants import (
    ActorRole,
    ChangeKind,
    ChangeRequestState,
)
from governance.exceptions import GovernanceError, InvalidInput, SubmissionRefused
from governance.models import ChangeRequest
from standards.constants import ReleaseState
from standards.deadlines import AMSTERDAM, end_of_day
from standards.models import Release
from tests.factories import DocumentFactory, release_with_articles
from tests.governance.services.builders import ARTICLE_TEXT, submit
from tests.governance.services.snapshots import workflow_rows

pytestmark = pytest.mark.django_db

S = ChangeRequestState


def test_an_anonymous_submission_is_stored_as_submitted_with_a_number_and_target(draft):
    """Without an account the request waits for e-mail confirmation and is not yet public."""
    change_request, target = submit(draft)

    change_request.refresh_from_db()
    assert change_request.state == S.SUBMITTED
    assert change_request.number == "WV-2026-0001"
    assert (change_request.year, change_request.sequence) == (2026, 1)
    assert change_request.target_version == target.version == "1.1"
    assert change_request.base_release == draft
    assert change_request.base_version == draft.article_versions.get()
    assert change_request.article == draft.article_versions.get().article
    assert change_request.submitter_user is None
    assert change_request.submitted_at is not None
    assert change_request.confirmed_at is None
    assert len(change_request.tracking_token) >= 40
    assert not change_request.is_public
    assert list(change_request.events.values_list("transition", "actor_role")) == [
        ("submit", ActorRole.SUBMITTER)
    ]


def test_a_logged_in_submission_goes_straight_to_intake_with_two_events(draft, submitter_account):
    """The account proves its own address: submit and confirm events, a due date for intake."""
    change_request, _target = submit(
        draft, by=submitter_account, submitter_email=submitter_account.email.upper()
    )

    change_request.refresh_from_db()
    assert change_request.state == S.INTAKE
    assert change_request.submitter_user == submitter_account
    assert change_request.confirmed_at is not None
    assert change_request.due_on is not None
    assert list(
        change_request.events.order_by("pk").values_list(
            "transition", "from_state", "to_state", "actor"
        )
    ) == [
        ("submit", S.DRAFT, S.SUBMITTED, submitter_account.pk),
        ("confirm", S.SUBMITTED, S.INTAKE, submitter_account.pk),
    ]


def test_a_logged_in_submission_with_another_address_waits_for_confirmation(
    draft, submitter_account
):
    """An address the account does not prove must be confirmed by e-mail, as without account."""
    change_request, _target = submit(
        draft, by=submitter_account, submitter_email="iemand-anders@example.nl"
    )

    change_request.refresh_from_db()
    assert change_request.state == S.SUBMITTED
    assert change_request.submitter_user == submitter_account
    assert change_request.confirmed_at is None
    assert list(change_request.events.values_list("transition", flat=True)) == ["submit"]


def test_an_anonymous_user_object_counts_as_no_account(draft):
    """Views pass ``request.user``; for a visitor that is ``AnonymousUser``, not None."""
    change_request, _target = submit(draft, by=AnonymousUser())

    assert change_request.state == S.SUBMITTED
    assert change_request.submitter_user is None


def test_the_release_in_force_also_accepts_requests(published, draft):
    """A request may be written against the published version; it still targets the draft."""
    change_request, target = submit(published)

    assert change_request.base_release == published
    assert target.version == "1.1"


def test_the_text_is_stored_trimmed_and_the_address_as_typed(draft):
    """Whitespace around the proposed text goes; the address is kept for the e-mail."""
    change_request, _target = submit(
        draft, proposed_text="  De aanbieder levert binnen vijf werkdagen.\n"
    )

    assert change_request.proposed_text == "De aanbieder levert binnen vijf werkdagen."
    assert change_request.submitter_email == "Sam@Gemeente.example.nl"


def test_removing_an_article_clears_the_proposed_text(draft):
    """A removal proposes no wording; whatever was typed in the text field is dropped."""
    change_request, _target = submit(
        draft, kind=ChangeKind.REMOVE_ARTICLE, proposed_text="Deze tekst is niet nodig."
    )

    assert change_request.kind == ChangeKind.REMOVE_ARTICLE
    assert change_request.proposed_text == ""


def test_a_new_article_may_be_proposed_without_an_article(draft):
    """A new article is proposed against the document; no article identity yet."""
    document = draft.article_versions.get().document
    change_request, _target = submit(
        draft,
        document=document,
        article_version=None,
        kind=ChangeKind.NEW_ARTICLE,
        proposed_text="Artikel 3.2 Facturatie. De aanbieder factureert maandelijks.",
    )

    assert change_request.article is None
    assert change_request.base_version is None
    assert change_request.document == document


def test_a_new_article_may_repeat_the_text_of_the_article_it_follows(draft):
    """The "same as the current text" rule is about changing wording, not about new articles."""
    change_request, _target = submit(draft, kind=ChangeKind.NEW_ARTICLE, proposed_text=ARTICLE_TEXT)

    assert change_request.proposed_text == ARTICLE_TEXT


def _refusals(published: Release, draft: Release):
    """(description, overrides, error, field) of every refused submission."""
    other = release_with_articles(version="2.0", articles=[("1.1", "Elders", "Andere tekst.")])
    superseded = release_with_articles(
        standard=published.standard, version="0.9", state=ReleaseState.SUPERSEDED
    )
    withdrawn = release_with_articles(
        standard=published.standard, version="1.2", state=ReleaseState.WITHDRAWN
    )
    return [
        ("superseded release", {"release": superseded}, SubmissionRefused, None),
        ("withdrawn release", {"release": withdrawn}, SubmissionRefused, None),
        (
            "article of another release",
            {"release": draft, "article_version": published.article_versions.get()},
            SubmissionRefused,
            None,
        ),
        (
            "article of another standard",
            {"release": draft, "article_version": other.article_versions.get()},
            SubmissionRefused,
            None,
        ),
        (
            "document of another standard",
            {"release": draft, "document": other.article_versions.get().document},
            SubmissionRefused,
            None,
        ),
        (
            "new article in a document of another standard",
            {
                "release": draft,
                "document": other.article_versions.get().document,
                "article_version": None,
                "kind": ChangeKind.NEW_ARTICLE,
            },
            SubmissionRefused,
            None,
        ),
        (
            "new article in a document this release does not have",
            {
                "release": draft,
                "document": DocumentFactory(standard=draft.standard, slug="deel-1"),
                "article_version": None,
                "kind": ChangeKind.NEW_ARTICLE,
            },
            SubmissionRefused,
            None,
        ),
        (
            "no article, not a new article",
            {"release": draft, "article_version": None, "kind": ChangeKind.CHANGE_WORDING},
            InvalidInput,
            "kind",
        ),
        (
            "no article, removal",
            {"release": draft, "article_version": None, "kind": ChangeKind.REMOVE_ARTICLE},
            InvalidInput,
            "kind",
        ),
        (
            "empty proposed text",
            {"release": draft, "proposed_text": ""},
            InvalidInput,
            "proposed_text",
        ),
        (
            "blank proposed text",
            {"release": draft, "proposed_text": "  \n "},
            InvalidInput,
            "proposed_text",
        ),
        (
            "proposed text equals the current text",
            {"release": draft, "proposed_text": f"  {ARTICLE_TEXT} "},
            InvalidInput,
            "proposed_text",
        ),
        (
            "editorial change equal to the current text",
            {"release": draft, "kind": ChangeKind.EDITORIAL, "proposed_text": ARTICLE_TEXT},
            InvalidInput,
            "proposed_text",
        ),
        ("no title", {"release": draft, "title": " "}, InvalidInput, "title"),
        ("no motivation", {"release": draft, "motivation": ""}, InvalidInput, "motivation"),
        ("no summary", {"release": draft, "summary": ""}, InvalidInput, "summary"),
        ("no name", {"release": draft, "submitter_name": ""}, InvalidInput, "submitter_name"),
        (
            "no e-mail address",
            {"release": draft, "submitter_email": " "},
            InvalidInput,
            "submitter_email",
        ),
        (
            "invalid e-mail address",
            {"release": draft, "submitter_email": "sam@"},
            InvalidInput,
            "submitter_email",
        ),
        (
            "no organisation",
            {"release": draft, "organisation_name": ""},
            InvalidInput,
            "organisation_name",
        ),
    ]


def test_every_refused_submission_raises_a_typed_error_and_writes_nothing(published, draft):
    """No request, no event, no history row and no number is left by a refusal."""
    submit(draft)  # the year's number series exists and stands at 1
    for description, overrides, error, field in _refusals(published, draft):
        before = workflow_rows()
        try:
            submit(**overrides)
        except GovernanceError as refusal:
            raised = refusal
        else:
            raised = None
        assert type(raised) is error, description
        assert (raised.field, bool(raised.message)) == (field, True), description
        assert workflow_rows() == before, description

    change_request, _target = submit(draft)
    assert change_request.number == "WV-2026-0002"


def test_a_refused_first_submission_of_a_year_leaves_no_number_series(draft):
    """The refusal also rolls back the creation of the year's series."""
    with pytest.raises(InvalidInput):
        submit(draft, title="")

    assert workflow_rows()["number_series"] == []
    assert not ChangeRequest.objects.exists()


def test_a_request_filed_after_the_deadline_targets_the_next_release(draft):
    """Filed on 1 January 00:00 after "uiterlijk 31 december 2026 om 23:59": version 1.2."""
    Release.objects.filter(pk=draft.pk).update(
        submission_deadline=end_of_day(datetime.date(2026, 12, 31))
    )
    draft.refresh_from_db()

    change_request, target = submit(draft, at=datetime.datetime(2027, 1, 1, 0, 0, tzinfo=AMSTERDAM))

    assert change_request.target_version == "1.2"
    assert target.missed == draft
    assert change_request.number == "WV-2027-0001"
