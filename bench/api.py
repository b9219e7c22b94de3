"""Benchmark: a published release with all its text, served by the API under load.

A fresh PostgreSQL database (127.0.0.1:5432, user ``postgres``, a throwaway name) gets the real
CS Wmo 1.2 from ``../shared/data/cs-wmo-1.2`` through ``manage.py import_release … --publish``.
gunicorn then serves the portal on 127.0.0.1 with production settings (``CS_PROFILE=production``,
``DEBUG=false``, persistent database connections, WhiteNoise), and the script measures, in one
run, with 16 concurrent clients (threads, ``http.client``, one connection each, reused while the
server keeps it open):

* **API, full text**: ``GET /api/v1/standards/cs-wmo-2015/releases/1.2``: every document with
  every article (about 230 articles, half a megabyte of JSON);
* **static, same bytes**: that exact body, fetched once from the API, written to a file under
  ``STATIC_ROOT`` and served by WhiteNoise **in the same gunicorn workers** behind the same
  middleware, socket and HTTP parsing. It is the floor under any Django response of that size:
  no database, no serialization, a file read from the page cache;
* **API, 304**: the same API request with ``If-None-Match`` and the release's strong ETag (the
  path of a client that already holds the text); peer: WhiteNoise answering the file's own
  ``If-None-Match`` with 304.

The four paths run interleaved in rounds (rotated order), so a busy moment of the shared
machine hits them alike. Latency is per request as the client sees it (connect included, since
gunicorn's sync workers close the connection after every response); throughput is requests per
second of wall time over the 16 clients.

Target (issue 7): API full text p50 ≤ 2× static p50.

    uv run python bench/api.py                    # exits 1 when the target is missed
    uv run python bench/api.py --requests 10 --no-check --workers 2
"""

import argparse
import contextlib
import datetime
import http.client
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "cs-wmo-1.2"

STANDARD = "cs-wmo-2015"
VERSION = "1.2"
API_PATH = f"/api/v1/standards/{STANDARD}/releases/{VERSION}"
STATIC_NAME = f"bench/{STANDARD}-{VERSION}.json"
STATIC_PATH = f"/static/{STATIC_NAME}"

RATIO_TARGET = 2.0  # API full text p50 over static p50

# Production settings with one change: STATIC_ROOT in the bench's own temporary directory, so
# that the static peer never touches the checkout's var/static. (config/settings.py fixes it.)
SETTINGS_SHIM = """\
from config.settings import *  # noqa: F403

STATIC_ROOT = {static_root!r}
"""


# --- Measuring ------------------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0–1) percentile of ``values``, linearly interpolated between ranks."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = share * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Load:
    """What the clients saw on one path: latency per request, wall time, bytes received."""

    name: str
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    received: int = 0

    def add(self, other: "Load") -> None:
        self.latencies += other.latencies
        self.seconds += other.seconds
        self.received += other.received

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 0.50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 0.95)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Path_:
    """One measured path: what to ask, and what a correct answer is."""

    name: str
    path: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None  # when given, every answer must be exactly this


def fetch(connection: http.client.HTTPConnection, target: Path_) -> int:
    """One request on ``connection``; checks the answer and returns the body's size."""
    connection.request("GET", target.path, headers=target.headers)
    response = connection.getresponse()
    body = response.read()
    if response.status != target.status:
        raise RuntimeError(f"{target.name}: {response.status} instead of {target.status}")
    if target.body is not None and body != target.body:
        raise RuntimeError(f"{target.name}: the body differs from the one fetched first")
    if response.will_close:
        connection.close()  # http.client opens a new connection on the next request
    return len(body)


