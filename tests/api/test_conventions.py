"""What every API response does, whatever the endpoint (NL API Design Rules).

* ``API-Version`` with the full version on every response under ``/api/``: 200, 304, 400, 404,
  405, 406, 500 and the OpenAPI document;
* errors as problem details (``application/problem+json`` with ``type``, ``title``, ``status``,
  ``detail``), also where Django answered before any API view ran: a trailing slash is a 404,
  never a redirect;
* the OpenAPI document is public and readable from a browser elsewhere (CORS ``*``);
* security headers fit for JSON;
* pages of lists (``page``/``pageSize``, capped; a page that does not exist is a 400) and the
  building blocks behind conditional GET and the 400's ``invalidParams``.

The endpoints of the API grow in other modules, so the status codes that need a specific
endpoint (400, 304, 405, a server error, a paginated list) are produced here by small probe views
mounted under ``/api/v1/`` beside the real routes: this module is its own URLconf for the tests
marked with ``PROBES``. Every path the OpenAPI document lists is then checked the same way.
"""

import json

from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseServerError
from django.test import Client, RequestFactory
from django.urls import include, path

import pytest
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.caching import LONG_CACHE, matches, not_modified, strong_etag, with_validators
from api.middleware import ApiHeadersMiddleware
from api.pagination import ApiPagination
from api.problems import PROBLEM_CONTENT_TYPE, _invalid_params
from api.versioning import API_PREFIX, API_VERSION
from standards.models import Standard
from tests.factories import StandardFactory

pytestmark = pytest.mark.django_db

OPENAPI = f"{API_PREFIX}openapi.json"
PROBE = f"{API_PREFIX}_probe"
PROBE_ETAG = strong_etag("probe", 1)


# Probe views: the shapes of response the real endpoints give, without their data -------------


class InvalidInputProbe(APIView):
    """Refuses its input the way a serializer or a filter set does."""

    authentication_classes: list = []

    def get(self, request: Request) -> Response:
        raise exceptions.ValidationError(
            {"pageSize": ["Geef een geheel getal."], "non_field_errors": ["Kies één."]}
        )


class ImmutableProbe(APIView):
    """Answers like a published release: strong ETag, long cache, 304 when the client has it."""

    authentication_classes: list = []

    def get(self, request: Request) -> Response:
        if matches(request, PROBE_ETAG):
            return not_modified(PROBE_ETAG, LONG_CACHE)
        return with_validators(Response({"version": "1.0"}), PROBE_ETAG, LONG_CACHE)


class ProbeStandardSerializer(serializers.Serializer):
    slug = serializers.SlugField()


class PagedProbe(generics.ListAPIView):
    """A list with the API's default pagination."""

    authentication_classes: list = []
    serializer_class = ProbeStandardSerializer
    filter_backends: list = []

    def get_queryset(self):
        return Standard.objects.order_by("slug")


class FailingProbe(APIView):
    authentication_classes: list = []

    def get(self, request: Request) -> Response:
        raise RuntimeError("probe: a bug in a view")


urlpatterns = [
    path("api/v1/_probe/invalid", InvalidInputProbe.as_view()),
    path("api/v1/_probe/immutable", ImmutableProbe.as_view()),
    path("api/v1/_probe/paged", PagedProbe.as_view()),
    path("api/v1/_probe/failing", FailingProbe.as_view()),
    path("", include("config.urls")),
]

PROBES = pytest.mark.urls(__name__)


