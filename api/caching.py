"""Conditional GET for what does not change: published releases and their comparisons.

A published release is immutable (decision 0005); its representation changes only when it is
superseded (its ``state``) or when the API's own format changes (``API_VERSION``). So its
**strong ETag** is derived from those alone, without reading or serializing its text, and a
client that sends ``If-None-Match`` with it gets ``304 Not Modified`` after one cheap query.
Published resources may be cached long (``Cache-Control: public, max-age=86400``); anything
that can still change (drafts, lists) is ``no-cache``: revalidate every time.
"""

import hashlib

from rest_framework.request import Request
from rest_framework.response import Response

from api.versioning import API_VERSION

LONG_CACHE = "public, max-age=86400"
REVALIDATE = "no-cache"


def strong_etag(*parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, (API_VERSION, *parts))).encode()).hexdigest()
    return f'"{digest[:32]}"'


def matches(request: Request, etag: str) -> bool:
    """Whether the client's ``If-None-Match`` names ``etag`` (or ``*``)."""
    header = request.headers.get("If-None-Match", "")
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
    return etag in candidates or "*" in candidates


def not_modified(etag: str, cache_control: str) -> Response:
    response = Response(status=304)
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


def with_validators(response: Response, etag: str, cache_control: str) -> Response:
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response
