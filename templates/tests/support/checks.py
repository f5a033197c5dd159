"""What a response must satisfy, as functions from (contract, response) to violations.

Each check returns a list of :class:`Violation`, empty when the response conforms; a
violation names the part of the contract it breaks (``file#pointer``) and, for schema
failures, the failing keyword's location and the place in the body.  The rules:

- status: one the operation declares (exact code, then ``2XX``-style range, then
  ``default``); a 5xx always fails, declared or not (a contract test run must not crash
  the server);
- content type: when the matched response declares content, the response's media type
  must be one of them (parameters ignored, ``*/*`` and ``text/*`` wildcards honoured), and a
  JSON-only response must have a body (an empty file or text may be a valid value of other
  media).  A body where none is declared is not reported (servers add error bodies that
  contracts rarely describe);
- body: JSON bodies are validated against the declared schema, text bodies when the
  schema is a string schema; other media are not inspected;
- headers: every header the response declares ``required`` is present; every declared
  header that is present is valid for its schema (integers, numbers, booleans and
  comma-separated arrays are parsed first, as the ``simple`` style says).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from .contract import Contract, HeaderSpec, Located, OperationSpec, ResponseSpec

__all__ = [
    "Violation",
    "check_headers",
    "check_payload",
    "check_status",
    "coerce",
    "is_json_media",
]


@dataclass(frozen=True)
class Violation:
    """One way the response breaks the contract."""

    title: str  # a short sentence: "undeclared status 418"
    contract: str | None = None  # where in the contract (file#pointer)
    details: tuple[str, ...] = ()  # schema errors, one line each


def check_status(
    op: OperationSpec, response: httpx.Response
) -> tuple[ResponseSpec | None, list[Violation]]:
    code = response.status_code
    declared = op.response_for(code)
    found = []
    if code >= 500:
        found.append(
            Violation(f"server error {code}: no request may make the server fail", op.where)
        )
    elif declared is None:
        found.append(
            Violation(
                f"undeclared status {code} (the contract declares {op.statuses})",
                op.where + "/responses",
            )
        )
    return declared, found


def check_payload(
    contract: Contract, declared: ResponseSpec, response: httpx.Response, method: str
) -> list[Violation]:
    """Content type and body against the declared response."""
    if not declared.media or method.upper() == "HEAD":
        return []
    media_type = response.headers.get("content-type", "")
    essence = media_type.split(";", 1)[0].strip().lower()
    declared_types = ", ".join(name for name, _ in declared.media)
    if not response.content:
        if all(is_json_media(name.split(";", 1)[0].strip().lower()) for name, _ in declared.media):
            what = f"no body, but the contract declares one ({declared_types})"
            return [Violation(what, declared.where)]
        return []  # an empty file or text can be a valid body of a non-JSON media type
    match = _match(declared.media, essence)
    if match is None:
        shown = media_type or "none"
        return [
            Violation(
                f"content type {shown} is not declared (expected {declared_types})", declared.where
            )
        ]
    _, schema = match
    if schema is None:
        return []
    if is_json_media(essence):
        try:
            body = json.loads(response.content)
        except ValueError as exc:
            return [Violation(f"the body is not valid JSON ({exc})", declared.where)]
    elif essence.startswith("text/") and _is_string_schema(contract, schema):
        body = response.text
    else:
        return []
    return _schema_violations(contract, schema, body, "the body does not match the schema")


def check_headers(
    contract: Contract, declared: ResponseSpec, response: httpx.Response
) -> list[Violation]:
    found = []
    for header in declared.headers:
        raw = response.headers.get(header.name)
        if raw is None:
            if header.required:
                found.append(Violation(f"required header {header.name} is missing", header.where))
            continue
        found += _header_value(contract, header, raw)
    return found


def _header_value(contract: Contract, header: HeaderSpec, raw: str) -> list[Violation]:
    if header.schema is None:
        return []
    value = coerce(contract, header.schema, raw)
    return _schema_violations(
        contract, header.schema, value, f"header {header.name}: {raw!r} does not match its schema"
    )


def _schema_violations(
    contract: Contract, schema: Located, value: Any, title: str
) -> list[Violation]:
    errors = contract.schemas.errors(schema.uri, schema.pointer, value)
    if not errors:
        return []
    details = tuple(
        f"at {e.instance_path or '/'} (body path): {e.message}  [schema: {e.schema_path}]"
        for e in errors
    )
    return [Violation(title, schema.where, details)]


def is_json_media(essence: str) -> bool:
    return essence == "application/json" or essence.endswith("+json") or "/json" in essence


def _match(
    media: tuple[tuple[str, Located | None], ...], essence: str
) -> tuple[str, Located | None] | None:
    for exact in (True, False):
        for name, schema in media:
            declared = name.split(";", 1)[0].strip().lower()
            if exact and declared == essence:
                return name, schema
            if not exact and _wildcard(declared, essence):
                return name, schema
    return None


def _wildcard(declared: str, essence: str) -> bool:
    if declared in ("*/*", "*"):
        return True
    major, _, minor = declared.partition("/")
    return minor == "*" and essence.startswith(major + "/")


def _types(contract: Contract, schema: Located) -> list[str]:
    node = contract.deref(schema).value
    kind = node.get("type") if isinstance(node, dict) else None
    if isinstance(kind, str):
        return [kind]
    return [k for k in kind if isinstance(k, str)] if isinstance(kind, list) else []


def _is_string_schema(contract: Contract, schema: Located) -> bool:
    return _types(contract, schema) == ["string"]


def coerce(contract: Contract, schema: Located, raw: str) -> Any:
    """A header's text as the JSON value its schema describes (``simple`` style)."""
    types = _types(contract, schema)
    if "array" in types:
        items = contract.deref(schema).child("items")
        parts = [p.strip() for p in raw.split(",")] if raw else []
        return [coerce(contract, items, p) for p in parts] if items.value is not None else parts
    for kind, parse in (("integer", int), ("number", float)):
        if kind in types:
            try:
                return parse(raw)
            except ValueError:
                pass
    if "boolean" in types and raw in ("true", "false"):
        return raw == "true"
    return raw
