"""Invalid requests take the framework's status unless the contract says otherwise.

FastAPI answers 422 and Flask 400.  When the operation declares that status with a schema
no problem document can fit, and declares the other one (400/422) with one it fits, the
other one answers: GitHub's merge-async declares its 400 as a closed merge result and its
422 as a validation error, so Flask's 400 could not keep the contract.
"""

from __future__ import annotations

from typing import Any, Literal

import pytest
from apigen_server_runtime import (
    BodySpec,
    MediaSpec,
    OperationSpec,
    OperationTypes,
    ParamSpec,
    RequestContext,
    ResponseSpec,
)
from apigen_server_runtime.fastapi_adapter import build_app as build_fastapi
from apigen_server_runtime.flask_adapter import build_app as build_flask
from pydantic import BaseModel, ConfigDict

from . import petshop
from .conftest import FRAMEWORKS, client_for

JSON = "application/json"


class MergeResult(BaseModel):  # closed, with a member no problem can supply
    model_config = ConfigDict(extra="forbid")
    status: Literal["queued", "merged"]
    details: list[int]


class ValidationError(BaseModel):
    message: str
    documentation_url: str


class Handlers:
    def merge(self, number: int, *, body: Any, ctx: RequestContext) -> Any:
        return {"number": number}


def operation(responses: dict[str, Any]) -> OperationSpec:
    return OperationSpec(
        "merge", "PUT", "/pulls/{number}", "pulls", "merge",
        params=(ParamSpec("number", "number", "path", "simple", False, True),),
        body=BodySpec(False, (MediaSpec(JSON, "json"),)),
        responses=(ResponseSpec("200", (JSON,)),
                   *(ResponseSpec(status, (JSON,)) for status in responses)),
        types=lambda: OperationTypes(params={"number": int}, body={JSON: dict[str, Any]},
                                     responses={"200": dict[str, Any], **responses}),
    )  # fmt: skip


def send(framework: str, responses: dict[str, Any]) -> Any:
    build = build_fastapi if framework == "fastapi" else build_flask
    hooks = petshop.AsyncHooks() if framework == "fastapi" else petshop.Hooks()
    app = build([operation(responses)], {"pulls": Handlers()}, hooks, {})
    with client_for(app, framework) as client:
        return client.put("/pulls/seven", json={})


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_the_declared_status_whose_schema_fits_answers(framework: str) -> None:
    response = send(framework, {"400": MergeResult, "422": ValidationError})
    assert response.status_code == 422
    body = response.json()
    assert set(body) >= {"message", "documentation_url"} and "path number" in body["message"]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_otherwise_the_frameworks_own_status(framework: str) -> None:
    own = 422 if framework == "fastapi" else 400
    assert send(framework, {"400": ValidationError, "422": ValidationError}).status_code == own
    assert send(framework, {"400": MergeResult, "422": MergeResult}).status_code == own
    assert send(framework, {"400": MergeResult}).status_code == own
