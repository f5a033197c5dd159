"""Pair two IRs and hand every pair to the rules that inspect that kind of pair.

Operations are matched by method and path with parameter names erased
(``/pets/{id}`` and ``/pets/{petId}`` are one operation); path parameters by
position, other parameters by location and name.  Schemas are compared
through every level (properties, items, map values, union options) in the
direction in which they are used.  Comparing two named models is memoised,
so a change in a component shared by 300 operations is computed once and
reported on each of them, and recursive models terminate.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from apigen.diff.model import Change, Level
from apigen.diff.pairs import (
    ApiPair,
    BodyPair,
    HeaderPair,
    OperationPair,
    ParameterPair,
    ResponsePair,
    SchemaPair,
    resolve_type,
)
from apigen.diff.registry import CONTEXTS, RULES, SCHEMA_RULES, Direction, Finding, SchemaRule
from apigen.ir.model import (
    AliasRef,
    Api,
    ArrayOf,
    Const,
    EnumDef,
    EnumRef,
    MapOf,
    Model,
    ModelRef,
    Operation,
    Parameter,
    Primitive,
    Source,
    TypeRef,
    UnionOf,
)

__all__ = ["compare", "operation_key"]

_PARAM = re.compile(r"\{[^}/]*\}")


def operation_key(op: Operation) -> tuple[str, str, str]:
    """How operations are matched across versions: kind, method, path without names."""
    return (op.kind, op.method, _PARAM.sub("{}", op.path))


def compare(old: Api, new: Api, *, lines: bool = False) -> list[Change]:
    """Every change from ``old`` to ``new``, most severe first.

    ``lines=True`` fills in each change's line as it is made (see
    :func:`~apigen.diff.report.fill_lines` for changes made without).
    """
    import apigen.diff.rules  # noqa: F401  (registers the rules)

    return sorted(_Engine(old, new, lines=lines).run(), key=Change.sort_key)


@dataclass(frozen=True)
class _SchemaFinding:
    rule: SchemaRule
    finding: Finding
    relpath: str
    source: Source | None


_ModelKey = tuple[str, str, str]  # (old model, new model, direction)


@dataclass
class _ModelDiff:
    """What differs inside one model pair: its own findings, and the model pairs below it."""

    own: list[_SchemaFinding]
    children: list[tuple[str, _ModelKey]]


@dataclass(frozen=True)
class _Place:
    """Where a schema is used: its context prefix, a name for messages, its sources."""

    context: str  # a key of CONTEXTS: request-parameter, request-body, response-body...
    label: str
    old_source: Source | None
    new_source: Source | None


class _Engine:
    def __init__(self, old: Api, new: Api, *, lines: bool = False) -> None:
        self.apis = ApiPair(old, new)
        #: (side, file, pointer) -> line, when lines are wanted; many changes share a place
        self._lines: dict[tuple[str, str, str], int | None] | None = {} if lines else None
        self.changes: list[Change] = []
        self._by_kind: dict[str, list[Any]] = {}
        for r in RULES.values():
            self._by_kind.setdefault(r.kind, []).append(r)
        self._type_rules = [r for r in SCHEMA_RULES.values() if r.on == "type"]
        self._object_rules = [r for r in SCHEMA_RULES.values() if r.on == "object"]
        self._models: dict[_ModelKey, _ModelDiff] = {}
        self._seen: set[_ModelKey] = set()
        self._made: dict[tuple[int, str, str, str, str], tuple[_SchemaFinding, _Made]] = {}
        self._labels: dict[int, str] = {}
        self._pending: list[
            tuple[OperationPair, _Place, Direction, list[tuple[str, _ModelKey]], set[_ModelKey]]
        ] = []

    # ------------------------------------------------------------------ driving

    def run(self) -> list[Change]:
        self._apply("api", self.apis, None)
        old_ops = {
            operation_key(o): o for o in (*self.apis.old.operations, *self.apis.old.webhooks)
        }
        new_ops = {
            operation_key(o): o for o in (*self.apis.new.operations, *self.apis.new.webhooks)
        }
        new_paths = {k[2] for k in new_ops}
        for key in [*old_ops, *(k for k in new_ops if k not in old_ops)]:
            pair = OperationPair(
                old_ops.get(key), new_ops.get(key), self.apis, path_removed=key[2] not in new_paths
            )
            self._operation(pair)
        self._report_models()
        return self.changes

    def _operation(self, pair: OperationPair) -> None:
        self._seen = set()  # model pairs already reported for this operation
        self._apply("operation", pair, pair)
        if pair.old is None or pair.new is None:
            return
        self._apply("security", pair, pair)
        for param_pair in _pair_parameters(pair):
            self._apply("parameter", param_pair, pair)
            if param_pair.old and param_pair.new:
                place = _Place(
                    "request-parameter",
                    f"{param_pair.new.location} parameter {param_pair.new.wire_name!r}",
                    param_pair.old.source,
                    param_pair.new.source,
                )
                self._schemas(pair, place, param_pair.old.type, param_pair.new.type)
        self._body(pair)
        self._responses(pair)
        self._callbacks(pair)

    def _body(self, pair: OperationPair) -> None:
        assert pair.old is not None and pair.new is not None
        body_pair = BodyPair(pair, pair.old.body, pair.new.body)
        self._apply("request-body", body_pair, pair)
        if pair.old.body is None or pair.new.body is None:
            return
        for old_media in pair.old.body.content:
            new_media = pair.new.body.media(old_media.media_type)
            if new_media is not None:
                place = _Place(
                    "request-body",
                    f"request body ({old_media.media_type})",
                    old_media.source,
                    new_media.source,
                )
                self._schemas(pair, place, old_media.type, new_media.type)

    def _responses(self, pair: OperationPair) -> None:
        assert pair.old is not None and pair.new is not None
        old = {r.status: r for r in pair.old.responses}
        new = {r.status: r for r in pair.new.responses}
        for status in [*old, *(s for s in new if s not in old)]:
            resp_pair = ResponsePair(pair, status, old.get(status), new.get(status))
            self._apply("response", resp_pair, pair)
            o, n = old.get(status), new.get(status)
            if o is None or n is None:
                continue
            new_media = {m.media_type: m for m in n.content}
            for media in o.content:
                if media.media_type in new_media:
                    place = _Place(
                        "response-body",
                        f"response {status} body ({media.media_type})",
                        media.source,
                        new_media[media.media_type].source,
                    )
                    self._schemas(pair, place, media.type, new_media[media.media_type].type)
            new_headers = {h.name.lower(): h for h in n.headers}
            old_headers = {h.name.lower(): h for h in o.headers}
            for name in [*old_headers, *(h for h in new_headers if h not in old_headers)]:
                oh, nh = old_headers.get(name), new_headers.get(name)
                self._apply("header", HeaderPair(pair, status, oh, nh), pair)
                if oh and nh:
                    place = _Place(
                        "response-header",
                        f"response {status} header {nh.name!r}",
                        oh.source,
                        nh.source,
                    )
                    self._schemas(pair, place, oh.type, nh.type)

    def _callbacks(self, pair: OperationPair) -> None:
        assert pair.old is not None and pair.new is not None
        old = {(c.name, operation_key(o)): o for c in pair.old.callbacks for o in c.operations}
        new = {(c.name, operation_key(o)): o for c in pair.new.callbacks for o in c.operations}
        for key in [*old, *(k for k in new if k not in old)]:
            self._operation(OperationPair(old.get(key), new.get(key), self.apis))

    # ------------------------------------------------------------------ rules

    def _apply(self, kind: str, pair: Any, op: OperationPair | None) -> None:
        for r in self._by_kind.get(kind, ()):
            for finding in r.check(pair):
                source = finding.fields.pop("_source", None)
                self._emit(r.id, r.level, r.format(finding.fields), op, finding.side, source, r.sdk)

    def _emit(
        self,
        rule_id: str,
        level: Level,
        message: str,
        op: OperationPair | None,
        side: str,
        source: Source | None,
        sdk: bool = False,
    ) -> None:
        operation = None
        if op is not None:
            operation = op.old if side == "base" and op.old else op.current
        if source is None and operation is not None:
            source = operation.source
        if source is None:
            source = (self.apis.old if side == "base" else self.apis.new).source
        method = path = None
        if operation is not None:
            method, path = operation.method, operation.path
            message = f"{self._label(operation)}: {message}"
        self.changes.append(
            Change(
                rule_id,
                level,
                message,
                method,
                path,
                source.pointer,
                source.file,
                self._line(side, source),
                sdk,
                "base" if side == "base" else "revision",
            )
        )

    def _line(self, side: str, source: Source) -> int | None:
        """The line of ``source`` in its side's spec (memoised), or None when not wanted."""
        if self._lines is None:
            return None
        key = (side, source.file, source.pointer)
        if key in self._lines:
            return self._lines[key]
        position = (self.apis.old if side == "base" else self.apis.new).position(source)
        line = self._lines[key] = position[0] if position else None
        return line

    def _label(self, operation: Operation) -> str:
        """``GET /pets`` (``webhook POST x`` for webhooks and callbacks), once per operation."""
        label = self._labels.get(id(operation))
        if label is None:
            label = f"{operation.method.upper()} {operation.path}"
            if operation.kind != "path":
                label = f"{operation.kind} {label}"
            self._labels[id(operation)] = label
        return label

    # ------------------------------------------------------------------ schemas

    def _schemas(self, op: OperationPair, place: _Place, old: TypeRef, new: TypeRef) -> None:
        """Report what changed at one place, each changed model once, at its shortest path.

        A model reachable along many paths (Stripe's ``customer`` inside charges,
        invoices, charges' invoices...) is reported once per operation and
        direction, where it is first met breadth first.
        """
        direction = CONTEXTS[place.context]
        if op.reversed:
            direction = "response" if direction == "request" else "request"
        children: list[tuple[str, _ModelKey]] = []
        for found in self._compare_types(old, new, direction, "", children):
            self._emit_schema(op, place, direction, found)
        if children:
            self._pending.append((op, place, direction, children, self._seen))

    def _report_models(self) -> None:
        """Second pass: walk model pairs below each place, skipping those with nothing below.

        Which model pairs have a change somewhere below them is only known once
        every operation has been compared, so reporting waits until then.
        """
        dirty = self._dirty()
        below = {
            key: [(sub, k) for sub, k in self._models[key].children if k in dirty] for key in dirty
        }
        for op, place, direction, children, seen in self._pending:
            queue = deque(c for c in children if c[1] in dirty)
            while queue:
                relpath, key = queue.popleft()
                if key in seen:
                    continue
                seen.add(key)
                for found in self._models[key].own:
                    self._emit_schema(op, place, direction, found, _join(relpath, found.relpath))
                for sub, k in below[key]:
                    if k not in seen:  # would be skipped when reached: not queued at all
                        queue.append((_join(relpath, sub), k))

    def _dirty(self) -> set[_ModelKey]:
        """Model pairs with a finding in them or anywhere below (reverse reachability)."""
        parents: dict[_ModelKey, list[_ModelKey]] = {}
        for key, model_diff in self._models.items():
            for _, child in model_diff.children:
                parents.setdefault(child, []).append(key)
        dirty = {key for key, model_diff in self._models.items() if model_diff.own}
        stack = list(dirty)
        while stack:
            for parent in parents.get(stack.pop(), ()):
                if parent not in dirty:
                    dirty.add(parent)
                    stack.append(parent)
        return dirty

    def _emit_schema(
        self,
        op: OperationPair,
        place: _Place,
        direction: Direction,
        found: _SchemaFinding,
        relpath: str | None = None,
    ) -> None:
        """Report one finding at one place; ``relpath`` (default: the finding's) leads to it.

        What the finding becomes at a place (rule id, level, message) is memoised:
        a change inside a shared model repeats at the same place in many operations.
        """
        relpath = found.relpath if relpath is None else relpath
        key = (id(found), relpath, place.context, place.label, direction)
        memo = self._made.get(key)
        if memo is None:  # the finding is kept in the value: its id stays its own
            memo = self._made[key] = (found, _describe_finding(place, direction, found, relpath))
        made = memo[1]
        if made is _SKIP:
            return
        rule_id, level, message = made
        side = found.finding.side
        source = found.source or (place.old_source if side == "base" else place.new_source)
        self._emit(rule_id, level, message, op, side, source)

    def _compare_types(
        self,
        old: TypeRef,
        new: TypeRef,
        direction: Direction,
        relpath: str,
        children: list[tuple[str, _ModelKey]],
    ) -> list[_SchemaFinding]:
        """Findings at this place; model pairs met below it go to ``children``."""
        old_r, old_null = resolve_type(self.apis.old, old)
        new_r, new_null = resolve_type(self.apis.new, new)
        found: list[_SchemaFinding] = []
        if old_null != new_null or not _same_value(old_r, new_r):
            pair = SchemaPair(old_r, new_r, old_null, new_null, self.apis, direction, relpath)
            found.extend(self._run_schema_rules(self._type_rules, pair, relpath))
        if isinstance(old_r, Model) and isinstance(new_r, Model):
            children.append((relpath, self._compare_models(old_r, new_r, direction)))
        elif isinstance(old_r, ArrayOf) and isinstance(new_r, ArrayOf):
            found += self._compare_types(
                old_r.items, new_r.items, direction, relpath + "[]", children
            )
        elif isinstance(old_r, MapOf) and isinstance(new_r, MapOf):
            found += self._compare_types(
                old_r.values, new_r.values, direction, relpath + "{}", children
            )
        elif isinstance(old_r, UnionOf) and isinstance(new_r, UnionOf):
            for o, n in _pair_options(old_r, new_r):
                found += self._compare_types(o, n, direction, relpath, children)
        return found

    def _compare_models(self, old: Model, new: Model, direction: Direction) -> _ModelKey:
        """Compare two models once (memoised); returns the key of the stored result."""
        key = (old.name, new.name, direction)
        if key in self._models:
            return key
        result = _ModelDiff([], [])
        self._models[key] = result  # stored first: a recursive model finds itself and stops
        pair = SchemaPair(old, new, False, False, self.apis, direction, "")
        result.own.extend(self._run_schema_rules(self._object_rules, pair, ""))
        new_fields = {f.wire_name: f for f in new.fields}
        hidden = "read_only" if direction == "request" else "write_only"
        for field in old.fields:
            match = new_fields.get(field.wire_name)
            if match is None or getattr(field, hidden) or getattr(match, hidden):
                continue
            sub = self._compare_types(
                field.type, match.type, direction, field.wire_name, result.children
            )
            result.own.extend(
                replace(
                    f,
                    source=f.source or (field.source if f.finding.side == "base" else match.source),
                )
                for f in sub
            )
        return key

    def _run_schema_rules(
        self, rules: list[SchemaRule], pair: SchemaPair, relpath: str
    ) -> Iterator[_SchemaFinding]:
        for r in rules:
            for finding in r.check(pair):
                yield _SchemaFinding(r, finding, relpath, finding.fields.get("_source"))


