"""The IR: every construct of 2.0, 3.0 and 3.1 lands in one normalised form."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from apigen.ir.model import (
    AliasRef,
    AnyValue,
    Api,
    ArrayOf,
    Const,
    EnumRef,
    MapOf,
    ModelRef,
    Nullable,
    Operation,
    Primitive,
    UnionOf,
)

from .conftest import WriteSpec, api_of, oas30


def json_response(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def one_op(api: Api) -> Operation:
    [op] = api.operations
    return op


def field_types(api: Api, model: str) -> dict[str, Any]:
    return {f.wire_name: f.type for f in api.model(model).fields}


def test_nullable_forms_normalise_to_one(write_spec: WriteSpec) -> None:
    props30 = {
        "a": {"type": "string", "nullable": True},
        "b": {"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": True},
        "c": {"allOf": [{"$ref": "#/components/schemas/E"}], "nullable": True},
    }
    props31 = {
        "a": {"type": ["string", "null"]},
        "b": {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]},
        "c": {"anyOf": [{"$ref": "#/components/schemas/E"}, {"type": "null"}]},
    }
    e = {"type": "string", "enum": ["x", "y"]}
    api30 = api_of(
        write_spec(
            oas30(schemas={"M": {"type": "object", "properties": props30}, "E": e}), "a.yaml"
        )
    )
    doc31 = oas30(schemas={"M": {"type": "object", "properties": props31}, "E": e})
    doc31["openapi"] = "3.1.0"
    api31 = api_of(write_spec(doc31, "b.yaml"))
    t30, t31 = field_types(api30, "M"), field_types(api31, "M")
    assert t30["a"] == t31["a"] == Nullable(Primitive("string"))
    assert t30["b"] == Nullable(UnionOf((Primitive("string"), Primitive("integer"))))
    assert t31["b"] == t30["b"]
    assert t30["c"] == t31["c"] == Nullable(EnumRef("E"))


def test_swagger2_x_nullable(write_spec: WriteSpec) -> None:
    doc = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "definitions": {
            "M": {"type": "object", "properties": {"a": {"type": "string", "x-nullable": True}}}
        },
    }
    assert field_types(api_of(write_spec(doc)), "M")["a"] == Nullable(Primitive("string"))


def test_equivalent_30_and_31_documents_give_equal_operations(write_spec: WriteSpec) -> None:
    """Descriptions aside, a 3.0 -> 3.1 rewrite with the same meaning is the same IR."""
    s30 = {"type": "integer", "minimum": 1, "exclusiveMinimum": True, "nullable": True}
    s31 = {"type": ["integer", "null"], "exclusiveMinimum": 1}
    ops = []
    for version, schema in (("3.0.3", s30), ("3.1.0", s31)):
        doc = oas30(
            {
                "/x": {
                    "get": {
                        "operationId": "x",
                        "parameters": [{"name": "n", "in": "query", "schema": schema}],
                        "responses": json_response(schema),
                    }
                }
            }
        )
        doc["openapi"] = version
        op = one_op(api_of(write_spec(doc, f"{version}.yaml")))
        ops.append(op)
    a, b = ops
    assert a.parameters[0].type == b.parameters[0].type
    assert a.parameters[0].type == Nullable(
        Primitive("integer", None, replace(a.parameters[0].type.inner.constraints))
    )  # type: ignore[union-attr]
    inner = a.parameters[0].type.inner  # type: ignore[union-attr]
    assert inner.constraints.exclusive_minimum == 1 and inner.constraints.minimum is None
    assert a.responses[0].content[0].type == b.responses[0].content[0].type


def test_allof_merges_fields_and_names_bases(write_spec: WriteSpec) -> None:
    api = api_of(
        write_spec(
            oas30(
                schemas={
                    "Base": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {"id": {"type": "string"}},
                    },
                    "Dog": {
                        "allOf": [
                            {"$ref": "#/components/schemas/Base"},
                            {
                                "type": "object",
                                "required": ["bark"],
                                "properties": {"bark": {"type": "boolean"}},
                            },
                        ]
                    },
                }
            )
        )
    )
    dog = api.model("Dog")
    assert [(f.wire_name, f.required) for f in dog.fields] == [("id", True), ("bark", True)]
    assert dog.all_of == ("Base",)


def test_discriminated_union(write_spec: WriteSpec) -> None:
    api = api_of(
        write_spec(
            oas30(
                schemas={
                    "Pet": {
                        "oneOf": [
                            {"$ref": "#/components/schemas/Cat"},
                            {"$ref": "#/components/schemas/Dog"},
                        ],
                        "discriminator": {
                            "propertyName": "kind",
                            "mapping": {"cat": "#/components/schemas/Cat"},
                        },
                    },
                    "Cat": {"type": "object", "properties": {"kind": {"type": "string"}}},
                    "Dog": {"type": "object", "properties": {"kind": {"type": "string"}}},
                }
            )
        )
    )
    alias = api.alias("Pet")
    assert isinstance(alias.type, UnionOf)
    assert alias.type.options == (ModelRef("Cat"), ModelRef("Dog"))
    assert alias.type.discriminator is not None
    assert alias.type.discriminator.mapping == (("cat", "Cat"), ("Dog", "Dog"))


def test_recursive_schemas_are_finite(write_spec: WriteSpec) -> None:
    api = api_of(
        write_spec(
            oas30(
                schemas={
                    "Node": {
                        "type": "object",
                        "properties": {
                            "children": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Node"},
                            },
                            "parent": {"$ref": "#/components/schemas/Node"},
                        },
                    },
                    "Json": {
                        "oneOf": [
                            {"type": "string"},
                            {"type": "array", "items": {"$ref": "#/components/schemas/Json"}},
                        ]
                    },
                    "List": {"type": "array", "items": {"$ref": "#/components/schemas/List"}},
                }
            )
        )
    )
    types = field_types(api, "Node")
    assert types["children"] == ArrayOf(ModelRef("Node"))
    assert types["parent"] == ModelRef("Node")
    json_alias = api.alias("Json").type
    assert json_alias == UnionOf((Primitive("string"), ArrayOf(AliasRef("Json"))))
    assert api.alias("List").type == ArrayOf(AliasRef("List"))


def test_enums_const_and_open_maps(write_spec: WriteSpec) -> None:
    doc = oas30(
        schemas={
            "M": {
                "type": "object",
                "properties": {
                    "status": {"type": "string", "enum": ["in-progress", "done", None]},
                    "kind": {"const": "m"},
                    "tags": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "free": {"type": "object"},
                    "closed": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {"x": {"type": "string"}},
                    },
                },
            }
        }
    )
    doc["openapi"] = "3.1.0"
    api = api_of(write_spec(doc))
    types = field_types(api, "M")
    assert types["status"] == Nullable(EnumRef("MStatus"))
    enum = api.enum("MStatus")
    assert [(v.value, v.py_name) for v in enum.values] == [
        ("in-progress", "IN_PROGRESS"),
        ("done", "DONE"),
    ]
    assert types["kind"] == Const("m")
    assert types["tags"] == MapOf(Primitive("integer"))
    assert types["free"] == MapOf(AnyValue())
    assert api.model("MClosed").additional is None
    assert api.model("M").additional == AnyValue()


def test_read_write_only_defaults_deprecated(write_spec: WriteSpec) -> None:
    api = api_of(
        write_spec(
            oas30(
                schemas={
                    "M": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "string", "format": "uuid", "readOnly": True},
                            "pw": {"type": "string", "writeOnly": True},
                            "n": {"type": "integer", "default": 3, "deprecated": True},
                            "class": {"type": "string"},
                        },
                    }
                }
            )
        )
    )
    f = {x.wire_name: x for x in api.model("M").fields}
    assert f["id"].read_only and f["id"].type == Primitive("string", "uuid")
    assert f["pw"].write_only
    assert f["n"].has_default and f["n"].default == 3 and f["n"].deprecated
    assert f["class"].py_name == "class_"


def test_parameters_styles_and_merge(write_spec: WriteSpec) -> None:
    doc = oas30(
        {
            "/p/{id}": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "q", "in": "query", "schema": {"type": "string"}},
                ],
                "get": {
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "integer"},
                        },
                        {
                            "name": "f",
                            "in": "query",
                            "style": "deepObject",
                            "explode": True,
                            "schema": {"type": "object", "properties": {"a": {"type": "string"}}},
                        },
                        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                        {"name": "sid", "in": "cookie", "schema": {"type": "string"}},
                        {
                            "name": "from",
                            "in": "query",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": {"type": "string"}}
                                }
                            },
                        },
                    ],
                    "responses": {"204": {"description": "none"}},
                },
            }
        }
    )
    op = one_op(api_of(write_spec(doc)))
    p = {x.wire_name: x for x in op.parameters}
    assert (p["id"].style, p["id"].explode, p["id"].required) == ("simple", False, True)
    assert p["q"].type == Primitive("integer") and p["q"].required  # operation's own wins
    assert (p["q"].style, p["q"].explode) == ("form", True)
    assert (p["f"].style, p["f"].explode) == ("deepObject", True)
    assert p["X-Trace"].location == "header" and p["X-Trace"].py_name == "x_trace"
    assert p["sid"].location == "cookie"
    assert p["from"].py_name == "from_" and p["from"].media_type == "application/json"
    assert p["from"].type == ArrayOf(Primitive("string"))
    assert op.derived_id and op.id == "get_p_id" and op.py_name == "get_p_id"


def test_bodies_responses_headers_links_security(write_spec: WriteSpec) -> None:
    doc = oas30(
        {
            "/up": {
                "post": {
                    "operationId": "upload",
                    "tags": ["files"],
                    "deprecated": True,
                    "security": [{"key": []}, {"oauth": ["write"]}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"file": {"type": "string", "format": "binary"}},
                                },
                                "encoding": {"file": {"contentType": "image/png"}},
                            },
                            "application/octet-stream": {},
                            "text/plain": {"schema": {"type": "string"}},
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "made",
                            "headers": {
                                "Location": {"required": True, "schema": {"type": "string"}}
                            },
                            "links": {
                                "get": {
                                    "operationId": "get",
                                    "parameters": {"id": "$response.body#/id"},
                                }
                            },
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"id": {"type": "string"}},
                                    },
                                    "example": {"id": "1"},
                                }
                            },
                        },
                        "4XX": {"description": "client"},
                        "default": {"description": "other"},
                    },
                }
            }
        },
        security=[{"key": []}],
    )
    doc["components"] = {
        "securitySchemes": {
            "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            "oauth": {
                "type": "oauth2",
                "flows": {"clientCredentials": {"tokenUrl": "/token", "scopes": {"write": "w"}}},
            },
            "basic": {"type": "http", "scheme": "Basic"},
            "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://x/.well-known"},
        }
    }
    api = api_of(write_spec(doc))
    op = one_op(api)
    assert op.body is not None and op.body.required
    assert [m.media_type for m in op.body.content] == [
        "multipart/form-data",
        "application/octet-stream",
        "text/plain",
    ]
    assert op.body.content[0].encoding[0].content_type == "image/png"
    assert op.body.content[1].type == Primitive("string", "binary")
    assert [r.status for r in op.responses] == ["201", "4XX", "default"]
    created = op.responses[0]
    assert created.headers[0].name == "Location" and created.headers[0].required
    assert created.links[0].operation_id == "get"
    assert created.content[0].examples[0].value == {"id": "1"}
    assert [r.schemes for r in op.security] == [(("key", ()),), (("oauth", ("write",)),)]
    assert api.security[0].schemes == (("key", ()),)
    kinds = {s.name: (s.kind, s.location, s.scheme) for s in api.security_schemes}
    assert kinds == {
        "key": ("apiKey", "header", None),
        "oauth": ("oauth2", None, None),
        "basic": ("http", None, "basic"),
        "oidc": ("openIdConnect", None, None),
    }
    assert api.security_scheme("oauth").flows[0].kind == "clientCredentials"  # type: ignore[union-attr]
    assert op.deprecated and op.tags == ("files",) and api.tags[0].name == "files"


def test_swagger2_is_normalised(write_spec: WriteSpec) -> None:
    doc = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "host": "api.x.io",
        "basePath": "/v1",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json", "application/xml"],
        "securityDefinitions": {
            "b": {"type": "basic"},
            "o": {
                "type": "oauth2",
                "flow": "application",
                "tokenUrl": "https://x/t",
                "scopes": {"r": "read"},
            },
        },
        "paths": {
            "/items": {
                "post": {
                    "parameters": [
                        {
                            "name": "body",
                            "in": "body",
                            "required": True,
                            "schema": {"$ref": "#/definitions/Item"},
                        },
                        {
                            "name": "tags",
                            "in": "query",
                            "type": "array",
                            "items": {"type": "string"},
                            "collectionFormat": "pipes",
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "schema": {"$ref": "#/definitions/Item"},
                            "headers": {"X-Rate": {"type": "integer"}},
                        }
                    },
                }
            },
            "/upload": {
                "post": {
                    "consumes": ["multipart/form-data"],
                    "parameters": [
                        {"name": "file", "in": "formData", "type": "file", "required": True},
                        {"name": "note", "in": "formData", "type": "string"},
                    ],
                    "responses": {"204": {"description": "done"}},
                }
            },
        },
        "definitions": {"Item": {"type": "object", "properties": {"n": {"type": "string"}}}},
    }
    api = api_of(write_spec(doc))
    assert [s.url for s in api.servers] == ["https://api.x.io/v1"]
    create, upload = api.operations
    assert create.body is not None and create.body.required
    assert create.body.content[0].type == ModelRef("Item")
    tags = create.parameters[0]
    assert (tags.style, tags.explode, tags.type) == (
        "pipeDelimited",
        False,
        ArrayOf(Primitive("string")),
    )
    assert [m.media_type for m in create.responses[0].content] == [
        "application/json",
        "application/xml",
    ]
    assert create.responses[0].headers[0].type == Primitive("integer")
    assert upload.body is not None and upload.body.content[0].media_type == "multipart/form-data"
    form = api.model(upload.body.content[0].type.name)  # type: ignore[union-attr]
    assert [(f.wire_name, f.type, f.required) for f in form.fields] == [
        ("file", Primitive("string", "binary"), True),
        ("note", Primitive("string"), False),
    ]
    schemes = {s.name: s for s in api.security_schemes}
    assert schemes["b"].kind == "http" and schemes["b"].scheme == "basic"
    assert schemes["o"].flows[0].kind == "clientCredentials"


def test_webhooks_callbacks_and_servers(write_spec: WriteSpec) -> None:
    doc = oas30(
        {
            "/subscribe": {
                "post": {
                    "operationId": "subscribe",
                    "callbacks": {
                        "onEvent": {
                            "{$request.body#/url}": {
                                "post": {
                                    "operationId": "onEvent",
                                    "responses": {"200": {"description": "ok"}},
                                }
                            }
                        }
                    },
                    "responses": {"201": {"description": "ok"}},
                }
            }
        },
        servers=[
            {
                "url": "https://{region}.x.io/{v}",
                "variables": {
                    "region": {"default": "eu", "enum": ["eu", "us"]},
                    "v": {"default": "v1"},
                },
            }
        ],
        webhooks={
            "petAdded": {
                "post": {"operationId": "petAdded", "responses": {"200": {"description": "ok"}}}
            }
        },
    )
    doc["openapi"] = "3.1.0"
    api = api_of(write_spec(doc))
    [hook] = api.webhooks
    assert (hook.kind, hook.path, hook.method) == ("webhook", "petAdded", "post")
    [cb] = api.operations[0].callbacks
    assert cb.expression == "{$request.body#/url}" and cb.operations[0].kind == "callback"
    assert [o.id for o in api.all_operations()] == ["subscribe", "onEvent", "petAdded"]
    assert api.servers[0].variables[0].enum == ("eu", "us")


def test_duplicate_operation_ids_get_distinct_python_names(write_spec: WriteSpec) -> None:
    ok = {"responses": {"200": {"description": "ok"}}}
    api = api_of(
        write_spec(
            oas30(
                {
                    "/a": {"get": {"operationId": "list", **ok}},
                    "/b": {"get": {"operationId": "list", **ok}},
                }
            )
        )
    )
    assert [o.py_name for o in api.operations] == ["list_", "list_2"]


def test_every_component_is_kept(write_spec: WriteSpec) -> None:
    api = api_of(
        write_spec(
            oas30(
                schemas={
                    "Id": {"type": "string", "format": "uuid"},
                    "Ids": {"type": "array", "items": {"$ref": "#/components/schemas/Id"}},
                    "Unused": {"type": "object", "properties": {"a": {"type": "string"}}},
                }
            )
        )
    )
    assert api.alias("Id").type == Primitive("string", "uuid")
    assert api.alias("Ids").type == ArrayOf(Primitive("string", "uuid"))
    assert api.model("Unused").schema_name == "Unused"


def test_positions_are_lazy_but_available(write_spec: WriteSpec) -> None:
    path = write_spec(
        oas30({"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}}})
    )
    api = api_of(path)
    pos = api.position(api.operations[0].source)
    assert pos is not None and path.read_text().splitlines()[pos[0] - 1].strip() == "get:"


def _sibling_spec(version: str) -> dict[str, Any]:
    """A property and a query parameter whose schemas are a ``$ref`` with keywords beside it."""
    money = {"type": "integer", "default": 100, "example": 250}
    beside_ref = {
        "$ref": "#/components/schemas/Money",
        "default": 0,
        "examples": [5],
        "description": "Beside the ref",
        "readOnly": True,
        "deprecated": True,
    }
    doc = oas30(
        paths={
            "/orders": {
                "get": {
                    "operationId": "list",
                    "parameters": [
                        {
                            "name": "min",
                            "in": "query",
                            "schema": {"$ref": "#/components/schemas/Money", "default": 7},
                        },
                        {
                            "name": "plain",
                            "in": "query",
                            "schema": {"$ref": "#/components/schemas/Money"},
                        },
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        schemas={
            "Money": money,
            "Order": {
                "type": "object",
                "properties": {
                    "total": beside_ref,
                    "plain": {"$ref": "#/components/schemas/Money"},
                },
            },
        },
    )
    doc["openapi"] = version
    return doc


def test_keywords_beside_a_ref_apply_in_3_1(write_spec: WriteSpec) -> None:
    api = api_of(write_spec(_sibling_spec("3.1.0")))
    total, plain = api.model("Order").fields
    assert (total.has_default, total.default) == (True, 0)  # beside the $ref wins
    assert total.examples == (5,)
    assert (total.description, total.read_only, total.deprecated) == ("Beside the ref", True, True)
    assert total.type == plain.type == Primitive("integer")  # the type is still the target's
    assert (plain.has_default, plain.default, plain.examples) == (True, 100, (250,))
    by_name = {p.wire_name: p for p in one_op(api).parameters}
    assert (by_name["min"].has_default, by_name["min"].default) == (True, 7)
    assert (by_name["plain"].has_default, by_name["plain"].default) == (True, 100)


def test_default_beside_a_ref_is_ignored_in_3_0(write_spec: WriteSpec) -> None:
    api = api_of(write_spec(_sibling_spec("3.0.3")))
    total, _ = api.model("Order").fields
    assert (total.has_default, total.default) == (True, 100)  # the target's: the $ref replaces
    assert total.examples == (250,)
    assert {p.wire_name: p.default for p in one_op(api).parameters} == {"min": 100, "plain": 100}
    # read beside a $ref in every version, as before (vendors write them there)
    assert (total.description, total.read_only, total.deprecated) == ("Beside the ref", True, True)


def test_a_3_1_default_beside_a_ref_reaches_the_diff(write_spec: WriteSpec) -> None:
    from apigen.diff.engine import compare

    old = _sibling_spec("3.1.0")
    new = _sibling_spec("3.1.0")
    new["paths"]["/orders"]["get"]["parameters"][0]["schema"]["default"] = 8
    changes = compare(api_of(write_spec(old, "old.yaml")), api_of(write_spec(new, "new.yaml")))
    assert [c.id for c in changes] == ["request-parameter-default-value-changed"]
    assert "from 7 to 8" in changes[0].message


DEPTH = 1000


def chain(link: Any, depth: int = DEPTH) -> dict[str, Any]:
    """Components A0 -> A1 -> ... -> A{depth}, each made by ``link(ref to the next, i)``."""
    schemas = {f"A{i}": link({"$ref": f"#/components/schemas/A{i + 1}"}, i) for i in range(depth)}
    schemas[f"A{depth}"] = {"type": "object", "properties": {"end": {"type": "string"}}}
    paths = {"/a": {"get": {"responses": json_response({"$ref": "#/components/schemas/A0"})}}}
    return oas30(paths, schemas)


def test_thousand_deep_ref_chains_normalise(write_spec: WriteSpec) -> None:
    """Each shape of chain once: a property, an allOf part, array items, a oneOf option, a
    plain ``$ref``.  Recursion per link would overflow Python's stack (~1,000 frames)."""
    shapes = {
        "property": lambda ref, i: {"type": "object", "properties": {"next": ref}},
        "allOf": lambda ref, i: {"allOf": [ref, {"type": "object", "description": f"{i}"}]},
        "array": lambda ref, i: {"type": "array", "items": ref},
        "oneOf": lambda ref, i: {"oneOf": [ref, {"type": "integer"}]},
        "ref": lambda ref, i: ref,
    }
    # An allOf chain merges every part below each link: quadratic, hence shorter (still
    # well past the ~160 links that recursion per link could take).
    depths = {"allOf": 400}
    apis = {
        name: api_of(write_spec(chain(link, depths.get(name, DEPTH)), f"{name}.json"))
        for name, link in shapes.items()
    }
    assert field_types(apis["property"], "A0") == {"next": ModelRef("A1")}
    assert field_types(apis["property"], "A999") == {"next": ModelRef("A1000")}
    assert field_types(apis["allOf"], "A0") == {"end": Primitive("string")}  # merged
    assert apis["allOf"].model("A0").all_of == ("A400",)  # the one object-shaped part
    # Arrays of arrays: named every CHAIN_BOUND links, so no type nests deeper than that.
    nesting = []
    for alias in apis["array"].aliases:
        t, depth = alias.type, 0
        while isinstance(t, ArrayOf):
            t, depth = t.items, depth + 1
        nesting.append(depth)
        assert isinstance(t, (ModelRef, AliasRef))
    assert max(nesting) <= 25 and len(nesting) == DEPTH
    assert apis["oneOf"].alias("A0").type == UnionOf((AliasRef("A1"), Primitive("integer")))
    assert one_op(apis["ref"]).responses[0].content[0].type == ModelRef("A1000")

