"""Error answers fit the contract's own error schema where they can (runtime ``fitting``).

Each declared error type below requires members a problem document lacks; the answer must
validate against it, keep the problem members the schema allows, and fall back to the
plain problem document when a required member cannot be derived.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

import pytest
from apigen_server_runtime import (
    BodySpec,
    MediaSpec,
    OperationSpec,
    OperationTypes,
    ParamSpec,
    Problem,
    RequestContext,
    ResponseSpec,
    SchemeSpec,
)
from apigen_server_runtime.fastapi_adapter import build_app as build_fastapi
from apigen_server_runtime.flask_adapter import build_app as build_flask
from pydantic import BaseModel, ConfigDict, Field

from . import petshop
from .conftest import FRAMEWORKS, client_for

JSON = "application/json"


class CodeMessage(BaseModel):  # petstore's and many others' Error
    code: str
    message: str


class GitHubError(BaseModel):  # GitHub's basic-error: status as text
    message: str
    documentation_url: str
    status: str | None = None


class Closed(BaseModel):  # additionalProperties: false
    model_config = ConfigDict(extra="forbid")
    error: str = Field(min_length=1)
    error_description: str | None = None


class Numbered(BaseModel):
    status_code: int
    reason: str


class Unfillable(BaseModel):
    retry_after: list[int]


class Extended(BaseModel):  # extra members must be text or numbers: errors[] is left out
    __pydantic_extra__: dict[str, str | int] = Field(init=False)
    model_config = ConfigDict(extra="allow")
    message: str
    root_cause: str = Field(validation_alias="rootCause")


class ErrorObject(BaseModel):
    status: int = Field(ge=400, le=599)
    message: str


class Wrapped(BaseModel):  # Spotify's: the error is an object member
    error: ErrorObject


class Constant(BaseModel):  # Box's: type is the const "error"
    type: Literal["error"]
    message: str


class OpenEnum(StrEnum):
    """As the generated models' response enums: an unlisted value still validates."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        member = str.__new__(cls, str(value))
        member._name_, member._value_ = "UNKNOWN", value
        return member


class BoxType(OpenEnum):
    ERROR = "error"


class Titles(OpenEnum):
    CONFLICT = "conflict"
    NOT_FOUND = "not_found"


class RootCauses(BaseModel):  # DigitalOcean's error_with_root_causes
    error: str
    root_causes: list[str]


class BoxError(BaseModel):  # Box's ClientError: type is a one-value enum, none required
    type: BoxType | None = None
    title: Titles | None = None
    status: int | None = None


TYPES: dict[str, Any] = {"400": CodeMessage, "401": GitHubError, "403": Closed,
                         "404": BoxError, "409": Unfillable, "410": Constant,
                         "412": RootCauses, "429": Wrapped,
                         "4XX": Unfillable | Extended, "default": Numbered}  # fmt: skip
RESPONSES = tuple(ResponseSpec(status, (JSON,)) for status in TYPES)


class Handlers:
    def find(self, item: int, *, body: dict[str, Any] | None, ctx: RequestContext) -> Any:
        if item == 9:
            raise NotImplementedError
        if item == 3:
            raise Problem(403)
        if item == 5:
            raise Problem(429, detail="slow down")
        if item == 6:
            raise Problem(410)
        if item == 4:
            raise Problem(404, detail="no such item")
        if item in (7, 8):
            found = [{"in": "body", "name": "/tag", "message": "taken"}] if item == 7 else []
            raise Problem(412, detail="stale", errors=found)
        raise Problem(409, detail="no such item")


OPERATION = OperationSpec(
    "find", "POST", "/items/{item}", "items", "find",
    params=(ParamSpec("item", "item", "path", "simple", False, True),),
    body=BodySpec(False, (MediaSpec(JSON, "json"),)),
    responses=(ResponseSpec("200", (JSON,)), *RESPONSES),
    security=((("key", ()),), ()),
    types=lambda: OperationTypes(params={"item": int}, body={JSON: dict[str, Any]},
                                 responses={"200": dict[str, Any], **TYPES}),
)  # fmt: skip
SCHEMES = {"key": SchemeSpec("key", "apiKey", "header", "X-Key")}


class Denied(petshop.Hooks):
    def api_key(self, scheme: SchemeSpec, key: str) -> Any:
        return None


@pytest.fixture(params=FRAMEWORKS)
def http(request: pytest.FixtureRequest) -> Any:
    build = build_fastapi if request.param == "fastapi" else build_flask
    app = build([OPERATION], {"items": Handlers()}, Denied(), {}, schemes=SCHEMES)
    with client_for(app, request.param) as client:
        yield client


def answer(response: Any, status: int, model: type[BaseModel]) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == JSON
    body: dict[str, Any] = response.json()
    model.model_validate(body)
    return body


def test_invalid_requests_fit_the_declared_error(http: Any) -> None:
    bad = http.post("/items/x")
    if bad.status_code == 422:  # FastAPI's 422 falls in the 4XX range: a oneOf
        body = answer(bad, 422, Extended)  # the option that can be met
        assert body["rootCause"] == "Invalid request" and "errors" not in body
    else:  # Flask's 400 is declared with code + message
        body = answer(bad, 400, CodeMessage)
        assert body["code"] == "invalid_request"
        assert body["errors"][0]["name"] == "item"
    assert body["message"].startswith("Invalid request: 1 invalid field (path item: ")
    assert body["status"] == bad.status_code


def test_github_style_errors_get_a_link_and_textual_status(http: Any) -> None:
    body = answer(http.post("/items/1", headers={"X-Key": "k"}), 401, GitHubError)
    assert body["documentation_url"] == "about:blank"
    assert body["status"] == "401" and body["message"] == "Unauthorized: credentials rejected"


def test_a_closed_schema_keeps_only_its_members(http: Any) -> None:
    assert answer(http.post("/items/3"), 403, Closed) == {"error": "forbidden"}


def test_default_covers_undeclared_statuses_and_501(http: Any) -> None:
    body = answer(http.post("/items/9"), 501, Numbered)
    assert body["status_code"] == 501
    assert body["reason"] == "Not Implemented: operation find is not implemented yet"


def test_a_member_that_cannot_be_derived_leaves_the_problem_document(http: Any) -> None:
    conflict = http.post("/items/1")
    assert conflict.status_code == 409 and conflict.headers["content-type"] == JSON
    assert conflict.json() == {
        "type": "about:blank",
        "title": "Conflict",
        "status": 409,
        "detail": "no such item",
    }


def test_a_required_object_member_is_fitted_too(http: Any) -> None:
    body = answer(http.post("/items/5"), 429, Wrapped)
    assert body["error"]["status"] == 429
    assert body["error"]["message"] == "Too Many Requests: slow down"


def test_a_const_member_takes_its_value(http: Any) -> None:
    body = answer(http.post("/items/6"), 410, Constant)
    assert body["type"] == "error" and body["message"] == "Gone"


def test_members_an_open_enum_does_not_list_are_replaced(http: Any) -> None:
    """The models accept ``type: about:blank``; Box's contract lists only ``error``."""
    body = answer(http.post("/items/4"), 404, BoxError)
    assert body == {"type": "error", "title": "not_found", "status": 404, "detail": "no such item"}


def test_a_list_of_text_takes_the_field_errors(http: Any) -> None:
    body = answer(http.post("/items/7"), 412, RootCauses)
    assert body["root_causes"] == ["body /tag: taken"] and body["error"] == "precondition_failed"
    body = answer(http.post("/items/8"), 412, RootCauses)
    assert body["root_causes"] == ["Precondition Failed: stale"]
