"""Schema-valid request values for the contract tests, deterministic, from the IR.

Why at generation time: the values are written into the test files, so a reader sees the
exact request and a rerun sends the same bytes.  Each value comes from a
:class:`random.Random` seeded with the operation and case, so a value changes only when
its own operation changes, never because another one was added.

The IR already has ``allOf`` merged, enums, unions with their discriminators and
normalised constraints, so generation follows it: required properties (never ``readOnly``
ones: they are not sent), optional ones near the top, formats, bounds, lengths, patterns
(a small generator over Python's regex parser), unique items.  What the IR cannot say
(``not``, ``if``/``then``, a ``pattern`` we cannot satisfy) is caught afterwards: the caller
validates every value against the contract and drops a case that fails.
"""

from __future__ import annotations

import base64
import importlib
import math
import random
import re
import uuid
from collections.abc import Callable
from typing import Any

from apigen.ir.model import (
    AliasRef,
    AnyValue,
    Api,
    ArrayOf,
    Const,
    Constraints,
    EnumRef,
    MapOf,
    Model,
    ModelRef,
    Nullable,
    Primitive,
    TypeRef,
    UnionOf,
)

__all__ = ["ValueMaker", "pattern_example"]

_parser: Any = importlib.import_module("re._parser")

WORDS = (
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
    "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa",
)  # fmt: skip
#: Below this depth optional properties are filled in too; deeper, only required ones.
FULL_DEPTH = 2
#: Recursion stops here (the value is abandoned: the case is not generated).
MAX_DEPTH = 12


class Unbuildable(Exception):
    """No value could be made (recursion without an end, an impossible pattern)."""


