"""Serve OperationSpecs with Flask: one blueprint per tag, sync handlers.

Each path template becomes one URL rule (all its methods), registered on the blueprint of
the tag of its first operation; the view builds a :class:`RawRequest` and the core does
the rest, exactly as with the FastAPI adapter but answering invalid requests with 400.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask import Blueprint, Flask, Request, Response, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import BaseConverter, Map, MapAdapter, Rule

from .contract import LazyContract
from .core import Endpoint, internal_error, mock_enabled, problem_response
from .problems import Problem, field_error
from .request import Headers, RawRequest, UploadedFile
from .responses import RawResponse
from .routing import PathMatcher, Route, encoded_slash_segments, routes
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
    app = _App(__name__.rsplit(".", 1)[0], static_folder=None)
    contract = LazyContract(contract)
    app.config["API_TITLE"] = title or contract.info("title", "API")
    app.config["API_VERSION"] = version or contract.info("version", "0")
    mocking = mock_enabled(mock)
    blueprints: dict[str, Blueprint] = {}
    endpoints_of: dict[int, str] = {}
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
        endpoints_of.update((id(op), f"{blueprint.name}.r{index}") for op in route.operations)
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
    app.encoded_slashes = _EncodedSlashes(operations, app.url_map, endpoints_of)
    _install_problem_handlers(app)
    return app


class _App(Flask):
    """Flask, with paths holding an encoded slash routed by :class:`_EncodedSlashes`."""

    encoded_slashes: _EncodedSlashes | None = None

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        adapter = super().create_url_adapter(request)
        if adapter is None or request is None or self.encoded_slashes is None:
            return adapter
        return self.encoded_slashes.adapter(adapter, request.environ)


class _EncodedSlashes:
    """Routing for request paths with ``%2F`` in a parameter's value.

    werkzeug matches the decoded ``PATH_INFO``, where such a slash splits the value and
    the request finds no route.  The raw request target (``RAW_URI``/``REQUEST_URI``, set
    by werkzeug's server and gunicorn) keeps it: its segments, decoded one by one, are
    matched by a :class:`PathMatcher` (built on first use, start-up stays as it was) and
    the URL rule of the route found is what werkzeug would have matched.
    """

    def __init__(
        self, operations: Sequence[OperationSpec], url_map: Map, endpoints: Mapping[int, str]
    ) -> None:
        self._operations = operations
        self._map = url_map
        self._endpoints = endpoints
        self._matcher: PathMatcher | None = None

    def adapter(self, base: MapAdapter, environ: Mapping[str, Any]) -> MapAdapter:
        """``base``, or an adapter answering with the raw path's route when it has ``%2F``."""
        raw = _raw_path(environ)
        script = _wsgi_text(environ.get("SCRIPT_NAME", ""))
        path = _wsgi_text(environ.get("PATH_INFO", ""))
        if raw is None or script is None or path is None:
            return base
        segments = encoded_slash_segments(raw, script + path, script)
        if segments is None:
            return base
        return _RawPathAdapter(base, self._rule_of(segments))

    def _rule_of(self, segments: list[str]) -> tuple[Rule, dict[str, str]] | None:
        if self._matcher is None:
            self._matcher = PathMatcher(routes(self._operations, "{", "}"))
        found = self._matcher.match_encoded(segments)
        if found is None:
            return None
        route, params = found
        endpoint = self._endpoints[id(route.operations[0])]
        return next(iter(self._map.iter_rules(endpoint))), params


class _RawPathAdapter(MapAdapter):
    """A request's URL adapter whose match (rule and values) was found on the raw path."""

    def __init__(self, base: MapAdapter, found: tuple[Rule, dict[str, str]] | None) -> None:
        super().__init__(
            base.map,
            base.server_name,
            base.script_name,
            base.subdomain,
            base.url_scheme,
            base.path_info,
            base.default_method,
            base.query_args,
        )
        self._found = found

    def match(
        self,
        path_info: str | None = None,
        method: str | None = None,
        return_rule: bool = False,
        query_args: Mapping[str, Any] | str | None = None,
        websocket: bool | None = None,
    ) -> tuple[Any, Mapping[str, Any]]:
        if path_info is not None:  # another path than the request's: werkzeug's own rules
            if return_rule:
                return super().match(path_info, method, True, query_args, websocket)
            return super().match(path_info, method, False, query_args, websocket)
        if self._found is None:
            raise NotFound()
        rule, values = self._found
        allowed = rule.methods or set()
        if (method or self.default_method).upper() not in allowed:
            raise MethodNotAllowed(valid_methods=sorted(allowed))
        return (rule if return_rule else rule.endpoint), dict(values)


def _raw_path(environ: Mapping[str, Any]) -> bytes | None:
    """The request target's path as received (absolute-form ``http://host/p`` too)."""
    uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if not isinstance(uri, str):
        return None
    try:
        raw = uri.encode("latin-1")
    except UnicodeEncodeError:
        return None
    if not raw.startswith(b"/"):
        scheme, sep, rest = raw.partition(b"://")
        if not sep or not scheme.isalpha():
            return None
        raw = b"/" + rest.partition(b"/")[2]
    return raw.partition(b"?")[0].partition(b"#")[0]


def _wsgi_text(value: object) -> str | None:
    """A WSGI environ string (bytes as latin-1) as the text it carries (UTF-8)."""
    if not isinstance(value, str):
        return None
    try:
        return value.encode("latin-1").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return None


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
