"""Schema rules: written once, applied wherever a schema is used, in its direction.

Each rule gives its level for data the client sends (``request``) and data
the server returns (``response``): tightening is breaking for requests and
harmless for responses, loosening the other way round.  Webhooks and
callbacks reverse the direction (the API is the client there).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from apigen.diff.model import Level
from apigen.diff.pairs import Resolved, SchemaPair
from apigen.diff.registry import Finding, schema_rule
from apigen.ir.model import (
    ArrayOf,
    Const,
    Constraints,
    EnumDef,
    Field,
    MapOf,
    Model,
    ModelRef,
    Primitive,
    UnionOf,
)
from apigen.jsontypes import json_type

BREAK, WARN, INFO = Level.BREAKING, Level.WARNING, Level.INFO


def _kind(r: Resolved) -> str:
    if isinstance(r, Primitive):
        return r.kind
    if isinstance(r, EnumDef):
        return r.kind
    if isinstance(r, (Model, MapOf)):
        return "object"
    if isinstance(r, ArrayOf):
        return "array"
    if isinstance(r, UnionOf):
        return "union"
    if isinstance(r, Const):
        kind = json_type(r.value)
        return kind if kind in ("boolean", "integer", "number", "string") else "any"
    return "any"


def _comparable(p: SchemaPair) -> tuple[str, str] | None:
    """The two JSON kinds, or None when unions or untyped schemas make kinds moot."""
    old, new = _kind(p.old), _kind(p.new)
    if "union" in (old, new) or "any" in (old, new):
        return None
    return old, new


# ---------------------------------------------------------------------- types


@schema_rule(
    "type-changed",
    request=BREAK,
    response=BREAK,
    description="The schema's type changed incompatibly.",
    message="{where}: type changed from {old} to {new}",
)
def type_changed(p: SchemaPair) -> Iterator[Finding]:
    kinds = _comparable(p)
    if (
        kinds
        and kinds[0] != kinds[1]
        and kinds not in (("integer", "number"), ("number", "integer"))
    ):
        yield Finding({"old": kinds[0], "new": kinds[1]})


@schema_rule(
    "type-generalized",
    request=INFO,
    response=BREAK,
    description="The schema now allows more (integer -> number, a type -> any value).",
    message="{where}: type widened from {old} to {new}",
)
def type_generalized(p: SchemaPair) -> Iterator[Finding]:
    old, new = _kind(p.old), _kind(p.new)
    if (old, new) == ("integer", "number") or (new == "any" and old != "any"):
        yield Finding({"old": old, "new": new})


@schema_rule(
    "type-specialized",
    request=BREAK,
    response=INFO,
    description="The schema now allows less (number -> integer, any value -> a type).",
    message="{where}: type narrowed from {old} to {new}",
)
def type_specialized(p: SchemaPair) -> Iterator[Finding]:
    old, new = _kind(p.old), _kind(p.new)
    if (old, new) == ("number", "integer") or (old == "any" and new not in ("any", "union")):
        yield Finding({"old": old, "new": new})


@schema_rule(
    "format-changed",
    request=BREAK,
    response=BREAK,
    description="A string or number format changed (e.g. int32 -> int64, date -> date-time).",
    message="{where}: format changed from {old!r} to {new!r}",
)
def format_changed(p: SchemaPair) -> Iterator[Finding]:
    if (
        isinstance(p.old, Primitive)
        and isinstance(p.new, Primitive)
        and p.old.kind == p.new.kind
        and p.old.format != p.new.format
    ):
        yield Finding({"old": p.old.format, "new": p.new.format})


@schema_rule(
    "became-nullable",
    request=INFO,
    response=BREAK,
    description="null is now allowed (3.0 nullable or a 3.1 null type).",
    message="{where}: became nullable",
)
def became_nullable(p: SchemaPair) -> Iterator[Finding]:
    if p.new_nullable and not p.old_nullable:
        yield Finding()


@schema_rule(
    "became-not-nullable",
    request=BREAK,
    response=INFO,
    description="null is no longer allowed.",
    message="{where}: no longer nullable",
)
def became_not_nullable(p: SchemaPair) -> Iterator[Finding]:
    if p.old_nullable and not p.new_nullable:
        yield Finding()


# ---------------------------------------------------------------------- enums


def _values(r: Resolved) -> list[Any] | None:
    if isinstance(r, EnumDef):
        return [v.value for v in r.values]
    if isinstance(r, Const):
        return [r.value]
    return None


@schema_rule(
    "enum-value-removed",
    request=BREAK,
    response=INFO,
    description="A value was removed from an enum.",
    message="{where}: enum value {value!r} removed",
)
def enum_value_removed(p: SchemaPair) -> Iterator[Finding]:
    old, new = _values(p.old), _values(p.new)
    if old is not None and new is not None:
        for value in old:
            if value not in new:
                yield Finding({"value": value})


@schema_rule(
    "enum-value-added",
    request=INFO,
    response=WARN,
    description="A value was added to an enum: clients that match exhaustively may fail on it.",
    message="{where}: enum value {value!r} added",
)
def enum_value_added(p: SchemaPair) -> Iterator[Finding]:
    old, new = _values(p.old), _values(p.new)
    if old is not None and new is not None:
        for value in new:
            if value not in old:
                yield Finding({"value": value})


@schema_rule(
    "enum-added",
    request=BREAK,
    response=INFO,
    description="A free value became restricted to an enum.",
    message="{where}: now restricted to {values}",
)
def enum_added(p: SchemaPair) -> Iterator[Finding]:
    if isinstance(p.old, Primitive) and (new := _values(p.new)) is not None:
        yield Finding({"values": new})


@schema_rule(
    "enum-removed",
    request=INFO,
    response=WARN,
    description="An enum restriction was lifted: any value of the type may appear.",
    message="{where}: no longer restricted to an enum",
)
def enum_removed(p: SchemaPair) -> Iterator[Finding]:
    if _values(p.old) is not None and isinstance(p.new, Primitive):
        yield Finding()


# ---------------------------------------------------------------------- constraints

_BOUNDS: list[tuple[str, str, bool]] = [
    # (Constraints attribute, rule stem, True when a higher value is tighter)
    ("min_length", "min-length", True),
    ("max_length", "max-length", False),
    ("minimum", "min", True),
    ("maximum", "max", False),
    ("exclusive_minimum", "exclusive-min", True),
    ("exclusive_maximum", "exclusive-max", False),
    ("min_items", "min-items", True),
    ("max_items", "max-items", False),
    ("min_properties", "min-properties", True),
    ("max_properties", "max-properties", False),
]


def _constraints(r: Resolved) -> Constraints | None:
    if isinstance(r, (Primitive, ArrayOf, MapOf)):
        return r.constraints
    return None


def _bound_rules(attr: str, stem: str, higher_is_tighter: bool) -> None:
    def moved(p: SchemaPair, tighter: bool) -> Iterator[Finding]:
        old_c, new_c = _constraints(p.old), _constraints(p.new)
        if old_c is None or new_c is None or _kind(p.old) != _kind(p.new):
            return  # a type change is reported as such; its bounds are moot
        old, new = getattr(old_c, attr), getattr(new_c, attr)
        if old == new:
            return
        lo, hi = float("-inf"), float("inf")
        unset = lo if higher_is_tighter else hi
        o = unset if old is None else old
        n = unset if new is None else new
        went_up = n > o
        if went_up == (higher_is_tighter == tighter):
            yield Finding(
                {"old": "none" if old is None else old, "new": "none" if new is None else new}
            )

    up, down = f"{stem}-increased", f"{stem}-decreased"
    tight, loose = (up, down) if higher_is_tighter else (down, up)
    label = stem.replace("-", " ")

    def check_tight(p: SchemaPair) -> Iterator[Finding]:
        return moved(p, True)

    def check_loose(p: SchemaPair) -> Iterator[Finding]:
        return moved(p, False)

    schema_rule(
        tight,
        request=BREAK,
        response=INFO,
        description=f"The {label} constraint was tightened (or added).",
        message=f"{{where}}: {label} changed from {{old}} to {{new}}",
    )(check_tight)
    schema_rule(
        loose,
        request=INFO,
        response=WARN,
        description=f"The {label} constraint was relaxed (or removed).",
        message=f"{{where}}: {label} changed from {{old}} to {{new}}",
    )(check_loose)


for _attr, _stem, _higher in _BOUNDS:
    _bound_rules(_attr, _stem, _higher)


@schema_rule(
    "pattern-added",
    request=BREAK,
    response=INFO,
    description="A pattern now restricts the string.",
    message="{where}: pattern {new!r} added",
)
def pattern_added(p: SchemaPair) -> Iterator[Finding]:
    old, new = _constraints(p.old), _constraints(p.new)
    if old and new and old.pattern is None and new.pattern is not None:
        yield Finding({"new": new.pattern})


@schema_rule(
    "pattern-changed",
    request=BREAK,
    response=WARN,
    description="The string pattern changed (it may accept less).",
    message="{where}: pattern changed from {old!r} to {new!r}",
)
def pattern_changed(p: SchemaPair) -> Iterator[Finding]:
    old, new = _constraints(p.old), _constraints(p.new)
    if (
        old
        and new
        and old.pattern is not None
        and new.pattern is not None
        and old.pattern != new.pattern
    ):
        yield Finding({"old": old.pattern, "new": new.pattern})


@schema_rule(
    "pattern-removed",
    request=INFO,
    response=WARN,
    description="The string pattern was removed.",
    message="{where}: pattern {old!r} removed",
)
def pattern_removed(p: SchemaPair) -> Iterator[Finding]:
    old, new = _constraints(p.old), _constraints(p.new)
    if old and new and old.pattern is not None and new.pattern is None:
        yield Finding({"old": old.pattern})


@schema_rule(
    "multiple-of-changed",
    request=BREAK,
    response=WARN,
    description="multipleOf changed.",
    message="{where}: multipleOf changed from {old} to {new}",
)
def multiple_of_changed(p: SchemaPair) -> Iterator[Finding]:
    old, new = _constraints(p.old), _constraints(p.new)
    if old and new and old.multiple_of != new.multiple_of and new.multiple_of is not None:
        yield Finding({"old": old.multiple_of, "new": new.multiple_of})


@schema_rule(
    "unique-items-added",
    request=BREAK,
    response=INFO,
    description="Array items must now be unique.",
    message="{where}: items must now be unique",
)
def unique_items_added(p: SchemaPair) -> Iterator[Finding]:
    old, new = _constraints(p.old), _constraints(p.new)
    if old and new and not old.unique_items and new.unique_items:
        yield Finding()


# ---------------------------------------------------------------------- unions


def _options(r: Resolved) -> tuple[Any, ...]:
    return r.options if isinstance(r, UnionOf) else (r,)


def _label(option: Any) -> str:
    if isinstance(option, (ModelRef, Model, EnumDef)):
        return option.name
    if isinstance(option, Primitive):
        return option.kind
    return type(option).__name__


def _union_diff(p: SchemaPair) -> tuple[str, list[Any], list[Any]] | None:
    if not (isinstance(p.old, UnionOf) or isinstance(p.new, UnionOf)):
        return None
    from apigen.diff.engine import variant_key

    kind = (p.new if isinstance(p.new, UnionOf) else p.old).kind  # type: ignore[union-attr]
    old, new = list(_options(p.old)), list(_options(p.new))
    old_keys, new_keys = {variant_key(o) for o in old}, {variant_key(n) for n in new}
    removed = [o for o in old if variant_key(o) not in new_keys]
    added = [n for n in new if variant_key(n) not in old_keys]
    return kind, removed, added


def _union_rules(kind: str, stem: str) -> None:
    def removed(p: SchemaPair) -> Iterator[Finding]:
        found = _union_diff(p)
        if found and found[0] == kind:
            for option in found[1]:
                yield Finding({"variant": _label(option)})

    def added(p: SchemaPair) -> Iterator[Finding]:
        found = _union_diff(p)
        if found and found[0] == kind:
            for option in found[2]:
                yield Finding({"variant": _label(option)})

    schema_rule(
        f"{stem}-removed",
        request=BREAK,
        response=INFO,
        description=f"A {kind} variant was removed.",
        message=f"{{where}}: {kind} variant {{variant}} removed",
    )(removed)
    # A new variant in a response: clients with exhaustive handling meet an unknown
    # shape.  Warning, not breaking: well-built clients keep a fallback branch.
    schema_rule(
        f"{stem}-added",
        request=INFO,
        response=WARN,
        description=f"A {kind} variant was added.",
        message=f"{{where}}: {kind} variant {{variant}} added",
    )(added)


_union_rules("oneOf", "one-of")
_union_rules("anyOf", "any-of")


# ---------------------------------------------------------------------- objects


def _visible(p: SchemaPair, model: Resolved) -> dict[str, Field]:
    """Fields that travel in this direction: readOnly never in requests, writeOnly never back."""
    assert isinstance(model, Model)
    hidden = "read_only" if p.direction == "request" else "write_only"
    return {f.wire_name: f for f in model.fields if not getattr(f, hidden)}


_PROPERTY = ("request-property", "response-property")


@schema_rule(
    "{dir}-required-property-removed",
    request=WARN,
    response=BREAK,
    contexts=_PROPERTY,
    on="object",
    description="A required property was removed.",
    message="{where}: required property {name!r} removed",
)
def required_property_removed(p: SchemaPair) -> Iterator[Finding]:
    old, new = _visible(p, p.old), _visible(p, p.new)
    for name, f in old.items():
        if f.required and name not in new:
            yield Finding({"name": name, "_source": f.source}, side="base")


@schema_rule(
    "{dir}-optional-property-removed",
    request=WARN,
    response=BREAK,
    contexts=_PROPERTY,
    on="object",
    # Breaking in responses (the contract): a client that reads the property,
    # and every generated SDK model exposing it, loses it.  oasdiff calls this a warning.
    description="An optional property was removed.",
    message="{where}: optional property {name!r} removed",
)
def optional_property_removed(p: SchemaPair) -> Iterator[Finding]:
    old, new = _visible(p, p.old), _visible(p, p.new)
    for name, f in old.items():
        if not f.required and name not in new:
            yield Finding({"name": name, "_source": f.source}, side="base")


@schema_rule(
    "new-required-{dir}-property",
    request=BREAK,
    response=INFO,
    contexts=_PROPERTY,
    on="object",
    description="A required property was added.",
    message="{where}: new required property {name!r}",
)
def new_required_property(p: SchemaPair) -> Iterator[Finding]:
    old, new = _visible(p, p.old), _visible(p, p.new)
    for name, f in new.items():
        if f.required and name not in old:
            yield Finding({"name": name, "_source": f.source})


@schema_rule(
    "new-optional-{dir}-property",
    request=INFO,
    response=INFO,
    contexts=_PROPERTY,
    on="object",
    description="An optional property was added.",
    message="{where}: new optional property {name!r}",
)
def new_optional_property(p: SchemaPair) -> Iterator[Finding]:
    old, new = _visible(p, p.old), _visible(p, p.new)
    for name, f in new.items():
        if not f.required and name not in old:
            yield Finding({"name": name, "_source": f.source})


@schema_rule(
    "{dir}-property-became-required",
    request=BREAK,
    response=INFO,
    contexts=_PROPERTY,
    on="object",
    description="An optional property became required.",
    message="{where}: property {name!r} became required",
)
def property_became_required(p: SchemaPair) -> Iterator[Finding]:
    old, new = _visible(p, p.old), _visible(p, p.new)
    for name, f in new.items():
        if f.required and name in old and not old[name].required:
            yield Finding({"name": name, "_source": f.source})


@schema_rule(
    "{dir}-property-became-optional",
    request=INFO,
    response=BREAK,
    contexts=_PROPERTY,
    on="object",
    description="A required property became optional: it may be missing now.",
    message="{where}: property {name!r} became optional",
)
def property_became_optional(p: SchemaPair) -> Iterator[Finding]:
    old, new = _visible(p, p.old), _visible(p, p.new)
    for name, f in new.items():
        if not f.required and name in old and old[name].required:
            yield Finding({"name": name, "_source": f.source})


@schema_rule(
    "{dir}-additional-properties-closed",
    request=BREAK,
    response=INFO,
    contexts=_PROPERTY,
    on="object",
    description="additionalProperties became false: extra keys rejected.",
    message="{where}: additional properties no longer allowed",
)
def additional_closed(p: SchemaPair) -> Iterator[Finding]:
    assert isinstance(p.old, Model) and isinstance(p.new, Model)
    if p.old.additional is not None and p.new.additional is None:
        yield Finding()
