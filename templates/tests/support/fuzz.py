"""Property-based fuzzing (``pytest --apigen-fuzz[=N]``): N requests per operation and kind.

``fuzz_valid``: requests whose every value hypothesis drew from the contract's schemas (and
the contract's validator accepted): the answer must conform, exactly as in the example
cases (a declared status, never a 5xx, the declared content type, a valid body and headers).

``fuzz_invalid``: such a request made invalid in one place (a required parameter or JSON
body property left out, a number, boolean or JSON body property of the wrong type, a
parameter outside its enum, a required JSON body missing, a JSON body of the wrong type; a
form body is always sent valid).  Only changes
that make the request invalid for certain are made, and the body is checked invalid with
the contract's validator, so a server that is right is never blamed; the answer must be a
4xx the run accepts (``--accept-4xx``, 400 and 422 by default), or 404 on a path with
parameters (the resource drawn may not exist, and servers often look it up first).
Formats, patterns and bounds are not broken on purpose: many servers leave them unchecked.

What is sent: path, query, header and cookie parameters of primitive types or arrays of
them (objects, ``deepObject`` and ``content`` parameters are left out when optional; an
operation that requires one is skipped, saying why), and a JSON or form body.  Runs are
repeatable (hypothesis is derandomized, no example database is written); a failure is
shrunk to a small request and reported like any other, with its ``curl`` line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

from .contract import Contract, Located
from .schemas import SchemaStore
from .session import Api, Operation, Pairs
from .strategies import TextKind, from_schema

__all__ = ["fuzz_invalid", "fuzz_valid"]

#: Header parameters OpenAPI says to ignore (the transport and credentials set them).
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
#: Text no framework reads as a number or a boolean (pydantic takes "T", "on", "yes"...).
_NOT_A_NUMBER = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6).map(
    lambda s: "zz" + s
)


#: Values a path segment, header or cookie can carry as they are (no ``/``, no dot segment,
#: visible ASCII, no separators): a value outside them would test the transport, not the API.
#: A query value must not be empty unless its parameter says ``allowEmptyValue``.
_WIRE_SAFE: dict[str, Callable[[Any], bool]] = {
    "path": lambda v: all(_text(x) not in ("", ".", "..") and "/" not in _text(x)
                          for x in (v if isinstance(v, list) else [v])),
    "header": lambda v: _visible(v, ""),
    "cookie": lambda v: _visible(v, ';,"\\ '),
    "query": lambda v: all(_text(x) != "" for x in (v if isinstance(v, list) else [v]))
                       and v != [],
}  # fmt: skip


def _visible(value: Any, forbidden: str) -> bool:
    texts = [_text(x) for x in (value if isinstance(value, list) else [value])]
    return all(
        t == t.strip() and all(" " <= c <= "~" and c not in forbidden for c in t) for t in texts
    )


#: Wrong values for a body property: one is the wrong type for any typed property (each
#: checked invalid before use).  No scalars: frameworks coerce them leniently (pydantic
#: takes 12345 for a date-time, 1 for true), and leniency is not what is tested here.
_WRONG_VALUES: tuple[Any, ...] = ([], {})


class Unsupported(Exception):
    """A required part of the request that fuzzing cannot send."""


@dataclass(frozen=True)
class Param:
    name: str
    location: str  # path | query | header | cookie
    required: bool
    schema: Located | None  # OpenAPI 3: to validate with; Swagger 2.0: None
    raw: Any  # the schema as written (2.0: the parameter itself)
    style: str  # simple | form | csv | multi...
    explode: bool
    kinds: tuple[str, ...]
    allow_empty: bool = False  # query: allowEmptyValue


@dataclass(frozen=True)
class Body:
    media_type: str
    kind: str  # json | form
    required: bool
    schema: Located | None  # validated against when it is a schema of the contract
    raw: Any = None  # Swagger 2.0 form parameters: an object schema made of them


@dataclass
class Shape:
    """What an operation's requests are made of, read from the contract."""

    params: list[Param] = field(default_factory=list)
    body: Body | None = None


