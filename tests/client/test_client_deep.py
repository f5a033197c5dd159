"""A contract whose schemas chain 1,000 deep (A0 -> A1 -> ... -> A999) generates a client.

The spec is built here.  The client is imported in a fresh interpreter and called over real
HTTP (the echo server answers with a nested A0).  Each model module imports the models it
refers to, so Python's import machinery (and pydantic's schema building) would nest 1,000
deep if A0 were touched first: the check loads and builds the models tail first, as a user
of such a chain has to for now.
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

CHECK = """
import sys
import deep_chain_client as pkg
from deep_chain_client import models
depth = int(sys.argv[2])
for i in reversed(range(depth + 1)):  # tail first: each import and build finds the next done
    getattr(models, f"A{i}").model_rebuild()
with pkg.Client(sys.argv[1]) as client:
    head = client.get_head()
node, links = head, 0
while node.next is not None:
    node, links = node.next, links + 1
assert isinstance(head, models.A0) and isinstance(node, models.A3), (type(head), type(node))
print(links)
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


@pytest.mark.slow
def test_thousand_deep_ref_chain_generates_and_imports(tmp_path: Path) -> None:
    spec = tmp_path / "deep.json"
    spec.write_text(json.dumps(chain_spec(DEPTH)), encoding="utf-8")
    out = tmp_path / "out"
    result = api.generate_client(spec, out)
    assert result.package == "deep_chain_client"
    models = out / "deep_chain_client" / "models"
    assert (models / "a0.py").read_text().count("next: A1 | None") == 1
    assert (models / "a999.py").read_text().count("next: A1000 | None") == 1
    echo = Echo()
    echo.then(Reply.json(200, {"next": {"next": {"next": {}}}}))
    with serve(echo.wsgi) as url:
        run = subprocess.run(
            [sys.executable, "-c", CHECK, url, str(DEPTH)],
            cwd=out,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["3"]
    assert echo.last.path == "/head"
