"""A hand-written "generated" server: OperationSpecs, models, handlers, hooks and contract.

It stands in for what the server generator emits, covering every runtime feature: each
parameter style, each body kind, each security scheme, every kind of answer.  The same
handler logic serves both frameworks: FastAPI gets ``async def`` wrappers of the pet and
security handlers (the style echoes stay plain functions, which FastAPI runs in a thread).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal

from apigen_server_runtime import (
    BodySpec,
    MediaSpec,
    OperationSpec,
    OperationTypes,
    ParamSpec,
    Principal,
    Problem,
    Reply,
    RequestContext,
    ResponseSpec,
    SchemeSpec,
    SecurityHooks,
    UploadedFile,
)
from pydantic import BaseModel, ConfigDict, Field

# ----------------------------------------------------------------------------- models


class Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class Owner(Model):
    name: str
    age: int


class NewPet(Model):
    name: str = Field(min_length=1)
    tag: str | None = None
    pet_type: str = Field("dog", alias="pet-type")
    owner: Owner | None = None


class Pet(Model):
    id: int
    name: str
    tag: str | None = None
    pet_type: str = Field("dog", alias="pet-type")


class Point(Model):
    x: int
    y: int


class Range(Model):
    min: int
    max: int


class Filter(Model):
    name: str | None = None
    range: Range | None = None


class Account(Model):
    __apigen_write_only__: ClassVar[frozenset[str]] = frozenset({"password"})
    id: int
    login: str
    password: str | None = None


class Cat(Model):
    kind: Literal["cat"]
    lives: int


class Dog(Model):
    kind: Literal["dog"]
    good: bool


Animal = Annotated[Cat | Dog, Field(discriminator="kind")]


class PhotoForm(Model):
    photo: UploadedFile
    caption: str | None = None
    tags: list[str] = []
    extra: list[UploadedFile] = []
    thumb: bytes | None = None
    meta: Point | None = None


class PetForm(Model):
    name: str
    age: int
    tags: list[str] = []


class CallForm(BaseModel):
    """Like a generated form model: wire names as ``validation_alias`` (Twilio's
    ``StatusCallbackEvent``), and a model defined further down (a forward reference that
    pydantic leaves unresolved in ``model_fields``)."""

    events: list[str] | None = Field(
        default=None, validation_alias="StatusCallbackEvent", serialization_alias="Events"
    )
    counts: list[int] | None = Field(default=None, validation_alias="Count")
    settings: CallSettings | None = Field(default=None, validation_alias="Settings")
    legs: list[CallSettings] | None = Field(default=None, validation_alias="Legs")


class CallSettings(BaseModel):
    record: bool
    timeout: int = 30


# ----------------------------------------------------------------------------- contract

PET_SCHEMA = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "name": {"type": "string", "minLength": 1},
        "tag": {"type": ["string", "null"]},
        "pet-type": {"type": "string", "enum": ["dog", "cat"]},
    },
}


def _json(schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema, **extra}}}


CONTRACT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Pet Shop", "version": "1.2.3"},
    "paths": {
        "/pets": {
            "get": {
                "operationId": "list_pets",
                "responses": {
                    "200": _json(
                        {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
                        example=[{"id": 7, "name": "Rex"}],
                    )
                },
            },
        },
        "/todo": {
            "get": {
                "operationId": "todo",
                "responses": {
                    "200": _json(
                        {"$ref": "#/components/schemas/Pet"},
                        examples={
                            "first": {"$ref": "#/components/examples/Tom"},
                            "second": {"value": {"id": 2, "name": "Jerry"}},
                        },
                    ),
                    "404": {"description": "missing"},
                },
            }
        },
        "/todo/generated": {
            "get": {
                "operationId": "todo_generated",
                "responses": {"201": {"$ref": "#/components/responses/PetList"}},
            }
        },
        "/todo/text": {
            "get": {
                "operationId": "todo_text",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"text/plain": {"schema": {"type": "string"}, "example": "hi"}},
                    }
                },
            }
        },
        "/todo/empty": {
            "delete": {"operationId": "todo_empty", "responses": {"204": {"description": "gone"}}}
        },
    },
    "components": {
        "schemas": {
            "Pet": PET_SCHEMA,
            "Tree": {
                "type": "object",
                "required": ["label", "children"],
                "properties": {
                    "label": {"type": "string", "pattern": "^[a-z]{3}-\\d{2}$"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
                    "parent": {"anyOf": [{"$ref": "#/components/schemas/Tree"}, {"type": "null"}]},
                },
            },
        },
        "responses": {
            "PetList": {
                "description": "pets",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["pets", "tree"],
                            "properties": {
                                "pets": {
                                    "type": "array",
                                    "minItems": 2,
                                    "uniqueItems": True,
                                    "items": {"$ref": "#/components/schemas/Pet"},
                                },
                                "tree": {"$ref": "#/components/schemas/Tree"},
                                "when": {"type": "string", "format": "date-time"},
                                "score": {
                                    "type": "number",
                                    "exclusiveMinimum": 0,
                                    "maximum": 1,
                                },
                            },
                        }
                    }
                },
            }
        },
        "examples": {"Tom": {"value": {"id": 1, "name": "Tom", "pet-type": "cat"}}},
    },
}

# ----------------------------------------------------------------------------- security

SCHEMES = {
    "key_header": SchemeSpec("key_header", "apiKey", "header", "X-API-Key"),
    "key_query": SchemeSpec("key_query", "apiKey", "query", "api_key"),
    "key_cookie": SchemeSpec("key_cookie", "apiKey", "cookie", "sid"),
    "basic": SchemeSpec("basic", "basic", scheme_name="basic"),
    "bearer": SchemeSpec("bearer", "bearer", scheme_name="bearer"),
    "oauth": SchemeSpec("oauth", "oauth2"),
    "oidc": SchemeSpec("oidc", "openIdConnect"),
    "digest": SchemeSpec("digest", "other", scheme_name="digest"),
}

TOKENS = {
    "good-token": Principal("bob", frozenset({"pets:read"})),
    "admin-token": Principal("root", frozenset({"pets:read", "pets:write"}), {"admin": True}),
}


class Hooks(SecurityHooks):
    """Accepts a few fixed credentials."""

    def api_key(self, scheme: SchemeSpec, key: str) -> Principal | None:
        return Principal(f"key:{scheme.name}") if key == "good-key" else None

    def basic(self, scheme: SchemeSpec, username: str, password: str) -> Principal | None:
        return Principal(username) if (username, password) == ("alice", "wonder:land") else None

    def bearer(self, scheme: SchemeSpec, token: str) -> Principal | None:
        return TOKENS.get(token)


class AsyncHooks(Hooks):
    """The same hooks as coroutines (the FastAPI adapter awaits them)."""

    async def api_key(self, scheme: SchemeSpec, key: str) -> Principal | None:  # type: ignore[override]
        return Hooks.api_key(self, scheme, key)

    async def bearer(self, scheme: SchemeSpec, token: str) -> Principal | None:  # type: ignore[override]
        return Hooks.bearer(self, scheme, token)


# ----------------------------------------------------------------------------- operations


def types(
    params: dict[str, Any] | None = None,
    body: dict[str, Any] | None = None,
    responses: dict[str, Any] | None = None,
) -> Callable[[], OperationTypes]:
    return lambda: OperationTypes(params or {}, body or {}, responses or {})


def p(name: str, location: str, annotation: Any = str, **kw: Any) -> tuple[ParamSpec, Any]:
    """A ParamSpec with OpenAPI's default style/explode for its location, and its type."""
    style = kw.pop("style", "simple" if location in ("path", "header") else "form")
    explode = kw.pop("explode", style == "form")
    required = kw.pop("required", location == "path")
    wire = kw.pop("wire", name)
    spec = ParamSpec(name, wire, location, style, explode, required, **kw)  # type: ignore[arg-type]
    return spec, annotation


