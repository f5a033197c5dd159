"""The mock data generator on hand-written schemas that probe one keyword family each."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from apigen_server_runtime.mock import MockData

PET = {
    "type": "object",
    "required": ["kind", "name"],
    "discriminator": {"propertyName": "kind", "mapping": {"kitty": "#/components/schemas/Cat"}},
    "properties": {"kind": {"type": "string"}, "name": {"type": "string"}},
}
CAT = {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"properties": {"lives": {"const": 9}}}]}
DOG = {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"required": ["good"]}]}
NODE = {
    "type": "object",
    "required": ["next", "kids"],
    "properties": {
        "next": {"oneOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
        "kids": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
    },
}
COMPONENTS = {"schemas": {"Pet": PET, "Cat": CAT, "Dog": DOG, "Node": NODE}}

SCHEMAS: list[dict[str, Any]] = [
    {"type": "string", "pattern": "^[A-Z]{2}-\\d{3,4}$"},
    {"type": "string", "pattern": "^(foo|bar)+[^a-z]$", "minLength": 6},
    {"type": "string", "pattern": "^\\w+@\\w+\\.com$", "maxLength": 20},
    {"type": "string", "minLength": 12, "maxLength": 12},
    {"type": "string", "pattern": "^(A[A-Z0-9]{1,})?$"},  # Slack's app ids: an empty match
    {"type": "string", "format": "date-time"},
    {"type": "string", "format": "email"},
    {"type": "string", "format": "uuid"},
    {"type": "string", "format": "ipv6"},
    {"type": "integer", "minimum": 10, "maximum": 10},
    {"type": "integer", "exclusiveMinimum": 5, "multipleOf": 4},
    {"type": "integer", "maximum": -3},
    {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
    {"type": "number", "minimum": 0.25, "maximum": 0.75, "multipleOf": 0.25},
    {"type": "number", "multipleOf": 0.01},
    {"type": ["null", "boolean"]},
    {"const": {"a": [1]}},
    {"enum": [None, "x"]},
    {"type": "array", "minItems": 3, "uniqueItems": True, "items": {"type": "integer"}},
    {"type": "array", "minItems": 2, "uniqueItems": True, "items": {"enum": ["a", "b"]}},
    {"type": "array", "maxItems": 0},
    {"type": "array", "minItems": 3, "uniqueItems": True,
     "items": {"type": "string", "pattern": "^[a-z]+$"}},
    {"type": "array", "minItems": 2, "uniqueItems": True,
     "items": {"type": "string", "format": "uuid"}},
    {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}], "minItems": 2},
    {"type": "object", "minProperties": 3, "additionalProperties": {"type": "integer"}},
    {"type": "object", "properties": {"a": {"type": "string"}}, "maxProperties": 0},
    {"type": "object", "additionalProperties": False, "required": ["x"],
     "properties": {"x": {"type": "integer"}}},
    {"allOf": [{"type": "integer", "minimum": 3}, {"maximum": 5}, {"multipleOf": 5}]},
    {"allOf": [{"properties": {"a": {"type": "integer", "minimum": 2}}}, {"required": ["a"]}]},
    {"anyOf": [{"type": "null"}, {"type": "string", "format": "date"}]},
    {"oneOf": [{"type": "integer"}, {"type": "string"}]},
    # Box's event source: the first option's value also fits the open second one
    {"oneOf": [{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
               {"type": "object", "additionalProperties": {"type": "string"}}]},
    {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}},
     "anyOf": [{"required": ["a"], "properties": {"a": {"enum": [3]}}}, {"required": ["b"]}]},
    {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
     "discriminator": {"propertyName": "kind"}},
    {"$ref": "#/components/schemas/Dog"},
    {"$ref": "#/components/schemas/Cat"},
    {"$ref": "#/components/schemas/Node"},
    {"type": "object", "properties": {"secret": {"type": "string", "writeOnly": True}}},
]  # fmt: skip


@pytest.mark.parametrize("schema", SCHEMAS, ids=[str(i) for i in range(len(SCHEMAS))])
def test_generated_value_is_valid(schema: dict[str, Any]) -> None:
    contract = {"components": COMPONENTS}
    value = MockData(contract).value(schema)
    root = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "components": COMPONENTS,
    }
    validator = jsonschema_rs.validator_for(root, validate_formats=True)
    assert validator.is_valid(value), (value, [e.message for e in validator.iter_errors(value)])


def test_discriminators_name_the_concrete_schema() -> None:
    data = MockData({"components": COMPONENTS})
    assert data.value({"$ref": "#/components/schemas/Cat"})["kind"] == "kitty"
    assert data.value({"$ref": "#/components/schemas/Dog"})["kind"] == "Dog"
    chosen = data.value(SCHEMAS[-5])
    assert chosen["kind"] == "Cat" and chosen["lives"] == 9  # the oneOf has no mapping


def test_write_only_properties_are_left_out_of_responses() -> None:
    assert MockData({}).value(SCHEMAS[-1]) == {}


def test_recursion_is_cut() -> None:
    value = MockData({"components": COMPONENTS}).value({"$ref": "#/components/schemas/Node"})
    depth = 0
    while isinstance(value, dict) and value.get("next") is not None:
        value, depth = value["next"], depth + 1
    assert depth <= 3
