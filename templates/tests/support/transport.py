"""Where requests go: a running server (``--base-url``) or an app in this process (``--app``).

In-process apps are called through httpx's own transports: ``WSGITransport`` for WSGI apps
(Flask, Django), and for ASGI apps (FastAPI, Starlette) ``ASGITransport`` driven from a
private event loop in a background thread, so that the tests stay plain synchronous
functions.  The ASGI app gets its lifespan ``startup`` before the first request and
``shutdown`` at the end, as under a real server.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import threading
from typing import Any

import httpx

__all__ = ["load_app", "make_client"]

#: The host in-process requests are addressed to (any name would do; it never resolves).
APP_HOST = "http://apigen.test"


def load_app(spec: str) -> Any:
    """``package.module:attr`` (``attr`` may be dotted) -> the object."""
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise ValueError(f"--app {spec!r}: expected module:attribute, e.g. myservice.main:app")
    target: Any = importlib.import_module(module_name)
    for part in attr.split("."):
        target = getattr(target, part)
    return target


def make_client(base_url: str | None, app: Any, timeout: float) -> httpx.Client:
    """An httpx client for a server URL, or for an app called in-process."""
    if app is None:
        assert base_url is not None
        return httpx.Client(timeout=timeout, follow_redirects=False)
    transport: httpx.BaseTransport = (
        _AsgiBridge(app, timeout) if _is_asgi(app) else _WsgiBridge(app)
    )
    return httpx.Client(transport=transport, timeout=timeout, follow_redirects=False)


def _is_asgi(app: Any) -> bool:
    """ASGI apps are coroutine callables of three arguments; WSGI apps take two."""
    call = app if inspect.isroutine(app) else type(app).__call__
    if inspect.iscoroutinefunction(call):
        return True
    try:
        count = len(inspect.signature(app).parameters)
    except (TypeError, ValueError):
        return False
    return count == 3


class _WsgiBridge(httpx.WSGITransport):
    """httpx's WSGI transport, also handing the app the request line's target as WSGI servers
    do (``RAW_URI``, ``REQUEST_URI``: gunicorn, werkzeug, waitress, uWSGI).  ``PATH_INFO`` is
    decoded, so without them an app cannot tell an encoded slash inside a path parameter
    (``heads%2Fmain``) from a separator."""

    def __init__(self, app: Any) -> None:
        self._target = app
        self._raw = threading.local()
        super().__init__(app=self._call)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._raw.uri = request.url.raw_path.decode("ascii")
        return super().handle_request(request)

    def _call(self, environ: dict[str, Any], start_response: Any) -> Any:
        uri = getattr(self._raw, "uri", None)
        if uri:
            environ.setdefault("RAW_URI", uri)
            environ.setdefault("REQUEST_URI", uri)
        return self._target(environ, start_response)


class _AsgiBridge(httpx.BaseTransport):
    """A synchronous transport over ``httpx.ASGITransport`` and one long-lived event loop."""

    def __init__(self, app: Any, timeout: float) -> None:
        self._timeout = timeout
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._app = app
        self._asgi = httpx.ASGITransport(app=app)
        self._lifespan = _Lifespan(app)
        self._run(self._lifespan.startup())

    def _run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(self._timeout)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()

        async def call() -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            inner = httpx.Request(
                request.method, request.url, headers=request.headers, content=body
            )
            response = await self._asgi.handle_async_request(inner)
            content = await response.aread()
            return response.status_code, response.headers.raw, content

        status, headers, content = self._run(call())
        return httpx.Response(status, headers=headers, content=content, request=request)

    def close(self) -> None:
        try:
            self._run(self._lifespan.shutdown())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
            if not self._loop.is_running():
                self._loop.close()


class _Lifespan:
    """The ASGI lifespan protocol, for apps that set things up at startup."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self._inbox: asyncio.Queue[dict[str, Any]] | None = None
        self._outbox: asyncio.Queue[dict[str, Any]] | None = None
        self._task: asyncio.Task[Any] | None = None

    async def startup(self) -> None:
        self._inbox, self._outbox = asyncio.Queue(), asyncio.Queue()
        scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
        self._task = asyncio.ensure_future(self._app(scope, self._inbox.get, self._outbox.put))
        await self._exchange("startup")

    async def shutdown(self) -> None:
        if self._task is not None and not self._task.done():
            await self._exchange("shutdown")

    async def _exchange(self, phase: str) -> None:
        assert self._inbox is not None and self._outbox is not None and self._task is not None
        await self._inbox.put({"type": f"lifespan.{phase}"})
        reply = asyncio.ensure_future(self._outbox.get())
        done, _ = await asyncio.wait({reply, self._task}, return_when=asyncio.FIRST_COMPLETED)
        if reply not in done:
            reply.cancel()
            if not self._task.cancelled():
                self._task.exception()  # retrieved: an app without lifespan support may raise
            return  # the app does not speak lifespan: fine, as under most test clients
        message = reply.result()
        if message.get("type") == f"lifespan.{phase}.failed":
            raise RuntimeError(f"the app's lifespan {phase} failed: {message.get('message', '')}")
