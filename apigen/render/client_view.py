"""What the client templates print, computed from the IR: typed, flat, decided.

Templates loop and print.  Every decision (which group an operation goes to,
parameter order, the body's encoding, the return type, whether and how an
operation paginates) is made here, in Python, so it can be tested directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from apigen.ir.model import (
    AliasRef,
    Api,
    ArrayOf,
    Body,
    MediaType,
    Model,
    ModelRef,
    Nullable,
    Operation,
    Parameter,
    Primitive,
    Response,
    Source,
    TypeRef,
    UnionOf,
)
from apigen.ir.naming import NameScope, class_name, snake_name

__all__ = [
    "BodyView",
    "ClientView",
    "GroupView",
    "OperationView",
    "PageView",
    "ParamView",
    "PartView",
    "ResponseView",
    "SchemeView",
    "build_client_view",
]

#: ``(type, where it is in the spec) -> annotation``: ``ModelTypes(api).annotation`` with the
#: models qualified (see apigen.render.client); ``where`` locates the warnings it may add.
Annotate = Callable[[TypeRef, Source], str]
BodyKind = Literal["json", "form", "multipart", "bytes", "text"]
PageStrategy = Literal["cursor", "last_item", "page", "offset", "link"]

#: What the runtime's client classes already define: tags and untagged operations must not
#: shadow them (Slack has a tag called ``auth``).
CLIENT_ATTRIBUTES = frozenset(
    {
        "auth",
        "base_url",
        "timeout",
        "max_retries",
        "validate_responses",
        "with_options",
        "http_client",
        "request",
        "close",
        "aclose",
        "idempotency_header",
        "default_headers",
    }
)
#: Names a generated method's body uses besides its parameters (arguments, locals, and the
#: module's imports it refers to): a parameter with one of these names is renamed (``body_2``).
METHOD_NAMES = frozenset(
    {
        "self",
        "body",
        "options",
        "response",
        "ok",
        "errors",
        "parsed",
        "page",
        "fetch",
        "cast",
        "parse",
        "warnings",
        "models",
        "httpx",
        "functools",
    }
)
_IDEMPOTENT = frozenset({"get", "head", "put", "delete", "options", "trace"})
#: Names that reveal a pagination pattern (each pattern and its rule: README.md, "Pagination").
CURSOR_PARAMS = (
    "cursor",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "starting_after",
    "after",
    "continuation_token",
    "continuationToken",
    "marker",
)
CURSOR_FIELDS = (
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "continuation_token",
    "next_marker",
    "nextMarker",
    "next_page",
    "nextPage",
    "cursor",
    "next",
)
HAS_MORE_FIELDS = ("has_more", "hasMore", "has_next_page", "hasNextPage", "has_next", "hasNext")
ID_FIELDS = ("id",)
PAGE_PARAMS = ("page", "page_number", "pageNumber")
SIZE_PARAMS = ("per_page", "page_size", "pageSize", "limit", "size", "count")
OFFSET_PARAMS = ("offset", "skip")
ITEM_FIELDS = ("data", "items", "results", "entries", "values", "records", "list")


@dataclass(frozen=True)
class ParamView:
    py_name: str
    wire_name: str
    location: str
    annotation: str
    required: bool
    default: object  # a JSON value, rendered through the py filter
    has_default: bool
    style: str
    explode: bool
    allow_reserved: bool
    content_type: str | None
    description: str | None
    deprecated: bool


@dataclass(frozen=True)
class PartView:
    """How one property of a form or multipart body is sent, where the spec says more than
    the defaults: a form field's ``style``/``explode``, a multipart part's content type."""

    wire_name: str
    content_type: str | None = None
    style: str | None = None
    explode: bool | None = None


@dataclass(frozen=True)
class BodyView:
    kind: BodyKind
    media_type: str
    annotation: str
    required: bool
    parts: tuple[PartView, ...] = ()


@dataclass(frozen=True)
class ResponseView:
    status: str
    kind: Literal["model", "bytes", "text", "none"]
    annotation: str  # "None" when empty


@dataclass(frozen=True)
class PageView:
    """How an operation paginates; ``strategy`` names the runtime class to use."""

    strategy: PageStrategy
    param: str | None  # the wire name of the query parameter that moves to the next page
    size_param: str | None
    cursor_field: str | None  # where the next cursor comes from: a body field...
    items_field: str | None  # None: the body itself is the list of items
    item_annotation: str
    cursor_header: str | None = None  # ...or a response header
    items_attr: str | None = None  # the Python attribute of ``items_field`` on the model
    has_more_field: str | None = None  # a boolean body field: false on the last page
    id_field: str | None = None  # last_item: the item field whose value is the next cursor
    #: set when the operation may also answer with something else (a 304, another 2xx
    #: body): the class a page's body is checked against (the listing model, or ``list``).
    guard: str | None = None


@dataclass(frozen=True)
class OperationView:
    py_name: str
    operation_id: str
    method: str
    path: str
    summary: str | None
    description: str | None
    deprecated: bool
    params: tuple[ParamView, ...]  # required first, then optional, in spec order
    body: BodyView | None
    responses: tuple[ResponseView, ...]
    errors: tuple[ResponseView, ...]
    return_annotation: str
    security: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]
    idempotent: bool
    page: PageView | None

    def params_in(self, location: str) -> tuple[ParamView, ...]:
        return tuple(p for p in self.params if p.location == location)


@dataclass(frozen=True)
class GroupView:
    """One tag: an attribute on the client (``client.pets``) backed by a module."""

    attribute: str
    module: str
    class_name: str
    description: str | None
    operations: tuple[OperationView, ...]


@dataclass(frozen=True)
class SchemeView:
    name: str
    py_name: str
    kind: str
    location: str | None
    parameter_name: str | None
    scheme: str | None
    token_url: str | None
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class ClientView:
    package: str
    title: str
    version: str
    description: str | None
    default_server: str | None
    groups: tuple[GroupView, ...]
    untagged: tuple[OperationView, ...]
    schemes: tuple[SchemeView, ...]


def build_client_view(api: Api, package: str, annotate: Annotate) -> ClientView:
    """Group operations by their first tag; untagged ones go on the client itself."""
    scopes: dict[str, NameScope] = {}
    grouped: dict[str, list[OperationView]] = {}
    untagged: list[OperationView] = []
    top_scope = NameScope(CLIENT_ATTRIBUTES)
    links = any(
        h.name.lower() == "link" for op in api.operations for r in op.responses for h in r.headers
    )
    for op in api.operations:
        tag = op.tags[0] if op.tags else None
        scope = scopes.setdefault(tag or "", top_scope if tag is None else NameScope())
        view = _operation(api, op, scope.claim(op.py_name), annotate, links)
        (grouped.setdefault(tag, []) if tag else untagged).append(view)
    tag_names = {t.name: t for t in api.tags}
    groups = []
    attributes = NameScope(CLIENT_ATTRIBUTES)
    for op_view in untagged:
        attributes.claim(op_view.py_name)
    for tag, ops in grouped.items():
        tag_obj = tag_names.get(tag)
        attribute = attributes.claim(tag_obj.py_name if tag_obj else snake_name(tag))
        groups.append(
            GroupView(
                attribute,
                attribute,
                class_name(attribute) + "Api",
                tag_obj.description if tag_obj else None,
                tuple(ops),
            )
        )
    return ClientView(
        package=package,
        title=api.title,
        version=api.version,
        description=api.description,
        default_server=_default_server(api),
        groups=tuple(groups),
        untagged=tuple(untagged),
        schemes=tuple(_scheme(s) for s in api.security_schemes),
    )


def _default_server(api: Api) -> str | None:
    if not api.servers:
        return None
    server = api.servers[0]
    url = server.url
    for var in server.variables:
        url = url.replace("{" + var.name + "}", var.default)
    return url


def _scheme(s: object) -> SchemeView:
    from apigen.ir.model import SecurityScheme

    assert isinstance(s, SecurityScheme)
    flow = next((f for f in s.flows if f.kind == "clientCredentials"), None)
    scopes = tuple(sorted({name for f in s.flows for name, _ in f.scopes}))
    return SchemeView(
        s.name,
        s.py_name,
        s.kind,
        s.location,
        s.parameter_name,
        s.scheme,
        flow.token_url if flow else None,
        scopes,
    )


def _operation(
    api: Api, op: Operation, py_name: str, annotate: Annotate, links: bool
) -> OperationView:
    """``links``: some operation of the API declares a ``Link`` header (see _cursor_link)."""
    names = NameScope(METHOD_NAMES)
    params = sorted(
        (_param(p, names.claim(p.py_name), annotate) for p in op.parameters),
        key=lambda p: not p.required,
    )
    # 1xx-3xx are outcomes the caller handles (a 304 to a conditional GET returns None).
    successes = [r for r in op.responses if r.status[:1] in ("1", "2", "3")]
    if not successes:
        successes = [r for r in op.responses if r.status == "default"]
    responses = tuple(_response(r, annotate) for r in successes)
    errors = tuple(
        _response(r, annotate)
        for r in op.responses
        if r.status[:1] not in ("1", "2", "3") and r.content
    )
    return OperationView(
        py_name=py_name,
        operation_id=op.id,
        method=op.method,
        path=op.path,
        summary=op.summary,
        description=op.description,
        deprecated=op.deprecated,
        params=tuple(params),
        body=_body(api, op.body, annotate),
        responses=responses,
        errors=errors,
        return_annotation=_return(responses),
        security=tuple(r.schemes for r in op.security),
        idempotent=op.method in _IDEMPOTENT,
        page=_pagination(api, op, responses, annotate, links),
    )


def _param(p: Parameter, py_name: str, annotate: Annotate) -> ParamView:
    annotation = annotate(p.type, p.source)
    if not p.required and annotation != "Any" and not annotation.endswith("| None"):
        annotation += " | None"
    return ParamView(
        py_name,
        p.wire_name,
        p.location,
        annotation,
        p.required,
        p.default,
        p.has_default,
        p.style,
        p.explode,
        p.allow_reserved,
        p.media_type,
        p.description,
        p.deprecated,
    )


def _body(api: Api, body: Body | None, annotate: Annotate) -> BodyView | None:
    if body is None or not body.content:
        return None
    media = next((m for m in body.content if "json" in m.media_type), body.content[0])
    kind = _body_kind(media.media_type)
    if kind == "bytes":
        annotation = "bytes"
    elif kind == "text":
        annotation = "str"
    else:
        # A model body may also be given as a mapping (wire names): for multipart, the way
        # to send open file objects, which a model field does not take.
        annotation = annotate(media.type, media.source)
        if annotation not in ("Any", "object"):
            annotation += " | dict[str, Any]" if _is_model(media.type) else ""
    return BodyView(kind, media.media_type, annotation, body.required, _parts(api, media, kind))


def _parts(api: Api, media: MediaType, kind: BodyKind) -> tuple[PartView, ...]:
    """The encoding object, read for the body kinds it applies to.

    Form fields take ``style``/``explode`` (unset ones default as for a query parameter:
    ``form``, exploded only in form style).  Multipart parts take ``contentType`` (the first
    type of a list); where that is missing or a wildcard, a file property takes its 3.1
    ``contentMediaType``; else the runtime's defaults apply.
    """
    if kind == "form":
        return tuple(
            PartView(
                e.property_name,
                style=e.style or "form",
                explode=e.explode if e.explode is not None else (e.style or "form") == "form",
            )
            for e in media.encoding
            if e.style is not None or e.explode is not None
        )
    if kind != "multipart":
        return ()
    declared = {e.property_name: _concrete(e.content_type) for e in media.encoding}
    model = _resolve(api, media.type)
    if isinstance(model, Model):
        for f in model.fields:
            t = _resolve(api, f.type)
            t = _resolve(api, t.items) if isinstance(t, ArrayOf) else t
            if isinstance(t, Primitive) and declared.get(f.wire_name) is None:
                declared[f.wire_name] = _concrete(t.media_type)
    return tuple(PartView(name, ct) for name, ct in sorted(declared.items()) if ct is not None)


def _concrete(content_type: str | None) -> str | None:
    """The first media type of a comma-separated list, unless it is a wildcard."""
    first = (content_type or "").split(",")[0].strip()
    return first if first and "*" not in first else None


def _body_kind(media_type: str) -> BodyKind:
    mt = media_type.split(";", 1)[0].strip().lower()
    if mt == "application/json" or mt.endswith("+json"):
        return "json"
    if mt == "application/x-www-form-urlencoded":
        return "form"
    if mt.startswith("multipart/"):
        return "multipart"
    if mt.startswith("text/"):
        return "text"
    if "json" in mt:
        return "json"
    return "bytes"


def _is_model(t: TypeRef) -> bool:
    return isinstance(t, ModelRef) or (isinstance(t, Nullable) and isinstance(t.inner, ModelRef))


def _response(r: Response, annotate: Annotate) -> ResponseView:
    if not r.content:
        return ResponseView(r.status, "none", "None")
    media = next((m for m in r.content if "json" in m.media_type), r.content[0])
    kind = _body_kind(media.media_type)
    if kind in ("json", "form", "multipart"):
        return ResponseView(r.status, "model", annotate(media.type, media.source))
    if kind == "text":
        return ResponseView(r.status, "text", "str")
    return ResponseView(r.status, "bytes", "bytes")


def _return(responses: tuple[ResponseView, ...]) -> str:
    annotations: list[str] = []
    for r in responses:
        if r.annotation not in annotations:
            annotations.append(r.annotation)
    if not annotations:
        return "None"
    if "None" in annotations and len(annotations) > 1:
        annotations = [a for a in annotations if a != "None"] + ["None"]
    return " | ".join(annotations)


@dataclass(frozen=True)
class _Listing:
    """What a list operation returns and takes, as far as pagination detection cares."""

    query: dict[str, Parameter]
    body: Model | None  # the response body's model; None when the body is the list itself
    headers: tuple[str, ...]  # the success response's header names
    items_field: str | None
    items_attr: str | None
    item_type: TypeRef
    size_param: str | None
    api_links: bool  # other operations of the API declare Link headers

    def page(self, strategy: PageStrategy, param: str | None, **more: str | None) -> _Page:
        return _Page(strategy, param, self.size_param, self.items_field, self.items_attr, more)


@dataclass(frozen=True)
class _Page:
    strategy: PageStrategy
    param: str | None
    size_param: str | None
    items_field: str | None
    items_attr: str | None
    more: dict[str, str | None]


def _pagination(
    api: Api, op: Operation, responses: tuple[ResponseView, ...], annotate: Annotate, links: bool
) -> PageView | None:
    """The first pattern (in README order) that the operation's parameters and response fit."""
    if op.method != "get" or not responses or responses[0].kind != "model":
        return None
    found = _listing(api, op, links)
    if found is None:
        return None
    listing, source = found
    guard = None
    if len({r.annotation for r in responses}) > 1:
        guard = annotate(ModelRef(listing.body.name), source) if listing.body else "list"
    detectors = (
        _body_cursor,
        _header_cursor,
        _last_item,
        _link,
        _page_number,
        _offset,
        _cursor_link,
    )
    for detect in detectors:
        page = detect(api, listing)
        if page is not None:
            return PageView(
                page.strategy,
                page.param,
                page.size_param,
                page.more.get("cursor_field"),
                page.items_field,
                annotate(listing.item_type, source),
                cursor_header=page.more.get("cursor_header"),
                items_attr=page.items_attr,
                has_more_field=page.more.get("has_more_field"),
                id_field=page.more.get("id_field"),
                guard=guard,
            )
    return None


