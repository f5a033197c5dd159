"""Which module of the generated ``models`` package each named type goes in.

One module per named type made GitHub's client 6,800 files.  Creating a file is cheap on
an idle disk (here, ext4: 6,800 files in 0.24 s) but not on a busy one (2.3 to 4.4 s while
a test suite ran beside it), which made writing the largest and least predictable cost of
generating GitHub's client.  So types are grouped by where the contract defines them:

- a type defined inside another named type (an inline object, the enum of a property, an
  array's items) goes with the outermost named type around it: a component schema and
  everything declared inside it form one module;
- the types defined inline in the operations of one section (parameter enums, request and
  response bodies, and what is inside those) form one module.  A section is what the
  caller says (the generators: an operation's first tag, the unit of their handler and API
  modules, which use those types together); without one, each operation is its own.

GitHub's 6,770 types make 1,045 modules (40 of them a tag's inline types; a module per
operation made 1,469, and writing a file costs up to 0.7 ms on a busy disk).  Importing a model
still imports only its own module and what it refers to (a component's inner types are
needed with it anyway), so the package stays lazy.  The grouping follows the contract's
structure, not the count of types, so a module's file does not move when a schema gains a
property.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from apigen.ir.model import Source

__all__ = ["Group", "depth", "group_definitions"]

#: Roots whose entries are operations: ``/paths/{path}/{method}``, ``/webhooks/{name}/{method}``.
_OPERATION_ROOTS = ("paths", "webhooks")


@dataclass
class Group:
    """Named types defined in one place: a named type's own pointer, or an operation's
    (the first one's, when ``section`` gathers several operations)."""

    place: Source
    names: list[str]
    section: str | None = None


def group_definitions(
    definitions: Sequence[tuple[str, Source]], sections: Mapping[Source, str] | None = None
) -> list[Group]:
    """The names of ``definitions`` in groups, each group in definition order; groups are
    ordered by their first member, so the result is as deterministic as the input.

    ``sections`` maps an operation's place (``/paths/{path}/{method}``) to the section its
    inline types share a module with; operations not in it get a module each.
    """
    sections = sections or {}
    pointers: dict[str, set[str]] = {}
    for _, source in definitions:
        pointers.setdefault(source.file, set()).add(source.pointer)
    groups: dict[Source | str, Group] = {}
    for name, source in definitions:
        place = Source(source.file, _container(_outermost(source, pointers[source.file])))
        section = sections.get(place)
        key: Source | str = place if section is None else section
        groups.setdefault(key, Group(place, [], section)).names.append(name)
    return list(groups.values())


def depth(source: Source) -> int:
    """How deep in its document a type is defined: a group's outermost type names it."""
    return source.pointer.count("/")


def _outermost(source: Source, defined: set[str]) -> str:
    """The pointer of the outermost named type that ``source`` lies in (itself at least)."""
    tokens = source.pointer.split("/")
    for end in range(1, len(tokens)):
        prefix = "/".join(tokens[:end])
        if prefix in defined:
            return prefix
    return source.pointer


def _container(pointer: str) -> str:
    """The operation a pointer lies in, if any; else the pointer itself."""
    tokens = pointer.split("/")
    if len(tokens) > 4 and tokens[1] in _OPERATION_ROOTS:
        return "/".join(tokens[:4])
    return pointer