_Made = tuple[str, Level, str]
#: what a finding becomes where its rule does not apply
_SKIP: _Made = ("", Level.INFO, "")


def _describe_finding(
    place: _Place, direction: Direction, found: _SchemaFinding, relpath: str
) -> _Made:
    """(rule id, level, message) of a schema finding at a place, or ``_SKIP``."""
    rule = found.rule
    level = rule.levels.get(direction)
    if level is None:
        return _SKIP
    context = place.context
    if rule.on == "object":
        context = context.split("-", 1)[0] + "-property"
    elif _names_property(relpath) and context in ("request-body", "response-body"):
        context = context.replace("-body", "-property")
    if context not in rule.contexts:
        return _SKIP
    fields = {**found.finding.fields, "where": place.label + _describe(relpath)}
    fields.pop("_source", None)
    return rule.id_for(context), level, rule.message.format(**fields)


def _names_property(relpath: str) -> bool:
    """True when the path goes through a property, not only through items or map values."""
    return bool(relpath.replace("[]", "").replace("{}", "").replace(".", ""))


def _describe(relpath: str) -> str:
    """``[].owner.name`` -> `` property '[].owner.name'``; ``[]`` -> `` items``."""
    if not relpath:
        return ""
    if relpath in ("[]", "{}"):
        return " items" if relpath == "[]" else " values"
    return f" property {relpath!r}"


