"""Helpers of the workflow tests: run apigen as a user does, in a project ``apigen new`` made.

Every command runs in a fresh interpreter (``python -m apigen``), from the project's folder,
so ``[tool.apigen]`` is found the way a developer's shell, the Makefile, pre-commit and CI
find it.  ``make`` runs the project's own Makefile with this venv's interpreter.
"""

from __future__ import annotations

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


def apigen(
    *args: str, cwd: Path, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``apigen ARGS`` in ``cwd``: its exit code, stdout and stderr."""
    return subprocess.run(
        [sys.executable, "-m", "apigen", *args],
        cwd=cwd,
        env={**ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
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


def _cli_has_new() -> bool:
    from apigen.cli import cli

    return "new" in cli.commands


def new(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``apigen new ARGS`` in ``cwd``.

    Until the CLI has ``new``, :func:`apigen.new.create_project` is called in a fresh
    interpreter the way the command will call it, with the CLI's error format.
    """
    if _cli_has_new():
        return apigen("new", *args, cwd=cwd)
    script = (
        "import sys, argparse\n"
        "from pathlib import Path\n"
        "from apigen.errors import ApigenError\n"
        "from apigen.new import create_project\n"
        "p = argparse.ArgumentParser()\n"
        "p.add_argument('name'); p.add_argument('--spec', type=Path)\n"
        "p.add_argument('--framework', default='fastapi')\n"
        "p.add_argument('--directory', type=Path)\n"
        "p.add_argument('--no-generate', action='store_true')\n"
        "a = p.parse_args()\n"
        "try:\n"
        "    r = create_project(a.directory or Path(a.name), name=a.name, spec=a.spec,\n"
        "                       framework=a.framework, generate=not a.no_generate)\n"
        "except ApigenError as e:\n"
        "    print('apigen: error: ' + e.format_message(), file=sys.stderr)\n"
        "    sys.exit(e.exit_code)\n"
        "print('\\n'.join(r.next_steps))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
