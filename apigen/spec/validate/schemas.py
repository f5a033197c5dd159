"""The walk's Schema Object layer: the checks the meta-schema cannot express.

A default its own schema rejects, a ``required`` name neither ``properties``
nor any ``allOf`` branch defines, 3.1's ignored ``nullable``, and 2.0's
tuple-style ``items``.

Every schema below a given one is visited once (by identity), with an
explicit stack rather than recursion, so cyclic and very deep schemas are fine.
"""

from __future__ import annotations

from typing import Any

from apigen.errors import Severity, join_pointer
from apigen.spec.load import Document
from apigen.spec.resolve import Spec
from apigen.spec.validate.values import _Values
from apigen.spec.validate.walk import _Walk

__all__ = ["_SchemaWalk"]

_WARNING = Severity.WARNING


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


class _SchemaWalk(_Walk):
    """Walks Schema Objects; the layers above call :meth:`_schema` wherever one sits."""

    def __init__(self, spec: Spec) -> None:
        super().__init__(spec)
        self.values = _Values(spec)
        self.schemas_seen: set[int] = set()  # id() of each Schema Object walked

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
            (i, name)
            for i, name in enumerate(required)
            if isinstance(name, str) and name not in defined
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