class ValueMaker:
    """Values for the types of one API; ``examples=True`` prefers the spec's own examples."""

    def __init__(self, api: Api, seed: str, *, examples: bool = False) -> None:
        self.api = api
        self.rng = random.Random(seed)
        self.examples = examples
        self.used_example = False

    def value(self, t: TypeRef, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise Unbuildable("the schema nests too deeply to build a value")
        match t:
            case Primitive():
                return self._primitive(t)
            case ArrayOf():
                return self._array(t, depth)
            case MapOf():
                count = max(t.constraints.min_properties or 0, 1 if depth < FULL_DEPTH else 0)
                return {f"key{i + 1}": self.value(t.values, depth + 1) for i in range(count)}
            case ModelRef():
                return self.model(self.api.model(t.name), depth)
            case EnumRef():
                values = self.api.enum(t.name).values
                return self.rng.choice(values).value if values else None
            case AliasRef():
                return self.value(self.api.alias(t.name).type, depth + 1)
            case UnionOf():
                return self._union(t, depth)
            case Nullable():
                return self.value(t.inner, depth)
            case Const():
                return t.value
            case AnyValue():
                return self.rng.choice(WORDS)
        raise AssertionError(t)  # pragma: no cover

    def model(self, model: Model, depth: int, tag: tuple[str, str] | None = None) -> Any:
        if self.examples and model.examples and isinstance(model.examples[0], dict):
            self.used_example = True
            return model.examples[0]
        out: dict[str, Any] = {}
        for field in model.fields:
            if field.read_only or not (field.required or depth < FULL_DEPTH):
                continue
            if self.examples and field.examples:
                self.used_example = True
                out[field.wire_name] = field.examples[0]
            else:
                out[field.wire_name] = self.value(field.type, depth + 1)
        if tag is not None:
            out[tag[0]] = tag[1]
        return out

    def _union(self, t: UnionOf, depth: int) -> Any:
        option = t.options[0]
        if t.discriminator and t.discriminator.mapping:
            value, name = t.discriminator.mapping[0]
            return self.model(
                self.api.model(name), depth + 1, (t.discriminator.property_name, value)
            )
        return self.value(option, depth + 1)

    def _array(self, t: ArrayOf, depth: int) -> list[Any]:
        c = t.constraints
        count = max(c.min_items or 0, 1 if depth < FULL_DEPTH + 2 else 0)
        if c.max_items is not None:
            count = min(count, c.max_items)
        items: list[Any] = []
        for _ in range(count * 4 if c.unique_items else count):
            item = self.value(t.items, depth + 1)
            if not (c.unique_items and item in items):
                items.append(item)
            if len(items) == count:
                break
        return items

    # ------------------------------------------------------------------ scalars

    def _primitive(self, t: Primitive) -> Any:
        c = t.constraints
        if t.kind == "boolean":
            return self.rng.random() < 0.5
        if t.kind == "integer":
            return self._integer(c)
        if t.kind == "number":
            return self._number(c)
        return self._string(t.format, c)

    def _integer(self, c: Constraints) -> int:
        low_f, high_f = _bounds(c, 1)
        low, high = math.ceil(low_f), math.floor(high_f)
        step = int(c.multiple_of) if c.multiple_of and c.multiple_of == int(c.multiple_of) else 1
        first = -(-low // step) * step
        if first > high:
            return first
        return first + step * self.rng.randint(0, max(0, (high - first) // step))

    def _number(self, c: Constraints) -> float | int:
        if c.multiple_of:
            return (
                self._integer(
                    Constraints(
                        minimum=None if c.minimum is None else c.minimum / c.multiple_of,
                        maximum=None if c.maximum is None else c.maximum / c.multiple_of,
                    )
                )
                * c.multiple_of
            )
        low, high = _bounds(c, 0.01)
        return round(low + (high - low) * self.rng.random(), 2) if high > low else low

    def _string(self, fmt: str | None, c: Constraints) -> str:
        text = self._formatted(fmt)
        if text is None and c.pattern:
            text = pattern_example(c.pattern, self.rng)
        if text is None:
            # A number makes names unique enough that creating twice rarely collides.
            text = f"{self.rng.choice(WORDS)}-{self.rng.randint(100, 999)}"
        low = c.min_length or 0
        while len(text) < low:
            text += "-" + self.rng.choice(WORDS)
        if c.max_length is not None and len(text) > c.max_length and fmt is None:
            text = text[: c.max_length]
        return text

    def _formatted(self, fmt: str | None) -> str | None:
        make = _FORMATS.get(fmt or "")
        return make(self.rng, self.rng.choice(WORDS)) if make is not None else None


def _day(rng: random.Random) -> str:
    return f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _clock(rng: random.Random) -> str:
    return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00"


Make = Callable[[random.Random, str], str]
#: Format -> a value of it, from a random source and a word.
_FORMATS: dict[str, Make] = {
    "date-time": lambda rng, _: f"{_day(rng)}T{_clock(rng)}Z",
    "date": lambda rng, _: _day(rng),
    "time": lambda rng, _: f"{_clock(rng)}Z",
    "uuid": lambda rng, _: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
    "email": lambda _, word: f"{word}@example.com",
    "idn-email": lambda _, word: f"{word}@example.com",
    "uri": lambda _, word: f"https://example.com/{word}",
    "url": lambda _, word: f"https://example.com/{word}",
    "iri": lambda _, word: f"https://example.com/{word}",
    "uri-reference": lambda _, word: f"/{word}",
    "iri-reference": lambda _, word: f"/{word}",
    "uri-template": lambda _, word: f"https://example.com/{{{word}}}",
    "hostname": lambda _, word: f"{word}.example.com",
    "idn-hostname": lambda _, word: f"{word}.example.com",
    "ipv4": lambda rng, _: f"192.0.2.{rng.randint(1, 254)}",
    "ipv6": lambda rng, _: f"2001:db8::{rng.randint(1, 65535):x}",
    "byte": lambda _, word: base64.b64encode(word.encode()).decode(),
    "binary": lambda _, word: word,
    "password": lambda rng, word: f"{word}-{rng.randint(1000, 9999)}",
    "duration": lambda rng, _: f"P{rng.randint(1, 30)}D",
    "json-pointer": lambda _, word: f"/{word}",
    "relative-json-pointer": lambda _, __: "0",
    "regex": lambda _, word: f"^{word}$",
}


def _bounds(c: Constraints, nudge: float) -> tuple[float, float]:
    """(lowest, highest) allowed; small positive numbers when unbounded."""
    low = c.minimum
    if c.exclusive_minimum is not None:
        bound = c.exclusive_minimum + nudge
        low = bound if low is None else max(low, bound)
    high = c.maximum
    if c.exclusive_maximum is not None:
        bound = c.exclusive_maximum - nudge
        high = bound if high is None else min(high, bound)
    if low is None:
        low = 1.0 if high is None or high >= 1 else high - 100
    if high is None:
        high = max(low, 1.0) + 99
    return float(low), float(high)


def pattern_example(pattern: str, rng: random.Random) -> str | None:
    """A string that ``re.search(pattern)`` accepts, or None when we cannot make one."""
    try:
        parsed = _parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None
    out: list[str] = []
    try:
        _emit(parsed, out, rng, 0)
    except (Unbuildable, IndexError, ValueError, TypeError):
        return None
    text = "".join(out)
    try:
        return text if re.search(pattern, text) else None
    except re.error:
        return None


def _emit(items: Any, out: list[str], rng: random.Random, depth: int) -> None:
    if depth > 40:
        raise Unbuildable("pattern too deep")
    c = _parser  # the opcode constants live on the parser module
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append("a" if arg != ord("a") else "b")
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_class_char(arg))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = arg
            count = low if low > 0 else (1 if high != 0 else 0)
            count = min(count, high) if high != c.MAXREPEAT else count
            for _ in range(count):
                _emit(sub, out, rng, depth + 1)
        elif name == "SUBPATTERN":
            _emit(arg[-1], out, rng, depth + 1)
        elif name == "ATOMIC_GROUP":
            _emit(arg, out, rng, depth + 1)
        elif name == "BRANCH":
            _emit(arg[1][0], out, rng, depth + 1)
        elif name not in ("AT", "ASSERT", "ASSERT_NOT", "GROUPREF"):
            raise Unbuildable(f"regex construct {name}")


def _class_char(items: Any) -> str:
    negated = False
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            negated = True
        elif negated:
            continue
        elif name == "LITERAL":
            return chr(arg)
        elif name == "RANGE":
            return chr(arg[0])
        elif name == "CATEGORY":
            return {"CATEGORY_DIGIT": "0", "CATEGORY_SPACE": " ", "CATEGORY_WORD": "a"}.get(
                str(arg), "a"
            )
    if negated:
        excluded = {chr(a) for op, a in items if str(op) == "LITERAL"}
        return next(ch for ch in "aZ0_-x" if ch not in excluded)
    return "a"
