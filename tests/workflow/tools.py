"""Helpers of the workflow tests: run apigen as a user does, in a project ``apigen new`` made.

Every command runs from the project's folder, so ``[tool.apigen]`` is found the way a
developer's shell, the Makefile, pre-commit and CI find it: through the console entry point
in this process (fast), or in a fresh interpreter where the process itself matters (the
session's ``apigen new demo``, the Makefile's own runs with this venv's interpreter).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
#: Environment of every command: no APIGEN_*/PYTEST_* of the caller, no colours.
ENV = {k: v for k, v in os.environ.items() if not k.startswith(("APIGEN_", "PYTEST_"))}
ENV.update({"NO_COLOR": "1", "PYTHONPATH": str(ROOT)})


def apigen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``apigen ARGS`` in ``cwd``, run in this process through the console entry point.

    The same code path as the installed command (:func:`apigen.cli.main`: exit codes, one-line
    errors), without an interpreter start per call; :func:`apigen_process` runs a real one.
    """
    from apigen.cli import main

    out, err = io.StringIO(), io.StringIO()
    code: int | str | None = 0
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main(list(args))
    except SystemExit as exc:
        code = exc.code
    finally:
        os.chdir(previous)
    status = code if isinstance(code, int) else (0 if code is None else 1)
    return subprocess.CompletedProcess(["apigen", *args], status, out.getvalue(), err.getvalue())


def apigen_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m apigen ARGS`` in a fresh interpreter in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "apigen", *args],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def make(target: str, project: Path, *variables: str) -> subprocess.CompletedProcess[str]:
    """``make TARGET`` in the project, with this venv's Python and apigen."""
    tools = [f"PYTHON={sys.executable}", f"APIGEN={sys.executable} -m apigen"]
    return subprocess.run(
        ["make", "--no-print-directory", target, *tools, *variables],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def has_make() -> bool:
    return shutil.which("make") is not None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (POSIX relative path -> bytes), caches left out."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".pytest_cache" not in p.parts
    }


def edit_spec(path: Path, change: str) -> None:
    """Change the starter contract as a developer would (one named edit)."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = spec["paths"]["/items"]
    if change == "remove-delete":  # breaking: an operation disappears
        del spec["paths"]["/items/{itemId}"]["delete"]
    elif change == "require-limit":  # breaking: a parameter becomes required
        items["get"]["parameters"][0]["required"] = True
    elif change == "add-optional-query":  # not breaking: a new optional filter
        items["get"]["parameters"].append(
            {"name": "tag", "in": "query", "description": "Only items with this tag.",
             "schema": {"type": "string"}}
        )  # fmt: skip
    else:
        raise ValueError(change)
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")


def new(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``apigen new ARGS`` in ``cwd``."""
    return apigen("new", *args, cwd=cwd)
