"""Helpers of the contract-suite tests: generate a suite, run it with pytest in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from apigen import api

from .petshop import API_KEY, TOKEN

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "specs" / "examples"
PETSTORE = EXAMPLES / "petstore.yaml"
#: Credentials of the faithful pet shop, one per security scheme of the contract.
CREDENTIALS = ("--auth", f"apiKey={API_KEY}", "--auth", f"bearerAuth={TOKEN}",
               "--auth", f"oauth2={TOKEN}")  # fmt: skip


#: The shop serves the API under /v1, like the contract's server URLs; ``--app`` calls the
#: app's root unless told otherwise.
IN_PROCESS = ("--base-url", "http://apigen.test/v1")


def generate(spec: Path, out: Path) -> Path:
    api.generate_tests(spec, out)
    return out


def run_suite(
    suite: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``pytest SUITE ARGS`` in a fresh interpreter, warnings as errors, from the suite's folder."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("APIGEN_", "PYTEST_"))}
    environment["PYTHONPATH"] = str(ROOT)  # so that --app tests.contract.petshop:app imports
    environment.update(env or {})
    argv = [sys.executable, "-m", "pytest", str(suite), "-q", "-p", "no:cacheprovider",
            "-p", "no:xdist", "-W", "error", "--rootdir", str(suite), *args]  # fmt: skip
    return subprocess.run(
        argv, capture_output=True, text=True, env=environment, cwd=suite, timeout=timeout
    )


def strict_petstore(folder: Path) -> Path:
    """petstore.yaml made stricter where the defects need it: getPet's ETag header is
    required, and getInventory declares no ``default`` (so another status is undeclared)."""
    spec = yaml.safe_load(PETSTORE.read_text(encoding="utf-8"))
    spec["paths"]["/pets/{petId}"]["get"]["responses"]["200"]["headers"]["ETag"]["required"] = True
    del spec["paths"]["/store/inventory"]["get"]["responses"]["default"]
    target = folder / "petstore-strict.yaml"
    target.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return target
