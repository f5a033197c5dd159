"""Snapshots of what users see when a spec is broken: every message is reviewed here.

The CLI runs as a real subprocess (``python -m apigen``) from the cases folder,
so file names in messages are stable.  Update the snapshots after an intended
change with ``APIGEN_UPDATE_SNAPSHOTS=1 pytest tests/errors``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CASES = HERE / "cases"
SNAPSHOTS = HERE / "snapshots"
UPDATE = os.environ.get("APIGEN_UPDATE_SNAPSHOTS") == "1"

#: (snapshot name, arguments after `apigen`, expected exit code)
RUNS = [
    ("syntax-error-yaml", ["validate", "syntax-error.yaml"], 1),
    ("syntax-error-json", ["validate", "syntax-error.json"], 1),
    ("not-openapi", ["validate", "not-openapi.yaml"], 1),
    ("unsupported-3.2", ["validate", "unsupported-3.2.yaml"], 1),
    ("python-tag", ["validate", "python-tag.yaml"], 1),
    ("alias-bomb", ["validate", "alias-bomb.yaml"], 1),
    ("dangling-ref", ["validate", "dangling-ref.yaml"], 1),
    ("outside-ref", ["validate", "outside/spec/openapi.yaml"], 1),
    ("remote-ref", ["validate", "remote-ref.yaml"], 1),
    ("many-problems", ["validate", "many-problems.yaml"], 1),
    ("many-problems-json", ["validate", "many-problems.yaml", "--format", "json"], 1),
    ("nullable-31", ["validate", "nullable-31.yaml"], 0),
    ("nullable-31-strict", ["validate", "nullable-31.yaml", "--strict"], 1),
    ("valid", ["validate", "valid.yaml"], 0),
    ("missing-file", ["validate", "nope.yaml"], 2),
    ("bad-option", ["validate", "valid.yaml", "--format", "xml"], 2),
]


def run_cli(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "apigen", *args],
        cwd=CASES,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("name,args,code", RUNS, ids=[r[0] for r in RUNS])
def test_cli_output_matches_snapshot(name: str, args: list[str], code: int) -> None:
    result = run_cli(args)
    shown = (
        f"$ apigen {' '.join(args)}\n[exit {result.returncode}]\n--- stdout\n{result.stdout}"
        f"--- stderr\n{result.stderr}"
    )
    snapshot = SNAPSHOTS / f"{name}.txt"
    if UPDATE or not snapshot.exists():
        snapshot.write_text(shown)
    assert "Traceback" not in result.stderr
    assert result.returncode == code, shown
    assert shown == snapshot.read_text()


def test_every_finding_has_a_location() -> None:
    result = run_cli(["validate", "many-problems.yaml", "--format", "json"])
    report = json.loads(result.stdout)
    assert report["valid"] is False and report["version"] == "3.0.3"
    for finding in report["errors"] + report["warnings"]:
        assert set(finding) == {"code", "message", "pointer", "file", "line", "column"}
        assert finding["file"] == "many-problems.yaml"
        assert isinstance(finding["line"], int) and finding["pointer"].startswith("/")
    codes = {f["code"] for f in report["errors"]}
    assert {
        "duplicate-operation-id",
        "duplicate-parameter",
        "undefined-security-scheme",
        "duplicate-key",
        "invalid-default",
        "path-parameter-not-required",
        "duplicate-path-template",
    } <= codes


def test_python_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "apigen", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "validate" in result.stdout


def test_the_command_leaves_with_mains_exit_code_and_flushed_output(tmp_path: Path) -> None:
    """``python -m apigen`` ends with ``os._exit`` (no interpreter teardown): the exit code
    is still main's and nothing written to stdout or stderr is lost on the way."""
    petstore = HERE.parents[1] / "specs" / "examples" / "petstore.yaml"
    valid = run_cli(["validate", str(petstore)])
    assert valid.returncode == 0 and valid.stdout.strip().endswith("0 errors, 0 warnings")
    missing = run_cli(["validate", str(tmp_path / "absent.yaml")])
    assert missing.returncode == 2 and missing.stderr.startswith("apigen: error:")
