"""The pairs the engine hands to rules: an old and a new version of one thing.

Either side may be None (added or removed).  Pairs carry both APIs so a rule
can look up named types, and the operation they belong to so a message can
name it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from apigen.diff.registry import Direction
from apigen.ir.model import (
    AliasRef,
    Api,
    Body,
    EnumDef,
    EnumRef,
    Header,
    Model,
    ModelRef,
    Nullable,
    Operation,
    Parameter,
    Response,
    TypeRef,
)

__all__ = [
    "ApiPair",
    "BodyPair",
    "HeaderPair",
    "OperationPair",
    "ParameterPair",
    "ResponsePair",
    "SchemaPair",
    "resolve_type",
]


@dataclass(frozen=True)
class ApiPair:
    old: Api
    new: Api


@dataclass(frozen=True)
class OperationPair:
    old: Operation | None
    new: Operation | None
    apis: ApiPair
    #: True when the whole path (every method on it) is gone, not just this operation.
    path_removed: bool = False

    @property
    def current(self) -> Operation:
        """The revision's operation, or the base's for a removal."""
        found = self.new or self.old
        assert found is not None
        return found

    @property
    def reversed(self) -> bool:
        """Webhooks and callbacks: the API is the client, so directions flip."""
        return self.current.kind != "path"


@dataclass(frozen=True)
class ParameterPair:
    op: OperationPair
    old: Parameter | None
    new: Parameter | None


@dataclass(frozen=True)
class BodyPair:
    op: OperationPair
    old: Body | None
    new: Body | None


@dataclass(frozen=True)
class ResponsePair:
    op: OperationPair
    status: str
    old: Response | None
    new: Response | None


@dataclass(frozen=True)
class HeaderPair:
    op: OperationPair
    status: str
    old: Header | None
    new: Header | None


Resolved = TypeRef | Model | EnumDef


def resolve_type(api: Api, type_: TypeRef) -> tuple[Resolved, bool]:
    """Strip nullability and follow named references to what they stand for."""
    nullable = False
    seen: set[str] = set()
    current: TypeRef = type_
    while True:
        if isinstance(current, Nullable):
            nullable, current = True, current.inner
        elif isinstance(current, AliasRef) and current.name not in seen:
            seen.add(current.name)
            current = api.alias(current.name).type
        elif isinstance(current, ModelRef):
            return api.model(current.name), nullable
        elif isinstance(current, EnumRef):
            return api.enum(current.name), nullable
        else:
            return current, nullable


@dataclass(frozen=True)
class SchemaPair:
    """Two schemas at the same place, resolved; ``where`` names the place for messages."""

    old: Resolved
    new: Resolved
    old_nullable: bool
    new_nullable: bool
    apis: ApiPair
    direction: Direction
    where: str
    level: Literal["top", "nested"] = "top"
