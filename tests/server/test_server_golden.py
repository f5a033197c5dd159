"""Golden snapshots of the services generated from every example contract, for both frameworks.

Each project is kept file by file under ``tests/golden/server/<framework>/<example>/expected``
(the scaffold, ``_generated/`` with its models and contract, the handler modules), so any
change in what users get shows up as a reviewable diff.  The runtime, a verbatim copy of
``templates/server/runtime``, is recorded by path and SHA-256 in ``verbatim.sha256``; the
manifest is left out (it restates hashes).  Update after an intended change with
``APIGEN_UPDATE_GOLDEN=1 pytest tests/server/test_server_golden.py``.

The same projects must regenerate byte-identically, pass ``ruff check`` and pass
``mypy --strict`` (one run per framework).
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from apigen import api
from apigen.render.write import MANIFEST

from ..client.tools import mypy_problems, ruff_problems

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "specs" / "examples"
RUNTIME = ROOT / "templates" / "server" / "runtime"
GOLDEN = ROOT / "tests" / "golden" / "server"
UPDATE = os.environ.get("APIGEN_UPDATE_GOLDEN") == "1"
VERBATIM = "verbatim.sha256"
FRAMEWORKS = ("fastapi", "flask")
#: Snapshot name -> example contract (``versions/`` is exercised by the regeneration tests).
SPECS = {
    "petstore": "petstore.yaml",
    "webhooks-3.1": "webhooks-3.1.yaml",
    "swagger2": "swagger2.yaml",
    "multifile": "multifile/openapi.yaml",
    "kitchen-sink": "kitchen-sink.yaml",
}
CASES = [(framework, name) for framework in FRAMEWORKS for name in SPECS]
DIFF_LINES = 60

Tree = dict[str, bytes]
Project = tuple[Path, str]  # folder, package


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Project]:
    """Generate a (framework, example) project on first use; xdist workers share nothing."""
    made: dict[tuple[str, str], Project] = {}

    def get(framework: str, name: str) -> Project:
        if (framework, name) not in made:
            folder = tmp_path_factory.mktemp(f"{framework}-{name}")
            result = api.generate_server(EXAMPLES / SPECS[name], folder, framework=framework)
            made[framework, name] = (folder, result.package)
        return made[framework, name]

    return get


def read_tree(folder: Path) -> Tree:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST and "__pycache__" not in path.parts
    }


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def split(tree: Tree) -> tuple[Tree, str]:
    """The files kept as text, and the listing of the runtime's verbatim copies."""
    runtime = {sha256(p.read_bytes()) for p in RUNTIME.glob("*.py")}
    kept: Tree = {}
    listing = []
    for rel, data in tree.items():
        if "/_generated/_runtime/" in rel and sha256(data) in runtime:
            listing.append(f"{sha256(data)}  {rel}\n")
        else:
            kept[rel] = data
    return kept, "".join(listing)


def differences(expected: Tree, actual: Tree) -> list[str]:
    out = [f"missing: {rel}" for rel in sorted(expected.keys() - actual.keys())]
    out += [f"unexpected: {rel}" for rel in sorted(actual.keys() - expected.keys())]
    for rel in sorted(expected.keys() & actual.keys()):
        if expected[rel] == actual[rel]:
            continue
        diff = list(
            difflib.unified_diff(
                expected[rel].decode("utf-8", "replace").splitlines(),
                actual[rel].decode("utf-8", "replace").splitlines(),
                f"golden/{rel}",
                f"generated/{rel}",
                lineterm="",
            )
        )
        out += diff[:DIFF_LINES] + (
            [f"... {len(diff) - DIFF_LINES} more"] if diff[DIFF_LINES:] else []
        )
    return out


def record(folder: Path, kept: Tree, listing: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for rel, data in kept.items():
        target = folder / "expected" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (folder / VERBATIM).write_text(listing, encoding="utf-8")


@pytest.mark.parametrize(("framework", "name"), CASES)
def test_service_matches_golden(
    framework: str, name: str, project: Callable[[str, str], Project]
) -> None:
    kept, listing = split(read_tree(project(framework, name)[0]))
    assert listing, "the runtime was not copied verbatim"
    folder = GOLDEN / framework / name
    if UPDATE or not folder.exists():
        record(folder, kept, listing)
        if not UPDATE:
            pytest.fail(f"no snapshot yet: recorded {folder.relative_to(ROOT)}; commit it")
    problems = differences(read_tree(folder / "expected"), kept)
    problems += differences(
        {VERBATIM: (folder / VERBATIM).read_bytes()}, {VERBATIM: listing.encode()}
    )
    assert not problems, (
        f"the {framework} service from {SPECS[name]} differs from its snapshot "
        "(if intended: APIGEN_UPDATE_GOLDEN=1):\n" + "\n".join(problems)
    )


@pytest.mark.parametrize(("framework", "name"), CASES)
def test_regeneration_is_byte_identical(
    framework: str, name: str, project: Callable[[str, str], Project], tmp_path: Path
) -> None:
    folder, _ = project(framework, name)
    again = api.generate_server(EXAMPLES / SPECS[name], folder, framework=framework)
    assert again.plan.lines() == [] and not again.plan.changed
    assert again.orphans == () and again.notes == ()
    api.generate_server(EXAMPLES / SPECS[name], tmp_path, framework=framework)
    assert differences(read_tree(folder), read_tree(tmp_path)) == []


@pytest.mark.parametrize(("framework", "name"), CASES)
def test_generated_service_is_lint_clean(
    framework: str, name: str, project: Callable[[str, str], Project]
) -> None:
    folder, package = project(framework, name)
    problems = ruff_problems(folder / package)
    assert problems is None, problems


@pytest.mark.slow
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_generated_services_pass_mypy_strict(
    framework: str, project: Callable[[str, str], Project], tmp_path: Path
) -> None:
    made = [project(framework, name) for name in SPECS]
    packages = [package for _, package in made]
    assert len(set(packages)) == len(packages), "one mypy run needs distinct package names"
    problems = mypy_problems(packages, [folder for folder, _ in made], tmp_path)
    assert problems is None, problems