@dataclass(frozen=True)
class Drawn:
    """One request as data, before it is sent."""

    path: dict[str, Any]
    query: dict[str, Any]
    headers: dict[str, Any]
    cookies: dict[str, Any]
    body: Any = None
    has_body: bool = False


def fuzz_valid(api: Api, operation: Operation) -> None:
    """Schema-valid requests must get an answer that conforms to the contract."""
    shape, draw = _prepare(api, operation)

    @_settings(api)
    @given(st.data())
    def check(data: st.DataObject) -> None:
        request = data.draw(draw)
        _send(api, operation, shape, request, "fuzz: valid request").expect_conforms()

    _run(check, operation)


def fuzz_invalid(api: Api, operation: Operation) -> None:
    """Requests made invalid in one place must be rejected with an accepted 4xx."""
    shape, draw = _prepare(api, operation)
    mutations = _mutations(api, shape)
    if not mutations:
        form = " (its form body is not broken on purpose)" if _is_form(shape) else ""
        pytest.skip(f"{operation.operation_id}: nothing in its requests can be made invalid{form}")

    @_settings(api)
    @given(st.data())
    def check(data: st.DataObject) -> None:
        request = data.draw(draw)
        label, mutate = data.draw(st.sampled_from(mutations))
        result = _send(api, operation, shape, mutate(data, request), f"fuzz: {label}")
        # A path with parameters names a resource that may not exist, and a server may
        # well look it up before it validates the rest.
        result.expect_rejected(allow_404="{" in operation.path)

    _run(check, operation)


# ----------------------------------------------------------------------------- running


def _settings(api: Api) -> Callable[[Any], Any]:
    return settings(
        max_examples=max(api.settings.fuzz, 1),
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
    )


def _run(check: Callable[[], None], operation: Operation) -> None:
    try:
        check()
    except Unsatisfiable:
        pytest.skip(f"{operation.operation_id}: no request the contract accepts could be drawn")


def _prepare(api: Api, operation: Operation) -> tuple[Shape, st.SearchStrategy[Drawn]]:
    try:
        shape = _shape(api.contract, operation)
        return shape, _requests(api, shape)
    except Unsupported as exc:
        pytest.skip(f"{operation.operation_id}: not fuzzed: {exc}")


def _send(api: Api, operation: Operation, shape: Shape, request: Drawn, case: str) -> Any:
    path = operation.path
    for name, value in request.path.items():
        text = ",".join(map(_text, value)) if isinstance(value, list) else _text(value)
        path = path.replace("{" + name + "}", quote(text, safe=""))
    styles = {(p.location, p.name): p for p in shape.params}
    arguments: dict[str, Any] = {"path": path}
    for location in ("query", "header", "cookie"):
        where = _FIELDS[location]  # also the name of Api.send's argument
        values: dict[str, Any] = getattr(request, where)
        arguments[where] = [
            pair for name, v in values.items() for pair in _serialise(styles[(location, name)], v)
        ]
    if request.has_body and shape.body is not None:
        if shape.body.kind == "json":
            arguments["json"] = request.body
            arguments["content_type"] = shape.body.media_type
        else:
            arguments["form"] = _form(request.body)
    return api.send(operation, case, **arguments)


# ----------------------------------------------------------------------------- the shape


def _shape(contract: Contract, operation: Operation) -> Shape:
    root = Located(contract.root_uri, "", contract.root)
    item = contract.deref(root.child("paths", operation.path))
    op = contract.deref(item.child(operation.method.lower()))
    found: dict[tuple[str, str], Located] = {}
    for holder in (item, op):
        params = holder.child("parameters")
        for i, _ in enumerate(params.value if isinstance(params.value, list) else []):
            param = contract.deref(params.child(str(i)))
            if isinstance(param.value, dict):
                found[(str(param.value.get("in")), str(param.value.get("name")))] = param
    shape = Shape()
    legacy = contract.major == "2.0"
    form: dict[str, Any] = {}
    for (where, name), param in found.items():
        if where == "body" and legacy:
            shape.body = _legacy_body(contract, op, param)
        elif where == "formData":
            if param.value.get("type") == "file":
                raise Unsupported(f"file parameter {name!r}")
            form[name] = param.value
        elif where in ("path", "query", "header", "cookie"):
            _add_param(contract, shape, param, where, name)
    if not legacy:
        shape.body = _body(contract, op.child("requestBody"))
    elif form:
        shape.body = _legacy_form(form)
    return shape


