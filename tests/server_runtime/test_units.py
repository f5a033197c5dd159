"""Small pieces of the runtime on their own: drivers, matching, routing, pointers."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from apigen_server_runtime import Headers, MediaSpec, Problem, ResponseSpec, media_kind
from apigen_server_runtime.bodies import match_media, pointer_of
from apigen_server_runtime.core import mock_enabled
from apigen_server_runtime.fastapi_adapter import build_app as build_fastapi
from apigen_server_runtime.flask_adapter import build_app as build_flask
from apigen_server_runtime.responses import default_status, find_response
from apigen_server_runtime.routing import PathMatcher, convert_path, routes
from apigen_server_runtime.spec import OperationSpec
from apigen_server_runtime.steps import Call, Steps, drive, drive_async
from starlette.routing import compile_path

from . import petshop
from .conftest import FRAMEWORKS, client_for


def pipeline(fn: Any) -> Steps[Any]:
    try:
        got = yield Call(fn, (2,), blocking=True)
    except ValueError as exc:
        return f"caught {exc}"
    return got * 10


def test_sync_driver_runs_plain_and_async_calls() -> None:
    async def double(x: int) -> int:
        return x * 2

    assert drive(pipeline(lambda x: x + 1)) == 30
    assert drive(pipeline(double)) == 40


def test_drivers_throw_errors_into_the_pipeline() -> None:
    def bad(x: int) -> int:
        raise ValueError("nope")

    assert drive(pipeline(bad)) == "caught nope"
    assert asyncio.run(drive_async(pipeline(bad))) == "caught nope"


def test_async_driver_threads_blocking_plain_calls() -> None:
    threads: list[str] = []

    def where(x: int) -> int:
        threads.append(threading.current_thread().name)
        return x

    async def run_sync(fn: Any, *args: Any) -> Any:
        return await asyncio.to_thread(fn, *args)

    assert asyncio.run(drive_async(pipeline(where), run_sync)) == 20
    assert threads and threads[0] != threading.main_thread().name


def test_headers_are_case_insensitive_and_join_repeats() -> None:
    headers = Headers([("X-A", "1"), ("x-a", "2"), ("Content-Type", "text/plain")])
    assert headers["x-A"] == "1, 2"
    assert "CONTENT-TYPE" in headers and 3 not in headers
    assert sorted(headers) == ["content-type", "x-a"]


@pytest.mark.parametrize(
    ("media", "kind"),
    [
        ("application/json", "json"),
        ("application/problem+json; charset=utf-8", "json"),
        ("application/x-ndjson", "binary"),  # a stream of documents, not one
        ("application/vnd.api+json", "json"),
        ("application/x-www-form-urlencoded", "form"),
        ("multipart/mixed", "multipart"),
        ("text/csv", "text"),
        ("application/xml", "text"),
        ("image/*", "binary"),
        ("*/*", "binary"),
    ],
)
def test_media_kind(media: str, kind: str) -> None:
    assert media_kind(media) == kind


def test_media_matching_prefers_exact_then_range_then_any() -> None:
    declared = (
        MediaSpec("*/*", "binary"),
        MediaSpec("image/*", "binary"),
        MediaSpec("image/png", "binary"),
    )
    assert match_media(declared, "image/png; q=1").media_type == "image/png"  # type: ignore[union-attr]
    assert match_media(declared, "IMAGE/GIF").media_type == "image/*"  # type: ignore[union-attr]
    assert match_media(declared, "text/plain").media_type == "*/*"  # type: ignore[union-attr]
    assert match_media(declared[1:], "text/plain") is None


def test_paths_convert_for_any_wire_name() -> None:
    assert convert_path("/a/{pet-id}/b/{x.y}.json", "{", "}") == (
        "/a/{p0}/b/{p1}.json",
        {"p0": "pet-id", "p1": "x.y"},
    )
    assert convert_path("pets/{id}", "<", ">") == ("/pets/<p0>", {"p0": "id"})


def test_routes_put_literal_segments_first() -> None:
    paths = ["/a/{x}", "/a/{x}/c", "/a/b", "/a/b/{y}", "/a/{x}.json", "/{any}"]
    ops = [OperationSpec(p, "GET", p, "t", "h") for p in paths]
    ordered = [r.template for r in routes(ops, "{", "}")]
    assert ordered.index("/a/b") < ordered.index("/a/{x}")
    assert ordered.index("/a/b/{y}") < ordered.index("/a/{x}/c")
    assert ordered.index("/a/{x}.json") < ordered.index("/a/{x}")
    assert ordered[-1] == "/{any}"


def test_path_matcher_picks_what_the_ordered_regex_table_picks() -> None:
    """The segment tree agrees with trying each route's regex in OpenAPI's order."""
    paths = ["/a/{x}", "/a/{x}/c", "/a/b", "/a/b/{y}", "/a/{x}.json", "/{any}", "/a/b/c",
             "/a/{x}/{y}", "/v{n}/a", "/v1/a", "/a/{x}-{y}.txt", "/", "/a/b/"]  # fmt: skip
    table = routes([OperationSpec(p, "GET", p, "t", "h") for p in paths], "{", "}")
    matcher = PathMatcher(table)
    requests = ["/a/1", "/a/1/c", "/a/b", "/a/b/2", "/a/1.json", "/z", "/a/b/c", "/a/1/2",
                "/v2/a", "/v1/a", "/a/1-2.txt", "/", "/a/b/", "/a/", "/a//c", "/a/b/c/d", "",
                "/a/b.json"]  # fmt: skip
    for url in requests:
        expected = None
        for route in table:
            regex, _, _ = compile_path(route.framework_path)
            found = regex.match(url)
            if found:
                expected = (route.template, found.groupdict())
                break
        got = matcher.match(url)
        assert (got and (got[0].template, got[1])) == expected, url


def test_pointer_skips_union_tags_and_escapes() -> None:
    data = {"a/b": [{"c~d": 1}], "pet": {"name": 1}}
    assert pointer_of(data, ("a/b", 0, "c~d")) == "/a~1b/0/c~0d"
    assert pointer_of(data, ("pet", "Cat", "name")) == "/pet/name"
    assert pointer_of(data, ("pet", "missing")) == "/pet/missing"
    assert pointer_of(data, ()) == ""


def test_status_selection() -> None:
    declared = (ResponseSpec("404"), ResponseSpec("2XX"), ResponseSpec("default"))
    assert default_status(declared) == 200
    assert default_status((ResponseSpec("202"), ResponseSpec("201"))) == 201
    assert find_response(declared, 204).status == "2XX"  # type: ignore[union-attr]
    assert find_response(declared, 500).status == "default"  # type: ignore[union-attr]
    assert find_response((ResponseSpec("200"),), 500) is None


def test_problem_document() -> None:
    problem = Problem(429, errors=[{"in": "query", "name": "q", "message": "m"}])
    assert problem.document() == {
        "type": "about:blank",
        "title": "Too Many Requests",
        "status": 429,
        "errors": [{"in": "query", "name": "q", "message": "m"}],
    }
    assert Problem(599).title == "Error"


@pytest.mark.parametrize(
    ("env", "default", "expected"),
    [
        ("1", False, True),
        ("yes", False, True),
        ("0", True, False),
        ("", True, True),
        ("?", False, False),
    ],
)
def test_mock_switch(
    monkeypatch: pytest.MonkeyPatch, env: str, default: bool, expected: bool
) -> None:
    monkeypatch.setenv("APIGEN_MOCK", env)
    assert mock_enabled(default) is expected


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_contract_is_read_on_first_use_not_at_start(framework: str) -> None:
    calls: list[int] = []

    def load() -> dict[str, Any]:
        calls.append(1)
        return petshop.CONTRACT

    build = build_fastapi if framework == "fastapi" else build_flask
    handlers = petshop.handlers(asynchronous=framework == "fastapi")
    app = build(petshop.OPERATIONS, handlers, petshop.Hooks(), load, title="T", version="1")
    assert calls == []
    with client_for(app, framework) as http:
        assert http.get("/pets/1").status_code == 200
        assert calls == []
        assert http.get("/openapi.json").json() == petshop.CONTRACT
        assert http.get("/openapi.json").status_code == 200
    assert calls == [1]
