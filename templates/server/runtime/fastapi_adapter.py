"""Serve OperationSpecs with FastAPI: one route per path, async handlers.

Routes take the plain Starlette ``Request`` and hand a :class:`RawRequest` to the core,
so validation, security and errors behave exactly as with the Flask adapter; FastAPI
contributes routing, ``/docs`` and the ASGI server integration.  ``/openapi.json`` serves
the contract document itself (``app.openapi()`` returns it too), not a document FastAPI
derives from the routes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette._utils import get_route_path
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile, URLPath
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, NoMatchFound, request_response
from starlette.routing import Route as StarletteRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from .bodies import essence
from .contract import LazyContract
from .core import Endpoint, internal_error, mock_enabled, problem_response
from .problems import Problem, field_error
from .request import Headers, RawRequest, UploadedFile
from .responses import RawResponse
from .routing import PathMatcher, Route, encoded_slash_segments, routes
from .security import SecurityHooks
from .spec import OperationSpec, SchemeSpec, media_kind

__all__ = ["OperationRoutes", "build_app"]

_INVALID = 422
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def build_app(
    operations: Sequence[OperationSpec],
    handlers: Mapping[str, object],
    hooks: SecurityHooks,
    contract: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    *,
    schemes: Mapping[str, SchemeSpec] | None = None,
    mock: bool = False,
    title: str | None = None,
    version: str | None = None,
) -> FastAPI:
    """A FastAPI app serving ``operations`` with ``handlers[op.tag_module]``.

    ``contract`` may be a function returning the document: it is then read on first use
    (``/openapi.json``, mock answers), not while the app starts.  ``mock`` is the
    generation-time setting; ``APIGEN_MOCK`` overrides it at run time.
    """
    document = LazyContract(contract)
    app = FastAPI(
        title=title or document.info("title", "API"),
        version=version or document.info("version", "0"),
        openapi_url="/openapi.json",
    )
    _serve_contract(app, document)
    mocking = mock_enabled(mock)
    table = routes(operations, "{", "}")
    views = []
    for route in table:
        endpoints = {
            op.method.upper(): Endpoint(
                op,
                handlers.get(op.tag_module),
                hooks,
                schemes=schemes or {},
                contract=document,
                mock=mocking,
                invalid_status=_INVALID,
            )
            for op in route.operations
        }
        methods = _methods(endpoints)
        views.append((request_response(_view(route, endpoints, methods)), methods))
    app.router.routes.append(OperationRoutes(table, views))
    _install_problem_handlers(app)
    return app


class OperationRoutes(BaseRoute):
    """Every operation's route as one Starlette route.

    ``add_api_route`` compiles a regex and inspects the endpoint per route (most of the
    start-up time of a big API); this route finds the operation with a
    :class:`PathMatcher` and hands the request to its view.  ``table[i]`` is served by
    ``views[i]`` (the ASGI app and its methods); an undeclared method is a 405 with
    ``Allow``.  A path with an encoded slash is routed on the raw path's segments
    (:func:`encoded_slash_segments`): ``%2F`` stays inside its parameter's value.
    """

    def __init__(self, table: Sequence[Route], views: Sequence[tuple[ASGIApp, list[str]]]) -> None:
        self.table = list(table)
        self._views = {id(route): view for route, view in zip(table, views, strict=True)}
        self._matcher = PathMatcher(self.table)

    def methods_of(self, route: Route) -> list[str]:
        """The methods ``route`` answers (declared ones, HEAD for GET, OPTIONS)."""
        return self._views[id(route)][1]

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        found = self._find(scope)
        if found is None:
            return Match.NONE, {}
        route, params = found
        app, methods = self._views[id(route)]
        path_params = {**scope.get("path_params", {}), **params}
        child = {"endpoint": app, "path_params": path_params, "apigen_route": route}
        return (Match.FULL if scope["method"] in methods else Match.PARTIAL), child

    def _find(self, scope: Scope) -> tuple[Route, dict[str, str]] | None:
        raw = scope.get("raw_path")
        if isinstance(raw, bytes):
            segments = encoded_slash_segments(raw, scope["path"], scope.get("root_path", ""))
            if segments is not None:
                return self._matcher.match_encoded(segments)
        return self._matcher.match(get_route_path(scope))

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        app, methods = self._views[id(scope["apigen_route"])]
        if scope["method"] not in methods:
            raise StarletteHTTPException(405, headers={"Allow": ", ".join(methods)})
        await app(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        raise NoMatchFound(name, path_params)


def _methods(endpoints: Mapping[str, Endpoint]) -> list[str]:
    """Declared methods plus HEAD (for GET) and OPTIONS (answered with ``Allow``)."""
    methods = set(endpoints)
    if "GET" in methods:
        methods.add("HEAD")
    methods.add("OPTIONS")
    return sorted(methods)


def _serve_contract(app: FastAPI, contract: LazyContract) -> None:
    """``/openapi.json`` (before FastAPI's own route) and ``app.openapi()`` give the contract."""

    async def openapi(request: Request) -> Response:
        return Response(contract.json_bytes(), media_type="application/json")

    setattr(app, "openapi", lambda: dict(contract.document()))  # noqa: B010 - replaces a method
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
            return _response(endpoint.problem(problem), head=False)
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
