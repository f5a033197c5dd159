"""Generated clients from small inline specs, imported and called over real HTTP.

Each test writes a spec, generates the client into tmp_path, imports it and calls it
against the scripted server of tests/client_runtime (real sockets on 127.0.0.1): what
reaches the wire is what the test checks.
"""

from __future__ import annotations

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

from ..client_runtime.server import RunningServer, ScriptedServer


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
