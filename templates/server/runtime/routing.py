"""Route table helpers both adapters share: path conversion and OpenAPI's matching order."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from .spec import OperationSpec

__all__ = [
    "PathMatcher",
    "Route",
    "convert_path",
    "encoded_slash_segments",
    "route_order",
    "routes",
]

_TEMPLATE = re.compile(r"\{([^{}/]+)\}")


@dataclass(frozen=True, slots=True)
class Route:
    """One framework path and the operations it serves.

    ``wire_names[i]`` maps the generated placeholder names back to the wire names of
    ``operations[i]``: specs that (against the rules) name the same path parameter
    differently per method still share one route.
    """

    template: str
    framework_path: str
    operations: tuple[OperationSpec, ...]
    wire_names: tuple[dict[str, str], ...]

    def names_of(self, op: OperationSpec) -> dict[str, str]:
        """Placeholder -> wire name for one of this route's operations."""
        for candidate, names in zip(self.operations, self.wire_names, strict=True):
            if candidate is op:
                return names
        return {}


def convert_path(
    template: str, open_: str, close: str, literal: Callable[[str], str] | None = None
) -> tuple[str, dict[str, str]]:
    """``/pets/{pet-id}`` -> ``/pets/<open>p0<close>`` and ``{"p0": "pet-id"}``.

    Placeholders get generated names so any wire name works, whatever the framework
    allows in its own parameter names.  ``literal`` rewrites each run of literal text
    within a segment (the framework's escape for characters its rule syntax reserves).
    """
    names: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        key = f"p{len(names)}"
        names[key] = match.group(1)
        return f"{open_}{key}{close}"

    path = template if template.startswith("/") else "/" + template
    if literal is None:
        return _TEMPLATE.sub(replace, path), names
    out: list[str] = []
    for segment in path.split("/"):
        pieces: list[str] = []
        start = 0
        for match in _TEMPLATE.finditer(segment):
            if match.start() > start:
                pieces.append(literal(segment[start : match.start()]))
            pieces.append(replace(match))
            start = match.end()
        if start < len(segment):
            pieces.append(literal(segment[start:]))
        out.append("".join(pieces))
    return "/".join(out), names


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


def routes(
    operations: Iterable[OperationSpec],
    open_: str,
    close: str,
    literal: Callable[[str], str] | None = None,
) -> list[Route]:
    """Operations grouped by framework path, in matching order (``literal``: see
    :func:`convert_path`)."""
    grouped: dict[str, list[tuple[OperationSpec, dict[str, str]]]] = {}
    templates: dict[str, str] = {}
    for op in operations:
        path, names = convert_path(op.path, open_, close, literal)
        grouped.setdefault(path, []).append((op, names))
        templates.setdefault(path, op.path)
    table = []
    for path in sorted(grouped, key=lambda p: route_order(templates[p])):
        ops = tuple(op for op, _ in grouped[path])
        table.append(Route(templates[path], path, ops, tuple(n for _, n in grouped[path])))
    return table


class _Node:
    """One path segment level of :class:`PathMatcher`'s tree."""

    __slots__ = ("literal", "mixed", "params", "route")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        self.mixed: dict[str, tuple[re.Pattern[str] | None, _Node]] = {}
        self.params: dict[str, _Node] = {}
        self.route: Route | None = None


_PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")


