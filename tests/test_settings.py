"""Settings are production-safe without any environment variable."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import django
from django.conf import settings
django.setup()
print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT)
try:
    settings.SECRET_KEY
except Exception as error:
    print(type(error).__name__)
"""


def _probe(**env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"CS_PROFILE", "SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_production_is_the_default_and_refuses_an_empty_secret():
    assert _probe() == ["False", "True", "True", "ImproperlyConfigured"]


def test_development_profile_gives_the_embedded_defaults():
    assert _probe(CS_PROFILE="development") == ["True", "False", "False"]
