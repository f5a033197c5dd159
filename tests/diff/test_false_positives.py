"""Meaning, not text: rewrites that keep the contract must not be reported as breaking."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml

from apigen.diff.engine import compare
from apigen.diff.model import Change, Level
from apigen.ir.normalise import normalise
from apigen.spec.resolve import load_spec

from .test_rules import BASE, Doc, diff, list_op, pet


def serious(changes: list[Change]) -> list[str]:
    return [c.message for c in changes if c.level >= Level.WARNING]


def shuffled(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: shuffled(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [shuffled(v) for v in value]
    return value


def test_key_order_and_format(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(BASE))
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(shuffled(BASE), sort_keys=False))
    old, _ = normalise(load_spec(tmp_path / "a.json"))
    new, _ = normalise(load_spec(tmp_path / "b.yaml"))
    assert compare(old, new) == []


def test_docs_and_examples_only(tmp_path: Path) -> None:
    rev = copy.deepcopy(BASE)
    list_op(rev)["description"] = "Lists every pet."
    pet(rev)["properties"]["name"]["description"] = "The pet's name"
    pet(rev)["properties"]["name"]["example"] = "Rex"
    rev["info"]["description"] = "New words"
    changes = diff(BASE, rev, tmp_path)
    assert {c.id for c in changes} == {"api-description-changed"}
    assert serious(changes) == []


def test_inline_schema_moved_into_components_and_back(tmp_path: Path) -> None:
    inline = copy.deepcopy(BASE)
    schema = copy.deepcopy(BASE["components"]["schemas"]["Pet"])
    inline["paths"]["/pets/{petId}"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"] = schema
    assert serious(diff(BASE, inline, tmp_path)) == []
    assert serious(diff(inline, BASE, tmp_path)) == []


def test_component_renamed(tmp_path: Path) -> None:
    text = json.dumps(BASE).replace("#/components/schemas/Pet", "#/components/schemas/Animal")
    rev: Doc = json.loads(text)
    rev["components"]["schemas"]["Animal"] = rev["components"]["schemas"].pop("Pet")
    changes = diff(BASE, rev, tmp_path)
    assert {c.id for c in changes} == {"schema-renamed"}
    assert all(c.sdk and c.level == Level.INFO for c in changes)


def test_path_parameter_renamed(tmp_path: Path) -> None:
    rev = json.loads(json.dumps(BASE).replace("petId", "id"))
    assert diff(BASE, rev, tmp_path) == []


def test_path_level_parameters_moved_onto_operations(tmp_path: Path) -> None:
    rev = copy.deepcopy(BASE)
    item = rev["paths"]["/pets/{petId}"]
    item["parameters"] = item["get"].pop("parameters")
    assert diff(BASE, rev, tmp_path) == []


def test_nullable_30_rewritten_as_31(tmp_path: Path) -> None:
    old = copy.deepcopy(BASE)
    pet(old)["properties"]["tag"] = {"type": "string", "nullable": True}
    pet(old)["properties"]["code"] = {"allOf": [{"$ref": "#/components/schemas/Cat"}],
                                      "nullable": True}
    new = copy.deepcopy(BASE)
    new["openapi"] = "3.1.0"
    pet(new)["properties"]["tag"] = {"type": ["string", "null"]}
    pet(new)["properties"]["code"] = {"anyOf": [{"$ref": "#/components/schemas/Cat"},
                                                {"type": "null"}]}
    assert diff(old, new, tmp_path) == []


def test_recursive_schemas_terminate_and_report(tmp_path: Path) -> None:
    base = copy.deepcopy(BASE)
    pet(base)["properties"]["parent"] = {"$ref": "#/components/schemas/Pet"}
    pet(base)["properties"]["children"] = {"type": "array",
                                           "items": {"$ref": "#/components/schemas/Pet"}}
    assert diff(base, base, tmp_path) == []
    rev = copy.deepcopy(base)
    pet(rev)["properties"]["name"]["maxLength"] = 5
    ids = {c.id for c in diff(base, rev, tmp_path)}
    assert ids == {"request-property-max-length-decreased",
                   "response-property-max-length-decreased"}