def _listing(api: Api, op: Operation, links: bool) -> tuple[_Listing, Source] | None:
    success = next((r for r in op.responses if r.status.startswith("2") and r.content), None)
    if success is None:
        return None
    media = next((m for m in success.content if "json" in m.media_type), None)
    if media is None:
        return None
    items = _items(api, media.type)
    if items is None:
        return None
    query = {p.wire_name: p for p in op.parameters if p.location == "query"}
    body = _resolve(api, media.type)
    listing = _Listing(
        query=query,
        body=body if isinstance(body, Model) else None,
        headers=tuple(h.name for h in success.headers),
        items_field=items[0],
        items_attr=items[1],
        item_type=items[2],
        size_param=next((n for n in SIZE_PARAMS if n in query), None),
        api_links=links,
    )
    return listing, media.source


def _body_cursor(api: Api, listing: _Listing) -> _Page | None:
    """A cursor parameter and a next-cursor field in the body (optionally a has-more flag)."""
    param = _cursor_param(api, listing)
    field = _cursor_field(api, listing.body)
    if param is None or field is None:
        return None
    more = _body_field(api, listing.body, HAS_MORE_FIELDS, ("boolean",))
    return listing.page("cursor", param, cursor_field=field, has_more_field=more)


def _header_cursor(api: Api, listing: _Listing) -> _Page | None:
    """A cursor parameter and a response header carrying the next cursor."""
    param = _cursor_param(api, listing)
    header = next(
        (h for h in listing.headers if "cursor" in h.lower() or "next-token" in h.lower()), None
    )
    if param is None or header is None:
        return None
    return listing.page("cursor", param, cursor_header=header)


