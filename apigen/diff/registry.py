"""The rule registry: every breaking-change rule is a small named unit.

A rule has a stable id (oasdiff's where the meaning is the same, so teams
migrating keep their ignore lists), a level, a message template with named
fields, a one-line description, and one function.  The engine hands each rule
only the kind of pair it inspects; no rule walks the tree itself.

Schema rules are written once and apply wherever a schema is used: in a
request parameter, a request body, a response body, a response header.  The
direction decides the level (tightening what a client sends breaks it;
tightening what a server returns does not), and the context decides the id
prefix, so one function yields ``request-property-enum-value-removed`` and
``response-property-enum-value-removed`` with their own levels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from apigen.diff.model import Level

__all__ = [
    "CONTEXTS",
    "Finding",
    "Rule",
    "RULES",
    "SchemaRule",
    "SCHEMA_RULES",
    "all_rules",
    "rule",
    "schema_rule",
]

Kind = Literal["api", "operation", "parameter", "request-body", "response", "header", "security"]
Direction = Literal["request", "response"]
Bump = Literal["minor", "patch"]

#: Where a schema sits -> (id prefix, direction of the data).
CONTEXTS: dict[str, Direction] = {
    "request-parameter": "request",
    "request-body": "request",
    "request-property": "request",
    "response-body": "response",
    "response-property": "response",
    "response-header": "response",
}


@dataclass(frozen=True)
class Finding:
    """What a rule function yields: message fields, and which side to point at."""

    fields: dict[str, Any] = field(default_factory=dict)
    side: Literal["base", "revision"] = "revision"


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    kind: str
    description: str
    message: str
    check: Callable[..., Iterable[Finding]]
    direction: str = "-"
    sdk: bool = False
    #: for non-breaking changes: does it add something (minor) or only touch docs (patch)?
    bump: Bump = "minor"

    def format(self, fields: dict[str, Any]) -> str:
        return self.message.format(**fields)


@dataclass(frozen=True)
class SchemaRule:
    """A rule over a pair of schemas; expands into one :class:`Rule` per context."""

    name: str
    levels: dict[Direction, Level]
    description: str
    message: str
    check: Callable[..., Iterable[Finding]]
    #: contexts this rule applies in (default: all of them)
    contexts: tuple[str, ...] = tuple(CONTEXTS)
    #: "type": sees any two schemas at one place; "object": sees two object models
    on: Literal["type", "object"] = "type"

    def id_for(self, context: str) -> str:
        """``{dir}`` in a name places the direction: ``new-required-request-property``."""
        if "{dir}" in self.name:
            return self.name.replace("{dir}", context.split("-", 1)[0])
        return f"{context}-{self.name}"


RULES: dict[str, Rule] = {}
SCHEMA_RULES: dict[str, SchemaRule] = {}


def rule(
    id: str,
    level: Level,
    kind: Kind,
    description: str,
    message: str,
    *,
    sdk: bool = False,
    bump: Bump = "minor",
    direction: str = "-",
) -> Callable[[Callable[..., Iterator[Finding]]], Callable[..., Iterator[Finding]]]:
    """Register a rule over one kind of pair (an operation pair, a parameter pair...)."""

    def register(func: Callable[..., Iterator[Finding]]) -> Callable[..., Iterator[Finding]]:
        if id in RULES:
            raise ValueError(f"duplicate rule id {id!r}")
        RULES[id] = Rule(id, level, kind, description, message, func, direction, sdk, bump)
        return func

    return register


def schema_rule(
    name: str,
    *,
    request: Level,
    response: Level,
    description: str,
    message: str,
    contexts: tuple[str, ...] = tuple(CONTEXTS),
    on: Literal["type", "object"] = "type",
) -> Callable[[Callable[..., Iterator[Finding]]], Callable[..., Iterator[Finding]]]:
    """Register a schema rule; ``request``/``response`` give its level in each direction."""

    def register(func: Callable[..., Iterator[Finding]]) -> Callable[..., Iterator[Finding]]:
        if name in SCHEMA_RULES:
            raise ValueError(f"duplicate schema rule {name!r}")
        SCHEMA_RULES[name] = SchemaRule(
            name,
            {"request": request, "response": response},
            description,
            message,
            func,
            contexts,
            on,
        )
        return func

    return register


def all_rules() -> list[Rule]:
    """Every concrete rule, schema rules expanded per context, sorted by id."""
    import apigen.diff.rules  # noqa: F401  (registers the rules on import)

    found = dict(RULES)
    for schema in SCHEMA_RULES.values():
        contexts = schema.contexts
        if schema.on == "object":
            contexts = tuple(c for c in contexts if c.endswith("-property"))
        for context in contexts:
            direction = CONTEXTS[context]
            rid = schema.id_for(context)
            found[rid] = Rule(
                rid,
                schema.levels[direction],
                "schema",
                schema.description,
                schema.message,
                schema.check,
                direction,
            )
    return sorted(found.values(), key=lambda r: r.id)
