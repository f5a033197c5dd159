"""Structural findings: one object checked against a compiled meta-schema.

Used for the root document and, through the walk, for objects in other files.
Each error becomes a located ``schema-violation``; the few top-level faults
that leave nothing to generate from are marked blocking.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from apigen.errors import Diagnostic, Location, Severity, join_pointer
from apigen.spec.load import Document
from apigen.spec.validate.messages import _explain, _kind, _leaves, _one_line

__all__ = ["_structural"]

_ERROR = Severity.ERROR

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