def _same_value(old: object, new: object) -> bool:
    """Equal scalars, arrays or maps cannot differ in any type rule (models always can)."""
    return not isinstance(old, (Model, EnumDef)) and old == new


def _join(base: str, sub: str) -> str:
    if not base or not sub:
        return base + sub
    return base + sub if sub.startswith(("[", "{")) else f"{base}.{sub}"


def _pair_options(old: UnionOf, new: UnionOf) -> Iterator[tuple[TypeRef, TypeRef]]:
    """Union options that are the same variant in both versions (by name, else by kind)."""
    remaining = list(new.options)
    for option in old.options:
        match = next((n for n in remaining if _same_variant(option, n)), None)
        if match is not None:
            remaining.remove(match)
            yield option, match


def variant_key(t: object) -> tuple[object, ...]:
    """What makes two union options "the same variant": a model's name, a scalar's kind..."""
    if isinstance(t, (ModelRef, Model)):
        return ("model", t.name)
    if isinstance(t, (EnumRef, EnumDef)):
        return ("enum", t.name)
    if isinstance(t, AliasRef):
        return ("alias", t.name)
    if isinstance(t, Primitive):
        return ("primitive", t.kind)
    if isinstance(t, Const):
        return ("const", repr(t.value))
    return (type(t).__name__,)


