"""What every client test needs: import a generated package, lint it, type-check it.

One place for the exact ruff and mypy invocations, so the example e2e tests, the golden
snapshots and the corpus run agree on what "the generated code is clean" means.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

#: pyflakes, pycodestyle, isort and bugbear: ruff's classic set (0.17's default set also
#: enables opinionated stubs/pyupgrade rules that generated code need not follow).
RUFF_ARGS = ("--isolated", "--select", "E,F,W,I,B", "--ignore", "E501", "--line-length", "100")


@contextmanager
def imported(root: Path, package: str) -> Iterator[ModuleType]:
    """Import ``package`` from the generated project in ``root``; forget it afterwards."""
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]


def ruff_problems(*paths: Path) -> str | None:
    """``ruff check`` output for generated trees, or None when they are clean."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *RUFF_ARGS, *map(str, paths)],
        capture_output=True,
        text=True,
    )
    return None if result.returncode == 0 else result.stdout + result.stderr


def mypy_problems(
    packages: Sequence[str], roots: Sequence[Path], cwd: Path, timeout: float = 600
) -> str | None:
    """``mypy --strict`` output for generated packages found under ``roots``, or None.

    Several projects are checked in one run (their package names differ): the cost of a run
    is mostly analysing pydantic and httpx, which is then paid once.
    """
    args = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    for package in packages:
        args += ["-p", package]
    env = {**os.environ, "MYPYPATH": os.pathsep.join(map(str, roots))}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return None if result.returncode == 0 else result.stdout[-4000:] + result.stderr[-1000:]
