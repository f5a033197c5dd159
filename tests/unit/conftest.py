"""Fixtures for unit tests: tiny inline specs written to a temporary folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from apigen.ir.model import Api
from apigen.ir.normalise import normalise
from apigen.spec.resolve import RefPolicy, Spec, load_spec

WriteSpec = Callable[..., Path]


@pytest.fixture
def write_spec(tmp_path: Path) -> WriteSpec:
    """Write a document (dict or raw text) under tmp_path and return its path."""

    def write(doc: Any, name: str = "openapi.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(doc, str):
            path.write_text(doc, encoding="utf-8")
        elif name.endswith(".json"):
            path.write_text(json.dumps(doc), encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        return path

    return write


def api_of(path: Path, policy: RefPolicy | None = None) -> Api:
    spec: Spec = load_spec(path, policy)
    api, _ = normalise(spec)
    return api


def oas30(
    paths: dict[str, Any] | None = None, schemas: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": paths or {},
    }
    if schemas is not None:
        doc["components"] = {"schemas": schemas}
    doc.update(extra)
    return doc
