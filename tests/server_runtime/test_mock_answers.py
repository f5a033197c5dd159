"""Mock answers: which status, which media type, required headers, examples checked.

The operations here declare no 200: the mock answers with what they do declare.  The
examples that break their own schema come from real specs' habits (a JSON object written
as a string, a field of the wrong type).
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from apigen_server_runtime import OperationSpec, OperationTypes, ResponseSpec
from apigen_server_runtime.conformance import violation
from apigen_server_runtime.core import Endpoint
from apigen_server_runtime.fastapi_adapter import build_app as build_fastapi
from apigen_server_runtime.flask_adapter import build_app as build_flask
from apigen_server_runtime.mock import mock_response
from apigen_server_runtime.request import RawRequest
from pydantic import BaseModel, TypeAdapter

from . import petshop
from .conftest import FRAMEWORKS, client_for


class Item(BaseModel):
    id: int
    name: str


ITEM_SCHEMA = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}


def response(status: str, media: str | None = None, **media_object: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"description": "x"}
    if media is not None:
        out["content"] = {media: media_object}
    return out


CONTRACT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Mocks", "version": "1"},
    "paths": {
        "/created": {"post": {"responses": {
            "201": {
                **response("201", "application/json", schema=ITEM_SCHEMA),
                "headers": {
                    "Location": {"required": True, "schema": {"type": "string", "format": "uri"}},
                    "X-Count": {"required": True, "schema": {"type": "integer", "minimum": 3}},
                    "X-Tags": {"required": True, "schema": {"type": "array",
                                                            "items": {"enum": ["a", "b"]}}},
                    "X-Optional": {"schema": {"type": "string"}},
                },
            },
            "400": response("400", "application/json", schema=ITEM_SCHEMA),
        }}},
        "/empty": {"delete": {"responses": {"204": {
            **response("204"),
            "headers": {"location": {"schema": {"type": "string", "format": "uri"}},
                        "X-Optional": {"schema": {"type": "string"}}},
        }}}},
        "/moved": {"get": {"responses": {"302": {
            **response("302", "text/html", example="<a>moved</a>"),
            "headers": {"Location": {"required": True, "schema": {"const": "/elsewhere"}}},
        }}}},
        "/switch": {"get": {"responses": {"101": response("101")}}},
        "/text-json": {"get": {"responses": {"200": response(
            "200", "application/json", schema=ITEM_SCHEMA, example='{"id": 7, "name": "seven"}'
        )}}},
        "/bad-example": {"get": {"responses": {"200": response(
            "200", "application/json", schema=ITEM_SCHEMA, example={"id": "seven", "name": 7}
        )}}},
        "/bad-text": {"get": {"responses": {"200": response(
            "200", "application/json", schema=ITEM_SCHEMA, example="an item"
        )}}},
    },
}  # fmt: skip


def op(op_id: str, method: str, path: str, *responses: ResponseSpec) -> OperationSpec:
    return OperationSpec(op_id, method, path, "mocks", op_id, responses=responses)


def spec(path: str, method: str, status: str, *media: str) -> ResponseSpec:
    pointer = f"/paths/{path.replace('/', '~1')}/{method}/responses/{status}"
    return ResponseSpec(status, media, (), pointer)


CREATED = op(
    "created", "POST", "/created",
    spec("/created", "post", "400", "application/json"),
    spec("/created", "post", "201", "application/json"),
)  # fmt: skip
OPERATIONS = [
    CREATED,
    op("empty", "DELETE", "/empty", spec("/empty", "delete", "204")),
    op("moved", "GET", "/moved", spec("/moved", "get", "302", "text/html")),
    op("switch", "GET", "/switch", spec("/switch", "get", "101")),
    *(
        op(name, "GET", f"/{name}", spec(f"/{name}", "get", "200", "application/json"))
        for name in ("text-json", "bad-example", "bad-text")
    ),
]
ITEM = TypeAdapter(Item)


def answer(operation: OperationSpec, typed: bool = True) -> tuple[int, dict[str, str], Any]:
    adapters = {r.status: ITEM if r.media else None for r in operation.responses}
    raw = mock_response(operation, CONTRACT, adapters if typed else None)
    body = json.loads(raw.body) if raw.media_type == "application/json" else raw.body
    return raw.status, dict(raw.headers), body


def test_the_declared_success_status_is_answered() -> None:
    status, _, body = answer(CREATED)
    assert status == 201 and Item.model_validate(body)
    assert answer(OPERATIONS[1]) == (204, {"location": "https://example.com/"}, b"")
    assert answer(OPERATIONS[3])[0] == 101


def test_required_headers_are_generated_from_their_schemas() -> None:
    _, headers, _ = answer(CREATED)
    assert headers == {"Location": "https://example.com/", "X-Count": "3", "X-Tags": "a"}
    raw = mock_response(OPERATIONS[2], CONTRACT)
    assert (raw.status, raw.headers, raw.body) == (302, {"Location": "/elsewhere"}, b"<a>moved</a>")
    assert raw.media_type == "text/html; charset=utf-8"


@pytest.mark.parametrize("typed", [True, False])
def test_an_example_written_as_json_text_is_parsed(typed: bool) -> None:
    assert answer(OPERATIONS[4], typed)[2] == {"id": 7, "name": "seven"}


def test_an_example_that_breaks_its_schema_is_replaced_and_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    for _ in range(2):
        assert Item.model_validate(answer(OPERATIONS[5])[2])
        assert Item.model_validate(answer(OPERATIONS[6])[2])
    warned = [r.getMessage() for r in caplog.records if "does not fit" in r.getMessage()]
    assert len(warned) == 2 and "bad-example" in warned[0] and "bad-text" in warned[1]
    assert isinstance(answer(OPERATIONS[6], typed=False)[2], dict)  # text for an object


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_mock_server_answers_the_declared_status_media_and_headers(framework: str) -> None:
    typed = OperationSpec(
        "created", "POST", "/created", "mocks", "created", responses=CREATED.responses,
        types=lambda: OperationTypes(responses={"201": Item, "400": Item}),
    )  # fmt: skip
    build = build_fastapi if framework == "fastapi" else build_flask
    app = build([typed, *OPERATIONS[1:3]], {}, petshop.Hooks(), CONTRACT, mock=True)
    with client_for(app, framework) as http:
        created = http.post("/created")
        assert created.status_code == 201, created.text
        assert created.headers["content-type"] == "application/json"
        assert created.headers["x-count"] == "3" and Item.model_validate(created.json())
        assert http.delete("/empty").status_code == 204
        moved = http.get("/moved")
        assert (moved.status_code, moved.headers["location"]) == (302, "/elsewhere")
        assert moved.headers["content-type"].startswith("text/html")


def test_a_mock_answer_is_built_once_per_operation() -> None:
    """It depends on the contract only: vetting the example and generating data again on
    every request would only repeat the work (11 ms a request on GitHub's heaviest)."""
    endpoint = Endpoint(
        CREATED, object(), petshop.Hooks(), schemes={}, contract=CONTRACT, mock=True
    )
    first = endpoint.handle(RawRequest("POST", "/created"))
    assert first.status == 201 and Item.model_validate_json(first.body)
    assert endpoint.handle(RawRequest("POST", "/created")) is first


#: Examples real contracts give that their own schemas refuse, in places the generated
#: models do not check (the adapter here accepts any object, as lax as they are there).
LAX: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("slack files.shares.private is closed",
     {"type": "object", "properties": {"private": {"additionalProperties": False}}},
     {"private": {"D0L4B9P0Q": [{"ts": "1532293503.000001"}]}}),
    ("box shared_link requires an undeclared member",
     {"type": "object", "required": ["url", "accessed"], "properties": {"url": {"type": "string"}}},
     {"url": "https://app.box.com/s/kwio6b4ovt1264rnfbyqo1"}),
    ("twilio prices are numbers, its uris absolute",
     {"type": "object", "properties": {"price": {"type": "number", "nullable": True},
                                       "uri": {"type": "string", "format": "uri"}}},
     {"price": "-0.0025", "uri": "/2010-04-01/Accounts/AC1/Calls.json"}),
    ("digitalocean nests its action example one level too deep",
     {"type": "object", "properties": {"id": {"type": "integer"}, "status": {"type": "string"}}},
     {"action": {"id": 36805527, "status": "in-progress"}}),
    ("an open enum in the models, a closed one in the contract",
     {"type": "object", "properties": {"type": {"type": "string", "enum": ["error"]}}},
     {"type": "about:blank"}),
]  # fmt: skip


@pytest.mark.parametrize(("schema", "example"), [c[1:] for c in LAX], ids=[c[0] for c in LAX])
def test_an_example_the_models_accept_but_the_schema_refuses_is_replaced(
    schema: dict[str, Any], example: dict[str, Any]
) -> None:
    contract = {"paths": {"/lax": {"get": {"responses": {
        "200": response("200", "application/json", schema=schema, example=example)}}}}}  # fmt: skip
    lax = op("lax", "GET", "/lax", spec("/lax", "get", "200", "application/json"))
    adapter: TypeAdapter[Any] = TypeAdapter(dict[str, Any])
    body = json.loads(mock_response(lax, contract, {"200": adapter}).body)
    assert body != example
    assert violation(contract, schema, body) is None, body
