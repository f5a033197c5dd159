"""Full JSON Schema validation against the contract, in the contract's own dialect.

OpenAPI 3.1 schemas are JSON Schema draft 2020-12 and are validated as such.  OpenAPI 3.0
and Swagger 2.0 schemas are an extended subset of draft 4/5; they are converted once per
document into draft 7 (same meaning, plus ``if``/``then``), so that:

- ``nullable: true`` (3.0) and ``x-nullable: true`` (2.0) allow ``null``;
- boolean ``exclusiveMinimum``/``exclusiveMaximum`` become the numeric form;
- 2.0's ``type: file`` accepts anything.

For every version, two more rules of OpenAPI itself are applied, by direction:

- a ``readOnly`` property is not required in a request, a ``writeOnly`` one not in a response;
- a ``discriminator`` on a ``oneOf``/``anyOf`` of references selects the one schema to check
  when its property's value names one (explicit mapping, else the schema's name), as OpenAPI
  says: plain ``oneOf`` would fail on payloads that match two similar alternatives, and would
  report a vague "not valid under any" instead of the field that is wrong.  A value that
  names no schema falls back to the alternatives as written, so the discriminator only ever
  removes failures plain JSON Schema would report (specs often name values ``track`` where
  the schema is ``TrackObject``: no false alarm for that).

Validation is jsonschema-rs (Rust): building a registry over GitHub's 12 MB contract takes
about 0.1 s and compiling one response schema well under a millisecond.  Each error carries
its absolute keyword location, which is a ``file#pointer`` into the contract: that is the
"failing schema path" printed in failure messages.  Formats are checked (``date-time``,
``uuid``, ``email``...); formats JSON Schema does not define (``int32``, ``byte``) are ignored.

This module has no imports from the rest of the suite: apigen loads the same file when it
generates the suite, to check that every request value it writes is valid (or, for negative
cases, invalid) for the contract.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote, unquote, urljoin, urlsplit

import jsonschema_rs

__all__ = ["ROOT_URI", "SchemaError", "SchemaStore", "convert", "document_uri", "short_uri"]

Direction = Literal["request", "response"]
#: Base URI of the contract's root document; other documents are resolved against it.
ROOT_URI = "file:///contract/"
_LITERAL = frozenset({"example", "examples", "default", "enum", "const", "x-examples"})
#: Keywords the conversion may rewrite (besides ``type: file``).
_CONVERTED = frozenset(
    {"discriminator", "exclusiveMinimum", "exclusiveMaximum", "nullable", "x-nullable", "required"}
)
_RESPONSE_ONLY = frozenset({"responses", "callbacks", "webhooks"})
_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "definitions",
        "$defs",
        "schemas",
        "dependentSchemas",
        "paths",
        "webhooks",
        "pathItems",
        "responses",
        "parameters",
        "requestBodies",
        "headers",
        "content",
        "callbacks",
        "links",
        "securitySchemes",
        "securityDefinitions",
        "encoding",
        "mapping",
        "variables",
        "scopes",
    }
)


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
#: Formats draft 7 does not define but OpenAPI contracts use with a clear meaning.
_LEGACY_FORMATS = {"uuid": lambda value: bool(_UUID.match(value))}


def document_uri(name: str) -> str:
    """The URI a contract document is registered under (``name`` relative to the root's folder)."""
    return urljoin(ROOT_URI, quote(name, safe="/._-~"))


def short_uri(uri: str) -> str:
    """``file:///contract/openapi.yaml#/a`` -> ``openapi.yaml#/a``, for messages."""
    return unquote(uri[len(ROOT_URI) :]) if uri.startswith(ROOT_URI) else uri


@dataclass(frozen=True)
class SchemaError:
    """One way an instance fails its schema."""

    message: str
    instance_path: str  # JSON pointer into the validated value
    schema_path: str  # ``file#pointer`` of the failing keyword in the contract


class SchemaStore:
    """Validators for schemas of one contract, compiled on first use and kept."""

    def __init__(self, documents: dict[str, Any], major: str, direction: Direction) -> None:
        """``documents``: URI -> document (as loaded); ``major``: ``2.0``, ``3.0`` or ``3.1``."""
        self.major = major
        self.documents = documents
        converted = [
            (uri, convert(doc, major, direction, documents, uri)) for uri, doc in documents.items()
        ]
        self._draft = jsonschema_rs.Draft202012 if major == "3.1" else jsonschema_rs.Draft7
        self._cls = (
            jsonschema_rs.Draft202012Validator if major == "3.1" else jsonschema_rs.Draft7Validator
        )
        self._registry = jsonschema_rs.Registry(
            converted, draft=self._draft, retriever=_refuse_remote
        )
        self._formats = _LEGACY_FORMATS if major != "3.1" else None
        self._validators: dict[str, Any] = {}
        self.broken: dict[str, str] = {}  # schema URI -> why it cannot be compiled

    def errors(self, uri: str, pointer: str, instance: Any, limit: int = 5) -> list[SchemaError]:
        """How ``instance`` fails the schema at ``uri#pointer`` (empty: it is valid).

        A schema that cannot be compiled (a dangling ``$ref``, a regex jsonschema-rs does not
        support) validates nothing; it is listed in :attr:`broken` instead.
        """
        validator = self._validator(uri, pointer)
        if validator is None:
            return []
        found = []
        for error in _first(validator.iter_errors(instance), limit):
            found.append(
                SchemaError(
                    error.message,
                    _pointer(error.instance_path),
                    self._existing(str(error.absolute_keyword_location or "")),
                )
            )
        return found

    def _existing(self, location: str) -> str:
        """The keyword's location, cut back to a node the contract really has.

        Discriminator rules are added by the conversion; an error inside them is reported at
        the schema that declares the discriminator.
        """
        base, pointer = split_uri(location)
        node = self.documents.get(base)
        kept = ""
        for token in pointer.split("/")[1:]:
            key = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                break
            kept += "/" + token
        return short_uri(f"{base}#{kept}") if base in self.documents else short_uri(location)

    def is_valid(self, uri: str, pointer: str, instance: Any) -> bool | None:
        """True/False; None when the schema cannot be compiled."""
        validator = self._validator(uri, pointer)
        return None if validator is None else bool(validator.is_valid(instance))

    def _validator(self, uri: str, pointer: str) -> Any:
        key = f"{uri}#{quote(pointer, safe='/~-._')}"
        if key in self._validators:
            return self._validators[key]
        try:
            validator = self._cls(
                {"$ref": key},
                registry=self._registry,
                validate_formats=True,
                formats=self._formats,
                retriever=_refuse_remote,
            )
        except Exception as exc:  # the contract's fault, reported, never a crash
            self.broken[short_uri(key)] = str(exc).splitlines()[0] if str(exc) else repr(exc)
            validator = None
        self._validators[key] = validator
        return validator


def _refuse_remote(uri: str) -> Any:
    raise ValueError(f"remote reference not fetched: {uri}")


def _first(errors: Iterator[Any], limit: int) -> Iterator[Any]:
    for i, error in enumerate(errors):
        if i >= limit:
            return
        yield error


def _pointer(path: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


# ----------------------------------------------------------------------------- conversion


def convert(
    document: Any,
    major: str,
    direction: Direction,
    documents: dict[str, Any] | None = None,
    uri: str = ROOT_URI,
) -> Any:
    """``document`` with its schemas in the validator's dialect; untouched parts are shared.

    Nothing is copied where nothing changes, so converting GitHub's contract costs one walk.
    """
    return _Converter(major, direction, documents or {uri: document}, uri).walk(document, False)


class _Converter:
    def __init__(self, major: str, direction: Direction, documents: dict[str, Any], uri: str):
        self.legacy = major != "3.1"
        self.hidden = "readOnly" if direction == "request" else "writeOnly"
        # Requests never validate against responses: leaving them out halves the walk.
        self.skip = _RESPONSE_ONLY if direction == "request" else frozenset()
        self.documents = documents
        self.uri = uri
        self._found: dict[str, Any] = {}

    def walk(self, node: Any, names: bool) -> Any:
        if isinstance(node, list):
            items = [self.walk(item, False) for item in node]
            return node if all(a is b for a, b in zip(items, node, strict=True)) else items
        if not isinstance(node, dict):
            return node
        changed: dict[str, Any] | None = None
        for key, value in node.items():
            if not names and (key in _LITERAL or key in self.skip):
                continue
            if isinstance(value, (dict, list)):
                new = self.walk(value, not names and key in _NAME_MAPS)
                if new is not value:
                    changed = changed if changed is not None else dict(node)
                    changed[key] = new
        result = changed if changed is not None else node
        return result if names else self.schema(result)

    def schema(self, node: dict[str, Any]) -> dict[str, Any]:
        """One node's own keywords (its children are already converted)."""
        if node.keys().isdisjoint(_CONVERTED) and node.get("type") != "file":
            return node  # most nodes: nothing to do, decided cheaply
        out = node
        disc = out.get("discriminator")
        if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
            out = self._discriminated(out, disc)
        if self.legacy:
            out = _legacy(out)
        required = out.get("required")
        props = out.get("properties")
        if isinstance(required, list) and isinstance(props, dict):
            kept = [r for r in required if not self._hidden(props.get(r))]
            if len(kept) != len(required):
                out = {**out, "required": kept}
        return out

    def _hidden(self, prop: Any) -> bool:
        for _ in range(8):
            if not isinstance(prop, dict):
                return False
            if prop.get(self.hidden) is True:
                return True
            ref = prop.get("$ref")
            if not isinstance(ref, str) or (not self.legacy and len(prop) > 1):
                return False
            prop = self._lookup(ref)
        return False

    def _lookup(self, ref: str) -> Any:
        if ref not in self._found:
            self._found[ref] = self._resolve(ref)
        return self._found[ref]

    def _resolve(self, ref: str) -> Any:
        target = urljoin(self.uri, ref)
        base, _, fragment = target.partition("#")
        node = self.documents.get(base)
        for token in unquote(fragment).split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict):
                node = node.get(token)
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return None
        return node

    def _discriminated(self, node: dict[str, Any], disc: dict[str, Any]) -> dict[str, Any]:
        key = "oneOf" if isinstance(node.get("oneOf"), list) else "anyOf"
        options = node.get(key)
        if not isinstance(options, list) or not options:
            return node
        refs = [o.get("$ref") if isinstance(o, dict) else None for o in options]
        if not all(isinstance(r, str) for r in refs):
            return node  # inline alternatives: plain oneOf/anyOf semantics
        prop = disc["propertyName"]
        mapping = _mapping(disc.get("mapping"), [str(r) for r in refs])
        if not mapping:
            return node
        known = [value for value, _ in mapping]
        rules: list[Any] = [
            {"if": _tagged(prop, {"const": value}), "then": {"$ref": ref}} for value, ref in mapping
        ]
        # A value that names no schema (or no value): the alternatives as written.
        rules.append({"if": _tagged(prop, {"enum": known}), "else": {key: options}})
        out = {k: v for k, v in node.items() if k != key}
        out["allOf"] = [*(node.get("allOf") or []), *rules]
        return out


def _tagged(prop: str, value: dict[str, Any]) -> dict[str, Any]:
    """A schema matching objects whose discriminator property matches ``value``."""
    return {"type": "object", "properties": {prop: value}, "required": [prop]}


def _mapping(explicit: Any, refs: list[str]) -> list[tuple[str, str]]:
    """(discriminator value, schema ref): the explicit mapping, then implicit schema names."""
    found: list[tuple[str, str]] = []
    targets = set()
    if isinstance(explicit, dict):
        for value, target in explicit.items():
            if not isinstance(target, str):
                continue
            ref = target if ("#" in target or "/" in target) else f"#/components/schemas/{target}"
            found.append((str(value), ref))
            targets.add(ref)
    taken = {v for v, _ in found}
    for ref in refs:
        name = ref.rsplit("/", 1)[-1]
        if ref not in targets and name not in taken:
            found.append((unquote(name).replace("~1", "/").replace("~0", "~"), ref))
            taken.add(name)
    return found


def _legacy(node: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI 3.0 / Swagger 2.0 keywords in draft 7 form."""
    out = node
    for flag, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = out.get(flag)
        if isinstance(value, bool):
            out = dict(out)
            del out[flag]
            if value and bound in out:
                out[flag] = out.pop(bound)
    if out.get("type") == "file":
        out = {k: v for k, v in out.items() if k != "type"}
    if (out.get("nullable") is True or out.get("x-nullable") is True) and "$ref" not in out:
        out = _nullable(out)
    return out


def _nullable(node: dict[str, Any]) -> dict[str, Any]:
    out = dict(node)
    kind = out.get("type")
    if isinstance(kind, str):
        out["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        out["type"] = [*kind, "null"]
    enum = out.get("enum")
    if isinstance(enum, list) and None not in enum:
        out["enum"] = [*enum, None]
    combined = [k for k in ("oneOf", "anyOf", "allOf") if k in out]
    if kind is None and combined:
        inner = {k: out.pop(k) for k in combined}
        out["anyOf"] = [{"type": "null"}, inner]
    return out


def split_uri(uri: str) -> tuple[str, str]:
    """``file:///contract/a.yaml#/x`` -> (document URI, pointer)."""
    base, _, fragment = uri.partition("#")
    return base, unquote(fragment)


def is_remote(uri: str) -> bool:
    return urlsplit(uri).scheme in ("http", "https")