def assert_problem(response, status: int) -> dict:
    """``response`` is problem details with ``status`` and the API's headers."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response["API-Version"] == API_VERSION
    body = json.loads(response.content)
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


def assert_security_headers(response) -> None:
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


# The OpenAPI document -------------------------------------------------------------------------


def test_openapi_document_is_public_with_cors_and_version(client):
    """Anyone may fetch the OpenAPI document, also from a browser on another site."""
    response = client.get(OPENAPI)

    assert response.status_code == 200
    assert "json" in response["Content-Type"]
    assert response["API-Version"] == API_VERSION
    assert response["Access-Control-Allow-Origin"] == "*"
    assert_security_headers(response)
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["version"] == API_VERSION
    assert document["servers"][0]["url"].endswith("/api/v1")


def test_cors_is_only_opened_for_the_openapi_document(client):
    """Only the document is open to other origins; the data endpoints keep the browser default."""
    response = client.get(f"{API_PREFIX}does-not-exist")

    assert "Access-Control-Allow-Origin" not in response


def test_openapi_document_paths_follow_the_uri_rules(client):
    """Paths in the document: kebab-case segments, no trailing slash, camelCase parameters."""
    document = json.loads(client.get(OPENAPI).content)

    for route, operations in document["paths"].items():
        assert not route.endswith("/"), route
        for segment in route.strip("/").split("/"):
            if segment.startswith("{"):
                name = segment.strip("{}")
                assert name[0].islower() and "_" not in name and "-" not in name, route
            else:
                assert segment == segment.lower() and "_" not in segment, route
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    assert "_" not in parameter["name"], (route, method, parameter["name"])
                    assert parameter["name"][0].islower(), (route, method, parameter["name"])


# Trailing slashes and unknown addresses -------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [f"{OPENAPI}/", f"{API_PREFIX}standards/", f"{API_PREFIX}change-requests/", API_PREFIX],
)
def test_trailing_slash_is_a_problem_404_not_a_redirect(client, address):
    """``…/`` is not the resource without it: 404 problem details, no redirect to either form."""
    response = client.get(address)

    body = assert_problem(response, 404)
    assert "Location" not in response
    assert "schuine streep" in body["detail"]
    assert_security_headers(response)


def test_unknown_address_is_a_problem_404(client):
    """An address the API does not have is a 404 with problem details and the API's headers."""
    response = client.get(f"{API_PREFIX}releases-that-do-not-exist", HTTP_ACCEPT="application/json")

    assert_problem(response, 404)
    assert_security_headers(response)
    assert "Cache-Control" in response


def test_api_prefix_without_version_is_not_the_api(client):
    """The major version is part of every address: ``/api/standards`` is no API resource."""
    response = client.get("/api/standards")

    assert response.status_code == 404
    assert "API-Version" not in response


def test_paths_of_the_document_answer_with_the_api_headers(client):
    """Every path the document lists answers with the API's headers; its trailing-slash form 404s.

    Paths with parameters are asked with a value that names nothing: a problem 404 (or 400).
    """
    document = json.loads(client.get(OPENAPI).content)
    prefix = API_PREFIX.rstrip("/")

    for route, operations in document["paths"].items():
        if "get" not in operations:
            continue
        address = prefix + route.replace("{", "").replace("}", "-bestaat-niet")
        response = client.get(address)
        assert response["API-Version"] == API_VERSION, address
        assert response["X-Content-Type-Options"] == "nosniff", address
        if "{" in route:
            assert response.status_code in (400, 401, 404), address
            assert response["Content-Type"] == PROBLEM_CONTENT_TYPE, address
        elif "security" in operations["get"] and {} not in operations["get"]["security"]:
            assert response.status_code == 401, address  # authenticated resources
        else:
            assert response.status_code == 200, (address, response.content[:300])
        assert_problem(client.get(address + "/"), 404)


# Status codes produced by API views -----------------------------------------------------------


@PROBES
def test_invalid_input_is_a_problem_400_listing_the_fields(client):
    """A 400 names each invalid field as the client sent it; errors of the whole go to ``body``."""
    response = client.get(f"{PROBE}/invalid")

    body = assert_problem(response, 400)
    assert body["invalidParams"] == [
        {"name": "pageSize", "reason": "Geef een geheel getal.", "code": "invalid"},
        {"name": "body", "reason": "Kies één.", "code": "invalid"},
    ]
    assert_security_headers(response)


