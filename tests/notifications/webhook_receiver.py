"""A real HTTP server for webhook tests: ``http.server`` on a free local port, in a thread.

It records every request (path, headers, raw body) and answers as it is told: a status, a body,
optionally a Location header or a delay before answering.
"""

import json
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: Message
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    status: int = 200
    answer: bytes = b"ok"
    location: str = ""
    delay: float = 0
    requests: list[Received] = field(default_factory=list)
    url: str = ""


def start_receiver() -> tuple[ThreadingHTTPServer, WebhookReceiver]:
    receiver = WebhookReceiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            receiver.requests.append(Received(path=self.path, headers=self.headers, body=body))
            if receiver.delay:
                time.sleep(receiver.delay)
            self.send_response(receiver.status)
            if receiver.location:
                self.send_header("Location", receiver.location)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(receiver.answer)))
            self.end_headers()
            self.wfile.write(receiver.answer)

        def log_message(self, format, *args) -> None:  # keep the test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/cs-webhook"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, receiver


def stop_receiver(server: ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()
