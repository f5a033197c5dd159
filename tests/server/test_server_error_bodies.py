"""The error answers of generated servers fit the real contracts' own error schemas.

Discord declares every 4xx as ``ErrorResponse`` (``code`` and ``message`` required, and
``errors`` an object tree, where the problem document has a list); Box declares
``ClientError`` (``type`` an enumeration of ``"error"`` only) and, for a ``PUT``,
a 415 it never sends.  Each answer the runtime itself makes (missing credentials, an
invalid parameter, an invalid or unreadable body, an unaccepted content type) is
validated with jsonschema-rs against the schema the contract declares for its status.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest

from apigen import api
from apigen.spec.resolve import load_spec

from ..corpus.specs import spec_path
from ..server_runtime.conftest import client_for
from ..server_runtime.test_mock_data import as_json_schema
from .service import imported

pytestmark = pytest.mark.corpus

#: spec -> (method, path, headers, body or None) of requests the runtime refuses itself.
JSON = {"content-type": "application/json"}
CASES: dict[str, list[tuple[str, str, dict[str, str], bytes | None]]] = {
    "discord.json": [
        ("GET", "/applications/1/commands", {}, None),
        ("GET", "/applications/abc/commands", {"Authorization": "x"}, None),
        ("GET", "/applications/1/commands?with_localizations=maybe", {"Authorization": "x"}, None),
        ("POST", "/applications/1/commands", {"Authorization": "x", **JSON}, b"{"),
        ("POST", "/applications/1/commands", {"Authorization": "x", **JSON}, b'{"name": 3}'),
        ("POST", "/applications/1/commands", {"Authorization": "x", "content-type": "text/csv"},
         b"a,b"),
    ],
    "box.json": [
        ("GET", "/files/12345", {}, None),
        ("PUT", "/files/12345", {"Authorization": "Bearer x", **JSON}, b'{"name": 3}'),
        ("PUT", "/files/12345", {"Authorization": "Bearer x", "content-type": "text/csv"}, b"a"),
    ],
}  # fmt: skip


@pytest.fixture(scope="module", params=[(s, f) for s in CASES for f in ("fastapi", "flask")],
                ids=lambda p: f"{p[0]}-{p[1]}")  # fmt: skip
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, Any], httpx.Client]]:
    name, framework = request.param
    out = tmp_path_factory.mktemp("errors") / "service"
    package = f"errors_{name.split('.')[0]}_{framework}"
    spec = spec_path(f"real/{name}")
    api.generate_server(spec, out, framework=framework, package=package, formatter="none")
    with imported(Path(out), f"{package}.app") as module, client_for(module.app, framework) as http:
        yield name, load_spec(spec).root.root, http


def declared_schema(doc: dict[str, Any], method: str, path: str, status: int) -> Any:
    """The JSON schema of the response the contract declares for ``status``."""
    template = path.split("?")[0].replace("/12345", "/{file_id}")
    template = template.replace("/applications/1/", "/applications/{application_id}/")
    template = template.replace("/applications/abc/", "/applications/{application_id}/")
    responses = doc["paths"][template][method.lower()]["responses"]
    found = next(
        responses[k] for k in (str(status), f"{status // 100}XX", "default") if k in responses
    )
    while "$ref" in found:
        found = doc["components"]["responses"][found["$ref"].rsplit("/", 1)[1]]
    return found["content"]["application/json"]["schema"]


def test_every_error_answer_fits_the_declared_schema(
    served: tuple[str, dict[str, Any], httpx.Client],
) -> None:
    name, doc, http = served
    root = as_json_schema(doc, oas30=True)
    problems = []
    for method, path, headers, body in CASES[name]:
        answer = http.request(method, path, headers=headers, content=body)
        assert 400 <= answer.status_code < 500, (path, answer.status_code, answer.text)
        assert answer.headers["content-type"] == "application/json", answer.headers
        schema = declared_schema(doc, method, path, answer.status_code)
        validator = jsonschema_rs.validator_for({**root, **schema}, validate_formats=True)
        data = json.loads(answer.content)
        problems += [f"{method} {path} {answer.status_code}: {e.message}"
                     for e in validator.iter_errors(data)]  # fmt: skip
        assert data.get("message") or data.get("detail"), data  # it says what is wrong
    assert problems == []
