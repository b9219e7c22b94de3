"""The published OpenAPI document passes the NL API Design Rules linter (required in CI).

``scripts/openapi.sh`` writes the document as integrators get it (the https server address and
contact page); ``../shared/tools/adr/lint`` runs the rulesets of API Design Rules 2.1 and 2.2
with Spectral and must report no errors. The linter needs Node.js and npm (it installs Spectral
once into ``~/.cache/adr-lint``) and the shared tools next to the checkout: without them these
tests skip with the reason, and fail under ``CS_REQUIRE_ALL_TESTS=1`` as CI runs them.

Besides, the document must generate without drf-spectacular warnings: each one is a type the
document guesses or names unstably (``KindA4bEnum``), which integrators' generated clients feel.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from tests.conftest import require

SERVER_URL = "https://cs-portaal.example.nl/api/v1"
CONTACT_URL = "https://cs-portaal.example.nl/contact/"
SCRIPT = Path(settings.BASE_DIR) / "scripts" / "openapi.sh"


def linter() -> Path:
    """``tools/adr/lint`` in the shared folder beside the checkout."""
    shared = Path(settings.SHARED_DATA_DIR).parent
    if not (shared / "tools").is_dir():
        shared = Path(settings.BASE_DIR).parent / "shared"
    return shared / "tools" / "adr" / "lint"


@pytest.fixture(scope="module")
def published_document(tmp_path_factory) -> Path:
    """The document as ``scripts/openapi.sh`` publishes it, generated with this interpreter."""
    out = tmp_path_factory.mktemp("openapi") / "openapi.json"
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "CS_PROFILE": "development",
        "API_SERVER_URL": SERVER_URL,
        "API_CONTACT_URL": CONTACT_URL,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py's own settings, as in production
    result = subprocess.run(
        ["bash", str(SCRIPT), str(out)], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_script_writes_the_document_integrators_get(published_document):
    """The https server address with the major version, the contact page, the full version."""
    document = json.loads(published_document.read_text())

    assert document["servers"] == [{"url": SERVER_URL}]
    assert document["info"]["contact"]["url"] == CONTACT_URL
    assert document["info"]["contact"]["email"]
    assert document["info"]["contact"]["name"]
    assert "/openapi.json" in document["paths"]


def test_document_passes_the_api_design_rules_linter(published_document):
    """Both rulesets (ADR 2.1 and 2.2) report no errors on the published document."""
    lint = linter()
    require(lint.is_file(), f"the ADR linter is missing ({lint}); it lives in ../shared/tools")
    require(
        bool(shutil.which("node") and shutil.which("npm")),
        "the ADR linter needs Node.js and npm (it installs Spectral from the npm registry once)",
    )

    result = subprocess.run(
        [str(lint), str(published_document)], capture_output=True, text=True, timeout=600
    )

    output = result.stdout + result.stderr
    assert "MODULE_NOT_FOUND" not in output, (
        f"Spectral's installation in ~/.cache/adr-lint is broken; remove it and rerun:\n{output}"
    )
    assert result.returncode == 0, f"ADR linter found errors:\n{output}"


def test_document_generates_without_warnings():
    """drf-spectacular resolves every type and name: no guessed types, no hashed enum names."""
    GENERATOR_STATS.reset()
    try:
        SchemaGenerator().get_schema(request=None, public=True)
        problems = [*GENERATOR_STATS._error_cache, *GENERATOR_STATS._warn_cache]
    finally:
        GENERATOR_STATS.reset()

    assert not problems, "\n".join(problems)