def _legacy_form(params: dict[str, Any]) -> Body:
    """Swagger 2.0 form parameters as one object schema (each parameter is its own schema)."""
    required = [name for name, p in params.items() if p.get("required") is True]
    properties = {
        name: {k: v for k, v in p.items() if k != "required"} for name, p in params.items()
    }
    raw = {"type": "object", "properties": properties, "required": required}
    return Body("application/x-www-form-urlencoded", "form", bool(required), None, raw)


def _add_param(contract: Contract, shape: Shape, param: Located, where: str, name: str) -> None:
    value = param.value
    required = value.get("required") is True or where == "path"
    if where == "header" and name.lower() in _IGNORED_HEADERS:
        return
    legacy = contract.major == "2.0"
    schema = None if legacy else param.child("schema")
    raw = value if legacy else contract.deref(param.child("schema")).value
    kinds = _kinds(contract, raw)
    style = str(value.get("collectionFormat" if legacy else "style") or "")
    style = style or ("csv" if legacy else "form" if where in ("query", "cookie") else "simple")
    explode = value.get("explode", style == "form") is True
    problem = None
    if not isinstance(raw, dict):
        problem = "no schema"
    elif "object" in kinds or style in ("deepObject", "spaceDelimited", "pipeDelimited"):
        problem = f"style {style} / object values"
    elif "array" in kinds and not _primitive_items(contract, raw):
        problem = "arrays of structures"
    if problem is not None:
        if required:
            raise Unsupported(f"{where} parameter {name!r}: {problem}")
        return
    allow_empty = value.get("allowEmptyValue") is True
    shape.params.append(
        Param(name, where, required, schema, raw, style, explode, kinds, allow_empty)
    )


def _body(contract: Contract, holder: Located) -> Body | None:
    body = contract.deref(holder)
    if not isinstance(body.value, dict):
        return None
    required = body.value.get("required") is True
    content = body.child("content")
    names = list(content.value) if isinstance(content.value, dict) else []
    for name in names:
        essence = name.split(";", 1)[0].strip().lower()
        if essence == "application/json" or essence.endswith("+json"):
            return Body(name, "json", required, contract.deref(content.child(name)).child("schema"))
    for name in names:
        if name.split(";", 1)[0].strip().lower() == "application/x-www-form-urlencoded":
            schema = contract.deref(content.child(name)).child("schema")
            return Body(name, "form", required, schema)
    if required and names:
        raise Unsupported(f"request body of {', '.join(names)}")
    return None


def _legacy_body(contract: Contract, op: Located, param: Located) -> Body:
    consumes = op.value.get("consumes") or contract.root.get("consumes") or ["application/json"]
    media = next((m for m in consumes if "json" in str(m).lower()), None)
    if media is None:
        raise Unsupported(f"body of {', '.join(map(str, consumes))}")
    return Body(str(media), "json", param.value.get("required") is True, param.child("schema"))


def _kinds(contract: Contract, raw: Any) -> tuple[str, ...]:
    node = _resolved(contract, raw)
    kind = node.get("type") if isinstance(node, dict) else None
    if isinstance(kind, str):
        return (kind,)
    return tuple(k for k in kind if isinstance(k, str)) if isinstance(kind, list) else ()


def _resolved(contract: Contract, raw: Any) -> Any:
    for _ in range(16):
        if not (isinstance(raw, dict) and isinstance(raw.get("$ref"), str)):
            return raw
        found = contract.resolve(contract.root_uri + raw["$ref"])
        raw = found.value if found is not None else None
    return raw


