"""Golden snapshot of the suite generated from specs/examples/petstore.yaml, and its quality bars.

The generated files are kept under ``tests/golden/contract/petstore/expected/``, so a change
in the generator shows up as a reviewable diff of real generated tests.  The support package
is a byte copy of ``templates/tests/support``: it is recorded by path and SHA-256 in
``verbatim.sha256`` instead.  Update after an intended change with
``APIGEN_UPDATE_GOLDEN=1 pytest tests/contract/test_golden.py``.

The generated suite must also pass ``ruff check`` (pyflakes, pycodestyle, isort, bugbear) and
``mypy --strict``, support package included.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from apigen import api
from apigen.render.write import MANIFEST

from ..client.tools import ruff_problems
from .tools import PETSTORE, ROOT

GOLDEN = ROOT / "tests" / "golden" / "contract" / "petstore"
SUPPORT = ROOT / "templates" / "tests" / "support"
UPDATE = os.environ.get("APIGEN_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "suite"
    api.generate_tests(PETSTORE, out)
    return out


def split(folder: Path) -> tuple[dict[str, bytes], str]:
    """(files kept as they are, the listing of the verbatim support copies)."""
    copies = {hashlib.sha256(p.read_bytes()).hexdigest() for p in SUPPORT.glob("*.py")}
    kept: dict[str, bytes] = {}
    lines = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if not path.is_file() or path.name == MANIFEST or "__pycache__" in path.parts:
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if rel.startswith("_contract/") and digest in copies:
            lines.append(f"{digest}  {rel}\n")
        else:
            kept[rel] = path.read_bytes()
    return kept, "".join(lines)


def test_suite_matches_golden(suite: Path) -> None:
    kept, verbatim = split(suite)
    if UPDATE or not GOLDEN.exists():
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in kept.items():
            (GOLDEN / "expected" / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / "expected" / rel).write_bytes(data)
        (GOLDEN / "verbatim.sha256").write_text(verbatim)
        if not UPDATE:
            pytest.fail("no snapshot yet: recorded tests/golden/contract/petstore; commit it")
    expected = {
        p.relative_to(GOLDEN / "expected").as_posix(): p.read_bytes()
        for p in sorted((GOLDEN / "expected").rglob("*"))
        if p.is_file()
    }
    problems = [f"missing: {r}" for r in sorted(expected.keys() - kept.keys())]
    problems += [f"unexpected: {r}" for r in sorted(kept.keys() - expected.keys())]
    for rel in sorted(expected.keys() & kept.keys()):
        if expected[rel] != kept[rel]:
            problems += list(
                difflib.unified_diff(
                    expected[rel].decode().splitlines(), kept[rel].decode().splitlines(),
                    f"golden/{rel}", f"generated/{rel}", lineterm="",
                )
            )[:80]  # fmt: skip
    if (GOLDEN / "verbatim.sha256").read_text() != verbatim:
        problems.append("the support package copies differ from verbatim.sha256")
    assert not problems, (
        "the suite generated from petstore.yaml differs from tests/golden/contract/petstore "
        "(if intended: APIGEN_UPDATE_GOLDEN=1):\n" + "\n".join(problems)
    )


def test_generated_suite_is_lint_clean(suite: Path) -> None:
    problems = ruff_problems(suite)
    assert problems is None, problems


def test_generated_suite_passes_mypy_strict(suite: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "."],
        cwd=suite, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:]


def test_support_package_is_formatted() -> None:
    """Copied verbatim, so it must already be what the formatter pass would make of it."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--isolated", "--line-length", "100",
         "--check", str(SUPPORT)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
