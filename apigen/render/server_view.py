"""What the server templates print, computed from the IR: typed, flat, decided.

Every decision of the server generator lives here, in Python, where it can be tested
directly: which handler module and class an operation belongs to, the handler's exact
signature (names, order, annotations), how each parameter is deserialised, each body
media type's kind and annotation, the declared responses and their types, the security
alternatives.  Templates loop over these views and print; the interface, the stubs and
the runtime's ``OperationSpec`` literals all read the same view, so they cannot disagree.

Names come from :mod:`apigen.ir.naming` (the IR's ``py_name``\\ s, claimed in scopes
here); annotations from ``ModelTypes(api).annotation`` with the models qualified as
``models.``.
"""

from __future__ import annotations

import functools
import io
import re
import tokenize
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from apigen.errors import escape_pointer
from apigen.ir.model import (
    AliasRef,
    AnyValue,
    Api,
    ArrayOf,
    Body,
    Const,
    EnumRef,
    MapOf,
    ModelRef,
    Nullable,
    Operation,
    Parameter,
    Primitive,
    Response,
    SecurityScheme,
    Source,
    TypeRef,
    UnionOf,
)
from apigen.ir.naming import NameScope, class_name, snake_name
from apigen.render.models import ModelTypes, is_file

__all__ = [
    "DEFAULT_MODULE",
    "Annotate",
    "IMPORTS",
    "BodyView",
    "FormView",
    "GroupView",
    "MediaView",
    "OperationView",
    "ParamView",
    "ResponseView",
    "SchemeView",
    "ServerView",
    "build_server_view",
    "names_used",
    "media_kind",
]

#: ``(type, where it is in the spec) -> annotation`` (``ModelTypes.annotation``, qualified).
Annotate = Callable[[TypeRef, Source], str]
MediaKind = Literal["json", "form", "multipart", "binary", "text"]
Shape = Literal["scalar", "array", "object"]
#: The handler module of untagged operations (and of a tag called "default").
DEFAULT_MODULE = "default"

#: Names a handler signature's annotations may use from the module scope: a parameter
#: must not take one of them (nor ``self``, ``body``, ``ctx``).
SIGNATURE_NAMES = frozenset(
    {
        "self",
        "body",
        "ctx",
        "models",
        "forms",
        "Reply",
        "RequestContext",
        "UploadedFile",
        "override",
        "Annotated",
        "Any",
        "Field",
        "Literal",
        "Tag",
        "Union",
        "_dt",
        "_uuid",
    }
)

#: The import that binds each name generated signatures and type tables may use.
IMPORTS: dict[str, str] = {
    "_dt": "import datetime as _dt",
    "_uuid": "import uuid as _uuid",
    "Annotated": "from typing import Annotated",
    "Any": "from typing import Any",
    "Literal": "from typing import Literal",
    "Union": "from typing import Union",
    "Field": "from pydantic import Field",
    "Tag": "from pydantic import Tag",
}


@dataclass(frozen=True)
class ParamView:
    """One parameter: how the runtime reads it (``ParamSpec``) and how the handler gets it."""

    py_name: str
    wire_name: str
    location: str
    style: str
    explode: bool
    required: bool
    shape: Shape
    annotation: str
    has_default: bool
    default: Any  # a JSON value; printed through the ``py`` filter
    allow_empty: bool
    properties: tuple[str, ...]
    content: str | None


@dataclass(frozen=True)
class MediaView:
    media_type: str
    kind: MediaKind
    annotation: str


@dataclass(frozen=True)
class FormView:
    """A multipart body's model as its handler gets it: a subclass (in ``forms.py``) that
    types the file fields as ``UploadedFile``, for mypy only (``if TYPE_CHECKING``).

    The runtime fills a file field, which the model types ``bytes``, with an
    ``UploadedFile``: a ``bytes`` subclass carrying the part's filename and content type.
    The subclass validates exactly like the model.  Arrays of files hold ``UploadedFile``
    items too but stay typed ``list[bytes]`` (a list cannot be narrowed).
    """

    name: str  # the class in forms.py
    base: str  # the model, ``models.X``
    model: str  # the model's name, for the docstring
    files: tuple[tuple[str, str], ...]  # (attribute, annotation) per file field


