"""Encoded slashes where the raw path is not plain: mount points, rewritten paths, absolute URIs.

The generated-project test (tests/server/test_server_encoded_slashes.py) covers requests over
HTTP; here the petshop apps get hand-made WSGI environs and ASGI scopes, as a server mounted
under a prefix or behind a rewriting proxy would hand them over.
"""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any

import pytest
from apigen_server_runtime.routing import encoded_slash_segments

from .conftest import FRAMEWORKS, build


@pytest.mark.parametrize(
    ("raw", "path", "prefix", "expected"),
    [
        (b"/r/heads%2Fmain", "/r/heads/main", "", ["r", "heads/main"]),
        (b"/r/heads%2fmain?x=%2F", "/r/heads/main", "", ["r", "heads/main"]),
        (b"/r/a%252Fb%2Fc", "/r/a%2Fb/c", "", ["r", "a%2Fb/c"]),
        (b"/r/%E2%82%AC%2F", "/r/€/", "", ["r", "€/"]),
        (b"/api/v1/r/a%2Fb", "/api/v1/r/a/b", "/api/v1", ["r", "a/b"]),
        (b"/api/r/a%2Fb", "/api/r/a/b", "/api/", ["r", "a/b"]),
        (b"/r/heads/main", "/r/heads/main", "", None),  # nothing encoded: route as usual
        (b"/r/a%252Fb", "/r/a%2Fb", "", None),
        (b"/other/a%2Fb", "/r/a/b", "", None),  # the path was rewritten: raw one is stale
        (b"/r/a%2Fb", "/r/a/b/", "", ["r", "a/b"]),  # Starlette's redirect_slashes probe
        (b"/r/a%2Fb/", "/r/a/b", "", ["r", "a/b", ""]),
        (b"/a%2Fpi/r/x%2Fy", "/a/pi/r/x/y", "/a/pi", None),  # the prefix holds the slash
        (b"*", "*", "", None),
    ],
)
def test_segments(raw: bytes, path: str, prefix: str, expected: list[str] | None) -> None:
    assert encoded_slash_segments(raw, path, prefix) == expected


def call_wsgi(app: Any, environ: dict[str, str], method: str = "GET") -> tuple[int, Any, Any]:
    """Status, JSON body (or None) and headers from a WSGI app called with ``environ``."""
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc: Any = None) -> Any:
        answer.update(status=int(status.split()[0]), headers=dict(headers))
        return lambda data: None

    full = {
        "REQUEST_METHOD": method, "SCRIPT_NAME": "", "QUERY_STRING": "", "SERVER_NAME": "t",
        "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO(), **environ,
    }  # fmt: skip
    body = b"".join(app(full, start_response))
    return answer["status"], json.loads(body) if body else None, answer["headers"]


def call_asgi(app: Any, path: str, raw_path: bytes, root_path: str = "") -> tuple[int, Any]:
    """Status and JSON body from an ASGI app given this path, raw path and root path."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": raw_path, "root_path": root_path,
        "query_string": b"", "headers": [(b"host", b"t")], "server": ("t", 80),
        "client": ("127.0.0.1", 1),
    }  # fmt: skip
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], json.loads(body) if body else None


def get(framework: str, path: str, raw: str, prefix: str = "") -> tuple[int, Any]:
    """The petshop app's answer when a server under ``prefix`` received the target ``raw``."""
    app = build(framework)
    if framework == "fastapi":
        return call_asgi(app, prefix + path, raw.encode("ascii"), prefix)
    status, body, _ = call_wsgi(app, {"SCRIPT_NAME": prefix, "PATH_INFO": path, "RAW_URI": raw})
    return status, body


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_mounted_under_a_prefix(framework: str) -> None:
    status, body = get(framework, "/odd/a/b", "/api/odd/a%2Fb", prefix="/api")
    assert (status, body["operation"], body["params"]) == (200, "odd_name", {"name": "a/b"})


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_rewritten_path_is_routed_as_given(framework: str) -> None:
    status, body = get(framework, "/odd/x", "/legacy/odd/x%2Fy")
    assert (status, body["params"]) == (200, {"name": "x"})


def test_fastapi_does_not_redirect_to_the_decoded_path() -> None:
    """No route for the raw path: Starlette retries with a slash toggled, and the decoded
    ``/odd/a`` would match: it must not redirect there (``%2F`` lost, dots resolved)."""
    status, body = call_asgi(build("fastapi"), "/odd/a/", b"/odd%2Fa/")
    assert (status, body["status"]) == (404, 404)


def test_flask_takes_the_request_uri_in_absolute_form() -> None:
    environ = {"PATH_INFO": "/odd/a/b", "REQUEST_URI": "http://t/odd/a%2Fb?q=%2F"}
    status, body, _ = call_wsgi(build("flask"), environ)
    assert (status, body["params"]) == (200, {"name": "a/b"})


def test_flask_without_a_raw_uri_routes_the_decoded_path() -> None:
    """httpx's WSGITransport sets neither RAW_URI nor REQUEST_URI: nothing to route on."""
    status, _, _ = call_wsgi(build("flask"), {"PATH_INFO": "/odd/a/b"})
    assert status == 404


def test_flask_options_and_405_on_a_raw_path() -> None:
    app = build("flask")
    environ = {"PATH_INFO": "/odd/a/b", "RAW_URI": "/odd/a%2Fb"}
    status, _, headers = call_wsgi(app, dict(environ), "OPTIONS")
    assert (status, headers["Allow"]) == (200, "GET, HEAD, OPTIONS")
    status, _, headers = call_wsgi(app, dict(environ), "DELETE")
    assert (status, headers["Allow"]) == (405, "GET, HEAD, OPTIONS")