@PROBES
def test_method_not_allowed_is_a_problem_405(client):
    response = client.post(f"{PROBE}/invalid", data={}, content_type="application/json")

    assert_problem(response, 405)
    assert "GET" in response["Allow"]


@PROBES
def test_unacceptable_format_is_a_problem_406(client):
    """The API speaks JSON only; asking for XML is a 406, itself answered as problem details."""
    response = client.get(f"{PROBE}/immutable", HTTP_ACCEPT="application/xml")

    assert_problem(response, 406)


@PROBES
def test_conditional_get_answers_304_with_the_version(client):
    """A client holding the current ETag gets 304 with the validators and the API version."""
    first = client.get(f"{PROBE}/immutable")
    assert first.status_code == 200
    assert first["ETag"] == PROBE_ETAG
    assert first["Cache-Control"] == LONG_CACHE

    again = client.get(f"{PROBE}/immutable", HTTP_IF_NONE_MATCH=f'"other", W/{PROBE_ETAG}')

    assert again.status_code == 304
    assert again.content == b""
    assert again["API-Version"] == API_VERSION
    assert again["ETag"] == PROBE_ETAG
    assert again["Cache-Control"] == LONG_CACHE


@PROBES
def test_a_bug_in_a_view_is_a_problem_500():
    """An unhandled exception reaches the client as problem details, without a traceback."""
    client = Client(raise_request_exception=False)

    response = client.get(f"{PROBE}/failing")

    body = assert_problem(response, 500)
    assert "probe" not in response.content.decode()
    assert "Traceback" not in body["detail"]


def test_middleware_turns_a_plain_server_error_into_a_problem():
    """Where Django itself answered a 500 under ``/api/``, the client still gets problem details."""
    request = RequestFactory().get(f"{API_PREFIX}standards")
    middleware = ApiHeadersMiddleware(lambda request: HttpResponseServerError("<h1>500</h1>"))

    response = middleware(request)

    assert_problem(response, 500)
    assert response["X-Content-Type-Options"] == "nosniff"


def test_middleware_turns_other_plain_errors_into_problems():
    request = RequestFactory().post(f"{API_PREFIX}standards")
    middleware = ApiHeadersMiddleware(lambda request: HttpResponseNotAllowed(["GET"]))

    response = middleware(request)

    assert_problem(response, 405)


def test_middleware_leaves_the_portal_alone():
    """Pages outside ``/api/`` keep their own error pages and get no API headers."""
    request = RequestFactory().get("/standaarden/bestaat-niet")
    page = HttpResponse("<h1>Niet gevonden</h1>", status=404)
    middleware = ApiHeadersMiddleware(lambda request: page)

    response = middleware(request)

    assert response is page
    assert "API-Version" not in response
    assert response["Content-Type"].startswith("text/html")


def test_middleware_keeps_problem_responses_of_api_views():
    """A view's own problem details pass unchanged (with its own detail), plus the headers."""
    request = RequestFactory().get(f"{API_PREFIX}standards/x")
    own = HttpResponse(
        json.dumps({"type": "about:blank", "title": "t", "status": 404, "detail": "Eigen tekst."}),
        status=404,
        content_type=PROBLEM_CONTENT_TYPE,
    )

    response = ApiHeadersMiddleware(lambda request: own)(request)

    assert json.loads(response.content)["detail"] == "Eigen tekst."
    assert response["API-Version"] == API_VERSION


# Pagination -----------------------------------------------------------------------------------


@PROBES
def test_pages_have_count_links_and_link_header(client):
    """``pageSize`` picks the page length; the body and the ``Link`` header point onwards."""
    for slug in ("cs-a", "cs-b", "cs-c"):
        StandardFactory(slug=slug)

    response = client.get(f"{PROBE}/paged", {"pageSize": 2, "page": 1})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [row["slug"] for row in body["results"]] == ["cs-a", "cs-b"]
    assert "page=2" in body["next"] and "pageSize=2" in body["next"]
    assert body["previous"] is None
    assert response["Link"] == f'<{body["next"]}>; rel="next"'

    last = client.get(f"{PROBE}/paged", {"pageSize": 2, "page": 2}).json()
    assert [row["slug"] for row in last["results"]] == ["cs-c"]
    assert last["next"] is None


