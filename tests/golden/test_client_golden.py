"""Golden snapshots of the client generated from every example contract, and its quality bars.

Each example's project is kept under ``client/<name>/expected/`` file by file, so a change in
the client renderer shows up as a reviewable diff of real generated code. Files that are byte
copies of ``templates/client/runtime`` are recorded by path and SHA-256 in
``client/<name>/verbatim.sha256`` rather than duplicated five times. The manifest apigen
writes next to a project is left out: it only restates the files' hashes.

Update after an intended change with ``APIGEN_UPDATE_GOLDEN=1 pytest tests/golden``.

The same generated trees must also regenerate byte-identically (into the same folder and
into a fresh one), pass ``ruff check`` and pass ``mypy --strict`` (one run for all five).
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from apigen import api
from apigen.render.write import MANIFEST

from ..client.tools import mypy_problems, ruff_problems

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "specs" / "examples"
RUNTIME = ROOT / "templates" / "client" / "runtime"
GOLDEN = Path(__file__).parent / "client"
UPDATE = os.environ.get("APIGEN_UPDATE_GOLDEN") == "1"
VERBATIM = "verbatim.sha256"
#: Snapshot name -> example contract (versions/ is left out: it is there for ``diff``).
SPECS = {
    "petstore": "petstore.yaml",
    "webhooks-3.1": "webhooks-3.1.yaml",
    "swagger2": "swagger2.yaml",
    "multifile": "multifile/openapi.yaml",
    "kitchen-sink": "kitchen-sink.yaml",
}
DIFF_LINES = 80

Tree = dict[str, bytes]


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Each example generated once: name -> (project folder, package name)."""
    root = tmp_path_factory.mktemp("clients")
    out = {}
    for name, rel in SPECS.items():
        result = api.generate_client(EXAMPLES / rel, root / name)
        out[name] = (root / name, result.package)
    return out


def read_tree(folder: Path) -> Tree:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST and "__pycache__" not in p.parts
    }


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def split(tree: Tree) -> tuple[Tree, str]:
    """(files kept as text, the verbatim listing of the runtime copies)."""
    runtime = {sha256(p.read_bytes()) for p in RUNTIME.glob("*.py")}
    kept: Tree = {}
    lines = []
    for rel, data in tree.items():
        if "/_runtime/" in rel and sha256(data) in runtime:
            lines.append(f"{sha256(data)}  {rel}\n")
        else:
            kept[rel] = data
    return kept, "".join(lines)


def record(name: str, kept: Tree, verbatim: str) -> None:
    """Replace the snapshot of ``name`` (stale files go too)."""
    folder = GOLDEN / name
    shutil.rmtree(folder, ignore_errors=True)
    for rel, data in kept.items():
        target = folder / "expected" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (folder / VERBATIM).write_text(verbatim)


def differences(expected: Tree, actual: Tree) -> list[str]:
    """Readable differences: missing and extra files, then a unified diff per changed file."""
    out = [f"missing: {rel}" for rel in sorted(expected.keys() - actual.keys())]
    out += [f"unexpected: {rel}" for rel in sorted(actual.keys() - expected.keys())]
    for rel in sorted(expected.keys() & actual.keys()):
        if expected[rel] != actual[rel]:
            diff = list(
                difflib.unified_diff(
                    expected[rel].decode("utf-8", "replace").splitlines(),
                    actual[rel].decode("utf-8", "replace").splitlines(),
                    f"golden/{rel}",
                    f"generated/{rel}",
                    lineterm="",
                )
            )
            more = [f"... {len(diff) - DIFF_LINES} more lines"] if len(diff) > DIFF_LINES else []
            out += [*diff[:DIFF_LINES], *more]
    return out


@pytest.mark.parametrize("name", list(SPECS))
def test_client_matches_golden(name: str, projects: dict[str, tuple[Path, str]]) -> None:
    kept, verbatim = split(read_tree(projects[name][0]))
    folder = GOLDEN / name
    if not UPDATE and not folder.exists():
        record(name, kept, verbatim)
        pytest.fail(f"no snapshot for {name} yet: recorded tests/golden/client/{name}; commit it")
    if UPDATE:
        record(name, kept, verbatim)
    problems = differences(read_tree(folder / "expected"), kept)
    problems += differences(
        {VERBATIM: (folder / VERBATIM).read_bytes()}, {VERBATIM: verbatim.encode()}
    )
    assert not problems, (
        f"the client generated from {SPECS[name]} differs from tests/golden/client/{name} "
        "(if intended: APIGEN_UPDATE_GOLDEN=1 pytest tests/golden):\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("name", list(SPECS))
def test_regeneration_is_byte_identical(
    name: str, projects: dict[str, tuple[Path, str]], tmp_path: Path
) -> None:
    folder, _ = projects[name]
    again = api.generate_client(EXAMPLES / SPECS[name], folder)
    assert again.plan.lines() == [] and not again.plan.changed
    api.generate_client(EXAMPLES / SPECS[name], tmp_path)
    assert differences(read_tree(folder), read_tree(tmp_path)) == []


@pytest.mark.parametrize("name", list(SPECS))
def test_generated_client_is_lint_clean(name: str, projects: dict[str, tuple[Path, str]]) -> None:
    problems = ruff_problems(projects[name][0])
    assert problems is None, problems


@pytest.mark.slow
def test_generated_clients_pass_mypy_strict(
    projects: dict[str, tuple[Path, str]], tmp_path: Path
) -> None:
    packages = [package for _, package in projects.values()]
    assert len(set(packages)) == len(packages), "one mypy run needs distinct package names"
    roots = [folder for folder, _ in projects.values()]
    problems = mypy_problems(packages, roots, tmp_path)
    assert problems is None, problems
