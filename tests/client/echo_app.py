"""An echo server for client tests: one request handler, served as WSGI, ASGI and real HTTP.

It is independent of apigen and of any contract (stdlib only), so a generated client is checked
against what actually arrives, not against our own idea of it. By default every request is
answered with a JSON report of exactly what the server received: method, path (decoded and, where
the server can tell, raw), raw query string, headers, cookies, content type and body bytes. Tests
script the rest:

- ``then(reply, ...)`` queues canned replies for the next requests (error statuses with problem
  bodies, binary and text payloads, a result model, slow answers); ``fail(n)`` queues n
  retryable failures;
- ``paginate(suffix, items)`` serves a cursor-paginated list (``limit``/``cursor`` in, ``items``
  and ``nextCursor`` out) on GET requests whose path ends with ``suffix``;
- any ``POST .../oauth/token`` is an OAuth2 client-credentials token endpoint (RFC 6749 4.4)
  that checks the client's id and secret and hands out ``token-1``, ``token-2``, ...

The WSGI app runs over real HTTP with :func:`serve` (wsgiref on 127.0.0.1, port 0, one thread
per connection) or in-process with ``httpx.WSGITransport``; the ASGI app with
``httpx.ASGITransport``. WSGI loses the raw path (PEP 3333 only has the decoded ``PATH_INFO``),
except that :func:`serve` passes it along as ``RAW_URI`` as gunicorn does; ASGI has ``raw_path``.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, parse_qsl, quote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

TOKEN_PATH = "/oauth/token"
CLIENT_ID = "kitchen-app"
CLIENT_SECRET = "s3cret:with/odd chars"

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class Part:
    """One part of a multipart/form-data body."""

    name: str | None
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass(frozen=True)
class Received:
    """One request as the server received it (header names lower-cased, values untouched)."""

    method: str
    path: str
    raw_path: str | None
    query: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k == name.lower()]
        return ", ".join(values) if values else None

    def cookies(self) -> list[tuple[str, str]]:
        """The Cookie header's pairs, in order, values as sent (no decoding, no merging)."""
        raw = self.header("cookie") or ""
        pairs = [item.partition("=") for item in raw.split("; ") if item]
        return [(name, value) for name, _, value in pairs]

    def query_params(self) -> dict[str, list[str]]:
        return parse_qs(self.query, keep_blank_values=True)

    def form(self) -> list[tuple[str, str]]:
        """An application/x-www-form-urlencoded body as decoded pairs, in order."""
        return parse_qsl(self.body.decode("ascii"), keep_blank_values=True)

    def parts(self) -> list[Part]:
        """A multipart/form-data body split into its parts (RFC 7578), byte for byte."""
        content_type = self.header("content-type") or ""
        boundary = _param(content_type, "boundary")
        assert boundary, f"not multipart: {content_type!r}"
        chunks = self.body.split(b"--" + boundary.encode("latin-1"))
        assert chunks[-1].strip() == b"--", "multipart body does not end with the close delimiter"
        return [_part(chunk) for chunk in chunks[1:-1]]

    def report(self) -> dict[str, Any]:
        """The echo's JSON answer (the ``Echo`` schema of specs/examples/kitchen-sink.yaml)."""
        return {
            "method": self.method,
            "path": self.path,
            "rawPath": self.raw_path,
            "query": self.query,
            "headers": {name: self.header(name) for name, _ in self.headers},
            "cookies": [list(pair) for pair in self.cookies()],
            "contentType": self.header("content-type"),
            "body": self.body.decode("latin-1"),
        }


def _param(header_value: str, name: str) -> str | None:
    """A parameter of a structured header value (``multipart/form-data; boundary=x``)."""
    for item in header_value.split(";")[1:]:
        key, _, value = item.strip().partition("=")
        if key.lower() == name:
            return value.strip('"')
    return None


def _part(chunk: bytes) -> Part:
    assert chunk.startswith(b"\r\n") and chunk.endswith(b"\r\n"), chunk[:80]
    head, separator, data = chunk[2:-2].partition(b"\r\n\r\n")
    assert separator, "multipart part without a blank line after its headers"
    headers: dict[str, str] = {}
    for line in head.decode("utf-8").split("\r\n"):
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    disposition = headers.get("content-disposition", "")
    assert disposition.startswith("form-data"), disposition
    return Part(
        _param(disposition, "name"),
        _param(disposition, "filename"),
        headers.get("content-type"),
        data,
    )


