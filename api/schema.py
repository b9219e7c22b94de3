"""The OpenAPI document (drf-spectacular) and what the NL API Design Rules add to it.

``document_conventions`` is a post-processing hook that gives every operation what the rules
ask of it, so that no view can forget:

* the ``API-Version`` header on every 2xx and 3xx response;
* problem details (``application/problem+json``, schema ``Problem``) for every 4xx/5xx;
* a documented ``400`` on every operation that takes parameters or a body, a ``404`` where the
  path names a resource, ``406`` and ``500`` everywhere;
* the CORS header of the document itself.
"""

from api.versioning import API_VERSION

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Problem details (RFC 9457).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri", "example": "about:blank"},
        "title": {"type": "string", "example": "Niet gevonden"},
        "status": {"type": "integer", "example": 404},
        "detail": {"type": "string", "example": "Deze versie bestaat niet."},
        "invalidParams": {
            "type": "array",
            "description": "Only with a 400: each invalid field or query parameter.",
            "items": {"$ref": "#/components/schemas/InvalidParam"},
        },
    },
}
INVALID_PARAM_SCHEMA = {
    "type": "object",
    "required": ["name", "reason", "code"],
    "properties": {
        "name": {"type": "string", "example": "pageSize"},
        "reason": {"type": "string", "example": "Geef een geheel getal."},
        "code": {"type": "string", "example": "invalid"},
    },
}
API_VERSION_HEADER = {
    "description": "The full version of the API that answered (semantic versioning).",
    "schema": {"type": "string", "example": API_VERSION},
}
ERROR_DESCRIPTIONS = {
    "400": "Ongeldige invoer: de parameters of de body kloppen niet (zie invalidParams).",
    "404": "Niet gevonden.",
    "406": "Het gevraagde formaat kan niet worden geleverd (alleen JSON).",
    "500": "Interne fout.",
}


def _problem_response(code: str) -> dict:
    return {
        "description": ERROR_DESCRIPTIONS.get(code, "Fout."),
        "headers": {"API-Version": {"$ref": "#/components/headers/API-Version"}},
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


CORS_HEADER = {
    "description": "The document may be read from any origin.",
    "schema": {"type": "string", "enum": ["*"]},
}


def document_conventions(result: dict, generator, request, public) -> dict:
    result["info"]["version"] = API_VERSION
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    schemas["InvalidParam"] = INVALID_PARAM_SCHEMA
    components.setdefault("headers", {})["API-Version"] = API_VERSION_HEADER
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "put", "post", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                if code[0] in "23":
                    response.setdefault("headers", {})["API-Version"] = {
                        "$ref": "#/components/headers/API-Version"
                    }
                elif code[0] in "45":
                    response.update(
                        _problem_response(code)
                        | {
                            "description": response.get(
                                "description", ERROR_DESCRIPTIONS.get(code, "Fout.")
                            )
                        }
                    )
            wanted = ["406", "500"]
            if operation.get("parameters") or method in {"put", "post", "patch"}:
                wanted.append("400")
            if "{" in path:
                wanted.append("404")
            for code in wanted:
                responses.setdefault(code, _problem_response(code))
            if path == "/openapi.json":
                responses["200"].setdefault("headers", {})["access-control-allow-origin"] = (
                    CORS_HEADER
                )
    return result
