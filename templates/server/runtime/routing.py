"""Route table helpers both adapters share: path conversion and OpenAPI's matching order."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .spec import OperationSpec

__all__ = ["Route", "convert_path", "route_order", "routes"]

_TEMPLATE = re.compile(r"\{([^{}/]+)\}")


@dataclass(frozen=True, slots=True)
class Route:
    """One path template: the framework path, wire names by placeholder, and operations."""

    template: str
    framework_path: str
    wire_names: dict[str, str]
    operations: tuple[OperationSpec, ...]


def convert_path(template: str, open_: str, close: str) -> tuple[str, dict[str, str]]:
    """``/pets/{pet-id}`` -> ``/pets/<open>p0<close>`` and ``{"p0": "pet-id"}``.

    Placeholders get generated names so any wire name works, whatever the framework
    allows in its own parameter names.
    """
    names: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        key = f"p{len(names)}"
        names[key] = match.group(1)
        return f"{open_}{key}{close}"

    path = template if template.startswith("/") else "/" + template
    return _TEMPLATE.sub(replace, path), names


def route_order(template: str) -> tuple[tuple[int, ...], str]:
    """Sort key: literal segments before partly templated ones before pure templates.

    OpenAPI says concrete paths match before templated ones (``/pets/mine`` before
    ``/pets/{id}``); comparing segment by segment gives that for every depth.
    """
    weights = []
    for segment in template.strip("/").split("/"):
        if not _TEMPLATE.search(segment):
            weights.append(0)
        elif _TEMPLATE.fullmatch(segment):
            weights.append(2)
        else:
            weights.append(1)
    return tuple(weights), template


def routes(operations: Iterable[OperationSpec], open_: str, close: str) -> list[Route]:
    """Operations grouped by path template, in matching order."""
    grouped: dict[str, list[OperationSpec]] = {}
    for op in operations:
        grouped.setdefault(op.path, []).append(op)
    table = []
    for template in sorted(grouped, key=route_order):
        path, names = convert_path(template, open_, close)
        table.append(Route(template, path, names, tuple(grouped[template])))
    return table
