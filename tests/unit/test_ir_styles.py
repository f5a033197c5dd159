"""Styles OpenAPI forbids where they are used never reach the IR: default style, a warning.

Each case is one parameter (or form ``encoding`` entry) of a tiny spec; the IR must hold a
style its location allows, and the warning must name the pointer of the keyword at fault.
"""

from __future__ import annotations

from typing import Any

import pytest

from apigen.ir.model import Encoding
from apigen.ir.normalise import normalise
from apigen.spec.resolve import load_spec

from .conftest import WriteSpec

OBJ = {"type": "object", "properties": {"a": {"type": "string"}}}
ARR = {"type": "array", "items": {"type": "string"}}
POINTER = "/paths/~1x~1{p}/get/parameters/0/"

# (location, style, explode) as written -> (style, explode) the IR keeps; the last three are
# valid and must pass unchanged, without a warning.
CASES: list[tuple[str, Any, Any, tuple[str, bool]]] = [
    ("path", "deepObject", None, ("simple", False)),
    ("path", "form", True, ("simple", True)),
    ("path", "spaceDelimited", None, ("simple", False)),
    ("query", "matrix", None, ("form", True)),
    ("query", "label", False, ("form", False)),
    ("query", "simple", None, ("form", True)),
    ("query", "bogus", None, ("form", True)),
    ("query", 7, None, ("form", True)),
    ("query", "spaceDelimited", True, ("form", True)),
    ("query", "pipeDelimited", True, ("form", True)),
    ("query", "deepObject", False, ("deepObject", True)),
    ("header", "form", None, ("simple", False)),
    ("header", "matrix", True, ("simple", True)),
    ("cookie", "simple", None, ("form", True)),
    ("cookie", "deepObject", None, ("form", True)),
    ("query", "pipeDelimited", False, ("pipeDelimited", False)),
    ("query", "deepObject", None, ("deepObject", False)),
    ("path", "matrix", True, ("matrix", True)),
]
VALID = 3


def _param_spec(location: str, style: Any, explode: Any) -> dict[str, Any]:
    param: dict[str, Any] = {
        "name": "p",
        "in": location,
        "required": True,
        "schema": OBJ if "deep" in str(style) else ARR,
    }
    if style is not None:
        param["style"] = style
    if explode is not None:
        param["explode"] = explode
    op = {"parameters": [param], "responses": {"204": {"description": "ok"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/x/{p}": {"get": op}},
    }


def _normalised(write_spec: WriteSpec, doc: dict[str, Any]) -> tuple[Any, list[tuple[str, str]]]:
    api, warnings = normalise(load_spec(write_spec(doc)))
    return api, [(w.code, w.location.pointer) for w in warnings if w.code == "invalid-style"]


@pytest.mark.parametrize(("location", "style", "explode", "kept"), CASES)
def test_parameter_style_is_checked_for_its_location(
    write_spec: WriteSpec, location: str, style: Any, explode: Any, kept: tuple[str, bool]
) -> None:
    api, warnings = _normalised(write_spec, _param_spec(location, style, explode))
    [param] = api.operations[0].parameters
    assert (param.style, param.explode) == kept
    valid = (location, style, explode, kept) in CASES[-VALID:]
    # A style the location allows, with an explode it has no form for: the explode is named.
    undefined = {("spaceDelimited", True), ("pipeDelimited", True), ("deepObject", False)}
    keyword = "explode" if (style, explode) in undefined else "style"
    assert warnings == ([] if valid else [("invalid-style", POINTER + keyword)])


def test_swagger2_collection_formats_fit_their_location(write_spec: WriteSpec) -> None:
    params = [
        {
            "name": "p",
            "in": "path",
            "required": True,
            "type": "array",
            "items": {"type": "string"},
            "collectionFormat": "pipes",
        },
        {
            "name": "t",
            "in": "query",
            "type": "array",
            "items": {"type": "string"},
            "collectionFormat": "tsv",
        },
        {
            "name": "s",
            "in": "query",
            "type": "array",
            "items": {"type": "string"},
            "collectionFormat": "ssv",
        },
        {
            "name": "h",
            "in": "header",
            "type": "array",
            "items": {"type": "string"},
            "collectionFormat": "multi",
        },
    ]
    op = {"parameters": params, "responses": {"204": {"description": "ok"}}}
    doc = {
        "swagger": "2.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/x/{p}": {"get": op}},
    }
    api, warnings = _normalised(write_spec, doc)
    styles = {p.wire_name: (p.style, p.explode) for p in api.operations[0].parameters}
    assert styles == {
        "p": ("simple", False),
        "t": ("form", False),
        "s": ("spaceDelimited", False),
        "h": ("simple", True),
    }
    base = "/paths/~1x~1{p}/get/parameters/"
    assert warnings == [
        ("invalid-style", base + "0/collectionFormat"),
        ("invalid-style", base + "1/collectionFormat"),
    ]


def test_form_encoding_styles_are_checked_and_unset_ones_stay_unset(
    write_spec: WriteSpec,
) -> None:
    encoding = {
        "bad": {"style": "bogus"},
        "matrix": {"style": "matrix", "explode": False},
        "wide": {"style": "spaceDelimited", "explode": True},
        "deep": {"style": "deepObject", "explode": False},
        "fine": {"style": "pipeDelimited"},
        "typed": {"contentType": "text/plain"},
    }
    schema = {"type": "object", "properties": {name: ARR for name in encoding}}
    body = {
        "content": {"application/x-www-form-urlencoded": {"schema": schema, "encoding": encoding}}
    }
    op = {"requestBody": body, "responses": {"204": {"description": "ok"}}}
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/f": {"post": op}},
    }
    api, warnings = _normalised(write_spec, doc)
    [media] = api.operations[0].body.content  # type: ignore[union-attr]
    assert media.encoding == (
        Encoding("bad", None, "form", True),
        Encoding("matrix", None, "form", False),
        Encoding("wide", None, "form", True),
        Encoding("deep", None, "deepObject", True),
        Encoding("fine", None, "pipeDelimited", None),
        Encoding("typed", "text/plain", None, None),
    )
    base = "/paths/~1f/post/requestBody/content/application~1x-www-form-urlencoded/encoding/"
    assert warnings == [
        ("invalid-style", f"{base}{name}/{keyword}")
        for name, keyword in [
            ("bad", "style"),
            ("matrix", "style"),
            ("wide", "explode"),
            ("deep", "explode"),
        ]
    ]
