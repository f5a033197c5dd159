"""Open a generated client on one of three transports, behind one synchronous interface.

- ``http``: the sync ``Client`` over real HTTP to a server on 127.0.0.1 (its own httpx pool);
- ``wsgi``: the sync ``Client`` in-process, ``http_client=httpx.Client(transport=WSGITransport)``;
- ``asgi``: the ``AsyncClient`` in-process, ``http_client=httpx.AsyncClient(transport=
  ASGITransport)``, driven by :class:`Blocking` so that one test body serves all three modes.

:class:`Blocking` runs each coroutine the async client returns on one event loop (an
``asyncio.Runner`` kept for the client's lifetime) and collects async page iterators into lists;
nothing of the client is replaced, so the async code paths really run.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import httpx

MODES = ("http", "wsgi", "asgi")
IN_PROCESS_URL = "http://kitchen.test"


class Blocking:
    """A synchronous view of an async client (or of one of its tag groups)."""

    def __init__(self, target: Any, runner: asyncio.Runner) -> None:
        self._target = target
        self._runner = runner

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if callable(value):
            return lambda *args, **kwargs: self._settle(value(*args, **kwargs))
        if isinstance(value, (str, int, float, bool, type(None), dict, tuple)):
            return value
        return Blocking(value, self._runner)  # a tag group

    def _settle(self, result: Any) -> Any:
        if inspect.isawaitable(result):
            return self._runner.run(_wait(result))
        if hasattr(result, "__aiter__"):  # an AsyncPage: walk every page
            return self._runner.run(_collect(result))
        if hasattr(result, "aclose"):  # with_options(): a client sharing this loop
            return Blocking(result, self._runner)
        return result


async def _wait(awaitable: Any) -> Any:
    return await awaitable


async def _collect(pages: Any) -> list[Any]:
    return [item async for item in pages]


@contextmanager
def open_client(
    mode: str,
    pkg: ModuleType,
    *,
    wsgi: Callable[..., Any],
    asgi: Callable[..., Any],
    http_url: str,
    base_path: str = "",
    **kwargs: Any,
) -> Iterator[Any]:
    """``pkg.Client``/``pkg.AsyncClient`` for ``mode``, closed (with what it was given) after."""
    if mode == "http":
        with pkg.Client(http_url + base_path, **kwargs) as client:
            yield client
    elif mode == "wsgi":
        with (
            httpx.Client(transport=httpx.WSGITransport(app=wsgi)) as http,
            pkg.Client(IN_PROCESS_URL + base_path, http_client=http, **kwargs) as client,
        ):
            yield client
    elif mode == "asgi":
        with asyncio.Runner() as runner:
            http = httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi))
            client = pkg.AsyncClient(IN_PROCESS_URL + base_path, http_client=http, **kwargs)
            try:
                yield Blocking(client, runner)
            finally:
                runner.run(client.aclose())
                runner.run(http.aclose())
    else:
        raise ValueError(f"unknown mode {mode!r}")
