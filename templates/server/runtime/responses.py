"""Turning a handler's return value into a checked HTTP response."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import PydanticSerializationError, to_jsonable_python

from .bodies import match_media
from .spec import MediaSpec, ResponseSpec, media_kind

__all__ = [
    "ContractError",
    "RawResponse",
    "Reply",
    "default_status",
    "find_response",
    "render_result",
]


@dataclass(frozen=True, slots=True)
class Reply:
    """A response other than the default one: any declared status, headers, media type.

    ``body`` goes through the type declared for ``status`` (a model, list, ``bytes``,
    ``str`` or ``None``).  ``media_type`` picks one of the declared media types (default:
    the first).
    """

    status: int
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    media_type: str | None = None


@dataclass(frozen=True, slots=True)
class RawResponse:
    """A finished response the adapters send as is."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    media_type: str | None = None


class ContractError(Exception):
    """The handler's answer does not fit the declared responses (a server bug: 500)."""


def default_status(responses: Sequence[ResponseSpec]) -> int:
    """The status of a plain return value: the lowest declared 2xx, else 200."""
    codes = [int(r.status) for r in responses if r.status.isdigit() and r.status[0] == "2"]
    return min(codes) if codes else 200


def find_response(responses: Sequence[ResponseSpec], status: int) -> ResponseSpec | None:
    """The declared response for ``status``: exact code, then ``NXX`` range, then default."""
    by_key = {r.status.upper(): r for r in responses}
    return by_key.get(str(status)) or by_key.get(f"{status // 100}XX") or by_key.get("DEFAULT")


def render_result(
    responses: Sequence[ResponseSpec],
    adapters: Mapping[str, TypeAdapter[Any] | None],
    result: Any,
) -> RawResponse:
    """The response for a handler's return value, checked against the contract.

    ``adapters`` maps each declared status to a TypeAdapter of its annotation (``None``:
    no body).  Raises :class:`ContractError` when the status is not declared, a body is
    given for a response without one, or the value does not validate.
    """
    if isinstance(result, RawResponse):
        return result
    if isinstance(result, Reply):
        status, body, headers, wanted = (
            result.status,
            result.body,
            result.headers,
            result.media_type,
        )
    else:
        status, body, headers, wanted = default_status(responses), result, {}, None
    declared = find_response(responses, status)
    if declared is None:
        raise ContractError(f"status {status} is not declared for this operation")
    adapter = adapters.get(declared.status)
    if not declared.media or (adapter is None and body is None):
        if body is not None and body != b"":
            raise ContractError(f"response {declared.status} has no body, got {type(body)}")
        return RawResponse(status, dict(headers), b"", None)
    media = _pick_media(declared, wanted)
    payload = _encode(media, adapter, body)
    return RawResponse(status, dict(headers), payload, _with_charset(media))


def _pick_media(declared: ResponseSpec, wanted: str | None) -> str:
    if wanted is None:
        chosen = declared.media[0]
    else:
        spec = match_media(tuple(MediaSpec(m, media_kind(m)) for m in declared.media), wanted)
        if spec is None:
            raise ContractError(f"media type {wanted} is not declared for {declared.status}")
        chosen = wanted
    if "*" in chosen:
        return "application/json" if media_kind(chosen) == "json" else "application/octet-stream"
    return chosen


def _with_charset(media: str) -> str:
    kind = media_kind(media)
    if kind == "text" and "charset" not in media.lower():
        return f"{media}; charset=utf-8"
    return media


def _encode(media: str, adapter: TypeAdapter[Any] | None, body: Any) -> bytes:
    kind = media_kind(media)
    if kind in ("binary", "text"):
        if isinstance(body, (bytes, bytearray, memoryview)):
            return bytes(body)
        if isinstance(body, str):
            return body.encode()
        if kind == "binary":
            raise ContractError(f"a {media} response needs bytes, got {type(body).__name__}")
    try:
        if adapter is None:
            value = body
            return _json_bytes(value) if kind != "form" else _form_bytes(value)
        value = adapter.validate_python(body)
        data = adapter.dump_python(
            value, mode="json", by_alias=True, exclude_unset=True, exclude=_write_only(value)
        )
    except (ValidationError, PydanticSerializationError, TypeError, ValueError) as exc:
        raise ContractError(f"response body does not fit the declared type: {exc}") from exc
    if kind == "form":
        return _form_bytes(data)
    if kind == "text":
        return str(data).encode()
    return _json_bytes(data)


def _json_bytes(data: Any) -> bytes:
    return json.dumps(to_jsonable_python(data), ensure_ascii=False).encode()


def _form_bytes(data: Any) -> bytes:
    if not isinstance(data, Mapping):
        raise ContractError("a form response needs an object")
    return urlencode({str(k): str(v) for k, v in data.items()}).encode()


def _write_only(value: Any) -> Any:
    """A pydantic ``exclude`` spec leaving out writeOnly fields (``__apigen_write_only__``)."""
    if isinstance(value, BaseModel):
        spec: dict[Any, Any] = dict.fromkeys(
            getattr(type(value), "__apigen_write_only__", ()), True
        )
        for name, item in value.__dict__.items():
            if name not in spec and (inner := _write_only(item)):
                spec[name] = inner
        return spec or None
    if isinstance(value, (list, tuple)):
        items = {i: inner for i, item in enumerate(value) if (inner := _write_only(item))}
        return items or None
    if isinstance(value, dict):
        found = {k: inner for k, item in value.items() if (inner := _write_only(item))}
        return found or None
    return None
