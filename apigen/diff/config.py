"""Diff configuration: per-rule levels, accepted changes (ignores), the default ``fail-on``.

Read from ``[tool.apigen.diff]`` in the nearest ``pyproject.toml`` (searching
upward from the current directory; the nearest one wins even without that
table), or from ``--config FILE``: a TOML file with the same keys at its top
level or under ``[tool.apigen.diff]``::

    [tool.apigen.diff]
    fail-on = "breaking"                     # breaking | warning | never
    levels = { "api-tag-changed" = "warning", "response-optional-property-removed" = "info" }

    [[tool.apigen.diff.ignore]]
    rule = "request-parameter-became-required"
    operation = "GET /loans"                 # optional: METHOD /path, or /path for every method
    reason = "memberId was always enforced by the server"
    until = 2027-01-31                       # optional: the ignore lapses after this day

Every rule id is checked against the registry: a typo is an error, not a
silently ignored line.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast

from apigen.diff.model import Change, Level
from apigen.errors import UsageError

__all__ = [
    "FAIL_ON",
    "AppliedConfig",
    "DiffConfig",
    "FailOn",
    "Ignore",
    "apply_config",
    "find_pyproject",
    "load_config",
    "parse_config",
]

FailOn = Literal["breaking", "warning", "never"]
FAIL_ON: tuple[FailOn, ...] = ("breaking", "warning", "never")
KEYS = ("levels", "ignore", "fail-on")
IGNORE_KEYS = ("rule", "operation", "reason", "until")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
_PARAM = re.compile(r"\{[^}/]*\}")


@dataclass(frozen=True)
class Ignore:
    """One accepted change: a rule, optionally on one operation, with a reason and a deadline."""

    rule: str
    reason: str
    #: the operation as written in the config, or None for every operation
    operation: str | None = None
    until: datetime.date | None = None

    @property
    def _method_path(self) -> tuple[str | None, str] | None:
        if self.operation is None:
            return None
        method, _, path = self.operation.strip().partition(" ")
        if not path:  # "/pets/{id}": every method
            return None, _normal_path(method)
        return method.lower(), _normal_path(path.strip())

    def expired(self, today: datetime.date) -> bool:
        return self.until is not None and today > self.until

    def matches(self, change: Change) -> bool:
        if change.id != self.rule:
            return False
        target = self._method_path
        if target is None:
            return True
        method, path = target
        if change.path is None or _normal_path(change.path) != path:
            return False
        return method is None or (change.method or "").lower() == method

    def describe(self) -> str:
        where = f" on {self.operation}" if self.operation else ""
        return f"{self.rule}{where}"


def _normal_path(path: str) -> str:
    """Path parameters may be written with any names: ``/pets/{id}`` == ``/pets/{petId}``."""
    return _PARAM.sub("{}", path.rstrip("/") or "/")


@dataclass(frozen=True)
class DiffConfig:
    levels: Mapping[str, Level] = field(default_factory=dict)
    ignore: tuple[Ignore, ...] = ()
    fail_on: FailOn | None = None
    #: the file it came from (None: built-in defaults)
    source: Path | None = None


@dataclass(frozen=True)
class AppliedConfig:
    """Changes after levels and ignores, plus what the user should hear about."""

    changes: list[Change]
    ignored: list[tuple[Change, Ignore]]
    #: one-line warnings: expired ignores
    notes: list[str]


def apply_config(
    changes: Iterable[Change], config: DiffConfig, today: datetime.date | None = None
) -> AppliedConfig:
    """Drop ignored changes, re-level the rest; the result stays sorted most severe first."""
    today = today or datetime.date.today()
    active = [i for i in config.ignore if not i.expired(today)]
    notes = [
        f"ignore of {i.describe()} expired on {i.until} and no longer applies ({i.reason})"
        for i in config.ignore
        if i.expired(today)
    ]
    if not active and not config.levels:  # the usual case: nothing to do per change
        return AppliedConfig(sorted(changes, key=Change.sort_key), [], notes)
    kept: list[Change] = []
    ignored: list[tuple[Change, Ignore]] = []
    for change in changes:
        match = next((i for i in active if i.matches(change)), None)
        if match is not None:
            ignored.append((change, match))
            continue
        level = config.levels.get(change.id)
        kept.append(
            change if level is None or level == change.level else replace(change, level=level)
        )
    kept.sort(key=Change.sort_key)
    return AppliedConfig(kept, ignored, notes)


# --------------------------------------------------------------------------- loading


def find_pyproject(start: Path | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` in ``start`` (default: the cwd) or above it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> DiffConfig:
    """``--config FILE`` when given, else ``[tool.apigen.diff]`` of the nearest pyproject.toml."""
    if path is not None:
        data = _read_toml(path)
        table = _tool_table(data, path)
        if table is None:  # the keys at the top level (a [tool] table for others is fine)
            table = {k: v for k, v in data.items() if k != "tool"}
        return parse_config(table, path)
    found = find_pyproject(start)
    if found is None:
        return DiffConfig()
    table = _tool_table(_read_toml(found), found)
    return parse_config(table, found) if table is not None else DiffConfig()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise UsageError(f"config file not found: {path}") from None
    except OSError as exc:
        raise UsageError(f"cannot read config file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None


def _tool_table(data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    node: Any = data
    for key in ("tool", "apigen", "diff"):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    if not isinstance(node, dict):
        raise UsageError(f"{path}: [tool.apigen.diff] must be a table")
    return cast(dict[str, Any], node)


def parse_config(table: Mapping[str, Any], path: Path | None = None) -> DiffConfig:
    """Check and convert one config table; any fault is a :class:`UsageError` naming it."""
    where = str(path) if path else "config"

    def fail(message: str) -> UsageError:
        return UsageError(f"{where}: {message}")

    known = _rule_ids()
    unknown = [k for k in table if k not in KEYS]
    if unknown:
        hint = " (did you mean 'fail-on'?)" if "fail_on" in unknown else ""
        raise fail(f"unknown key {unknown[0]!r}{hint}; expected one of {', '.join(KEYS)}")

    levels_raw = table.get("levels", {})
    if not isinstance(levels_raw, dict):
        raise fail("'levels' must be a table of rule id = level")
    levels: dict[str, Level] = {}
    for rule_id, value in levels_raw.items():
        if rule_id not in known:
            raise fail(f"levels: unknown rule id {rule_id!r} (see `apigen rules`)")
        try:
            levels[rule_id] = Level.parse(str(value))
        except ValueError as exc:
            raise fail(f"levels: {rule_id}: {exc}") from None

    ignore_raw = table.get("ignore", [])
    if not isinstance(ignore_raw, list):
        raise fail("'ignore' must be an array of tables ([[tool.apigen.diff.ignore]])")
    ignores = tuple(_parse_ignore(n, entry, known, fail) for n, entry in enumerate(ignore_raw))

    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise fail(f"fail-on: expected one of {', '.join(FAIL_ON)}, got {fail_on!r}")
    return DiffConfig(levels, ignores, cast("FailOn | None", fail_on), path)


def _parse_ignore(
    n: int, entry: object, known: set[str], fail: Callable[[str], UsageError]
) -> Ignore:
    label = f"ignore[{n}]"
    if not isinstance(entry, dict):
        raise fail(f"{label}: expected a table with rule, reason and optionally operation, until")
    extra = [k for k in entry if k not in IGNORE_KEYS]
    if extra:
        raise fail(f"{label}: unknown key {extra[0]!r}; expected {', '.join(IGNORE_KEYS)}")
    rule = entry.get("rule")
    if not isinstance(rule, str) or not rule:
        raise fail(f"{label}: 'rule' (a rule id) is required")
    if rule not in known:
        raise fail(f"{label}: unknown rule id {rule!r} (see `apigen rules`)")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise fail(f"{label} ({rule}): 'reason' is required: say why this change is accepted")
    operation = entry.get("operation")
    if operation is not None:
        if not isinstance(operation, str) or not operation.strip():
            raise fail(f"{label} ({rule}): 'operation' must be a string like 'GET /pets/{{id}}'")
        method, _, rest = operation.strip().partition(" ")
        path = rest.strip() if rest else method
        if rest and method.lower() not in HTTP_METHODS:
            raise fail(f"{label} ({rule}): unknown HTTP method {method!r} in {operation!r}")
        if not path.startswith("/"):
            raise fail(f"{label} ({rule}): operation {operation!r}: expected 'METHOD /path'")
    until = entry.get("until")
    if isinstance(until, str):
        try:
            until = datetime.date.fromisoformat(until)
        except ValueError:
            raise fail(f"{label} ({rule}): until: expected a date like 2027-01-31") from None
    if isinstance(until, datetime.datetime):
        until = until.date()
    if until is not None and not isinstance(until, datetime.date):
        raise fail(f"{label} ({rule}): until: expected a date like 2027-01-31")
    return Ignore(rule, reason.strip(), operation.strip() if operation else None, until)


def _rule_ids() -> set[str]:
    from apigen.diff.registry import all_rules

    return {r.id for r in all_rules()}