class PathMatcher:
    """The route of a request path, found segment by segment (``{name}`` placeholders).

    Frameworks compile one regular expression per route; for thousands of routes that is
    most of an app's start-up time.  Here a tree of segments is built instead: literal
    segments are dictionary lookups, whole-segment placeholders take any non-empty
    segment, and only segments mixing text and placeholders (``{id}.json``) use a regex,
    compiled on first use.  At each level literal segments are tried first, then mixed,
    then placeholders, backtracking on a dead end: OpenAPI's "concrete before templated".
    """

    def __init__(self, table: Iterable[Route]) -> None:
        self._root = _Node()
        for route in table:
            node = self._root
            for segment in route.framework_path.split("/")[1:]:
                node = self._child(node, segment)
            if node.route is None:
                node.route = route

    @staticmethod
    def _child(node: _Node, segment: str) -> _Node:
        whole = _PLACEHOLDER.fullmatch(segment)
        if whole:
            return node.params.setdefault(whole.group(1), _Node())
        if "{" not in segment:
            return node.literal.setdefault(segment, _Node())
        if segment not in node.mixed:
            node.mixed[segment] = (None, _Node())
        return node.mixed[segment][1]

    def match(self, path: str) -> tuple[Route, dict[str, str]] | None:
        """The route serving ``path`` (decoded, starting with ``/``) and its parameters."""
        if not path.startswith("/"):
            return None
        return self._match(path.split("/")[1:])

    def match_encoded(self, segments: list[str]) -> tuple[Route, dict[str, str]] | None:
        """The route of a path given as decoded segments (:func:`encoded_slash_segments`).

        A segment may hold slashes here, so a ``.`` or ``..`` piece in one would reach a
        handler as a path that climbs (``..%2F..%2Fetc``); such paths name no route.
        """
        for segment in segments:
            if any(piece in (".", "..") for piece in segment.split("/")):
                return None
        return self._match(segments)

    def _match(self, segments: list[str]) -> tuple[Route, dict[str, str]] | None:
        params: dict[str, str] = {}
        route = self._walk(self._root, segments, 0, params)
        return None if route is None else (route, params)

    def _walk(
        self, node: _Node, segments: list[str], index: int, params: dict[str, str]
    ) -> Route | None:
        if index == len(segments):
            return node.route
        segment = segments[index]
        child = node.literal.get(segment)
        if child is not None:
            found = self._walk(child, segments, index + 1, params)
            if found is not None:
                return found
        for template in sorted(node.mixed) if node.mixed else ():
            pattern, child = node.mixed[template]
            if pattern is None:
                pattern = _segment_pattern(template)
                node.mixed[template] = (pattern, child)
            matched = pattern.fullmatch(segment)
            if matched is None:
                continue
            found = self._walk(child, segments, index + 1, params)
            if found is not None:
                params.update(matched.groupdict())
                return found
        if segment:
            for name, child in node.params.items():
                found = self._walk(child, segments, index + 1, params)
                if found is not None:
                    params[name] = segment
                    return found
        return None


def _segment_pattern(template: str) -> re.Pattern[str]:
    """``{p0}.json`` -> a regex with one named group per placeholder.

    A group takes any text (``.+``, newlines too): a decoded path's segments hold no
    slash, and an encoded slash's segments may (:func:`encoded_slash_segments`).
    """
    out = []
    start = 0
    for match in _PLACEHOLDER.finditer(template):
        out.append(re.escape(template[start : match.start()]))
        out.append(f"(?P<{match.group(1)}>.+)")
        start = match.end()
    out.append(re.escape(template[start:]))
    return re.compile("".join(out), re.DOTALL)


_ENCODED_SLASH = re.compile(rb"%2f", re.IGNORECASE)


def encoded_slash_segments(raw_path: bytes, path: str, prefix: str = "") -> list[str] | None:
    """The request path's segments after ``prefix``, each decoded once from ``raw_path``.

    Servers decode the path before the app routes it, so ``/refs/heads%2Fmain`` arrives as
    ``/refs/heads/main``: one segment too many for ``/refs/{ref}``, whose value is one
    segment (``simple`` style).  The raw path (as received, query string cut off) still
    tells the two apart: split at its real slashes, every segment decoded on its own, a
    ``%2F`` is a slash inside a value, and a ``%252F`` stays ``%2F`` (decoded once).

    ``path`` is the server's decoded path, ``prefix`` its mount point (ASGI ``root_path``,
    WSGI ``SCRIPT_NAME``), both included in ``raw_path``.  None (route ``path`` as
    usual) when the raw path holds no encoded slash, or when it does not decode to
    ``path``: a proxy or middleware rewrote the path, the raw one is stale.  A ``path``
    that differs by a trailing slash only is Starlette probing for a redirect: the raw
    segments still decide, or it would redirect to the decoded path, ``%2F`` lost.
    """
    raw_path = raw_path.partition(b"?")[0]
    if _ENCODED_SLASH.search(raw_path) is None or not raw_path.startswith(b"/"):
        return None
    decoded = [unquote_to_bytes(part).decode("utf-8", "replace") for part in raw_path.split(b"/")]
    joined = "/".join(decoded)
    if path not in (joined, joined + "/") and path + "/" != joined:
        return None
    prefix = prefix.rstrip("/")
    if prefix and path.startswith(prefix + "/"):
        skip = prefix.count("/")
        if "/".join(decoded[: skip + 1]) != prefix:
            return None  # the mount point holds an encoded slash itself
        return decoded[skip + 1 :]
    return decoded[1:]
