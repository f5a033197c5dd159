"""Form fields typed as unions with a structured option (Stripe's ``object | ""`` and
``array | ""`` request fields), both frameworks.

A JSON object in a form field fills the object option; one value that only the list
option takes is its one item; ``""`` stays the empty text; a union whose text option takes
the value keeps it as text.
"""

from __future__ import annotations

from typing import Any, Literal

import pytest
from apigen_server_runtime import (
    BodySpec,
    MediaSpec,
    OperationSpec,
    OperationTypes,
    RequestContext,
    ResponseSpec,
)
from apigen_server_runtime.fastapi_adapter import build_app as build_fastapi
from apigen_server_runtime.flask_adapter import build_app as build_flask
from pydantic import BaseModel

from . import petshop
from .conftest import FRAMEWORKS, client_for

FORM = "application/x-www-form-urlencoded"


class Update(BaseModel):
    metadata: dict[str, str] | Literal[""] | None = None
    aliases: list[str] | Literal[""] | None = None
    name: str | list[str] | None = None


class Handlers:
    def update(self, *, body: Update, ctx: RequestContext) -> Any:
        return body.model_dump(exclude_unset=True)


OPERATION = OperationSpec(
    "update", "POST", "/customers", "customers", "update",
    body=BodySpec(True, (MediaSpec(FORM, "form"),)),
    responses=(ResponseSpec("200", ("application/json",)),),
    types=lambda: OperationTypes(body={FORM: Update}, responses={"200": dict[str, Any]}),
)  # fmt: skip


@pytest.fixture(params=FRAMEWORKS)
def http(request: pytest.FixtureRequest) -> Any:
    build = build_fastapi if request.param == "fastapi" else build_flask
    app = build([OPERATION], {"customers": Handlers()}, petshop.Hooks(), {})
    with client_for(app, request.param) as client:
        yield client


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"metadata": '{"plan": "gold"}'}, {"metadata": {"plan": "gold"}}),
        ({"metadata": ""}, {"metadata": ""}),
        ({"aliases": "Bob"}, {"aliases": ["Bob"]}),
        ({"aliases": ["Bob", "Rob"]}, {"aliases": ["Bob", "Rob"]}),
        ({"aliases": ""}, {"aliases": ""}),
        ({"name": "Bob"}, {"name": "Bob"}),
        ({"name": ["Bob", "Rob"]}, {"name": ["Bob", "Rob"]}),
    ],
)
def test_union_fields_take_the_option_the_value_fits(
    http: Any, form: dict[str, Any], expected: dict[str, Any]
) -> None:
    answer = http.post("/customers", data=form)
    assert (answer.status_code, answer.json()) == (200, expected), answer.text