def _last_item(api: Api, listing: _Listing) -> _Page | None:
    """Stripe's lists: the cursor is the last item's id, and a has-more flag says when to stop."""
    param = _cursor_param(api, listing)
    more = _body_field(api, listing.body, HAS_MORE_FIELDS, ("boolean",))
    id_field = next((n for n in ID_FIELDS if _every_item_has(api, listing.item_type, n)), None)
    if param is None or more is None or id_field is None or listing.items_field is None:
        return None
    return listing.page("last_item", param, has_more_field=more, id_field=id_field)


def _link(api: Api, listing: _Listing) -> _Page | None:
    """An RFC 8288 ``Link`` response header (GitHub)."""
    declared = any(h.lower() == "link" for h in listing.headers)
    return listing.page("link", None) if declared else None


def _page_number(api: Api, listing: _Listing) -> _Page | None:
    """A numeric page parameter."""
    param = next(
        (n for n in PAGE_PARAMS if n in listing.query and not _is_text(api, listing.query[n])),
        None,
    )
    return listing.page("page", param) if param else None


def _offset(api: Api, listing: _Listing) -> _Page | None:
    """An offset parameter with a page size parameter."""
    param = next((n for n in OFFSET_PARAMS if n in listing.query), None)
    return listing.page("offset", param) if param and listing.size_param else None