def _same_variant(a: TypeRef, b: TypeRef) -> bool:
    return variant_key(a) == variant_key(b)


def _pair_parameters(pair: OperationPair) -> list[ParameterPair]:
    """Path parameters by position; others by location and name; moves detected."""
    assert pair.old is not None and pair.new is not None
    old_path = _path_names(pair.old.path)
    new_path = _path_names(pair.new.path)

    def key(op_path: list[str], p: Parameter) -> tuple[str, str]:
        if p.location == "path" and p.wire_name in op_path:
            return ("path", str(op_path.index(p.wire_name)))
        name = p.wire_name.lower() if p.location == "header" else p.wire_name
        return (p.location, name)

    old = {key(old_path, p): p for p in pair.old.parameters}
    new = {key(new_path, p): p for p in pair.new.parameters}
    pairs = [ParameterPair(pair, p, new.get(k)) for k, p in old.items()]
    added = [p for k, p in new.items() if k not in old]
    result = []
    for pp in pairs:
        if pp.new is None and pp.old is not None:
            moved = next((a for a in added if a.wire_name == pp.old.wire_name), None)
            if moved is not None:
                added.remove(moved)
                pp = ParameterPair(pair, pp.old, moved)
        result.append(pp)
    result.extend(ParameterPair(pair, None, p) for p in added)
    return result


def _path_names(path: str) -> list[str]:
    return [m.group(0)[1:-1] for m in _PARAM.finditer(path)]
