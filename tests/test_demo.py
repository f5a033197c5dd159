"""``apigen demo``: the README's first command runs the whole loop, for real."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .corpus.specs import spec_path

EXAMPLES = Path(__file__).resolve().parent.parent / "specs" / "examples"


def demo(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "apigen", "demo", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["fastapi", "flask"])
def test_the_whole_loop_on_the_example(tmp_path: Path, framework: str) -> None:
    """Validate, generate, serve in mock mode, contract tests, a client call, stop."""
    options = ("-o", tmp_path / "demo", "--framework", framework)
    result = demo(EXAMPLES / "petstore.yaml", *options, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert "passed" in lines[3] and "failed" not in lines[3]
    assert "client.pets.list_pets()" in lines[4] and "Pet(" in lines[4]
    assert (tmp_path / "demo" / "server" / "corner_pet_shop_service" / "app.py").is_file()
    again = demo(EXAMPLES / "petstore.yaml", *options, cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr  # reruns over its own output


@pytest.mark.slow
@pytest.mark.corpus
def test_the_whole_loop_on_a_real_contract(tmp_path: Path) -> None:
    """A vendor's contract (Train Travel API, 3.1): every step passes, the suite included."""
    spec = spec_path("real/train-travel.yaml")
    result = demo(spec, "-o", tmp_path / "demo", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert " passed" in lines[3] and "failed" not in lines[3]
    assert "client.stations.get_stations()" in lines[4]


def test_a_failing_step_is_named_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/x: {get: {}}}\n")
    result = demo(bad, "-o", tmp_path / "demo", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("apigen: error: validate: bad.yaml:3:14: error[")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "demo").exists()


def test_the_default_spec_is_the_bundled_example(tmp_path: Path) -> None:
    """Run from anywhere but the repository, the default spec is missing: one clear line."""
    result = demo(cwd=tmp_path)
    assert result.returncode == 2
    assert "specs/examples/petstore.yaml" in result.stderr and "Traceback" not in result.stderr
