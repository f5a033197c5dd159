"""JSON Schema (as written in 2.0, 3.0 or 3.1) -> :data:`~apigen.ir.model.TypeRef`.

Why one converter object: named types must be unique across the API and the
same schema reached by two routes must become one type, so the converter
memoises every schema it has seen by its location (file + pointer).  Objects,
enums and component unions become named types *before* their children are
converted, which is what makes recursive schemas finite: a schema that refers
back to itself meets its own name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from apigen.errors import escape_pointer
from apigen.ir.chains import landings
from apigen.ir.model import (
    AliasDef,
    AliasRef,
    AnyValue,
    ArrayOf,
    Const,
    Constraints,
    Discriminator,
    EnumDef,
    EnumRef,
    EnumValue,
    Field,
    MapOf,
    Model,
    ModelRef,
    Nullable,
    Primitive,
    PrimitiveKind,
    Source,
    TypeRef,
    UnionOf,
)
from apigen.ir.naming import RESERVED, NameScope, class_name, constant_name, snake_name
from apigen.jsontypes import json_type
from apigen.spec.load import Document
from apigen.spec.resolve import Spec, Target

__all__ = ["SchemaConverter", "Warn"]

EnumKind = Literal["string", "integer", "number", "boolean", "mixed"]

Warn = Callable[[str, str, Source], None]  # (code, message, source)

_PRIMITIVES: dict[str, PrimitiveKind] = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
}
_SCHEMA_CONTAINERS = ("schemas", "definitions", "$defs")
_DEFINITION_BASES = ("/components/schemas/", "/definitions/")


@dataclass(slots=True)
class _Parts:
    """An object schema with its allOf parts merged (filled in part by part)."""

    properties: dict[str, Target] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    additional: Target | None = None
    bases: list[str] = field(default_factory=list)


class SchemaConverter:
    """Converts schemas and collects the named types they need."""

    def __init__(self, spec: Spec, warn: Warn) -> None:
        self.spec = spec
        self.warn = warn
        self.names = NameScope()
        self.models: dict[str, Model] = {}
        self.enums: dict[str, EnumDef] = {}
        self.aliases: dict[str, AliasDef] = {}
        self._named: dict[str, TypeRef] = {}  # target key -> named ref
        self._inline: dict[str, TypeRef] = {}  # target key -> converted unnamed type
        self._component_names: dict[str, tuple[str, str]] = {}  # key -> (class, schema name)
        self._in_progress: dict[str, str | None] = {}  # key -> alias name once recursion seen

    def ref_siblings(self, node: dict[str, Any]) -> dict[str, Any]:
        """``node`` when it is a ``$ref`` whose sibling keywords apply, else ``{}``.

        OpenAPI 3.1 schemas are JSON Schema 2020-12, where keywords beside
        ``$ref`` apply together with its target: ``{$ref: Money, default: 0}``
        has a default.  In 3.0 and 2.0 a ``$ref`` replaces its object, so its
        siblings are ignored.  (Description, readOnly, writeOnly and deprecated
        beside a ``$ref`` have always been read, in every version: vendors put
        them there and mean them.)
        """
        return node if self.spec.major == "3.1" and "$ref" in node else {}

    # ------------------------------------------------------------------ entry points

    def register_components(self) -> None:
        """Claim class names for component schemas first, so they keep their names."""
        root = self.spec.root
        tree = root.root
        if self.spec.major == "2.0":
            container, base = tree.get("definitions"), "/definitions"
        else:
            comps = tree.get("components")
            container = comps.get("schemas") if isinstance(comps, dict) else None
            base = "/components/schemas"
        if not isinstance(container, dict):
            return
        for name in container:
            key = f"{root.path}#{base}/{escape_pointer(name)}"
            self._component_names[key] = (self.names.claim(class_name(name)), name)

    def convert_deep_chains(self) -> None:
        """Convert the schema definitions of long ``$ref`` chains bottom-up, before anything.

        The converter is recursive: it names a type before converting its children (which is
        what makes recursive schemas finite), and it follows a ``$ref`` into a definition not
        converted yet.  A chain A0 -> A1 -> ... -> A999 would go 1,000 definitions deep and
        overflow Python's stack.  A definition is a component schema, a 2.0 ``definitions``
        entry, a JSON Schema ``$defs`` entry (3.1 schemas and the JSON Schema files they
        refer to chain through ``$defs``), in any file of the spec, or a whole file other
        than the root.  Each one's height (its
        longest chain of references below, cycles cut) is found with an explicit stack; a
        reference that drops to a lower multiple of :data:`CHAIN_BOUND` lands on a definition
        converted here first, deepest first, so no later conversion passes more than that
        many unconverted definitions.  Specs whose chains are shorter than that
        convert nothing here: their order, hence their names, stay as they were.
        """
        documents = {d.key_prefix: d for d in self.spec.documents.values()}
        for key in landings(self._definition_graph()):
            self._convert_landing(key, documents)

    def _convert_landing(self, key: str, documents: dict[str, Document]) -> None:
        """Convert a definition of a long chain; one that is not a named type already (an
        array, a primitive, a union) is referred to by its alias name from now on, so that
        a chain of arrays does not become one type nested 1,000 deep."""
        path, _, pointer = key.partition("#")
        document = documents[path + "#"]
        target = Target(document, pointer, _lookup(document.root, pointer))
        result = self.convert_target(target, "")
        if key not in self._named:
            name, schema_name = self._component_names.get(key) or self._name(target, "")
            description = _text(_get(target.value, "description"))
            self.aliases[name] = AliasDef(name, result, _source(target), schema_name, description)
            self._named[key] = AliasRef(name)

    def _definition_graph(self) -> dict[str, list[str]]:
        """Definition key -> the definitions its ``$ref``s point at (through ref chains)."""
        graph: dict[str, list[str]] = {key: [] for key in self._component_names}
        root = self.spec.root.key_prefix
        for site in self.spec.refs:
            owner = _definition_of(site.document.key_prefix + site.pointer, root)
            if owner is None:
                continue
            target = self.spec.deref({"$ref": site.ref}, site.document, site.pointer)
            found = _definition_of(target.key, root)
            if found is not None and found != owner:
                graph.setdefault(owner, []).append(found)
                graph.setdefault(found, [])
        return graph

    def _component_target(self, key: str) -> Target:
        pointer = key.split("#", 1)[1]
        return Target(self.spec.root, pointer, _lookup(self.spec.root.root, pointer))

    def convert_components(self) -> None:
        """Convert every component schema, used or not: nothing in the spec is dropped."""
        for key, (name, schema_name) in list(self._component_names.items()):
            target = self._component_target(key)
            result = self.convert_target(target, "")
            if target.key not in self._named:
                # A primitive or array component: users still get its name as an alias,
                # while fields that use it are typed with what it stands for.
                self.aliases[name] = AliasDef(
                    name,
                    result,
                    _source(target),
                    schema_name,
                    _text(_get(target.value, "description")),
                )

    def convert(self, node: Any, target_doc: Target, hint: str) -> TypeRef:
        """Convert the schema ``node`` found at ``target_doc`` (its document and pointer)."""
        return self.convert_target(Target(target_doc.document, target_doc.pointer, node), hint)

    def convert_target(self, target: Target, hint: str) -> TypeRef:
        node = target.value
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            resolved = self.spec.deref(node, target.document, target.pointer)
            if isinstance(resolved.value, dict) and "$ref" in resolved.value:
                self.warn(
                    "loose-type",
                    f"$ref {node['$ref']!r} does not resolve; typed as Any",
                    _source(target),
                )
                return AnyValue()
            result = self.convert_target(resolved, hint)
            return self._with_ref_siblings(node, result)
        key = target.key
        if key in self._named:
            return self._named[key]
        if key in self._inline:
            return self._inline[key]
        if key in self._in_progress:
            return self._recursion(target, hint)
        self._in_progress[key] = None
        try:
            result = self._convert_new(target, hint)
        finally:
            alias = self._in_progress.pop(key)
        if alias is not None and not isinstance(result, (ModelRef, EnumRef, AliasRef)):
            self.aliases[alias] = AliasDef(alias, result, _source(target), self._schema_name(key))
            result = AliasRef(alias)
            self._named[key] = result
        elif key not in self._named:
            self._inline[key] = result
        return result

    # ------------------------------------------------------------------ dispatch

    def _convert_new(self, target: Target, hint: str) -> TypeRef:
        schema = target.value
        if not isinstance(schema, dict):
            return AnyValue()  # `true`, `{}` as boolean schema, or junk
        inner, nullable = self._convert_shape(target, schema, hint)
        return (
            Nullable(inner) if nullable and not isinstance(inner, (Nullable, AnyValue)) else inner
        )

    def _convert_shape(
        self, target: Target, schema: dict[str, Any], hint: str
    ) -> tuple[TypeRef, bool]:
        nullable = _is_nullable(schema)
        types = _types(schema)
        if "enum" in schema and isinstance(schema["enum"], list):
            return self._enum(target, schema, hint)
        if "const" in schema:
            return Const(schema["const"]), nullable or schema["const"] is None
        if _has_object_shape(schema):
            return self._object_or_map(target, schema, hint), nullable
        for keyword in ("oneOf", "anyOf"):
            if isinstance(schema.get(keyword), list):
                if isinstance(schema.get("allOf"), list) and schema["allOf"]:
                    self.warn(
                        "loose-type",
                        f"allOf beside {keyword}: typed as the {keyword} alone; the members "
                        "the allOf parts add are not in the type (the server still checks them)",
                        _source(_child(target, "allOf")),
                    )
                return self._union(target, schema, keyword, hint, nullable)
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and all_of:
            if len(all_of) == 1:  # the `allOf: [$ref]` idiom for "a ref plus siblings"
                inner = self.convert_target(_child(target, "allOf", 0), hint)
                return inner, nullable
            return self._object_or_map(target, schema, hint), nullable
        if len(types) > 1:
            options = tuple(self._typed(target, schema, t, hint) for t in types)
            return UnionOf(options, "anyOf"), nullable
        kind = types[0] if types else _infer_type(schema)
        return self._typed(target, schema, kind, hint), nullable

    def _typed(
        self, target: Target, schema: dict[str, Any], kind: str | None, hint: str
    ) -> TypeRef:
        if kind in _PRIMITIVES:
            fmt = schema.get("format")
            return Primitive(
                _PRIMITIVES[kind],
                fmt if isinstance(fmt, str) else None,
                _constraints(schema),
                _raw_media_type(schema) if kind == "string" else None,
            )
        if kind == "file":  # Swagger 2.0
            return Primitive("string", "binary")
        if kind == "array":
            items = schema.get("items")
            if isinstance(items, list):  # tuple validation (draft 4 form): loosen
                self.warn("loose-type", "tuple-typed array items typed as Any", _source(target))
                return ArrayOf(AnyValue(), _constraints(schema))
            if items is None:
                return ArrayOf(AnyValue(), _constraints(schema))
            item_type = self.convert_target(_child(target, "items"), hint + "Item")
            return ArrayOf(item_type, _constraints(schema))
        if kind == "object":
            return self._object_or_map(target, schema, hint)
        return AnyValue()

    # ------------------------------------------------------------------ named kinds

    def _name(self, target: Target, hint: str) -> tuple[str, str | None]:
        """The class name for a named type: its component name, else one from context."""
        known = self._component_names.get(target.key)
        if known:
            return known
        schema_name = self._schema_name(target.key)
        raw = schema_name or hint or "Model"
        return self.names.claim(class_name(raw)), schema_name

    def _schema_name(self, key: str) -> str | None:
        if key in self._component_names:
            return self._component_names[key][1]
        path, _, pointer = key.partition("#")
        tokens = pointer.split("/")
        if len(tokens) >= 2 and tokens[-2] in _SCHEMA_CONTAINERS:
            return tokens[-1].replace("~1", "/").replace("~0", "~")
        if pointer == "":  # a whole file used as a schema: named after the file
            stem = path.rsplit("/", 1)[-1].split(".", 1)[0]
            return stem or None
        return None

    def _recursion(self, target: Target, hint: str) -> TypeRef:
        key = target.key
        alias = self._in_progress[key]
        if alias is None:
            alias, _ = self._name(target, hint)
            self._in_progress[key] = alias
        return AliasRef(alias)

    def _object_or_map(self, target: Target, schema: dict[str, Any], hint: str) -> TypeRef:
        parts = self._collect(target)
        component = target.key in self._component_names
        # A free-form object is a dict, unless the author named it as a component
        # without saying what its values are: then it is a model (with no fields yet).
        if not parts.properties and not parts.bases and (not component or parts.additional):
            if parts.additional is None and schema.get("additionalProperties") is False:
                return MapOf(AnyValue(), _constraints(schema))
            values = (
                self.convert_target(parts.additional, hint + "Value")
                if parts.additional is not None
                else AnyValue()
            )
            return MapOf(values, _constraints(schema))
        name, schema_name = self._name(target, hint)
        ref = ModelRef(name)
        self._named[target.key] = ref
        scope = NameScope(RESERVED)
        fields = []
        for wire, prop in parts.properties.items():
            prop_schema = self.spec.follow(prop).value
            prop_schema = prop_schema if isinstance(prop_schema, dict) else {}
            own = prop.value if isinstance(prop.value, dict) else {}
            beside = self.ref_siblings(own) or prop_schema
            fields.append(
                Field(
                    wire_name=wire,
                    py_name=scope.claim(snake_name(wire)),
                    type=self.convert_target(prop, name + class_name(wire)),
                    required=wire in parts.required,
                    source=_source(prop),
                    description=_text(own.get("description", prop_schema.get("description"))),
                    has_default="default" in beside or "default" in prop_schema,
                    default=beside.get("default", prop_schema.get("default")),
                    read_only=bool(own.get("readOnly", prop_schema.get("readOnly", False))),
                    write_only=bool(own.get("writeOnly", prop_schema.get("writeOnly", False))),
                    deprecated=bool(own.get("deprecated", prop_schema.get("deprecated", False))),
                    examples=_examples(beside) or _examples(prop_schema),
                )
            )
        additional: TypeRef | None
        if parts.additional is None:
            additional = None if _closed(schema) else AnyValue()
        else:
            additional = self.convert_target(parts.additional, name + "Value")
        self.models[name] = Model(
            name=name,
            fields=tuple(fields),
            source=_source(target),
            schema_name=schema_name,
            description=_text(schema.get("description")),
            additional=additional,
            all_of=tuple(parts.bases),
            deprecated=bool(schema.get("deprecated", False)),
            examples=_examples(schema),
        )
        return ref

    def _collect(self, target: Target) -> _Parts:
        """Merge properties and required lists of a schema and all its allOf parts.

        Each part's own allOf parts come before its properties.  An explicit stack of
        (part, next allOf index), not recursion: allOf chains can be 1,000 parts long.
        """
        parts = _Parts()
        seen: set[str] = set()
        first = self._enter_part(target, True, parts, seen)
        stack = [(first, 0)] if first is not None else []
        while stack:
            t, i = stack[-1]
            if i < len(_list(t.value.get("allOf"))):
                stack[-1] = (t, i + 1)
                part = self._enter_part(_child(t, "allOf", i), False, parts, seen)
                if part is not None:
                    stack.append((part, 0))
            else:
                stack.pop()
                _add_own(t, parts)
        return parts

    def _enter_part(self, t: Target, top: bool, parts: _Parts, seen: set[str]) -> Target | None:
        """The part behind ``t`` when it is new (noting a component base), else None."""
        t = self.spec.follow(t)
        if t.key in seen or not isinstance(t.value, dict):
            return None
        seen.add(t.key)
        if not top and t.key in self._component_names and _has_object_shape(t.value):
            parts.bases.append(self._component_names[t.key][0])
        return t

    def _enum(self, target: Target, schema: dict[str, Any], hint: str) -> tuple[TypeRef, bool]:
        raw = schema["enum"]
        nullable = _is_nullable(schema) or None in raw
        values = [v for v in raw if v is not None]
        if not values:
            return Const(None), True
        name, schema_name = self._name(target, hint)
        ref = EnumRef(name)
        self._named[target.key] = ref
        names = schema.get("x-enum-varnames") or schema.get("x-enumNames")
        scope = NameScope()
        members = []
        for i, value in enumerate(_unique(values)):
            label = names[i] if isinstance(names, list) and len(names) == len(values) else value
            members.append(EnumValue(value, scope.claim(constant_name(str(label)))))
        kinds = {_json_kind(v) for v in values}
        kind: EnumKind = kinds.pop() if len(kinds) == 1 else "mixed"
        self.enums[name] = EnumDef(
            name,
            kind,
            tuple(members),
            _source(target),
            schema_name,
            _text(schema.get("description")),
            bool(schema.get("deprecated", False)),
        )
        return ref, nullable

    def _union(
        self, target: Target, schema: dict[str, Any], keyword: str, hint: str, nullable: bool
    ) -> tuple[TypeRef, bool]:
        options: list[TypeRef] = []
        for i, option in enumerate(schema[keyword]):
            if isinstance(option, dict) and _types(option) == ["null"] and len(option) <= 2:
                nullable = True
                continue
            converted = self.convert_target(_child(target, keyword, i), f"{hint}Option{i + 1}")
            if isinstance(converted, Nullable):
                nullable, converted = True, converted.inner
            if converted not in options:
                options.append(converted)
        if not options:
            return AnyValue(), nullable
        if len(options) == 1:
            return options[0], nullable
        union = UnionOf(
            tuple(options),
            "oneOf" if keyword == "oneOf" else "anyOf",
            self._discriminator(target, schema, options),
        )
        if target.key in self._component_names:
            name, schema_name = self._component_names[target.key]
            self.aliases[name] = AliasDef(
                name, union, _source(target), schema_name, _text(schema.get("description"))
            )
            ref = AliasRef(name)
            self._named[target.key] = ref
            return ref, nullable
        return union, nullable

    def _discriminator(
        self, target: Target, schema: dict[str, Any], options: list[TypeRef]
    ) -> Discriminator | None:
        disc = schema.get("discriminator")
        if isinstance(disc, str):  # Swagger 2.0 form: just the property name
            disc = {"propertyName": disc}
        if not isinstance(disc, dict) or not isinstance(disc.get("propertyName"), str):
            return None
        mapping: list[tuple[str, str]] = []
        explicit = disc.get("mapping")
        if isinstance(explicit, dict):
            for value, ref in explicit.items():
                model = self._mapping_target(target, str(ref))
                if model:
                    mapping.append((str(value), model))
        mapped = {m for _, m in mapping}
        for option in options:
            if isinstance(option, ModelRef) and option.name not in mapped:
                known = self.models.get(option.name)
                label = known.schema_name if known and known.schema_name else option.name
                mapping.append((label, option.name))
        return Discriminator(disc["propertyName"], tuple(mapping))

    def _mapping_target(self, target: Target, ref: str) -> str | None:
        if "#" not in ref and "/" not in ref and "." not in ref:
            base = "/definitions/" if self.spec.major == "2.0" else "/components/schemas/"
            ref = "#" + base + escape_pointer(ref)
        resolved = self.spec.resolve(ref, target.document)
        if resolved is None:
            file_part, _, fragment = ref.partition("#")
            if file_part:
                return None
            value = _lookup(target.document.root, fragment)
            if value is None:
                return None
            resolved = Target(target.document, fragment, value)
        converted = self.convert_target(resolved, "")
        if isinstance(converted, Nullable):
            converted = converted.inner
        return converted.name if isinstance(converted, ModelRef) else None

    def _with_ref_siblings(self, ref_node: dict[str, Any], result: TypeRef) -> TypeRef:
        """3.1 allows keywords beside ``$ref``; the one that changes the type is nullability."""
        if _is_nullable(ref_node) and not isinstance(result, Nullable):
            return Nullable(result)
        return result


# ---------------------------------------------------------------------- helpers


def _add_own(t: Target, parts: _Parts) -> None:
    """Add one allOf part's own properties, required names and additionalProperties."""
    schema = t.value
    props = schema.get("properties")
    if isinstance(props, dict):
        for prop_name in props:
            parts.properties[prop_name] = _child(t, "properties", prop_name)
    parts.required.update(r for r in _list(schema.get("required")) if isinstance(r, str))
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and parts.additional is None:
        parts.additional = _child(t, "additionalProperties")


