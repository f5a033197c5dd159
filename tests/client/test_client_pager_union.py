"""A paginated operation that may also answer something else (a 304, another 2xx body).

GitHub's lists answer ``304 Not Modified`` (no body) besides their 200 page, and some a
second 2xx body: the method returns a union, and the page walker read the items off it as
if it were the page (50 ``mypy --strict`` errors in GitHub's client).  Any other answer is
now an empty page, which ends the walk.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from apigen import api

from .echo_app import Echo, Reply
from .tools import imported, mypy_problems
from .transports import IN_PROCESS_URL

PACKAGE = "union_pages_client"
ITEM = {"type": "object", "properties": {"id": {"type": "integer"}}}
PAGE = {"name": "page", "in": "query", "schema": {"type": "integer"}}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Union pages", "version": "1"},
    "paths": {
        "/issues": {
            "get": {
                "operationId": "listIssues",
                "parameters": [PAGE],
                "responses": {
                    "200": _json({"type": "array", "items": ITEM}),
                    "304": {"description": "not modified"},
                },
            }
        },
        "/found": {
            "get": {
                "operationId": "search",
                "parameters": [PAGE],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {"items": {"type": "array", "items": ITEM}},
                        }
                    ),
                    "202": _json({"type": "object", "properties": {"state": {"type": "string"}}}),
                },
            }
        },
    },
}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pages")
    spec = out / "spec.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    assert api.generate_client(spec, out / "client").package == PACKAGE
    return out / "client"


@pytest.mark.slow
def test_the_client_passes_mypy_strict(root: Path) -> None:
    assert mypy_problems([PACKAGE], [root], root) is None


def test_another_answer_ends_the_walk(root: Path) -> None:
    echo = Echo()
    echo.then(
        Reply.json(200, [{"id": 1}, {"id": 2}]),
        Reply(304),
        Reply.json(200, {"items": [{"id": 3}]}),
        Reply.json(202, {"state": "pending"}),
    )
    with (
        imported(root, PACKAGE) as pkg,
        httpx.Client(transport=httpx.WSGITransport(app=echo.wsgi)) as http,
        pkg.Client(IN_PROCESS_URL, http_client=http) as client,
    ):
        assert [item.id for item in client.list_issues_pages()] == [1, 2]
        assert [item.id for item in client.search_pages()] == [3]
    assert [r.query for r in echo.received] == ["page=1", "page=2", "page=1", "page=2"]
