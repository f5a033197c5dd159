"""The OpenAPI meta-schemas: read from the installed validators, compiled once.

The schemas ship inside ``openapi-spec-validator`` and ``openapi-schema-validator``;
they are read as files (importing those packages costs ~0.5 s), patched in
memory where the shipped copy is wrong, and compiled by ``jsonschema_rs``
with ``offline=True``, once per process for each version and object kind.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

__all__ = ["_DRAFT4", "_DRAFT2020", "_FRAGMENT_DEFS", "_OAS31_DIALECT", "_meta_validator"]

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
        vocab = _read_json("openapi_schema_validator", "schemas", "oas3.1", "vocabularies", "base")
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