@dataclass(frozen=True)
class BodyView:
    required: bool
    media: tuple[MediaView, ...]
    annotation: str  # of the handler's ``body`` parameter


@dataclass(frozen=True)
class ResponseView:
    status: str
    media: tuple[str, ...]
    headers: tuple[str, ...]
    pointer: str  # of the response object in the served contract
    annotation: str | None  # None: no body


@dataclass(frozen=True)
class OperationView:
    operation_id: str
    method: str  # upper case
    path: str
    module: str  # handler module (``handlers/<module>.py``), the runtime's ``tag_module``
    handler: str  # method name
    summary: str | None
    description: str | None
    deprecated: bool
    params: tuple[ParamView, ...]  # path (in path order), required, optional
    body: BodyView | None
    responses: tuple[ResponseView, ...]
    security: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...] | None
    return_annotation: str
    types_function: str  # name of the function in operations.py returning its types

    @property
    def positional(self) -> tuple[ParamView, ...]:
        return tuple(p for p in self.params if p.location == "path")

    @property
    def keyword(self) -> tuple[ParamView, ...]:
        return tuple(p for p in self.params if p.location != "path")

    @property
    def signature(self) -> str:
        """The parameter list after ``self``: positional path parameters, then keywords."""
        parts = [f"{p.py_name}: {p.annotation}" for p in self.positional]
        parts.append("*")
        parts += [f"{p.py_name}: {p.annotation}" for p in self.keyword]
        if self.body is not None:
            parts.append(f"body: {self.body.annotation}")
        parts.append("ctx: RequestContext")
        return ", ".join(parts)

    def annotations(self) -> Iterable[str]:
        yield self.return_annotation
        yield from (p.annotation for p in self.params)
        if self.body is not None:
            yield self.body.annotation
            yield from (m.annotation for m in self.body.media)
        yield from (r.annotation for r in self.responses if r.annotation)


@dataclass(frozen=True)
class GroupView:
    """One tag: a handler module, its class, and the generated base class it extends."""

    tag: str | None
    module: str
    class_name: str
    base_name: str
    description: str | None
    operations: tuple[OperationView, ...]


@dataclass(frozen=True)
class SchemeView:
    """A security scheme as the runtime's ``SchemeSpec`` describes it."""

    name: str
    kind: str
    location: str | None
    wire_name: str | None
    scheme_name: str | None


@dataclass(frozen=True)
class ServerView:
    package: str
    framework: str
    title: str
    version: str
    groups: tuple[GroupView, ...]
    operations: tuple[OperationView, ...]  # every operation, in spec order
    schemes: tuple[SchemeView, ...]
    mock: bool
    forms: tuple[FormView, ...] = ()


def build_server_view(
    api: Api, package: str, framework: str, annotate: Annotate, *, mock: bool = False
) -> ServerView:
    """Group operations into handler modules and compute every signature and table."""
    modules = _module_names(api)
    methods: dict[str, NameScope] = {}
    functions = NameScope({"OperationSpec", "OperationTypes", "OPERATIONS", "SCHEMES", "models"})
    grouped: dict[str, list[OperationView]] = {}
    ordered: list[OperationView] = []
    forms = _Forms(api, annotate)
    for op in api.operations:
        module = modules[_tag_of(op)]
        handler = methods.setdefault(module, NameScope()).claim(op.py_name)
        types_function = functions.claim(f"_{handler}_types".replace("__", "_"))
        view = _operation(api, op, module, handler, types_function, annotate, forms)
        grouped.setdefault(module, []).append(view)
        ordered.append(view)
    tags = {t.name: t for t in api.tags}
    groups = []
    classes = NameScope()
    for tag, module in modules.items():
        if module not in grouped:
            continue
        cls = classes.claim(class_name(module))
        described = tags.get(tag) if tag is not None else None
        groups.append(
            GroupView(
                tag,
                module,
                cls + "Handlers",
                cls + "HandlersBase",
                described.description if described else None,
                tuple(grouped.pop(module)),
            )
        )
    return ServerView(
        package=package,
        framework=framework,
        title=api.title,
        version=api.version,
        groups=tuple(groups),
        operations=tuple(ordered),
        schemes=tuple(_scheme(s) for s in api.security_schemes),
        mock=mock,
        forms=tuple(forms.made.values()),
    )


