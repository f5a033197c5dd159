"""Default values checked against their own Schema Object.

A Schema Object is not a JSON Schema the validator can run as it is (``$ref``s
into other files, 3.0 ``nullable``, OAS formats), so it is translated first;
see :class:`_Values`.
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path
from typing import Any

import jsonschema_rs

from apigen.errors import join_pointer
from apigen.spec.load import Document
from apigen.spec.resolve import Spec, Target
from apigen.spec.validate.messages import _explain, _kind, _leaves, _one_line, _short
from apigen.spec.validate.metaschema import _DRAFT4, _DRAFT2020

__all__ = ["_Values"]

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
            rest = self._translate(
                {k: v for k, v in node.items() if k != "$ref"}, document, shallow, refs
            )
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
