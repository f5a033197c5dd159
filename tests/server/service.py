"""Helpers for tests that run generated services: generate, edit like a developer, serve.

A developer implements a handler by replacing the body of its stub; :func:`implement` does
the same to the generated text (and fails loudly when the stub is not where the generator
should have put it).  :func:`serve` runs an app on a free port of 127.0.0.1 in a thread:
uvicorn for FastAPI, werkzeug's threaded server for Flask.
"""

from __future__ import annotations

import importlib
import re
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

STUB_BODY = "raise NotImplementedError"

#: What the petstore examples' developer writes (both frameworks; the bodies never await).
PETS_MODULE_HEAD = """
import datetime
import uuid

from .._generated._runtime import Problem

PETS: dict[uuid.UUID, models.Pet] = {}
"""
PETS_BODIES = {
    "list_pets": """
        pets = [p for p in PETS.values() if not status or p.status in status]
        kinds = ",".join(type(s).__name__ for s in status or [])
        headers = {"X-Request-Id": f"{type(limit).__name__}:{kinds}:{x_request_id}"}
        return Reply(200, pets[:limit], headers=headers)
""",
    "create_pet": """
        if body.name == "Boom":
            raise Problem(409, "Conflict", "Boom is here already")
        if body.name == "Crash":
            raise RuntimeError("a bug in the handler")
        fields = body.model_dump(exclude_unset=True)
        now = datetime.datetime.now(datetime.timezone.utc)
        pet = models.Pet(id=uuid.uuid4(), arrived_at=now, **fields)
        PETS[pet.id or uuid.uuid4()] = pet
        assert ctx.principal is not None
        headers = {"Location": f"/pets/{pet.id}", "X-By": ctx.principal.subject}
        return Reply(201, pet, headers=headers)
""",
    "get_pet": """
        pet = PETS.get(pet_id)
        if pet is None:
            return Reply(404, models.Error(code="not_found", message=f"no pet {pet_id}"))
        return pet
""",
}
SECURITY = '''
from {package}._generated._runtime.security import Principal, SecurityHooks
from {package}._generated._runtime.spec import SchemeSpec

__all__ = ["Security"]

TOKENS = {{
    "writer": Principal("writer", frozenset({{"pets:write"}})),
    "reader": Principal("reader"),
}}


class Security(SecurityHooks):
    """Test credentials: one API key, two bearer tokens."""

    def api_key(self, scheme: SchemeSpec, key: str) -> Principal | None:
        return Principal("staff") if key == "secret-key" else None

    def bearer(self, scheme: SchemeSpec, token: str) -> Principal | None:
        return TOKENS.get(token)
'''


def implement(path: Path, method: str, body: str) -> None:
    """Replace the stub body of ``method`` in the handler module at ``path``."""
    text = path.read_text(encoding="utf-8")
    found = re.search(rf"\n    (async )?def {method}\(", text)
    assert found, f"no stub for {method} in {path}"
    start = text.index(STUB_BODY, found.end())
    line_start = text.rindex("\n", 0, start) + 1
    path.write_text(
        text[:line_start] + body.strip("\n") + "\n" + text[start + len(STUB_BODY) + 1 :],
        encoding="utf-8",
    )


def add_after_imports(path: Path, code: str) -> None:
    """Insert ``code`` after the last top-level import of a module (as a developer would)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    last = max(i for i, line in enumerate(lines) if line.startswith(("import ", "from ")))
    lines.insert(last + 1, code)
    path.write_text("".join(lines), encoding="utf-8")


def implement_petstore(root: Path, package: str) -> None:
    """The petstore developer's code: three pets handlers and the credential checks."""
    pets = root / package / "handlers" / "pets.py"
    add_after_imports(pets, PETS_MODULE_HEAD)
    for method, body in PETS_BODIES.items():
        implement(pets, method, body)
    (root / package / "security.py").write_text(SECURITY.format(package=package), "utf-8")


@contextmanager
def imported(root: Path, module: str) -> Iterator[ModuleType]:
    """Import ``module`` from a generated project; forget its package afterwards."""
    package = module.split(".")[0]
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(module)
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]


@contextmanager
def serve(app: Any, framework: str) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    if framework == "fastapi":
        yield from _uvicorn(app)
    else:
        yield from _werkzeug(app)


def _uvicorn(app: Any) -> Iterator[str]:
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="critical", lifespan="off", ws="none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(20)
        sock.close()


def _werkzeug(app: Any) -> Iterator[str]:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(20)
        server.server_close()
