"""How the models package is split into modules (apigen.render.model_modules).

Types are grouped by where the contract defines them; these tests check the grouping on
real layouts and that every module imports first, in a fresh interpreter, whatever the
reference cycles between modules.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from apigen.ir.model import Source
from apigen.ir.normalise import normalise
from apigen.render.model_modules import group_definitions
from apigen.render.models import render_models
from apigen.spec.resolve import load_spec

#: A and B refer to each other; B's field defaults to a member of the enum declared inside
#: A (so B's module imports it at its top); one operation declares types inline.
CYCLE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Cycle", "version": "1"},
    "paths": {
        "/a": {
            "get": {
                "operationId": "getA",
                "parameters": [
                    {"name": "mode", "in": "query", "schema": {"type": "string", "enum": ["x"]}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "a": {"$ref": "#/components/schemas/A"},
                                        "state": {"type": "string", "enum": ["on", "off"]},
                                    },
                                }
                            }
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "A": {
                "type": "object",
                "properties": {
                    "kind": {"type": "string", "enum": ["big", "small"]},
                    "b": {"$ref": "#/components/schemas/B"},
                    "tags": {
                        "type": "array",
                        "items": {"type": "object", "properties": {"x": {"type": "string"}}},
                    },
                },
            },
            "B": {
                "type": "object",
                "properties": {
                    "a": {"$ref": "#/components/schemas/A"},
                    "kind": {
                        "allOf": [{"$ref": "#/components/schemas/A/properties/kind"}],
                        "default": "small",
                    },
                },
            },
        }
    },
}


def render(tmp_path: Path, doc: dict[str, Any]) -> dict[str, str]:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(doc), encoding="utf-8")
    api, _ = normalise(load_spec(spec))
    files = render_models(api)
    package = tmp_path / "pkg"
    for rel, text in files.items():
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text(text, encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    return files


def test_a_schema_and_its_inner_types_share_a_module(tmp_path: Path) -> None:
    files = render(tmp_path, CYCLE)
    assert sorted(files) == [
        "models/__init__.py",
        "models/_base.py",
        "models/a.py",
        "models/a_kind.py",  # B imports it at its top: a module of its own (see below)
        "models/b.py",
        "models/operations.py",  # the untagged operations' inline types
    ]
    assert "class ATagsItem(" in files["models/a.py"]
    assert files["models/operations.py"].count("class ") == 3
    assert "inline in the untagged operations." in files["models/operations.py"]
    assert '"ATagsItem": "a"' in files["models/__init__.py"]


def _operation(tags: list[str], enum: list[str]) -> dict[str, Any]:
    return {
        "tags": tags,
        "parameters": [{"name": "q", "in": "query", "schema": {"type": "string", "enum": enum}}],
        "responses": {"204": {"description": "done"}},
    }


def test_the_inline_types_of_a_tags_operations_share_a_module(tmp_path: Path) -> None:
    """One module per tag (an operation's first), as the handler and API modules are."""
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "Tags", "version": "1"},
        "paths": {
            "/pets": {"get": _operation(["pets"], ["a"]), "post": _operation(["pets"], ["b"])},
            "/stores": {"get": _operation(["Pet Stores", "pets"], ["c"])},
            "/other": {"get": _operation([], ["d"])},
        },
    }
    files = render(tmp_path, doc)
    assert sorted(files) == [
        "models/__init__.py",
        "models/_base.py",
        "models/operations.py",
        "models/operations_pet_stores.py",
        "models/operations_pets.py",
    ]
    pets = files["models/operations_pets.py"]
    assert pets.count("(OpenStrEnum)") == 2
    assert "inline in the operations tagged ``pets``." in pets
    assert "tagged ``Pet Stores``." in files["models/operations_pet_stores.py"]
    code = "from pkg.models import GetPetsQ, PostPetsQ, GetOtherQ, GetStoresQ\n"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("first", ["A", "B", "AKind", "ATagsItem", "GetAResponse", "GetAMode"])
def test_each_model_imports_first_in_a_fresh_interpreter(tmp_path: Path, first: str) -> None:
    """Had ``AKind`` stayed in A's module, importing B first would fail: B's module imports
    ``AKind`` at its top, so A's module would run, reach its late import of B's module, and
    find B not defined yet."""
    render(tmp_path, CYCLE)
    code = (
        f"from pkg.models import {first}\n"
        "from pkg.models import B\n"
        "b = B.model_validate({'a': {'kind': 'big', 'b': {'a': {}}}})\n"
        "assert b.kind.value == 'small' and b.a.b.a.kind is None, b\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_groups_follow_the_documents_structure() -> None:
    def at(pointer: str, file: str = "api.yaml") -> Source:
        return Source(file, pointer)

    groups = group_definitions(
        [
            ("Pet", at("/components/schemas/Pet")),
            ("PetTagsItem", at("/components/schemas/Pet/properties/tags/items")),
            ("ListPetsSort", at("/paths/~1pets/get/parameters/0/schema")),
            ("ListPetsResponse", at("/paths/~1pets/get/responses/200/content/x/schema")),
            ("PathLevel", at("/paths/~1pets/parameters/0/schema")),
            ("Order", at("", "order.yaml")),  # a schema file: everything in it is inside
            ("OrderLine", at("/properties/lines/items", "order.yaml")),
            ("Shared", at("/$defs/Shared", "defs.yaml")),
            ("Other", at("/$defs/Other", "defs.yaml")),
            ("PostPetsBody", at("/paths/~1pets/post/requestBody/content/x/schema")),
            ("GetStoresResponse", at("/paths/~1stores/get/responses/200/content/x/schema")),
            ("PutPetsBody", at("/paths/~1pets/put/requestBody/content/x/schema")),
        ],
        {at("/paths/~1pets/post"): "pets", at("/paths/~1pets/put"): "pets"},
    )
    assert [(g.place.file, g.place.pointer, g.names) for g in groups] == [
        ("api.yaml", "/components/schemas/Pet", ["Pet", "PetTagsItem"]),
        ("api.yaml", "/paths/~1pets/get", ["ListPetsSort", "ListPetsResponse"]),
        ("api.yaml", "/paths/~1pets/parameters", ["PathLevel"]),
        ("order.yaml", "", ["Order", "OrderLine"]),
        ("defs.yaml", "/$defs/Shared", ["Shared"]),
        ("defs.yaml", "/$defs/Other", ["Other"]),
        ("api.yaml", "/paths/~1pets/post", ["PostPetsBody", "PutPetsBody"]),  # a section
        ("api.yaml", "/paths/~1stores/get", ["GetStoresResponse"]),  # in none: its own
    ]
    assert [g.section for g in groups][-2:] == ["pets", None]
