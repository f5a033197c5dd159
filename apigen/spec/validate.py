"""Validate a resolved spec: structure first, then the rules a schema cannot express.

:func:`validate` returns every finding for a :class:`~apigen.spec.resolve.Spec`:
the resolver's own (dangling or refused ``$ref``s, referenced files that do not
load), the structural findings, and the semantic ones.  Each is located (file,
line, column, JSON pointer), duplicates are dropped, and the list is sorted by
file, line, column and code, so the same spec always gives the same report.

Structure
    The root document is checked against the OpenAPI meta-schema of its
    version, the ones shipped inside ``openapi-spec-validator``
    (``resources/schemas/v2.0``, ``v3.0``, ``v3.1``; found with
    ``importlib.util.find_spec``, which does not import it), compiled once per
    process by ``jsonschema_rs`` and never allowed on the network
    (``offline=True``).  For 3.1 the document schema leaves Schema Objects
    open; a wrapper (the official "schema-base" construction) points its
    ``$dynamicAnchor: meta`` at the OAS 3.1 base dialect shipped in
    ``openapi-schema-validator``, so Schema Objects are checked against the
    JSON Schema 2020-12 meta-schema plus the OAS vocabulary in the same pass
    (unless the document declares another ``jsonSchemaDialect``: then Schema
    Objects need only be objects or booleans).  The 3.1 document schema
    shipped there still names the Link Object's ``server`` field ``body``
    (fixed upstream); it is corrected in memory.
    Objects that live in other files of a multi-file spec are checked against
    the matching definition (Schema, Parameter, Path Item...) when the walk
    reaches them through a ``$ref``.  A failing ``oneOf``/``anyOf`` is
    explained through its best-matching branch (the one that does not fail on
    a discriminating field such as ``in`` or ``$ref``), down to the deepest
    error, rather than as "not valid under any of the given schemas"; a
    ``$ref`` where the spec allows none (DigitalOcean's operations) is one
    finding, not a missing-field and an unexpected-field one.  Values JSON
    has no form for (YAML ``!!binary``, ``!!set``) are reported where they are.

Semantics
    One walk over paths, webhooks, callbacks and components, following
    ``$ref``s (into other files too, and operations given as ``$ref``s) and
    visiting each Schema Object once, with an explicit stack, so cyclic
    schemas are fine.  Path-template checks apply to ``paths`` only, not to
    webhooks or callbacks.
    It finds at least what openapi-spec-validator 0.9 finds (defaults,
    ``required`` with ``allOf``, duplicate parameters and operationIds, path
    parameters, duplicate tags) plus the checks listed in :data:`CHECKS`.
    Defaults are validated with ``jsonschema_rs`` under the rules
    openapi-spec-validator applies: OAS 3.0 semantics for 2.0 and 3.0
    (``nullable: true`` admits null; ``x-nullable`` does not count; a
    ``required`` property marked readOnly/writeOnly may be absent), JSON
    Schema 2020-12 for 3.1 (where a null default beside ``nullable: true`` is
    left to the ``nullable-in-3.1`` warning), and only the OAS formats
    asserted (int32, int64, byte, regex); ``date-time``, ``email``... stay
    annotations.
    ``/a/{x}`` beside ``/a/{y}`` (``duplicate-path-template``) is an error
    when both define the same method (a request matches two operations), and
    a warning otherwise: the spec forbids it, but routing stays unambiguous.

Blocking
    ``blocking`` is True only when nothing sensible can be generated: the
    resolver's ``unresolved-ref``/``refused-ref`` (and files that fail to
    load), and a root document that is not structurally an OpenAPI document
    at its top level -- ``info`` or ``paths`` missing where the version
    requires them (3.1: none of ``paths``, ``components``, ``webhooks``), or
    one of ``info``, ``paths``, ``components``, ``webhooks``, ``definitions``
    not being a mapping.  Every other finding, however wrong, is something a
    generator can work around, so it is an error (or a warning) but not
    blocking.

When a specific check and the meta-schema report the same fault at the same
place (``example`` and ``examples`` together, a path parameter without
``required: true``...), only the specific finding is kept.
"""

from __future__ import annotations

import base64
import binascii
import importlib.util
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from apigen.errors import Diagnostic, Location, Severity, join_pointer
from apigen.jsontypes import json_type
from apigen.spec.load import Document
from apigen.spec.resolve import Spec, Target, unescape_token

__all__ = ["CHECKS", "validate"]

#: Every code :func:`validate` can report (with the resolver's), and what it means.
CHECKS: dict[str, str] = {
    "unresolved-ref": "A $ref points at nothing: missing file, fragment or anchor (blocking).",
    "refused-ref": "A $ref leaves the sandbox: network or outside the spec's folder (blocking).",
    "schema-violation": "The document breaks the OpenAPI meta-schema of its version.",
    "invalid-default": "A default value does not validate against its own schema.",
    "required-property-undefined": "A schema with allOf requires a property no branch defines.",
    "duplicate-parameter": "The same parameter (name and in) is listed twice in one list.",
    "duplicate-operation-id": "Two operations share an operationId.",
    "path-parameter-undeclared": "A {name} in the path template has no in: path parameter.",
    "path-parameter-unused": "An in: path parameter names nothing in the path template.",
    "path-parameter-not-required": "An in: path parameter lacks required: true.",
    "duplicate-path-template": "Paths differ only in parameter names (/a/{x}, /a/{y}); "
    "an error when they share a method, else a warning.",
    "undefined-security-scheme": "A security requirement names a scheme that is not defined.",
    "parameter-schema-and-content": "A parameter or header has both schema and content.",
    "duplicate-key": "A mapping repeats a key (the last value wins).",
    "multiple-body-parameters": "A 2.0 operation has two body parameters, or body and formData.",
    "nullable-in-3.1": "Warning: nullable is a 3.0 keyword that 3.1 ignores (type: [T, 'null']).",
    "duplicate-tag": "Two tags at the top level share a name.",
    "mutually-exclusive-example": "example and examples are both given on one object.",
    "unknown-link-operation": "A Link Object's operationId names no operation of the API.",
    "operation-without-responses": "Warning: a 3.1 operation declares no responses.",
}

_ERROR = Severity.ERROR
_WARNING = Severity.WARNING

_TEMPLATE_PARAM = re.compile(r"\{([^{}]+)\}")
_METHODS_2 = ("get", "put", "post", "delete", "options", "head", "patch")
_METHODS_3 = (*_METHODS_2, "trace")

# --------------------------------------------------------------------------- meta-schemas

_DRAFT4 = "http://json-schema.org/draft-04/schema#"
_DRAFT2020 = "https://json-schema.org/draft/2020-12/schema"
_OAS31_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
_WRAPPER_BASE = "https://apigen.invalid/meta/"  # never fetched: every validator is offline

