"""Required writeOnly fields: required in requests, left out of responses (both frameworks).

The models make readOnly and writeOnly fields optional, since each is absent on one side;
the server still rejects a request without a writeOnly field its schema requires (a
password at sign-up), and never sends one back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from apigen import api

from ..server_runtime.conftest import client_for
from .service import implement, imported

USER = {
    "type": "object",
    "required": ["id", "email", "password"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "email": {"type": "string"},
        "password": {"type": "string", "writeOnly": True},
        "nested": {"$ref": "#/components/schemas/Secret"},
    },
}
SECRET = {
    "type": "object",
    "required": ["pin"],
    "properties": {"pin": {"type": "string", "writeOnly": True}, "label": {"type": "string"}},
}
USER_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Accounts", "version": "1"},
    "paths": {
        "/users": {
            "post": {
                "operationId": "signUp",
                "requestBody": {"required": True, "content": USER_JSON},
                "responses": {"201": {"description": "made", "content": USER_JSON}},
            }
        }
    },
    "components": {"schemas": {"User": USER, "Secret": SECRET}},
}
HANDLER = """
        return models.User(id=7, email=body.email, password=body.password, nested=body.nested)
"""


@pytest.fixture(scope="module", params=("fastapi", "flask"))
def http(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    root = tmp_path_factory.mktemp("accounts")
    spec = root / "spec.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    package = f"accounts_{request.param}"
    api.generate_server(spec, root / "out", framework=request.param, package=package)
    implement(root / "out" / package / "handlers" / "default.py", "sign_up", HANDLER)
    with (
        imported(root / "out", f"{package}.app") as module,
        client_for(module.app, request.param) as client,
    ):
        yield client


def test_a_request_without_a_required_write_only_field_is_invalid(http: Any) -> None:
    missing = http.post("/users", json={"email": "a@example.com"})
    assert missing.status_code in (400, 422)
    assert "password" in missing.json()["errors"][0]["message"]
    nested = http.post(
        "/users", json={"email": "a@example.com", "password": "pw", "nested": {"label": "x"}}
    )
    assert nested.status_code in (400, 422)
    assert "pin" in nested.json()["errors"][0]["message"]


def test_write_only_fields_are_accepted_in_requests_and_left_out_of_responses(http: Any) -> None:
    made = http.post(
        "/users", json={"email": "a@example.com", "password": "pw", "nested": {"pin": "1"}}
    )
    assert made.status_code == 201, made.text
    assert made.json() == {"id": 7, "email": "a@example.com", "nested": {}}
