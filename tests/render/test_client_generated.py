"""Generated clients from small inline specs, imported and called over real HTTP.

Each test writes a spec, generates the client into tmp_path, imports it and calls it
against the scripted server of tests/client_runtime (real sockets on 127.0.0.1): what
reaches the wire is what the test checks.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from apigen import api

from ..client_runtime.server import Received, Reply, RunningServer, ScriptedServer, json_reply


@contextmanager
def client_package(tmp_path: Path, spec: dict[str, Any]) -> Iterator[ModuleType]:
    """Generate a client for ``spec`` and import it (under a unique package name)."""
    package = f"gen_{uuid.uuid4().hex[:10]}"
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(spec), encoding="utf-8")
    api.generate_client(source, tmp_path / "out", package=package)
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with RunningServer() as state:
        yield state


def spec(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def query(name: str, **schema: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema or {"type": "string"}}


STRING = {"type": "string"}


def ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


#: Parameter names that are also names the generated method body uses.
SHADOWING = ["cast", "body", "options", "parse", "httpx", "warnings", "models", "response"]


def test_parameters_never_shadow_what_the_method_uses(
    tmp_path: Path, server: ScriptedServer
) -> None:
    operation = {
        "operationId": "makeThing",
        "tags": ["things"],
        "deprecated": True,
        "parameters": [query(n) for n in SHADOWING],
        "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
        "responses": ok({"type": "object"}),
    }
    arguments = {f"{n}_2": n.upper() for n in SHADOWING}
    with (
        client_package(tmp_path, spec({"/things": {"post": operation}})) as pkg,
        pkg.Client(server.base_url) as client,
        pytest.warns(DeprecationWarning),
    ):
        echoed = client.things.make_thing(body={"a": 1}, **arguments)
    sent = server.requests()[0]
    assert sent.query() == {n: [n.upper()] for n in SHADOWING}
    assert sent.json() == {"a": 1}
    assert echoed["method"] == "POST"


ACCOUNT = {
    "type": "object",
    "required": ["id", "name", "password"],
    "properties": {
        "id": {"type": "string", "readOnly": True},
        "name": {"type": "string"},
        "password": {"type": "string", "writeOnly": True},
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Account"}},
    },
}
UPLOAD = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "readOnly": True},
        "file": {"type": "string", "format": "binary"},
        "owner": {"$ref": "#/components/schemas/Account"},
    },
}


def body_of(media: str, ref: str) -> dict[str, Any]:
    return {"required": True, "content": {media: {"schema": {"$ref": ref}}}}


def account_paths() -> dict[str, Any]:
    account = "#/components/schemas/Account"
    empty = {"204": {"description": "done"}}
    return {
        "/accounts": {
            "post": {
                "operationId": "createAccount",
                "requestBody": body_of("application/json", account),
                "responses": ok({"$ref": account}),
            }
        },
        "/form": {
            "post": {
                "operationId": "createForm",
                "requestBody": body_of("application/x-www-form-urlencoded", account),
                "responses": empty,
            }
        },
        "/upload": {
            "post": {
                "operationId": "upload",
                "requestBody": body_of("multipart/form-data", "#/components/schemas/Upload"),
                "responses": empty,
            }
        },
    }


def created(received: Received) -> Reply:
    return json_reply(200, {"id": "a1", "name": received.json()["name"]})  # no writeOnly


def test_request_bodies_leave_read_only_fields_out_at_every_depth(
    tmp_path: Path, server: ScriptedServer
) -> None:
    server.route("/accounts", created)
    server.route("/form", lambda received: (204, {}, b""))
    server.route("/upload", lambda received: (204, {}, b""))
    paths = account_paths()
    with client_package(tmp_path, spec(paths, {"Account": ACCOUNT, "Upload": UPLOAD})) as pkg:
        models = importlib.import_module(f"{pkg.__name__}.models")
        child = models.Account(id="c1", name="kid", password="k")
        parent = models.Account(id="p1", name="mum", password="m", children=[child])
        with pkg.Client(server.base_url) as client:
            back = client.create_account(body=parent)
            client.create_account(body={"name": "dad", "password": "d", "children": [child]})
            client.create_form(body=models.Account(id="f1", name="form", password="f"))
            client.upload(body=models.Upload(id="u1", file=b"\x00\xff", owner=child))
    assert isinstance(back, models.Account) and back.id == "a1" and back.password is None
    first, second, form, upload = server.requests()
    assert first.json() == {
        "name": "mum",
        "password": "m",
        "children": [{"name": "kid", "password": "k"}],
    }
    assert second.json()["children"] == [{"name": "kid", "password": "k"}]
    assert form.body == b"name=form&password=f"
    boundary = (upload.header("content-type") or "").split("boundary=")[1].encode()
    parts = dict(part_of(raw) for raw in upload.body.split(b"--" + boundary)[1:-1])
    assert parts == {"owner": b'{"name":"kid","password":"k"}', "file": b"\x00\xff"}


def part_of(raw: bytes) -> tuple[str, bytes]:
    """(name, content) of one multipart part as sent."""
    head, _, content = raw.partition(b"\r\n\r\n")
    name = head.split(b'name="')[1].split(b'"')[0].decode()
    return name, content.removesuffix(b"\r\n")


CUSTOMERS = [{"id": f"cus_{n}", "name": f"c{n}"} for n in range(7)]


def stripe_paths() -> dict[str, Any]:
    customer = {"$ref": "#/components/schemas/Customer"}
    listing = {
        "type": "object",
        "required": ["data", "has_more", "object", "url"],
        "properties": {
            "object": {"type": "string", "enum": ["list"]},
            "data": {"type": "array", "items": customer},
            "has_more": {"type": "boolean"},
            "url": {"type": "string"},
        },
    }
    search = {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": customer},
            "has_more": {"type": "boolean"},
            "next_page": {"type": "string", "nullable": True},
        },
    }
    return {
        "/v1/customers": {
            "get": {
                "operationId": "GetCustomers",
                "tags": ["customers"],
                "parameters": [query("limit", type="integer"), query("starting_after")],
                "responses": ok(listing),
            }
        },
        "/v1/customers/search": {
            "get": {
                "operationId": "GetCustomersSearch",
                "tags": ["customers"],
                "parameters": [query("query"), query("page")],
                "responses": ok(search),
            }
        },
    }


def stripe_list(received: Received) -> Reply:
    """Stripe's list shape: pages of three after the id given in ``starting_after``."""
    after = received.query().get("starting_after", [None])[0]
    start = next((i + 1 for i, c in enumerate(CUSTOMERS) if c["id"] == after), 0)
    data = CUSTOMERS[start : start + 3]
    more = start + 3 < len(CUSTOMERS)
    return json_reply(200, {"object": "list", "data": data, "has_more": more, "url": "/x"})


