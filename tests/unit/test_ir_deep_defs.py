"""1,000-deep ``$ref`` chains through JSON Schema ``$defs`` normalise (3.1 / 2020-12).

The converter follows references recursively; the chains of component schemas were already
cut into short stretches converted bottom-up, and these are the same chains written the 3.1
way: ``$defs`` inside a component, and a separate JSON Schema file whose ``$defs`` refer to
each other with ``#/$defs/...``.  Recursion per link would overflow Python's stack.
"""

from __future__ import annotations

from typing import Any

import pytest

from apigen.ir.model import AliasRef, ArrayOf, ModelRef, Primitive

from .conftest import WriteSpec, api_of

DEPTH = 1000


def defs_chain(prefix: str, array: bool = False) -> dict[str, Any]:
    """``$defs`` A0 -> ... -> A{DEPTH}, each a model (or an array of the next) with ``next``."""
    defs: dict[str, Any] = {}
    for i in range(DEPTH):
        ref = {"$ref": f"{prefix}A{i + 1}"}
        defs[f"A{i}"] = (
            {"type": "array", "items": ref}
            if array
            else {"type": "object", "properties": {"next": ref}}
        )
    defs[f"A{DEPTH}"] = {"type": "object", "properties": {"end": {"type": "string"}}}
    return defs


def spec_31(head_ref: str, components: dict[str, Any] | None = None) -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": head_ref}}}
    op = {"operationId": "getHead", "responses": {"200": {"description": "ok", "content": content}}}
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Deep defs", "version": "1"},
        "paths": {"/head": {"get": op}},
    }
    if components:
        doc["components"] = components
    return doc


def test_chain_through_defs_inside_a_component(write_spec: WriteSpec) -> None:
    base = "#/components/schemas/Chain/$defs/"
    doc = spec_31(base + "A0", {"schemas": {"Chain": {"$defs": defs_chain(base)}}})
    api = api_of(write_spec(doc, "openapi.json"))
    assert api.operations[0].responses[0].content[0].type == ModelRef("A0")
    assert {f.wire_name: f.type for f in api.model("A999").fields} == {"next": ModelRef("A1000")}
    assert {f.wire_name: f.type for f in api.model("A1000").fields} == {"end": Primitive("string")}


@pytest.mark.parametrize("array", [False, True], ids=["models", "arrays"])
def test_chain_through_defs_of_a_separate_file(write_spec: WriteSpec, array: bool) -> None:
    write_spec({"$defs": defs_chain("#/$defs/", array)}, "schemas/chain.json")
    doc = spec_31(
        "#/components/schemas/Head", {"schemas": {"Head": {"$ref": "schemas/chain.json#/$defs/A0"}}}
    )
    api = api_of(write_spec(doc, "openapi.json"))
    if not array:
        assert {f.wire_name: f.type for f in api.model("A0").fields} == {"next": ModelRef("A1")}
        assert len(api.models) == DEPTH + 1
        return
    # Arrays of arrays are named every few links, so no type nests past that bound.
    nesting = []
    for alias in api.aliases:
        t, depth = alias.type, 0
        while isinstance(t, ArrayOf):
            t, depth = t.items, depth + 1
        nesting.append(depth)
        assert isinstance(t, (ModelRef, AliasRef)), alias
    assert max(nesting) <= 25


def test_chain_of_schema_files(write_spec: WriteSpec) -> None:
    """Multi-file specs keep one schema per file: a0.json -> a1.json -> ... -> a1000.json."""
    for i in range(DEPTH):
        link = {"type": "object", "properties": {"next": {"$ref": f"a{i + 1}.json"}}}
        write_spec(link, f"schemas/a{i}.json")
    write_spec({"type": "object", "properties": {"end": {"type": "string"}}}, "schemas/a1000.json")
    api = api_of(write_spec(spec_31("schemas/a0.json"), "openapi.json"))
    assert api.operations[0].responses[0].content[0].type == ModelRef("A0")
    assert {f.wire_name: f.type for f in api.model("A999").fields} == {"next": ModelRef("A1000")}
