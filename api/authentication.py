"""Signing in to the API with an API key: ``Authorization: Bearer <prefix>.<secret>``.

The key acts as its user, with the user's roles and permissions, but only within its scopes
(``api.models.ApiScope``). A view names the scope each method needs in ``required_scopes``::

    class OrganisationList(generics.ListAPIView):
        required_scopes = {"GET": ApiScope.ORGANISATIONS_READ}

A key without that scope gets ``403``. A view that names no scope for a method lets a key read
(``GET``, ``HEAD``, ``OPTIONS``: what its user could read anyway) and refuses it anything else,
so a new write endpoint that forgets its scope is closed to keys, not open.

A bad, revoked or expired key, or one whose user may no longer have keys, is a ``401`` problem
with ``WWW-Authenticate: Bearer``; so is a request to an endpoint that needs a user, without
any credentials. A request without an ``Authorization: Bearer`` header falls through to the
portal's session (``SessionAuthentication``, with its CSRF check on writes).
"""

from django.utils.translation import gettext as _

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from api import keys
from api.models import ApiKey, ApiScope

KEYWORD = "Bearer"


def scope_required(view, method: str) -> str | None:
    """The scope ``method`` needs on ``view``; a HEAD needs what its GET needs."""
    method = "GET" if method.upper() == "HEAD" else method.upper()
    return getattr(view, "required_scopes", {}).get(method)


class ApiKeyAuthentication(BaseAuthentication):
    """``request.user`` is the key's user, ``request.auth`` the ``ApiKey``."""

    def authenticate(self, request: Request) -> tuple | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Stuur de sleutel als: Authorization: Bearer <voorvoegsel>.<geheim>.")
            )
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Deze API-sleutel bestaat niet.")) from error
        try:
            api_key = keys.api_key_authenticate(token)
        except keys.InvalidApiKey as error:
            raise exceptions.AuthenticationFailed(error.message) from error
        self._check_scope(request, api_key)
        return api_key.user, api_key

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="api"'

    @staticmethod
    def _check_scope(request: Request, api_key: ApiKey) -> None:
        view = (getattr(request, "parser_context", None) or {}).get("view")
        scope = scope_required(view, request.method)
        if scope is None:
            if request.method in SAFE_METHODS:
                return
            raise exceptions.PermissionDenied(
                _("Met een API-sleutel kan dit niet; gebruik het portaal.")
            )
        if not api_key.has_scope(scope):
            raise exceptions.PermissionDenied(
                _("Deze API-sleutel heeft de bevoegdheid %(scope)s niet.") % {"scope": scope}
            )


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """The key in the OpenAPI document: an HTTP bearer scheme, scopes in its description."""

    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema) -> dict:
        scopes = "; ".join(f"`{value}`: {label}" for value, label in ApiScope.choices)
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "<prefix>.<secret>",
            "description": (
                "An API key made in the portal (API-sleutels), sent as "
                "`Authorization: Bearer <prefix>.<secret>`. It acts as its user within its "
                f"scopes: {scopes}. A bad, revoked or expired key is a 401 problem."
            ),
        }
