"""``apigen new demo``, then the workflow's own steps, as a developer and CI run them.

The project's generated code is checked with ``apigen generate --check`` (settings from its
``[tool.apigen]``), its service is started by its own Makefile on 127.0.0.1 in mock mode and
its generated contract tests run against it; contract edits are then caught or let through
by ``apigen diff`` and ``--check`` as the workflow promises.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .tools import apigen, edit_spec, free_port, has_make, make

needs_make = pytest.mark.skipif(not has_make(), reason="make is not installed")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "dev",
    "GIT_AUTHOR_EMAIL": "dev@localhost",
    "GIT_COMMITTER_NAME": "dev",
    "GIT_COMMITTER_EMAIL": "dev@localhost",
}


def _passed(result: subprocess.CompletedProcess[str]) -> int:
    """How many contract tests passed; fails the test on any failure or error."""
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert "failed" not in summary and "error" not in summary, summary
    found = re.search(r"(\d+) passed", summary)
    assert found, summary
    return int(found.group(1))


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Path:
    """A copy of the session's ``apigen new demo`` to edit."""
    return Path(shutil.copytree(pristine, tmp_path / "demo", symlinks=True))


def test_new_project_is_up_to_date_with_its_contract(project: Path) -> None:
    check = apigen("generate", "--check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "out of date" not in check.stdout
    valid = apigen("validate", "openapi.yaml", "--strict", cwd=project)
    assert valid.returncode == 0, valid.stdout + valid.stderr


@needs_make
@pytest.mark.slow
def test_make_test_runs_the_contract_tests_against_the_started_service(project: Path) -> None:
    result = make("test", project, f"TEST_PORT={free_port()}")
    # create, list, read and delete: every operation is exercised, the flow too.
    assert _passed(result) >= 10
    for test in ("test_flows.py", "test_items.py"):
        assert test in result.stdout
    assert " skipped" not in result.stdout.splitlines()[-1]  # the mock key reached the service


@pytest.mark.slow
def test_contract_changes_through_diff_check_and_generate(project: Path, tmp_path: Path) -> None:
    spec = project / "openapi.yaml"
    base = tmp_path / "base.yaml"
    shutil.copy(spec, base)

    edit_spec(spec, "add-optional-query")
    additive = apigen("diff", str(base), "openapi.yaml", "--fail-on", "breaking", cwd=project)
    assert additive.returncode == 0, additive.stdout + additive.stderr
    assert "tag" in additive.stdout

    stale = apigen("generate", "--check", cwd=project)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "out of date" in stale.stdout
    regenerated = apigen("generate", cwd=project)
    assert regenerated.returncode == 0, regenerated.stdout + regenerated.stderr
    fresh = apigen("generate", "--check", cwd=project)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    interface = project / "server" / "demo_service" / "_generated" / "interface.py"
    new_parameter = re.search(r"\btag(_\d+)?: str \| None", interface.read_text())
    assert new_parameter, "the handler interface lacks the new query parameter"

    for change, expected in (
        ("require-limit", r"query parameter 'limit' became required"),
        ("remove-delete", r"DELETE /items/\{itemId\}"),
    ):
        edit_spec(spec, change)
        broken = apigen("diff", str(base), "openapi.yaml", "--fail-on", "breaking", cwd=project)
        assert broken.returncode == 1, broken.stdout + broken.stderr
        assert re.search(expected, broken.stdout), broken.stdout
        assert "Traceback" not in broken.stderr


@needs_make
def test_make_diff_compares_with_the_contract_of_a_git_revision(project: Path) -> None:
    env = {**os.environ, **GIT_ENV}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "the starter contract")
    same = make("diff", project, "BASE=HEAD")
    assert same.returncode == 0, same.stdout + same.stderr

    edit_spec(project / "openapi.yaml", "remove-delete")
    broken = make("diff", project, "BASE=HEAD")
    assert broken.returncode != 0, broken.stdout + broken.stderr
    assert re.search(r"breaking", broken.stdout, re.IGNORECASE), broken.stdout
    assert "DELETE /items/{itemId}" in broken.stdout


@needs_make
@pytest.mark.slow
def test_a_flask_project_passes_its_contract_tests(tmp_path: Path) -> None:
    made = apigen("new", "shop", "--framework", "flask", cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    result = make("test", tmp_path / "shop", f"TEST_PORT={free_port()}")
    assert _passed(result) >= 10