def _primitive_items(contract: Contract, raw: dict[str, Any]) -> bool:
    kinds = _kinds(contract, raw.get("items"))
    return bool(kinds) and not {"object", "array"} & set(kinds)


# ----------------------------------------------------------------------------- valid values


def _requests(api: Api, shape: Shape) -> st.SearchStrategy[Drawn]:
    contract = api.contract
    store = _request_store(contract)

    def resolve(ref: str) -> Any:
        found = contract.resolve(contract.root_uri + ref) if ref.startswith("#") else None
        return found.value if found is not None else None

    parts: dict[str, dict[str, st.SearchStrategy[Any]]] = {
        "path": {}, "query": {}, "header": {}, "cookie": {}
    }  # fmt: skip
    optional: dict[str, dict[str, st.SearchStrategy[Any]]] = {k: {} for k in parts}
    for p in shape.params:
        plain: TextKind = "any" if p.location == "query" else "plain"
        value = from_schema(p.raw, resolve, plain)
        if p.schema is not None:
            value = value.filter(_valid(store, p.schema))
        if not (p.location == "query" and p.allow_empty):
            value = value.filter(_WIRE_SAFE[p.location])
        if p.required:  # a null is not sent, so a required nullable parameter needs a value
            value = value.filter(lambda v: v is not None)
        (parts if p.required else optional)[p.location][p.name] = value
    body: st.SearchStrategy[Any] = st.none()
    if shape.body is not None and shape.body.schema is not None:
        body = from_schema(shape.body.schema.value, resolve).filter(
            _valid(store, shape.body.schema)
        )
    elif shape.body is not None:  # Swagger 2.0 form parameters
        body = from_schema(shape.body.raw, resolve)
    if shape.body is not None and shape.body.kind == "form":
        body = body.filter(_form_fits(shape.body))
    sends_body = st.just(True) if shape.body and shape.body.required else st.booleans()

    @st.composite
    def request(draw: Callable[..., Any]) -> Drawn:
        values = {
            where: _no_nulls(draw(st.fixed_dictionaries(parts[where], optional=optional[where])))
            for where in parts
        }
        has_body = shape.body is not None and draw(sends_body)
        return Drawn(values["path"], values["query"], values["header"], values["cookie"],
                     draw(body) if has_body else None, has_body)  # fmt: skip

    return request()


def _form_fits(body: Body) -> Callable[[Any], bool]:
    """Form bodies a form can carry: flat values, and no required property empty or null
    (an empty array or a null sends nothing, which reads as a missing field)."""
    schema = body.raw if body.schema is None else body.schema.value
    listed = schema.get("required") if isinstance(schema, dict) else None
    required = set(listed) if isinstance(listed, list) else set()

    def fits(value: Any) -> bool:
        if not isinstance(value, dict):
            return False
        for key, item in value.items():
            items = item if isinstance(item, list) else [item]
            if any(isinstance(i, (dict, list)) for i in items):
                return False
            if key in required and item in ([], None):
                return False
        return True

    return fits


def _valid(store: SchemaStore, schema: Located) -> Callable[[Any], bool]:
    def valid(value: Any) -> bool:
        return store.is_valid(schema.uri, schema.pointer, value) is not False

    return valid


@lru_cache(maxsize=4)
def _request_store(contract: Contract) -> SchemaStore:
    """Validators for requests (``readOnly`` properties not required)."""
    return SchemaStore(contract.documents, contract.major, "request")


def _no_nulls(values: dict[str, Any]) -> dict[str, Any]:
    """A parameter whose value is null is not sent (there is no null on the wire)."""
    return {k: v for k, v in values.items() if v is not None}


# ----------------------------------------------------------------------------- invalid values

Mutate = Callable[[st.DataObject, Drawn], Drawn]
Mutation = tuple[str, Mutate]


