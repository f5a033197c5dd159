"""What the generated ``operations.py`` declares about each operation: plain frozen data.

The generator writes one :class:`OperationSpec` literal per operation; the core reads them
to parse requests, check security and render responses.  Nothing here imports a web
framework or the generated models: the Python types of parameters, bodies and responses
come from :attr:`OperationSpec.types`, a zero-argument function called on the first request
of the operation, so importing a server with thousands of operations stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

__all__ = [
    "MISSING",
    "BodySpec",
    "Location",
    "MediaKind",
    "MediaSpec",
    "OperationSpec",
    "OperationTypes",
    "ParamSpec",
    "ResponseSpec",
    "SchemeKind",
    "SchemeSpec",
    "SecurityRequirement",
    "Shape",
    "media_kind",
]


class _Missing:
    """The type of :data:`MISSING`: a parameter without a default (``None`` is a value)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


#: "No default declared" (distinct from a declared ``default: null``).
MISSING: Final = _Missing()

Location = Literal["path", "query", "header", "cookie"]
Shape = Literal["scalar", "array", "object"]
MediaKind = Literal["json", "form", "multipart", "binary", "text"]
SchemeKind = Literal["apiKey", "basic", "bearer", "oauth2", "openIdConnect", "other"]

#: One alternative of an operation's ``security``: every (scheme name, required scopes)
#: pair must pass (AND).  The empty tuple means "anonymous access allowed".
SecurityRequirement = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """One path, query, header or cookie parameter as OpenAPI 3 serialises it.

    ``name`` is the Python keyword the handler receives; ``wire`` the name on the wire.
    ``style``/``explode`` are the effective values (defaults already applied by the
    generator: path/header ``simple``, query/cookie ``form``; explode true for ``form``).
    ``shape`` says how the value is split before validation.  ``properties`` lists the wire
    names of an object's properties when known: an exploded ``form`` object then takes
    only those query keys (else every query key no other parameter claims).
    ``content`` is the media type of a parameter declared with ``content`` instead of
    ``schema`` (the raw string is then decoded as JSON when it is a JSON type).
    """

    name: str
    wire: str
    location: Location
    style: str
    explode: bool
    required: bool
    shape: Shape = "scalar"
    default: Any = MISSING
    allow_empty: bool = False
    properties: tuple[str, ...] = ()
    content: str | None = None


@dataclass(frozen=True, slots=True)
class MediaSpec:
    """One declared request body media type (may hold wildcards: ``image/*``, ``*/*``)."""

    media_type: str
    kind: MediaKind


@dataclass(frozen=True, slots=True)
class BodySpec:
    """An operation's request body: whether it is required, and its media types in order."""

    required: bool
    media: tuple[MediaSpec, ...]


@dataclass(frozen=True, slots=True)
class ResponseSpec:
    """One declared response.

    ``status`` is ``"200"``, a range ``"2XX"`` or ``"default"``; ``media`` the declared
    media types (empty: no body); ``headers`` the declared header names; ``pointer`` the
    JSON pointer of the response object in the served contract (mock mode reads its
    examples and schema there).
    """

    status: str
    media: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    pointer: str = ""


@dataclass(frozen=True, slots=True)
class SchemeSpec:
    """A security scheme from ``components.securitySchemes``.

    ``kind`` folds OpenAPI's type and http scheme together: http ``basic`` -> ``"basic"``,
    http ``bearer`` -> ``"bearer"``; another http scheme is ``"other"`` (it never
    authenticates: the operation needs another alternative).  ``location`` and
    ``wire_name`` are an apiKey's ``in`` and ``name``; ``scheme_name`` is the http scheme
    as written (used in ``WWW-Authenticate``).
    """

    name: str
    kind: SchemeKind
    location: Literal["header", "query", "cookie"] | None = None
    wire_name: str | None = None
    scheme_name: str | None = None


@dataclass(frozen=True, slots=True)
class OperationTypes:
    """The Python annotations of one operation, produced on first use.

    ``params``: Python parameter name -> annotation (``int``, ``list[str] | None``, a model).
    ``body``: media type (as in :class:`MediaSpec`) -> annotation (a model, ``dict[str, Any]``,
    ``bytes``, ``str``, a form model whose file fields are ``UploadedFile``).
    ``responses``: status (as in :class:`ResponseSpec`) -> annotation, or ``None`` when the
    response has no body.
    """

    params: Mapping[str, Any] = field(default_factory=dict)
    body: Mapping[str, Any] = field(default_factory=dict)
    responses: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OperationSpec:
    """Everything the runtime needs to serve one operation.

    ``method`` is upper case; ``path`` the OpenAPI template (``/pets/{pet-id}``);
    ``tag_module`` keys the handler object in ``build_app(handlers=...)`` and ``handler``
    names its method.  ``security``: ``None`` = no requirement; else alternatives tried in
    order (OR), each a :data:`SecurityRequirement` (AND); an empty tuple ``()`` as a whole
    means the operation explicitly opts out (``security: []``), same as ``None``.
    """

    operation_id: str
    method: str
    path: str
    tag_module: str
    handler: str
    params: tuple[ParamSpec, ...] = ()
    body: BodySpec | None = None
    responses: tuple[ResponseSpec, ...] = ()
    security: tuple[SecurityRequirement, ...] | None = None
    deprecated: bool = False
    types: Callable[[], OperationTypes] = OperationTypes


def media_kind(media_type: str) -> MediaKind:
    """How a media type's payload is handled; the same rule for requests and responses.

    ``*/*json`` and ``+json`` suffixes are JSON; urlencoded is ``form``; ``multipart/*`` is
    ``multipart``; ``text/*`` (and XML, which is text to us) is ``text``; anything else,
    wildcards included, is raw ``binary``.
    """
    essence = media_type.split(";", 1)[0].strip().lower()
    main, _, sub = essence.partition("/")
    if sub == "json" or sub.endswith("+json") or sub.endswith("-json") or essence == "*/json":
        return "json"
    if essence == "application/x-www-form-urlencoded":
        return "form"
    if main == "multipart":
        return "multipart"
    if main == "text" or sub == "xml" or sub.endswith("+xml"):
        return "text"
    return "binary"
