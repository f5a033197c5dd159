"""$ref resolution: multi-file specs, cycles, and the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from apigen.errors import SpecError
from apigen.spec.resolve import RefPolicy, load_spec

from .conftest import WriteSpec, oas30


def ref_schema(ref: str) -> dict[str, object]:
    return {
        "get": {
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": {"$ref": ref}}},
                }
            }
        }
    }


def test_relative_files_and_parent_refs_inside_the_folder(write_spec: WriteSpec) -> None:
    write_spec(
        {"Pet": {"type": "object", "properties": {"tag": {"$ref": "../common.yaml#/Tag"}}}},
        "schemas/pet.yaml",
    )
    write_spec({"Tag": {"type": "string"}}, "common.yaml")
    root = write_spec(oas30({"/p": ref_schema("schemas/pet.yaml#/Pet")}))
    spec = load_spec(root)
    assert spec.diagnostics == []
    assert len(spec.documents) == 3
    site = next(s for s in spec.refs if s.ref == "../common.yaml#/Tag")
    target = spec.resolve(site.ref, site.document)
    assert target is not None and target.value == {"type": "string"}


def test_whole_path_item_by_ref(write_spec: WriteSpec) -> None:
    write_spec(ref_schema("#/X"), "paths/p.yaml")
    root = write_spec(oas30({"/p": {"$ref": "paths/p.yaml"}}))
    spec = load_spec(root)
    # "#/X" inside paths/p.yaml is resolved against that file, where it does not exist.
    [d] = spec.diagnostics
    assert d.code == "unresolved-ref" and d.location.file.endswith("p.yaml")
    assert d.location.pointer == "/get/responses/200/content/application~1json/schema/$ref"


def test_unresolved_ref_located(write_spec: WriteSpec) -> None:
    path = write_spec(oas30({"/p": ref_schema("#/components/schemas/Nope")}))
    spec = load_spec(path)
    [d] = spec.diagnostics
    assert d.code == "unresolved-ref" and not d.blocking  # generators type it as Any
    line = spec.locate(d).location.line
    assert line is not None
    assert "$ref: '#/components/schemas/Nope'" in path.read_text().splitlines()[line - 1]


def test_cycles_do_not_hang(write_spec: WriteSpec) -> None:
    root = write_spec(
        oas30(
            {"/p": ref_schema("#/components/schemas/A")},
            {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"$ref": "#/components/schemas/A"},
                "Node": {
                    "type": "object",
                    "properties": {
                        "kids": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
                    },
                },
            },
        )
    )
    spec = load_spec(root)
    target = spec.deref({"$ref": "#/components/schemas/A"}, spec.root)
    assert "$ref" in target.value  # stops, does not loop


@pytest.mark.parametrize(
    "ref,code,flag",
    [
        ("../outside.yaml#/X", "refused-ref", "allow_outside"),
        ("https://example.com/s.yaml#/X", "refused-ref", "allow_remote"),
        ("http://127.0.0.1:9/s.yaml", "refused-ref", "allow_remote"),
    ],
)
def test_sandbox_refuses(tmp_path: Path, ref: str, code: str, flag: str) -> None:
    import yaml

    (tmp_path / "outside.yaml").write_text("X: {type: string}\n")
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    root = spec_dir / "openapi.yaml"
    root.write_text(yaml.safe_dump(oas30({"/p": ref_schema(ref)})))
    [d] = load_spec(root).diagnostics
    assert d.code == code and "--" + flag.replace("_", "-") + "-refs" in d.message


def test_outside_allowed_with_flag(tmp_path: Path) -> None:
    import yaml

    (tmp_path / "outside.yaml").write_text("X: {type: string}\n")
    (tmp_path / "spec").mkdir()
    root = tmp_path / "spec" / "openapi.yaml"
    root.write_text(yaml.safe_dump(oas30({"/p": ref_schema("../outside.yaml#/X")})))
    assert load_spec(root, RefPolicy(allow_outside=True)).diagnostics == []


def test_file_url_refused(write_spec: WriteSpec) -> None:
    [d] = load_spec(write_spec(oas30({"/p": ref_schema("file:///etc/passwd")}))).diagnostics
    assert d.code == "refused-ref"


def test_refs_in_examples_are_data(write_spec: WriteSpec) -> None:
    doc = oas30(
        {"/p": ref_schema("#/components/schemas/S")},
        {
            "S": {
                "type": "object",
                "example": {"$ref": "not a ref"},
                "properties": {"default": {"$ref": "#/components/schemas/T"}},
            },
            "T": {"type": "string", "x-meta": {"$ref": "ignored"}},
        },
    )
    spec = load_spec(write_spec(doc))
    assert spec.diagnostics == []
    assert {s.ref for s in spec.refs} == {"#/components/schemas/S", "#/components/schemas/T"}


def test_anchor_refs(write_spec: WriteSpec) -> None:
    doc = oas30({"/p": ref_schema("#node")}, {"N": {"$anchor": "node", "type": "string"}})
    doc["openapi"] = "3.1.0"
    spec = load_spec(write_spec(doc))
    assert spec.diagnostics == []


@pytest.mark.parametrize(
    "doc,code",
    [
        ({"openapi": "3.2.0", "info": {}}, "unsupported-version"),
        ({"openapi": "4.0", "info": {}}, "unsupported-version"),
        ({"info": {}}, "not-openapi"),
        ("- a list\n", "not-openapi"),
    ],
)
def test_not_supported(write_spec: WriteSpec, doc: object, code: str) -> None:
    with pytest.raises(SpecError) as exc:
        load_spec(write_spec(doc))
    assert exc.value.diagnostics[0].code == code