def _mutations(api: Api, shape: Shape) -> list[Mutation]:
    found: list[Mutation] = []
    for p in shape.params:
        if p.required and p.location != "path":
            found.append((f"{p.location} {p.name} left out", _drop(p)))
        if p.kinds and not {"string", "array", "object"} & set(p.kinds):
            found.append((f"{p.location} {p.name} not a {'/'.join(p.kinds)}", _wrong_param(p)))
        elif p.kinds == ("string",) and _enum(p.raw):
            found.append((f"{p.location} {p.name} not in its enum", _unlisted(p)))
    body = shape.body
    if body is not None and body.kind == "json" and body.schema is not None:
        store = _request_store(api.contract)
        if body.required:
            found.append(("required body left out", _no_body))
        found.append(("body of the wrong type or without a required property",
                      _bad_body(store, body.schema)))  # fmt: skip
    return found


def _is_form(shape: Shape) -> bool:
    return shape.body is not None and shape.body.kind == "form"


def _drop(param: Param) -> Mutate:
    def mutate(data: st.DataObject, request: Drawn) -> Drawn:
        values = {k: v for k, v in _where(request, param).items() if k != param.name}
        return _replace(request, param, values)

    return mutate


def _wrong_param(param: Param) -> Mutate:
    def mutate(data: st.DataObject, request: Drawn) -> Drawn:
        values = {**_where(request, param), param.name: data.draw(_NOT_A_NUMBER)}
        return _replace(request, param, values)

    return mutate


def _unlisted(param: Param) -> Mutate:
    def mutate(data: st.DataObject, request: Drawn) -> Drawn:
        listed = set(map(str, _enum(param.raw)))
        value = data.draw(_NOT_A_NUMBER.filter(lambda s: s not in listed))
        return _replace(request, param, {**_where(request, param), param.name: value})

    return mutate


def _enum(raw: Any) -> list[Any]:
    """The values a parameter's schema (already dereferenced) lists; empty: none."""
    values = raw.get("enum") if isinstance(raw, dict) else None
    return values if isinstance(values, list) else []


def _no_body(data: st.DataObject, request: Drawn) -> Drawn:
    return replace(request, body=None, has_body=False)


def _bad_body(store: SchemaStore, schema: Located) -> Mutate:
    def mutate(data: st.DataObject, request: Drawn) -> Drawn:
        body = request.body if request.has_body else None
        choices: list[Any] = [[], {}, "text"]  # for the body itself
        if isinstance(body, dict) and body:
            key = data.draw(st.sampled_from(sorted(body)))
            choices += [
                {k: v for k, v in body.items() if k != key},
                *({**body, key: wrong} for wrong in _WRONG_VALUES),
            ]
        changed = data.draw(st.sampled_from(choices))
        assume(store.is_valid(schema.uri, schema.pointer, changed) is False)
        return replace(request, body=changed, has_body=True)

    return mutate


#: The field of :class:`Drawn` holding each location's parameters.
_FIELDS = {"path": "path", "query": "query", "header": "headers", "cookie": "cookies"}


def _where(request: Drawn, param: Param) -> dict[str, Any]:
    values: dict[str, Any] = getattr(request, _FIELDS[param.location])
    return values


def _replace(request: Drawn, param: Param, values: dict[str, Any]) -> Drawn:
    changed: dict[str, Any] = {_FIELDS[param.location]: values}
    return replace(request, **changed)


# ----------------------------------------------------------------------------- the wire


def _serialise(param: Param, value: Any) -> Pairs:
    """A parameter's value as (name, text) pairs, in its style."""
    if not isinstance(value, list):
        return [(param.name, _text(value))]
    texts = [_text(v) for v in value]
    if param.style == "multi" or (param.style == "form" and param.explode):
        return [(param.name, t) for t in texts]
    separator = {"ssv": " ", "tsv": "\t", "pipes": "|"}.get(param.style, ",")
    return [(param.name, separator.join(texts))]


def _form(body: Any) -> list[tuple[str, str]]:
    if not isinstance(body, dict):
        return []
    pairs: list[tuple[str, str]] = []
    for key, value in body.items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None and not isinstance(item, dict):
                pairs.append((key, _text(item)))
    return pairs


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)
