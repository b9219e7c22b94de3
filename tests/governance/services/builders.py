"""Plain builders for the workflow tests (the fixtures in ``conftest.py`` use them too)."""

import datetime

from governance.constants import ChangeKind, ImpactClass
from governance.services.change_requests import change_request_submit
from organisations.constants import OrganisationKind
from standards.constants import ReleaseState
from standards.deadlines import AMSTERDAM
from standards.models import Release
from tests.factories import release_with_articles

ARTICLE_TEXT = "De aanbieder levert binnen een redelijke termijn."
SUBMITTED_AT = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=AMSTERDAM)


def published_release() -> Release:
    """Version 1.0 of a new standard, in force, with one article (art. 3.1)."""
    return release_with_articles(version="1.0", articles=[("3.1", "Levering", ARTICLE_TEXT)])


def draft_release(published: Release) -> Release:
    """The draft of 1.1 after ``published``, open for change requests, with the same article."""
    return release_with_articles(
        standard=published.standard,
        version="1.1",
        state=ReleaseState.DRAFT,
        articles=[("3.1", "Levering", ARTICLE_TEXT)],
        identities=[published.article_versions.get().article],
    )


def submit(release: Release, **overrides):
    """File a valid request against the first article of ``release``; ``overrides`` change it."""
    article_version = release.article_versions.order_by("position").first()
    arguments = {
        "release": release,
        "document": article_version.document,
        "article_version": article_version,
        "kind": ChangeKind.CHANGE_WORDING,
        "impact": ImpactClass.COMPATIBLE,
        "title": "Levertermijn verduidelijken",
        "proposed_text": "De aanbieder levert binnen vijf werkdagen.",
        "motivation": "Een redelijke termijn is voor discussie vatbaar.",
        "summary": "Een vaste levertermijn.",
        "submitter_name": "Sam Indiener",
        "submitter_email": "Sam@Gemeente.example.nl",
        "organisation_name": "Gemeente Voorbeeld",
        "organisation_type": OrganisationKind.MUNICIPALITY,
        "at": SUBMITTED_AT,
        **overrides,
    }
    return change_request_submit(**arguments)
