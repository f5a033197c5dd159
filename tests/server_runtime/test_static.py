"""The runtime ships as source in generated servers: strict types, lint, import discipline."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from . import RUNTIME_DIR

CORE_THIRD_PARTY = {"pydantic", "pydantic_core"}
ADAPTERS = {
    "fastapi_adapter.py": {"fastapi", "starlette"},
    "flask_adapter.py": {"flask", "werkzeug"},
}


def run(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *argv], capture_output=True, text=True, timeout=300, check=False, cwd=cwd
    )


@pytest.mark.slow
def test_mypy_strict(tmp_path: Path) -> None:
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    proc = run(
        "-m", "mypy", "--strict", "--python-version", "3.11", "--config-file", str(config),
        "--cache-dir", str(tmp_path / "cache"), str(RUNTIME_DIR),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_check_and_format() -> None:
    checks = run("-m", "ruff", "check", "--no-cache", str(RUNTIME_DIR))
    assert checks.returncode == 0, checks.stdout + checks.stderr
    formatted = run("-m", "ruff", "format", "--check", "--no-cache", str(RUNTIME_DIR))
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


def imported_roots(module: Path) -> set[str]:
    """Top-level packages a module imports (relative imports excluded)."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add((node.module or "").split(".")[0])
    return roots - set(sys.stdlib_module_names) - {"__future__"}


@pytest.mark.parametrize("module", sorted(p.name for p in RUNTIME_DIR.glob("*.py")))
def test_imports_stay_in_their_layer(module: str) -> None:
    allowed = CORE_THIRD_PARTY | ADAPTERS.get(module, set())
    foreign = imported_roots(RUNTIME_DIR / module) - allowed
    assert not foreign, f"{module} imports {sorted(foreign)}"


def test_core_imports_without_any_web_framework(tmp_path: Path) -> None:
    """Copied as ``<pkg>/_generated/_runtime``: the core loads with fastapi/flask blocked."""
    package = tmp_path / "shop_service" / "_generated"
    shutil.copytree(RUNTIME_DIR, package / "_runtime")
    (tmp_path / "shop_service" / "__init__.py").write_text("", encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    script = (
        "import sys\n"
        "for name in ('fastapi', 'flask', 'starlette', 'werkzeug'):\n"
        "    sys.modules[name] = None\n"
        "import shop_service._generated._runtime as rt\n"
        "from shop_service._generated._runtime import core, mock\n"
        "assert set(rt.__all__) <= set(dir(rt)), set(rt.__all__) - set(dir(rt))\n"
        "print(len(rt.__all__))\n"
    )
    proc = run("-B", "-c", script, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) >= 20


def test_api_summary_names_what_generated_code_uses() -> None:
    """The docstring summary the generator's author reads must name the public pieces."""
    doc = ast.get_docstring(ast.parse((RUNTIME_DIR / "__init__.py").read_text(encoding="utf-8")))
    assert doc is not None
    for name in ("ParamSpec(", "OperationSpec(", "OperationTypes(", "build_app(", "Reply(",
                 "RequestContext(", "SecurityHooks", "Problem(", "UploadedFile("):  # fmt: skip
        assert name in doc, name