JSON = (MediaSpec("application/json", "json"),)


#: operation id -> names of its path parameters, which the runtime passes by position
PATH_NAMES: dict[str, list[str]] = {}


def echo_op(op_id: str, path: str, *params: tuple[ParamSpec, Any], method: str = "GET") -> Any:
    PATH_NAMES[op_id] = [spec.name for spec, _ in params if spec.location == "path"]
    return OperationSpec(
        op_id,
        method,
        path,
        "styles",
        "echo",
        tuple(spec for spec, _ in params),
        responses=(ResponseSpec("200", ("application/json",)),),
        types=types({spec.name: a for spec, a in params}, responses={"200": dict[str, Any]}),
    )


def secure_op(op_id: str, *alternatives: tuple[tuple[str, tuple[str, ...]], ...]) -> Any:
    return OperationSpec(
        op_id,
        "GET",
        f"/secure/{op_id}",
        "secure",
        "whoami",
        responses=(ResponseSpec("200", ("application/json",)),),
        security=alternatives,
        types=types(responses={"200": dict[str, Any]}),
    )


PET_ID = p("pet_id", "path", int, wire="pet-id")
POINT = Point

STYLE_OPS = [
    echo_op(
        "path_simple", "/p/simple/{s}/{a}/{o}",
        p("s", "path", int), p("a", "path", list[int], shape="array"),
        p("o", "path", POINT, shape="object"),
    ),
    echo_op(
        "path_simple_x", "/p/simple-x/{a}/{o}",
        p("a", "path", list[int], shape="array", explode=True),
        p("o", "path", POINT, shape="object", explode=True),
    ),
    echo_op(
        "path_label", "/p/label/{s}/{a}/{o}",
        p("s", "path", int, style="label"), p("a", "path", list[int], style="label", shape="array"),
        p("o", "path", POINT, style="label", shape="object"),
    ),
    echo_op(
        "path_label_x", "/p/label-x/{a}/{o}",
        p("a", "path", list[int], style="label", shape="array", explode=True),
        p("o", "path", POINT, style="label", shape="object", explode=True),
    ),
    echo_op(
        "path_matrix", "/p/matrix/{s}/{a}/{o}",
        p("s", "path", int, style="matrix"),
        p("a", "path", list[int], style="matrix", shape="array"),
        p("o", "path", POINT, style="matrix", shape="object"),
    ),
    echo_op(
        "path_matrix_x", "/p/matrix-x/{a}/{o}",
        p("a", "path", list[int], style="matrix", shape="array", explode=True),
        p("o", "path", POINT, style="matrix", shape="object", explode=True),
    ),
    echo_op(
        "query_styles", "/q",
        p("s", "query", int, required=True),
        p("a", "query", list[int] | None, shape="array"),
        p("b", "query", list[int] | None, shape="array", explode=False),
        p("o", "query", Point | None, shape="object", properties=("x", "y")),
        p("f", "query", Point | None, shape="object", explode=False),
        p("sp", "query", list[int] | None, shape="array", style="spaceDelimited", explode=False),
        p("pp", "query", list[str] | None, shape="array", style="pipeDelimited", explode=False),
        p("d", "query", Filter | None, shape="object", style="deepObject", explode=True),
        p("e", "query", str | None, allow_empty=True),
        p("n", "query", str | None),
        p("dflt", "query", int, default="7"),
        p("j", "query", Point | None, content="application/json"),
        p("page_size", "query", int | None, wire="page[size]"),
    ),
    # the same path, its parameter named differently per method (against the rules)
    echo_op("thing_get", "/things/{thing-id}", p("thing_id", "path", int, wire="thing-id")),
    echo_op("thing_delete", "/things/{id}", p("id", "path", int), method="DELETE"),
    # '<' and '>' are literal path text in OpenAPI (DigitalOcean: /v2/.../<upload_url>)
    echo_op("angle", "/odd/<upload_url>"),
    echo_op("angle_mixed", "/odd/x<y>{id}/z", p("id", "path", int)),
    echo_op("odd_name", "/odd/{name}", p("name", "path", str)),
    echo_op(
        "query_free", "/q/free",
        p("limit", "query", int | None),
        p("rest", "query", dict[str, str] | None, shape="object"),
    ),
    echo_op(
        "header_styles", "/h",
        p("x_int", "header", int, wire="X-Int", required=True),
        p("x_list", "header", list[int] | None, wire="X-List", shape="array"),
        p("x_obj", "header", Point | None, wire="X-Obj", shape="object"),
        p("x_objx", "header", Point | None, wire="X-Obj-X", shape="object", explode=True),
    ),
    echo_op(
        "cookie_styles", "/c",
        p("session", "cookie", str, required=True),
        p("ids", "cookie", list[int] | None, shape="array", explode=False),
        p("pt", "cookie", Point | None, shape="object", explode=False),
    ),
]  # fmt: skip