def _tag_of(op: Operation) -> str | None:
    """The operation's group: its first tag; a tag named like the default module is it."""
    if not op.tags or snake_name(op.tags[0]) == DEFAULT_MODULE:
        return None
    return op.tags[0]


def _module_names(api: Api) -> dict[str | None, str]:
    """Tag -> module name; claimed in sorted tag order, so adding a tag renames nothing
    unless its name collides, and reordering operations renames nothing at all."""
    tags = sorted({t for op in api.operations if (t := _tag_of(op)) is not None})
    scope = NameScope({DEFAULT_MODULE, "__init__"})
    names: dict[str | None, str] = {}
    if any(_tag_of(op) is None for op in api.operations):
        names[None] = DEFAULT_MODULE
    for tag in tags:
        names[tag] = scope.claim(snake_name(tag))
    return dict(sorted(names.items(), key=lambda item: item[1]))


def _operation(
    api: Api,
    op: Operation,
    module: str,
    handler: str,
    types_function: str,
    annotate: Annotate,
    forms: _Forms,
) -> OperationView:
    scope = NameScope(SIGNATURE_NAMES)
    params = [_param(api, p, scope.claim(p.py_name), annotate) for p in op.parameters]
    responses = tuple(_response(op, r, annotate) for r in op.responses)
    return OperationView(
        operation_id=op.id,
        method=op.method.upper(),
        path=op.path,
        module=module,
        handler=handler,
        summary=op.summary,
        description=op.description,
        deprecated=op.deprecated,
        params=_ordered(op.path, params),
        body=_body(op.body, annotate, forms),
        responses=responses,
        security=tuple(r.schemes for r in op.security) or None,
        return_annotation=_return(responses),
        types_function=types_function,
    )


def _ordered(path: str, params: list[ParamView]) -> tuple[ParamView, ...]:
    """Path parameters in the order they appear in the path, then required, then optional."""

    def position(p: ParamView) -> int:
        found = path.find("{" + p.wire_name + "}")
        return found if found >= 0 else len(path)

    in_path = sorted((p for p in params if p.location == "path"), key=position)
    others = [p for p in params if p.location != "path"]
    return (*in_path, *(p for p in others if p.required), *(p for p in others if not p.required))


def _param(api: Api, p: Parameter, py_name: str, annotate: Annotate) -> ParamView:
    annotation = annotate(p.type, p.source)
    absent_is_none = not p.required and (not p.has_default or p.default is None)
    if absent_is_none:
        annotation = _optional(annotation)
    shape, properties = _shape(api, p.type)
    if p.media_type is not None:
        shape, properties = "scalar", ()
    return ParamView(
        py_name=py_name,
        wire_name=p.wire_name,
        location=p.location,
        style=p.style,
        explode=p.explode,
        required=p.required,
        shape=shape,
        annotation=annotation,
        has_default=p.has_default and not p.required,
        default=p.default,
        allow_empty=p.allow_empty_value,
        properties=properties,
        content=p.media_type,
    )


def _optional(annotation: str) -> str:
    if annotation in ("Any", "None") or annotation.endswith("| None"):
        return annotation
    return annotation + " | None"


