"""``/api/v1/standards``: every standard with its release in force and its next release.

The list and the detail show the same fields (camelCase, absolute links); the release in force
is the published one, the upcoming one is the release under construction; a standard without a
published release has ``currentRelease: null``. An unknown standard is a 404 as problem details.
The number of queries does not grow with the number of standards or releases.
"""

import datetime

from django.utils import timezone

import pytest

from api.versioning import API_VERSION
from standards.constants import ReleaseState
from tests.factories import StandardFactory, release_with_articles

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def cs_jeugd():
    """CS Jeugd: 1.0 superseded, 1.1 published, 1.2 a draft with a submission deadline."""
    standard = StandardFactory(slug="cs-jeugd", name="CS Jeugd", description="Jeugdwet.")
    release_with_articles(standard=standard, version="1.0", state=ReleaseState.SUPERSEDED)
    release_with_articles(
        standard=standard,
        version="1.1",
        effective_on=datetime.date(2027, 1, 1),
        implementation_deadline=datetime.date(2027, 6, 1),
    )
    release_with_articles(
        standard=standard,
        version="1.2",
        state=ReleaseState.DRAFT,
        submission_deadline=timezone.make_aware(datetime.datetime(2027, 12, 31, 23, 59)),
    )
    return standard


def test_the_list_gives_each_standard_with_its_current_and_upcoming_release(client, cs_jeugd):
    """camelCase fields, dates as ISO 8601, links absolute; the unpublished standard's
    currentRelease is null."""
    StandardFactory(slug="cs-hulpmiddelen", name="CS Hulpmiddelen")

    response = client.get("/api/v1/standards")

    assert response.status_code == 200
    assert response["API-Version"] == API_VERSION
    body = response.json()
    assert body["count"] == 2
    by_slug = {standard["slug"]: standard for standard in body["results"]}
    jeugd = by_slug["cs-jeugd"]
    assert jeugd == {
        "slug": "cs-jeugd",
        "name": "CS Jeugd",
        "description": "Jeugdwet.",
        "currentRelease": {
            "version": "1.1",
            "effectiveOn": "2027-01-01",
            "implementationDeadline": "2027-06-01",
            "url": "http://testserver/api/v1/standards/cs-jeugd/releases/1.1",
        },
        "upcomingRelease": {
            "version": "1.2",
            "state": "draft",
            "submissionDeadline": jeugd["upcomingRelease"]["submissionDeadline"],
            "url": "http://testserver/api/v1/standards/cs-jeugd/releases/1.2",
        },
        "url": "http://testserver/api/v1/standards/cs-jeugd",
        "releasesUrl": "http://testserver/api/v1/standards/cs-jeugd/releases",
    }
    moment = datetime.datetime.fromisoformat(jeugd["upcomingRelease"]["submissionDeadline"])
    assert moment == timezone.make_aware(datetime.datetime(2027, 12, 31, 23, 59))
    assert moment.utcoffset() is not None
    assert by_slug["cs-hulpmiddelen"]["currentRelease"] is None
    assert by_slug["cs-hulpmiddelen"]["upcomingRelease"] is None


def test_the_detail_is_the_standard_as_listed(client, cs_jeugd):
    listed = client.get("/api/v1/standards").json()["results"][0]

    response = client.get("/api/v1/standards/cs-jeugd")

    assert response.status_code == 200
    assert response.json() == listed
    assert response["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    "url",
    ["/api/v1/standards/cs-onbekend", "/api/v1/standards/cs-onbekend/releases"],
)
def test_an_unknown_standard_is_a_404_problem(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response["API-Version"] == API_VERSION
    problem = response.json()
    assert problem["status"] == 404
    assert problem["detail"] == "Deze standaard bestaat niet."


def test_a_trailing_slash_is_a_404_problem(client, cs_jeugd):
    """NL API Design Rules: no trailing slashes, and no redirect to the address without one."""
    response = client.get("/api/v1/standards/cs-jeugd/")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("standard_count", [1, 6])
def test_list_queries_do_not_grow_with_standards(client, django_assert_num_queries, standard_count):
    """The standards and their releases: two queries, however many of either."""
    for index in range(standard_count):
        standard = StandardFactory(slug=f"cs-{index}")
        for minor in range(index % 3 + 1):
            release_with_articles(standard=standard, version=f"1.{minor}")

    with django_assert_num_queries(2):
        response = client.get("/api/v1/standards")

    assert response.json()["count"] == standard_count
