"""``Authorization: Bearer <prefix>.<secret>``: the key acts as its user, within its scopes.

A bad, revoked or expired key is a 401 problem with a ``Bearer`` challenge; a key without the
scope an endpoint names is a 403 problem; a write endpoint that names no scope is closed to keys
(and stays open to the session). Without the header the session applies, as before.
"""

import pytest
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from accounts.roles import Role
from api import keys
from api.authentication import ApiKeyAuthentication
from api.models import ApiScope
from api.problems import PROBLEM_CONTENT_TYPE
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/api/v1/organisations"
READ = ApiScope.ORGANISATIONS_READ
WRITE = ApiScope.CHANGE_REQUESTS_WRITE


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def secretary():
    return UserFactory(username="secretariaat", roles=[Role.SECRETARIAT])


def make_key(user, scopes=(READ,)):
    return keys.api_key_create(by=user, name="Script", scopes=list(scopes))


def assert_unauthorised(response):
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401
    assert response["API-Version"]


def test_a_key_acts_as_its_user(client, secretary):
    OrganisationFactory(name="Gemeente Utrecht")
    _, token = make_key(secretary)
    response = client.get(ORGANISATIONS, **bearer(token))
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Gemeente Utrecht"]


def test_without_credentials_401_with_a_bearer_challenge(client):
    response = client.get(ORGANISATIONS)
    assert_unauthorised(response)
    assert "API-sleutel" in response.json()["detail"]


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer a b", "Bearer cs_onbekend.geheim", "Bearer zonderpunt", "Bearer é"],
)
def test_a_malformed_or_unknown_key_is_401(client, header):
    assert_unauthorised(client.get(ORGANISATIONS, HTTP_AUTHORIZATION=header))


def test_a_bad_key_is_401_even_on_a_public_endpoint(client):
    """A client with a broken key hears so, rather than silently reading as anonymous."""
    assert_unauthorised(client.get("/api/v1/change-requests", **bearer("cs_onbekend.geheim")))


def test_a_revoked_key_is_401_and_says_so(client, secretary):
    api_key, token = make_key(secretary)
    keys.api_key_revoke(api_key=api_key, by=secretary)
    response = client.get(ORGANISATIONS, **bearer(token))
    assert_unauthorised(response)
    assert "ingetrokken" in response.json()["detail"]


def test_a_key_without_the_scope_is_403(client, secretary):
    _, token = make_key(secretary, scopes=[WRITE])
    response = client.get(ORGANISATIONS, **bearer(token))
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert "organisations:read" in response.json()["detail"]
    # HEAD needs what GET needs.
    assert client.head(ORGANISATIONS, **bearer(token)).status_code == 403


def test_a_key_reads_public_endpoints_with_any_scope(client, secretary):
    _, token = make_key(secretary, scopes=[WRITE])
    assert client.get("/api/v1/change-requests", **bearer(token)).status_code == 200


def test_the_session_still_works_without_a_header(client, secretary):
    client.force_login(secretary)
    assert client.get(ORGANISATIONS).status_code == 200


def test_another_authorization_scheme_falls_through_to_the_session(client):
    assert_unauthorised(client.get(ORGANISATIONS, HTTP_AUTHORIZATION="Basic dXNlcjpwdw=="))


class Unscoped(APIView):
    """A write endpoint that forgot to name its scope."""

    def post(self, request):
        return Response({"user": request.user.username})

    def get(self, request):
        return Response({"user": request.user.username})


class Scoped(Unscoped):
    required_scopes = {"POST": WRITE}


def call(view, method: str, token: str):
    factory = APIRequestFactory()
    request = getattr(factory, method)("/api/v1/test", **bearer(token))
    return view.as_view(authentication_classes=[ApiKeyAuthentication])(request)


def test_a_write_without_a_named_scope_is_closed_to_keys(secretary):
    _, token = make_key(secretary, scopes=[READ, WRITE])
    assert call(Unscoped, "post", token).status_code == 403
    assert call(Unscoped, "get", token).data == {"user": "secretariaat"}


def test_a_write_with_its_scope_named_needs_that_scope(secretary):
    _, with_scope = make_key(secretary, scopes=[WRITE])
    _, without = make_key(secretary, scopes=[READ])
    assert call(Scoped, "post", with_scope).data == {"user": "secretariaat"}
    assert call(Scoped, "post", without).status_code == 403


def test_the_security_scheme_is_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json()
    scheme = document["components"]["securitySchemes"]["apiKey"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert "organisations:read" in scheme["description"]
    assert {"apiKey": []} in document["paths"]["/organisations"]["get"]["security"]
