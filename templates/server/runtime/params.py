"""Path, query, header and cookie parameters: OpenAPI 3 styles in, validated kwargs out.

Deserialising is split from validating: :func:`extract` turns the wire text into strings,
lists of strings or dicts of strings as the parameter's ``style``/``explode``/``shape``
say, and a pydantic ``TypeAdapter`` for the handler's annotation (lax mode: ``"5"`` is a
valid ``int``) does the typing.  Every bad parameter gives its own error entry, so one
answer names all of them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import unquote_plus

from pydantic import TypeAdapter, ValidationError

from .problems import field_error
from .request import VALIDATION_CONTEXT, RawRequest
from .spec import MISSING, ParamSpec, media_kind

__all__ = ["Extracted", "describe_errors", "extract", "parse_params"]

#: A deserialised parameter before typing.
Extracted = str | list[str] | dict[str, Any]
_DELIMITERS = {"form": ",", "simple": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


class _Absent(Exception):
    """The parameter is not in the request."""


def parse_params(
    params: Sequence[ParamSpec], adapters: Mapping[str, TypeAdapter[Any]], raw: RawRequest
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Validated keyword arguments for the handler, and one error per bad parameter."""
    values: dict[str, Any] = {}
    errors: list[dict[str, str]] = []
    claimed = {p.wire for p in params if p.location == "query"}
    for param in params:
        adapter = adapters.get(param.name)
        context: Mapping[str, Any] | None = VALIDATION_CONTEXT  # the client's: enums closed
        try:
            found = extract(param, raw, claimed)
        except _Absent:
            if param.required:
                errors.append(field_error(param.location, param.wire, "required parameter"))
                continue
            found = param.default
            if found is MISSING:
                values[param.name] = None
                continue
            context = None  # the contract's own default: not the client's fault
        except ValueError as exc:
            errors.append(field_error(param.location, param.wire, str(exc)))
            continue
        if adapter is None:
            values[param.name] = found
            continue
        try:
            values[param.name] = adapter.validate_python(found, context=context)
        except ValidationError as exc:
            for message in describe_errors(exc):
                errors.append(field_error(param.location, param.wire, message))
    return values, errors


def describe_errors(exc: ValidationError) -> list[str]:
    """One line per pydantic error, prefixed with where inside the value it is."""
    lines = []
    for err in exc.errors(include_url=False):
        where = ".".join(str(part) for part in err["loc"])
        lines.append(f"{where}: {err['msg']}" if where else str(err["msg"]))
    return lines


def extract(param: ParamSpec, raw: RawRequest, claimed: set[str] | None = None) -> Any:
    """The parameter's value as strings, shaped by style/explode; raises ``_Absent``."""
    if param.location == "path":
        text = raw.path_params.get(param.wire)
        if text is None:
            raise _Absent
        value: Any = _path(param, text)
    elif param.location == "query":
        value = _query(param, raw, claimed or set())
    else:
        source = raw.headers if param.location == "header" else raw.cookies
        text = source.get(param.wire)
        if text is None:
            raise _Absent
        value = _split_simple(param, text) if param.content is None else text
    if param.content is not None:
        return _content(param, value)
    if value == "" and param.location in ("query", "cookie") and not param.allow_empty:
        if param.required:
            raise ValueError("empty value not allowed")
        raise _Absent
    return value


def _content(param: ParamSpec, value: Any) -> Any:
    """A ``content``-declared parameter: its one string, JSON-decoded for JSON media."""
    text = value if isinstance(value, str) else ",".join(value)
    if media_kind(param.content or "") != "json":
        return text
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ValueError(f"invalid JSON: {exc}") from None


# ----------------------------------------------------------------------------- path


def _path(param: ParamSpec, text: str) -> Any:
    if param.style == "label":
        return _label(param, text)
    if param.style == "matrix":
        return _matrix(param, text)
    return _split_simple(param, text)


def _split_simple(param: ParamSpec, text: str) -> Any:
    """``simple`` style (path and header; cookies use the same comma lists)."""
    if param.shape == "scalar" or param.content is not None:
        return text
    parts = text.split(",") if text else []
    if param.shape == "array":
        return [p.strip() if param.location == "header" else p for p in parts]
    if param.explode and param.style != "form":
        return _pairs_to_dict(parts, "=")
    return _flat_to_dict(parts)


def _label(param: ParamSpec, text: str) -> Any:
    if not text.startswith("."):
        raise ValueError("label style value must start with '.'")
    body = text[1:]
    if param.shape == "scalar":
        return body
    parts = (body.split(".") if param.explode else body.split(",")) if body else []
    if param.shape == "array":
        return parts
    return _pairs_to_dict(parts, "=") if param.explode else _flat_to_dict(parts)


