"""``apigen demo``: the whole contract-first loop once, on one spec, in one command.

validate -> generate server, client and contract tests -> start the server in mock mode
on 127.0.0.1 -> run the contract tests against it -> call it with the generated client ->
stop the server.  It is the README's first command: a newcomer sees every part work
together in well under a minute, and a failing step says which one and why.

Each step runs the real thing in a subprocess (uvicorn or Flask's server, pytest, a
Python interpreter importing the client), exactly as a developer would, so the demo
cannot pass while the tools it shows do not work.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from apigen import api
from apigen.config import GenerateOptions
from apigen.errors import ApigenError
from apigen.ir.model import Api
from apigen.render.client_view import ClientView, OperationView, build_client_view

__all__ = ["DemoFailed", "run_demo"]

Echo = Callable[[str], None]
Framework = Literal["fastapi", "flask"]
READY_TIMEOUT = 60.0
DEMO_SECRET = "demo-credential"  # the mock server accepts any credential


class DemoFailed(ApigenError):
    """A step of the demo failed; the message names the step and the reason."""

    exit_code = 1


@dataclass(frozen=True)
class _Call:
    """The client call the demo makes: ``client.<group>.<method>()``, no arguments needed."""

    group: str | None
    method: str
    label: str  # "GET /pets"


def run_demo(spec: Path, out_dir: Path, *, framework: Framework, echo: Echo) -> None:
    """Run every step, telling ``echo`` what happened; raises :class:`DemoFailed`."""
    started = time.monotonic()
    report = api.validate(spec)
    if not report.is_valid():
        more = len(report.errors) - 1
        first = report.errors[0].format_text() + (f" (and {more} more)" if more else "")
        raise DemoFailed(f"validate: {first}")
    echo(f"1. validate   {report.file}: valid (OpenAPI {report.version})")
    options = GenerateOptions(spec=spec, output=out_dir, server=framework, mock=True)
    result = api.generate_all(options)
    server = next(p for p in result.parts if p.name == "server")
    client = next(p for p in result.parts if p.name == "client")
    files = sum(
        len(p.plan.create) + len(p.plan.update) + len(p.plan.unchanged) for p in result.parts
    )
    echo(f"2. generate   {out_dir}: server/, client/, contract-tests/ ({files} files)")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"  # generated servers route the spec's paths at the root
    with _serving(framework, options.server_dir, server.package, port) as log:
        echo(f"3. serve      {framework} mock server on {base_url}")
        _contract_tests(options.tests_dir, base_url, result.api, log, echo)
        _client_call(
            options.client_dir, client.package, base_url, _view(result.api, client.package), echo
        )
    echo(f"6. stop       server stopped; all done in {time.monotonic() - started:.1f} s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def _serving(framework: str, folder: Path, package: str, port: int) -> Iterator[Path]:
    """The generated server in a subprocess until the block ends; yields its log file."""
    if framework == "flask":
        argv = ["-m", "flask", "--app", f"{package}.app:app", "run", "--port", str(port)]
    else:
        argv = [
            "-m",
            "uvicorn",
            f"{package}.app:app",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ]
    log = folder.parent / "server.log"
    env = {**os.environ, "APIGEN_MOCK": "1", "PYTHONPATH": str(folder)}
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, *argv, "--host", "127.0.0.1"],
            cwd=folder,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_until_listening(proc, port, log)
            yield log
        finally:
            _stop(proc)


def _wait_until_listening(proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise DemoFailed(f"serve: the server exited ({_tail(log)})")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise DemoFailed(f"serve: no answer on port {port} within {READY_TIMEOUT:.0f} s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _tail(log: Path) -> str:
    lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return lines[-1] if lines else "no output"


def _contract_tests(folder: Path, base_url: str, model: Api, log: Path, echo: Echo) -> None:
    auth = [a for s in model.security_schemes for a in ("--auth", f"{s.name}={_secret(s.kind)}")]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            ".",
            "-c",
            os.devnull,  # the suite alone: no ini file of an enclosing project applies
            "--rootdir",
            ".",
            "--base-url",
            base_url,
            *auth,
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=folder.resolve(),
    )
    summary = (proc.stdout.strip().splitlines() or ["no output"])[-1].strip("= ")
    if proc.returncode != 0:
        raise DemoFailed(
            f"contract tests: {summary} (run: pytest {folder} --base-url {base_url}; "
            f"server log: {log})"
        )
    echo(f"4. test       contract tests against the server: {summary}")


def _secret(kind: str) -> str:
    return "demo:" + DEMO_SECRET if kind == "http" else DEMO_SECRET


def _view(model: Api, package: str) -> ClientView:
    """The client's names (tag attributes, methods, credential arguments); types not needed."""
    return build_client_view(model, package, lambda _t, _s: "object")


def _client_call(folder: Path, package: str, base_url: str, view: ClientView, echo: Echo) -> None:
    call = _pick_call(view)
    if call is None:
        echo("5. client     no operation without required arguments to call; skipped")
        return
    target = f"client.{call.group}.{call.method}" if call.group else f"client.{call.method}"
    credentials = ", ".join(
        f"{name}={value!r}" for name, value in _client_credentials(view).items()
    )
    script = (
        f"from {package} import Client\n"
        f"client = Client({base_url!r}{', ' + credentials if credentials else ''})\n"
        f"result = {target}()\n"
        "text = repr(result)\n"
        "print(text if len(text) < 100 else text[:97] + '...')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(folder)},
    )
    if proc.returncode != 0:
        reason = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise DemoFailed(f"client: {target}() failed: {reason}")
    echo(f"5. client     {target}()  [{call.label}] -> {proc.stdout.strip()}")


def _pick_call(view: ClientView) -> _Call | None:
    """The first GET the client can make without arguments."""
    candidates: list[tuple[str | None, OperationView]] = [
        (g.attribute, op) for g in view.groups for op in g.operations
    ]
    candidates += [(None, op) for op in view.untagged]
    for group, op in candidates:
        if (
            op.method.upper() == "GET"
            and not any(p.required for p in op.params)
            and not (op.body and op.body.required)
        ):
            return _Call(group, op.py_name, f"GET {op.path}")
    return None


def _client_credentials(view: ClientView) -> dict[str, object]:
    """Any credential will do for the mock server: one per scheme, by its client argument."""
    found: dict[str, object] = {}
    for scheme in view.schemes:
        basic = scheme.kind == "http" and (scheme.scheme or "").lower() == "basic"
        found[scheme.py_name] = ("demo", DEMO_SECRET) if basic else DEMO_SECRET
    return found