#: Definition names, per version, of the objects the walk checks in other files.
_FRAGMENT_DEFS: dict[str, dict[str, str]] = {
    "2.0": {
        "schema": "schema",
        "parameter": "parameter",
        "response": "response",
        "path-item": "pathItem",
        "operation": "operation",
        "header": "header",
    },
    "3.0": {
        "schema": "Schema",
        "parameter": "Parameter",
        "response": "Response",
        "path-item": "PathItem",
        "operation": "Operation",
        "header": "Header",
        "request-body": "RequestBody",
        "link": "Link",
        "callback": "Callback",
    },
    "3.1": {
        "schema": "schema",
        "parameter": "parameter",
        "response": "response",
        "path-item": "path-item",
        "operation": "operation",
        "header": "header",
        "request-body": "request-body",
        "link": "link",
        "callback": "callbacks",
    },
}


def _read_json(package: str, *parts: str) -> Any:
    """A JSON resource of an installed package, read without importing the package.

    ``importlib.resources.files(package)`` would import it, and importing
    openapi-spec-validator (jsonschema, referencing...) costs ~0.5 s.
    """
    found = importlib.util.find_spec(package)
    if found is None or not found.submodule_search_locations:
        raise ModuleNotFoundError(package)
    resource = Path(next(iter(found.submodule_search_locations))).joinpath(*parts)
    return json.loads(resource.read_text(encoding="utf-8"))


@cache
def _document_schema(major: str) -> dict[str, Any]:
    schema: dict[str, Any] = _read_json(
        "openapi_spec_validator", "resources", "schemas", f"v{major}", "schema.json"
    )
    if major == "3.1":
        link = schema["$defs"]["link"]["properties"]
        if "body" in link and "server" not in link:  # the 2022-10-07 typo
            link["server"] = link.pop("body")
    return schema


@cache
def _dialect_31() -> tuple[str, Any]:
    """The OAS 3.1 base dialect id, and a registry holding it; plain 2020-12 if absent."""
    document = _document_schema("3.1")
    resources: list[tuple[str, Any]] = [(document["$id"], document)]
    try:
        dialect = _read_json("openapi_schema_validator", "schemas", "oas3.1", "metaschema.json")
        vocab = _read_json(
            "openapi_schema_validator", "schemas", "oas3.1", "vocabularies", "base"
        )
    except (ModuleNotFoundError, OSError, ValueError):
        return _DRAFT2020, jsonschema_rs.Registry(resources)
    resources += [(dialect["$id"], dialect), (vocab["$id"], vocab)]
    return dialect["$id"], jsonschema_rs.Registry(resources)


@cache
def _meta_validator(major: str, kind: str | None = None, dialect_checks: bool = True) -> Any:
    """A compiled validator for a whole document (``kind`` None) or one object kind.

    3.1 only: without ``dialect_checks`` (a document declaring another
    ``jsonSchemaDialect``), Schema Objects are only required to be objects or booleans.
    """
    document = _document_schema(major)
    if major != "3.1":
        if kind is None:
            return jsonschema_rs.validator_for(document, offline=True)
        wrapper: dict[str, Any] = {
            k: document[k] for k in ("$schema", "id", "definitions") if k in document
        }
        wrapper["allOf"] = [{"$ref": f"#/definitions/{_FRAGMENT_DEFS[major][kind]}"}]
        return jsonschema_rs.validator_for(wrapper, offline=True)
    dialect, registry = _dialect_31()
    if kind is None:
        target = document["$id"]
    elif kind == "schema":
        target = dialect
    else:
        target = f"{document['$id']}#/$defs/{_FRAGMENT_DEFS[major][kind]}"
    meta: dict[str, Any] = {"$dynamicAnchor": "meta", "$ref": dialect}
    if not dialect_checks:
        meta = {"$dynamicAnchor": "meta", "type": ["object", "boolean"]}
        target = "#/$defs/schema" if kind == "schema" else target
    wrapper = {  # the official "schema-base" construction
        "$id": f"{_WRAPPER_BASE}oas-3.1/{'' if dialect_checks else 'any/'}{kind or 'document'}",
        "$schema": _DRAFT2020,
        "$ref": target,
        "$defs": {"schema": meta},
    }
    return jsonschema_rs.validator_for(wrapper, registry=registry, offline=True)


# --------------------------------------------------------------------------- messages


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 4] + "...'"[: 4 if text[0] == "'" else 3]


_json_type = json_type


