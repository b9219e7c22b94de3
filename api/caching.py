"""Conditional GET and a response cache for what does not change: published releases and their
comparisons.

A published release is immutable (decision 0005); its representation changes only when it is
superseded (its ``state``) or when the API's own format changes (``API_VERSION``). So its
**strong ETag** is derived from those alone, without reading or serializing its text, and a
client that sends ``If-None-Match`` with it gets ``304 Not Modified`` after one cheap query.
Published resources may be cached long (``Cache-Control: public, max-age=86400``); anything
that can still change (drafts, lists) is ``no-cache``: revalidate every time.

Serializing a whole release costs tens of milliseconds; its bytes never change. So a sealed
response is also kept, whole, in Django's cache (``SealedResponseCacheMiddleware``), and served
from there before the session, authentication and the view run: as cheap as a static file.
Its key is the address (host, path and query), the language asked for, and a **generation**
that every published release raises (``api.apps``): publishing supersedes the previous
release, which changes that one's state. With a shared cache (``REDIS_URL``) every process sees
the new generation at once; the local-memory cache of one process is only told in that
process, so entries also expire after ``SEALED_TIMEOUT``, which bounds how long another
process may still show a superseded release as published.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from rest_framework.request import Request
from rest_framework.response import Response

from api.versioning import API_PREFIX, API_VERSION

LONG_CACHE = "public, max-age=86400"
REVALIDATE = "no-cache"


def strong_etag(*parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, (API_VERSION, *parts))).encode()).hexdigest()
    return f'"{digest[:32]}"'


def matches(request: Request | HttpRequest, etag: str) -> bool:
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
    """The validators of a response; a long-cacheable (sealed) one is also kept whole."""
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    response.sealed = cache_control == LONG_CACHE
    return response


SEALED_TIMEOUT = 300
GENERATION_KEY = "api:sealed:generation"


def sealed_generation_raise() -> None:
    """Forget every kept response: a release was published (and its predecessor superseded)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def _key(request: HttpRequest) -> str:
    generation = cache.get_or_set(GENERATION_KEY, 0, timeout=None)
    address = "\x1f".join(
        (
            request.get_host(),
            request.get_full_path(),
            request.headers.get("Accept-Language", ""),
            request.COOKIES.get("django_language", ""),
        )
    )
    return f"api:sealed:{generation}:{hashlib.sha256(address.encode()).hexdigest()}"


class SealedResponseCacheMiddleware:
    """Serve kept sealed responses (and their 304s) before the rest of the stack runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD")
            or not request.path.startswith(API_PREFIX)
            or "Authorization" in request.headers
        ):
            return self.get_response(request)
        key = _key(request)
        kept = cache.get(key)
        if kept is not None:
            etag, cache_control, body = kept
            response = (
                HttpResponse(status=304)
                if matches(request, etag)
                else HttpResponse(body, content_type="application/json")
            )
            response["ETag"] = etag
            response["Cache-Control"] = cache_control
            return response
        response = self.get_response(request)
        if response.status_code == 200 and getattr(response, "sealed", False):
            cache.set(
                key, (response["ETag"], response["Cache-Control"], response.content), SEALED_TIMEOUT
            )
        return response
