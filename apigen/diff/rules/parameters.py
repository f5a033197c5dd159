"""Request parameters: added, removed, required, moved, serialised differently."""

from __future__ import annotations

from collections.abc import Iterator

from apigen.diff.model import Level
from apigen.diff.pairs import ParameterPair
from apigen.diff.registry import Finding, rule


def _name(p: ParameterPair) -> dict[str, object]:
    param = p.new or p.old
    assert param is not None
    return {"name": param.wire_name, "location": param.location, "_source": param.source}


@rule(
    "new-required-request-parameter",
    Level.BREAKING,
    "parameter",
    "A required parameter was added: existing calls do not send it.",
    "new required {location} parameter {name!r}",
    direction="request",
)
def new_required(p: ParameterPair) -> Iterator[Finding]:
    if p.old is None and p.new is not None and p.new.required:
        yield Finding(_name(p))


@rule(
    "new-optional-request-parameter",
    Level.INFO,
    "parameter",
    "An optional parameter was added.",
    "new optional {location} parameter {name!r}",
    direction="request",
)
def new_optional(p: ParameterPair) -> Iterator[Finding]:
    if p.old is None and p.new is not None and not p.new.required:
        yield Finding(_name(p))


@rule(
    "request-parameter-removed",
    Level.WARNING,
    "parameter",
    "A parameter was removed: clients still sending it may be rejected or ignored.",
    "{location} parameter {name!r} removed",
    direction="request",
)
def removed(p: ParameterPair) -> Iterator[Finding]:
    if p.old is not None and p.new is None:
        yield Finding(_name(p), side="base")


@rule(
    "request-parameter-became-required",
    Level.BREAKING,
    "parameter",
    "An optional parameter became required.",
    "{location} parameter {name!r} became required",
    direction="request",
)
def became_required(p: ParameterPair) -> Iterator[Finding]:
    if p.old and p.new and not p.old.required and p.new.required:
        yield Finding(_name(p))


@rule(
    "request-parameter-became-optional",
    Level.INFO,
    "parameter",
    "A required parameter became optional.",
    "{location} parameter {name!r} became optional",
    direction="request",
)
def became_optional(p: ParameterPair) -> Iterator[Finding]:
    if p.old and p.new and p.old.required and not p.new.required:
        yield Finding(_name(p))


@rule(
    "request-parameter-location-changed",
    Level.BREAKING,
    "parameter",
    "A parameter moved (e.g. from query to header): clients send it in the old place.",
    "parameter {name!r} moved from {old} to {new}",
    direction="request",
)
def location_changed(p: ParameterPair) -> Iterator[Finding]:
    if p.old and p.new and p.old.location != p.new.location:
        yield Finding({**_name(p), "old": p.old.location, "new": p.new.location})


@rule(
    "request-parameter-style-changed",
    Level.BREAKING,
    "parameter",
    "A parameter's serialisation style or explode flag changed.",
    "{location} parameter {name!r} serialisation changed from {old} to {new}",
    direction="request",
)
def style_changed(p: ParameterPair) -> Iterator[Finding]:
    if (
        p.old
        and p.new
        and p.old.location == p.new.location
        and (p.old.style, p.old.explode) != (p.new.style, p.new.explode)
    ):
        old = f"style={p.old.style} explode={str(p.old.explode).lower()}"
        new = f"style={p.new.style} explode={str(p.new.explode).lower()}"
        yield Finding({**_name(p), "old": old, "new": new})


@rule(
    "request-parameter-default-value-changed",
    Level.BREAKING,
    "parameter",
    "A parameter's default changed: calls that omit it now mean something else.",
    "{location} parameter {name!r} default changed from {old!r} to {new!r}",
    direction="request",
)
def default_changed(p: ParameterPair) -> Iterator[Finding]:
    if (
        p.old
        and p.new
        and (p.old.has_default or p.new.has_default)
        and (p.old.has_default, p.old.default) != (p.new.has_default, p.new.default)
    ):
        yield Finding(
            {
                **_name(p),
                "old": p.old.default if p.old.has_default else None,
                "new": p.new.default if p.new.has_default else None,
            }
        )


@rule(
    "request-parameter-deprecated",
    Level.INFO,
    "parameter",
    "A parameter was deprecated.",
    "{location} parameter {name!r} deprecated",
    direction="request",
)
def deprecated(p: ParameterPair) -> Iterator[Finding]:
    if p.old and p.new and not p.old.deprecated and p.new.deprecated:
        yield Finding(_name(p))
