"""The wheel is what users install: it must carry the templates inside the package.

Builds a wheel of this checkout, installs it (non-editable, without dependencies) into a
fresh venv, and asks that venv's interpreter where ``apigen``'s templates are, the same way
the generators will at run time.  Building needs hatchling, which pip fetches from PyPI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIRS = ("fastapi", "flask", "client", "server", "tests", "new")

# Run by the fresh venv's interpreter.  Its own site-packages (holding the wheel) comes
# first; the current environment's site-packages is appended only so that apigen's runtime
# dependencies, which were deliberately not installed, can be imported if __init__ needs them.
PROBE = """
import importlib.resources, json, sys
sys.path.extend(json.loads(sys.argv[1]))
import apigen
templates = importlib.resources.files("apigen") / "templates"
print(json.dumps({
    "package_file": apigen.__file__,
    "is_dir": templates.is_dir(),
    "entries": sorted(
        [entry.name, sorted(child.name for child in entry.iterdir())]
        for entry in templates.iterdir() if entry.is_dir()
    ) if templates.is_dir() else [],
}))
"""


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert proc.returncode == 0, (
        f"{' '.join(argv)} exited {proc.returncode}\n"
        f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
    )
    return proc


def _venv_python(venv: Path) -> Path:
    if sys.platform == "win32":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


@pytest.mark.slow
def test_wheel_ships_templates(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheels"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(wheel_dir),
            str(REPO_ROOT),
        ],
        cwd=tmp_path,
    )
    wheels = sorted(wheel_dir.glob("apigen-*.whl"))
    assert len(wheels) == 1, f"expected one apigen wheel, found {wheels}"
    wheel = wheels[0]

    # What is in the archive: the package and its metadata, nothing else from the repo.
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    strays = [n for n in names if not n.startswith("apigen/") and ".dist-info/" not in n]
    assert not strays, f"files outside the package in the wheel: {strays[:20]}"
    for sub in TEMPLATE_DIRS:
        assert any(n.startswith(f"apigen/templates/{sub}/") for n in names), f"{sub} missing"
    # What the client generator reads at run time, including the copied runtime package.
    for needed in (
        "client/api_group.py.jinja",
        "client/_client.py.jinja",
        "client/runtime/_client.py",
        "client/_bodies.py",
    ):
        assert f"apigen/templates/{needed}" in names, f"{needed} missing from the wheel"
    # The repository's own tests stay out (templates/tests is the contract-suite template).
    assert not any(n.startswith(("tests/", "specs/")) for n in names)

    # Install it for real and look the templates up the way the generators will.
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python = _venv_python(venv)
    _run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)], cwd=tmp_path)

    fallback = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    proc = _run([str(python), "-c", PROBE, json.dumps(fallback)], cwd=tmp_path)
    found = json.loads(proc.stdout.strip().splitlines()[-1])

    package_file = Path(found["package_file"]).resolve()
    assert package_file.is_relative_to(venv.resolve()), (
        f"imported apigen from {package_file}, not from the installed wheel"
    )
    assert found["is_dir"], "apigen/templates is not a directory in the installed package"
    entries = dict(found["entries"])
    for sub in TEMPLATE_DIRS:
        assert sub in entries, f"templates/{sub} missing from the installed package: {entries}"
        assert entries[sub], f"templates/{sub} is empty in the installed package"