def _cursor_link(api: Api, listing: _Listing) -> _Page | None:
    """A cursor parameter whose next value the response does not declare, in an API that
    declares ``Link`` headers elsewhere: GitHub sends them on its cursor lists too."""
    if listing.api_links and _cursor_param(api, listing):
        return listing.page("link", None)
    return None


def _cursor_param(api: Api, listing: _Listing) -> str | None:
    """A cursor-named query parameter, or a page parameter that takes text (a page token)."""
    for name in (*CURSOR_PARAMS, *PAGE_PARAMS):
        param = listing.query.get(name)
        if param is not None and (name in CURSOR_PARAMS or _is_text(api, param)):
            return name
    return None


def _is_text(api: Api, p: Parameter) -> bool:
    t = _resolve(api, p.type)
    return isinstance(t, Primitive) and t.kind == "string"


def _resolve(api: Api, t: TypeRef) -> TypeRef | Model:
    seen = set()
    while True:
        if isinstance(t, Nullable):
            t = t.inner
        elif isinstance(t, AliasRef) and t.name not in seen:
            seen.add(t.name)
            t = api.alias(t.name).type
        elif isinstance(t, ModelRef):
            return api.model(t.name)
        else:
            return t


def _items(api: Api, body: TypeRef) -> tuple[str | None, str | None, TypeRef] | None:
    """Where a page's items are: the body itself (a list) or one list field of it."""
    resolved = _resolve(api, body)
    if isinstance(resolved, ArrayOf):
        return None, None, resolved.items
    if not isinstance(resolved, Model):
        return None
    lists = [f for f in resolved.fields if isinstance(_resolve(api, f.type), ArrayOf)]
    chosen = next(
        (f for f in lists if f.wire_name in ITEM_FIELDS), lists[0] if len(lists) == 1 else None
    )
    if chosen is None:
        return None
    array = _resolve(api, chosen.type)
    assert isinstance(array, ArrayOf)
    return chosen.wire_name, chosen.py_name, array.items