def _one_line(text: str, limit: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _list_words(items: Sequence[Any], conj: str) -> str:
    words = [repr(i) if isinstance(i, str) else _short(i, 30) for i in items]
    if len(words) > 8:
        words = [*words[:8], "..."]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + f" {conj} " + words[-1]


#: Meta-schema definitions worth naming in a message, by their name in any version.
_OBJECT_NAMES = {
    "info": "info",
    "contact": "contact",
    "license": "license",
    "server": "server",
    "server-variable": "server variable",
    "ServerVariable": "server variable",
    "components": "components",
    "paths": "paths",
    "PathItem": "path item",
    "path-item": "path item",
    "pathItem": "path item",
    "operation": "operation",
    "parameter": "parameter",
    "bodyParameter": "body parameter",
    "headerParameterSubSchema": "header parameter",
    "queryParameterSubSchema": "query parameter",
    "formDataParameterSubSchema": "formData parameter",
    "pathParameterSubSchema": "path parameter",
    "RequestBody": "request body",
    "request-body": "request body",
    "MediaType": "media type",
    "media-type": "media type",
    "encoding": "encoding",
    "responses": "responses",
    "response": "response",
    "header": "header",
    "example": "example",
    "link": "link",
    "tag": "tag",
    "schema": "schema",
    "xml": "xml",
    "discriminator": "discriminator",
    "SecurityScheme": "security scheme",
    "security-scheme": "security scheme",
    "APIKeySecurityScheme": "apiKey security scheme",
    "HTTPSecurityScheme": "http security scheme",
    "OAuth2SecurityScheme": "oauth2 security scheme",
    "OpenIdConnectSecurityScheme": "openIdConnect security scheme",
    "OAuthFlows": "OAuth flows",
    "oauth-flows": "OAuth flows",
    "ExternalDocumentation": "external docs",
    "external-documentation": "external docs",
}


def _repeats(items: list[Any]) -> str:
    seen: list[Any] = []
    scalars: list[Any] = []
    for j, item in enumerate(items):
        if item in seen:
            if isinstance(item, (dict, list)):
                return f"entries {seen.index(item)} and {j} are the same"
            if item not in scalars:
                scalars.append(item)
        seen.append(item)
    return f"repeats {_list_words(scalars, 'and')}" if scalars else "repeats entries"


def _object_name(schema_path: Sequence[Any]) -> str:
    for i in range(len(schema_path) - 2, -1, -1):
        if schema_path[i] in ("definitions", "$defs"):
            name = str(schema_path[i + 1])
            return _OBJECT_NAMES.get(name) or _OBJECT_NAMES.get(name.lower(), "")
    return ""


def _kind(error: Any) -> str:
    return type(error.kind).__name__


def _explain(error: Any) -> list[tuple[list[str | int], str]]:
    """(instance path, message) for one leaf error; several for unexpected fields."""
    kind = error.kind
    name = _kind(error)
    path: list[str | int] = list(error.instance_path)
    what = _object_name(error.schema_path)
    prefix = f"{what}: " if what else ""
    instance = error.instance
    if (
        name in ("AdditionalProperties", "UnevaluatedProperties", "Required", "Type")
        and isinstance(instance, dict)
        and "$ref" in instance
    ):
        # One message for a Reference Object where the spec allows none.
        if name == "Type":
            expected = _list_words(list(error.kind.types), "or")
            return [(path, f"{prefix}$ref is not allowed here (expected {expected})")]
        return [(path, f"{prefix}$ref is not allowed here")]
    if name in ("AdditionalProperties", "UnevaluatedProperties"):
        return [
            ([*path, key], f"{prefix}unexpected field {key!r}") for key in sorted(kind.unexpected)
        ]
    if name == "Required":
        return [(path, f"{prefix}missing required field {kind.property!r}")]
    if name == "Type":
        types = [t for t in kind.types]
        return [(path, f"expected {_list_words(types, 'or')}, got {_json_type(error.instance)}")]
    if name == "Enum":
        options = list(kind.options)
        return [(path, f"{_short(error.instance)} is not one of {_list_words(options, 'or')}")]
    if name == "Constant":
        return [(path, f"must be {_short(kind.expected_value)}")]
    if name == "UniqueItems":
        return [(path, _repeats(instance if isinstance(instance, list) else []))]
    if name == "MinItems":
        limit = kind.limit
        return [(path, "must not be empty" if limit == 1 else f"needs at least {limit} items")]
    if name == "MinProperties":
        limit = kind.limit
        return [(path, "must not be empty" if limit == 1 else f"needs at least {limit} fields")]
    if name == "MaxProperties":
        return [(path, f"allows at most {kind.limit} field(s)")]
    if name == "Pattern":
        return [(path, f"{_short(error.instance)} does not match the pattern {kind.pattern!r}")]
    if name == "Format":
        return [(path, f"{_short(error.instance)} is not a valid {kind.format!r}")]
    if name == "Not":
        schema = kind.schema
        required = schema.get("required") if isinstance(schema, dict) else None
        if isinstance(required, list) and not isinstance(instance, dict):
            return []  # "not required" fails on any non-object; its type error says more
        if isinstance(required, list) and len(required) > 1:
            return [(path, f"{_list_words(required, 'and')} must not be used together")]
        return [(path, f"{prefix}this form is not allowed here")]
    if name == "OneOfMultipleValid":
        return [(path, f"{prefix}matches more than one of the allowed forms")]
    if name in ("AnyOf", "OneOfNotValid"):
        branches = kind.context
        fields = [
            b[0].kind.property
            for b in branches
            if len(b) == 1 and _kind(b[0]) == "Required" and b[0].kind.property != "$ref"
        ]
        if branches and len(fields) == len(branches):
            need = "at least one" if name == "AnyOf" else "exactly one"
            return [(path, f"{prefix}needs {need} of the fields {_list_words(fields, 'or')}")]
        return [(path, f"{prefix}matches none of the allowed forms")]
    if name == "FalseSchema":
        return [(path, "no value is allowed here")]
    return [(path, _one_line(str(error.message)))]


def _wants_ref(branch: list[Any], depth: int) -> bool:
    return any(
        _kind(e) == "Required" and e.kind.property == "$ref" and len(e.instance_path) == depth
        for e in branch
    )


def _leaves(error: Any) -> list[Any]:
    """The errors that explain ``error``: a failing oneOf/anyOf through its best branch."""
    name = _kind(error)
    if name not in ("AnyOf", "OneOfNotValid"):
        return [error]
    branches = [b for b in error.kind.context if b]
    if not branches:
        return [error]
    depth = len(error.instance_path)
    # A branch that fails only for want of "$ref" is the Reference alternative:
    # it is not what the author meant when the object has no "$ref".
    if len(branches) > 1:
        branches = [b for b in branches if not _wants_ref(b, depth)] or branches
    if len(branches) == 1:
        return [leaf for e in branches[0] for leaf in _leaves(e)]
    if all(
        len(b) == 1 and _kind(b[0]) == "Required" and len(b[0].instance_path) == depth
        for b in branches
    ):
        return [error]  # "needs one of the fields a, b, c"

    def score(branch: list[Any]) -> tuple[int, int, int]:
        mismatch = 0
        for e in branch:
            k, d = _kind(e), len(e.instance_path)
            if (
                (k == "Type" and d == depth)
                or (k == "Required" and e.kind.property == "$ref")
                or (k in ("Enum", "Constant") and d == depth + 1)
            ):
                mismatch += 1
        return (mismatch, len(branch), -max(len(e.instance_path) for e in branch))

    best = min(branches, key=score)
    return [leaf for e in best for leaf in _leaves(e)]


_TOP_CONTAINERS = frozenset({"info", "paths", "components", "webhooks", "definitions"})


def _is_blocking(path: Sequence[Any], kind: str, error: Any) -> bool:
    """Top-level faults that leave no OpenAPI document to generate from."""
    if not path:
        if kind == "Required":
            return str(error.kind.property) in ("info", "paths", "openapi", "swagger")
        return kind in ("AnyOf", "OneOfNotValid")
    return len(path) == 1 and path[0] in _TOP_CONTAINERS and kind == "Type"


def _structural(
    validator: Any, instance: Any, document: Document, base: str, fragment: bool
) -> list[Diagnostic]:
    found: list[tuple[str, str, str, bool]] = []  # pointer, kind, message, blocking
    try:
        errors = list(validator.iter_errors(instance))
    except ValueError:
        # A value JSON has no form for (YAML !!binary, !!set): report each, check the rest.
        instance, odd = _json_compatible(instance)
        for path, what in odd:
            message = f"a YAML {what} value has no JSON form; OpenAPI documents must be JSON"
            found.append((join_pointer(base, *path), "", message, False))
        try:
            errors = list(validator.iter_errors(instance))
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            errors = []
            message = f"cannot check the structure: {_one_line(str(exc), 120)}"
            found.append((base, "", message, False))
    for error in errors:
        for leaf in _leaves(error):
            kind = _kind(leaf)
            for path, message in _explain(leaf):
                blocking = not fragment and _is_blocking(path, kind, leaf)
                found.append((join_pointer(base, *path), kind, message, blocking))
    # At one place, a wrong type says it all ("7 is not one of..." adds nothing),
    # and "matches more than one form" only echoes a missing discriminating field.
    kinds: dict[str, set[str]] = {}
    for pointer, kind, _, _ in found:
        kinds.setdefault(pointer, set()).add(kind)
    out: list[Diagnostic] = []
    for pointer, kind, message, blocking in found:
        here = kinds[pointer]
        if kind in _SECONDARY_TO_TYPE and "Type" in here:
            continue
        if kind == "OneOfMultipleValid" and len(here) > 1:
            continue
        loc = Location(document.name, pointer)
        out.append(Diagnostic("schema-violation", _ERROR, message, loc, blocking))
    return out


_SECONDARY_TO_TYPE = frozenset({"Enum", "Constant", "Format", "Pattern", "Not"})


def _json_compatible(tree: Any) -> tuple[Any, list[tuple[list[str | int], str]]]:
    """A copy of ``tree`` with non-JSON values replaced, and where they were."""
    odd: list[tuple[list[str | int], str]] = []
    copies: dict[int, Any] = {}

    def convert(node: Any, path: list[str | int]) -> Any:
        if isinstance(node, (bytes, bytearray)):
            odd.append((path, "!!binary"))
            return ""
        if isinstance(node, (set, frozenset)):
            odd.append((path, "!!set"))
            return {str(k): None for k in node}
        if not isinstance(node, (dict, list)):
            return node
        if id(node) in copies:  # an alias: converted once, shared like the original
            return copies[id(node)]
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            copies[id(node)] = out
            for key, value in node.items():
                out[key] = convert(value, [*path, key])
            return out
        items: list[Any] = []
        copies[id(node)] = items
        items.extend(convert(value, [*path, i]) for i, value in enumerate(node))
        return items

    try:
        return convert(tree, []), odd
    except RecursionError:
        return tree, odd


# --------------------------------------------------------------------------- default values

#: Keywords copied as they are into the schema a default is checked against.
_VALUE_KEYWORDS = frozenset(
    {
        "type",
        "enum",
        "const",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "minContains",
        "maxContains",
    }
)
_SUB_SINGLE = (
    "additionalProperties",
    "not",
    "additionalItems",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
)
_SUB_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SUB_MAPS = ("properties", "patternProperties", "dependentSchemas")
#: Keywords that only constrain the members of a non-empty array or object.
_MEMBER_KEYWORDS = frozenset(
    {
        "properties",
        "patternProperties",
        "dependentSchemas",
        "additionalProperties",
        "additionalItems",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "items",
        "prefixItems",
    }
)
_INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def _is_byte(value: str) -> bool:
    try:
        base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


class _Values:
    """Checks a value (a default) against a Schema Object, following ``$ref``s.

    The Schema Object is translated into a self-contained JSON Schema: only
    validation keywords are kept, ``$ref``s become local definitions (so
    cycles are fine), 3.0 ``nullable`` becomes a ``"null"`` type, and formats
    are asserted the way openapi-spec-validator's OAS format checkers do.
    A scalar or empty default only needs the top of the schema (and what its
    allOf/anyOf/oneOf/not/$ref lead to), which keeps most checks tiny.
    """

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.oas30 = spec.major != "3.1"
        self.defs_key = "definitions" if self.oas30 else "$defs"
        self.dialect = _DRAFT4 if self.oas30 else _DRAFT2020
        self.names: dict[tuple[Path, str, bool], str] = {}
        self.targets: dict[str, tuple[Target, bool]] = {}
        self.translated: dict[str, Any] = {}
        self.deps: dict[str, set[str]] = {}
        self.compiled: dict[str, Any] = {}

    def check(self, schema: dict[str, Any], document: Document, value: Any) -> str | None:
        """Why ``value`` does not validate against ``schema``; None when it does (or can't tell)."""
        shallow = not (isinstance(value, (dict, list)) and value)
        refs: set[str] = set()
        try:
            root = self._translate(schema, document, shallow, refs)
            defs: dict[str, Any] = {}
            stack = list(refs)
            while stack:
                name = stack.pop()
                if name not in defs:
                    defs[name] = self._definition(name)
                    stack.extend(self.deps[name])
        except RecursionError:
            return None
        full: dict[str, Any] = {"$schema": self.dialect, "allOf": [root]}
        if defs:
            full[self.defs_key] = defs
        validator = self._compile(full)
        if validator is None:
            return None
        try:
            error = next(iter(validator.iter_errors(value)), None)
        except (ValueError, TypeError, OverflowError, RecursionError):
            return None
        if error is None:
            return None
        at_top = not list(error.instance_path)
        if value is None and at_top and _kind(error) in ("Type", "AnyOf", "OneOfNotValid"):
            if not self.oas30:
                return "default is null but the schema does not allow null"
            return "default is null but the schema is not nullable"
        leaf = _leaves(error)[0]
        explained = _explain(leaf) or [(list(leaf.instance_path), _one_line(str(leaf.message)))]
        path, message = explained[0]
        where = f" at {join_pointer('', *path)}" if path else ""
        return f"the default ({_short(value)}) does not match its schema{where}: {message}"

    def _compile(self, schema: dict[str, Any]) -> Any:
        key = json.dumps(schema, sort_keys=True, default=str)
        if key in self.compiled:
            return self.compiled[key]
        try:
            validator = jsonschema_rs.validator_for(
                schema,
                formats={"byte": _is_byte} if self.oas30 else None,
                validate_formats=True,
                offline=True,
            )
        except (ValueError, TypeError, OverflowError, RecursionError):
            validator = None  # a malformed schema: the meta-schema check reports it
        self.compiled[key] = validator
        return validator

    def _definition(self, name: str) -> Any:
        if name not in self.translated:
            target, shallow = self.targets[name]
            refs: set[str] = set()
            self.translated[name] = self._translate(target.value, target.document, shallow, refs)
            self.deps[name] = refs
        return self.translated[name]

    def _ref(self, ref: str, document: Document, shallow: bool, refs: set[str]) -> Any:
        target = self.spec.resolve(ref, document)
        if target is None:
            return {}
        key = (target.document.path, target.pointer, shallow)
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = f"{'s' if shallow else 'd'}{len(self.names)}"
            self.targets[name] = (target, shallow)
        refs.add(name)
        return {"$ref": f"#/{self.defs_key}/{name}"}

    def _translate(self, node: Any, document: Document, shallow: bool, refs: set[str]) -> Any:
        if isinstance(node, bool):
            return node if not self.oas30 else {}
        if not isinstance(node, dict):
            return {}
        ref = node.get("$ref")
        if isinstance(ref, str):
            link = self._ref(ref, document, shallow, refs)
            if self.oas30 or len(node) == 1:
                return link
            rest = self._translate({k: v for k, v in node.items() if k != "$ref"}, document,
                                   shallow, refs)
            return {"allOf": [link, rest]}
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _VALUE_KEYWORDS:
                out[key] = value
            elif shallow and key in _MEMBER_KEYWORDS:
                continue
            elif key in _SUB_SINGLE:
                out[key] = self._translate(value, document, shallow, refs)
            elif key == "items":
                if isinstance(value, list):
                    out[key] = [self._translate(v, document, shallow, refs) for v in value]
                else:
                    out[key] = self._translate(value, document, shallow, refs)
            elif key == "contains":
                out[key] = {} if shallow else self._translate(value, document, shallow, refs)
            elif key in _SUB_LISTS and isinstance(value, list):
                out[key] = [self._translate(v, document, shallow, refs) for v in value]
            elif key in _SUB_MAPS and isinstance(value, dict):
                out[key] = {
                    k: self._translate(v, document, shallow, refs) for k, v in value.items()
                }
        if "oneOf" in out and isinstance(node.get("discriminator"), dict):
            out["anyOf"] = out.pop("oneOf")  # the discriminator picks one branch
        required = node.get("required")
        if isinstance(required, list):
            props = node.get("properties")
            if not isinstance(props, dict):
                props = {}
            out["required"] = [
                r
                for r in required
                if not (
                    self.oas30
                    and isinstance(props.get(r), dict)
                    and (props[r].get("readOnly") is True or props[r].get("writeOnly") is True)
                )
            ]
        if self.oas30 and node.get("nullable") is True and isinstance(node.get("type"), str):
            out["type"] = [node["type"], "null"]
        fmt = node.get("format")
        if fmt in _INT_RANGES:
            low, high = _INT_RANGES[fmt]
            out = {"allOf": [out, {"minimum": low, "maximum": high}]}
        elif fmt == "regex" or (fmt == "byte" and self.oas30):
            out["format"] = fmt
        return out


# --------------------------------------------------------------------------- the walk


@dataclass(frozen=True, slots=True)
class _Param:
    name: str
    where: str  # the value of "in"
    document: Document  # where it is listed (the $ref site, if a $ref)
    pointer: str


#: Where subschemas sit in a Schema Object: "one" schema (or a list of them,
#: for 2.0's tuple-style items), a "list", or a "map" of named ones.
_CHILDREN_30: dict[str, str] = {
    "properties": "map",
    "additionalProperties": "one",
    "items": "one",
    "allOf": "list",
    "anyOf": "list",
    "oneOf": "list",
    "not": "one",
}
_CHILDREN_31: dict[str, str] = {
    **_CHILDREN_30,
    "patternProperties": "map",
    "dependentSchemas": "map",
    "$defs": "map",
    "prefixItems": "list",
    "additionalItems": "one",
    "contains": "one",
    "propertyNames": "one",
    "if": "one",
    "then": "one",
    "else": "one",
    "unevaluatedItems": "one",
    "unevaluatedProperties": "one",
    "contentSchema": "one",
}


class _Checker:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.major = spec.major
        self.v2 = spec.major == "2.0"
        self.methods = _METHODS_2 if self.v2 else _METHODS_3
        dialect = spec.root.root.get("jsonSchemaDialect")
        #: Schema Objects are checked against the OAS 3.1 dialect unless another is declared.
        self.dialect_checks = dialect in (None, _OAS31_DIALECT, _DRAFT2020)
        self.out: list[Diagnostic] = []
        self.values = _Values(spec)
        self.schemas_seen: set[int] = set()  # id() of each Schema Object walked
        self.params_seen: set[tuple[Path, str]] = set()
        self.items_seen: set[tuple[Path, str]] = set()
        self.ops_seen: set[tuple[Path, str]] = set()
        self.fragments_seen: set[tuple[Path, str, str]] = set()
        self.operation_ids: dict[str, str] = {}
        self.links: list[Target] = []
        self.schemes: set[str] = set()

    def emit(
        self,
        code: str,
        message: str,
        document: Document,
        pointer: str,
        severity: Severity = _ERROR,
    ) -> None:
        self.out.append(Diagnostic(code, severity, message, Location(document.name, pointer)))

    # ----------------------------------------------------------------- helpers

    def deref(self, value: Any, document: Document, pointer: str, kind: str) -> Target | None:
        """Follow $refs; None for a dangling or looping one (the resolver reports it)."""
        target = self.spec.deref(value, document, pointer)
        if isinstance(target.value, dict) and isinstance(target.value.get("$ref"), str):
            return None
        if target.document is not self.spec.root and kind in _FRAGMENT_DEFS[self.major]:
            key = (target.document.path, target.pointer, kind)
            if key not in self.fragments_seen:
                self.fragments_seen.add(key)
                validator = _meta_validator(self.major, kind, self.dialect_checks)
                self.out.extend(
                    _structural(validator, target.value, target.document, target.pointer, True)
                )
        return target

    # ----------------------------------------------------------------- top level

    def run(self) -> None:
        root = self.spec.root
        tree: dict[str, Any] = root.root
        self._tags(tree.get("tags"), root)
        if self.v2:
            defined = tree.get("securityDefinitions")
        else:
            components = tree.get("components")
            defined = components.get("securitySchemes") if isinstance(components, dict) else None
        self.schemes = set(defined) if isinstance(defined, dict) else set()
        self._security(tree.get("security"), root, "/security")

        paths = tree.get("paths")
        if isinstance(paths, dict):
            self._paths(paths, root)
        webhooks = tree.get("webhooks")
        if not self.v2 and isinstance(webhooks, dict):
            for name, item in webhooks.items():
                pointer = join_pointer("/webhooks", name)
                self._path_item(item, root, pointer, None, f"webhook {name!r}")
        if self.v2:
            self._components_2(tree, root)
        else:
            self._components_3(tree.get("components"), root)
        for link in self.links:
            self._link(link)

    def _tags(self, tags: Any, document: Document) -> None:
        if not isinstance(tags, list):
            return
        first: dict[str, int] = {}
        for i, tag in enumerate(tags):
            name = tag.get("name") if isinstance(tag, dict) else None
            if not isinstance(name, str):
                continue
            if name in first:
                self.emit(
                    "duplicate-tag",
                    f"tag {name!r} is already declared (/tags/{first[name]})",
                    document,
                    f"/tags/{i}/name",
                )
            else:
                first[name] = i

    def _security(self, requirements: Any, document: Document, pointer: str) -> None:
        if not isinstance(requirements, list):
            return
        where = "securityDefinitions" if self.v2 else "components.securitySchemes"
        for i, requirement in enumerate(requirements):
            if not isinstance(requirement, dict):
                continue
            for name in requirement:
                if name not in self.schemes:
                    self.emit(
                        "undefined-security-scheme",
                        f"security scheme {name!r} is not defined in {where}",
                        document,
                        join_pointer(pointer, i, name),
                    )

    def _paths(self, paths: dict[str, Any], document: Document) -> None:
        shapes: dict[str, list[tuple[str, set[str]]]] = {}
        for template, item in paths.items():
            if template.startswith("x-"):
                continue
            pointer = join_pointer("/paths", template)
            shape = _TEMPLATE_PARAM.sub("{}", template)
            value = self.spec.deref(item, document, pointer).value
            methods = {m for m in self.methods if isinstance(value, dict) and m in value}
            for other, other_methods in shapes.get(shape, ()):
                common = sorted(methods & other_methods)
                if common:  # the same request matches two operations
                    clash = ", ".join(m.upper() for m in common)
                    severity, why = _ERROR, f"both define {clash}, so routing is ambiguous"
                else:  # the spec's MUST NOT, but each request still has one operation
                    severity, why = _WARNING, "they share no method"
                self.emit(
                    "duplicate-path-template",
                    f"path {template!r} is the same as {other!r} up to parameter names; {why}",
                    document,
                    pointer,
                    severity,
                )
                break
            shapes.setdefault(shape, []).append((template, methods))
            self._path_item(item, document, pointer, template, template)

    def _components_2(self, tree: dict[str, Any], root: Document) -> None:
        definitions = tree.get("definitions")
        if isinstance(definitions, dict):
            for name, schema in definitions.items():
                self._schema(schema, root, join_pointer("/definitions", name))
        parameters = tree.get("parameters")
        if isinstance(parameters, dict):
            for name, param in parameters.items():
                target = self.deref(param, root, join_pointer("/parameters", name), "parameter")
                if target is not None:
                    self._parameter(target)
        responses = tree.get("responses")
        if isinstance(responses, dict):
            for name, response in responses.items():
                self._response(response, root, join_pointer("/responses", name))

    def _components_3(self, components: Any, root: Document) -> None:
        if not isinstance(components, dict):
            return

        def section(name: str) -> Iterable[tuple[str, Any, str]]:
            entries = components.get(name)
            if isinstance(entries, dict):
                for key, value in entries.items():
                    yield key, value, join_pointer("/components", name, key)

        for _, schema, pointer in section("schemas"):
            self._schema(schema, root, pointer)
        for _, param, pointer in section("parameters"):
            target = self.deref(param, root, pointer, "parameter")
            if target is not None:
                self._parameter(target)
        for _, response, pointer in section("responses"):
            self._response(response, root, pointer)
        for _, body, pointer in section("requestBodies"):
            self._request_body(body, root, pointer)
        for _, header, pointer in section("headers"):
            self._header(header, root, pointer)
        for _, link, pointer in section("links"):
            target = self.deref(link, root, pointer, "link")
            if target is not None and isinstance(target.value, dict):
                self.links.append(target)
        for name, callback, pointer in section("callbacks"):
            self._callback(callback, root, pointer, name)
        for name, item, pointer in section("pathItems"):
            self._path_item(item, root, pointer, None, f"path item {name!r}")

    # ----------------------------------------------------------------- paths and operations

    def _path_item(
        self, value: Any, document: Document, pointer: str, template: str | None, where: str
    ) -> None:
        target = self.deref(value, document, pointer, "path-item")
        if target is None or not isinstance(target.value, dict):
            return
        key = (target.document.path, target.pointer)
        if template is None and key in self.items_seen:
            return
        self.items_seen.add(key)
        item, doc, base = target.value, target.document, target.pointer
        shared = self._parameters(item.get("parameters"), doc, join_pointer(base, "parameters"))
        names = set(_TEMPLATE_PARAM.findall(template)) if template is not None else set()
        if template is not None:
            for param in shared:
                if param.where == "path" and param.name not in names:
                    self._unused(param, template)
        for method in self.methods:
            if method in item:
                # Operations are not meant to be $refs, but some specs (DigitalOcean) do it;
                # the meta-schema reports it, the walk follows it like every other tool.
                op = self.deref(item[method], doc, join_pointer(base, method), "operation")
                if op is not None:
                    self._operation(
                        op.value, op.document, op.pointer, method, template, shared, where
                    )

    def _unused(self, param: _Param, template: str) -> None:
        self.emit(
            "path-parameter-unused",
            f"path parameter {param.name!r} does not appear in the path {template!r}",
            param.document,
            param.pointer,
        )

    def _operation(
        self,
        op: Any,
        doc: Document,
        pointer: str,
        method: str,
        template: str | None,
        shared: list[_Param],
        where: str,
    ) -> None:
        if not isinstance(op, dict):
            return
        label = f"{method.upper()} {where}"
        key = (doc.path, pointer)
        op_id = op.get("operationId")
        if key not in self.ops_seen and op_id is not None:
            text = str(op_id)
            if text in self.operation_ids:
                self.emit(
                    "duplicate-operation-id",
                    f"operationId {text!r} is already used by {self.operation_ids[text]}",
                    doc,
                    join_pointer(pointer, "operationId"),
                )
            else:
                self.operation_ids[text] = label
        self.ops_seen.add(key)
        self._security(op.get("security"), doc, join_pointer(pointer, "security"))
        own = self._parameters(op.get("parameters"), doc, join_pointer(pointer, "parameters"))
        merged = {(p.name, p.where): p for p in shared}
        merged.update({(p.name, p.where): p for p in own})

        if template is not None:
            names = set(_TEMPLATE_PARAM.findall(template))
            declared = {name for name, where_ in merged if where_ == "path"}
            for name in sorted(names - declared):
                self.emit(
                    "path-parameter-undeclared",
                    f"path parameter {name!r} of {template!r} is not declared for {method.upper()}",
                    doc,
                    pointer,
                )
            for param in own:
                if param.where == "path" and param.name not in names:
                    self._unused(param, template)

        if self.v2:
            self._bodies(list(merged.values()))
        else:
            if "requestBody" in op:
                self._request_body(op["requestBody"], doc, join_pointer(pointer, "requestBody"))
            callbacks = op.get("callbacks")
            if isinstance(callbacks, dict):
                for name, callback in callbacks.items():
                    self._callback(callback, doc, join_pointer(pointer, "callbacks", name), name)
            if self.major == "3.1" and "responses" not in op:
                self.emit(
                    "operation-without-responses",
                    f"{label} declares no responses",
                    doc,
                    pointer,
                    _WARNING,
                )
        responses = op.get("responses")
        if isinstance(responses, dict):
            for code, response in responses.items():
                if not str(code).startswith("x-"):
                    self._response(response, doc, join_pointer(pointer, "responses", code))

    def _bodies(self, params: list[_Param]) -> None:
        bodies = [p for p in params if p.where == "body"]
        forms = [p for p in params if p.where == "formData"]
        for extra in bodies[1:]:
            self.emit(
                "multiple-body-parameters",
                f"body parameter {extra.name!r}: an operation can have only one body parameter",
                extra.document,
                extra.pointer,
            )
        if bodies and forms:
            first = forms[0]
            self.emit(
                "multiple-body-parameters",
                f"formData parameter {first.name!r} cannot be combined with "
                f"body parameter {bodies[0].name!r}",
                first.document,
                first.pointer,
            )

    def _callback(self, value: Any, document: Document, pointer: str, name: str) -> None:
        target = self.deref(value, document, pointer, "callback")
        if target is None or not isinstance(target.value, dict):
            return
        for expression, item in target.value.items():
            if not expression.startswith("x-"):
                item_pointer = join_pointer(target.pointer, expression)
                where = f"callback {name!r} {expression}"
                self._path_item(item, target.document, item_pointer, None, where)

    # ----------------------------------------------------------------- parameters

    def _parameters(self, value: Any, document: Document, pointer: str) -> list[_Param]:
        if not isinstance(value, list):
            return []
        out: list[_Param] = []
        first: dict[tuple[str, str], int] = {}
        for i, raw in enumerate(value):
            site = join_pointer(pointer, i)
            target = self.deref(raw, document, site, "parameter")
            if target is None or not isinstance(target.value, dict):
                continue
            name, where = target.value.get("name"), target.value.get("in")
            if not isinstance(name, str) or not isinstance(where, str):
                continue
            self._parameter(target)
            key = (name, where)
            if key in first:
                self.emit(
                    "duplicate-parameter",
                    f"parameter {name!r} (in: {where}) is already listed at index {first[key]}",
                    document,
                    site,
                )
            else:
                first[key] = i
            out.append(_Param(name, where, document, site))
        return out

    def _parameter(self, target: Target) -> None:
        key = (target.document.path, target.pointer)
        if key in self.params_seen:
            return
        self.params_seen.add(key)
        param, doc, pointer = target.value, target.document, target.pointer
        if not isinstance(param, dict):
            return
        if param.get("in") == "path" and param.get("required") is not True:
            self.emit(
                "path-parameter-not-required",
                f"path parameter {param.get('name')!r} must have required: true",
                doc,
                pointer,
            )
        if self.v2:
            if param.get("in") == "body":
                if "schema" in param:
                    self._schema(param["schema"], doc, join_pointer(pointer, "schema"))
            else:
                self._simple_default(param, doc, pointer)
            return
        self._exclusive(param, doc, pointer, "parameter")
        if "schema" in param:
            self._schema(param["schema"], doc, join_pointer(pointer, "schema"))
        self._content(param.get("content"), doc, join_pointer(pointer, "content"))

    def _simple_default(self, obj: dict[str, Any], doc: Document, pointer: str) -> None:
        """2.0 parameters, headers and items: the object is its own schema."""
        if "default" in obj:
            problem = self.values.check(obj, doc, obj["default"])
            if problem is not None:
                self.emit("invalid-default", problem, doc, join_pointer(pointer, "default"))

    def _exclusive(self, obj: dict[str, Any], doc: Document, pointer: str, what: str) -> None:
        if "schema" in obj and "content" in obj and what != "media type":
            self.emit(
                "parameter-schema-and-content",
                f"a {what} must have either schema or content, not both",
                doc,
                pointer,
            )
        if "example" in obj and "examples" in obj:
            self.emit(
                "mutually-exclusive-example",
                f"a {what} must have either example or examples, not both",
                doc,
                pointer,
            )

    # ----------------------------------------------------------------- bodies and responses

    def _content(self, content: Any, doc: Document, pointer: str) -> None:
        if not isinstance(content, dict):
            return
        for media_type, media in content.items():
            if not isinstance(media, dict):
                continue
            media_pointer = join_pointer(pointer, media_type)
            self._exclusive(media, doc, media_pointer, "media type")
            if "schema" in media:
                self._schema(media["schema"], doc, join_pointer(media_pointer, "schema"))
            encoding = media.get("encoding")
            if isinstance(encoding, dict):
                for name, enc in encoding.items():
                    if isinstance(enc, dict):
                        headers_pointer = join_pointer(media_pointer, "encoding", name, "headers")
                        self._headers(enc.get("headers"), doc, headers_pointer)

    def _request_body(self, value: Any, document: Document, pointer: str) -> None:
        target = self.deref(value, document, pointer, "request-body")
        if target is not None and isinstance(target.value, dict):
            content_pointer = join_pointer(target.pointer, "content")
            self._content(target.value.get("content"), target.document, content_pointer)

    def _response(self, value: Any, document: Document, pointer: str) -> None:
        target = self.deref(value, document, pointer, "response")
        if target is None or not isinstance(target.value, dict):
            return
        response, doc, base = target.value, target.document, target.pointer
        if self.v2:
            if "schema" in response:
                self._schema(response["schema"], doc, join_pointer(base, "schema"))
        else:
            self._content(response.get("content"), doc, join_pointer(base, "content"))
            links = response.get("links")
            if isinstance(links, dict):
                for name, link in links.items():
                    link_target = self.deref(link, doc, join_pointer(base, "links", name), "link")
                    if link_target is not None and isinstance(link_target.value, dict):
                        self.links.append(link_target)
        self._headers(response.get("headers"), doc, join_pointer(base, "headers"))

    def _headers(self, headers: Any, doc: Document, pointer: str) -> None:
        if isinstance(headers, dict):
            for name, header in headers.items():
                self._header(header, doc, join_pointer(pointer, name))

    def _header(self, value: Any, document: Document, pointer: str) -> None:
        target = self.deref(value, document, pointer, "header")
        if target is None or not isinstance(target.value, dict):
            return
        key = (target.document.path, target.pointer)
        if key in self.params_seen:
            return
        self.params_seen.add(key)
        header, doc, base = target.value, target.document, target.pointer
        if self.v2:
            self._simple_default(header, doc, base)
            return
        self._exclusive(header, doc, base, "header")
        if "schema" in header:
            self._schema(header["schema"], doc, join_pointer(base, "schema"))
        self._content(header.get("content"), doc, join_pointer(base, "content"))

    def _link(self, target: Target) -> None:
        op_id = target.value.get("operationId")
        if isinstance(op_id, str) and op_id not in self.operation_ids:
            self.emit(
                "unknown-link-operation",
                f"link operationId {op_id!r} names no operation of this API",
                target.document,
                join_pointer(target.pointer, "operationId"),
            )

    # ----------------------------------------------------------------- schemas

    def _schema(self, value: Any, document: Document, pointer: str) -> None:
        """Walk a schema and everything below it, each Schema Object once.

        Hot on big specs (40,000 schemas in GitHub's): a node's pointer is kept
        as (base, tokens) and joined only when a finding needs it.
        """
        children_of = _CHILDREN_31 if self.major == "3.1" else _CHILDREN_30
        stack: list[tuple[Any, Document, str, tuple[str | int, ...]]] = [
            (value, document, pointer, ())
        ]
        seen = self.schemas_seen
        while stack:
            node, doc, base, tokens = stack.pop()
            if not isinstance(node, dict):
                continue
            if isinstance(node.get("$ref"), str):
                target = self.deref(node, doc, join_pointer(base, *tokens), "schema")
                if target is not None:
                    stack.append((target.value, target.document, target.pointer, ()))
                if self.major != "3.1" or len(node) == 1:
                    continue  # 2.0 and 3.0 ignore the siblings of a $ref
            if id(node) in seen:
                continue
            seen.add(id(node))
            if (
                "default" in node
                or "allOf" in node
                or (self.major == "3.1" and "nullable" in node)
                or (self.v2 and "items" in node)
            ):
                self._schema_checks(node, doc, join_pointer(base, *tokens))
            for key, child in node.items():
                shape = children_of.get(key)
                if shape is None:
                    continue
                if shape == "map" and isinstance(child, dict):
                    for name, grandchild in child.items():
                        stack.append((grandchild, doc, base, (*tokens, key, name)))
                elif isinstance(child, list) and shape != "map":
                    for i, grandchild in enumerate(child):
                        stack.append((grandchild, doc, base, (*tokens, key, i)))
                elif shape == "one":
                    stack.append((child, doc, base, (*tokens, key)))

    def _schema_checks(self, node: dict[str, Any], doc: Document, ptr: str) -> None:
        if "default" in node:
            default = node["default"]
            # As openapi-spec-validator, in every version: null with nullable: true is
            # what the author meant; in 3.1 the nullable-in-3.1 warning says how to write it.
            if default is not None or node.get("nullable") is not True:
                problem = self.values.check(node, doc, default)
                if problem is not None:
                    self.emit("invalid-default", problem, doc, join_pointer(ptr, "default"))
        required, all_of = node.get("required"), node.get("allOf")
        if isinstance(required, list) and isinstance(all_of, list):
            self._required_defined(node, required, all_of, doc, ptr)
        if self.major == "3.1" and "nullable" in node:
            self.emit(
                "nullable-in-3.1",
                "nullable is not a 3.1 keyword and is ignored; use type: [..., 'null']",
                doc,
                join_pointer(ptr, "nullable"),
                _WARNING,
            )
        if self.v2 and isinstance(node.get("items"), list):
            self.emit(
                "schema-violation",
                "items must be a single schema in OpenAPI 2.0, not a list",
                doc,
                join_pointer(ptr, "items"),
            )

    def _required_defined(
        self,
        node: dict[str, Any],
        required: list[Any],
        all_of: list[Any],
        doc: Document,
        ptr: str,
    ) -> None:
        own = node.get("properties")
        defined = set(own) if isinstance(own, dict) else set()
        missing = [
            (i, name) for i, name in enumerate(required) if isinstance(name, str)
            and name not in defined
        ]
        if not missing:
            return
        defined |= self._collect_properties(all_of, doc)
        for i, name in missing:
            if name not in defined:
                self.emit(
                    "required-property-undefined",
                    f"required property {name!r} is defined neither in properties "
                    "nor in any allOf branch",
                    doc,
                    join_pointer(ptr, "required", i),
                )

    def _collect_properties(self, roots: list[Any], doc: Document) -> set[str]:
        """Property names reachable via allOf/anyOf/oneOf/items/not, as openapi-spec-validator."""
        found: set[str] = set()
        seen: set[int] = set()
        stack: list[tuple[Any, Document]] = [(r, doc) for r in roots]
        while stack:
            node, where = stack.pop()
            target = self.spec.deref(node, where)
            node, where = target.value, target.document
            if not isinstance(node, dict) or id(node) in seen:
                continue
            seen.add(id(node))
            props = node.get("properties")
            if isinstance(props, dict):
                found.update(props)
            for name in ("allOf", "anyOf", "oneOf"):
                children = node.get(name)
                if isinstance(children, list):
                    stack.extend((child, where) for child in children)
            for name in ("items", "not"):
                if isinstance(node.get(name), dict):
                    stack.append((node[name], where))
        return found


# --------------------------------------------------------------------------- duplicate keys


def _duplicate_keys(spec: Spec) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for document in spec.documents.values():
        if not document.duplicate_keys:
            continue
        found = spec.locator(document).duplicate_keys()
        if found:
            for pointer, position in found:
                key = unescape_token(pointer.rsplit("/", 1)[-1])
                loc = Location(document.name, pointer, position.line, position.column)
                message = f"key {key!r} appears more than once in this mapping; the last one wins"
                out.append(Diagnostic("duplicate-key", _ERROR, message, loc))
        else:
            for dup in document.duplicate_keys:
                loc = Location(document.name, "", dup.line, dup.column)
                message = f"key {dup.key!r} appears more than once in a mapping; the last one wins"
                out.append(Diagnostic("duplicate-key", _ERROR, message, loc))
    return out


# --------------------------------------------------------------------------- entry point

#: Specific findings, and the fields below their pointer where the meta-schema
#: reports the same fault; a schema-violation there is dropped as redundant.
_SUPERSEDES: dict[str, tuple[str, ...]] = {
    "path-parameter-not-required": ("", "/required", "/in"),
    "parameter-schema-and-content": ("", "/schema", "/content"),
    "mutually-exclusive-example": ("", "/example", "/examples"),
}


def _drop_redundant(findings: list[Diagnostic]) -> list[Diagnostic]:
    covered: set[tuple[str, str]] = set()
    for d in findings:
        for suffix in _SUPERSEDES.get(d.code, ()):
            covered.add((d.location.file, d.location.pointer + suffix))
        if d.code == "duplicate-tag":  # the meta-schema's uniqueItems on /tags
            covered.add((d.location.file, "/tags"))
    if not covered:
        return findings
    return [
        d
        for d in findings
        if d.code != "schema-violation" or (d.location.file, d.location.pointer) not in covered
    ]


def _sort_key(d: Diagnostic) -> tuple[str, int, int, str, str, str]:
    loc = d.location
    return (loc.file, loc.line or 0, loc.column or 0, d.code, loc.pointer, d.message)


def validate(spec: Spec, *, locate: bool = True) -> list[Diagnostic]:
    """Every finding in ``spec``, without duplicates, in a stable order.

    ``locate`` fills in lines and columns, which costs a scan of each file with
    findings (a second on a 12 MB spec); callers that only count findings skip it.
    """
    findings: list[Diagnostic] = list(spec.diagnostics)
    root = spec.root
    checker = _Checker(spec)
    validator = _meta_validator(spec.major, None, checker.dialect_checks)
    findings += _structural(validator, root.root, root, "", False)
    checker.run()
    findings += checker.out
    findings += _duplicate_keys(spec)
    findings = _drop_redundant(findings)
    unique = dict.fromkeys(findings)
    if locate:
        unique = dict.fromkeys(spec.locate(d) for d in unique)
    return sorted(unique, key=_sort_key)
