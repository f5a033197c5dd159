"""Apps built from the petshop OperationSpecs with both adapters, and clients for them.

In-process clients are plain httpx clients for both frameworks (httpx's ASGITransport run
on a fresh event loop per request for FastAPI, its WSGITransport for Flask), so each test
runs unchanged against both.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from apigen_server_runtime import SecurityHooks
from apigen_server_runtime.fastapi_adapter import build_app as build_fastapi
from apigen_server_runtime.flask_adapter import build_app as build_flask

from . import petshop

FRAMEWORKS = ("fastapi", "flask")


def build(framework: str, *, mock: bool = False, hooks: SecurityHooks | None = None) -> Any:
    """The petshop app for ``framework``."""
    if framework == "fastapi":
        return build_fastapi(
            petshop.OPERATIONS,
            petshop.handlers(asynchronous=True),
            hooks or petshop.AsyncHooks(),
            petshop.CONTRACT,
            schemes=petshop.SCHEMES,
            mock=mock,
        )
    return build_flask(
        petshop.OPERATIONS,
        petshop.handlers(asynchronous=False),
        hooks or petshop.Hooks(),
        petshop.CONTRACT,
        schemes=petshop.SCHEMES,
        mock=mock,
    )


@dataclass
class Api:
    """A client for one framework's app, and the status it gives invalid requests."""

    framework: str
    http: httpx.Client

    @property
    def invalid(self) -> int:
        return 422 if self.framework == "fastapi" else 400


class SyncASGITransport(httpx.BaseTransport):
    """httpx's ASGITransport for a sync client: each request on its own event loop."""

    def __init__(self, app: Any) -> None:
        self._transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def run() -> httpx.Response:
            response = await self._transport.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return asyncio.run(run())


def client_for(app: Any, framework: str) -> httpx.Client:
    if framework == "fastapi":
        transport: httpx.BaseTransport = SyncASGITransport(app)
    else:
        transport = httpx.WSGITransport(app=app)
    return httpx.Client(transport=transport, base_url="http://testserver")


@pytest.fixture(scope="module", params=FRAMEWORKS)
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    """One app per framework and test module (the apps keep no state between requests)."""
    framework = request.param
    with client_for(build(framework), framework) as http:
        yield Api(framework, http)


@pytest.fixture(params=FRAMEWORKS)
def make_api(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Build an app with other settings (mock mode, hooks) for the parametrised framework."""
    framework = request.param
    clients: list[httpx.Client] = []

    def make(**kw: Any) -> Api:
        http = client_for(build(framework, **kw), framework)
        clients.append(http)
        return Api(framework, http)

    yield make
    for http in clients:
        http.close()
