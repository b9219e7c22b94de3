"""The API does what its OpenAPI document says, for whatever operations the document lists.

schemathesis reads ``/api/v1/openapi.json`` from the application itself (WSGI, no server) and
sends generated requests to every operation: no answer may be a server error, and every answer
must match the documented status codes, content types, headers and schemas. The document grows
as endpoints are added; these tests cover each new operation without being edited.

Two passes:

* ``test_operation_conforms_to_schema`` fuzzes each operation with generated parameters (mostly
  addresses that name nothing: the 404 and 400 paths);
* ``test_operation_with_existing_data_conforms_to_schema`` asks each operation once about data
  that exists (a standard with two published releases, articles, a change request), so that the
  200 answers with their full bodies are checked as well, and where an answer carries an ETag,
  the documented 304 of a conditional GET with it.

The schema is loaded at import time (schemathesis' pytest fixtures do not work with pytest 9);
pytest-django has configured Django by then. The document needs no database.
"""

from collections.abc import Iterator

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.roles import Role
from api.keys import api_key_create
from api.models import ApiScope
from api.versioning import API_PREFIX
from config.wsgi import application
from governance.constants import ChangeRequestState
from governance.services.steering import meeting_publish_decisions
from standards.constants import ReleaseState
from tests.factories import (
    OrganisationFactory,
    StandardFactory,
    change_request_in_state,
    contract_on,
    release_with_articles,
    staff_user,
)

schema = schemathesis.openapi.from_wsgi(f"{API_PREFIX}openapi.json", application)

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """schemathesis calls the WSGI application itself, whose request signals close "old"
    database connections: on PostgreSQL that is the test's own connection, inside its
    transaction. Django's test client disconnects the same handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def published_data(db) -> dict:
    """A standard with releases 1.0 and 1.1 (published), a draft 1.2, an approved change request
    on a published decision list and an answered one (a Q&A entry).

    Returns the values of path parameters that name this data by their names in the API
    (camelCase), and per resource (``"/articles/"``) where a name means something else there.
    """
    standard = StandardFactory(slug="cs-wmo", name="CS Wmo")
    first = release_with_articles(
        standard=standard,
        version="1.0",
        state=ReleaseState.SUPERSEDED,
        articles=[
            ("3.1", "Levering", "De aanbieder levert binnen tien werkdagen."),
            ("3.2", "Beëindiging", "De opdracht eindigt na de looptijd."),
        ],
    )
    identities = [version.article for version in first.article_versions.order_by("position")]
    second = release_with_articles(
        standard=standard,
        version="1.1",
        articles=[
            ("3.1", "Levering", "De aanbieder levert binnen vijf werkdagen."),
            ("3.3", "Beëindiging", "De opdracht eindigt na de looptijd."),
            ("3.4", "Privacy", "De aanbieder meldt een datalek binnen 24 uur."),
        ],
        identities=identities,
    )
    draft = release_with_articles(
        standard=standard,
        version="1.2",
        state=ReleaseState.DRAFT,
        identities=[second.article_versions.order_by("position").first().article],
    )
    change_request = change_request_in_state(ChangeRequestState.APPROVED, release=draft)
    change_request_in_state(ChangeRequestState.ANSWERED, release=draft, title="Wat is een week?")
    meeting = change_request.agenda_items.get().meeting
    meeting_publish_decisions(meeting=meeting, by=staff_user(Role.STEERING_SECRETARY))
    organisation = OrganisationFactory(slug="gemeente-utrecht")
    contract = contract_on(first, organisation=organisation)
    _key, token = api_key_create(
        by=staff_user(Role.SECRETARIAT), name="schemathesis", scopes=list(ApiScope.values)
    )
    return {
        "slug": standard.slug,
        "version": "1.1",
        "otherVersion": "1.0",
        "number": str(change_request.number),
        "articleId": str(identities[0].key),
        "decisionListId": str(meeting.pk),
        "/articles/": {"id": str(identities[0].key)},
        "/decision-lists/": {"id": str(meeting.pk)},
        "/organisations/": {"slug": organisation.slug, "id": str(contract.pk)},
        "headers": {"Authorization": f"Bearer {token}"},
    }


def path_parameters(route: str, names: list[str], data: dict) -> dict[str, str]:
    """The value for each path parameter of ``route``: the resource's own, else the shared one."""
    own = next((values for prefix, values in data.items() if route.startswith(prefix)), {})
    unknown = [name for name in names if name not in own and name not in data]
    assert not unknown, f"add a value for {route} {unknown} to published_data"
    return {name: own.get(name, data.get(name)) for name in names}


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_operation_conforms_to_schema(case, published_data):
    """Generated requests: never a 5xx, always a documented status, type, header and body."""
    case.call_and_validate(checks=CHECKS)


@pytest.mark.parametrize(
    ("path", "method"),
    [
        pytest.param(path, method, id=f"{method.upper()} {path}")
        for path, operations in schema.raw_schema.get("paths", {}).items()
        for method in operations
        if method == "get"
    ],
)
def test_operation_with_existing_data_conforms_to_schema(path, method, published_data):
    """Each GET asked about data that exists answers 200 with the documented body."""
    operation = schema[path][method]
    names = [
        parameter["name"]
        for parameter in operation.definition.raw.get("parameters", [])
        if parameter["in"] == "path"
    ]
    case = operation.Case(
        path_parameters=path_parameters(path, names, published_data),
        headers=published_data["headers"],
    )

    response = case.call_and_validate(checks=CHECKS)

    assert response.status_code == 200, response.text[:500]
    etag = response.headers.get("etag")  # lowercase names, lists of values
    if etag:  # cacheable: a client holding this version gets a documented 304
        again = operation.Case(
            path_parameters=case.path_parameters,
            headers={**published_data["headers"], "If-None-Match": etag[0]},
        ).call_and_validate(checks=CHECKS)
        assert again.status_code == 304, again.text[:500]
