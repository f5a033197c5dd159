"""Changes that break generated SDKs without breaking the wire: names, not behaviour.

Level ``info`` and marked ``sdk``, so teams using generated clients can fail on
them (``--fail-on`` plus a level override in the configuration).
"""

from __future__ import annotations

from collections.abc import Iterator

from apigen.diff.model import Level
from apigen.diff.pairs import ApiPair, OperationPair
from apigen.diff.registry import Finding, rule


@rule(
    "operation-id-changed",
    Level.INFO,
    "operation",
    "The operationId changed: generated method names change.",
    "operationId changed from {old!r} to {new!r}",
    sdk=True,
)
def operation_id_changed(p: OperationPair) -> Iterator[Finding]:
    if p.old and p.new and not (p.old.derived_id and p.new.derived_id) and p.old.id != p.new.id:
        yield Finding({"old": p.old.id, "new": p.new.id})


@rule(
    "api-tag-changed",
    Level.INFO,
    "operation",
    "An operation's tags changed: it moves to another group in generated clients.",
    "tags changed from {old} to {new}",
    sdk=True,
)
def tags_changed(p: OperationPair) -> Iterator[Finding]:
    if p.old and p.new and p.old.tags != p.new.tags:
        yield Finding({"old": list(p.old.tags), "new": list(p.new.tags)})


@rule(
    "schema-renamed",
    Level.INFO,
    "api",
    "A component schema was renamed (same content): generated class names change.",
    "schema {old!r} renamed to {new!r}",
    sdk=True,
)
def schema_renamed(p: ApiPair) -> Iterator[Finding]:
    old_named = {m.schema_name: m for m in p.old.models if m.schema_name}
    new_named = {m.schema_name: m for m in p.new.models if m.schema_name}
    gone = [m for name, m in old_named.items() if name not in new_named]
    fresh = [m for name, m in new_named.items() if name not in old_named]
    for old in gone:
        shape = _shape(old)
        match = next((m for m in fresh if _shape(m) == shape), None)
        if match is not None:
            fresh.remove(match)
            yield Finding(
                {"old": old.schema_name, "new": match.schema_name, "_source": match.source}
            )


def _shape(model: object) -> object:
    from apigen.ir.model import Model

    assert isinstance(model, Model)
    # Inline types take their names from the model's, so compare their kinds, not names.
    return tuple((f.wire_name, f.required, type(f.type).__name__) for f in model.fields)
