"""Errors as problem details (RFC 9457, ``application/problem+json``).

Every error the API gives has ``type``, ``title``, ``status`` and ``detail``; a 400 for invalid
input lists the fields in ``invalidParams`` (``name``, ``reason``, ``code``), with the field
names as the client sent them (camelCase). DRF's exceptions go through
``problem_exception_handler``; errors Django raises before a view runs (no matching URL, a
server error) go through ``api_not_found`` and ``api_server_error`` (``config.urls`` hands the
``/api/`` paths to them).
"""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Ongeldige invoer",
    401: "Niet geauthenticeerd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    409: "Conflict",
    412: "Voorwaarde niet vervuld",
    415: "Mediatype niet ondersteund",
    429: "Te veel verzoeken",
    500: "Interne fout",
}


def problem(status_code: int, detail: str, **extra) -> dict:
    return {
        "type": f"https://datatracker.ietf.org/doc/html/rfc9110#status.{status_code}",
        "title": TITLES.get(status_code, "Fout"),
        "status": status_code,
        "detail": detail,
        **extra,
    }


def _invalid_params(detail, prefix: str = "") -> list[dict]:
    """Flatten DRF's error detail (dicts and lists of ErrorDetail) into named reasons."""
    params: list[dict] = []
    if isinstance(detail, dict):
        for name, value in detail.items():
            key = "" if name == "non_field_errors" else str(name)
            params += _invalid_params(value, f"{prefix}.{key}" if prefix and key else key or prefix)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                params += _invalid_params(value, f"{prefix}[{index}]")
            else:
                params += _invalid_params(value, prefix)
    else:
        params.append(
            {
                "name": prefix or "body",
                "reason": str(detail),
                "code": getattr(detail, "code", None) or "invalid",
            }
        )
    return params


def problem_exception_handler(exc, context) -> Response | None:
    """DRF's handler, with the body as problem details."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = problem(
            status.HTTP_400_BAD_REQUEST,
            _("De invoer is ongeldig; zie invalidParams."),
            invalidParams=_invalid_params(exc.detail),
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        body = problem(response.status_code, str(detail))
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem_response(status_code: int, detail: str, **extra) -> JsonResponse:
    return JsonResponse(
        problem(status_code, detail, **extra),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def api_not_found(request: HttpRequest) -> JsonResponse:
    return problem_response(
        404,
        _(
            "Dit adres bestaat niet in de API. Adressen eindigen zonder schuine streep; "
            "zie /api/v1/openapi.json."
        ),
    )


def api_server_error(request: HttpRequest) -> JsonResponse:
    return problem_response(500, _("Er ging iets mis aan onze kant. Probeer het later opnieuw."))