@dataclass(frozen=True)
class Reply:
    """What the server answers: status, headers, body bytes, after ``delay`` seconds."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    delay: float = 0.0

    @classmethod
    def json(
        cls,
        status: int,
        data: Any,
        headers: Iterable[tuple[str, str]] = (),
        content_type: str = "application/json",
        delay: float = 0.0,
    ) -> Reply:
        body = json.dumps(data).encode()
        return cls(status, (("Content-Type", content_type), *headers), body, delay)

    @classmethod
    def problem(cls, status: int, title: str, **extra: Any) -> Reply:
        """An RFC 9457 problem (what the kitchen-sink contract documents for errors)."""
        headers: list[tuple[str, str]] = []
        if status == 429 or status >= 500:
            headers.append(("Retry-After", "0"))  # retry at once: tests need not wait
        data = {"type": "about:blank", "title": title, "status": status, **extra}
        return cls.json(status, data, headers, "application/problem+json")

    @classmethod
    def content(cls, status: int, body: bytes, content_type: str) -> Reply:
        return cls(status, (("Content-Type", content_type),), body)


_REASONS = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 401: "Unauthorized"}


class Echo:
    """The request handler and its scripted state; ``wsgi`` and ``asgi`` are its two faces."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Forget requests, queued replies, pages and issued tokens (between tests)."""
        with self._lock:
            self.received: list[Received] = []
            self._queue: deque[Reply] = deque()
            self._pages: tuple[str, list[Any]] | None = None
            self.tokens_issued = 0

    # -------------------------------------------------------------------------- scripting

    def then(self, *replies: Reply) -> None:
        """Answer the next requests (token requests aside) with these replies, in order."""
        with self._lock:
            self._queue.extend(replies)

    def fail(self, times: int, status: int = 503) -> None:
        """The next ``times`` requests fail with a retryable status (and ``Retry-After: 0``)."""
        self.then(*[Reply.problem(status, "Try again")] * times)

    def paginate(self, suffix: str, items: list[Any]) -> None:
        """Serve ``items`` page by page on GET requests whose path ends with ``suffix``."""
        with self._lock:
            self._pages = (suffix, list(items))

    @property
    def calls(self) -> list[Received]:
        """The requests received, token requests left out."""
        return [r for r in self.received if not r.path.endswith(TOKEN_PATH)]

    @property
    def last(self) -> Received:
        return self.calls[-1]

    @property
    def token_requests(self) -> list[Received]:
        return [r for r in self.received if r.path.endswith(TOKEN_PATH)]

    # -------------------------------------------------------------------------- behaviour

    def handle(self, request: Received) -> Reply:
        """Record ``request`` and decide the reply: token, scripted, page, or the echo."""
        with self._lock:
            self.received.append(request)
            if request.method == "POST" and request.path.endswith(TOKEN_PATH):
                return self._token(request)
            if self._queue:
                return self._queue.popleft()
            pages = self._pages
        if pages and request.method == "GET" and request.path.endswith(pages[0]):
            return _page(request, pages[1])
        return Reply.json(200, request.report())

    def _token(self, request: Received) -> Reply:
        """RFC 6749 4.4: client credentials in HTTP Basic (form-encoded first, 2.3.1)."""
        expected = base64.b64encode(
            f"{_form_encode(CLIENT_ID)}:{_form_encode(CLIENT_SECRET)}".encode()
        ).decode()
        form = dict(request.form())
        if request.header("authorization") != f"Basic {expected}":
            return Reply.json(401, {"error": "invalid_client"})
        if form.get("grant_type") != "client_credentials":
            return Reply.json(400, {"error": "unsupported_grant_type"})
        self.tokens_issued += 1
        token = {"access_token": f"token-{self.tokens_issued}", "token_type": "Bearer"}
        return Reply.json(200, {**token, "expires_in": 3600, "scope": form.get("scope", "")})

    # -------------------------------------------------------------------------- faces

    def wsgi(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        """PEP 3333 face. Header order is lost by WSGI itself; names come back lower-cased."""
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = [
            (key[5:].replace("_", "-").lower(), value)
            for key, value in sorted(environ.items())
            if key.startswith("HTTP_")
        ]
        for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if environ.get(key):
                headers.append((key.replace("_", "-").lower(), environ[key]))
        raw_uri = environ.get("RAW_URI")
        request = Received(
            method=environ["REQUEST_METHOD"],
            path=_wsgi_text(environ.get("PATH_INFO", "")),
            raw_path=raw_uri.partition("?")[0] if raw_uri else None,
            query=environ.get("QUERY_STRING", ""),
            headers=tuple(headers),
            body=body,
        )
        reply = self.handle(request)
        time.sleep(reply.delay)
        reason = _REASONS.get(reply.status, "Scripted")
        start_response(f"{reply.status} {reason}", list(reply.headers))
        return [reply.body]

    async def asgi(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI 3 face (HTTP only; lifespan events are acknowledged)."""
        if scope["type"] == "lifespan":
            while (await receive())["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        raw_path = scope.get("raw_path")
        request = Received(
            method=scope["method"],
            path=scope["path"],
            raw_path=raw_path.decode("latin-1") if raw_path else None,
            query=scope["query_string"].decode("latin-1"),
            headers=tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]),
            body=body,
        )
        reply = self.handle(request)
        await asyncio.sleep(reply.delay)
        headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers]
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": reply.body})


def _form_encode(text: str) -> str:
    return quote(text, safe="")


def _wsgi_text(value: str) -> str:
    """PEP 3333 hands bytes over as latin-1 text; the path is UTF-8 (as far as it can be)."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _page(request: Received, items: list[Any]) -> Reply:
    """One page: ``cursor`` is ``c<offset>``, ``limit`` the page size (default 20)."""
    query = request.query_params()
    limit = int(query.get("limit", ["20"])[-1])
    offset = int(query.get("cursor", ["c0"])[-1].removeprefix("c"))
    following = offset + limit
    return Reply.json(
        200,
        {
            "items": items[offset:following],
            "nextCursor": f"c{following}" if following < len(items) else None,
        },
    )


class _RawUriHandler(WSGIRequestHandler):
    """wsgiref's handler, passing the request target on as ``RAW_URI`` and keeping quiet."""

    def get_environ(self) -> dict[str, Any]:
        environ = super().get_environ()
        environ["RAW_URI"] = self.path
        return environ

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@contextmanager
def serve(app: Callable[..., Any]) -> Iterator[str]:
    """Serve a WSGI app over real HTTP on 127.0.0.1 (a free port) until the block ends."""
    server = make_server(
        "127.0.0.1", 0, app, server_class=_ThreadingWSGIServer, handler_class=_RawUriHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


__all__ = ["CLIENT_ID", "CLIENT_SECRET", "Echo", "Part", "Received", "Reply", "serve"]
