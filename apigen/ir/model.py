"""The intermediate model: one typed, frozen description of an API.

Every generator and the diff read this and nothing else, so Swagger 2.0,
OpenAPI 3.0 and 3.1 all normalise into the same shapes here: one way to say
"nullable", one way to say "request body", references kept as names (so
recursive schemas are finite), every name already a safe Python identifier
made by :mod:`apigen.ir.naming`.

Types are a closed union (:data:`TypeRef`); match on it and finish with
``assert_never`` so that adding a variant makes mypy point at every consumer.

Every node carries ``source`` (file and JSON pointer).  Line numbers are not
stored: finding them costs a scan of the file, so :meth:`Api.position` looks
them up on demand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, TypeAlias

__all__ = [
    "AliasDef",
    "AliasRef",
    "AnyValue",
    "Api",
    "ArrayOf",
    "Body",
    "Callback",
    "Const",
    "Constraints",
    "Discriminator",
    "Encoding",
    "EnumDef",
    "EnumRef",
    "EnumValue",
    "Example",
    "Field",
    "Header",
    "Link",
    "MapOf",
    "MediaType",
    "Model",
    "ModelRef",
    "Nullable",
    "OAuthFlow",
    "Operation",
    "Parameter",
    "Primitive",
    "Response",
    "SecurityRequirement",
    "SecurityScheme",
    "Server",
    "ServerVariable",
    "Source",
    "Tag",
    "TypeRef",
    "UnionOf",
    "HTTP_METHODS",
]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

#: A JSON value as found in the spec (examples, defaults, enum values).
Json: TypeAlias = Any


@dataclass(frozen=True, slots=True)
class Source:
    """Where an IR node comes from: the file (as named in messages) and a JSON pointer."""

    file: str
    pointer: str


# --------------------------------------------------------------------------- types


@dataclass(frozen=True, slots=True)
class Constraints:
    """JSON Schema validation keywords, normalised.

    Exclusive bounds are always values (the 3.1 form): 3.0's boolean
    ``exclusiveMinimum: true`` with ``minimum: 5`` becomes ``exclusive_minimum=5``.
    """

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    min_properties: int | None = None
    max_properties: int | None = None

    def is_empty(self) -> bool:
        return self == _NO_CONSTRAINTS


_NO_CONSTRAINTS = Constraints()

PrimitiveKind = Literal["string", "integer", "number", "boolean"]


@dataclass(frozen=True, slots=True)
class Primitive:
    """A scalar; ``format`` is kept as written (``date-time``, ``uuid``, ``binary``...).

    ``media_type`` is a 3.1 string's ``contentMediaType`` when no ``contentEncoding`` goes
    with it: the value is then the raw content of a file of that type (3.0 says the same
    with ``format: binary``), which multipart bodies send as a file part.
    """

    kind: PrimitiveKind
    format: str | None = None
    constraints: Constraints = _NO_CONSTRAINTS
    media_type: str | None = None


@dataclass(frozen=True, slots=True)
class ArrayOf:
    items: TypeRef
    constraints: Constraints = _NO_CONSTRAINTS


@dataclass(frozen=True, slots=True)
class MapOf:
    """An object used as a dictionary: free keys, values of one type."""

    values: TypeRef
    constraints: Constraints = _NO_CONSTRAINTS


@dataclass(frozen=True, slots=True)
class ModelRef:
    """A reference to :attr:`Api.models` by (class) name."""

    name: str


@dataclass(frozen=True, slots=True)
class EnumRef:
    """A reference to :attr:`Api.enums` by (class) name."""

    name: str


@dataclass(frozen=True, slots=True)
class AliasRef:
    """A reference to :attr:`Api.aliases`: a named union or a recursive non-object type."""

    name: str


@dataclass(frozen=True, slots=True)
class Discriminator:
    property_name: str
    #: discriminator value -> model name, explicit mapping first, then implicit ones.
    mapping: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class UnionOf:
    """``oneOf`` (exactly one matches) or ``anyOf`` (at least one), never containing null."""

    options: tuple[TypeRef, ...]
    kind: Literal["oneOf", "anyOf"] = "oneOf"
    discriminator: Discriminator | None = None


@dataclass(frozen=True, slots=True)
class Nullable:
    """``inner`` or null: 3.0 ``nullable: true``, 3.1 ``type: [x, "null"]``, 2.0 ``x-nullable``."""

    inner: TypeRef


@dataclass(frozen=True, slots=True)
class Const:
    """Exactly one JSON value (``const``)."""

    value: Json


@dataclass(frozen=True, slots=True)
class AnyValue:
    """Any JSON value: the schema says nothing usable (or could not be typed: see warnings)."""


TypeRef: TypeAlias = (
    Primitive
    | ArrayOf
    | MapOf
    | ModelRef
    | EnumRef
    | AliasRef
    | UnionOf
    | Nullable
    | Const
    | AnyValue
)


# --------------------------------------------------------------------------- named types


@dataclass(frozen=True, slots=True)
class Field:
    """A property of a model."""

    wire_name: str
    py_name: str
    type: TypeRef
    required: bool
    source: Source
    description: str | None = None
    has_default: bool = False
    default: Json = None
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    examples: tuple[Json, ...] = ()


@dataclass(frozen=True, slots=True)
class Model:
    """An object schema. ``all_of`` names the models it extends; their fields are included.

    ``additional`` is the type of extra properties: ``AnyValue()`` when open
    (the JSON Schema default), ``None`` when ``additionalProperties: false``.
    """

    name: str
    fields: tuple[Field, ...]
    source: Source
    schema_name: str | None = None
    description: str | None = None
    additional: TypeRef | None = AnyValue()
    all_of: tuple[str, ...] = ()
    deprecated: bool = False
    examples: tuple[Json, ...] = ()

    @property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)


@dataclass(frozen=True, slots=True)
class EnumValue:
    value: Json
    py_name: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class EnumDef:
    """A named enum. ``kind`` is the JSON type of its values (``mixed`` when they differ)."""

    name: str
    kind: Literal["string", "integer", "number", "boolean", "mixed"]
    values: tuple[EnumValue, ...]
    source: Source
    schema_name: str | None = None
    description: str | None = None
    deprecated: bool = False


@dataclass(frozen=True, slots=True)
class AliasDef:
    """A named non-object type: a component that is a union, or a recursive array/map."""

    name: str
    type: TypeRef
    source: Source
    schema_name: str | None = None
    description: str | None = None


# --------------------------------------------------------------------------- operations

ParameterLocation = Literal["path", "query", "header", "cookie"]


@dataclass(frozen=True, slots=True)
class Parameter:
    """A parameter with ``style``/``explode`` made explicit (defaults applied)."""

    wire_name: str
    py_name: str
    location: ParameterLocation
    type: TypeRef
    required: bool
    style: str
    explode: bool
    source: Source
    description: str | None = None
    deprecated: bool = False
    has_default: bool = False
    default: Json = None
    allow_empty_value: bool = False
    allow_reserved: bool = False
    #: set when the parameter is described with ``content`` instead of ``schema``.
    media_type: str | None = None
    examples: tuple[Json, ...] = ()


@dataclass(frozen=True, slots=True)
class Example:
    name: str
    value: Json
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class Encoding:
    """Per-property encoding of a multipart or form body."""

    property_name: str
    content_type: str | None = None
    style: str | None = None
    explode: bool | None = None


@dataclass(frozen=True, slots=True)
class MediaType:
    media_type: str
    type: TypeRef
    source: Source
    examples: tuple[Example, ...] = ()
    encoding: tuple[Encoding, ...] = ()


@dataclass(frozen=True, slots=True)
class Body:
    content: tuple[MediaType, ...]
    required: bool
    source: Source
    description: str | None = None

    def media(self, media_type: str) -> MediaType | None:
        return next((m for m in self.content if m.media_type == media_type), None)


@dataclass(frozen=True, slots=True)
class Header:
    name: str
    py_name: str
    type: TypeRef
    required: bool
    source: Source
    description: str | None = None
    deprecated: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """An OpenAPI link: how a value of this response feeds another operation."""

    name: str
    source: Source
    operation_id: str | None = None
    operation_ref: str | None = None
    parameters: tuple[tuple[str, Json], ...] = ()
    request_body: Json = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Response:
    """``status`` is as written: ``"200"``, ``"2XX"`` or ``"default"``."""

    status: str
    source: Source
    description: str | None = None
    content: tuple[MediaType, ...] = ()
    headers: tuple[Header, ...] = ()
    links: tuple[Link, ...] = ()

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")


@dataclass(frozen=True, slots=True)
class SecurityRequirement:
    """One alternative of a ``security`` list: all of its schemes apply together.

    An empty ``schemes`` tuple means "no authentication" (``{}`` in the spec).
    """

    schemes: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class Callback:
    name: str
    expression: str
    operations: tuple[Operation, ...]
    source: Source


OperationKind = Literal["path", "webhook", "callback"]


@dataclass(frozen=True, slots=True)
class Operation:
    """One method on one path (or webhook, or callback URL expression).

    ``security`` is the effective requirement: the operation's own list when it
    has one, else the document's global one.  Empty means no authentication.
    """

    id: str
    py_name: str
    method: str
    path: str
    source: Source
    kind: OperationKind = "path"
    tags: tuple[str, ...] = ()
    summary: str | None = None
    description: str | None = None
    parameters: tuple[Parameter, ...] = ()
    body: Body | None = None
    responses: tuple[Response, ...] = ()
    security: tuple[SecurityRequirement, ...] = ()
    deprecated: bool = False
    callbacks: tuple[Callback, ...] = ()
    #: True when ``operationId`` was absent and ``id`` was derived from method and path.
    derived_id: bool = False
    extensions: tuple[tuple[str, Json], ...] = ()

    def parameters_in(self, location: ParameterLocation) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)

    @property
    def success_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if r.is_success)


# --------------------------------------------------------------------------- API level


@dataclass(frozen=True, slots=True)
class OAuthFlow:
    """``kind``: ``implicit``, ``password``, ``clientCredentials`` or ``authorizationCode``."""

    kind: str
    scopes: tuple[tuple[str, str], ...]
    authorization_url: str | None = None
    token_url: str | None = None
    refresh_url: str | None = None


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    """``kind``: ``apiKey``, ``http``, ``oauth2``, ``openIdConnect`` or ``mutualTLS``."""

    name: str
    py_name: str
    kind: str
    source: Source
    description: str | None = None
    location: str | None = None  # apiKey: header | query | cookie
    parameter_name: str | None = None  # apiKey: the header/query/cookie name
    scheme: str | None = None  # http: basic | bearer | digest ... (lowercased)
    bearer_format: str | None = None
    flows: tuple[OAuthFlow, ...] = ()
    open_id_connect_url: str | None = None


@dataclass(frozen=True, slots=True)
class ServerVariable:
    name: str
    default: str
    enum: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    description: str | None = None
    variables: tuple[ServerVariable, ...] = ()


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    py_name: str
    description: str | None = None


@dataclass(frozen=True)
class Api:
    """The whole API. Named types are looked up by name with :meth:`model` and friends."""

    title: str
    version: str
    openapi_version: str
    source: Source
    description: str | None = None
    servers: tuple[Server, ...] = ()
    operations: tuple[Operation, ...] = ()
    webhooks: tuple[Operation, ...] = ()
    models: tuple[Model, ...] = ()
    enums: tuple[EnumDef, ...] = ()
    aliases: tuple[AliasDef, ...] = ()
    security_schemes: tuple[SecurityScheme, ...] = ()
    security: tuple[SecurityRequirement, ...] = ()
    tags: tuple[Tag, ...] = ()
    #: (file, pointer) -> (line, column); supplied by normalise, used lazily.
    locate: Callable[[Source], tuple[int, int] | None] | None = field(
        default=None, compare=False, repr=False
    )

    @cached_property
    def _models(self) -> Mapping[str, Model]:
        return {m.name: m for m in self.models}

    @cached_property
    def _enums(self) -> Mapping[str, EnumDef]:
        return {e.name: e for e in self.enums}

    @cached_property
    def _aliases(self) -> Mapping[str, AliasDef]:
        return {a.name: a for a in self.aliases}

    def model(self, name: str) -> Model:
        return self._models[name]

    def enum(self, name: str) -> EnumDef:
        return self._enums[name]

    def alias(self, name: str) -> AliasDef:
        return self._aliases[name]

    def security_scheme(self, name: str) -> SecurityScheme | None:
        return next((s for s in self.security_schemes if s.name == name), None)

    def all_operations(self) -> tuple[Operation, ...]:
        """Paths, webhooks and callbacks, in document order."""
        found: list[Operation] = []
        for op in (*self.operations, *self.webhooks):
            found.append(op)
            for cb in op.callbacks:
                found.extend(cb.operations)
        return tuple(found)

    def position(self, source: Source) -> tuple[int, int] | None:
        """(line, column) of a node in its file, computed on first use."""
        return self.locate(source) if self.locate else None
