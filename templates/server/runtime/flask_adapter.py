"""Serve OperationSpecs with Flask: one blueprint per tag, sync handlers.

Each path template becomes one URL rule (all its methods), registered on the blueprint of
the tag of its first operation; the view builds a :class:`RawRequest` and the core does
the rest, exactly as with the FastAPI adapter but answering invalid requests with 400.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask import Blueprint, Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter, Map

from .contract import LazyContract
from .core import Endpoint, internal_error, mock_enabled, problem_response
from .problems import Problem, field_error
from .request import Headers, RawRequest, UploadedFile
from .responses import RawResponse
from .routing import Route, routes
from .security import SecurityHooks
from .spec import OperationSpec, SchemeSpec

__all__ = ["build_app", "route_table"]

_INVALID = 400
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_LITERAL = "apigen_literal"


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
) -> Flask:
    """A Flask app serving ``operations`` with ``handlers[op.tag_module]``.

    ``contract`` may be a function returning the document: it is then read on first use
    (``/openapi.json``, mock answers).  ``mock`` is the generation-time setting;
    ``APIGEN_MOCK`` overrides it at run time.  ``title``/``version`` are kept in
    ``app.config`` (``API_TITLE``, ``API_VERSION``).
    """
    app = Flask(__name__.rsplit(".", 1)[0], static_folder=None)
    contract = LazyContract(contract)
    app.config["API_TITLE"] = title or contract.info("title", "API")
    app.config["API_VERSION"] = version or contract.info("version", "0")
    mocking = mock_enabled(mock)
    blueprints: dict[str, Blueprint] = {}
    table, converter = route_table(operations)
    app.url_map.converters[_LITERAL] = converter
    for index, route in enumerate(table):
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
        tag = route.operations[0].tag_module
        blueprint = blueprints.get(tag)
        if blueprint is None:
            blueprint = blueprints[tag] = Blueprint(_blueprint_name(tag, len(blueprints)), __name__)
        blueprint.add_url_rule(
            route.framework_path,
            f"r{index}",
            _view(route, endpoints),
            methods=sorted(endpoints),
            # None: Flask adds OPTIONS (answered with Allow) unless the spec declares it
            provide_automatic_options=False if "OPTIONS" in endpoints else None,
        )
    app.add_url_rule("/openapi.json", "openapi", _contract_view(contract), methods=["GET"])
    for blueprint in blueprints.values():
        app.register_blueprint(blueprint)
    _install_problem_handlers(app)
    return app


def route_table(operations: Sequence[OperationSpec]) -> tuple[list[Route], type[BaseConverter]]:
    """The URL rules serving ``operations``, in matching order, and the converter that
    their escaped literal text needs (registered as ``apigen_literal``)."""
    literals = _Literals()
    return routes(operations, "<", ">", literals.escape), literals.converter


class _Literals:
    """Path text werkzeug would read as rule syntax (``<upload_url>``), matched verbatim.

    A literal run holding ``<`` or ``>`` becomes a variable whose converter matches
    exactly that text (its index in this table is the converter's argument); the view
    drops such variables, they are not parameters.
    """

    def __init__(self) -> None:
        self.texts: list[str] = []
        texts = self.texts

        class Literal(BaseConverter):
            weight = 1  # a fixed text: tried before real variables

            def __init__(self, url_map: Map, index: int) -> None:
                super().__init__(url_map)
                self.regex = re.escape(texts[index])

        self.converter = Literal

    def escape(self, text: str) -> str:
        if "<" not in text and ">" not in text:
            return text
        if text not in self.texts:
            self.texts.append(text)
        index = self.texts.index(text)
        return f"<{_LITERAL}({index}):lit{index}>"


def _blueprint_name(tag: str, index: int) -> str:
    """A blueprint name Flask accepts (no dots), unique per tag."""
    cleaned = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in tag)
    return f"{cleaned or 'default'}_{index}"


def _contract_view(contract: LazyContract) -> Any:
    def openapi() -> Response:
        return Response(contract.json_bytes(), mimetype="application/json")

    return openapi


def _view(route: Route, endpoints: Mapping[str, Endpoint]) -> Any:
    def view(**path_params: str) -> Response:
        method = request.method.upper()
        endpoint = endpoints.get(method) or (endpoints.get("GET") if method == "HEAD" else None)
        if endpoint is None:  # werkzeug only routes declared methods here
            return _response(problem_response(Problem(405)))
        try:
            raw = _raw_request(route, endpoint.op, path_params)
        except Problem as problem:
            return _response(endpoint.problem(problem))
        return _response(endpoint.handle(raw))

    return view


def _raw_request(route: Route, op: OperationSpec, path_params: Mapping[str, str]) -> RawRequest:
    names = route.names_of(op)
    content_type = request.headers.get("content-type")
    form = None
    body = b""
    if op.body is not None and request.mimetype in _FORM_TYPES and _declares_form(op):
        form = _form()
    else:
        body = request.get_data(cache=True)
    return RawRequest(
        method=request.method.upper(),
        path=request.path,
        path_params={names[k]: v for k, v in path_params.items() if k in names},
        query=list(request.args.items(multi=True)),
        raw_query=request.query_string.decode("latin-1"),
        headers=Headers(request.headers.items()),
        cookies=dict(request.cookies),
        content_type=content_type,
        body=body,
        form=form,
        native=request._get_current_object(),  # type: ignore[attr-defined]
    )


def _declares_form(op: OperationSpec) -> bool:
    return op.body is not None and any(m.kind in ("form", "multipart") for m in op.body.media)


def _form() -> list[tuple[str, str | UploadedFile]]:
    try:
        fields = list(request.form.items(multi=True))
        files = list(request.files.items(multi=True))
    except HTTPException:
        raise
    except Exception as exc:
        error = field_error("body", "", str(exc) or "malformed form body")
        raise Problem(_INVALID, "Invalid request", errors=[error]) from exc
    out: list[tuple[str, str | UploadedFile]] = list(fields)
    for key, storage in files:
        out.append((key, UploadedFile(storage.filename, storage.mimetype or None, storage.read())))
    return out


def _response(raw: RawResponse) -> Response:
    response = Response(raw.body, status=raw.status, headers=dict(raw.headers))
    if raw.media_type is not None:
        response.headers["Content-Type"] = raw.media_type
    elif not raw.body:
        del response.headers["Content-Type"]
    return response


def _install_problem_handlers(app: Flask) -> None:
    """404/405/413 and other HTTP errors, and crashes, as problem documents."""

    def http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        headers = {}
        valid = getattr(exc, "valid_methods", None)
        if status == 405 and valid:
            headers["Allow"] = ", ".join(sorted(valid))
        return _response(problem_response(Problem(status, headers=headers)))

    def crash(exc: Exception) -> Response:
        if isinstance(exc, HTTPException):
            return http_error(exc)
        return _response(internal_error(request.path, repr(exc)))

    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, crash)
