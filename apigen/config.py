"""Generation settings: command-line options over ``[tool.apigen]`` over defaults.

A repository states its settings once, in the nearest ``pyproject.toml``::

    [tool.apigen]
    spec = "openapi.yaml"            # paths are relative to the pyproject's folder
    output = "."                     # server/, client/ and contract-tests/ go in here
    server = "fastapi"               # fastapi | flask | none
    client = true
    tests = true
    package-name = "pets_service"    # the server's package
    client-package-name = "pets_client"
    mock = false
    formatter = "ruff"               # ruff | black | none
    allow-remote-refs = false
    allow-outside-refs = false

so that ``apigen generate`` and ``apigen generate --check`` need no arguments in CI,
a Makefile or a pre-commit hook.  Unknown keys are errors: a typo must not be
silently ignored.  ``[tool.apigen.diff]`` belongs to :mod:`apigen.diff.config`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from apigen.diff.config import find_pyproject
from apigen.errors import UsageError
from apigen.render.format import Formatter
from apigen.spec.resolve import RefPolicy

__all__ = [
    "FORMATTERS",
    "SERVERS",
    "GenerateOptions",
    "Layout",
    "load_generate_options",
]

ServerChoice = Literal["fastapi", "flask", "none"]
SERVERS: tuple[ServerChoice, ...] = ("fastapi", "flask", "none")
FORMATTERS: tuple[Formatter, ...] = ("ruff", "black", "none")

# key in [tool.apigen] -> (field of GenerateOptions, expected type)
_KEYS: dict[str, tuple[str, type]] = {
    "spec": ("spec", str),
    "output": ("output", str),
    "server": ("server", str),
    "client": ("client", bool),
    "tests": ("tests", bool),
    "package-name": ("package_name", str),
    "client-package-name": ("client_package_name", str),
    "mock": ("mock", bool),
    "formatter": ("formatter", str),
    "allow-remote-refs": ("allow_remote_refs", bool),
    "allow-outside-refs": ("allow_outside_refs", bool),
}
_TABLES = frozenset({"diff"})


@dataclass(frozen=True)
class Layout:
    """Where each part goes inside the output folder (fixed: tooling and docs rely on it)."""

    server: str = "server"
    client: str = "client"
    tests: str = "contract-tests"


LAYOUT = Layout()


@dataclass(frozen=True)
class GenerateOptions:
    """Everything ``apigen generate`` needs, already merged and checked."""

    spec: Path
    output: Path
    server: ServerChoice = "fastapi"
    client: bool = True
    tests: bool = True
    package_name: str | None = None
    client_package_name: str | None = None
    mock: bool = False
    formatter: Formatter = "ruff"
    allow_remote_refs: bool = False
    allow_outside_refs: bool = False
    source: Path | None = None  # the pyproject.toml the settings came from, if any

    @property
    def policy(self) -> RefPolicy:
        return RefPolicy(self.allow_remote_refs, self.allow_outside_refs)

    @property
    def server_dir(self) -> Path:
        return self.output / LAYOUT.server

    @property
    def client_dir(self) -> Path:
        return self.output / LAYOUT.client

    @property
    def tests_dir(self) -> Path:
        return self.output / LAYOUT.tests


def load_generate_options(
    overrides: Mapping[str, Any],
    *,
    config: Path | None = None,
    start: Path | None = None,
) -> GenerateOptions:
    """Merge ``overrides`` (command-line values; ``None`` = not given) over the file's table.

    The table is ``[tool.apigen]`` of ``config`` when given, else of the nearest
    ``pyproject.toml`` above ``start`` (default: the current folder).  Paths from the
    file are relative to the file's folder; paths on the command line to the cwd.
    """
    source = config if config is not None else find_pyproject(start)
    table = _read_table(source) if source is not None else {}
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = _KEYS[key][0]
        if name in ("spec", "output") and source is not None:
            value = source.parent / value
        values[name] = value
    values.update({k: v for k, v in overrides.items() if v is not None})
    if "spec" not in values:
        raise UsageError("no spec given: pass SPEC, or set spec in [tool.apigen] of pyproject.toml")
    if "output" not in values:
        raise UsageError("no output folder: pass -o DIR, or set output in [tool.apigen]")
    return _checked(values, source if table else None)


def _read_table(path: Path) -> dict[str, Any]:
    """``[tool.apigen]`` without its sub-tables, every key and type checked."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise UsageError(f"config file not found: {path}") from None
    except OSError as exc:
        raise UsageError(f"cannot read config file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("apigen", {}) if isinstance(data.get("tool"), dict) else {}
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.apigen] must be a table")
    found: dict[str, Any] = {}
    for key, value in table.items():
        if key in _TABLES:
            continue
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise UsageError(f"{path}: [tool.apigen] has unknown key {key!r} (known: {known})")
        kind = _KEYS[key][1]
        if not isinstance(value, kind):
            raise UsageError(
                f"{path}: [tool.apigen] {key} must be a {kind.__name__}, not {value!r}"
            )
        found[key] = value
    return found


def _checked(values: dict[str, Any], source: Path | None) -> GenerateOptions:
    where = f" (in {source})" if source is not None else ""
    if values.get("server", "fastapi") not in SERVERS:
        raise UsageError(f"server must be one of {', '.join(SERVERS)}{where}")
    if values.get("formatter", "ruff") not in FORMATTERS:
        raise UsageError(f"formatter must be one of {', '.join(FORMATTERS)}{where}")
    spec, output = Path(values.pop("spec")), Path(values.pop("output"))
    if not spec.is_file():
        raise UsageError(f"spec not found: {spec}{where}")
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output} is not a folder")
    return GenerateOptions(spec=spec, output=output, source=source, **values)
