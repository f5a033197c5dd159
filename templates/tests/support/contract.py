"""The contract the tests check against: ``contract.json`` beside the tests, read once.

Tests name an operation by method and path; everything the checks need (declared
responses, their media types, schemas and headers, the security requirements) is looked
up here, in the contract itself, with the JSON pointer of each part kept for messages.
Swagger 2.0 and OpenAPI 3.x are both read (2.0's ``produces`` and header objects).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

from .schemas import SchemaStore, document_uri, short_uri

__all__ = [
    "Contract",
    "HeaderSpec",
    "Located",
    "OperationSpec",
    "ResponseSpec",
    "SchemeSpec",
    "status_key",
]


@dataclass(frozen=True)
class Located:
    """A node of the contract and where it is (document URI and JSON pointer)."""

    uri: str
    pointer: str
    value: Any

    @property
    def where(self) -> str:
        return f"{short_uri(self.uri)}#{self.pointer}"

    def child(self, *tokens: str) -> Located:
        value, pointer = self.value, self.pointer
        for token in tokens:
            if isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                value = value.get(token) if isinstance(value, dict) else None
            pointer += "/" + token.replace("~", "~0").replace("/", "~1")
        return Located(self.uri, pointer, value)


@dataclass(frozen=True)
class HeaderSpec:
    name: str
    required: bool
    schema: Located | None
    where: str


@dataclass(frozen=True)
class ResponseSpec:
    """One declared response: ``status`` as written (``200``, ``2XX``, ``default``)."""

    status: str
    where: str
    media: tuple[tuple[str, Located | None], ...]  # media type -> its schema (None: unchecked)
    headers: tuple[HeaderSpec, ...]

    def matches(self, code: int) -> bool:
        if self.status == "default":
            return True
        if len(self.status) == 3 and self.status[1:].upper() == "XX":
            return self.status[0] == str(code)[0]
        return self.status == str(code)


@dataclass(frozen=True)
class OperationSpec:
    operation_id: str
    method: str
    path: str
    where: str
    responses: tuple[ResponseSpec, ...]
    security: tuple[tuple[str, ...], ...]  # alternatives, each a set of scheme names
    path_schemas: tuple[tuple[str, Located], ...] = ()  # path parameter -> its schema

    def response_for(self, code: int) -> ResponseSpec | None:
        """The declared response for a status: exact code, then range, then ``default``."""
        exact = [r for r in self.responses if r.status == str(code)]
        ranges = [r for r in self.responses if r.status not in ("default", str(code))]
        ranged = [r for r in ranges if r.matches(code)]
        fallback = [r for r in self.responses if r.status == "default"]
        found = exact or ranged or fallback
        return found[0] if found else None

    @property
    def statuses(self) -> str:
        return ", ".join(r.status for r in self.responses) or "none"


@dataclass(frozen=True)
class SchemeSpec:
    """A security scheme, reduced to how a credential is sent."""

    name: str
    kind: str  # apiKey | basic | bearer | unsupported
    location: str | None = None  # apiKey: header | query | cookie
    parameter: str | None = None  # apiKey: the header/query/cookie name


class Contract:
    """``contract.json`` and the lookups the checks make in it.

    The contract is one document with local references only (apigen bundles multi-file
    specs); ``root_name`` is how messages name it: the spec's own file name when the spec
    is one file (pointers are the same in both), else ``contract.json``.
    """

    def __init__(self, path: Path, root_name: str) -> None:
        with path.open(encoding="utf-8") as handle:
            root = json.load(handle)
        if not isinstance(root, dict):
            raise ValueError(f"{path}: not an OpenAPI document")
        self.root_uri = document_uri(root_name)
        self.documents: dict[str, Any] = {self.root_uri: root}
        self.root = root
        version = str(root.get("openapi") or root.get("swagger") or "3.0")
        self.major = "2.0" if version.startswith("2") else version[:3]
        self._operations: dict[tuple[str, str], OperationSpec] = {}

    @cached_property
    def schemas(self) -> SchemaStore:
        """Validators for responses (built on first use: collecting tests needs none)."""
        return SchemaStore(self.documents, self.major, "response")

    def deref(self, node: Located) -> Located:
        """Follow ``$ref`` chains (across documents); a dangling one stops where it is."""
        for _ in range(32):
            ref = node.value.get("$ref") if isinstance(node.value, dict) else None
            if not isinstance(ref, str):
                return node
            target = self.resolve(urljoin(node.uri, ref))
            if target is None:
                return node
            node = target
        return node

    def resolve(self, uri: str) -> Located | None:
        base, _, fragment = uri.partition("#")
        value = self.documents.get(base)
        pointer = unquote(fragment)
        for token in pointer.split("/")[1:]:
            key = token.replace("~1", "/").replace("~0", "~")
            if isinstance(value, dict) and key in value:
                value = value[key]
            elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
                value = value[int(key)]
            else:
                return None
        return None if value is None else Located(base, pointer, value)

    def operation(self, method: str, path: str) -> OperationSpec:
        key = (method.lower(), path)
        if key not in self._operations:
            self._operations[key] = self._read_operation(*key)
        return self._operations[key]

    def _read_operation(self, method: str, path: str) -> OperationSpec:
        item = self.deref(Located(self.root_uri, "", self.root).child("paths", path))
        op = self.deref(item.child(method))
        if not isinstance(op.value, dict):
            raise LookupError(f"the contract has no operation {method.upper()} {path}")
        responses = op.child("responses")
        found = []
        for status in responses.value if isinstance(responses.value, dict) else {}:
            if not status.startswith("x-"):
                found.append(self._response(status, op, self.deref(responses.child(status))))
        security = op.value.get("security", self.root.get("security"))
        return OperationSpec(
            operation_id=str(op.value.get("operationId") or f"{method} {path}"),
            method=method,
            path=path,
            where=op.where,
            responses=tuple(found),
            security=_alternatives(security),
            path_schemas=self._path_schemas(item, op),
        )

    def _path_schemas(self, item: Located, op: Located) -> tuple[tuple[str, Located], ...]:
        """Schemas of the path parameters (the operation's own win); none for Swagger 2.0,
        whose parameter objects are not schemas."""
        found: dict[str, Located] = {}
        for holder in (item, op):
            params = holder.child("parameters")
            for i, _ in enumerate(params.value if isinstance(params.value, list) else []):
                param = self.deref(params.child(str(i)))
                value = param.value if isinstance(param.value, dict) else {}
                if value.get("in") == "path" and "schema" in value and self.major != "2.0":
                    found[str(value.get("name"))] = param.child("schema")
        return tuple(found.items())

    def _response(self, status: str, op: Located, response: Located) -> ResponseSpec:
        value = response.value if isinstance(response.value, dict) else {}
        media: list[tuple[str, Located | None]] = []
        if self.major == "2.0":
            produces = op.value.get("produces") or self.root.get("produces") or ["application/json"]
            if "schema" in value:
                media = [(str(m), response.child("schema")) for m in produces]
        else:
            content = response.child("content")
            for name in content.value if isinstance(content.value, dict) else {}:
                entry = self.deref(content.child(name))
                schema = entry.child("schema") if isinstance(entry.value, dict) else None
                media.append((name, schema if schema and schema.value is not None else None))
        headers = []
        holder = response.child("headers")
        for name in holder.value if isinstance(holder.value, dict) else {}:
            if name.lower() == "content-type":
                continue  # OpenAPI: a Content-Type header definition is ignored
            header = self.deref(holder.child(name))
            headers.append(self._header(name, header))
        return ResponseSpec(status_key(status), response.where, tuple(media), tuple(headers))

    def _header(self, name: str, header: Located) -> HeaderSpec:
        value = header.value if isinstance(header.value, dict) else {}
        schema: Located | None = None
        if self.major == "2.0":
            schema = header
        elif "schema" in value:
            schema = header.child("schema")
        elif isinstance(value.get("content"), dict) and value["content"]:
            schema = header.child("content", next(iter(value["content"])), "schema")
        return HeaderSpec(name, value.get("required") is True, schema, header.where)

    @cached_property
    def schemes(self) -> dict[str, SchemeSpec]:
        holder = Located(self.root_uri, "", self.root)
        holder = (
            holder.child("securityDefinitions")
            if self.major == "2.0"
            else holder.child("components", "securitySchemes")
        )
        found = {}
        for name in holder.value if isinstance(holder.value, dict) else {}:
            scheme = self.deref(holder.child(name)).value
            found[name] = _scheme(name, scheme if isinstance(scheme, dict) else {})
        return found


def status_key(status: str) -> str:
    """A response key as compared: ``2xx`` -> ``2XX``; ``default`` and codes as they are."""
    return status.lower() if status.lower() == "default" else status.upper()


def _alternatives(security: Any) -> tuple[tuple[str, ...], ...]:
    if not isinstance(security, list):
        return ()
    return tuple(tuple(str(k) for k in alt) for alt in security if isinstance(alt, dict))


def _scheme(name: str, raw: dict[str, Any]) -> SchemeSpec:
    kind = str(raw.get("type", ""))
    if kind == "apiKey":
        return SchemeSpec(name, "apiKey", str(raw.get("in", "header")), str(raw.get("name", "")))
    if kind == "basic" or (kind == "http" and str(raw.get("scheme", "")).lower() == "basic"):
        return SchemeSpec(name, "basic")
    if kind in ("oauth2", "openIdConnect") or (
        kind == "http" and str(raw.get("scheme", "")).lower() == "bearer"
    ):
        return SchemeSpec(name, "bearer")
    return SchemeSpec(name, "unsupported")