def _resolved(api: Api, t: TypeRef, depth: int = 0) -> TypeRef:
    """``t`` without Nullable and alias wrappers (bounded: aliases may be circular)."""
    while depth < 32:
        depth += 1
        if isinstance(t, Nullable):
            t = t.inner
        elif isinstance(t, AliasRef):
            try:
                t = api.alias(t.name).type
            except KeyError:
                return AnyValue()
        else:
            return t
    return AnyValue()


def _shape(api: Api, t: TypeRef) -> tuple[Shape, tuple[str, ...]]:
    """How a parameter's raw text is split before validation, and an object's properties."""
    resolved = _resolved(api, t)
    if isinstance(resolved, ArrayOf):
        return "array", ()
    if isinstance(resolved, MapOf):
        return "object", ()
    if isinstance(resolved, ModelRef):
        try:
            model = api.model(resolved.name)
        except KeyError:
            return "object", ()
        return "object", tuple(f.wire_name for f in model.fields)
    if (
        isinstance(resolved, UnionOf)
        and resolved.options
        and all(isinstance(_resolved(api, o), (ModelRef, MapOf)) for o in resolved.options)
    ):
        return "object", ()
    assert isinstance(resolved, (Primitive, EnumRef, Const, AnyValue, UnionOf))
    return "scalar", ()


_JSON_SUFFIX = re.compile(r"[+-]json$")


def media_kind(media_type: str) -> MediaKind:
    """How a payload of ``media_type`` is handled; the runtime's ``spec.media_kind`` rule
    (tests check that the two agree)."""
    essence = media_type.split(";", 1)[0].strip().lower()
    main, _, sub = essence.partition("/")
    if sub == "json" or _JSON_SUFFIX.search(sub) or essence == "*/json":
        return "json"
    if essence == "application/x-www-form-urlencoded":
        return "form"
    if main == "multipart":
        return "multipart"
    if main == "text" or sub == "xml" or sub.endswith("+xml"):
        return "text"
    return "binary"


def _payload_annotation(kind: MediaKind, t: TypeRef, source: Source, annotate: Annotate) -> str:
    if kind == "binary":
        return "bytes"
    if kind == "text":
        return "str"
    return annotate(t, source)


def _union(annotations: Iterable[str]) -> str:
    """Distinct annotations joined with ``|`` (``Any`` absorbs everything, None goes last)."""
    distinct: list[str] = []
    for a in annotations:
        if a not in distinct:
            distinct.append(a)
    if "Any" in distinct:
        return "Any"
    if "None" in distinct and len(distinct) > 1:
        distinct = [a for a in distinct if a != "None"] + ["None"]
    return " | ".join(distinct) or "None"


def _body(body: Body | None, annotate: Annotate, forms: _Forms) -> BodyView | None:
    if body is None or not body.content:
        return None
    media = []
    for m in body.content:
        kind = media_kind(m.media_type)
        annotation = _payload_annotation(kind, m.type, m.source, annotate)
        if kind == "multipart":
            annotation = forms.annotation(m.type, m.source, annotation)
        media.append(MediaView(m.media_type, kind, annotation))
    annotation = _union(m.annotation for m in media)
    if not body.required:
        annotation = _optional(annotation)
    return BodyView(body.required, tuple(media), annotation)


class _Forms:
    """The :class:`FormView` of each multipart body model with file fields, made once."""

    def __init__(self, api: Api, annotate: Annotate) -> None:
        self.api = api
        self.annotate = annotate
        self.types = ModelTypes(api)  # which fields the models type ``| None``
        self.made: dict[str, FormView] = {}
        self.names = NameScope({"TYPE_CHECKING", "UploadedFile", "models"})

    def annotation(self, t: TypeRef, source: Source, plain: str) -> str:
        """``plain`` (the model's annotation), or the form's when the model has files."""
        resolved = _resolved(self.api, t)
        if not isinstance(resolved, ModelRef):
            return plain
        form = self.made.get(resolved.name) or self._make(resolved, source)
        if form is None:
            return plain
        return _optional(f"forms.{form.name}") if plain.endswith("| None") else f"forms.{form.name}"

    def _make(self, ref: ModelRef, source: Source) -> FormView | None:
        try:
            model = self.api.model(ref.name)
        except KeyError:
            return None
        files = tuple(
            (f.py_name, "UploadedFile | None" if self.types.may_be_none(f) else "UploadedFile")
            for f in model.fields
            if isinstance(core := _unwrapped(f.type), Primitive) and is_file(core)
        )
        base = self.annotate(ref, source)
        if not files or not base.startswith("models."):
            return None
        name = self.names.claim(class_name(ref.name) + "Form")
        form = FormView(name, base, ref.name, files)
        self.made[ref.name] = form
        return form


