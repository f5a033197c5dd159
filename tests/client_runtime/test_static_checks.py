"""The runtime is shipped as source inside generated clients: it must type-check strictly, lint
clean, and work when copied verbatim under another package name on the oldest supported Python
syntax level (3.10)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import TEMPLATE_ROOT

RUNTIME = TEMPLATE_ROOT / "runtime"
THIRD_PARTY = {"httpx", "pydantic", "pydantic_core", "typing_extensions"}


def run(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *argv], capture_output=True, text=True, timeout=300, check=False, cwd=cwd
    )


@pytest.mark.slow
def test_mypy_strict(tmp_path: Path) -> None:
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    proc = run(
        "-m", "mypy", "--strict", "--python-version", "3.10", "--config-file", str(config),
        "--cache-dir", str(tmp_path / "cache"), str(RUNTIME),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_check_and_format() -> None:
    checks = run("-m", "ruff", "check", "--no-cache", "--target-version", "py310", str(RUNTIME))
    assert checks.returncode == 0, checks.stdout + checks.stderr
    formatted = run("-m", "ruff", "format", "--check", "--no-cache", str(RUNTIME))
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


def test_imports_are_relative_or_allowed_third_party() -> None:
    for module in sorted(RUNTIME.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = {(node.module or "").split(".")[0]}
            else:
                continue
            foreign = {
                r for r in roots if r not in sys.stdlib_module_names and r not in THIRD_PARTY
            }
            assert not foreign, f"{module.name} imports {foreign}"


def test_works_when_copied_into_a_generated_package(tmp_path: Path) -> None:
    package = tmp_path / "petstore_client"
    shutil.copytree(RUNTIME, package / "_runtime")
    (package / "__init__.py").write_text("from ._runtime import BaseClient\n", encoding="utf-8")
    script = (
        "import petstore_client, petstore_client._runtime as rt\n"
        "assert petstore_client.BaseClient is rt.BaseClient\n"
        "assert set(rt.__all__) <= set(dir(rt)), set(rt.__all__) - set(dir(rt))\n"
        "print(len(rt.__all__))\n"
    )
    proc = run("-B", "-c", script, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) > 50
