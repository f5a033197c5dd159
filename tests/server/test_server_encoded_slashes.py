"""A path parameter's value may hold a slash, sent as ``%2F`` (generated project, both frameworks).

uvicorn and werkzeug's server decode the path before routing, so ``heads%2Ffeature`` used to
split into two segments and find no route (GitHub's ``git/ref/{ref}``).  Requests go over
real HTTP on 127.0.0.1 with ``http.client``, which sends the target byte for byte (httpx
would normalise dot segments away before they reach the server).
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from apigen import api

from .service import implement, imported, serve

SPEC = """
openapi: 3.0.3
info: {title: Slashes, version: "1"}
paths:
  /repos/{owner}/{repo}/git/ref/{ref}:
    get:
      operationId: getRef
      parameters:
        - {name: owner, in: path, required: true, schema: {type: string}}
        - {name: repo, in: path, required: true, schema: {type: string}}
        - {name: ref, in: path, required: true, schema: {type: string}}
      responses: {"200": {$ref: "#/components/responses/Echo"}}
  /files/{path}:
    get:
      operationId: getFile
      parameters: [{name: path, in: path, required: true, schema: {type: string}}]
      responses: {"200": {$ref: "#/components/responses/Echo"}}
  /files/{path}/meta:
    get:
      operationId: getFileMeta
      parameters: [{name: path, in: path, required: true, schema: {type: string}}]
      responses: {"200": {$ref: "#/components/responses/Echo"}}
  /docs/{name}.json:
    get:
      operationId: getDoc
      parameters: [{name: name, in: path, required: true, schema: {type: string}}]
      responses: {"200": {$ref: "#/components/responses/Echo"}}
components:
  responses:
    Echo:
      description: the operation and the path values it received
      content: {application/json: {schema: {$ref: "#/components/schemas/Echo"}}}
  schemas:
    Echo:
      type: object
      required: [operation, values]
      properties:
        operation: {type: string}
        values: {type: array, items: {type: string}}
"""
HANDLERS = {
    "get_ref": "        return models.Echo(operation='getRef', values=[owner, repo, ref])",
    "get_file": "        return models.Echo(operation='getFile', values=[path])",
    "get_file_meta": "        return models.Echo(operation='getFileMeta', values=[path])",
    "get_doc": "        return models.Echo(operation='getDoc', values=[name])",
}


@pytest.fixture(scope="module", params=("fastapi", "flask"))
def base(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The generated service of SPEC, implemented and served; yields its base URL."""
    framework = request.param
    root = tmp_path_factory.mktemp("slashes")
    spec = root / "spec.json"
    spec.write_text(json.dumps(yaml.safe_load(SPEC)), encoding="utf-8")
    package = f"slashes_{framework}"
    api.generate_server(spec, root / "out", framework=framework, package=package)
    for method, body in HANDLERS.items():
        implement(root / "out" / package / "handlers" / "default.py", method, body)
    with imported(root / "out", f"{package}.app") as module, serve(module.app, framework) as url:
        yield url


def send(base: str, target: str, method: str = "GET") -> tuple[int, Any, dict[str, str]]:
    """Status, JSON body and headers for ``target`` sent exactly as written."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    try:
        connection.request(method, target)
        response = connection.getresponse()
        data = response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()
    return response.status, json.loads(data) if data else None, headers


@pytest.mark.parametrize(
    ("target", "operation", "values"),
    [
        ("/repos/o/r/git/ref/heads%2Ffeature-a", "getRef", ["o", "r", "heads/feature-a"]),
        ("/repos/o/r/git/ref/heads%2fa%2Fb", "getRef", ["o", "r", "heads/a/b"]),
        ("/repos/o%2Fx/r/git/ref/main", "getRef", ["o/x", "r", "main"]),
        ("/files/a%2Fb/meta", "getFileMeta", ["a/b"]),
        ("/files/a%2Fmeta", "getFile", ["a/meta"]),  # one value, not /files/{path}/meta
        ("/files/%C3%A9t%C3%A9%2Fx%20y/meta", "getFileMeta", ["été/x y"]),
        ("/docs/a%2Fb.json", "getDoc", ["a/b"]),
        # decoded once: %252F is the text %2F, with or without a real %2F beside it
        ("/repos/o/r/git/ref/heads%252Ffeature", "getRef", ["o", "r", "heads%2Ffeature"]),
        ("/repos/o/r/git/ref/a%2Fb%252Fc", "getRef", ["o", "r", "a/b%2Fc"]),
        ("/repos/o/r/git/ref/heads%2Fx?page=2", "getRef", ["o", "r", "heads/x"]),
    ],
)
def test_encoded_slash_stays_in_its_value(
    base: str, target: str, operation: str, values: list[str]
) -> None:
    status, body, _ = send(base, target)
    assert (status, body) == (200, {"operation": operation, "values": values})


@pytest.mark.parametrize(
    "target",
    [
        "/repos/o/r/git/ref/heads/feature-a",  # a real slash still separates segments
        "/repos/o/r/git/ref/heads%2F..%2F..%2Fetc",  # no climbing through a value
        "/files/..%2Fsecret/meta",
        "/files/.%2Fsecret",
        "/repos/%2E%2E/r/git/ref/x%2Fy",  # dot segments beside an encoded slash
        "/repos/o/./git/ref/x%2Fy",
        "/repos/o/r/git%2Fref/main",  # a literal segment is not matched across %2F
    ],
)
def test_no_route(base: str, target: str) -> None:
    status, body, headers = send(base, target)
    assert (status, headers["content-type"]) == (404, "application/problem+json")
    assert body["status"] == 404


def test_undeclared_method_names_the_allowed_ones(base: str) -> None:
    status, _, headers = send(base, "/repos/o/r/git/ref/heads%2Fmain", "DELETE")
    assert status == 405
    assert {m.strip() for m in headers["allow"].split(",")} >= {"GET", "HEAD"}