def _matrix(param: ParamSpec, text: str) -> Any:
    if not text.startswith(";"):
        raise ValueError("matrix style value must start with ';'")
    items = text[1:].split(";")
    if param.shape == "object" and param.explode:
        return _pairs_to_dict(items, "=")
    values = []
    for item in items:
        key, eq, value = item.partition("=")
        if key != param.wire:
            raise ValueError(f"matrix style expects ';{param.wire}=...'")
        values.append(value if eq else "")
    if param.shape == "scalar":
        return values[0]
    if param.shape == "array":
        if param.explode:
            return values
        return values[0].split(",") if values[0] else []
    return _flat_to_dict(values[0].split(",") if values[0] else [])


def _pairs_to_dict(parts: Sequence[str], sep: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in parts:
        key, found, value = part.partition(sep)
        if not found:
            raise ValueError(f"expected key{sep}value pairs, got {part!r}")
        out[key] = value
    return out


def _flat_to_dict(parts: Sequence[str]) -> dict[str, str]:
    if len(parts) % 2:
        raise ValueError("expected an even number of key,value items")
    return {parts[i]: parts[i + 1] for i in range(0, len(parts), 2)}


# ----------------------------------------------------------------------------- query


def _query(param: ParamSpec, raw: RawRequest, claimed: set[str]) -> Any:
    if param.shape == "object" and param.style == "deepObject":
        return _deep_object(param.wire, raw.query)
    if param.shape == "object" and param.explode and param.content is None:
        return _exploded_object(param, raw.query, claimed)
    values = [v for k, v in raw.query if k == param.wire]
    if not values:
        raise _Absent
    if param.shape == "scalar" or param.content is not None:
        return values[0]
    delimiter = _DELIMITERS.get(param.style, ",")
    if param.shape == "array" and param.explode:
        return values
    parts = _split_delimited(_raw_value(raw.raw_query, param.wire), values[0], delimiter)
    return parts if param.shape == "array" else _flat_to_dict(parts)


def _split_delimited(raw_value: str | None, decoded: str, delimiter: str) -> list[str]:
    """Split a non-exploded list.

    When the delimiter appears literally in the undecoded text, split there and decode the
    parts (so a percent-encoded delimiter inside a value survives); clients that encode
    the delimiters as well are split after decoding.
    """
    if decoded == "":
        return []
    if raw_value is not None and delimiter != " " and delimiter in raw_value:
        return [unquote_plus(part) for part in raw_value.split(delimiter)]
    return decoded.split(delimiter)


def _raw_value(raw_query: str, wire: str) -> str | None:
    for chunk in raw_query.split("&"):
        key, _, value = chunk.partition("=")
        if unquote_plus(key) == wire:
            return value
    return None


def _exploded_object(
    param: ParamSpec, query: Sequence[tuple[str, str]], claimed: set[str]
) -> dict[str, Any]:
    """``form`` + explode: each property is its own query key."""
    if param.properties:
        wanted = set(param.properties)
        picked = [(k, v) for k, v in query if k in wanted]
    else:
        picked = [(k, v) for k, v in query if k not in claimed and "[" not in k]
    if not picked:
        raise _Absent
    out: dict[str, Any] = {}
    for key, value in picked:
        previous = out.get(key)
        if previous is None:
            out[key] = value
        elif isinstance(previous, list):
            previous.append(value)
        else:
            out[key] = [previous, value]
    return out


def _deep_object(wire: str, query: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """``wire[a]=1&wire[b][c]=2`` -> ``{"a": "1", "b": {"c": "2"}}`` (``[]`` appends)."""
    out: dict[str, Any] = {}
    prefix = wire + "["
    for key, value in query:
        if not key.startswith(prefix) or not key.endswith("]"):
            continue
        path = key[len(prefix) : -1].split("][")
        _deep_set(out, path, value)
    if not out:
        raise _Absent
    return out


def _deep_set(node: dict[str, Any], path: list[str], value: str) -> None:
    for part in path[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ValueError(f"conflicting deepObject keys at {part!r}")
        node = child
    last = path[-1]
    if last == "":
        raise ValueError("empty deepObject key")
    if path[-1] in node and not isinstance(node[last], dict):
        previous = node[last]
        node[last] = [*previous, value] if isinstance(previous, list) else [previous, value]
    else:
        node[last] = value
