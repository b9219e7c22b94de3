"""The example client ``docs/integrators/sync_client.py`` against a live server.

It runs as integrators run it: a separate process, standard library only, talking HTTP to the
portal. The first sync stores both releases and prints them, the newer compared with the older;
the second finds nothing new and pays a 304 per release; after a release is published the third
prints it with its changes, and that the previous one is now superseded. API errors come out as
readable problem details with their own exit code.
"""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from governance.services.releases import release_adopt, release_freeze, release_publish
from standards.constants import ReleaseState
from standards.services.articles import article_version_revise
from standards.services.releases import release_create_draft
from tests.factories import StandardFactory, release_with_articles

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CLIENT = Path(__file__).resolve().parents[2] / "docs" / "integrators" / "sync_client.py"


def run_client(live_server, state_file: Path, *, standard: str = "cs-jeugd", page_size: int = 1):
    """The client as a subprocess; page size 1 so that every sync walks several list pages."""
    environment = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return subprocess.run(
        [
            sys.executable,
            str(CLIENT),
            "--base-url",
            f"{live_server.url}/api/v1",
            "--standard",
            standard,
            "--state-file",
            str(state_file),
            "--page-size",
            str(page_size),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
    )


@pytest.fixture
def standard():
    """CS Jeugd 1.0 (superseded) → 1.1 (published): 3.1 edited, 3.2 renumbered to 3.3, a new
    3.2, 3.4 unchanged."""
    standard = StandardFactory(slug="cs-jeugd", name="CS Jeugd")
    old = release_with_articles(
        standard=standard,
        version="1.0",
        state=ReleaseState.SUPERSEDED,
        articles=[
            ("3.1", "Levering", "Levering binnen 5 werkdagen."),
            ("3.2", "Indexering", "Jaarlijks."),
            ("3.4", "Geschillen", "Naar de rechter."),
        ],
    )
    identities = {v.number: v.article for v in old.article_versions.all()}
    release_with_articles(
        standard=standard,
        version="1.1",
        based_on=old,
        articles=[
            ("3.1", "Levering", "Levering binnen 3 werkdagen."),
            ("3.2", "Overdracht", "Een warme overdracht."),
            ("3.3", "Indexering", "Jaarlijks."),
            ("3.4", "Geschillen", "Naar de rechter."),
        ],
        identities=[identities["3.1"], None, identities["3.2"], identities["3.4"]],
    )
    return standard


def publish_1_2(standard) -> None:
    """1.2 through the real services: 3.1 reworded; 1.1 becomes superseded."""
    draft = release_create_draft(standard=standard, by=None)
    article_version_revise(
        version=draft.article_versions.get(number="3.1"),
        text="Levering binnen 2 werkdagen.",
        by=None,
        reason="redactie",
    )
    release_freeze(release=draft, by=None)
    today = datetime.date(2027, 4, 1)
    release_adopt(release=draft, by=None, adopted_on=today, note="Stuurgroep")
    release_publish(
        release=draft,
        by=None,
        published_on=today,
        effective_on=today,
        implementation_deadline=today + datetime.timedelta(days=200),
    )


def test_three_syncs_new_releases_then_nothing_then_the_published_one(
    live_server, standard, tmp_path
):
    """First sync: both releases, 1.1 compared with 1.0. Second: nothing new, two 304s. After
    1.2 is published: 1.2 with its one changed article, and 1.1 now superseded."""
    state_file = tmp_path / "sync.json"

    first = run_client(live_server, state_file)

    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "CS Jeugd (cs-jeugd): 2 releases" in out
    assert "New release 1.0 (superseded, published 2025-10-01" in out
    assert "New release 1.1 (published" in out
    assert "1 document, 4 articles" in out
    assert "compared with 1.0: 1 changed, 1 renumbered, 1 added, 1 unchanged" in out
    assert "changed     3.1          Levering" in out
    assert "renumbered  3.2 → 3.3    Indexering" in out
    assert "added       3.2          Overdracht" in out
    assert "2 fetched, 0 not modified (304)" in out
    state = json.loads(state_file.read_text())
    assert set(state["releases"]) == {"1.0", "1.1"}
    assert state["releases"]["1.1"]["etag"].startswith('"')
    texts = [
        article["text"]
        for document in state["releases"]["1.1"]["release"]["documents"]
        for article in document["articles"]
    ]
    assert "Een warme overdracht." in texts

    second = run_client(live_server, state_file)

    assert second.returncode == 0, second.stderr
    assert "Nothing new since the last sync." in second.stdout
    assert "New release" not in second.stdout
    assert "0 fetched, 2 not modified (304)" in second.stdout
    assert set(json.loads(state_file.read_text())["releases"]) == {"1.0", "1.1"}

    publish_1_2(standard)
    third = run_client(live_server, state_file)

    assert third.returncode == 0, third.stderr
    out = third.stdout
    assert "CS Jeugd (cs-jeugd): 3 releases" in out
    assert "New release 1.2 (published, published 2027-04-01" in out
    assert "New release 1.0" not in out and "New release 1.1" not in out
    assert "compared with 1.1: 1 changed, 3 unchanged" in out
    assert "changed     3.1          Levering" in out
    assert "1.1: published → superseded" in out
    # 1.1's state changed, so its ETag did: fetched again; 1.0 is still current.
    assert "2 fetched, 1 not modified (304)" in out
    state = json.loads(state_file.read_text())
    assert state["releases"]["1.1"]["release"]["state"] == "superseded"


def test_an_unknown_standard_is_a_readable_problem_and_exit_code_1(live_server, tmp_path):
    """The API's problem details (title, detail) reach the user; no state file is written."""
    state_file = tmp_path / "sync.json"

    result = run_client(live_server, state_file, standard="cs-onbekend")

    assert result.returncode == 1
    assert "404" in result.stderr
    assert "Deze standaard bestaat niet." in result.stderr
    assert "Traceback" not in result.stderr
    assert not state_file.exists()


def test_a_state_file_of_another_standard_is_refused_with_exit_code_4(
    live_server, standard, tmp_path
):
    """Syncing into another standard's state file would mix two standards: refused, untouched."""
    state_file = tmp_path / "sync.json"
    state_file.write_text(
        json.dumps(
            {"format": 1, "baseUrl": "http://elders/api/v1", "standard": "cs-wmo", "releases": {}}
        )
    )
    before = state_file.read_text()

    result = run_client(live_server, state_file)

    assert result.returncode == 4
    assert "use another --state-file" in result.stderr
    assert state_file.read_text() == before