def run_load(port: int, target: Path_, *, clients: int, requests: int) -> Load:
    """``clients`` threads, each with its own connection, each asking ``requests`` times."""
    load = Load(target.name)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    failures: list[BaseException] = []

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        latencies, received = [], 0
        start.wait()
        try:
            for _n in range(requests):
                began = time.perf_counter()
                received += fetch(connection, target)
                latencies.append(time.perf_counter() - began)
        except BaseException as error:  # reported by the main thread
            failures.append(error)
        finally:
            connection.close()
        with lock:
            load.latencies += latencies
            load.received += received

    threads = [threading.Thread(target=client, daemon=True) for _n in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    load.seconds = time.perf_counter() - began
    if failures:
        raise failures[0]
    return load


def rounds(targets: Sequence[Path_], count: int) -> Iterator[list[Path_]]:
    """The targets in a rotated order per round, so no path always runs first or last."""
    for number in range(count):
        shift = number % len(targets)
        yield [*targets[shift:], *targets[:shift]]


def split(total: int, parts: int) -> list[int]:
    """``total`` requests over ``parts`` rounds, as evenly as possible, none empty."""
    parts = max(1, min(parts, total))
    return [total // parts + (1 if n < total % parts else 0) for n in range(parts)]


# --- The server and its database ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def postgres_database(server: str) -> Iterator[str]:
    """A fresh database on ``server`` (user postgres, trust); dropped afterwards."""
    import psycopg

    name = f"cs_portaal_bench_api_{os.getpid()}_{int(time.time())}"
    admin = f"postgresql://postgres@{server}/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@{server}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_environment(*, database_url: str, directory: Path) -> dict[str, str]:
    """Production settings for 127.0.0.1 over plain HTTP, with a throwaway secret."""
    static_root = directory / "static"
    static_root.mkdir()
    (directory / "bench_api_settings.py").write_text(
        SETTINGS_SHIM.format(static_root=str(static_root))
    )
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "REDIS_URL", "EMAIL_URL", "SECURE_PROXY_SSL_HEADER"}
    }
    return {
        **clean,
        "CS_PROFILE": "production",
        "DJANGO_SETTINGS_MODULE": "bench_api_settings",
        "PYTHONPATH": os.pathsep.join([str(directory), str(ROOT)]),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "EMAIL_URL": "consolemail://",
        "SITE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }


def manage(environment: dict[str, str], *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def import_release(environment: dict[str, str], data: Path) -> None:
    """The real CS Wmo 1.2, published, as the README's "Importing a release" does it."""
    files = sorted(str(path) for path in data.glob("*.md"))
    if not files:
        raise SystemExit(f"no Markdown files in {data}")
    manage(
        environment,
        "import_release",
        STANDARD,
        VERSION,
        *files,
        "--name",
        "CS Wmo 2015",
        "--publish",
        "--published-on",
        "2025-10-01",
        "--effective-on",
        "2026-01-01",
    )


@contextlib.contextmanager
def gunicorn(
    environment: dict[str, str], port: int, *, workers: int, log: Path
) -> Iterator[subprocess.Popen]:
    """gunicorn with ``workers`` sync workers on 127.0.0.1:``port``, until it answers."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--backlog",
        "256",
        "--log-level",
        "warning",
    ]
    with log.open("ab") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=output)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped (exit {process.returncode})")
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/api/v1/standards")
                if connection.getresponse().status == 200:
                    connection.close()
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 60 s")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fetch_release(port: int) -> tuple[bytes, str]:
    """The release's JSON exactly as the API sends it, and its ETag."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", API_PATH)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{API_PATH}: {response.status}")
    etag = response.getheader("ETag")
    if not etag:
        raise RuntimeError(f"{API_PATH}: no ETag; is the release published?")
    return body, etag


def static_etag(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", STATIC_PATH)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200 or not response.getheader("ETag"):
        raise RuntimeError(f"{STATIC_PATH}: {response.status}; is it under STATIC_ROOT?")
    return response.getheader("ETag")


# --- Report ---------------------------------------------------------------------------------------


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def report(loads: dict[str, Load], body_size: int) -> list[tuple[str, float, float]]:
    """Print the table; return (what, ratio, target or 0) rows for the verdicts."""
    print(f"{'path':<28}{'requests':>9}{'p50':>11}{'p95':>11}{'req/s':>9}{'MB/s':>8}")
    for load in loads.values():
        megabytes = load.received / load.seconds / 1e6 if load.seconds else 0.0
        print(
            f"{load.name:<28}{load.requests:>9}{milliseconds(load.p50):>11}"
            f"{milliseconds(load.p95):>11}{load.throughput:>9.0f}{megabytes:>8.1f}"
        )
    api, static = loads["API, full text"], loads["static, same bytes"]
    api_304, static_304 = loads["API, 304"], loads["static, 304"]
    ratios = [
        ("API / static, p50", api.p50 / static.p50, RATIO_TARGET),
        ("API / static, p95", api.p95 / static.p95, 0.0),
        ("static / API, throughput", static.throughput / api.throughput, 0.0),
        ("API 304 / static 304, p50", api_304.p50 / static_304.p50, 0.0),
        ("API 304 / API full text, p50", api_304.p50 / api.p50, 0.0),
    ]
    print(f"\nBody: {body_size:,} bytes of JSON, the same bytes on both full-text paths.")
    for what, ratio, _target in ratios:
        print(f"  {what:<32}{ratio:>8.2f}×")
    return ratios


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (16)")
    parser.add_argument(
        "--requests", type=int, default=24, help="requests per client per path (24)"
    )
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds (4)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (4)")
    parser.add_argument("--postgres", default="127.0.0.1:5432", help="host:port (trust auth)")
    parser.add_argument("--data", type=Path, default=DATA, help="the release's Markdown files")
    parser.add_argument("--no-check", action="store_true", help="print only; always exit 0")
    options = parser.parse_args(argv)
    if not options.postgres.startswith(("127.0.0.1:", "localhost:")):
        parser.error("--postgres must be on 127.0.0.1")

    started = datetime.datetime.now().astimezone()
    print(
        f"API benchmark, {started:%Y-%m-%d %H:%M %Z}: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; PostgreSQL on "
        f"{options.postgres}; gunicorn, {options.workers} sync workers; {options.clients} "
        f"clients × {options.requests} requests per path in {options.rounds} rounds\n"
    )
    directory = Path(tempfile.mkdtemp(prefix="cs-api-bench-"))
    log = directory / "gunicorn.log"
    try:
        with postgres_database(options.postgres) as database_url:
            environment = production_environment(database_url=database_url, directory=directory)
            manage(environment, "migrate", "--no-input")
            import_release(environment, options.data)
            port = free_port()
            with gunicorn(environment, port, workers=options.workers, log=log):
                body, etag = fetch_release(port)
            # WhiteNoise reads STATIC_ROOT when a worker starts, so the file goes in between.
            static_file = directory / "static" / STATIC_NAME
            static_file.parent.mkdir(parents=True)
            static_file.write_bytes(body)
            with gunicorn(environment, port, workers=options.workers, log=log):
                targets = [
                    Path_("API, full text", API_PATH, 200, body=body),
                    Path_("static, same bytes", STATIC_PATH, 200, body=body),
                    Path_("API, 304", API_PATH, 304, {"If-None-Match": etag}),
                    Path_("static, 304", STATIC_PATH, 304, {"If-None-Match": static_etag(port)}),
                ]
                for target in targets:  # every worker connected, imported and warm
                    run_load(port, target, clients=options.clients, requests=2)
                loads = {target.name: Load(target.name) for target in targets}
                per_round = split(options.requests, options.rounds)
                for requests, order in zip(per_round, rounds(targets, len(per_round)), strict=True):
                    for target in order:
                        loads[target.name].add(
                            run_load(port, target, clients=options.clients, requests=requests)
                        )
    except BaseException:
        if log.exists():  # the directory goes below: show what gunicorn said first
            print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
        raise
    finally:
        shutil.rmtree(directory, ignore_errors=True)

    ratios = report(loads, len(body))
    api_p50_ratio = ratios[0][1]
    verdicts = [
        (f"API full text p50 ≤ {RATIO_TARGET:g}× static p50", api_p50_ratio <= RATIO_TARGET)
    ]
    print("\nTargets")
    for target, passed in verdicts:
        print(f"  [{'ok' if passed else 'MISSED'}] {target}")
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.2f}")
    missed = [target for target, passed in verdicts if not passed]
    if missed and not options.no_check:
        print(f"{len(missed)} target(s) missed.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
