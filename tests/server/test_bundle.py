"""apigen.spec.bundle: a multi-file spec becomes one document with the same meaning.

"Same meaning" is checked with our own pipeline: the bundle validates, and ``diff`` finds no
change at all between the original and the bundle.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from apigen import api
from apigen.diff.run import diff
from apigen.spec.bundle import bundle, bundle_json
from apigen.spec.resolve import RefPolicy, load_spec

from ..corpus.specs import MULTI_FILE_ROOTS, OUTSIDE_REFS, params, real_specs, spec_path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "specs" / "examples"


def refs(node: Any) -> list[str]:
    """Every ``$ref`` value in a tree, extensions (``x-...``, data to us) left out."""
    found: list[str] = []
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            found.append(node["$ref"])
        for key, value in node.items():
            if not str(key).startswith("x-"):
                found += refs(value)
    elif isinstance(node, list):
        for value in node:
            found += refs(value)
    return found


def write_bundle(spec_file: Path, out: Path, policy: RefPolicy | None = None) -> Path:
    out.write_text(bundle_json(load_spec(spec_file, policy)), encoding="utf-8")
    return out


def assert_same_meaning(original: Path, bundled: Path, policy: RefPolicy | None = None) -> None:
    """No validation error the original does not have, and no change for ``diff``."""
    before = Counter(d.code for d in api.validate(original, policy).errors)
    after = api.validate(bundled).errors
    assert not Counter(d.code for d in after) - before, [d.format_text() for d in after]
    _, _, changes = diff(original, bundled, policy)
    assert changes == [], [c.message for c in changes]


def test_multifile_example_bundles_into_local_refs_only(tmp_path: Path) -> None:
    spec = EXAMPLES / "multifile" / "openapi.yaml"
    tree = bundle(load_spec(spec))
    assert refs(tree) and all(r.startswith("#/") for r in refs(tree))
    schemas = tree["components"]["schemas"]
    # the root's own slots keep their names; whole-file schemas move into components under
    # their file's name; a fragment of a shared file is inlined where it is first used
    assert set(schemas) == {"Order", "Money", "Address", "NewOrder", "LineItem"}
    assert "allOf" in schemas["Order"]
    status = tree["paths"]["/orders"]["get"]["parameters"][1]["schema"]
    assert status["enum"][0] == "received"
    assert_same_meaning(spec, write_bundle(spec, tmp_path / "bundle.json"))


def test_single_json_file_is_its_own_text(tmp_path: Path) -> None:
    spec = tmp_path / "api.json"
    text = '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}}'
    spec.write_text(text, encoding="utf-8")
    assert bundle_json(load_spec(spec)) == text + "\n"


def test_single_yaml_file_becomes_indented_json(tmp_path: Path) -> None:
    spec = EXAMPLES / "petstore.yaml"
    text = bundle_json(load_spec(spec))
    assert text.startswith('{\n  "openapi": "3.0.3"')
    assert json.loads(text) == yaml.safe_load(spec.read_text(encoding="utf-8"))


def write_files(root: Path, files: dict[str, Any]) -> Path:
    for rel, tree in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(yaml.safe_dump(tree, sort_keys=False), encoding="utf-8")
    return root / "openapi.yaml"


def json_response(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


def test_recursion_across_files_ends_as_local_refs(tmp_path: Path) -> None:
    """Node -> Child -> Node across two files; a ref into a fragment of a hoisted schema."""
    root = write_files(
        tmp_path,
        {
            "openapi.yaml": {
                "openapi": "3.0.3",
                "info": {"title": "Trees", "version": "1"},
                "paths": {
                    "/tree": {
                        "get": {
                            "operationId": "tree",
                            "responses": {"200": json_response({"$ref": "node.yaml"})},
                        }
                    },
                    "/label": {
                        "get": {
                            "operationId": "label",
                            "responses": {
                                "200": json_response({"$ref": "node.yaml#/properties/label"})
                            },
                        }
                    },
                },
            },
            "node.yaml": {
                "type": "object",
                "properties": {
                    "label": {"type": "string", "maxLength": 9},
                    "children": {
                        "type": "array",
                        "items": {"$ref": "child.yaml#/definitions/Child"},
                    },
                },
            },
            "child.yaml": {
                "definitions": {
                    "Child": {
                        "type": "object",
                        "properties": {
                            "node": {"$ref": "node.yaml"},
                            "self": {"$ref": "#/definitions/Child"},
                        },
                    }
                }
            },
        },
    )
    tree = bundle(load_spec(root))
    schemas = tree["components"]["schemas"]
    assert set(schemas) == {"node", "Child"}
    assert schemas["Child"]["properties"]["node"] == {"$ref": "#/components/schemas/node"}
    assert schemas["Child"]["properties"]["self"] == {"$ref": "#/components/schemas/Child"}
    label = tree["paths"]["/label"]["get"]["responses"]["200"]["content"]["application/json"]
    assert label["schema"] == {"$ref": "#/components/schemas/node/properties/label"}
    assert_same_meaning(root, write_bundle(root, tmp_path / "bundle.json"))


def test_hoisted_names_never_replace_existing_schemas(tmp_path: Path) -> None:
    root = write_files(
        tmp_path,
        {
            "openapi.yaml": {
                "openapi": "3.0.3",
                "info": {"title": "Names", "version": "1"},
                "paths": {
                    "/a": {
                        "get": {
                            "operationId": "a",
                            "responses": {"200": json_response({"$ref": "other/Pet.yaml"})},
                        }
                    }
                },
                "components": {"schemas": {"Pet": {"type": "string"}}},
            },
            "other/Pet.yaml": {"type": "object", "properties": {"id": {"type": "integer"}}},
        },
    )
    schemas = bundle(load_spec(root))["components"]["schemas"]
    assert schemas["Pet"] == {"type": "string"}
    assert schemas["Pet_2"]["properties"] == {"id": {"type": "integer"}}


def test_inlined_non_schema_objects_are_copied_once(tmp_path: Path) -> None:
    """A response file used twice: inlined at its first use, the second use points there."""
    ok = {"$ref": "responses/ok.yaml"}
    root = write_files(
        tmp_path,
        {
            "openapi.yaml": {
                "openapi": "3.0.3",
                "info": {"title": "Responses", "version": "1"},
                "paths": {
                    "/a": {"get": {"operationId": "a", "responses": {"200": ok}}},
                    "/b": {"get": {"operationId": "b", "responses": {"200": ok}}},
                },
            },
            "responses/ok.yaml": json_response({"type": "integer"}),
        },
    )
    paths = bundle(load_spec(root))["paths"]
    assert paths["/a"]["get"]["responses"]["200"]["description"] == "ok"
    assert paths["/b"]["get"]["responses"]["200"] == {"$ref": "#/paths/~1a/get/responses/200"}
    assert_same_meaning(root, write_bundle(root, tmp_path / "bundle.json"))


def test_refs_inside_examples_and_extensions_are_data(tmp_path: Path) -> None:
    root = write_files(
        tmp_path,
        {
            "openapi.yaml": {
                "openapi": "3.0.3",
                "info": {"title": "Data", "version": "1", "x-note": {"$ref": "nowhere.yaml"}},
                "paths": {
                    "/a": {
                        "get": {
                            "operationId": "a",
                            "responses": {
                                "200": {
                                    "description": "ok",
                                    "content": {
                                        "application/json": {
                                            "schema": {"$ref": "s.yaml"},
                                            "example": {"$ref": "also-data"},
                                        }
                                    },
                                }
                            },
                        }
                    }
                },
            },
            "s.yaml": {"type": "object", "properties": {"$ref": {"type": "string"}}},
        },
    )
    tree = bundle(load_spec(root))
    assert tree["info"]["x-note"] == {"$ref": "nowhere.yaml"}
    media = tree["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["example"] == {"$ref": "also-data"}
    assert tree["components"]["schemas"]["s"]["properties"] == {"$ref": {"type": "string"}}


def test_swagger2_hoists_into_definitions(tmp_path: Path) -> None:
    root = write_files(
        tmp_path,
        {
            "openapi.yaml": {
                "swagger": "2.0",
                "info": {"title": "Two", "version": "1"},
                "paths": {
                    "/a": {
                        "get": {
                            "operationId": "a",
                            "produces": ["application/json"],
                            "responses": {
                                "200": {"description": "ok", "schema": {"$ref": "item.yaml"}}
                            },
                        }
                    }
                },
            },
            "item.yaml": {"type": "object", "properties": {"sku": {"type": "string"}}},
        },
    )
    tree = bundle(load_spec(root))
    assert tree["definitions"]["item"]["properties"] == {"sku": {"type": "string"}}
    assert "components" not in tree
    assert_same_meaning(root, write_bundle(root, tmp_path / "bundle.json"))


@pytest.mark.corpus
@pytest.mark.parametrize("rel", params(list(MULTI_FILE_ROOTS) if real_specs() else []))
def test_real_multi_file_specs_bundle_without_changes(rel: str, tmp_path: Path) -> None:
    policy = RefPolicy(allow_outside=rel in OUTSIDE_REFS)
    original = spec_path(rel)
    bundled = write_bundle(original, tmp_path / "bundle.json", policy)
    loaded = load_spec(bundled)
    assert len(loaded.documents) == 1
    assert [site.ref for site in loaded.refs if not site.ref.startswith("#")] == []
    assert_same_meaning(original, bundled, policy)