def _definition_of(key: str, root: str) -> str | None:
    """The key of the schema definition whose subtree holds the node ``key``, if any: its
    innermost ``$defs`` entry, else the ``components/schemas`` or ``definitions`` entry of
    its file, else the whole file when that is not the root document (``root``, its key
    prefix): multi-file specs keep one schema per file."""
    path, _, pointer = key.partition("#")
    start = pointer.rfind("/$defs/") + len("/$defs/")
    if start < len("/$defs/"):
        base = next((b for b in _DEFINITION_BASES if pointer.startswith(b)), None)
        if base is None:
            return None if key.startswith(root) else f"{path}#"
        start = len(base)
    end = pointer.find("/", start)
    if start == len(pointer):
        return None
    return f"{path}#{pointer if end < 0 else pointer[:end]}"


def _child(target: Target, *tokens: str | int) -> Target:
    value = target.value
    pointer = target.pointer
    for token in tokens:
        value = value[token]
        pointer += "/" + escape_pointer(str(token))
    return Target(target.document, pointer, value)


def _lookup(tree: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(tree, dict):
            tree = tree.get(token)
        elif isinstance(tree, list) and token.isdigit() and int(token) < len(tree):
            tree = tree[int(token)]
        else:
            return None
    return tree


def _source(target: Target) -> Source:
    return Source(target.document.name, target.pointer)


def _get(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _types(schema: dict[str, Any]) -> list[str]:
    raw = schema.get("type")
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list):
        return [t for t in raw if isinstance(t, str) and t != "null"] or (
            ["null"] if "null" in raw else []
        )
    return []


def _is_nullable(schema: dict[str, Any]) -> bool:
    raw = schema.get("type")
    return (
        schema.get("nullable") is True
        or schema.get("x-nullable") is True
        or (isinstance(raw, list) and "null" in raw)
        or raw == "null"
    )


def _has_object_shape(schema: dict[str, Any]) -> bool:
    if isinstance(schema.get("properties"), dict) and schema["properties"]:
        return True
    types = _types(schema)
    if types == ["object"] and not any(k in schema for k in ("oneOf", "anyOf")):
        return True
    return "additionalProperties" in schema and not types and "items" not in schema


def _closed(schema: dict[str, Any]) -> bool:
    return (
        schema.get("additionalProperties") is False or schema.get("unevaluatedProperties") is False
    )


def _infer_type(schema: dict[str, Any]) -> str | None:
    if "items" in schema:
        return "array"
    if any(k in schema for k in ("minLength", "maxLength", "pattern")):
        return "string"
    if any(k in schema for k in ("minimum", "maximum", "multipleOf")):
        return "number"
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


_CONSTRAINT_KEYS = frozenset(
    {
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
    }
)
_NONE = Constraints()


def _raw_media_type(schema: dict[str, Any]) -> str | None:
    """A 3.1 ``contentMediaType`` of raw content; None when a ``contentEncoding`` (base64...)
    makes the value text (2.0 and 3.0 schemas have neither keyword)."""
    media = schema.get("contentMediaType")
    if not isinstance(media, str) or "contentEncoding" in schema:
        return None
    return media


def _constraints(schema: dict[str, Any]) -> Constraints:
    if _CONSTRAINT_KEYS.isdisjoint(schema):
        return _NONE
    minimum, maximum = _number(schema.get("minimum")), _number(schema.get("maximum"))
    ex_min, ex_max = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    exclusive_minimum = _number(ex_min)
    exclusive_maximum = _number(ex_max)
    if ex_min is True and minimum is not None:  # 3.0 / 2.0 boolean form
        exclusive_minimum, minimum = minimum, None
    if ex_max is True and maximum is not None:
        exclusive_maximum, maximum = maximum, None
    pattern = schema.get("pattern")
    return Constraints(
        min_length=_int(schema.get("minLength")),
        max_length=_int(schema.get("maxLength")),
        pattern=pattern if isinstance(pattern, str) else None,
        minimum=minimum,
        maximum=maximum,
        exclusive_minimum=exclusive_minimum,
        exclusive_maximum=exclusive_maximum,
        multiple_of=_number(schema.get("multipleOf")),
        min_items=_int(schema.get("minItems")),
        max_items=_int(schema.get("maxItems")),
        unique_items=schema.get("uniqueItems") is True,
        min_properties=_int(schema.get("minProperties")),
        max_properties=_int(schema.get("maxProperties")),
    )


def _examples(schema: dict[str, Any]) -> tuple[Any, ...]:
    found: list[Any] = []
    if "example" in schema:
        found.append(schema["example"])
    if isinstance(schema.get("examples"), list):
        found.extend(schema["examples"])
    return tuple(found)


_ENUM_KINDS: dict[str, EnumKind] = {
    "boolean": "boolean",
    "integer": "integer",
    "number": "number",
    "string": "string",
}


def _json_kind(value: Any) -> EnumKind:
    return _ENUM_KINDS.get(json_type(value), "mixed")


def _unique(values: list[Any]) -> list[Any]:
    """Values in order without repeats; ``1`` and ``True`` stay apart (JSON tells them apart)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for v in values:
        key = (type(v).__name__, repr(v))
        if key not in seen:
            seen.add(key)
            kept.append(v)
    return kept
