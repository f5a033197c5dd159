"""Error answers carry the media type the contract declares for their status.

Many contracts declare their 400/401/404/422 answers as plain ``application/json``; the
runtime still sends its problem document (the body format is fixed), labelled with the
declared JSON media type.  Where the contract says nothing, or declares text (answered as
a line of text), the label stays ``application/problem+json``; where it declares only raw
media types (Docker's Swagger 2.0 ``produces: [application/x-tar]``), the first of them.
"""

from __future__ import annotations

from typing import Any

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
from apigen_server_runtime.core import problem_media
from apigen_server_runtime.fastapi_adapter import build_app as build_fastapi
from apigen_server_runtime.flask_adapter import build_app as build_flask

from . import petshop
from .conftest import FRAMEWORKS, client_for

JSON = "application/json"
RESPONSES = (
    ResponseSpec("200", (JSON,)),
    ResponseSpec("400", (JSON,)),
    ResponseSpec("422", ("application/vnd.api+json", JSON)),
    ResponseSpec("401", ("application/problem+json", JSON)),
    ResponseSpec("404", ("text/html",)),
    ResponseSpec("4XX", (JSON,)),
    ResponseSpec("403", ("application/*", "application/x-tar")),
    ResponseSpec("405", ("*/*", "application/x-tar")),
    ResponseSpec("406", ("image/*", "application/vnd.docker.raw-stream", "image/png")),
    ResponseSpec("407", ("text/plain", "application/x-tar")),
    ResponseSpec("408", ("multipart/form-data",)),
)


class Handlers:
    def find(self, item: int, *, body: dict[str, Any] | None, ctx: RequestContext) -> Any:
        if item == 4:
            raise Problem(404, detail="no such <item>")
        raise Problem(409, detail="no such item")


OPERATION = OperationSpec(
    "find", "POST", "/items/{item}", "items", "find",
    params=(ParamSpec("item", "item", "path", "simple", False, True),),
    body=BodySpec(False, (MediaSpec(JSON, "json"),)),
    responses=RESPONSES,
    security=((("key", ()),), ()),
    types=lambda: OperationTypes(params={"item": int}, body={JSON: dict[str, Any]},
                                 responses={"200": dict[str, Any]}),
)  # fmt: skip
SCHEMES = {"key": SchemeSpec("key", "apiKey", "header", "X-Key")}


@pytest.mark.parametrize(
    ("status", "media"),
    [
        (400, JSON),
        (422, "application/vnd.api+json"),
        (401, "application/problem+json"),
        (404, "application/problem+json"),  # text/html cannot hold a problem document
        (415, JSON),  # the 4XX range
        (403, "application/problem+json"),  # application/* admits it
        (405, "application/problem+json"),
        (406, "application/vnd.docker.raw-stream"),  # raw only: any bytes fit
        (407, "application/problem+json"),  # answered as text
        (408, "application/problem+json"),  # a form cannot hold the document
        (500, "application/problem+json"),
    ],
)
def test_problem_media_follows_the_declaration(status: int, media: str) -> None:
    assert problem_media(RESPONSES, status) == media
    assert problem_media((), status) == "application/problem+json"


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_error_answers_use_the_declared_json_media_type(framework: str) -> None:
    build = build_fastapi if framework == "fastapi" else build_flask
    app = build([OPERATION], {"items": Handlers()}, petshop.Hooks(), {}, schemes=SCHEMES)
    invalid = "application/vnd.api+json" if framework == "fastapi" else JSON
    with client_for(app, framework) as http:
        bad = http.post("/items/x")
        assert (bad.status_code, bad.headers["content-type"]) == (
            422 if framework == "fastapi" else 400,
            invalid,
        )
        assert bad.json()["errors"][0]["name"] == "item"
        wrong_type = http.post("/items/1", content=b"x", headers={"content-type": "text/plain"})
        assert (wrong_type.status_code, wrong_type.headers["content-type"]) == (415, JSON)
        conflict = http.post("/items/1")
        assert (conflict.status_code, conflict.headers["content-type"]) == (409, JSON)
        assert conflict.json()["detail"] == "no such item"
        missing = http.post("/items/4")  # 404 is declared as text/html only
        assert missing.headers["content-type"].startswith("text/html")
        assert missing.text == "Not Found: no such &lt;item&gt;"
        assert http.get("/nowhere").headers["content-type"] == "application/problem+json"


ARCHIVE = OperationSpec(
    "archive", "GET", "/archive", "items", "archive",
    params=(ParamSpec("path", "path", "query", "form", False, True),),
    responses=tuple(ResponseSpec(s, ("application/x-tar",)) for s in ("200", "400", "422")),
    types=lambda: OperationTypes(params={"path": str},
                                 responses={s: bytes for s in ("200", "400", "422")}),
)  # fmt: skip


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_invalid_request_of_a_raw_only_operation_keeps_the_declared_label(framework: str) -> None:
    """Docker's ContainerArchive: its 400 produces only application/x-tar."""
    build = build_fastapi if framework == "fastapi" else build_flask
    app = build([ARCHIVE], {"items": Handlers()}, petshop.Hooks(), {}, schemes=SCHEMES)
    with client_for(app, framework) as http:
        bad = http.get("/archive")
    assert bad.status_code == (422 if framework == "fastapi" else 400)
    assert bad.headers["content-type"] == "application/x-tar"
    assert bad.json()["errors"][0]["name"] == "path"
