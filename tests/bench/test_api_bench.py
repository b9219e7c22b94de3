"""The helpers of the API benchmark (bench/api.py), not the benchmark itself.

Percentiles interpolate between ranks; the requests split over rounds without loss; every
round rotates the order of the paths; the load runner counts every request of every client
and refuses an answer that is not the expected status or body. The runner is tried on a tiny
HTTP server in this process, not on gunicorn and PostgreSQL.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.api import Load, Path_, percentile, rounds, run_load, split

BODY = b'{"version": "1.2"}'


def test_percentiles_interpolate_between_ranks():
    values = [4.0, 1.0, 3.0, 2.0, 5.0]
    assert percentile(values, 0.5) == 3.0
    assert percentile(values, 0.0) == 1.0
    assert percentile(values, 1.0) == 5.0
    assert percentile(values, 0.95) == pytest.approx(4.8)
    assert percentile([7.0], 0.95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_requests_split_over_rounds_without_loss():
    assert split(24, 4) == [6, 6, 6, 6]
    assert split(10, 4) == [3, 3, 2, 2]
    assert split(2, 4) == [1, 1]  # never an empty round
    assert sum(split(97, 5)) == 97


def test_each_round_rotates_the_order_of_the_paths():
    orders = list(rounds(["a", "b", "c"], 4))
    assert orders == [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"], ["a", "b", "c"]]


def test_loads_add_up_their_requests_and_time():
    total = Load("API")
    total.add(Load("API", [0.1, 0.3], 2.0, 100))
    total.add(Load("API", [0.2], 1.0, 50))
    assert total.requests == 3
    assert total.throughput == 1.0
    assert total.p50 == 0.2
    assert total.received == 150


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as http.client expects

    def do_GET(self):
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = BODY if self.path == "/release" else b"other"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def port():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_runner_counts_every_request_of_every_client(port):
    load = run_load(port, Path_("full", "/release", 200, body=BODY), clients=4, requests=5)

    assert load.requests == 20
    assert load.received == 20 * len(BODY)
    assert load.seconds > 0
    assert all(latency > 0 for latency in load.latencies)


def test_the_runner_checks_a_304_by_its_status(port):
    load = run_load(
        port, Path_("304", "/release", 304, {"If-None-Match": '"v1"'}), clients=2, requests=3
    )
    assert load.requests == 6
    assert load.received == 0


def test_the_runner_refuses_a_wrong_body_or_status(port):
    with pytest.raises(RuntimeError, match="body differs"):
        run_load(port, Path_("full", "/elsewhere", 200, body=BODY), clients=2, requests=1)
    with pytest.raises(RuntimeError, match="200 instead of 304"):
        run_load(port, Path_("304", "/release", 304), clients=2, requests=1)
