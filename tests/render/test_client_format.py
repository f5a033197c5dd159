"""Skipping the formatter for files already in its layout changes no byte.

``preformatted`` lets thousands of model modules bypass ruff (or black); that is only
right if formatting them would have given the same text.  These tests format everything
the old way and compare, on the examples and on every real spec.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from apigen import api
from apigen.render import models as rm
from apigen.render.client import ClientOptions, preformatted, render_client
from apigen.render.format import Formatter, format_tree
from apigen.spec.resolve import RefPolicy

from ..corpus.specs import OUTSIDE_REFS, UNSUPPORTED, params, real_specs, spec_path

EXAMPLES = Path(__file__).resolve().parents[2] / "specs" / "examples"


def skipped_formatting_changes_nothing(path: Path, formatter: Formatter, outside: bool) -> None:
    built = api.build(path, RefPolicy(allow_outside=outside), locate=False)
    files = render_client(built.api, ClientOptions("pkg", "pkg", "1"), [])
    done = preformatted(files, "pkg", formatter)
    assert any("/models/" in p for p in done)
    everything = format_tree(files, formatter)
    fast = format_tree(files, formatter, done=done)
    assert [p for p in files if everything[p] != fast[p]] == []


@pytest.mark.parametrize("formatter", ["ruff", "black"])
@pytest.mark.parametrize("spec", ["petstore.yaml", "kitchen-sink.yaml", "multifile/openapi.yaml"])
def test_examples(spec: str, formatter: Formatter) -> None:
    if formatter == "black":
        pytest.importorskip("black")
    skipped_formatting_changes_nothing(EXAMPLES / spec, formatter, False)


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("rel", params([s for s in real_specs() if s not in UNSUPPORTED]))
def test_real_specs(rel: str) -> None:
    skipped_formatting_changes_nothing(spec_path(rel), "ruff", rel in OUTSIDE_REFS)


#: natord's own test orders (without the whitespace cases, which names never have).
NATORD_ORDERS = [
    ["a", "a0", "a1", "a1a", "a1b", "a2", "a10", "a20"],
    ["x2-g8", "x2-y7", "x2-y8", "x8-y8"],
    ["1.001", "1.002", "1.010", "1.02", "1.1", "1.3"],
    ["1-02", "1-2", "1-20", "10-20", "fred", "jane", "pic1", "pic2", "pic2a", "pic3"],
    ["pic5", "pic5.07", "pic5.08", "pic5.13", "pic5.113", "pic100", "pic100a", "pic2000"],
]


@pytest.mark.parametrize("order", NATORD_ORDERS)
def test_natord_port(order: list[str]) -> None:
    for (i, a), (j, b) in itertools.product(enumerate(order), repeat=2):
        assert rm._natord(a, b) == (i > j) - (i < j), (a, b)


def test_natural_keys_agree_with_natord_on_names() -> None:
    names = [
        "option2",
        "option12",
        "option1_x",
        "option_2",
        "pay_05d3",
        "pay_5a97",
        "pay_52a5",
        "pay_499d",
        "pay_0",
        "pay_00",
        "a",
        "a_",
        "a0",
        "ab",
        "z9",
    ]
    for a, b in itertools.product(names, repeat=2):
        expected = rm._natord(a, b) < 0
        assert (rm._Natural(a) < rm._Natural(b)) is expected, (a, b)


def test_big_specs_render_models_beside_the_rest_with_the_same_result(tmp_path: Path) -> None:
    """1,000 types: the models are rendered in a forked child (where the platform allows)
    while the rest is rendered and formatted; the files are those of the serial path."""
    schemas = {
        f"Thing{n}": {
            "type": "object",
            "properties": {
                "up": {"$ref": f"#/components/schemas/Thing{n // 2}"},
                "kind": {"type": "string", "enum": ["a", "b"]},
            },
        }
        for n in range(1000)
    }
    operation = {
        "responses": {
            "200": {
                "description": "ok",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Thing0"}}
                },
            }
        }
    }
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Many", "version": "1"},
        "paths": {"/things": {"get": operation}},
        "components": {"schemas": schemas},
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    result = api.generate_client(path, tmp_path / "out", package="many")
    written = {
        p.relative_to(tmp_path / "out").as_posix(): p.read_text(encoding="utf-8")
        for p in (tmp_path / "out").rglob("*.py")
    }
    built = api.build(path, locate=False)
    serial = format_tree(render_client(built.api, ClientOptions("many", "many", "0.1.0"), []))
    assert written == {p: t for p, t in serial.items() if p.endswith(".py")}
    models = [p for p in written if p.startswith("many/models/")]
    assert len(models) == 1002 and result.package == "many"  # a module per schema, with its enum
