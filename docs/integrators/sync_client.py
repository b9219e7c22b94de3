"""Keep a local copy of every release of a standard, and say what changed since the last sync.

An example client of the CS-portaal API (``/api/v1``), Python standard library only::

    python sync_client.py --base-url https://cs-portaal.nl/api/v1 --standard cs-wmo-2015 \\
        --state-file sync.json

It pages through ``/standards/{standard}/releases``, fetches every release with its full text
(``/standards/{standard}/releases/{version}``) and keeps them in the state file (JSON) with
their ``ETag``. The next run sends that ETag as ``If-None-Match``: a release that has not
changed costs a ``304 Not Modified`` and no text. Published releases never change (only their
state does, when the next one is published); a draft has no ETag and is fetched every time.

It prints the new releases, each compared with the newest release known before it
(``…/releases/{old}/compare/{new}``): the counts per kind and every article that changed, by
kind, number and title. Releases whose state or text changed since the last sync are listed
too. Errors of the API (``application/problem+json``) are printed with their title, detail and
invalid parameters.

Exit codes: 0 synced (whether or not anything changed); 1 the API answered with an error;
2 wrong command-line arguments; 3 the API could not be reached or did not answer JSON;
4 the state file cannot be read or belongs to another standard or address.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

USER_AGENT = "cs-portaal-sync-client/1.0 (example)"
STATE_FORMAT = 1


class ApiError(Exception):
    """The API answered with an error; ``str()`` is a readable account of its problem details."""

    exit_code = 1


class Unreachable(Exception):
    exit_code = 3


class BadState(Exception):
    exit_code = 4


# --- HTTP -----------------------------------------------------------------------------------------


def _problem(error: urllib.error.HTTPError, url: str) -> ApiError:
    """An ApiError from an error response, read as problem details when it is one."""
    body = error.read()
    lines = [f"{error.code} {error.reason} from {url}"]
    if "json" in (error.headers.get("Content-Type") or ""):
        try:
            problem = json.loads(body)
        except ValueError:
            problem = {}
        if problem.get("title"):
            lines[0] = f"{problem.get('status', error.code)} {problem['title']} ({url})"
        if problem.get("detail"):
            lines.append(str(problem["detail"]))
        for parameter in problem.get("invalidParams") or []:
            lines.append(f"  {parameter.get('name')}: {parameter.get('reason')}")
    return ApiError("\n".join(lines))


def get_json(url: str, *, etag: str | None = None, timeout: float = 60) -> tuple[dict | None, str]:
    """GET ``url``; (the JSON body, or None for 304 Not Modified; the response's ETag or "")."""
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            new_etag = response.headers.get("ETag") or ""
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return None, error.headers.get("ETag") or etag or ""
        raise _problem(error, url) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        raise Unreachable(f"cannot reach {url}: {reason}") from None
    try:
        return json.loads(raw), new_etag
    except ValueError:
        raise Unreachable(f"{url} did not answer JSON") from None


class Api:
    """The few resources this client reads, counting what each request cost."""

    def __init__(self, base_url: str, standard: str, page_size: int) -> None:
        self.base_url = base_url.rstrip("/")
        self.standard = standard
        self.page_size = page_size
        self.fetched = 0
        self.not_modified = 0

    def _standard_url(self, *parts: str) -> str:
        path = "/".join(urllib.parse.quote(part, safe="") for part in (self.standard, *parts))
        return f"{self.base_url}/standards/{path}"

    def standard_info(self) -> dict:
        body, _etag = get_json(self._standard_url())
        return body

    def releases(self) -> list[dict]:
        """Every release in the list, following ``next`` through all pages."""
        query = urllib.parse.urlencode({"pageSize": self.page_size})
        url: str | None = f"{self._standard_url('releases')}?{query}"
        listed = []
        while url:
            body, _etag = get_json(url)
            listed += body["results"]
            url = body.get("next")
        return listed

    def release(self, version: str, etag: str | None) -> tuple[dict | None, str]:
        body, new_etag = get_json(self._standard_url("releases", version), etag=etag)
        if body is None:
            self.not_modified += 1
        else:
            self.fetched += 1
        return body, new_etag

    def compare(self, old: str, new: str) -> dict:
        body, _etag = get_json(self._standard_url("releases", old, "compare", new))
        return body


# --- The state file -------------------------------------------------------------------------------


def load_state(path: Path, base_url: str, standard: str) -> dict:
    """The previous sync, or an empty one; refuses a file of another standard or address."""
    empty = {"format": STATE_FORMAT, "baseUrl": base_url, "standard": standard, "releases": {}}
    if not path.exists():
        return empty
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BadState(f"cannot read {path}: {error}") from None
    if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
        raise BadState(f"{path} is not a state file of this client")
    if state.get("standard") != standard or state.get("baseUrl") != base_url:
        raise BadState(
            f"{path} holds {state.get('standard')} from {state.get('baseUrl')}; "
            "use another --state-file"
        )
    return state


def save_state(path: Path, state: dict) -> None:
    """Write the state next to its place first, so an interrupted write leaves the old one."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(path)


# --- What changed ---------------------------------------------------------------------------------


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def text_fingerprint(release: dict) -> list[str]:
    """The content hashes of every article in reading order: equal lists, equal text."""
    return [
        f"{article['articleId']}:{article['number']}:{article['contentHash']}"
        for document in release.get("documents", [])
        for article in document.get("articles", [])
    ]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def article_count(release: dict) -> int:
    return sum(len(document.get("articles", [])) for document in release.get("documents", []))


def describe_change(change: dict) -> str:
    old, new = change.get("old"), change.get("new")
    if old and new and old["number"] != new["number"]:
        number = f"{old['number']} → {new['number']}"
    else:
        number = (new or old)["number"]
    title = (new or old)["title"]
    if old and new and old["title"] != new["title"]:
        title = f"{old['title']} → {new['title']}"
    return f"    {change['kind']:<11} {number:<12} {title}"


def describe_comparison(comparison: dict) -> list[str]:
    counts = comparison["counts"]
    summary = ", ".join(
        f"{counts[kind]} {kind}"
        for kind in ("changed", "renumbered", "added", "removed", "unchanged")
        if counts.get(kind)
    )
    lines = [f"  compared with {comparison['old']['version']}: {summary or 'no articles'}"]
    for document in comparison["documents"]:
        if not document["changes"]:
            continue
        lines.append(
            f"   {document.get('newTitle') or document.get('oldTitle') or document['slug']}"
        )
        lines += [describe_change(change) for change in document["changes"]]
    return lines


def sync(api: Api, state: dict) -> list[str]:
    """Bring ``state`` up to date; the lines that say what changed."""
    known: dict = state["releases"]
    listed = api.releases()
    fresh: dict[str, dict] = {}
    changed_lines: list[str] = []
    for summary in listed:
        version = summary["version"]
        previous = known.get(version)
        body, etag = api.release(version, previous["etag"] if previous else None)
        if body is None:  # 304: what we hold is current
            fresh[version] = previous
            continue
        fresh[version] = {"etag": etag, "release": body}
        if previous is None:
            continue
        old_release = previous["release"]
        if old_release["state"] != body["state"]:
            changed_lines.append(f"{version}: {old_release['state']} → {body['state']}")
        if text_fingerprint(old_release) != text_fingerprint(body):
            changed_lines.append(
                f"{version}: its text changed ({plural(article_count(body), 'article')})"
            )

    new_versions = sorted((v for v in fresh if v not in known), key=version_key)
    lines = []
    base = max(known, key=version_key) if known else None
    for version in new_versions:
        release = fresh[version]["release"]
        dates = ", ".join(
            f"{label} {release[key]}"
            for label, key in (("published", "publishedOn"), ("effective", "effectiveOn"))
            if release.get(key)
        )
        lines.append(
            f"New release {version} ({release['state']}{', ' + dates if dates else ''}): "
            f"{plural(len(release.get('documents', [])), 'document')}, "
            f"{plural(article_count(release), 'article')}"
        )
        if base is not None:
            lines += describe_comparison(api.compare(base, version))
        base = version
    gone = sorted((v for v in known if v not in fresh), key=version_key)
    lines += [f"{version}: no longer listed" for version in gone]
    lines += changed_lines
    state["releases"] = fresh
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Exit codes: 0 synced; 1 API error; 2 usage; 3 unreachable; 4 bad state file.",
    )
    parser.add_argument("--base-url", required=True, help="e.g. https://cs-portaal.nl/api/v1")
    parser.add_argument("--standard", required=True, help="e.g. cs-wmo-2015")
    parser.add_argument("--state-file", required=True, type=Path, help="JSON, created if absent")
    parser.add_argument("--page-size", type=int, default=50, help="releases per list page (50)")
    options = parser.parse_args(argv)
    base_url = options.base_url.rstrip("/")
    if urllib.parse.urlsplit(base_url).scheme not in {"http", "https"}:
        parser.error("--base-url must start with http:// or https://")
    if not 1 <= options.page_size <= 200:
        parser.error("--page-size must be 1–200")

    api = Api(base_url, options.standard, options.page_size)
    try:
        state = load_state(options.state_file, base_url, options.standard)
        standard = api.standard_info()
        lines = sync(api, state)
    except (ApiError, Unreachable, BadState) as error:
        print(f"sync_client: {error}", file=sys.stderr)
        return error.exit_code
    # timezone.utc, not datetime.UTC (3.11+): integrators may run an older Python.
    now = datetime.datetime.now(datetime.timezone.utc)  # noqa: UP017
    state["syncedAt"] = now.isoformat(timespec="seconds")
    save_state(options.state_file, state)

    print(f"{standard['name']} ({standard['slug']}): {len(state['releases'])} releases")
    print("\n".join(lines) if lines else "Nothing new since the last sync.")
    print(
        f"Requests for release texts: {api.fetched} fetched, {api.not_modified} not modified (304)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