def _body_field(
    api: Api, body: Model | None, names: tuple[str, ...], kinds: tuple[str, ...]
) -> str | None:
    """The first of ``names`` that ``body`` has as a scalar field of one of ``kinds``."""
    if body is None:
        return None
    fields = {f.wire_name: f for f in body.fields}
    for name in names:
        field = fields.get(name)
        resolved = _resolve(api, field.type) if field is not None else None
        if (
            isinstance(resolved, Primitive)
            and resolved.kind in kinds
            and resolved.format not in ("uri", "url", "uri-reference")
        ):
            return name
    return None


def _cursor_field(api: Api, body: Model | None) -> str | None:
    """A next-cursor field of the body, or of an object field of it (Slack's
    ``response_metadata.next_cursor``), as a dotted path.  URLs are not cursors."""
    found = _body_field(api, body, CURSOR_FIELDS, ("string", "integer"))
    if found is not None or body is None:
        return found
    for field in body.fields:
        inner = _resolve(api, field.type)
        if isinstance(inner, Model) and inner is not body:
            nested = _body_field(api, inner, CURSOR_FIELDS[:-1], ("string", "integer"))
            if nested is not None:
                return f"{field.wire_name}.{nested}"
    return None


def _every_item_has(api: Api, item: TypeRef, name: str) -> bool:
    """Whether every item is an object with a scalar field ``name`` (a union: every option)."""
    resolved = _resolve(api, item)
    if isinstance(resolved, UnionOf):
        return all(_every_item_has(api, option, name) for option in resolved.options)
    if not isinstance(resolved, Model):
        return False
    return _body_field(api, resolved, (name,), ("string", "integer")) is not None
