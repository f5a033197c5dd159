"""The hooks in .pre-commit-hooks.yaml run as pre-commit would run them, and do their job."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PETSTORE = ROOT / "specs" / "examples" / "petstore.yaml"


def hooks() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return {hook["id"]: hook for hook in data}


def run_hook(hook: dict[str, Any], cwd: Path) -> subprocess.CompletedProcess[str]:
    """pre-commit runs ``entry`` + ``args`` in the repository root (no file names here)."""
    argv = shlex.split(hook["entry"]) + list(hook.get("args", []))
    assert argv[0] == "apigen"
    return subprocess.run(
        [sys.executable, "-m", "apigen", *argv[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_manifest_is_what_pre_commit_reads() -> None:
    found = hooks()
    assert set(found) == {"apigen-validate", "apigen-generate-check"}
    for hook in found.values():
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python" and hook["pass_filenames"] is False


def test_hooks_pass_on_a_clean_project_and_fail_on_a_stale_or_broken_one(tmp_path: Path) -> None:
    shutil.copy(PETSTORE, tmp_path / "openapi.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.apigen]\nspec = "openapi.yaml"\noutput = "."\nclient = false\n'
    )
    validate, check = hooks()["apigen-validate"], hooks()["apigen-generate-check"]
    assert run_hook(validate, tmp_path).returncode == 0
    assert run_hook(check, tmp_path).returncode == 1  # nothing generated yet
    made = subprocess.run(
        [sys.executable, "-m", "apigen", "generate"], cwd=tmp_path, capture_output=True, check=False
    )
    assert made.returncode == 0, made.stderr
    assert run_hook(check, tmp_path).returncode == 0
    spec = tmp_path / "openapi.yaml"
    spec.write_text(spec.read_text().replace("operationId: listPets", "operationId: listAllPets"))
    stale = run_hook(check, tmp_path)
    assert stale.returncode == 1 and "out of date" in stale.stdout
    spec.write_text(spec.read_text().replace("openapi: 3.0.3", "openapi: 3.0.3\npaths: 7"))
    broken = run_hook(validate, tmp_path)
    assert broken.returncode == 1 and "openapi.yaml:" in broken.stdout
