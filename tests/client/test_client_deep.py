"""Contracts whose schemas chain hundreds deep (A0 -> A1 -> ... -> A999) generate clients
that work head first.

The specs are built here: a chain of component schemas, and the 3.1 way, ``$defs`` of a
separate JSON Schema file referring to each other.  Each client is imported in a fresh
interpreter and its operation is called over real HTTP before anything else touches the
models; the echo server answers with a payload nested through hundreds of links (past
pydantic's 200-level JSON parser).  Each model module imports the models it refers to and
pydantic builds a model's validator with those it refers to, so using A0 first would nest
1,000 deep and overflow Python's stack: the models package builds a few models along the
chain first, tail first, on the first name used (by an operation or by a user who validates
with a model directly).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from apigen import api

from .echo_app import Echo, Reply, serve

DEPTH = 1000
#: Links of the answer: past pydantic's JSON nesting limit (200), within the standard
#: library's (Python's stack); the second chain is answered through all its links.
PAYLOADS = {"components": 600, "defs-file": 500}

CHECK = """
import sys
import deep_chain_client as pkg
from deep_chain_client import models
with pkg.Client(sys.argv[1]) as client:
    head = client.get_head()
node, links = head, 0
while getattr(node, "next", None) is not None:
    node, links = node.next, links + 1
assert isinstance(head, models.A0) and type(node).__name__ == f"A{links}", (head, node)
print(links)
"""

#: The models used directly, head first, before any operation ran.
DIRECT = """
import sys
from deep_chain_client import models
head = models.A0.model_validate_json(sys.stdin.read())
print(type(head).__name__)
"""


def chain_spec(depth: int) -> dict[str, object]:
    schemas: dict[str, object] = {
        f"A{i}": {
            "type": "object",
            "properties": {"next": {"$ref": f"#/components/schemas/A{i + 1}"}},
        }
        for i in range(depth)
    }
    schemas[f"A{depth}"] = {"type": "object", "properties": {"end": {"type": "string"}}}
    response = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A0"}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Deep chain", "version": "1"},
        "paths": {
            "/head": {
                "get": {
                    "operationId": "getHead",
                    "responses": {"200": {"description": "ok", **response}},
                }
            }
        },
        "components": {"schemas": schemas},
    }


def defs_chain_spec(depth: int, folder: Path) -> dict[str, object]:
    """The same chain as ``$defs`` of ``folder/chain.json``, referring with ``#/$defs/...``."""
    defs: dict[str, object] = {
        f"A{i}": {"type": "object", "properties": {"next": {"$ref": f"#/$defs/A{i + 1}"}}}
        for i in range(depth)
    }
    defs[f"A{depth}"] = {"type": "object", "properties": {"end": {"type": "string"}}}
    (folder / "chain.json").write_text(json.dumps({"$defs": defs}), encoding="utf-8")
    spec = chain_spec(0)
    spec["openapi"] = "3.1.0"
    spec["components"] = {"schemas": {"A0": {"$ref": "chain.json#/$defs/A0"}}}
    return spec


def nested(links: int) -> bytes:
    """``{"next": {"next": ... {"end": "x"}}}``, written out (no recursion to encode it)."""
    return ('{"next": ' * links + '{"end": "x"}' + "}" * links).encode()


def generate(tmp_path: Path, layout: str) -> Path:
    """The components chain is 1,000 links long; the ``$defs`` one as long as its payload."""
    spec = tmp_path / "deep.json"
    doc = (
        chain_spec(DEPTH) if layout == "components" else defs_chain_spec(PAYLOADS[layout], tmp_path)
    )
    spec.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "out"
    assert api.generate_client(spec, out).package == "deep_chain_client"
    return out


@pytest.mark.slow
@pytest.mark.parametrize("layout", list(PAYLOADS))
def test_deep_chain_client_works_head_first(tmp_path: Path, layout: str) -> None:
    out = generate(tmp_path, layout)
    echo = Echo()
    echo.then(Reply(200, (("Content-Type", "application/json"),), nested(PAYLOADS[layout])))
    with serve(echo.wsgi) as url:
        run = subprocess.run(
            [sys.executable, "-c", CHECK, url],
            cwd=out,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == [str(PAYLOADS[layout])]
    assert echo.last.path == "/head"


@pytest.mark.slow
def test_thousand_deep_chain_models_work_head_first(tmp_path: Path) -> None:
    """The models package builds the chain's landings tail first on first use."""
    out = generate(tmp_path, "components")
    run = subprocess.run(
        [sys.executable, "-c", DIRECT],
        cwd=out,
        input=nested(150).decode(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
