"""On a big contract the server's models render in a forked child; the result is the serial one.

The child only hides time: files, their order and the warnings (with their order) must be
exactly those of rendering everything in this process.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from apigen import api
from apigen.ir.model import Api
from apigen.parallel import can_fork
from apigen.render import server
from apigen.spec.bundle import bundle_json


def spec() -> dict[str, Any]:
    schemas: dict[str, Any] = {
        f"Thing{n}": {
            "type": "object",
            "properties": {
                "up": {"$ref": f"#/components/schemas/Thing{n // 2}"},
                "kind": {"type": "string", "enum": ["a", "b"]},
                # lookahead: pydantic cannot compile it, so each model warns
                "code": {"type": "string", "pattern": "^(?=x)x$"},
            },
        }
        for n in range(1000)
    }
    ok = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing0"}}}}
    operation = {
        "parameters": [
            {"name": "q", "in": "query", "schema": {"type": "string", "pattern": "(?<=a)b"}}
        ],
        "responses": {"200": {"description": "ok", **ok}},
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Many", "version": "1"},
        "paths": {"/things": {"get": operation}},
        "components": {"schemas": schemas},
    }


def render(ir: Api, contract: str) -> tuple[server.ServerRender, list[str], bool]:
    warnings: list[Any] = []
    options = server.ServerOptions("many", "many", "fastapi")
    render = server.render_server(ir, contract, options, warnings)
    forked = render.pending is not None and render.pending.job._pid is not None
    render.verbatim  # noqa: B018 - collects the models (and their warnings)
    return render, [w.message for w in warnings], forked


def test_models_rendered_in_a_child_equal_the_serial_ones(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec()), encoding="utf-8")
    built = api.build(path, locate=False)
    contract = bundle_json(built.spec)
    parallel, parallel_warnings, forked = render(built.api, contract)
    assert forked or not can_fork()
    real_in_child = server.in_child
    monkeypatch.setattr(server, "in_child", lambda f, worth_it: real_in_child(f, worth_it=False))
    serial, serial_warnings, forked = render(built.api, contract)
    assert not forked
    assert list(parallel.verbatim.items()) == list(serial.verbatim.items())
    assert len(parallel.verbatim) > 1000
    assert parallel_warnings == serial_warnings and len(serial_warnings) > 1
    assert parallel.generated == serial.generated
