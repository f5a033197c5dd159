"""Hypothesis strategies for the values a contract's schemas describe (``--apigen-fuzz``).

Values are drawn from the contract as written (OpenAPI 3.0 ``nullable``, boolean
``exclusiveMinimum``, Swagger 2.0 ``x-nullable``, 3.1 type lists), following ``$ref``s; a
property marked ``readOnly`` is never sent.  The strategies aim at the schema, not beyond it:
keywords they do not model (``not``, ``if``, ``patternProperties``, a discriminator's
mapping...) may yield a value the schema refuses, and :mod:`.fuzz` validates every value
with the contract's own validator and discards those, so no invalid value is ever sent as
a valid one.  Bounds are kept where servers put them: integers within ``int32`` (``int64``
when the format says so) unless the schema sets its own, arrays a few items longer than
their minimum, optional properties present or absent at random.  A schema no value can
satisfy (``minimum`` above ``maximum``, no ``multipleOf`` between the bounds) draws nothing,
so :mod:`.fuzz` skips its operation instead of failing with hypothesis's error.

``text="plain"`` draws strings from letters, digits, ``-``, ``_`` and ``~`` (never empty):
for path segments, headers and cookies, where other characters mean something else on the
wire (``/``, ``..``, leading spaces) and a refusal would be the transport's, not the API's.

This module needs only ``hypothesis``; it is imported when fuzzing is asked for.
"""

from __future__ import annotations

import base64
import datetime
import json
import math
from collections.abc import Callable
from typing import Any, Literal

from hypothesis import strategies as st

__all__ = ["Resolver", "TextKind", "from_schema"]

Resolver = Callable[[str], Any]  # a ``$ref`` -> the node it names (None when dangling)
TextKind = Literal["any", "plain"]
Strategy = st.SearchStrategy[Any]

INT32 = 2**31 - 1
INT64 = 2**63 - 1
#: How deep a recursive schema is followed before optional parts are left out.
MAX_DEPTH = 4
_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_~"
_ANY_TEXT = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
_TYPES = ("object", "array", "string", "integer", "number", "boolean")


def from_schema(node: Any, resolve: Resolver, text: TextKind = "any") -> Strategy:
    """A strategy for values of the schema ``node`` (refs looked up with ``resolve``)."""
    return _Builder(resolve, text).build(node, 0)