def stripe_search(received: Received) -> Reply:
    """Stripe's search shape: an opaque ``next_page`` token, and ``has_more``."""
    start = int(received.query().get("page", ["p0"])[0][1:])
    more = start + 3 < len(CUSTOMERS)
    following = f"p{start + 3}" if more else None
    data = CUSTOMERS[start : start + 3]
    return json_reply(200, {"data": data, "has_more": more, "next_page": following})


def test_stripe_style_lists_and_searches_page_to_the_end(
    tmp_path: Path, server: ScriptedServer
) -> None:
    server.route("/v1/customers", stripe_list)
    server.route("/v1/customers/search", stripe_search)
    customer = {"type": "object", "properties": {"id": {"type": "string"}, "name": STRING}}
    ids = [c["id"] for c in CUSTOMERS]
    with client_package(tmp_path, spec(stripe_paths(), {"Customer": customer})) as pkg:
        with pkg.Client(server.base_url) as client:
            listed = [c.id for c in client.customers.get_customers_pages(limit=3)]
            found = [c.id for c in client.customers.get_customers_search_pages(query="x")]

        async def walk() -> list[str]:
            async with pkg.AsyncClient(server.base_url) as client:
                return [c.id async for c in client.customers.get_customers_pages()]

        assert asyncio.run(walk()) == ids
    assert listed == ids and found == ids
    sent = [r.raw_query for r in server.requests()]
    assert sent[:3] == ["limit=3", "limit=3&starting_after=cus_2", "limit=3&starting_after=cus_5"]
    assert sent[3:6] == ["query=x", "query=x&page=p3", "query=x&page=p6"]


def test_typing_warnings_are_reported_with_their_place(tmp_path: Path) -> None:
    look_ahead = {"type": "string", "pattern": "^(?!admin).*$"}
    operation = {
        "operationId": "find",
        "parameters": [{"name": "user", "in": "query", "schema": look_ahead}],
        "responses": ok({"type": "object", "properties": {"name": look_ahead}}),
    }
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(spec({"/find": {"get": operation}}), indent=1), encoding="utf-8")
    result = api.generate_client(source, tmp_path / "out", dry_run=True)
    dropped = [w for w in result.warnings if w.code == "pattern-dropped"]
    pointers = {w.location.pointer for w in dropped}
    assert pointers == {
        "/paths/~1find/get/parameters/0",
        "/paths/~1find/get/responses/200/content/application~1json/schema/properties/name",
    }
    assert all(w.location.line for w in dropped)