LIST = "/paths/~1pets/get/responses"
TODO = "/paths/~1todo"


def pet_op(op_id: str, method: str, path: str, **kw: Any) -> OperationSpec:
    return OperationSpec(op_id, method, path, "pets", op_id, **kw)


PET_OPS = [
    pet_op(
        "get_pet", "GET", "/pets/{pet-id}", params=(PET_ID[0],),
        responses=(
            ResponseSpec("200", ("application/json",)),
            ResponseSpec("404", ("application/json",)),
        ),
        types=types({"pet_id": int}, responses={"200": Pet, "404": dict[str, str]}),
    ),
    pet_op(
        "list_pets", "GET", "/pets",
        params=(p("limit", "query", int, default=20)[0], p("tags", "query", shape="array")[0]),
        responses=(ResponseSpec("200", ("application/json",), (), f"{LIST}/200"),),
        types=types({"limit": int, "tags": list[str] | None}, responses={"200": list[Pet]}),
    ),
    pet_op(
        "create_pet", "POST", "/pets", body=BodySpec(True, JSON),
        responses=(
            ResponseSpec("201", ("application/json",)),
            ResponseSpec("default", ("application/problem+json",)),
        ),
        types=types(body={"application/json": NewPet}, responses={"201": Pet, "default": Any}),
    ),
    pet_op(
        "get_mine", "GET", "/pets/mine",
        responses=(ResponseSpec("200", ("application/json",)),),
        types=types(responses={"200": list[Pet]}),
    ),
    pet_op(
        "delete_pet", "DELETE", "/pets/{pet-id}", params=(PET_ID[0],),
        responses=(ResponseSpec("204"),),
        types=types({"pet_id": int}, responses={"204": None}),
    ),
    pet_op(
        "head_pet", "HEAD", "/pets/{pet-id}", params=(PET_ID[0],),
        responses=(ResponseSpec("200", (), ("X-Exists",)),),
        types=types({"pet_id": int}, responses={"200": None}),
    ),
    pet_op(
        "options_pets", "OPTIONS", "/pets",
        responses=(ResponseSpec("204"),), types=types(responses={"204": None}),
    ),
    pet_op(
        "trace_pets", "TRACE", "/pets",
        responses=(ResponseSpec("200", ("text/plain",)),), types=types(responses={"200": str}),
    ),
    pet_op(
        "patch_pet", "PATCH", "/pets/{pet-id}", params=(PET_ID[0],), body=BodySpec(False, JSON),
        responses=(ResponseSpec("200", ("application/json",)),),
        types=types(
            {"pet_id": int}, {"application/json": NewPet}, {"200": dict[str, Any]}
        ),
    ),
    pet_op(
        "pet_card", "GET", "/pets/{pet-id}/card", params=(PET_ID[0],),
        responses=(ResponseSpec("200", ("application/json", "text/plain"), ("X-Card",)),),
        types=types({"pet_id": int}, responses={"200": Pet}),
    ),
    pet_op(
        "upload_photo", "POST", "/pets/{pet-id}/photo", params=(PET_ID[0],),
        body=BodySpec(True, (MediaSpec("multipart/form-data", "multipart"),)),
        responses=(ResponseSpec("200", ("application/json",)),),
        types=types(
            {"pet_id": int}, {"multipart/form-data": PhotoForm}, {"200": dict[str, Any]}
        ),
    ),
    pet_op(
        "upload_loose", "POST", "/pets/{pet-id}/files", params=(PET_ID[0],),
        body=BodySpec(True, (MediaSpec("multipart/form-data", "multipart"),)),
        responses=(ResponseSpec("200", ("application/json",)),),
        types=types(
            {"pet_id": int},
            {"multipart/form-data": dict[str, UploadedFile | str]},
            {"200": dict[str, Any]},
        ),
    ),
    pet_op(
        "form_pet", "POST", "/pets/form",
        body=BodySpec(True, (MediaSpec("application/x-www-form-urlencoded", "form"), *JSON)),
        responses=(ResponseSpec("200", ("application/json",)),),
        types=types(
            body={"application/x-www-form-urlencoded": PetForm, "application/json": PetForm},
            responses={"200": PetForm},
        ),
    ),
    pet_op(
        "create_call", "POST", "/calls",
        body=BodySpec(True, (
            MediaSpec("application/x-www-form-urlencoded", "form"),
            MediaSpec("multipart/form-data", "multipart"),
        )),
        responses=(ResponseSpec("200", ("application/json",)),),
        types=types(
            body={"application/x-www-form-urlencoded": CallForm, "multipart/form-data": CallForm},
            responses={"200": dict[str, Any]},
        ),
    ),
    pet_op(
        "put_blob", "PUT", "/blobs/{name}", params=(p("name", "path")[0],),
        body=BodySpec(True, (
            MediaSpec("application/octet-stream", "binary"), MediaSpec("image/*", "binary"),
        )),
        responses=(ResponseSpec("200", ("application/octet-stream",), ("X-Size",)),),
        types=types(
            {"name": str},
            {"application/octet-stream": bytes, "image/*": bytes},
            {"200": bytes},
        ),
    ),
    pet_op(
        "post_note", "POST", "/notes",
        body=BodySpec(True, (MediaSpec("text/plain", "text"),)),
        responses=(ResponseSpec("200", ("text/plain",)),),
        types=types(body={"text/plain": str}, responses={"200": str}),
    ),
    pet_op(
        "post_animal", "POST", "/animals", body=BodySpec(True, JSON),
        responses=(ResponseSpec("200", ("application/json",)),),
        types=types(body={"application/json": Animal}, responses={"200": Animal}),
    ),
    pet_op(
        "broken", "GET", "/broken",
        responses=(ResponseSpec("200", ("application/json",)),),
        types=types(responses={"200": Pet}),
    ),
    pet_op(
        "crash", "GET", "/crash",
        responses=(ResponseSpec("200", ("application/json",)),),
        types=types(responses={"200": Pet}),
    ),
    pet_op(
        "undeclared", "GET", "/undeclared",
        responses=(ResponseSpec("200", ("application/json",)),),
        types=types(responses={"200": Pet}),
    ),
    pet_op(
        "me", "GET", "/accounts/me",
        responses=(ResponseSpec("200", ("application/json",)),),
        types=types(responses={"200": Account}),
    ),
    pet_op(
        "todo", "GET", "/todo",
        responses=(
            ResponseSpec("200", ("application/json",), (), "/paths/~1todo/get/responses/200"),
            ResponseSpec("404"),
        ),
        types=types(responses={"200": Pet, "404": None}),
    ),
    pet_op(
        "todo_generated", "GET", "/todo/generated",
        responses=(
            ResponseSpec("201", ("application/json",), (), f"#{TODO}~1generated/get/responses/201"),
        ),
        types=types(responses={"201": dict[str, Any]}),
    ),
    pet_op(
        "todo_text", "GET", "/todo/text",
        responses=(ResponseSpec("200", ("text/plain",), (), f"{TODO}~1text/get/responses/200"),),
        types=types(responses={"200": str}),
    ),
    pet_op(
        "todo_empty", "DELETE", "/todo/empty",
        responses=(ResponseSpec("204", (), (), "/paths/~1todo~1empty/delete/responses/204"),),
        types=types(responses={"204": None}),
    ),
    pet_op("no_handler", "GET", "/nobody", responses=(ResponseSpec("204"),)),
    OperationSpec(
        "orphan", "GET", "/orphan", "ghosts", "orphan", responses=(ResponseSpec("204"),)
    ),
]  # fmt: skip