def test_page_size_is_capped():
    """No more than ``max_page_size`` rows at once; nonsense gets the default page length."""
    pagination = ApiPagination()

    def size(value: str) -> int:
        return pagination.get_page_size(Request(RequestFactory().get("/", {"pageSize": value})))

    assert size("10000") == ApiPagination.max_page_size == 200
    assert size("10") == 10
    assert size("nul") == ApiPagination.page_size
    assert size("-3") == ApiPagination.page_size


@PROBES
@pytest.mark.parametrize("page", ["99", "nul", "0"])
def test_page_that_does_not_exist_is_invalid_input(client, page):
    """A page past the last, or no page number at all, is a 400 naming ``page``."""
    StandardFactory(slug="cs-a")

    response = client.get(f"{PROBE}/paged", {"page": page})

    body = assert_problem(response, 400)
    assert [param["name"] for param in body["invalidParams"]] == ["page"]


# invalidParams and If-None-Match --------------------------------------------------------------


def test_invalid_params_flattens_nested_errors_with_paths():
    """Nested serializer errors become dotted and indexed names; each message is one entry."""
    detail = exceptions.ValidationError(
        {
            "title": ["Dit veld is verplicht."],
            "articles": [{}, {"number": ["Ongeldig nummer."]}],
            "period": {"startDate": ["Geen datum."], "non_field_errors": ["Start na einde."]},
            "non_field_errors": ["Geef een titel of een artikel."],
        }
    ).detail

    assert _invalid_params(detail) == [
        {"name": "title", "reason": "Dit veld is verplicht.", "code": "invalid"},
        {"name": "articles[1].number", "reason": "Ongeldig nummer.", "code": "invalid"},
        {"name": "period.startDate", "reason": "Geen datum.", "code": "invalid"},
        {"name": "period", "reason": "Start na einde.", "code": "invalid"},
        {"name": "body", "reason": "Geef een titel of een artikel.", "code": "invalid"},
    ]


def test_invalid_params_keeps_error_codes_and_bare_messages():
    required = exceptions.ValidationError({"pageSize": ["x"]}, code="required").detail
    bare = exceptions.ValidationError("Alles fout.").detail

    assert _invalid_params(required) == [{"name": "pageSize", "reason": "x", "code": "required"}]
    assert _invalid_params(bare) == [{"name": "body", "reason": "Alles fout.", "code": "invalid"}]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, False),
        ("", False),
        ('"abc"', True),
        ('W/"abc"', True),
        ('"old", "abc"', True),
        ('"old" ,W/"abc" ', True),
        ("*", True),
        ('"abcd"', False),
        ("abc", False),
        ('"old", "older"', False),
    ],
)
def test_if_none_match_matching(header, expected):
    """Weak and strong forms, lists and ``*`` (RFC 9110 weak comparison for GET)."""
    headers = {} if header is None else {"HTTP_IF_NONE_MATCH": header}
    request = Request(RequestFactory().get("/", **headers))

    assert matches(request, '"abc"') is expected


def test_strong_etag_depends_on_the_parts_and_the_api_version(monkeypatch):
    """Same parts, same tag; a new part or a new API version gives a different, quoted tag."""
    tag = strong_etag("cs-jeugd", "3.2", "published")

    assert tag == strong_etag("cs-jeugd", "3.2", "published")
    assert tag.startswith('"') and tag.endswith('"') and not tag.startswith("W/")
    assert tag != strong_etag("cs-jeugd", "3.2", "superseded")
    monkeypatch.setattr("api.caching.API_VERSION", "1.1.0")
    assert tag != strong_etag("cs-jeugd", "3.2", "published")