class _Builder:
    def __init__(self, resolve: Resolver, text: TextKind) -> None:
        self.resolve = resolve
        self.text = text

    def build(self, node: Any, depth: int) -> Strategy:
        if node is True or node == {}:
            return self._scalar_any()
        if not isinstance(node, dict):
            return st.nothing()
        node = self._deref(node)
        if depth > MAX_DEPTH * 2:
            return st.nothing()
        if "const" in node:
            return st.just(node["const"])
        if isinstance(node.get("enum"), list) and node["enum"]:
            return st.sampled_from(node["enum"])
        if isinstance(node.get("allOf"), list):
            return self.build(self._merged(node), depth + 1)
        for key in ("oneOf", "anyOf"):
            options = node.get(key)
            if isinstance(options, list) and options:
                rest = {k: v for k, v in node.items() if k not in (key, "discriminator")}
                return st.one_of([self.build(_overlay(rest, o), depth + 1) for o in options])
        kinds = _kinds(node)
        made = [self._typed(kind, node, depth) for kind in kinds if kind != "null"]
        strategy = st.one_of(made) if made else st.nothing()
        if "null" in kinds or node.get("nullable") is True or node.get("x-nullable") is True:
            strategy = st.none() | strategy
        return strategy

    def _deref(self, node: dict[str, Any]) -> dict[str, Any]:
        for _ in range(16):
            ref = node.get("$ref")
            if not isinstance(ref, str):
                return node
            target = self.resolve(ref)
            if not isinstance(target, dict):
                return {}
            rest = {k: v for k, v in node.items() if k != "$ref"}
            node = _overlay(target, rest) if rest else target
        return node

    def _merged(self, node: dict[str, Any]) -> dict[str, Any]:
        """``allOf`` as one schema: properties and requirements united, other keywords
        overlaid (what the overlay gets wrong, validation filters out)."""
        out = {k: v for k, v in node.items() if k != "allOf"}
        for part in node["allOf"]:
            if isinstance(part, dict):
                out = _overlay(out, self._deref(part))
        return out

    def _typed(self, kind: str, node: dict[str, Any], depth: int) -> Strategy:
        if kind == "boolean":
            return st.booleans()
        if kind == "integer":
            return self._integer(node)
        if kind == "number":
            return self._number(node)
        if kind == "string":
            return self._string(node)
        if kind == "array":
            return self._array(node, depth)
        return self._object(node, depth)

    def _scalar_any(self) -> Strategy:
        return st.one_of(st.booleans(), st.integers(-1000, 1000), self._text(0, 8))

    def _integer(self, node: dict[str, Any]) -> Strategy:
        limit = INT64 if node.get("format") == "int64" else INT32
        low, high = _bounds(node, -limit, limit)
        low_int, high_int = math.ceil(low), math.floor(high)
        step = node.get("multipleOf")
        if isinstance(step, int) and step > 0:
            return _integers(-(-low_int // step), high_int // step).map(lambda n: n * step)
        return _integers(low_int, high_int)

    def _number(self, node: dict[str, Any]) -> Strategy:
        low, high = _bounds(node, -1e9, 1e9)
        step = node.get("multipleOf")
        if isinstance(step, (int, float)) and step > 0:
            return _integers(math.ceil(low / step), math.floor(high / step)).map(lambda n: n * step)
        exclusive = _exclusive(node)
        if low > high or (low == high and exclusive):
            return st.nothing()
        return st.floats(
            low,
            high,
            allow_nan=False,
            allow_infinity=False,
            exclude_min="minimum" in exclusive,
            exclude_max="maximum" in exclusive,
        )

    def _string(self, node: dict[str, Any]) -> Strategy:
        low = _int(node.get("minLength"), 0)
        limit = _int(node.get("maxLength"), -1)
        high = limit if limit >= 0 else max(low, 24) + 8
        if high < low:
            return st.nothing()

        def fits(text: str) -> bool:
            return low <= len(text) and (limit < 0 or len(text) <= limit)

        formatted = _FORMATS.get(str(node.get("format")))
        if formatted is not None:
            return formatted.filter(fits)
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            if pattern.endswith("$") and not pattern.endswith("\\$"):
                pattern = pattern[:-1] + "\\Z"  # Python's $ also matches before a final \n
            try:
                return st.from_regex(pattern).filter(fits)
            except Exception:  # a pattern Python cannot read: drawn text, then filtered
                pass
        return self._text(low, min(high, low + 32))

    def _text(self, low: int, high: int) -> Strategy:
        if self.text == "plain":
            return st.text(_PLAIN, min_size=max(low, 1), max_size=max(high, 1))
        return st.text(_ANY_TEXT, min_size=low, max_size=high)

    def _array(self, node: dict[str, Any], depth: int) -> Strategy:
        low = _int(node.get("minItems"), 0)
        high = _int(node.get("maxItems"), low + 3)
        if depth > MAX_DEPTH:
            high = low
        if high < low:
            return st.nothing()
        prefix = node.get("prefixItems")
        items = node.get("items", True)
        if isinstance(items, list):  # draft 4 tuples
            prefix, items = items, node.get("additionalItems", True)
        head = [self.build(p, depth + 1) for p in prefix] if isinstance(prefix, list) else []
        tail = self.build(items, depth + 1)
        unique = node.get("uniqueItems") is True
        rest = st.lists(
            tail,
            min_size=max(low - len(head), 0),
            max_size=max(high - len(head), 0),
            unique_by=(_json_key if unique else None),
        )
        if not head:
            return rest
        return st.tuples(st.tuples(*head), rest).map(lambda pair: [*pair[0], *pair[1]])

    def _object(self, node: dict[str, Any], depth: int) -> Strategy:
        found = node.get("properties")
        props: dict[str, Any] = found if isinstance(found, dict) else {}
        listed = node.get("required")
        required = {r for r in listed if isinstance(r, str)} if isinstance(listed, list) else set()
        fixed: dict[str, Strategy] = {}
        optional: dict[str, Strategy] = {}
        for name, schema in props.items():
            if isinstance(schema, dict) and self._deref(schema).get("readOnly") is True:
                continue
            if name in required:
                fixed[name] = self.build(schema, depth + 1)
            elif depth <= MAX_DEPTH:
                optional[name] = self.build(schema, depth + 1)
        for name in required - set(props):  # required, but described nowhere: any value
            fixed[name] = self._scalar_any()
        return st.fixed_dictionaries(fixed, optional=optional)


def _integers(low: int, high: int) -> Strategy:
    """Integers in ``[low, high]``; none when the range is empty (hypothesis would raise)."""
    return st.integers(low, high) if low <= high else st.nothing()


def _overlay(base: dict[str, Any], extra: Any) -> dict[str, Any]:
    """``base`` with ``extra``'s keywords; properties and requirements are united."""
    if not isinstance(extra, dict):
        return base
    out = {**base, **extra}
    if isinstance(base.get("properties"), dict) and isinstance(extra.get("properties"), dict):
        out["properties"] = {**base["properties"], **extra["properties"]}
    if isinstance(base.get("required"), list) and isinstance(extra.get("required"), list):
        out["required"] = list(dict.fromkeys([*base["required"], *extra["required"]]))
    return out


def _kinds(node: dict[str, Any]) -> list[str]:
    kind = node.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    if "properties" in node or "required" in node or "additionalProperties" in node:
        return ["object"]
    if "items" in node or "prefixItems" in node:
        return ["array"]
    if any(k in node for k in ("minLength", "maxLength", "pattern", "format")):
        return ["string"]
    if any(k in node for k in ("minimum", "maximum", "multipleOf")):
        return ["number"]
    return list(_TYPES[2:])  # anything: scalars (objects and arrays of anything are noise)


def _exclusive(node: dict[str, Any]) -> set[str]:
    """Which bounds are exclusive: 3.0's ``exclusiveMinimum: true`` beside a ``minimum``,
    or 3.1's ``exclusiveMinimum: 5``, which is the bound itself."""
    found = set()
    for flag, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = node.get(flag)
        if (value is True and _number_like(node.get(bound))) or _number_like(value):
            found.add(bound)
    return found


def _bounds(node: dict[str, Any], low: float, high: float) -> tuple[float, float]:
    """The schema's bounds (exclusive integer bounds moved inward), else the defaults."""
    lowest = _bound(node, "minimum", 1)
    highest = _bound(node, "maximum", -1)
    if lowest is not None:
        low = lowest
    elif highest is not None:
        low = min(low, highest)
    high = highest if highest is not None else max(high, low)
    return low, high


def _bound(node: dict[str, Any], bound: str, inward: int) -> float | None:
    flag = "exclusiveMinimum" if bound == "minimum" else "exclusiveMaximum"
    value = node.get(flag) if _number_like(node.get(flag)) else node.get(bound)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    whole = "integer" in _kinds(node) and bound in _exclusive(node)
    return float(value) + (inward if whole else 0)


def _number_like(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _int(value: Any, default: int) -> int:
    return (
        value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default
    )


def _json_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _isoformat(value: Any) -> str:
    return str(value.isoformat())


_FORMATS: dict[str, Strategy] = {
    "date-time": st.datetimes(timezones=st.just(datetime.UTC)).map(
        lambda d: d.isoformat().replace("+00:00", "Z")
    ),
    "date": st.dates().map(_isoformat),
    "time": st.times().map(lambda t: t.isoformat() + "Z"),
    "uuid": st.uuids().map(str),
    "email": st.from_regex(r"\A[a-z][a-z0-9]{0,11}@example\.(com|org)\Z"),
    "uri": st.from_regex(r"\Ahttps://example\.com/[a-z0-9]{0,12}\Z"),
    "url": st.from_regex(r"\Ahttps://example\.com/[a-z0-9]{0,12}\Z"),
    "hostname": st.from_regex(r"\A[a-z][a-z0-9]{0,11}\.example\.com\Z"),
    "ipv4": st.ip_addresses(v=4).map(str),
    "ipv6": st.ip_addresses(v=6).map(str),
    "byte": st.binary(max_size=24).map(lambda b: base64.b64encode(b).decode("ascii")),
}