SECURE_OPS = [
    secure_op("key_header", (("key_header", ()),)),
    secure_op("key_query", (("key_query", ()),)),
    secure_op("key_cookie", (("key_cookie", ()),)),
    secure_op("basic", (("basic", ()),)),
    secure_op("bearer", (("bearer", ()),)),
    secure_op("oauth_read", (("oauth", ("pets:read",)),)),
    secure_op("oauth_write", (("oauth", ("pets:read", "pets:write")),)),
    secure_op("oidc", (("oidc", ("openid",)),), (("basic", ()),)),
    secure_op("either", (("bearer", ()),), (("key_header", ()),)),
    secure_op("both", (("key_header", ()), ("bearer", ()))),
    secure_op("optional", (("bearer", ()),), ()),
    secure_op("digest", (("digest", ()),)),
]

#: Literal /pets/mine is listed after /pets/{pet-id} on purpose: the adapters must sort.
OPERATIONS = [*PET_OPS, *STYLE_OPS, *SECURE_OPS]

# ----------------------------------------------------------------------------- handlers

PETS = {1: Pet(id=1, name="Tom", tag="cat", pet_type="cat")}


class PetHandlers:
    """The pet operations, written once (FastAPI gets async wrappers)."""

    def get_pet(self, pet_id: int, *, ctx: RequestContext) -> Pet | Reply:
        if pet_id == 410:
            raise Problem(410, "Gone", "that pet left", headers={"X-Why": "moved"})
        pet = PETS.get(pet_id)
        if pet is None:
            return Reply(404, {"detail": f"no pet {pet_id}"})
        return pet

    def list_pets(self, *, limit: int, tags: list[str] | None, ctx: RequestContext) -> Any:
        return [{"id": i, "name": f"pet{i}", "tag": ",".join(tags or [])} for i in range(1, 3)][
            :limit
        ]

    def create_pet(self, *, body: NewPet, ctx: RequestContext) -> Pet:
        return Pet(id=99, name=body.name, tag=body.tag, pet_type=body.pet_type)

    def get_mine(self, *, ctx: RequestContext) -> list[Pet]:
        return [PETS[1]]

    def delete_pet(self, pet_id: int, *, ctx: RequestContext) -> None:
        return None

    def head_pet(self, pet_id: int, *, ctx: RequestContext) -> Reply:
        return Reply(200, None, {"X-Exists": str(pet_id in PETS).lower()})

    def options_pets(self, *, ctx: RequestContext) -> Reply:
        return Reply(204, None, {"Allow": "GET, POST, OPTIONS, TRACE"})

    def trace_pets(self, *, ctx: RequestContext) -> str:
        return f"{ctx.operation_id} {ctx.headers.get('x-trace', '')}"

    def patch_pet(self, pet_id: int, *, body: NewPet | None, ctx: RequestContext) -> Any:
        return {"pet_id": pet_id, "body": None if body is None else body.name}

    def pet_card(self, pet_id: int, *, ctx: RequestContext) -> Reply:
        if pet_id == 2:
            return Reply(200, "not a pet", media_type="image/png")
        return Reply(200, f"card of {pet_id}", {"X-Card": "yes"}, "text/plain")

    def upload_photo(self, pet_id: int, *, body: PhotoForm, ctx: RequestContext) -> Any:
        return {
            "photo": [body.photo.filename, body.photo.content_type, body.photo.text()],
            "caption": body.caption,
            "tags": body.tags,
            "extra": [f.filename for f in body.extra],
            "thumb": None if body.thumb is None else len(body.thumb),
            "meta": None if body.meta is None else body.meta.model_dump(),
        }

    def upload_loose(self, pet_id: int, *, body: dict[str, Any], ctx: RequestContext) -> Any:
        return {
            k: [v.filename, v.data.decode()] if isinstance(v, UploadedFile) else v
            for k, v in body.items()
        }

    def create_call(self, *, body: CallForm, ctx: RequestContext) -> dict[str, Any]:
        return body.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def form_pet(self, *, body: PetForm, ctx: RequestContext) -> PetForm:
        return body

    def put_blob(self, name: str, *, body: bytes, ctx: RequestContext) -> Reply:
        ctype = ctx.headers.get("content-type", "")
        return Reply(200, body[::-1], {"X-Size": str(len(body)), "X-Type": ctype})

    def post_note(self, *, body: str, ctx: RequestContext) -> str:
        return body.upper()

    def post_animal(self, *, body: Cat | Dog, ctx: RequestContext) -> Cat | Dog:
        return body

    def broken(self, *, ctx: RequestContext) -> Any:
        return {"id": "not-a-number", "name": "x"}

    def crash(self, *, ctx: RequestContext) -> Any:
        raise RuntimeError("secret database password in this message")

    def undeclared(self, *, ctx: RequestContext) -> Reply:
        return Reply(418, {"tea": True})

    def me(self, *, ctx: RequestContext) -> Account:
        return Account(id=5, login="neo", password="hunter2")

    def todo(self, *, ctx: RequestContext) -> Pet:
        raise NotImplementedError

    def todo_generated(self, *, ctx: RequestContext) -> Any:
        raise NotImplementedError

    def todo_text(self, *, ctx: RequestContext) -> str:
        raise NotImplementedError

    def todo_empty(self, *, ctx: RequestContext) -> None:
        raise NotImplementedError


