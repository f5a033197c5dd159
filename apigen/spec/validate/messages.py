"""jsonschema-rs errors as one-line messages a spec author can act on.

The raw messages quote whole objects and say "not valid under any of the given
schemas"; these name the object kind (from the meta-schema definition the
error came from), the field at fault, and, for a failing ``oneOf``/``anyOf``,
the errors of the branch the author most likely meant.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from apigen.jsontypes import json_type

__all__ = ["_explain", "_kind", "_leaves", "_one_line", "_short"]


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


#: Fields that say which kind of object this is, and so which ``oneOf`` branch the author
#: meant: a parameter's ``in``, a security scheme's ``type``.  A branch refusing the value of
#: one is for another kind ("'header' is not one of 'query'" for a header parameter whose
#: ``style`` is wrong); a branch refusing another field is the author's, with a mistake.
_KINDS = frozenset({"in", "type"})


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
            if (k in ("Enum", "Constant") and d == depth + 1) and e.instance_path[-1] in _KINDS:
                mismatch += 2  # the branch is for another kind of object altogether
            elif (
                (k == "Type" and d == depth)
                or (k == "Required" and e.kind.property == "$ref")
                or (k in ("Enum", "Constant") and d == depth + 1)
            ):
                mismatch += 1
        return (mismatch, len(branch), -max(len(e.instance_path) for e in branch))

    best = min(branches, key=score)
    return [leaf for e in best for leaf in _leaves(e)]
