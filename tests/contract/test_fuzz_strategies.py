"""The fuzzing strategies (templates/tests/support/strategies.py) draw what schemas describe.

Drawn in-process with hypothesis and checked with the suite's own validator: values must be
valid (fuzzing discards the rare invalid one, but a strategy that mostly misses its schema
would make fuzzing skip operations), ``readOnly`` properties never sent, recursion bounded,
and the ``plain`` text of paths, headers and cookies limited to its alphabet.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .support import support

strategies = support("strategies")
schemas = support("schemas")

COMPONENTS: dict[str, Any] = {
    "Node": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 5},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        },
    },
    "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}},
}
CASES: dict[str, Any] = {
    "nullable 3.0": {"type": "string", "nullable": True, "maxLength": 3},
    "exclusive bounds 3.0": {
        "type": "integer",
        "minimum": 1,
        "maximum": 3,
        "exclusiveMinimum": True,
    },
    "int64": {"type": "integer", "format": "int64"},
    "multipleOf": {"type": "number", "multipleOf": 0.5, "minimum": -2, "maximum": 2},
    "formats": {
        "type": "object",
        "required": ["at", "id", "mail", "day"],
        "properties": {
            "at": {"type": "string", "format": "date-time"},
            "id": {"type": "string", "format": "uuid"},
            "mail": {"type": "string", "format": "email"},
            "day": {"type": "string", "format": "date"},
        },
    },
    "pattern and lengths": {"type": "string", "pattern": "^[A-Z]{2}[0-9]+$", "maxLength": 6},
    "unique items": {
        "type": "array",
        "items": {"enum": [1, 2, 3]},
        "uniqueItems": True,
        "minItems": 2,
    },
    "allOf": {
        "allOf": [
            {"$ref": "#/components/schemas/Base"},
            {"type": "object", "required": ["tag"], "properties": {"tag": {"enum": ["a", "b"]}}},
        ]
    },
    "oneOf": {"oneOf": [{"type": "boolean"}, {"type": "string", "maxLength": 0}]},
    "recursive": {"$ref": "#/components/schemas/Node"},
}


def document(schema: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "components": {"schemas": {**COMPONENTS, "Case": schema}}}


def resolver(doc: dict[str, Any]) -> Any:
    def resolve(ref: str) -> Any:
        node: Any = doc
        for token in ref.split("/")[1:]:
            node = node.get(token) if isinstance(node, dict) else None
        return node

    return resolve


@pytest.mark.parametrize("name", list(CASES))
def test_drawn_values_are_valid(name: str) -> None:
    doc = document(CASES[name])
    store = schemas.SchemaStore({schemas.ROOT_URI: doc}, "3.0", "request")
    strategy = strategies.from_schema(CASES[name], resolver(doc))
    drawn: list[Any] = []

    @settings(max_examples=60, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(strategy)
    def collect(value: Any) -> None:
        drawn.append(value)

    collect()
    valid = [v for v in drawn if store.is_valid(schemas.ROOT_URI, "/components/schemas/Case", v)]
    assert drawn and len(valid) >= 0.9 * len(drawn), (name, drawn[:10])


def test_read_only_properties_are_never_drawn() -> None:
    schema = {"type": "object", "properties": {"id": {"type": "string", "readOnly": True},
                                               "name": {"type": "string"}}}  # fmt: skip

    @settings(max_examples=50, derandomize=True, database=None)
    @given(strategies.from_schema(schema, resolver(document(schema))))
    def check(value: dict[str, Any]) -> None:
        assert "id" not in value

    check()


def test_plain_text_stays_in_its_alphabet() -> None:
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_~")

    @settings(max_examples=80, derandomize=True, database=None)
    @given(strategies.from_schema({"type": "string"}, resolver({}), "plain"))
    def check(value: str) -> None:
        assert value and set(value) <= allowed

    check()


EMPTY: list[Any] = [
    False,
    {"type": "integer", "minimum": 5, "maximum": 1},
    {"type": "integer", "minimum": 1, "maximum": 9, "multipleOf": 10},
    {"type": "integer", "minimum": 1, "maximum": 2, "exclusiveMinimum": True,
     "exclusiveMaximum": True},
    {"type": "number", "minimum": 1, "maximum": 1, "exclusiveMaximum": True},
    {"type": "number", "minimum": 0.1, "maximum": 0.2, "multipleOf": 0.5},
    {"type": "string", "minLength": 5, "maxLength": 1},
    {"type": "array", "items": {"type": "integer"}, "minItems": 3, "maxItems": 1},
]  # fmt: skip


@pytest.mark.parametrize("schema", EMPTY)
def test_a_schema_that_admits_nothing_draws_nothing(schema: Any) -> None:
    # not hypothesis's InvalidArgument: fuzzing skips the operation as unsatisfiable
    strategy = strategies.from_schema(schema, resolver({}))
    assert isinstance(strategy, st.SearchStrategy) and strategy.is_empty
    assert not strategies.from_schema({"type": "integer"}, resolver({})).is_empty
