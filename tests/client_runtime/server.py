"""A real HTTP server on 127.0.0.1 whose behaviour each test scripts.

Tests register handlers per path; each handler gets what the server actually received (raw
path and query as sent on the wire, headers, body) and returns ``(status, headers, body)``.
Unrouted paths echo the request as JSON; a handler returning status 0 makes the server hang up
without answering. Every request is logged so tests can count attempts.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote


@dataclass
class Received:
    """One request as the server saw it."""

    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def raw_path(self) -> str:
        return self.target.partition("?")[0]

    @property
    def raw_query(self) -> str:
        return self.target.partition("?")[2]

    @property
    def path(self) -> str:
        return unquote(self.raw_path)

    def query(self) -> dict[str, list[str]]:
        return parse_qs(self.raw_query, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def json(self) -> Any:
        return json.loads(self.body)

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "target": self.target,
            "headers": {key.lower(): value for key, value in self.headers},
            "body": self.body.decode("utf-8", "replace"),
        }


Reply = tuple[int, Iterable[tuple[str, str]] | dict[str, str], bytes]
Handler = Callable[[Received], Reply]


def json_reply(status: int, data: Any, headers: dict[str, str] | None = None) -> Reply:
    return (
        status,
        {"Content-Type": "application/json", **(headers or {})},
        json.dumps(data).encode(),
    )


def echo(received: Received) -> Reply:
    return json_reply(200, received.as_dict())


@dataclass
class ScriptedServer:
    """The server plus its routing table and request log."""

    routes: dict[str, Handler] = field(default_factory=dict)
    log: list[Received] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def requests(self, path: str | None = None) -> list[Received]:
        with self.lock:
            return [r for r in self.log if path is None or r.path == path]

    def dispatch(self, received: Received) -> Reply:
        with self.lock:
            self.log.append(received)
        handler = self.routes.get(received.path)
        if handler is None:
            for prefix, candidate in sorted(self.routes.items(), key=lambda kv: -len(kv[0])):
                if prefix.endswith("*") and received.path.startswith(prefix[:-1]):
                    handler = candidate
                    break
        return (handler or echo)(received)


def _read_chunked(rfile: Any) -> bytes:
    chunks = []
    while True:
        size = int(rfile.readline().split(b";")[0].strip(), 16)
        if size == 0:
            while rfile.readline() not in (b"\r\n", b"\n", b""):
                pass
            return b"".join(chunks)
        chunks.append(rfile.read(size))
        rfile.readline()


def _make_handler(state: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class RequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # header and body are separate writes

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

        def _handle(self) -> None:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                body = _read_chunked(self.rfile)
            else:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            received = Received(self.command, self.path, list(self.headers.items()), body)
            try:
                status, headers, payload = state.dispatch(received)
            except Exception as exc:  # a broken handler must fail the test, not hang it
                status, headers, payload = 599, {}, f"handler error: {exc!r}".encode()
            if status == 0:  # scripted failure: hang up without answering
                self.close_connection = True
                return
            self.send_response(status)
            pairs = headers.items() if isinstance(headers, dict) else headers
            for name, value in pairs:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

    return RequestHandler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out on purpose hang up mid-response; that is expected here.
        pass


class RunningServer:
    """Context manager: start a ScriptedServer in a thread, stop it on exit."""

    def __enter__(self) -> ScriptedServer:
        self.state = ScriptedServer()
        self.httpd = _Server(("127.0.0.1", 0), _make_handler(self.state))
        self.state.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self.thread.start()
        return self.state

    def __exit__(self, *exc: object) -> None:
        self.state.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def unused_port() -> int:
    """A port nothing listens on (bound then released), for connection-refused tests."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
