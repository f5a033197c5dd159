"""Pointer -> line/column, recovered lazily for JSON and YAML."""

from __future__ import annotations

import json
import re
from pathlib import Path

from apigen.spec.load import load_document
from apigen.spec.locate import Locator, Position

from .conftest import WriteSpec

YAML = """openapi: 3.0.0
paths:
  /pets/{id}:
    get:
      operationId: a
      parameters:
        - name: id
          in: path
"""


def test_yaml_positions_point_at_keys(write_spec: WriteSpec) -> None:
    loc = Locator(load_document(write_spec(YAML)))
    assert loc.position("/paths/~1pets~1{id}/get/operationId") == Position(5, 7)
    assert loc.position("/paths/~1pets~1{id}/get/parameters/0/in") == Position(8, 11)
    # A pointer below a scalar falls back to the nearest ancestor that exists.
    assert loc.position("/paths/~1pets~1{id}/get/nothing/here") == Position(4, 5)


def test_json_positions_match_yaml(write_spec: WriteSpec) -> None:
    doc = {"openapi": "3.0.0", "paths": {"/a~b": {"get": {"tags": ["x", "y"]}}}}
    text = json.dumps(doc, indent=2)
    loc = Locator(load_document(write_spec(text, "s.json")))
    lines = text.splitlines()
    pos = loc.position("/paths/~1a~0b/get/tags/1")
    assert pos is not None and lines[pos.line - 1].strip() == '"y"'
    pos = loc.position("/paths/~1a~0b/get")
    assert pos is not None and lines[pos.line - 1].strip().startswith('"get"')


def test_duplicates_with_pointers(write_spec: WriteSpec) -> None:
    loc = Locator(load_document(write_spec('{"a": {"b": 1, "b": 2}}', "d.json")))
    assert loc.duplicate_keys() == [("/a/b", Position(1, 16))]
    loc = Locator(load_document(write_spec("a:\n  b: 1\n  b: 2\n")))
    assert loc.duplicate_keys() == [("/a/b", Position(3, 3))]


def test_pretty_json_fast_path_agrees_with_tokenizer() -> None:
    from apigen.spec.locate import _index_json, _index_pretty_json

    doc = {
        "a": [1, {"b": [], "c": {}}, [2, [3]]],
        'k"e/y~': "v}",
        "n": None,
        "deep": {"x": [{"y": "z"}], "é": True},
    }
    for indent in (1, 2, 4, "\t"):
        text = json.dumps(doc, indent=indent, ensure_ascii=False)
        fast = _index_pretty_json(text)
        assert fast is not None and fast.positions == _index_json(text).positions
    assert _index_pretty_json(json.dumps(doc)) is None  # compact JSON: not the fast path


TRICKY_YAML = """\
# a comment
openapi: 3.1.0
info:
  title: "Quoted: title"
  description: |
    Block text with key: value lines
    - and dashes
  summary: >-
    folded
paths:
  /a:
    get:
      tags: [x, "y, z", 'w']
      parameters:
      - name: q
        in: query
        schema: {}
      - - nested: 1
        - plain
      - >-
        folded item
      responses:
        '200':
          description:
            plain text on the next line
        "4XX": {description: flow}
  scope:read: colon in key
"""


def test_block_yaml_fast_path_agrees_with_composer() -> None:
    from apigen.spec.locate import _index_block_yaml, _index_yaml

    fast = _index_block_yaml(TRICKY_YAML)
    slow = _index_yaml(TRICKY_YAML)
    assert fast is not None and fast.positions == slow.positions
    # Nested flow collections are beyond the fast path: it declines, never guesses.
    assert _index_block_yaml("a: {b: [1, 2]}\n") is None


def test_examples_use_the_fast_paths_and_agree() -> None:
    from pathlib import Path

    from apigen.spec.locate import _count_nodes, _index_block_yaml, _index_yaml

    examples = Path(__file__).resolve().parents[2] / "specs" / "examples"
    fast_ones = 0
    for path in sorted(examples.rglob("*.yaml")):
        doc = load_document(path)
        fast = _index_block_yaml(doc.text)
        if fast is None:  # nested flow collections (the kitchen sink has them): declined
            assert re.search(r"\{[^}\n]*[\[{]", doc.text), path
            continue
        fast_ones += 1
        assert len(fast.positions) == _count_nodes(doc.root), path
        assert fast.positions == _index_yaml(doc.text).positions, path
    assert fast_ones >= 5


def test_pretty_json_seeker_agrees_with_full_index(tmp_path: Path) -> None:
    from apigen.spec.locate import _index_pretty_json

    doc = {
        "paths": {
            f"/p{i}/{{id}}": {
                "get": {
                    "parameters": [
                        {
                            "name": "a",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["x", "y"]},
                        },
                        {"name": f"é{i}", "in": "header", "description": "}\n]" * 3},
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            }
            for i in range(2500)
        }
    }
    path = tmp_path / "big.json"
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False))
    document = load_document(path)
    full = _index_pretty_json(document.text)
    assert full is not None
    locator = Locator(document)
    sample = list(full.positions)[::97]
    assert [locator.position(p) for p in sample] == [full.positions[p] for p in sample]
    assert locator._seeker is not None  # answered by seeking, not by indexing everything
