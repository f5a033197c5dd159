"""The ``tests-run-*`` cases' fixture: a generated contract suite and a live mock server.

Before the timed runs (and outside them), apigen generates a FastAPI service in mock mode
and the contract suite from the same spec, and the service is started with uvicorn on
127.0.0.1 (a free port).  The timed command is then ``pytest SUITE --base-url URL`` with
default settings, exactly as a user runs it against a local server; credentials (the mock
accepts any) come from the ``APIGEN_AUTH_*`` variables the suite's README names.

Stdlib only, like the rest of ``benchmarks/``.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: Tokens in a case's argv that the fixture fills in.
SUITE = "{suite}"
URL = "{url}"
STARTUP_TIMEOUT = 60.0
UVICORN = (sys.executable, "-m", "uvicorn", "--host", "127.0.0.1", "--log-level", "warning")


@dataclass
class Fixture:
    """What the timed command needs: argv substitutions and extra environment."""

    substitutions: dict[str, str]
    env: dict[str, str] = field(default_factory=dict)
    summary: str = ""  # what was prepared, for the report


@contextlib.contextmanager
def mock_server_suite(spec: Path, repo: Path) -> Iterator[Fixture]:
    """Generate service and suite from ``spec``, serve the service, yield; then stop it."""
    with tempfile.TemporaryDirectory(prefix="apigen-bench-suite-") as work:
        root = Path(work)
        service, suite = root / "service", root / "suite"
        server_args = ("--framework=fastapi", "--mock", "-o", str(service))
        _apigen(repo, "generate", "server", str(spec), *server_args)
        _apigen(repo, "generate", "tests", str(spec), "-o", str(suite))
        package = _package(service)
        port = _free_port()
        server = subprocess.Popen(
            [*UVICORN, f"{package}.app:app", "--port", str(port)],
            cwd=service,
            env={**os.environ, "PYTHONPATH": str(service)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_up(url, server)
            tests = len(re.findall(r"^def test_", _modules(suite), re.MULTILINE))
            yield Fixture(
                {SUITE: str(suite), URL: url},
                {variable: "user:token" for variable in _credential_variables(suite)},
                f"{spec.name}: {_operations(suite)} operations, {tests} tests, FastAPI mock",
            )
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _apigen(repo: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "apigen", *args], cwd=repo, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"apigen {' '.join(args[:2])} failed: {done.stderr.strip()[-500:]}")


def _package(service: Path) -> str:
    found = re.search(r'^packages = \["([^"]+)"\]', (service / "pyproject.toml").read_text(),
                      re.MULTILINE)  # fmt: skip
    if found is None:
        raise RuntimeError(f"{service}: no package named in pyproject.toml")
    return found.group(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the mock server exited with {server.returncode} on start")
        try:
            urllib.request.urlopen(url + "/openapi.json", timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers: up
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the mock server did not answer within {STARTUP_TIMEOUT:.0f} s")


def _credential_variables(suite: Path) -> list[str]:
    return re.findall(r"['\"](APIGEN_AUTH_\w+)['\"],$", (suite / "conftest.py").read_text(),
                      re.MULTILINE)  # fmt: skip


def _modules(suite: Path) -> str:
    """The test modules a default run collects (test_fuzz.py needs --apigen-fuzz)."""
    modules = sorted(p for p in suite.glob("test_*.py") if p.name != "test_fuzz.py")
    return "".join(p.read_text() for p in modules)


def _operations(suite: Path) -> int:
    """Distinct operations: test_flows.py declares again (same constant) those it calls."""
    return len(set(re.findall(r"^(\w+) = Operation\(", _modules(suite), re.MULTILINE)))
