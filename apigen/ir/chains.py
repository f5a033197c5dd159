"""Long chains of references, and where to cut them so that nothing recurses too deep.

A chain A0 -> A1 -> ... -> A999 (of schema definitions, or of the named types made from
them) is walked recursively by three consumers: the schema converter (apigen.ir.schemas),
Python's import system (each generated model module imports the ones it refers to) and
pydantic (it builds a model's validator with those of every model it refers to not built
yet).  Each spends several frames per link, and Python's stack ends at 1,000 frames.

All three are fixed the same way: a node's height is its longest chain of references below
(cycles cut); a reference that drops to a lower multiple of :data:`CHAIN_BOUND` lands on a
node that is processed first, lowest first.  Processing anything afterwards then passes at
most :data:`CHAIN_BOUND` unprocessed nodes in a row.  Graphs whose chains are shorter have
no landings, so ordinary specs are processed exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterator

from apigen.ir.model import (
    AliasRef,
    AnyValue,
    Api,
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

__all__ = ["CHAIN_BOUND", "BuildOrder", "landings", "postorder_heights", "type_names"]

#: How many unprocessed nodes a walk may pass through in a row: a schema conversion, a
#: module import and a pydantic build each take under ten frames per link.
CHAIN_BOUND = 25

Graph = dict[str, list[str]]


def postorder_heights(graph: Graph) -> tuple[list[str], dict[str, int]]:
    """Depth-first post-order of ``graph`` (children before parents) and each node's height:
    the longest path below it, edges back to a node on the current path left out.  An
    explicit stack: the graphs in question are the ones too deep to recurse on."""
    height: dict[str, int] = {}
    order: list[str] = []
    on_path: set[str] = set()
    for start in graph:
        if start in height:
            continue
        stack = [(start, iter(graph[start]))]
        on_path.add(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                on_path.discard(node)
                below = [height[c] for c in graph[node] if c in height]
                height[node] = 1 + max(below) if below else 0
                order.append(node)
            elif child not in height and child not in on_path:
                on_path.add(child)
                stack.append((child, iter(graph[child])))
    return order, height


def landings(graph: Graph) -> list[str]:
    """The nodes to process first, in post-order (each after every landing below it)."""
    return _landings(graph, *postorder_heights(graph))


def _landings(graph: Graph, order: list[str], height: dict[str, int]) -> list[str]:
    band = {node: height[node] // CHAIN_BOUND for node in order}
    landing = {v for u in order for v in graph[u] if band[v] < band[u]}
    return [node for node in order if node in landing]


def type_names(t: TypeRef) -> Iterator[str]:
    """The named types (models, enums, aliases) a type refers to directly."""
    stack = [t]
    while stack:
        current = stack.pop()
        if isinstance(current, (ModelRef, EnumRef, AliasRef)):
            yield current.name
        elif isinstance(current, ArrayOf):
            stack.append(current.items)
        elif isinstance(current, MapOf):
            stack.append(current.values)
        elif isinstance(current, Nullable):
            stack.append(current.inner)
        elif isinstance(current, UnionOf):
            stack.extend(reversed(current.options))
        else:
            assert isinstance(current, (Primitive, Const, AnyValue))


def _leaf(t: TypeRef) -> bool:
    """A type that names nothing, told apart without a generator (most fields are scalars)."""
    return isinstance(t, (Primitive, Const, AnyValue)) or (
        isinstance(t, Nullable) and isinstance(t.inner, (Primitive, Const, AnyValue))
    )


class BuildOrder:
    """Which named types of an API to build first, tail first, before using any.

    Generated models import and build what they refer to on first use, recursively, so a
    chain longer than Python's stack allows fails when its head is used first.  Building
    the landings of the chain (lowest first) beforehand keeps every step short.
    """

    def __init__(self, api: Api) -> None:
        graph: Graph = {}
        for model in api.models:
            refs = [n for f in model.fields if not _leaf(f.type) for n in type_names(f.type)]
            if model.additional is not None:
                refs += type_names(model.additional)
            graph[model.name] = [*model.all_of, *refs]
        for alias in api.aliases:
            graph[alias.name] = list(type_names(alias.type))
        for enum in api.enums:
            graph[enum.name] = []
        order, height = postorder_heights(graph)
        found = _landings(graph, order, height)
        #: The landings of the whole API, in the order to build them (usually none).
        self.landings = tuple(found)
        #: The longest chain of references (cycles cut): GitHub's is 9, Stripe's 28.
        self.tallest = max(height.values(), default=0)
