"""The client's decisions, made in Python before any template runs."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from apigen.ir.model import TypeRef
from apigen.ir.normalise import normalise
from apigen.render import client_view as cv
from apigen.render.client_view import ClientView, build_client_view
from apigen.render.models import WARNING_CODES
from apigen.spec.resolve import load_spec

from ..corpus.specs import SPECS

EXAMPLES = Path(__file__).resolve().parents[2] / "specs" / "examples"


def kind(t: TypeRef) -> str:
    return type(t).__name__


def view_of(path: Path) -> ClientView:
    api, _ = normalise(load_spec(path))
    return build_client_view(api, "pkg", lambda t, source: kind(t))


def test_petstore_groups_params_and_pagination() -> None:
    view = view_of(EXAMPLES / "petstore.yaml")
    assert [g.attribute for g in view.groups] == ["pets", "store"]
    pets = {op.py_name: op for op in view.groups[0].operations}
    listing = pets["list_pets"]
    assert [p.required for p in listing.params] == sorted(
        (p.required for p in listing.params), reverse=True
    )
    assert listing.page is not None and listing.page.strategy == "cursor"
    assert listing.page.cursor_header == "X-Next-Cursor"
    assert pets["delete_pet"].return_annotation == "None"
    assert pets["create_pet"].body is not None and pets["create_pet"].body.kind == "json"
    assert not pets["create_pet"].idempotent and pets["delete_pet"].idempotent
    assert {s.kind for s in view.schemes} == {"apiKey", "http", "oauth2"}
    oauth = next(s for s in view.schemes if s.kind == "oauth2")
    assert oauth.token_url is not None


def test_bodies_by_media_type() -> None:
    view = view_of(EXAMPLES / "webhooks-3.1.yaml")
    kinds = {op.body.kind for g in view.groups for op in g.operations if op.body}
    kinds |= {op.body.kind for op in view.untagged if op.body}
    assert {"json", "multipart"} <= kinds  # json is preferred when an operation offers both


@pytest.mark.corpus
def test_github_pagination_follows_link_headers() -> None:
    spec = SPECS / "big" / "github-octokit-23.0.2.json"
    if not spec.is_file():
        pytest.skip(f"shared specs not found at {SPECS}")
    view = view_of(spec)
    strategies = Counter(op.page.strategy for g in view.groups for op in g.operations if op.page)
    assert strategies == {"link": 214, "page": 69}
    names = [op.py_name for g in view.groups for op in g.operations]
    assert len(names) == 1223  # every operation appears exactly once


def listing_view(tmp_path: Path, params: list[str], body: dict[str, Any], **extra: Any) -> Any:
    """The page view of ``GET /things`` with string query ``params`` and a 200 ``body``."""
    parameters = [{"name": n, "in": "query", "schema": {"type": "string"}} for n in params]
    parameters += extra.pop("parameters", [])
    ok: dict[str, Any] = {"description": "ok", "content": {"application/json": {"schema": body}}}
    ok.update(extra)
    thing = {
        "type": "object",
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
    }
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/things": {"get": {"parameters": parameters, "responses": {"200": ok}}}},
        "components": {"schemas": {"Thing": thing}},
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    (op,) = view_of(path).untagged
    return op.page


THINGS = {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}


def page_of(**fields: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {"data": THINGS, **fields}}


BOOLEAN = {"type": "boolean"}
STRING = {"type": "string"}


def test_stripe_lists_page_after_the_last_items_id(tmp_path: Path) -> None:
    page = listing_view(tmp_path, ["limit", "starting_after"], page_of(has_more=BOOLEAN))
    assert (page.strategy, page.param, page.id_field) == ("last_item", "starting_after", "id")
    assert (page.items_field, page.has_more_field) == ("data", "has_more")


def test_last_item_needs_a_has_more_flag_and_item_ids(tmp_path: Path) -> None:
    assert listing_view(tmp_path, ["after"], page_of(has_more=STRING)) is None
    assert listing_view(tmp_path, ["after"], page_of()) is None
    no_ids = {"type": "object", "properties": {"data": {"type": "array", "items": STRING}}}
    assert (
        listing_view(
            tmp_path,
            ["after"],
            {**no_ids, "properties": {**no_ids["properties"], "hasMore": BOOLEAN}},
        )
        is None
    )
    page = listing_view(tmp_path, ["after"], page_of(hasMore=BOOLEAN))
    assert (page.strategy, page.has_more_field) == ("last_item", "hasMore")


def test_a_next_cursor_field_wins_and_keeps_the_has_more_flag(tmp_path: Path) -> None:
    # Stripe's search: a text ``page`` parameter and ``next_page`` in the body.
    page = listing_view(tmp_path, ["page"], page_of(next_page=STRING, has_more=BOOLEAN))
    assert (page.strategy, page.param, page.cursor_field) == ("cursor", "page", "next_page")
    assert page.has_more_field == "has_more"


def test_cursor_field_one_level_down_and_urls_are_not_cursors(tmp_path: Path) -> None:
    meta = {"type": "object", "properties": {"next_cursor": STRING}}
    page = listing_view(tmp_path, ["cursor"], page_of(response_metadata=meta))
    assert page.cursor_field == "response_metadata.next_cursor"
    url = {"type": "string", "format": "uri"}
    assert listing_view(tmp_path, ["cursor"], page_of(next=url)) is None


def test_page_numbers_offsets_and_link_headers(tmp_path: Path) -> None:
    number = [{"name": "page", "in": "query", "schema": {"type": "integer"}}]
    page = listing_view(tmp_path, ["per_page"], THINGS, parameters=number)
    assert (page.strategy, page.param, page.size_param) == ("page", "page", "per_page")
    assert listing_view(tmp_path, ["page"], THINGS) is None  # a text page is a token
    page = listing_view(tmp_path, ["offset", "limit"], THINGS)
    assert (page.strategy, page.param, page.size_param) == ("offset", "offset", "limit")
    assert listing_view(tmp_path, ["offset"], THINGS) is None
    headers = {"headers": {"Link": {"schema": STRING}}}
    assert listing_view(tmp_path, [], THINGS, **headers).strategy == "link"
    assert listing_view(tmp_path, ["cursor"], THINGS) is None  # nothing says where it goes


@pytest.mark.corpus
def test_stripe_list_operations_get_pagers() -> None:
    spec = SPECS / "big" / "stripe-2023-09-12.yaml"
    if not spec.is_file():
        pytest.skip(f"shared specs not found at {SPECS}")
    view = view_of(spec)
    pages = [op.page for g in view.groups for op in g.operations if op.page]
    pages += [op.page for op in view.untagged if op.page]
    strategies = Counter(p.strategy for p in pages)
    assert strategies == {"last_item": 100, "cursor": 7}
    assert {p.param for p in pages if p.strategy == "last_item"} == {"starting_after"}
    assert {p.cursor_field for p in pages if p.strategy == "cursor"} == {"next_page"}


def test_readme_names_everything_pagination_detection_looks_for() -> None:
    readme = (EXAMPLES.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Pagination") : readme.index("## Supported inputs")]
    names = (*cv.CURSOR_PARAMS, *cv.CURSOR_FIELDS, *cv.HAS_MORE_FIELDS, *cv.ID_FIELDS)
    names += (*cv.PAGE_PARAMS, *cv.SIZE_PARAMS, *cv.OFFSET_PARAMS, *cv.ITEM_FIELDS)
    missing = [n for n in names if f"`{n}`" not in section]
    assert not missing


def test_readme_explains_every_warning_code_of_the_generator() -> None:
    readme = (EXAMPLES.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Warnings") : readme.index("## Supported inputs")]
    for code in (*WARNING_CODES, "loose-type"):
        assert f"- `{code}`:" in section, code


def body_view(tmp_path: Path, media_type: str, schema: Any, encoding: Any) -> cv.BodyView:
    content = {media_type: {"schema": schema, "encoding": encoding}}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/x": {
                "post": {
                    "requestBody": {"content": content},
                    "responses": {"204": {"description": "none"}},
                }
            }
        },
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    (op,) = view_of(path).untagged
    assert op.body is not None
    return op.body


def test_body_encoding_per_field(tmp_path: Path) -> None:
    """Form fields get style/explode (defaults filled in), multipart parts a concrete content
    type: the first of a list; for a wildcard or nothing, a file's contentMediaType."""
    fields = {"a": {"type": "array", "items": STRING}, "b": STRING, "c": STRING}
    form = {"type": "object", "properties": fields}
    encoding = {"a": {"explode": False}, "b": {"style": "pipeDelimited"}, "c": {}}
    assert body_view(tmp_path, "application/x-www-form-urlencoded", form, encoding).parts == (
        cv.PartView("a", style="form", explode=False),
        cv.PartView("b", style="pipeDelimited", explode=False),
    )
    raw = {"type": "string", "contentMediaType": "image/png"}
    files = {
        "type": "object",
        "properties": {
            "list": raw,
            "wild": raw,
            "own": raw,
            "many": {"type": "array", "items": raw},
        },
    }
    encoding = {
        "list": {"contentType": "image/webp, image/png"},
        "wild": {"contentType": "image/*"},
    }
    assert body_view(tmp_path, "multipart/form-data", files, encoding).parts == (
        cv.PartView("list", "image/webp"),
        cv.PartView("many", "image/png"),
        cv.PartView("own", "image/png"),
        cv.PartView("wild", "image/png"),
    )
