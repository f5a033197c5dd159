"""Validation in the contract's dialect (templates/tests/support/schemas.py)."""

from __future__ import annotations

from typing import Any

import pytest

from .support import support

schemas = support("schemas")
URI = schemas.document_uri("api.yaml")


def store(components: dict[str, Any], major: str = "3.0", direction: str = "response") -> Any:
    version = {"3.0": "3.0.3", "3.1": "3.1.0", "2.0": "2.0"}[major]
    key = "swagger" if major == "2.0" else "openapi"
    section = (
        {"definitions": components} if major == "2.0" else {"components": {"schemas": components}}
    )
    return schemas.SchemaStore({URI: {key: version, **section}}, major, direction)


def where(name: str, major: str = "3.0") -> str:
    return f"/definitions/{name}" if major == "2.0" else f"/components/schemas/{name}"


def errors(s: Any, name: str, value: Any, major: str = "3.0") -> list[tuple[str, str]]:
    return [(e.instance_path, e.schema_path) for e in s.errors(URI, where(name, major), value)]


def test_nullable_in_30_allows_null_and_nothing_else() -> None:
    s = store({
        "N": {"type": "string", "nullable": True},
        "E": {"type": "string", "enum": ["a"], "nullable": True},
        "R": {"nullable": True, "allOf": [{"$ref": "#/components/schemas/P"}]},
        "P": {"type": "object", "required": ["x"]},
        "Plain": {"type": "string"},
    })  # fmt: skip
    assert errors(s, "N", None) == [] and errors(s, "E", None) == [] and errors(s, "R", None) == []
    assert errors(s, "Plain", None) == [("", "api.yaml#/components/schemas/Plain/type")]
    assert errors(s, "N", 5) == [("", "api.yaml#/components/schemas/N/type")]
    assert errors(s, "R", {}) != []


def test_x_nullable_in_20_and_type_arrays_in_31() -> None:
    assert (
        errors(store({"N": {"type": "integer", "x-nullable": True}}, "2.0"), "N", None, "2.0") == []
    )
    s31 = store(
        {"N": {"type": ["integer", "null"]}, "Old": {"type": "integer", "nullable": True}}, "3.1"
    )
    assert errors(s31, "N", None) == []
    assert errors(s31, "Old", None) != []  # 3.1 has no nullable keyword: null is not allowed


def test_boolean_exclusive_bounds_of_30() -> None:
    s = store({"B": {"type": "integer", "minimum": 5, "exclusiveMinimum": True}})
    assert errors(s, "B", 6) == []
    assert errors(s, "B", 5) == [("", "api.yaml#/components/schemas/B/exclusiveMinimum")]


def test_formats_are_checked_uuid_included_in_30() -> None:
    s = store(
        {"U": {"type": "string", "format": "uuid"}, "D": {"type": "string", "format": "date-time"}}
    )
    assert errors(s, "U", "3f1c2a64-9b7e-4c55-8d0e-2f6b1a9c7e10") == []
    assert errors(s, "U", "nope") == [("", "api.yaml#/components/schemas/U/format")]
    assert errors(s, "D", "2024-13-01") != []


@pytest.mark.parametrize("major", ["3.0", "3.1"])
def test_discriminator_selects_the_schema_to_check(major: str) -> None:
    ref = "#/components/schemas/"
    s = store({
        "Pet": {"oneOf": [{"$ref": ref + "Cat"}, {"$ref": ref + "Dog"}],
                "discriminator": {"propertyName": "kind", "mapping": {"dog": ref + "Dog"}}},
        # Deliberately overlapping: plain oneOf would reject every cat ("valid under both").
        "Cat": {"type": "object",
                "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}}},
        "Dog": {"type": "object",
                "properties": {"kind": {"type": "string"}, "bark": {"type": "boolean"}}},
    }, major)  # fmt: skip
    assert errors(s, "Pet", {"kind": "Cat", "lives": 9}) == []  # implicit mapping: schema name
    assert errors(s, "Pet", {"kind": "dog", "bark": True}) == []
    assert errors(s, "Pet", {"kind": "dog", "bark": "loud"}) == [
        ("/bark", "api.yaml#/components/schemas/Dog/properties/bark/type")
    ]
    # A value naming no schema: the alternatives as written (both match here: oneOf fails).
    assert errors(s, "Pet", {"kind": "cow"}) == [("", "api.yaml#/components/schemas/Pet")]
    assert errors(s, "Pet", {"lives": 1}) == [("", "api.yaml#/components/schemas/Pet")]
    assert errors(s, "Pet", "text") == [("", "api.yaml#/components/schemas/Pet")]


def test_a_discriminator_value_that_names_no_schema_is_no_violation() -> None:
    ref = "#/components/schemas/"
    s = store({
        "Item": {"oneOf": [{"$ref": ref + "TrackObject"}, {"$ref": ref + "EpisodeObject"}],
                 "discriminator": {"propertyName": "type"}},
        "TrackObject": {"type": "object", "properties": {"type": {"enum": ["track"]}}},
        "EpisodeObject": {"type": "object", "properties": {"type": {"enum": ["episode"]}}},
    })  # fmt: skip
    assert errors(s, "Item", {"type": "track"}) == []  # Spotify's values are not schema names
    assert errors(s, "Item", {"type": "TrackObject"}) != []  # named, then checked: enum fails


def test_read_only_and_write_only_by_direction() -> None:
    parts = {
        "M": {
            "type": "object",
            "required": ["id", "secret"],
            "properties": {
                "id": {"type": "string", "readOnly": True},
                "secret": {"type": "string", "writeOnly": True},
            },
        }
    }
    assert errors(store(parts, direction="response"), "M", {"id": "1"}) == []
    assert errors(store(parts, direction="request"), "M", {"secret": "s"}) == []
    assert errors(store(parts, direction="request"), "M", {"id": "1"}) != []


def test_a_schema_that_cannot_compile_is_reported_not_raised() -> None:
    s = store({"Bad": {"$ref": "#/components/schemas/Missing"}})
    assert s.errors(URI, where("Bad"), 1) == []
    assert s.is_valid(URI, where("Bad"), 1) is None
    assert list(s.broken) == ["api.yaml#/components/schemas/Bad"]


def test_examples_and_names_are_not_converted() -> None:
    document = {"openapi": "3.0.3", "components": {"schemas": {
        "M": {"type": "object", "example": {"nullable": True, "type": "x"},
              "properties": {"nullable": {"type": "boolean"}}}}}}  # fmt: skip
    converted = schemas.convert(document, "3.0", "response")
    assert converted is document  # nothing to change: nothing copied
