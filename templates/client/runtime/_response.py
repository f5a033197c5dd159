"""Turning a successful ``httpx.Response`` into the value the operation documents.

Generated code passes the operation's documented responses as a mapping from status key to how
to read the body: a pydantic ``TypeAdapter`` for JSON, ``"bytes"``/``"text"`` for raw payloads,
or None for responses without content. Validation is on by default because silently returning
data that does not match the declared types defeats typed clients; it can be turned off per
client for servers known to drift from their spec.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal, TypeAlias

import httpx
from pydantic import TypeAdapter, ValidationError

from ._errors import ResponseValidationError, raise_for_status
from ._status import is_explicit_match, match_status

ResponseKind: TypeAlias = TypeAdapter[Any] | Literal["bytes", "text"] | None


def _raw(response: httpx.Response) -> Any:
    """Decoded JSON if the body is JSON, else its text, else None when empty."""
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        return response.text


def parse(
    response: httpx.Response,
    adapters: Mapping[str, ResponseKind],
    validate: bool = True,
    *,
    errors: Mapping[str, TypeAdapter[Any] | None] | None = None,
) -> Any:
    """Return the parsed body of ``response`` according to the best-matching status key.

    A 4xx/5xx status that ``adapters`` does not name explicitly (by code or range; ``default``
    does not count) is raised through ``raise_for_status`` with ``errors`` as its models, so one
    call handles both outcomes. Returns None for no-content responses, ``bytes`` for ``"bytes"``,
    ``str`` for ``"text"``, and the validated value for an adapter. With ``validate=False`` the
    adapter is skipped and the decoded JSON is returned as is.

    The return type is ``Any`` because one mapping may mix result types; generated code states
    the operation's real return type with ``typing.cast``.
    """
    status = response.status_code
    key = match_status(adapters, status)
    if status >= 400 and not is_explicit_match(key):
        raise_for_status(response, errors)
    if key is None:
        if validate:
            raise ResponseValidationError(
                f"status {status} is not documented for this operation "
                f"(documented: {', '.join(adapters) or 'none'})",
                response=response,
            )
        return _raw(response)
    kind = adapters[key]
    if kind is None:
        return None
    if kind == "bytes":
        return response.content
    if kind == "text":
        return response.text
    if not validate:
        return _raw(response)
    try:
        return _validated(kind, response.content)
    except ValidationError as exc:
        raise ResponseValidationError(
            f"response {status} does not match the documented schema: "
            f"{exc.error_count()} error(s); first: {_first_error(exc)}",
            response=response,
            validation_error=exc,
        ) from exc
    except (RecursionError, ValueError) as exc:  # only from the fallback: see _validated
        raise ResponseValidationError(
            f"response {status} could not be decoded: {type(exc).__name__}", response=response
        ) from None


def _validated(adapter: TypeAdapter[Any], content: bytes) -> Any:
    """``content`` validated as JSON.  pydantic's parser refuses documents nested deeper than
    200 levels, which a contract whose schemas chain that deep allows: those are decoded
    with the standard library (as deep as Python's stack allows) and validated as data."""
    try:
        return adapter.validate_json(content)
    except ValidationError as exc:
        if not _too_deep(exc):
            raise
    return adapter.validate_python(json.loads(content))


def _too_deep(exc: ValidationError) -> bool:
    first = exc.errors(include_url=False)[0]
    return first["type"] == "json_invalid" and "recursion limit" in str(first["msg"])


def _first_error(exc: ValidationError) -> str:
    """The first validation problem, short enough for an exception message."""
    first = exc.errors(include_url=False)[0]
    location = ".".join(str(part) for part in first["loc"]) or "<root>"
    return f"{location}: {first['msg']}"
