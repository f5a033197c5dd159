"""Enums in requests are closed, everywhere else open (generated project, both frameworks).

A client's value outside the listed ones is an invalid request, in a parameter, a body or
an array item; the contract's own parameter default is not the client's doing and passes
even when the contract lists it wrongly; a handler may answer with an unlisted value.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from apigen import api

from ..server_runtime.conftest import client_for
from .service import implement, imported

KIND = {"type": "string", "enum": ["a", "b"]}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Kinds", "version": "1"},
    "paths": {
        "/things": {
            "post": {
                "operationId": "makeThing",
                "parameters": [
                    {"name": "kind", "in": "query", "schema": {**KIND, "default": "c"}},
                ],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "kinds": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Kind"},
                                    }
                                },
                            }
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Kind"}}
                        },
                    }
                },
            }
        }
    },
    "components": {"schemas": {"Kind": KIND}},
}
HANDLER = """
        sent = [k.value for k in (body.kinds or [])] if body is not None else []
        return models.Kind("z" if sent == ["b"] else str(kind))
"""


@pytest.fixture(scope="module", params=("fastapi", "flask"))
def http(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    root = tmp_path_factory.mktemp("kinds")
    spec = root / "spec.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    package = f"kinds_{request.param}"
    api.generate_server(spec, root / "out", framework=request.param, package=package)
    implement(root / "out" / package / "handlers" / "default.py", "make_thing", HANDLER)
    with (
        imported(root / "out", f"{package}.app") as module,
        client_for(module.app, request.param) as client,
    ):
        yield client


def test_unlisted_values_from_the_client_are_invalid(http: Any) -> None:
    bad_query = http.post("/things", params={"kind": "c"})
    assert bad_query.status_code in (400, 422)
    assert [e["name"] for e in bad_query.json()["errors"]] == ["kind"]
    bad_item = http.post("/things", params={"kind": "a"}, json={"kinds": ["a", "x"]})
    assert bad_item.status_code in (400, 422)
    assert [e["name"] for e in bad_item.json()["errors"]] == ["/kinds/1"]


def test_the_contracts_default_and_the_handlers_answer_stay_open(http: Any) -> None:
    defaulted = http.post("/things")  # the default "c" is not listed: the contract's slip
    assert (defaulted.status_code, defaulted.json()) == (200, "c")
    answered = http.post("/things", params={"kind": "a"}, json={"kinds": ["b"]})
    assert (answered.status_code, answered.json()) == (200, "z")
    assert http.post("/things", params={"kind": "b"}).json() == "b"
