"""Bundle a resolved spec into one self-contained document (the generated server's contract).

A generated server serves its contract at ``/openapi.json`` and mock mode reads examples and
schemas from it, so it must be one document whose every ``$ref`` is local.  Single-file specs
already are; for multi-file specs each reference to another file is replaced:

- a schema with a name of its own (a whole file, or an entry of a ``schemas``,
  ``definitions`` or ``$defs`` map) moves into ``components/schemas`` (``definitions`` in
  Swagger 2.0) under that name (made unique), so the IR still names it the same;
- a component or path item slot of the root file that only refers to another file
  (``components: {schemas: {Order: {$ref: schemas/Order.yaml}}}``) gets the content in place;
- anything else is inlined at its first use, and later uses refer to that first copy.

Every target is copied once and recorded before its own references are followed, so
recursive schemas (across files too) end up as local references, never expanded.  The
walk follows the same rules as :mod:`apigen.spec.resolve` about what is a reference
(not inside examples, defaults or extensions; a ``$ref`` *property* is a name), and keys
keep their order, so the output is deterministic.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from apigen.errors import escape_pointer
from apigen.spec.load import Document
from apigen.spec.resolve import _LITERAL_KEYS, _NAME_MAPS, Spec, unescape_token

__all__ = ["bundle", "bundle_json"]

#: Keywords whose value is one schema, a map of schemas or a list of schemas.
_SCHEMA_ONE = frozenset(
    {
        "items",
        "additionalProperties",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "additionalItems",
        "contentSchema",
    }
)
_SCHEMA_MAP = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)
_SCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
#: Root sections whose entries are named slots (a component, a path item, a webhook).
_SLOTS_3 = (
    ("components", "schemas"),
    ("components", "responses"),
    ("components", "parameters"),
    ("components", "examples"),
    ("components", "requestBodies"),
    ("components", "headers"),
    ("components", "securitySchemes"),
    ("components", "links"),
    ("components", "callbacks"),
    ("components", "pathItems"),
    ("paths",),
    ("webhooks",),
)
_SLOTS_2 = (("definitions",), ("parameters",), ("responses",), ("paths",))
#: Maps whose entries are named schemas (``apigen.ir.schemas`` names them after their key).
_NAMED_IN = frozenset({"schemas", "definitions", "$defs"})
#: Bundles up to this many characters are written indented.
_PRETTY_LIMIT = 2_000_000
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")

#: Where a node sits: ``schema`` (one schema), ``schemas`` (a map of them), ``list`` (a list
#: of them) or ``other``.
_Context = str
_Key = tuple[Path, str]


def bundle(spec: Spec) -> Any:
    """The spec as one document with only local references.

    For a single-file spec this is the loaded tree itself (not a copy: do not mutate it).
    """
    if len(spec.documents) == 1:
        return spec.root.root
    return _Bundler(spec).run()


def bundle_json(spec: Spec) -> str:
    """:func:`bundle` as JSON text (UTF-8 characters kept, keys in spec order).

    A single JSON file is its own bundle: its text is returned as is (no re-encoding of a
    12 MB spec).  Otherwise the bundle is indented for reading when that is cheap, and
    written compactly when it is big (Python's JSON encoder only runs in C without indent).
    """
    if len(spec.documents) == 1 and spec.root.format == "json":
        text = spec.root.text
        return text if text.endswith("\n") else text + "\n"
    tree = bundle(spec)
    text = json.dumps(tree, ensure_ascii=False, default=str)
    if len(text) <= _PRETTY_LIMIT:
        text = json.dumps(tree, indent=2, ensure_ascii=False, default=str)
    return text + "\n"


class _Bundler:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.root = spec.root
        self.swagger = spec.major == "2.0"
        #: (document, pointer) of a copied target -> its pointer in the bundle
        self.placed: dict[_Key, str] = {}
        self.hoisted: dict[str, Any] = {}  # schemas moved into the schema section, by name
        self.taken: set[str] = set()

    def run(self) -> Any:
        tree = self.root.root
        if not isinstance(tree, dict):
            return tree
        section = tree.get("definitions") if self.swagger else _get(tree, "components", "schemas")
        self.taken = set(section) if isinstance(section, dict) else set()
        self._claim_slots(tree)
        out = self._copy(tree, self.root, "", "other", False)
        if self.hoisted:
            self._attach(out)
        return out

    # ------------------------------------------------------------------ slots

    def _claim_slots(self, tree: dict[str, Any]) -> None:
        """Root slots that only point at another file will hold that file's content."""
        for section_path in _SLOTS_2 if self.swagger else _SLOTS_3:
            section = _get(tree, *section_path)
            if not isinstance(section, dict):
                continue
            base = "".join("/" + escape_pointer(p) for p in section_path)
            for name, value in section.items():
                if not (isinstance(value, dict) and set(value) == {"$ref"}):
                    continue
                ref = value["$ref"]
                target = self.spec.resolve(ref, self.root) if isinstance(ref, str) else None
                if target is None or target.document is self.root:
                    continue
                self.placed.setdefault(
                    (target.document.path, target.pointer), f"{base}/{escape_pointer(name)}"
                )

    # ------------------------------------------------------------------ walking

    def _copy(self, node: Any, doc: Document, at: str, context: _Context, names: bool) -> Any:
        """A copy of ``node`` (from ``doc``) that will sit at ``at`` in the bundle."""
        if isinstance(node, list):
            child_context = "schema" if context in ("list", "schema") else "other"
            return [
                self._copy(item, doc, f"{at}/{i}", child_context, False)
                if isinstance(item, (dict, list))
                else item
                for i, item in enumerate(node)
            ]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and not names:
            return self._reference(node, ref, doc, at, context)
        out: dict[str, Any] = {}
        for key, child in node.items():
            if not isinstance(child, (dict, list)) or (
                not names and (key in _LITERAL_KEYS or key.startswith("x-"))
            ):
                out[key] = child
                continue
            out[key] = self._copy(
                child,
                doc,
                f"{at}/{escape_pointer(key)}",
                self._child_context(context, key, at, names),
                not names and key in _NAME_MAPS,
            )
        return out

    def _child_context(self, context: _Context, key: str, at: str, names: bool) -> _Context:
        if context == "schemas" and names:
            return "schema"
        if names:
            return "other"
        if context == "schema":
            if key in _SCHEMA_ONE:
                return "schema"  # ``items`` as a list (tuple form): its entries are schemas
            if key in _SCHEMA_MAP:
                return "schemas"
            if key in _SCHEMA_LIST:
                return "list"
        if key == "schema":
            return "schema"
        if (self.swagger and at == "" and key == "definitions") or (
            at == "/components" and key == "schemas"
        ):
            return "schemas"
        return "other"

    def _reference(
        self, node: dict[str, Any], ref: str, doc: Document, at: str, context: _Context
    ) -> Any:
        target = self.spec.resolve(ref, doc)
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if target is None:
            return dict(node)  # dangling: left as written (reported by validation)
        if target.document is self.root:
            return {"$ref": "#" + target.pointer, **siblings}
        key = (target.document.path, target.pointer)
        placed = self._placement(key)
        if placed is not None and placed != at:
            return {"$ref": "#" + placed, **siblings}
        own = _own_name(target.document, target.pointer)
        if placed is None and context == "schema" and own is not None:
            name = self._claim(own)
            where = self._section_pointer() + "/" + escape_pointer(name)
            self.placed[key] = where
            self.hoisted[name] = self._copy(target.value, target.document, where, "schema", False)
            return {"$ref": "#" + where, **siblings}
        self.placed[key] = at
        copied = self._copy(target.value, target.document, at, context, False)
        if siblings and isinstance(copied, dict):
            copied = {**copied, **self._copy(siblings, doc, at, context, False)}
        return copied

    def _placement(self, key: _Key) -> str | None:
        """Where ``key`` (or the nearest copied ancestor of it) is in the bundle."""
        path, pointer = key
        suffix = ""
        while True:
            found = self.placed.get((path, pointer))
            if found is not None:
                return found + suffix
            if not pointer:
                return None
            pointer, _, last = pointer.rpartition("/")
            suffix = "/" + last + suffix

    # ------------------------------------------------------------------ hoisted schemas

    def _section_pointer(self) -> str:
        return "/definitions" if self.swagger else "/components/schemas"

    def _claim(self, raw: str) -> str:
        base = _UNSAFE_NAME.sub("_", raw).strip("_") or "Schema"
        name, n = base, 1
        while name in self.taken:
            n += 1
            name = f"{base}_{n}"
        self.taken.add(name)
        return name

    def _attach(self, out: dict[str, Any]) -> None:
        """Add the hoisted schemas to the schema section, creating it when absent."""
        if self.swagger:
            section = out.setdefault("definitions", {})
        else:
            components = out.setdefault("components", {})
            section = components.setdefault("schemas", {})
        section.update(self.hoisted)


def _own_name(document: Document, pointer: str) -> str | None:
    """The name a schema has where it is: a whole file's stem, or its key in a schema map.

    These are the schemas the IR names after themselves; others are named from where they
    are used, so they are inlined rather than given a component name that would rename them.
    """
    if not pointer:
        return Path(document.name).name.split(".", 1)[0] or None
    tokens = pointer.split("/")
    if len(tokens) >= 3 and tokens[-2] in _NAMED_IN:
        return unescape_token(tokens[-1])
    return None


def _get(tree: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(tree, dict):
            return None
        tree = tree.get(key)
    return tree
