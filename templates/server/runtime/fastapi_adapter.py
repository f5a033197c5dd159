"""Serve OperationSpecs with FastAPI: one route per path, async handlers.

Routes take the plain Starlette ``Request`` and hand a :class:`RawRequest` to the core,
so validation, security and errors behave exactly as with the Flask adapter; FastAPI
contributes routing, ``/docs`` and the ASGI server integration.  ``/openapi.json`` serves
the contract document itself (``app.openapi()`` returns it too), not a document FastAPI
derives from the routes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Route as StarletteRoute

from .bodies import essence
from .core import Endpoint, internal_error, mock_enabled, problem_response
from .problems import Problem, field_error
from .request import Headers, RawRequest, UploadedFile
from .responses import RawResponse
from .routing import Route, routes
from .security import SecurityHooks
from .spec import OperationSpec, SchemeSpec, media_kind

__all__ = ["build_app"]

_INVALID = 422
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def build_app(
    operations: Sequence[OperationSpec],
    handlers: Mapping[str, object],
    hooks: SecurityHooks,
    contract: Mapping[str, Any],
    *,
    schemes: Mapping[str, SchemeSpec] | None = None,
    mock: bool = False,
    title: str | None = None,
    version: str | None = None,
) -> FastAPI:
    """A FastAPI app serving ``operations`` with ``handlers[op.tag_module]``.

    ``mock`` is the generation-time setting; ``APIGEN_MOCK`` overrides it at run time.
    """
    info = contract.get("info") if isinstance(contract.get("info"), Mapping) else {}
    assert isinstance(info, Mapping)
    app = FastAPI(
        title=title or str(info.get("title") or "API"),
        version=version or str(info.get("version") or "0"),
        openapi_url="/openapi.json",
    )
    _serve_contract(app, contract)
    mocking = mock_enabled(mock)
    for route in routes(operations, "{", "}"):
        endpoints = {
            op.method.upper(): Endpoint(
                op,
                handlers.get(op.tag_module),
                hooks,
                schemes=schemes or {},
                contract=contract,
                mock=mocking,
                invalid_status=_INVALID,
            )
            for op in route.operations
        }
        methods = _methods(endpoints)
        app.add_api_route(
            route.framework_path,
            _view(route, endpoints, methods),
            methods=methods,
            include_in_schema=False,
            name=route.template,
        )
    _install_problem_handlers(app)
    return app


def _methods(endpoints: Mapping[str, Endpoint]) -> list[str]:
    """Declared methods plus HEAD (for GET) and OPTIONS (answered with ``Allow``)."""
    methods = set(endpoints)
    if "GET" in methods:
        methods.add("HEAD")
    methods.add("OPTIONS")
    return sorted(methods)


def _serve_contract(app: FastAPI, contract: Mapping[str, Any]) -> None:
    """``/openapi.json`` (before FastAPI's own route) and ``app.openapi()`` give the contract."""
    cache: list[bytes] = []

    async def openapi(request: Request) -> Response:
        if not cache:
            cache.append(json.dumps(contract, ensure_ascii=False).encode())
        return Response(cache[0], media_type="application/json")

    setattr(app, "openapi", lambda: dict(contract))  # noqa: B010 - replaces a method
    app.router.routes.insert(0, StarletteRoute("/openapi.json", openapi, methods=["GET"]))


def _view(route: Route, endpoints: Mapping[str, Endpoint], methods: list[str]) -> Any:
    allow = ", ".join(methods)

    async def view(request: Request) -> Response:
        method = request.method.upper()
        endpoint = endpoints.get(method) or (endpoints.get("GET") if method == "HEAD" else None)
        if endpoint is None:
            return Response(status_code=200, headers={"Allow": allow})
        try:
            raw = await _raw_request(request, route, endpoint.op)
        except Problem as problem:
            return _response(problem_response(problem), head=False)
        result = await endpoint.handle_async(raw, run_in_threadpool)
        return _response(result, head=method == "HEAD")

    return view


async def _raw_request(request: Request, route: Route, op: OperationSpec) -> RawRequest:
    names = route.names_of(op)
    content_type = request.headers.get("content-type")
    form = None
    body = b""
    if op.body is not None and essence(content_type) in _FORM_TYPES and _declares_form(op):
        form = await _form(request)
    else:
        body = await request.body()
    return RawRequest(
        method=request.method.upper(),
        path=request.url.path,
        path_params={names.get(k, k): str(v) for k, v in request.path_params.items()},
        query=request.query_params.multi_items(),
        raw_query=request.scope.get("query_string", b"").decode("latin-1"),
        headers=Headers(request.headers.items()),
        cookies=dict(request.cookies),
        content_type=content_type,
        body=body,
        form=form,
        native=request,
    )


def _declares_form(op: OperationSpec) -> bool:
    return op.body is not None and any(m.kind in ("form", "multipart") for m in op.body.media)


async def _form(request: Request) -> list[tuple[str, str | UploadedFile]]:
    try:
        form = await request.form()
    except Exception as exc:
        detail = getattr(exc, "detail", None) or str(exc) or "malformed form body"
        raise Problem(
            _INVALID, "Invalid request", errors=[field_error("body", "", detail)]
        ) from exc
    out: list[tuple[str, str | UploadedFile]] = []
    try:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                data = await value.read()
                out.append((key, UploadedFile(value.filename, value.content_type, data)))
            else:
                out.append((key, value))
    finally:
        await form.close()
    return out


def _response(raw: RawResponse, *, head: bool) -> Response:
    headers = dict(raw.headers)
    if head:
        headers["content-length"] = str(len(raw.body))
    media = raw.media_type
    if media is not None and media_kind(media) == "text" and "charset" not in media:
        media = f"{media}; charset=utf-8"
    return Response(
        content=b"" if head else raw.body,
        status_code=raw.status,
        headers=headers,
        media_type=media,
    )


def _install_problem_handlers(app: FastAPI) -> None:
    """404/405 and other HTTP errors, FastAPI's own validation errors and crashes."""

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        headers = dict(exc.headers or {})
        if "Allow" in headers:
            headers["Allow"] = ", ".join(sorted(m.strip() for m in headers["Allow"].split(",")))
        detail = exc.detail if isinstance(exc.detail, str) else None
        problem = Problem(exc.status_code, detail=detail, headers=headers)
        if problem.detail == problem.title:
            problem.detail = None
        return _response(problem_response(problem), head=False)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [
            field_error(str(e["loc"][0]) if e["loc"] else "body", _loc(e["loc"]), str(e["msg"]))
            for e in exc.errors()
        ]
        problem = Problem(_INVALID, "Invalid request", errors=errors)
        return _response(problem_response(problem), head=False)

    async def crash(request: Request, exc: Exception) -> Response:
        return _response(internal_error(request.url.path, repr(exc)), head=False)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, crash)


def _loc(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc[1:])