class StyleHandlers:
    """Echoes what the runtime parsed, and what it knows about the request."""

    def echo(self, *path: Any, **kwargs: Any) -> dict[str, Any]:
        ctx: RequestContext = kwargs.pop("ctx")
        assert not set(kwargs) & set(PATH_NAMES[ctx.operation_id]), "path parameter by name"
        kwargs.update(zip(PATH_NAMES[ctx.operation_id], path, strict=True))
        return {
            "params": {
                k: v.model_dump(mode="json") if isinstance(v, BaseModel) else v
                for k, v in kwargs.items()
            },
            "operation": ctx.operation_id,
            "request": type(ctx.request).__module__.split(".")[0],
        }


class SecureHandlers:
    def whoami(self, *, ctx: RequestContext) -> dict[str, Any]:
        principal = ctx.principal
        if principal is None:
            return {"subject": None}
        return {"subject": principal.subject, "scopes": sorted(principal.scopes)}


def asyncified(handler: object) -> object:
    """An object whose public methods are ``async def`` wrappers of ``handler``'s."""

    class Async:
        pass

    instance = Async()
    for name in dir(handler):
        if name.startswith("_"):
            continue
        method = getattr(handler, name)

        def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
            async def call(*args: Any, **kwargs: Any) -> Any:
                return fn(*args, **kwargs)

            return call

        setattr(instance, name, wrap(method))
    return instance


def handlers(asynchronous: bool) -> dict[str, object]:
    pets: object = PetHandlers()
    secure: object = SecureHandlers()
    if asynchronous:
        pets, secure = asyncified(pets), asyncified(secure)
    return {"pets": pets, "styles": StyleHandlers(), "secure": secure}
