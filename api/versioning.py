"""The version of the API, in the URI (major) and in every response (``API-Version``, full).

NL API Design Rules: the major version is part of the path (``/api/v1/``); every response
carries the full semantic version in the ``API-Version`` header, so a client can see which
minor release of v1 answered. Raise the minor version for additions, the patch version for
fixes; a breaking change is ``/api/v2/``.
"""

API_MAJOR_VERSION = 1
API_VERSION = "1.0.0"
API_PREFIX = f"/api/v{API_MAJOR_VERSION}/"
