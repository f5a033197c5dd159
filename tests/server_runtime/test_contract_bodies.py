"""JSON request bodies are checked against the contract's own schema too, where the types
are lax (runtime ``conformance``; both frameworks).

openapi-core's petstore declares ``PetCreate`` as ``allOf`` (a part that requires
``name``) beside ``oneOf`` (Cat | Bird); its generated type keeps only the union, so a
body without ``name`` validated.  The body types here are as lax as that (any object):
what refuses the bad bodies is the contract.
"""

from __future__ import annotations

from typing import Any

import pytest
from apigen_server_runtime import (
    BodySpec,
    MediaSpec,
    OperationSpec,
    OperationTypes,
    RequestContext,
    ResponseSpec,
)
from apigen_server_runtime.conformance import request_body_schema
from apigen_server_runtime.fastapi_adapter import build_app as build_fastapi
from apigen_server_runtime.flask_adapter import build_app as build_flask

from . import petshop
from .conftest import FRAMEWORKS, client_for

JSON = "application/json"
SCHEMAS = {
    "PetCreate": {
        "type": "object",
        "allOf": [{"$ref": "#/components/schemas/PartOne"}],
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Bird"}],
    },
    "PartOne": {
        "type": "object",
        "required": ["name", "id"],
        "properties": {"name": {"type": "string"}, "id": {"type": "integer", "readOnly": True},
                       "owner": {"allOf": [{"type": "object"}], "nullable": True},
                       "born": {"type": "string", "format": "date-time"}},
    },
    "Cat": {"type": "object", "required": ["ears"], "properties": {"ears": {"type": "integer"}}},
    "Bird": {"type": "object", "required": ["wings"], "properties": {"wings": {"type": "object"}}},
}  # fmt: skip
BODY = {"required": True, "content": {JSON: {"schema": {"$ref": "#/components/schemas/PetCreate"}}}}
CONTRACT = {
    "openapi": "3.0.3",
    "paths": {"/pets": {"post": {"requestBody": {"$ref": "#/components/requestBodies/Pet"}}}},
    "components": {"schemas": SCHEMAS, "requestBodies": {"Pet": BODY}},
}
SWAGGER = {
    "swagger": "2.0",
    "paths": {"/pets": {
        "parameters": [{"in": "body", "name": "pet", "schema": {"$ref": "#/definitions/Cat"}}],
        "post": {"parameters": [{"in": "query", "name": "q", "type": "string"}]},
    }},
    "definitions": {"Cat": SCHEMAS["Cat"]},
}  # fmt: skip


class Handlers:
    def create(self, *, body: dict[str, Any], ctx: RequestContext) -> Any:
        return body


OPERATION = OperationSpec(
    "create", "POST", "/pets", "pets", "create",
    body=BodySpec(True, (MediaSpec(JSON, "json"),)),
    responses=(ResponseSpec("200", (JSON,)),),
    types=lambda: OperationTypes(body={JSON: dict[str, Any]},
                                 responses={"200": dict[str, Any]}),
)  # fmt: skip


@pytest.fixture(params=FRAMEWORKS)
def http(request: pytest.FixtureRequest) -> Any:
    build = build_fastapi if request.param == "fastapi" else build_flask
    app = build([OPERATION], {"pets": Handlers()}, petshop.Hooks(), CONTRACT)
    with client_for(app, request.param) as client:
        yield client


def test_a_body_without_a_member_the_all_of_requires_is_refused(http: Any) -> None:
    bad = http.post("/pets", json={"ears": 2})
    assert bad.status_code in (400, 422), bad.text
    assert bad.json()["errors"] == [
        {"in": "body", "name": "/name", "message": "required property is missing"}
    ]


def test_a_body_that_fits_no_option_of_the_one_of_is_refused(http: Any) -> None:
    bad = http.post("/pets", json={"name": "Tom", "owner": {}})
    assert bad.status_code in (400, 422) and bad.json()["errors"][0]["name"] == "/ears"


def test_a_body_the_contract_allows_reaches_the_handler(http: Any) -> None:
    """readOnly ``id`` is not required in a request; ``nullable`` beside allOf takes null;
    formats are the models' to check (this one is typed as text here: anything goes)."""
    body = {"name": "Tom", "ears": 2, "owner": None, "born": "2024-01-01T00:00:00"}
    good = http.post("/pets", json=body)
    assert (good.status_code, good.json()) == (200, body)


def test_the_body_schema_is_found_in_both_contract_versions() -> None:
    assert request_body_schema(CONTRACT, "/pets", "POST", JSON) == BODY["content"][JSON]["schema"]
    assert request_body_schema(CONTRACT, "/pets", "POST", "text/plain") is None
    assert request_body_schema(SWAGGER, "/pets", "post", JSON) == {"$ref": "#/definitions/Cat"}
    assert request_body_schema(SWAGGER, "/nowhere", "post", JSON) is None
