"""Both apps over real HTTP on 127.0.0.1: uvicorn for FastAPI, werkzeug's server for Flask."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from werkzeug.serving import make_server

from .conftest import FRAMEWORKS, build


def serve_uvicorn(app: Any) -> Iterator[str]:
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def serve_werkzeug(app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)


@pytest.fixture(scope="module", params=FRAMEWORKS)
def http(request: pytest.FixtureRequest) -> Iterator[tuple[str, httpx.Client]]:
    framework = request.param
    app = build(framework)
    serve = serve_uvicorn if framework == "fastapi" else serve_werkzeug
    for base in serve(app):
        with httpx.Client(base_url=base, timeout=10) as client:
            yield framework, client


def test_typed_round_trip(http: tuple[str, httpx.Client]) -> None:
    _, client = http
    assert client.get("/pets/1").json()["name"] == "Tom"
    created = client.post("/pets", json={"name": "Rex"})
    assert (created.status_code, created.json()["id"]) == (201, 99)
    got = client.get("/q", params=[("s", "1"), ("a", "2"), ("a", "3"), ("d[name]", "x")])
    assert got.json()["params"]["a"] == [2, 3]
    assert got.json()["params"]["d"] == {"name": "x", "range": None}


def test_invalid_request_names_fields(http: tuple[str, httpx.Client]) -> None:
    framework, client = http
    response = client.post("/pets?", json={"name": 3})
    assert response.status_code == (422 if framework == "fastapi" else 400)
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {"in": "body", "name": "/name", "message": "Input should be a valid string"}
    ]


def test_security_and_unimplemented(http: tuple[str, httpx.Client]) -> None:
    _, client = http
    missing = client.get("/secure/bearer")
    assert (missing.status_code, missing.headers["www-authenticate"]) == (401, 'Bearer realm="api"')
    assert (
        client.get(
            "/secure/oauth_write", headers={"Authorization": "Bearer good-token"}
        ).status_code
        == 403
    )
    ok = client.get("/secure/bearer", headers={"Authorization": "Bearer good-token"})
    assert ok.json()["subject"] == "bob"
    assert client.get("/todo").status_code == 501


def test_multipart_upload(http: tuple[str, httpx.Client]) -> None:
    _, client = http
    payload = b"\x00" * 200_000
    response = client.post(
        "/pets/1/photo",
        files=[("photo", ("p.txt", b"hi", "text/plain")), ("thumb", ("t.bin", payload, "x/y"))],
        data={"caption": "c"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["thumb"] == 200_000


def test_head_404_405_and_contract(http: tuple[str, httpx.Client]) -> None:
    _, client = http
    head = client.head("/pets/1")
    assert (head.status_code, head.headers["x-exists"]) == (200, "true")
    assert client.get("/missing").headers["content-type"] == "application/problem+json"
    assert client.put("/pets/mine").status_code == 405
    assert client.get("/openapi.json").json()["info"]["title"] == "Pet Shop"
    assert client.get("/crash").status_code == 500
