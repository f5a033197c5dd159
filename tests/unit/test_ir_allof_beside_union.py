"""A schema with allOf beside oneOf/anyOf is typed as the union, and says so.

The members the allOf parts add cannot be part of a union of the options' own types, so
they are left out of the type with a loose-type warning at the allOf (openapi-core's
petstore: PetCreate is allOf [name, tag] beside oneOf [Cat, Bird]).
"""

from __future__ import annotations

import json
from pathlib import Path

from apigen.ir.model import ModelRef, UnionOf
from apigen.ir.normalise import normalise
from apigen.spec.resolve import load_spec


def test_allof_beside_oneof_is_the_union_with_a_warning(tmp_path: Path) -> None:
    obj = {"type": "object"}
    schemas = {
        "Named": {**obj, "required": ["name"], "properties": {"name": {"type": "string"}}},
        "Cat": {**obj, "properties": {"lives": {"type": "integer"}}},
        "Bird": {**obj, "properties": {"wings": {"type": "integer"}}},
        "PetCreate": {
            "allOf": [{"$ref": "#/components/schemas/Named"}],
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Bird"}],
        },
    }
    doc = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
           "components": {"schemas": schemas}}  # fmt: skip
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    api, warnings = normalise(load_spec(path))
    alias = next(a for a in api.aliases if a.name == "PetCreate")
    assert isinstance(alias.type, UnionOf)
    assert [o.name for o in alias.type.options if isinstance(o, ModelRef)] == ["Cat", "Bird"]
    found = [w for w in warnings if w.code == "loose-type"]
    assert [w.location.pointer for w in found] == ["/components/schemas/PetCreate/allOf"]
    assert "allOf beside oneOf" in found[0].message