def _unwrapped(t: TypeRef) -> TypeRef:
    return t.inner if isinstance(t, Nullable) else t


def _response(op: Operation, r: Response, annotate: Annotate) -> ResponseView:
    pointer = "/".join(
        (
            "",
            "paths",
            escape_pointer(op.path),
            op.method.lower(),
            "responses",
            escape_pointer(r.status),
        )
    )
    annotation = None
    if r.content:
        chosen = next((m for m in r.content if media_kind(m.media_type) == "json"), r.content[0])
        annotation = _payload_annotation(
            media_kind(chosen.media_type), chosen.type, chosen.source, annotate
        )
    return ResponseView(
        r.status,
        tuple(m.media_type for m in r.content),
        tuple(h.name for h in r.headers),
        pointer,
        annotation,
    )


def _return(responses: tuple[ResponseView, ...]) -> str:
    """The handler's return type: the success bodies, or a :class:`Reply` for any status.

    A plain return value answers with the lowest declared 2xx status; every other status
    (and custom headers) goes through ``Reply``.  Without any 2xx, the ``default`` (or
    ``2XX``) response is what a plain value answers with.
    """
    success = [r for r in responses if r.status.startswith("2")]
    if not success:
        success = [r for r in responses if r.status == "default"]
    annotations = [r.annotation or "None" for r in success] or ["None"]
    combined = _union(annotations)
    if combined == "Any":
        return "Any"
    if combined.endswith("None"):
        head = combined[: -len("None")].rstrip(" |")
        return f"{head} | Reply | None" if head else "Reply | None"
    return f"{combined} | Reply"


def _scheme(s: SecurityScheme) -> SchemeView:
    if s.kind == "apiKey":
        location = s.location if s.location in ("header", "query", "cookie") else "header"
        return SchemeView(s.name, "apiKey", location, s.parameter_name or "", None)
    if s.kind == "http":
        scheme = (s.scheme or "").lower()
        kind = scheme if scheme in ("basic", "bearer") else "other"
        return SchemeView(s.name, kind, None, None, s.scheme or None)
    if s.kind in ("oauth2", "openIdConnect"):
        return SchemeView(s.name, s.kind, None, None, None)
    return SchemeView(s.name, "other", None, None, None)


def names_used(annotations: Iterable[str]) -> set[str]:
    """The top-level names ``annotations`` refer to (``models``, ``Annotated``, ``_dt``...).

    Read with Python's tokenizer, so names inside string literals (``Literal['Any']``),
    attribute names (``models.Any``) and keyword arguments (``Field(ge=1)``) do not count:
    every import a module gets is used.
    """
    used: set[str] = set()
    for text in annotations:
        used |= _names_in(text)
    return used


@functools.lru_cache(maxsize=8192)
def _names_in(text: str) -> frozenset[str]:
    """:func:`names_used` of one annotation (big contracts repeat the same few thousand)."""
    used: set[str] = set()
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.string]
    for i, token in enumerate(tokens):
        after = tokens[i + 1].string if i + 1 < len(tokens) else ""
        before = tokens[i - 1].string if i else ""
        if token.type == tokenize.NAME and before != "." and after != "=":
            used.add(token.string)
    return frozenset(used)
