"""Security: requirements added to operations, scopes, schemes removed or changed."""

from __future__ import annotations

from collections.abc import Iterator

from apigen.diff.model import Level
from apigen.diff.pairs import ApiPair, OperationPair
from apigen.diff.registry import Finding, rule
from apigen.ir.model import SecurityRequirement


def _alternatives(reqs: tuple[SecurityRequirement, ...]) -> set[frozenset[str]]:
    return {frozenset(name for name, _ in r.schemes) for r in reqs}


def _scopes(reqs: tuple[SecurityRequirement, ...]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for r in reqs:
        for name, scopes in r.schemes:
            found.setdefault(name, set()).update(scopes)
    return found


@rule(
    "api-security-added",
    Level.BREAKING,
    "security",
    "An operation that was open (or accepted other credentials) now requires authentication "
    "it did not before.",
    "security requirement {scheme} added",
    direction="request",
)
def security_added(p: OperationPair) -> Iterator[Finding]:
    assert p.old is not None and p.new is not None
    old, new = _alternatives(p.old.security), _alternatives(p.new.security)
    if not new or frozenset() in new:
        return  # still callable without credentials
    if not old or frozenset() in old:
        for alt in sorted(new, key=sorted):
            yield Finding({"scheme": " + ".join(sorted(alt))})
        return
    for alt in sorted(new - old, key=sorted):
        if not any(o <= alt for o in old if o in new):
            yield Finding({"scheme": " + ".join(sorted(alt))})


@rule(
    "api-security-removed",
    Level.INFO,
    "security",
    "An operation no longer requires some authentication.",
    "security requirement {scheme} removed",
    direction="request",
)
def security_removed(p: OperationPair) -> Iterator[Finding]:
    assert p.old is not None and p.new is not None
    for alt in sorted(_alternatives(p.old.security) - _alternatives(p.new.security), key=sorted):
        if alt:
            yield Finding({"scheme": " + ".join(sorted(alt))}, side="base")


@rule(
    "api-security-scope-added",
    Level.BREAKING,
    "security",
    "An operation requires an OAuth scope that existing tokens may not have.",
    "scope {scope!r} of {scheme!r} now required",
    direction="request",
)
def scope_added(p: OperationPair) -> Iterator[Finding]:
    assert p.old is not None and p.new is not None
    old = _scopes(p.old.security)
    for scheme, scopes in sorted(_scopes(p.new.security).items()):
        if scheme in old:
            for scope in sorted(scopes - old[scheme]):
                yield Finding({"scope": scope, "scheme": scheme})


@rule(
    "api-global-security-added",
    Level.BREAKING,
    "api",
    "The document-wide security requirement now demands authentication it did not before.",
    "global security requirement {scheme} added",
    direction="request",
)
def global_added(p: ApiPair) -> Iterator[Finding]:
    old, new = _alternatives(p.old.security), _alternatives(p.new.security)
    if not new or frozenset() in new or not _applies(p):
        return
    for alt in sorted(new - old, key=sorted):
        if not old or frozenset() in old or not any(o <= alt for o in old):
            yield Finding({"scheme": " + ".join(sorted(alt))})


def _applies(p: ApiPair) -> bool:
    """Does the new global requirement change any operation? (Not when each has its own.)"""
    from apigen.diff.engine import operation_key

    old_ops = {operation_key(o): o for o in p.old.operations}
    return any(
        op.security == p.new.security
        and (before := old_ops.get(operation_key(op))) is not None
        and before.security != op.security
        for op in p.new.operations
    )


@rule(
    "api-security-scheme-removed",
    Level.BREAKING,
    "api",
    "A security scheme was removed from the components.",
    "security scheme {name!r} removed",
    direction="request",
)
def scheme_removed(p: ApiPair) -> Iterator[Finding]:
    new = {s.name for s in p.new.security_schemes}
    for scheme in p.old.security_schemes:
        if scheme.name not in new:
            yield Finding({"name": scheme.name, "_source": scheme.source}, side="base")


@rule(
    "api-security-scheme-type-changed",
    Level.BREAKING,
    "api",
    "A security scheme now works differently (type, HTTP scheme, or API key location/name).",
    "security scheme {name!r} changed from {old} to {new}",
    direction="request",
)
def scheme_changed(p: ApiPair) -> Iterator[Finding]:
    new = {s.name: s for s in p.new.security_schemes}
    for old in p.old.security_schemes:
        cur = new.get(old.name)
        if cur is None:
            continue
        before = (old.kind, old.scheme, old.location, old.parameter_name)
        after = (cur.kind, cur.scheme, cur.location, cur.parameter_name)
        if before != after:

            def show(t: tuple[str | None, ...]) -> str:
                return "/".join(x for x in t if x)

            yield Finding(
                {"name": old.name, "old": show(before), "new": show(after), "_source": cur.source}
            )
