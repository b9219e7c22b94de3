"""Version numbers of releases: ``MAJOR.MINOR`` as the Ketenbureau writes them ("1.2", "1.10").

Stored as two integers so that 1.10 sorts after 1.9.
"""

import re

from django.utils.translation import gettext as _

from standards.exceptions import InvalidVersion

VERSION_PATTERN = r"\d{1,3}\.\d{1,3}"
_VERSION = re.compile(rf"^{VERSION_PATTERN}$")


def parse_version(version: str) -> tuple[int, int]:
    """``"1.10"`` → ``(1, 10)``; anything else raises ``InvalidVersion``."""
    version = version.strip()
    if not _VERSION.match(version):
        raise InvalidVersion(
            _("Versie %(version)s is geen geldig versienummer (verwacht: bijvoorbeeld 1.2).")
            % {"version": version}
        )
    major, minor = version.split(".")
    return int(major), int(minor)


def format_version(major: int, minor: int) -> str:
    return f"{major}.{minor}"


def next_minor_version(major: int, minor: int) -> str:
    return format_version(major, minor + 1)
