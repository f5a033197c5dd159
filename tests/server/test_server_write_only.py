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


PET = {
    "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
    "discriminator": {"propertyName": "kind"},
}
ANIMAL = {"type": "object", "properties": {"kind": {"type": "string"}, "name": {"type": "string"}}}
PET_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}
PETS = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1"},
    "paths": {
        "/pets": {
            "post": {
                "operationId": "addPet",
                "requestBody": {"required": True, "content": PET_JSON},
                "responses": {"200": {"description": "ok", "content": PET_JSON}},
            }
        }
    },
    "components": {"schemas": {"Pet": PET, "Cat": ANIMAL, "Dog": ANIMAL}},
}
PET_HANDLER = """
        if body.name == "mystery":
            return models.Cat.model_validate({"kind": "Lion", "name": "unlisted kind, answered"})
        return body
"""


@pytest.fixture(scope="module", params=("fastapi", "flask"))
def pets(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    root = tmp_path_factory.mktemp("pets")
    spec = root / "spec.json"
    spec.write_text(json.dumps(PETS), encoding="utf-8")
    package = f"pets_{request.param}"
    api.generate_server(spec, root / "out", framework=request.param, package=package)
    implement(root / "out" / package / "handlers" / "default.py", "add_pet", PET_HANDLER)
    with (
        imported(root / "out", f"{package}.app") as module,
        client_for(module.app, request.param) as client,
    ):
        yield client


def test_a_request_must_name_a_listed_discriminator_value(pets: Any) -> None:
    """OpenAPI: the discriminator property must be present; here requests are checked."""
    for body in ({"name": "Tom"}, {"kind": "Lion", "name": "Leo"}):
        refused = pets.post("/pets", json=body)
        assert refused.status_code in (400, 422), refused.text
        error = refused.json()["errors"][0]
        assert error["name"] == "" and error["message"] == "kind must be one of 'Cat', 'Dog'"
    accepted = pets.post("/pets", json={"kind": "Dog", "name": "Rex"})
    assert (accepted.status_code, accepted.json()) == (200, {"kind": "Dog", "name": "Rex"})
    answered = pets.post("/pets", json={"kind": "Cat", "name": "mystery"})
    assert answered.status_code == 200 and answered.json()["kind"] == "Lion"  # responses: open
