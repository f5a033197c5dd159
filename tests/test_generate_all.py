"""``apigen generate``: all three generators from one build, settings from pyproject.toml."""

from __future__ import annotations

import contextlib
import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from apigen.cli import cli

EXAMPLES = Path(__file__).resolve().parent.parent / "specs" / "examples"
PETSTORE = EXAMPLES / "petstore.yaml"


def run(*args: str | Path, cwd: Path | None = None) -> Result:
    argv = [str(a) for a in args]
    with contextlib.chdir(cwd or Path.cwd()):
        return CliRunner().invoke(cli, argv, catch_exceptions=False)


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".apigen-manifest.json" not in p.name
    }


def test_one_command_writes_what_the_three_generators_write(tmp_path: Path) -> None:
    """Sharing one build must not change a byte of any part."""
    result = run("generate", PETSTORE, "-o", tmp_path / "all")
    assert result.exit_code == 0, result.output
    assert "apigen generate: 3 part(s)" in result.output
    separate = tmp_path / "separate"
    assert (
        run(
            "generate", "server", PETSTORE, "--framework", "fastapi", "-o", separate / "server"
        ).exit_code
        == 0
    )
    assert run("generate", "client", PETSTORE, "-o", separate / "client").exit_code == 0
    assert run("generate", "tests", PETSTORE, "-o", separate / "contract-tests").exit_code == 0
    for part in ("server", "client", "contract-tests"):
        assert tree(tmp_path / "all" / part) == tree(separate / part), part


def test_check_then_spec_change_then_regenerate(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    shutil.copy(PETSTORE, spec)
    out = tmp_path / "out"
    assert run("generate", spec, "-o", out).exit_code == 0
    checked = run("generate", spec, "-o", out, "--check")
    assert checked.exit_code == 0, checked.output
    assert checked.output.count("up to date") == 3
    spec.write_text(spec.read_text().replace("Animals in the shop", "Animals for sale"))
    stale = run("generate", spec, "-o", out, "--check")
    assert stale.exit_code == 1
    assert "out of date" in stale.output
    assert run("generate", spec, "-o", out).exit_code == 0
    assert run("generate", spec, "-o", out, "--check").exit_code == 0


def test_settings_come_from_pyproject(tmp_path: Path) -> None:
    shutil.copy(PETSTORE, tmp_path / "contract.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.apigen]\nspec = "contract.yaml"\noutput = "gen"\nserver = "flask"\n'
        'tests = false\npackage-name = "shop"\n\n[tool.apigen.diff]\nfail-on = "warning"\n'
    )
    sub = tmp_path / "sub"
    sub.mkdir()
    result = run("generate", cwd=sub)  # found upward; paths relative to the pyproject
    assert result.exit_code == 0, result.output
    assert (tmp_path / "gen" / "server" / "shop" / "app.py").is_file()
    assert "Flask" in (tmp_path / "gen" / "server" / "shop" / "_generated" / "app.py").read_text()
    assert (tmp_path / "gen" / "client").is_dir()
    assert not (tmp_path / "gen" / "contract-tests").exists()
    overridden = run("generate", "--tests", "--no-client", "--check", cwd=sub)
    assert overridden.exit_code == 1  # the tests are missing, so stale
    assert "contract-tests: contract tests: out of date" in overridden.output
    assert str(tmp_path / "gen" / "client") not in overridden.output


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('spec = "x.yaml"\noutput = "o"\nservr = "flask"\n', "unknown key 'servr'"),
        ('spec = "x.yaml"\noutput = "o"\nclient = "yes"\n', "client must be a bool"),
        ('spec = "x.yaml"\noutput = "o"\nserver = "django"\n', "server must be one of"),
        ('spec = "missing.yaml"\noutput = "o"\n', "spec not found"),
        ('output = "o"\n', "no spec given"),
    ],
)
def test_bad_settings_are_one_line_errors(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "x.yaml").write_text(PETSTORE.read_text())
    (tmp_path / "pyproject.toml").write_text("[tool.apigen]\n" + table)
    proc = subprocess.run(
        [sys.executable, "-m", "apigen", "generate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()


def test_a_refused_part_leaves_every_folder_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "client").mkdir(parents=True)
    (out / "client" / "mine.txt").write_text("not apigen's")
    result = CliRunner().invoke(cli, ["generate", str(PETSTORE), "-o", str(out)])
    assert result.exit_code != 0
    assert sorted(p.name for p in out.iterdir()) == ["client"]
    assert (out / "client" / "mine.txt").read_text() == "not apigen's"


def test_parts_can_be_left_out(tmp_path: Path) -> None:
    result = run("generate", PETSTORE, "-o", tmp_path, "--server", "none", "--no-client")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contract-tests"]


def test_long_plans_are_summarised_per_folder(tmp_path: Path) -> None:
    summarised = run("generate", "client", PETSTORE, "-o", tmp_path / "a")
    assert "file(s) in" in summarised.output and "create " in summarised.output
    assert len(summarised.output.splitlines()) < 12
    verbose = run("generate", "client", PETSTORE, "-o", tmp_path / "b", "--verbose")
    created = [line for line in verbose.output.splitlines() if line.startswith("create ")]
    assert len(created) == len(tree(tmp_path / "b"))


def test_module_entry_point_matches_the_script(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "apigen", "validate", str(PETSTORE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "valid" in proc.stdout


def test_identical_reruns(tmp_path: Path) -> None:
    assert run("generate", PETSTORE, "-o", tmp_path / "one").exit_code == 0
    assert run("generate", PETSTORE, "-o", tmp_path / "two").exit_code == 0
    comparison = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two"), comparison.report()


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    """stderr on a terminal gets a one-line bar (cleared at the end); a pipe never does."""
    import os
    import pty

    main, child = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    argv = [sys.executable, "-m", "apigen", "generate", str(PETSTORE), "-o"]
    proc = subprocess.run(
        [*argv, str(tmp_path / "tty")], stderr=child, stdout=subprocess.PIPE, env=env, check=False
    )
    os.close(child)
    shown = b""
    with contextlib.suppress(OSError):
        while chunk := os.read(main, 65536):
            shown += chunk
    os.close(main)
    assert proc.returncode == 0
    assert b"render the client..." in shown and b"[####" in shown
    assert shown.endswith(b"\r\x1b[K")
    piped = subprocess.run([*argv, str(tmp_path / "pipe")], capture_output=True, env=env)
    assert piped.returncode == 0 and b"render" not in piped.stderr
