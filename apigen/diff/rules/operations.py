"""Operations added, removed (with deprecation and sunset), deprecated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from apigen.diff.model import Level
from apigen.diff.pairs import OperationPair
from apigen.diff.registry import Finding, rule
from apigen.ir.model import Operation


def _sunset(op: Operation) -> dt.date | None:
    """``x-sunset`` (RFC 8594 style date) on the operation, if any and parseable."""
    raw = dict(op.extensions).get("x-sunset")
    if not isinstance(raw, str):
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        return None


def _removal(pair: OperationPair, whole_path: bool) -> str | None:
    """Which removal rule applies: by deprecation state and sunset date."""
    old = pair.old
    if old is None or pair.new is not None or pair.path_removed != whole_path:
        return None
    if not old.deprecated:
        return "without-deprecation"
    sunset = _sunset(old)
    if sunset is None:
        return "deprecated"
    return "after-sunset" if sunset <= dt.date.today() else "before-sunset"


def _removal_rules(prefix: str, whole_path: bool, noun: str) -> None:
    specs = [
        ("without-deprecation", Level.BREAKING, f"{noun} removed without deprecation"),
        ("before-sunset", Level.BREAKING, f"{noun} removed before its x-sunset date"),
        ("deprecated", Level.WARNING, f"deprecated {noun} removed (no x-sunset date given)"),
        ("after-sunset", Level.INFO, f"deprecated {noun} removed after its x-sunset date"),
    ]
    scope = "with its whole path" if whole_path else "its path remains"
    for state, level, message in specs:

        def check(pair: OperationPair, state: str = state) -> Iterator[Finding]:
            if _removal(pair, whole_path) == state:
                yield Finding(side="base")

        rule(
            f"{prefix}-removed-{state}",
            level,
            "operation",
            f"An operation was removed ({scope}); {state.replace('-', ' ')}.",
            message,
        )(check)


_removal_rules("api-path", True, "path")
_removal_rules("api", False, "operation")


@rule("endpoint-added", Level.INFO, "operation", "A new operation was added.", "operation added")
def endpoint_added(pair: OperationPair) -> Iterator[Finding]:
    if pair.old is None and pair.new is not None:
        yield Finding()


@rule(
    "endpoint-deprecated",
    Level.INFO,
    "operation",
    "An operation was marked deprecated.",
    "operation deprecated",
)
def endpoint_deprecated(pair: OperationPair) -> Iterator[Finding]:
    if pair.old and pair.new and not pair.old.deprecated and pair.new.deprecated:
        yield Finding()


@rule(
    "endpoint-reactivated",
    Level.INFO,
    "operation",
    "An operation that was deprecated is no longer deprecated.",
    "operation no longer deprecated",
)
def endpoint_reactivated(pair: OperationPair) -> Iterator[Finding]:
    if pair.old and pair.new and pair.old.deprecated and not pair.new.deprecated:
        yield Finding()


@rule(
    "api-description-changed",
    Level.INFO,
    "operation",
    "An operation's summary or description changed (documentation only).",
    "summary or description changed",
    bump="patch",
)
def description_changed(pair: OperationPair) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    if old and new and (old.summary, old.description) != (new.summary, new.description):
        yield Finding()
