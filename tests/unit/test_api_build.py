"""``api.build`` validates in a forked child on big specs: results must be the serial ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from apigen import api
from apigen.errors import SpecError
from apigen.parallel import can_fork


def big_spec(tmp_path: Path, info: Any) -> Path:
    """2,100 refs (over the child's threshold), a non-blocking error (``{id}`` is not declared),
    and a blocking one when ``info`` is not an object."""
    schemas: dict[str, Any] = {
        f"S{i}": {
            "type": "object",
            "properties": {"next": {"$ref": f"#/components/schemas/S{i + 1}"}},
        }
        for i in range(2100)
    }
    schemas["S2100"] = {"type": "string"}
    document = {
        "openapi": "3.0.3",
        "info": info,
        "paths": {"/s/{id}": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}}}}},
        "components": {"schemas": schemas},
    }  # fmt: skip
    path = tmp_path / "big.json"
    path.write_text(json.dumps(document, indent=1))
    return path


def test_a_valid_big_spec_builds_as_in_serial(tmp_path: Path) -> None:
    assert can_fork()  # otherwise this test would not test the child
    path = big_spec(tmp_path, {"title": "Big", "version": "1"})
    built = api.build(path)
    serial = api.build_checked(*api.load_checked(path))
    assert built.diagnostics == serial.diagnostics
    assert built.diagnostics and not any(d.blocking for d in built.diagnostics)
    assert built.api == serial.api


def test_a_blocking_error_is_reported_even_when_normalising_fails(tmp_path: Path) -> None:
    path = big_spec(tmp_path, 7)
    with pytest.raises(SpecError) as serial:
        api.load_checked(path)
    with pytest.raises(SpecError) as parallel:
        api.build(path)
    assert parallel.value.diagnostics == serial.value.diagnostics
    assert "/info" in parallel.value.diagnostics[0].location.pointer
