"""A contract with styles OpenAPI forbids still gives a client that type-checks and calls.

Every parameter and form field below has a style its location does not allow (or a
style/explode pair the style tables leave undefined).  The generator must warn, naming the
pointer, and send each the way its location's default style does; before the fix these
reached the generated code verbatim, which failed ``mypy --strict`` ("bogus" is no style) or
raised on the first call (deepObject in a path).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from apigen import api

from .echo_app import Echo, Reply
from .tools import imported, mypy_problems
from .transports import IN_PROCESS_URL

PACKAGE = "forbidden_styles_client"
ARR = {"type": "array", "items": {"type": "string"}}
OBJ = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}
PARAMS: list[dict[str, Any]] = [
    {"name": "id", "in": "path", "required": True, "style": "deepObject", "schema": OBJ},
    {"name": "q", "in": "query", "style": "matrix", "schema": ARR},
    {"name": "r", "in": "query", "style": "bogus", "schema": {"type": "string"}},
    {"name": "w", "in": "query", "style": "spaceDelimited", "explode": True, "schema": ARR},
    {"name": "n", "in": "query", "style": 7, "schema": {"type": "string"}},
    {"name": "h", "in": "header", "style": "form", "explode": True, "schema": OBJ},
    {"name": "c", "in": "cookie", "style": "simple", "schema": ARR},
]
FORM = {
    "schema": {"type": "object", "properties": {"tags": ARR, "obj": OBJ}},
    "encoding": {"tags": {"style": "bogus"}, "obj": {"style": "matrix", "explode": True}},
}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Forbidden styles", "version": "1"},
    "paths": {
        "/items/{id}": {
            "post": {
                "operationId": "postItem",
                "parameters": PARAMS,
                "requestBody": {"content": {"application/x-www-form-urlencoded": FORM}},
                "responses": {"204": {"description": "done"}},
            }
        }
    },
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, str]]]:
    out = tmp_path_factory.mktemp("styles")
    spec = out / "spec.yaml"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    result = api.generate_client(spec, out / "client")
    assert result.package == PACKAGE
    styles = ("invalid-style", "schema-violation")
    found = [(w.code, w.location.pointer) for w in result.warnings if w.code in styles]
    return out / "client", found


def test_every_forbidden_style_is_warned_once_with_its_pointer(
    generated: tuple[Path, list[tuple[str, str]]],
) -> None:
    """By the validator where the OpenAPI schema forbids it, else by the IR (what the
    tables leave undefined: spaceDelimited exploded), never twice for one place."""
    _, warnings = generated
    op = "/paths/~1items~1{id}/post/"
    form = op + "requestBody/content/application~1x-www-form-urlencoded/encoding/"
    expected = [f"{op}parameters/{i}/style" for i in range(len(PARAMS)) if i != 3]
    expected.append(f"{op}parameters/3/explode")  # spaceDelimited has no exploded form
    expected += [f"{form}tags/style", f"{form}obj/style"]
    assert sorted(p for _, p in warnings) == sorted(expected)
    assert ("invalid-style", f"{op}parameters/3/explode") in warnings


@pytest.mark.slow
def test_the_client_passes_mypy_strict(generated: tuple[Path, list[tuple[str, str]]]) -> None:
    root, _ = generated
    assert mypy_problems([PACKAGE], [root], root) is None


def test_forbidden_styles_are_sent_in_the_default_style(
    generated: tuple[Path, list[tuple[str, str]]],
) -> None:
    root, _ = generated
    echo = Echo()
    echo.then(Reply(204))
    with (
        imported(root, PACKAGE) as pkg,
        httpx.Client(transport=httpx.WSGITransport(app=echo.wsgi)) as http,
        pkg.Client(IN_PROCESS_URL, http_client=http) as client,
    ):
        client.post_item(
            {"a": "1", "b": "2"},
            q=["x", "y"],
            r="z",
            w=["m", "n"],
            n="k",
            h={"a": "1", "b": "2"},
            c=["u", "v"],
            body={"tags": ["t1", "t2"], "obj": {"a": "3"}},
        )
    got = echo.last
    assert unquote(got.raw_path or got.path) == "/items/a,1,b,2"  # simple, not exploded
    assert got.query == "q=x&q=y&r=z&w=m&w=n&n=k"  # form, exploded
    assert got.header("h") == "a=1,b=2"  # simple, explode as given
    assert got.cookies() == [("c", "u"), ("c", "v")]  # form, exploded
    assert got.form() == [("tags", "t1"), ("tags", "t2"), ("a", "3")]
