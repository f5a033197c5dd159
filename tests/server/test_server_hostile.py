"""A hostile contract: spec text that tries to become code stays text in every generated file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from apigen import api

from ..client.tools import ruff_problems
from .service import imported, serve

SENTINEL = "apigen-pwned"
PAYLOAD = f"__import__('pathlib').Path('{SENTINEL}').touch()"
BREAKOUT = f'"""\n{PAYLOAD}\n"""\' + {PAYLOAD} + \'\\\n# \u2028 \x00'


def hostile_spec() -> dict[str, Any]:
    param_names = ["class", "self", "ctx", "body", "models", f'x"); {PAYLOAD}; ("', "Reply"]
    return {
        "openapi": "3.0.3",
        "info": {"title": BREAKOUT, "version": BREAKOUT, "description": BREAKOUT},
        "tags": [{"name": f't"); {PAYLOAD} #', "description": BREAKOUT}],
        "paths": {
            '/it\'s/{id}/"q"': {
                "post": {
                    "operationId": PAYLOAD,
                    "tags": [f't"); {PAYLOAD} #'],
                    "summary": BREAKOUT,
                    "description": BREAKOUT,
                    "security": [{'k"ey': ["s\"cope'"]}],
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        *(
                            {
                                "name": n,
                                "in": "query",
                                "schema": {"type": "string", "default": BREAKOUT},
                            }
                            for n in param_names
                        ),
                        {"name": f'X-"{PAYLOAD}', "in": "header", "schema": {"type": "string"}},
                    ],
                    "requestBody": {
                        "content": {
                            f'application/{SENTINEL}"+json': {
                                "schema": {"$ref": "#/components/schemas/E"}
                            }
                        }
                    },
                    "responses": {
                        "200": {
                            "description": BREAKOUT,
                            "headers": {f'H"{PAYLOAD}': {"schema": {"type": "string"}}},
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/E"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "E": {
                    "type": "object",
                    "description": BREAKOUT,
                    "properties": {"v": {"type": "string", "enum": [BREAKOUT, "ok"]}},
                }
            },
            "securitySchemes": {
                'k"ey': {"type": "apiKey", "in": "header", "name": f'X-"{PAYLOAD}'}
            },
        },
    }


@pytest.mark.parametrize("framework", ["fastapi", "flask"])
def test_hostile_text_stays_text(
    framework: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "evil.yaml"
    spec.write_text(yaml.safe_dump(hostile_spec(), allow_unicode=False), encoding="utf-8")
    out = tmp_path / "out"
    result = api.generate_server(spec, out, framework=framework, package="evil")
    monkeypatch.chdir(tmp_path)
    for source in out.rglob("*.py"):
        compile(source.read_text(encoding="utf-8"), str(source), "exec")
    assert ruff_problems(out / "evil") is None
    with imported(out, "evil.app") as module, serve(module.app, framework) as url:
        operations = module.create_app.__globals__["OPERATIONS"]
        assert len(operations) == 1
        (op,) = operations
        assert op.operation_id == PAYLOAD and op.path == '/it\'s/{id}/"q"'
        response = httpx.post(f"{url}/it's/7/%22q%22", timeout=20)
        assert response.status_code == 401  # the scheme's header is missing
    assert not (tmp_path / SENTINEL).exists()
    assert not any(p.name == SENTINEL for p in out.rglob("*"))
    assert result.package == "evil"
