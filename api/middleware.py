"""Headers every API response carries (NL API Design Rules).

* ``API-Version``: the full version (``api.versioning``), on every response under ``/api/``,
  errors included;
* security headers fit for JSON: nothing may be framed, sniffed or run from an API response
  (``Content-Security-Policy: default-src 'none'; frame-ancestors 'none'``, ``nosniff``);
* ``Access-Control-Allow-Origin: *`` on the OpenAPI document, so that tools in a browser can
  read it;
* errors as problem details even where Django answered before any API view ran: an address
  that matches no route (a trailing slash, say) or a server error.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from api.problems import PROBLEM_CONTENT_TYPE, api_not_found, api_server_error, problem_response
from api.versioning import API_PREFIX, API_VERSION

OPENAPI_PATH = f"{API_PREFIX}openapi.json"


class ApiHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        if response.status_code >= 400 and response.get("Content-Type") != PROBLEM_CONTENT_TYPE:
            response = self._as_problem(request, response)
        response["API-Version"] = API_VERSION
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
        response["X-Content-Type-Options"] = "nosniff"
        response["X-Frame-Options"] = "DENY"
        response.setdefault("Referrer-Policy", "same-origin")
        response.setdefault("Cache-Control", "no-cache")
        if request.path == OPENAPI_PATH:
            response["Access-Control-Allow-Origin"] = "*"
        return response

    @staticmethod
    def _as_problem(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code == 404:
            return api_not_found(request)
        if response.status_code >= 500:
            return api_server_error(request)
        return problem_response(response.status_code, response.reason_phrase)
