"""Response checks, contract lookups and failure messages of the support package."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from .support import support

contract_module = support("contract")
checks = support("checks")
report = support("report")
session = support("session")


def contract(tmp_path: Path, responses: dict[str, Any], **extra: Any) -> Any:
    document = {
        "openapi": "3.0.3",
        "paths": {"/things/{id}": {"get": {"operationId": "getThing", "responses": responses}}},
        "components": {"schemas": {"Thing": {"type": "object", "required": ["id"],
                                             "properties": {"id": {"type": "integer"}}}}},
        **extra,
    }  # fmt: skip
    path = tmp_path / "contract.json"
    path.write_text(json.dumps(document))
    return contract_module.Contract(path, "api.yaml")


def answer(
    status: int, body: Any = None, content_type: str = "application/json", **headers: str
) -> Any:
    data = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    if body is not None:
        headers["content-type"] = content_type
    request = httpx.Request("GET", "http://test/things/1")
    return httpx.Response(status, headers=headers, content=data, request=request)


JSON_THING = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}


def test_status_precedence_exact_then_range_then_default(tmp_path: Path) -> None:
    c = contract(
        tmp_path, {"200": JSON_THING, "2XX": {"description": "x"}, "default": {"description": "e"}}
    )
    op = c.operation("GET", "/things/{id}")
    assert op.response_for(200).status == "200"
    assert op.response_for(204).status == "2XX"
    assert op.response_for(418).status == "default"
    only = contract(tmp_path, {"200": JSON_THING}).operation("get", "/things/{id}")
    assert only.response_for(404) is None
    _, found = checks.check_status(only, answer(404))
    assert [v.title for v in found] == ["undeclared status 404 (the contract declares 200)"]
    _, found = checks.check_status(op, answer(503))
    assert found[0].title.startswith("server error 503")  # even under default


def test_body_content_type_and_schema(tmp_path: Path) -> None:
    c = contract(tmp_path, {"200": JSON_THING})
    declared = c.operation("get", "/things/{id}").responses[0]
    ok = checks.check_payload(
        c, declared, answer(200, {"id": 1}, "application/json; charset=utf-8"), "GET"
    )
    assert ok == []
    bad = checks.check_payload(c, declared, answer(200, {"id": "1"}), "GET")
    assert (
        bad[0].contract
        == "api.yaml#/paths/~1things~1{id}/get/responses/200/content/application~1json/schema"
    )
    assert bad[0].details == (
        'at /id (body path): "1" is not of type "integer"  '
        "[schema: api.yaml#/components/schemas/Thing/properties/id/type]",
    )
    text = checks.check_payload(c, declared, answer(200, b"hi", "text/plain"), "GET")
    assert text[0].title == "content type text/plain is not declared (expected application/json)"
    empty = checks.check_payload(c, declared, answer(200), "GET")
    assert empty[0].title == "no body, but the contract declares one (application/json)"
    assert checks.check_payload(c, declared, answer(200), "HEAD") == []
    broken = checks.check_payload(c, declared, answer(200, b"{", "application/json"), "GET")
    assert broken[0].title.startswith("the body is not valid JSON")


def test_wildcard_media_types(tmp_path: Path) -> None:
    c = contract(
        tmp_path, {"200": {"content": {"text/*": {"schema": {"type": "string", "maxLength": 3}}}}}
    )
    declared = c.operation("get", "/things/{id}").responses[0]
    assert checks.check_payload(c, declared, answer(200, b"abc", "text/csv"), "GET") == []
    too_long = checks.check_payload(c, declared, answer(200, b"abcd", "text/csv"), "GET")
    assert "abcd" in too_long[0].details[0]


def test_headers_required_and_typed(tmp_path: Path) -> None:
    headers = {"X-Rate": {"required": True, "schema": {"type": "integer", "minimum": 0}},
               "X-Tags": {"schema": {"type": "array", "items": {"type": "integer"}}},
               "X-Ref": {"$ref": "#/components/headers/Flag"}}  # fmt: skip
    c = contract(tmp_path, {"200": {"description": "x", "headers": headers}},
                 components={"headers": {"Flag": {"schema": {"type": "boolean"}}}})  # fmt: skip
    declared = c.operation("get", "/things/{id}").responses[0]
    assert (
        checks.check_headers(
            c, declared, answer(200, **{"X-Rate": "5", "X-Tags": "1, 2", "X-Ref": "true"})
        )
        == []
    )
    found = checks.check_headers(c, declared, answer(200, **{"X-Tags": "1,a", "X-Ref": "yes"}))
    assert [v.title for v in found] == [
        "required header X-Rate is missing",
        "header X-Tags: '1,a' does not match its schema",
        "header X-Ref: 'yes' does not match its schema",
    ]
    assert found[2].contract == "api.yaml#/components/headers/Flag/schema"


def test_swagger_2_responses_and_security(tmp_path: Path) -> None:
    document = {
        "swagger": "2.0", "produces": ["application/json"],
        "securityDefinitions": {
            "basic": {"type": "basic"}, "key": {"type": "apiKey", "in": "query", "name": "k"}
        },
        "security": [{"basic": []}],
        "paths": {"/a": {"get": {"responses": {"200": {
            "description": "x", "schema": {"type": "string"},
            "headers": {"X-N": {"type": "integer"}},
        }}}}},
    }  # fmt: skip
    path = tmp_path / "contract.json"
    path.write_text(json.dumps(document))
    c = contract_module.Contract(path, "api.yaml")
    op = c.operation("GET", "/a")
    assert op.security == (("basic",),)
    assert c.schemes["basic"].kind == "basic" and c.schemes["key"].location == "query"
    declared = op.responses[0]
    assert declared.media[0][0] == "application/json"
    assert checks.check_payload(c, declared, answer(200, 5), "GET")[0].details
    assert checks.check_headers(c, declared, answer(200, "x", **{"X-N": "x"}))


def test_curl_line_runs_in_a_shell_and_hides_secrets() -> None:
    Secret = report.Secret
    request = httpx.Request(
        "POST", "http://127.0.0.1:1/v1/things?q=a b&key=t",
        headers={"Authorization": "Basic dTpw", "X-Key": "t", "Cookie": "s=t; other=t",
                 "Content-Type": "application/json"},
        content=b'{"name": "it\'s", "t": "t"}',
    )  # fmt: skip
    basic = "$(printf %s \"${APIGEN_AUTH_BASIC}\" | base64 | tr -d '\\n')"
    secrets = [
        Secret("query", "key", "t", "", "${APIGEN_AUTH_Q}"),
        Secret("header", "X-Key", "t", "", "${APIGEN_AUTH_H}"),
        Secret("cookie", "s", "t", "", "${APIGEN_AUTH_C}"),
        Secret("header", "Authorization", "Basic dTpw", "Basic ", basic),
    ]
    line = report.curl(request, secrets)
    assert "dTpw" not in line
    # A one-letter secret is swapped only where it was put: the body keeps its "t"s.
    assert line.count("${APIGEN_AUTH_") == 4 and '"t": "t"' in line
    # Run the line's arguments through bash with the variables set: the request comes back.
    env = {**os.environ, "APIGEN_AUTH_Q": "t", "APIGEN_AUTH_H": "t", "APIGEN_AUTH_C": "t",
           "APIGEN_AUTH_BASIC": "u:p"}  # fmt: skip
    script = "printf '%s\\n' " + line.removeprefix("curl ")
    run = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)
    args = run.stdout.splitlines()
    assert "x-key: t" in args and "cookie: s=t; other=t" in args
    assert "authorization: Basic dTpw" in args
    assert "http://127.0.0.1:1/v1/things?q=a%20b&key=t" in args
    assert '{"name": "it\'s", "t": "t"}' in args
    assert shlex.split(line)[0] == "curl"


def test_failure_message_layout() -> None:
    violation = checks.Violation(
        "the body does not match the schema", "api.yaml#/x", ("at /id: bad",)
    )
    request = httpx.Request("GET", "http://t/things/1")
    title = "getThing (GET /things/{id}), case 'generated'"
    message = report.render_failure(
        title, [violation], request, answer(200, {"id": "x" * 3000}), []
    )
    lines = message.splitlines()
    assert lines[:4] == [
        "getThing (GET /things/{id}), case 'generated': 1 contract violation",
        "  1. the body does not match the schema",
        "     contract: api.yaml#/x",
        "     at /id: bad",
    ]
    assert "  curl -sS -i -X GET http://t/things/1" in lines
    assert "  HTTP 200 OK" in lines and lines[-1] == "  ... (first 2000 of 3010 bytes)"


def test_runtime_expressions_and_path_values() -> None:
    assert session._path_value("/a/{x}/b/{y}", "/v1/a/1%202/b/z", "x") == "1 2"
    assert session._path_value("/a/{x}", "/v1/a/1", "y") is None
    assert session._pointer({"a": [{"b": 1}]}, "/a/0/b") == 1
    assert session._pointer({"a": 1}, "/b") is session._MISSING


@pytest.mark.parametrize("value, text", [(True, "true"), (None, ""), (5, "5"), ([1], "[1]")])
def test_parameter_text(value: Any, text: str) -> None:
    assert session._text(value) == text


def test_literal_path_characters_are_percent_encoded(tmp_path: Path) -> None:
    # Box's /schema#add: an unencoded '#' would start a fragment, and the request would go
    # to /schema; values already encoded stay as they are, and ':' needs no encoding.
    paths = {p: {"put": {"responses": {"200": {"description": "ok"}}}}
             for p in ("/schema#add", "/things:batch/{id}")}  # fmt: skip
    (tmp_path / "c.json").write_text(json.dumps({"openapi": "3.0.3", "paths": paths}))
    sent: list[bytes] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.raw_path)
        return httpx.Response(200)

    api = session.Api(
        contract_module.Contract(tmp_path / "c.json", "c.json"),
        httpx.Client(transport=httpx.MockTransport(record)),
        session.Settings(base_url="http://test/v1"),
    )
    api.send(session.Operation("add", "PUT", "/schema#add"), "case").expect_conforms()
    item = session.Operation("batch", "PUT", "/things:batch/{id}")
    api.send(item, "case", path=api.path(item, {"id": "a b/c"})).expect_conforms()
    assert sent == [b"/v1/schema%23add", b"/v1/things:batch/a%20b%2Fc"]
