"""The client's decisions, made in Python before any template runs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from apigen.ir.model import TypeRef
from apigen.ir.normalise import normalise
from apigen.render.client_view import ClientView, build_client_view
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
    assert strategies["link"] > 100
    names = [op.py_name for g in view.groups for op in g.operations]
    assert len(names) == 1223  # every operation appears exactly once
