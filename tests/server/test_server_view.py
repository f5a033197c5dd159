"""The server view: every decision of the generator, checked on small inline specs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from apigen import api
from apigen.ir.model import Api, Source, TypeRef
from apigen.render.models import ModelTypes
from apigen.render.server_view import ServerView, build_server_view, media_kind, names_used

ROOT = Path(__file__).resolve().parents[2]


def build_view(tmp_path: Path, spec: dict[str, Any], framework: str = "fastapi") -> ServerView:
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    ir = api.build(path).api
    return view_of(ir, framework)


def view_of(ir: Api, framework: str = "fastapi") -> ServerView:
    types = ModelTypes(ir)

    def annotate(t: TypeRef, source: Source) -> str:
        return types.annotation(t, qualifier="models.", source=source)

    return build_server_view(ir, "svc", framework, annotate)


def spec_with(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": paths, **extra}


def op(op_id: str, *tags: str, **extra: Any) -> dict[str, Any]:
    return {
        "operationId": op_id,
        **({"tags": list(tags)} if tags else {}),
        "responses": {"204": {"description": "done"}},
        **extra,
    }


def param(name: str, where: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "schema": schema, **extra}


def test_signature_orders_path_params_by_path_then_required_then_optional(tmp_path: Path) -> None:
    view = build_view(
        tmp_path,
        spec_with(
            {
                "/a/{second}/b/{first}": {
                    "get": op(
                        "get",
                        parameters=[
                            param("opt", "query", {"type": "string"}),
                            param("first", "path", {"type": "integer"}, required=True),
                            param("X-Need", "header", {"type": "string"}, required=True),
                            param("second", "path", {"type": "string"}, required=True),
                            param("page", "query", {"type": "integer", "default": 1}),
                        ],
                    )
                }
            }
        ),
    )
    (operation,) = view.operations
    assert [p.py_name for p in operation.params] == ["second", "first", "x_need", "opt", "page"]
    assert operation.signature == (
        "second: str, first: int, *, x_need: str, opt: str | None, page: int, ctx: RequestContext"
    )
    assert operation.return_annotation == "Reply | None"


def test_parameters_never_take_names_the_signature_uses(tmp_path: Path) -> None:
    names = ["ctx", "body", "models", "self", "Reply", "override"]
    view = build_view(
        tmp_path,
        spec_with(
            {
                "/x": {
                    "post": op(
                        "post", parameters=[param(n, "query", {"type": "string"}) for n in names]
                    )
                }
            }
        ),
    )
    (operation,) = view.operations
    py_names = [p.py_name for p in operation.params]
    assert not set(py_names) & {"ctx", "body", "models", "self", "Reply", "override"}
    assert [p.wire_name for p in operation.params] == names
    compile(f"def f(self, {operation.signature}): pass", "<signature>", "exec")


def test_tags_become_modules_in_sorted_order_and_untagged_share_default(tmp_path: Path) -> None:
    view = build_view(
        tmp_path,
        spec_with(
            {
                "/a": {"get": op("a", "Pets")},
                "/b": {"get": op("b", "pets")},
                "/c": {"get": op("c")},
                "/d": {"get": op("d", "default")},
                "/e": {"get": op("e", "class")},
            }
        ),
    )
    modules = {g.module: [o.operation_id for o in g.operations] for g in view.groups}
    assert modules == {"class_": ["e"], "default": ["c", "d"], "pets": ["a"], "pets_2": ["b"]}
    classes = {g.module: (g.class_name, g.base_name) for g in view.groups}
    assert classes["pets_2"] == ("Pets2Handlers", "Pets2HandlersBase")
    assert classes["default"] == ("DefaultHandlers", "DefaultHandlersBase")
    assert [o.operation_id for o in view.operations] == ["a", "b", "c", "d", "e"]


def test_bodies_responses_and_return_types(tmp_path: Path) -> None:
    pet = {"type": "object", "properties": {"name": {"type": "string"}}}
    view = build_view(
        tmp_path,
        spec_with(
            {
                "/pets": {
                    "post": {
                        "operationId": "create",
                        "requestBody": {
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Pet"}
                                },
                                "application/octet-stream": {},
                                "text/plain": {"schema": {"type": "string"}},
                            }
                        },
                        "responses": {
                            "201": {
                                "description": "made",
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": "#/components/schemas/Pet"}
                                    }
                                },
                            },
                            "202": {"description": "later"},
                            "404": {
                                "description": "no",
                                "content": {"text/plain": {"schema": {"type": "string"}}},
                            },
                        },
                    }
                }
            },
            components={"schemas": {"Pet": pet}},
        ),
    )
    (operation,) = view.operations
    assert operation.body is not None
    assert [(m.kind, m.annotation) for m in operation.body.media] == [
        ("json", "models.Pet"),
        ("binary", "bytes"),
        ("text", "str"),
    ]
    assert operation.body.annotation == "models.Pet | bytes | str | None"
    assert [(r.status, r.annotation) for r in operation.responses] == [
        ("201", "models.Pet"),
        ("202", None),
        ("404", "str"),
    ]
    assert operation.return_annotation == "models.Pet | Reply | None"
    assert operation.responses[0].pointer == "/paths/~1pets/post/responses/201"


def test_parameter_shapes_and_serialisation(tmp_path: Path) -> None:
    point = {
        "type": "object",
        "properties": {"x": {"type": "integer"}, "y-pos": {"type": "integer"}},
    }
    view = build_view(
        tmp_path,
        spec_with(
            {
                "/q": {
                    "get": op(
                        "q",
                        parameters=[
                            param("ids", "query", {"type": "array", "items": {"type": "integer"}}),
                            param("pt", "query", {"$ref": "#/components/schemas/Point"}),
                            param(
                                "deep",
                                "query",
                                {"$ref": "#/components/schemas/Point"},
                                style="deepObject",
                                explode=True,
                            ),
                            param(
                                "map",
                                "query",
                                {"type": "object", "additionalProperties": {"type": "string"}},
                            ),
                            {
                                "name": "json",
                                "in": "query",
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": "#/components/schemas/Point"}
                                    }
                                },
                            },
                            param("empty", "query", {"type": "string"}, allowEmptyValue=True),
                        ],
                    )
                }
            },
            components={"schemas": {"Point": point}},
        ),
    )
    params = {p.wire_name: p for p in view.operations[0].params}
    assert (params["ids"].shape, params["ids"].style, params["ids"].explode) == (
        "array",
        "form",
        True,
    )
    assert (params["pt"].shape, params["pt"].properties) == ("object", ("x", "y-pos"))
    assert params["deep"].style == "deepObject"
    assert (params["map"].shape, params["map"].properties) == ("object", ())
    assert (params["json"].shape, params["json"].content) == ("scalar", "application/json")
    assert params["empty"].allow_empty


def test_security_alternatives_and_schemes(tmp_path: Path) -> None:
    view = build_view(
        tmp_path,
        spec_with(
            {
                "/a": {
                    "get": op(
                        "a", security=[{"key": []}, {"oauth": ["read", "write"], "basic": []}]
                    )
                },
                "/b": {"get": op("b", security=[])},
                "/c": {"get": op("c", security=[{}, {"key": []}])},
            },
            components={
                "securitySchemes": {
                    "key": {"type": "apiKey", "in": "cookie", "name": "sid"},
                    "basic": {"type": "http", "scheme": "Basic"},
                    "digest": {"type": "http", "scheme": "digest"},
                    "oauth": {"type": "oauth2", "flows": {}},
                    "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://x.example/"},
                }
            },
        ),
    )
    a, b, c = view.operations
    assert a.security == ((("key", ()),), (("oauth", ("read", "write")), ("basic", ())))
    assert b.security is None
    assert c.security == ((), (("key", ()),))
    kinds = {s.name: (s.kind, s.location, s.wire_name, s.scheme_name) for s in view.schemes}
    assert kinds == {
        "key": ("apiKey", "cookie", "sid", None),
        "basic": ("basic", None, None, "basic"),
        "digest": ("other", None, None, "digest"),
        "oauth": ("oauth2", None, None, None),
        "oidc": ("openIdConnect", None, None, None),
    }


@pytest.mark.parametrize(
    "media",
    [
        "application/json",
        "application/problem+json",
        "application/vnd.api+json; charset=utf-8",
        "application/x-ndjson-json",
        "*/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "multipart/mixed",
        "text/plain",
        "text/csv",
        "application/xml",
        "application/atom+xml",
        "image/png",
        "image/*",
        "*/*",
        "application/octet-stream",
        "APPLICATION/JSON",
    ],
)
def test_media_kind_agrees_with_the_runtime(media: str) -> None:
    source = ROOT / "templates" / "server" / "runtime" / "spec.py"
    spec = importlib.util.spec_from_file_location("_apigen_runtime_spec", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    try:
        spec.loader.exec_module(module)
        assert media_kind(media) == module.media_kind(media)
    finally:
        del sys.modules[spec.name]


def test_names_used_ignores_strings_and_attributes() -> None:
    used = names_used(
        ["Literal['Any', 'models']", "models.Any | _dt.date", "Annotated[int, Field(ge=1)]"]
    )
    assert used == {"Literal", "models", "_dt", "Annotated", "int", "Field"}
