"""URL path converters of the catalogue, shared by every app whose pages hang off a release.

``<version:version>`` matches a release's version as it appears in URLs ("1.2", "1.10").
"""

from django.urls import register_converter

from standards.versions import VERSION_PATTERN


class VersionConverter:
    regex = VERSION_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(VersionConverter, "version")
