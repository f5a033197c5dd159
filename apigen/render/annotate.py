"""IR types -> Python annotations (source text), recording what the module must import.

One annotator per generated module: it collects the model names and the
standard-library modules its annotations use, so the module's imports are
exactly what it needs (generated code passes ``ruff check``: no unused imports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import assert_never

from apigen.ir.model import (
    AliasRef,
    AnyValue,
    ArrayOf,
    Const,
    EnumRef,
    MapOf,
    ModelRef,
    Nullable,
    Primitive,
    TypeRef,
    UnionOf,
)
from apigen.render.env import py_literal

__all__ = ["Annotator"]

_FORMATS = {
    ("string", "date"): ("datetime.date", "datetime"),
    ("string", "date-time"): ("datetime.datetime", "datetime"),
    ("string", "uuid"): ("uuid.UUID", "uuid"),
    ("string", "binary"): ("bytes", None),
}
_KINDS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


@dataclass
class Annotator:
    """Renders annotations; ``names`` and ``modules`` fill up as it goes."""

    names: set[str] = field(default_factory=set)  # model, enum and alias names
    modules: set[str] = field(default_factory=set)  # stdlib modules (datetime, uuid)
    typing: set[str] = field(default_factory=set)  # names from typing (Any, Literal)

    def __call__(self, t: TypeRef) -> str:
        if isinstance(t, Primitive):
            known = _FORMATS.get((t.kind, t.format or ""))
            if known:
                if known[1]:
                    self.modules.add(known[1])
                return known[0]
            return _KINDS[t.kind]
        if isinstance(t, ArrayOf):
            return f"list[{self(t.items)}]"
        if isinstance(t, MapOf):
            return f"dict[str, {self(t.values)}]"
        if isinstance(t, (ModelRef, EnumRef, AliasRef)):
            self.names.add(t.name)
            return t.name
        if isinstance(t, UnionOf):
            return " | ".join(dict.fromkeys(self(o) for o in t.options))
        if isinstance(t, Nullable):
            inner = self(t.inner)
            return inner if inner == "Any" or inner.endswith("| None") else f"{inner} | None"
        if isinstance(t, Const):
            self.typing.add("Literal")
            if t.value is None:
                return "None"
            if isinstance(t.value, (str, int, bool)):
                return f"Literal[{py_literal(t.value)}]"
            self.typing.add("Any")
            return "Any"
        if isinstance(t, AnyValue):
            self.typing.add("Any")
            return "Any"
        assert_never(t)
