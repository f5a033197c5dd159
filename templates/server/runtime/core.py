"""The request pipeline shared by both adapters: authenticate, parse, call, render.

:class:`Endpoint` binds one operation to its handler object, the security hooks and the
app's settings.  The operation's Python types (``OperationSpec.types``) and the pydantic
validators built from them are prepared on the first request, so importing and starting a
server with thousands of operations does not build thousands of validators.

Errors never leak: a :class:`Problem` becomes its problem document, a handler that raises
``NotImplementedError`` gives 501 (or the mock answer in mock mode), a response that breaks
the contract and any other exception give a 500 problem and a server-side log record
with the traceback.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from pydantic import TypeAdapter

from .bodies import NO_BODY, essence, match_media, parse_body
from .conformance import first_violation, request_body_schema
from .context import RequestContext
from .fitting import fit_problem, problem_text
from .mock import mock_response
from .params import parse_params
from .problems import PROBLEM_JSON, Problem, field_error
from .request import RawRequest
from .responses import ContractError, RawResponse, render_result
from .security import Principal, SecurityHooks, authenticate
from .spec import OperationSpec, OperationTypes, ResponseSpec, SchemeSpec, media_kind
from .steps import Call, RunSync, Steps, drive, drive_async

__all__ = [
    "Endpoint",
    "handle",
    "handle_async",
    "mock_enabled",
    "problem_media",
    "problem_response",
]

logger = logging.getLogger(__name__.rsplit(".", 1)[0])


def mock_enabled(default: bool) -> bool:
    """Mock mode: ``APIGEN_MOCK=1`` (or true/yes/on) forces it on, ``=0`` off."""
    value = os.environ.get("APIGEN_MOCK", "").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    return default


def problem_response(
    problem: Problem,
    responses: Sequence[ResponseSpec] = (),
    types: Mapping[str, Any] | None = None,
    adapters: Mapping[str, TypeAdapter[Any] | None] | None = None,
) -> RawResponse:
    """A Problem as the finished response, in the media type the contract declares for it.

    Its media type is ``application/problem+json`` unless the operation declares this
    status (exact code, else its ``4XX``/``5XX`` range, else ``default``) with JSON media
    types none of which is problem+json (commonly plain ``application/json``): then the
    first of those, so the content type the client was promised matches.  With a declared
    JSON type, the document is also made to fit the declared schema where it can
    (``types``/``adapters``: status -> response type and its validator, as the operation's
    ``OperationTypes``; :func:`fitting.fit_problem`).  A status declared only as
    ``text/plain`` or ``text/html`` is answered with the problem as one line of text
    (:func:`fitting.problem_text`, HTML-escaped for HTML).  A status declared only with raw
    media types (Swagger 2.0's ``produces: [application/x-tar]`` applies to Docker's 400s
    too) takes the first of them: any bytes fit a raw body, and sending the JSON document
    under the promised label beats breaking the contract with an undeclared one.
    """
    media = problem_media(responses, problem.status)
    body = problem.body()
    declared = _declared(responses, problem.status)
    text = _text_media(declared) if media == PROBLEM_JSON and declared is not None else None
    if text is not None:
        line = problem_text(problem)
        html = essence(text) == "text/html"
        return RawResponse(
            problem.status, problem.headers, (escape(line) if html else line).encode(), text
        )
    if media != PROBLEM_JSON and declared is not None and types and adapters:
        fitted = fit_problem(problem, types.get(declared.status), adapters.get(declared.status))
        if fitted is not None:
            body = json.dumps(fitted, ensure_ascii=False, default=str).encode()
    return RawResponse(problem.status, problem.headers, body, media)


def _declared(responses: Sequence[ResponseSpec], status: int) -> ResponseSpec | None:
    """The response declaration an error ``status`` answers under: exact, range, default."""
    by_key = {r.status.upper(): r for r in responses}
    found = by_key.get(str(status)) or by_key.get(f"{status // 100}XX")
    if found is None and status >= 400:
        found = by_key.get("DEFAULT")
    return found


_TEXT = ("text/plain", "text/html")


def _text_media(declared: ResponseSpec) -> str | None:
    """The declared text/plain or text/html media type, when nothing JSON is declared."""
    essences = [essence(m) for m in declared.media]
    if any(media_kind(e) == "json" for e in essences):
        return None
    return next((m for m, e in zip(declared.media, essences, strict=True) if e in _TEXT), None)


def problem_media(responses: Sequence[ResponseSpec], status: int) -> str:
    """The media type of an error answer with ``status`` (see :func:`problem_response`)."""
    declared = _declared(responses, status)
    if declared is None or not declared.media:
        return PROBLEM_JSON
    essences = [essence(m) for m in declared.media]
    if any(_admits(m, PROBLEM_JSON) for m in essences):
        return PROBLEM_JSON
    usable = [m for m in essences if media_kind(m) == "json" and "*" not in m]
    if usable:
        return usable[0]
    if any(media_kind(m) != "binary" for m in essences):
        return PROBLEM_JSON  # text is answered as a line of text; form/multipart cannot hold it
    return next((m for m in essences if "*" not in m), PROBLEM_JSON)


def _admits(declared: str, media: str) -> bool:
    """Whether the declared (possibly wildcard) media type covers ``media``."""
    main, _, sub = declared.partition("/")
    want_main, _, want_sub = media.partition("/")
    return main in ("*", want_main) and sub in ("*", want_sub)


#: What a 500 answer says; the details stay in the log, never in the response.
INTERNAL_DETAIL = "the server failed to answer this request"


def internal_error(operation_id: str, reason: str) -> RawResponse:
    """The 500 answer outside an operation's declarations; ``reason`` goes to the log."""
    logger.error("operation %s failed: %s", operation_id, reason)
    return problem_response(Problem(500, detail=INTERNAL_DETAIL))


@dataclass(frozen=True, slots=True)
class _Prepared:
    """An operation's types and validators, built once."""

    types: OperationTypes
    params: dict[str, TypeAdapter[Any]]
    body: dict[str, TypeAdapter[Any]]
    responses: dict[str, TypeAdapter[Any] | None]
    body_schemas: dict[str, Any]  # JSON media type -> its schema in the contract


def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def _prepare(op: OperationSpec, contract: Mapping[str, Any]) -> _Prepared:
    types = op.types()
    json_media = [m.media_type for m in op.body.media if m.kind == "json"] if op.body else []
    return _Prepared(
        types,
        {name: _adapter(a) for name, a in types.params.items()},
        {media: _adapter(a) for media, a in types.body.items()},
        {status: None if a is None else _adapter(a) for status, a in types.responses.items()},
        {m: request_body_schema(contract, op.path, op.method, m) for m in json_media},
    )


class Endpoint:
    """One operation, ready to serve: ``handle`` for WSGI, ``handle_async`` for ASGI."""

    def __init__(
        self,
        op: OperationSpec,
        handler: object,
        hooks: SecurityHooks,
        *,
        schemes: Mapping[str, SchemeSpec],
        contract: Mapping[str, Any],
        mock: bool,
        invalid_status: int = 400,
    ) -> None:
        self.op = op
        self.handler = handler
        self.hooks = hooks
        self.schemes = schemes
        self.contract = contract
        self.mock = mock
        self.invalid_status = invalid_status
        self._prepared: _Prepared | None = None
        self._mock_answer: RawResponse | None = None
        self._lock = threading.Lock()

    def prepared(self) -> _Prepared:
        """The operation's validators (built on first call, thread-safe)."""
        if self._prepared is None:
            with self._lock:
                if self._prepared is None:
                    self._prepared = _prepare(self.op, self.contract)
        return self._prepared

    def handle(self, raw: RawRequest) -> RawResponse:
        """Serve one request synchronously."""
        return drive(self._steps(raw))

    async def handle_async(self, raw: RawRequest, run_sync: RunSync | None = None) -> RawResponse:
        """Serve one request on an event loop (``run_sync`` runs plain handlers off it)."""
        return await drive_async(self._steps(raw), run_sync)

    def _steps(self, raw: RawRequest) -> Steps[RawResponse]:
        op = self.op
        try:
            principal = yield from authenticate(
                op.security, self.schemes, raw, self.hooks, mock=self.mock
            )
            prepared = self.prepared()
            args, kwargs = self._arguments(prepared, raw, principal)
            method = getattr(self.handler, op.handler, None)
            if not callable(method):
                return self._unimplemented(prepared)
            try:
                result = yield Call(method, args, kwargs, blocking=True)
            except NotImplementedError:
                return self._unimplemented(prepared)
            return render_result(op.responses, prepared.responses, result)
        except Problem as problem:
            return self.problem(problem)
        except ContractError as exc:
            logger.error(
                "operation %s failed: response breaks the contract: %s", op.operation_id, exc
            )
            return self.problem(Problem(500, detail=INTERNAL_DETAIL))
        except Exception:
            logger.exception("operation %s raised", op.operation_id)
            return self.problem(Problem(500, detail=INTERNAL_DETAIL))

    def _unimplemented(self, prepared: _Prepared) -> RawResponse:
        """501, or the contract's answer in mock mode.

        The mock answer depends only on the operation and the contract, never on the
        request (it is deterministic), so it is built once and sent as is after that: a
        response's example is vetted and its data generated once, not on every request.
        """
        if self.mock:
            if self._mock_answer is None:  # a race builds the same answer twice, harmlessly
                self._mock_answer = mock_response(self.op, self.contract, prepared.responses)
            return self._mock_answer
        detail = f"operation {self.op.operation_id} is not implemented yet"
        return self.problem(Problem(501, detail=detail))

    def problem(self, problem: Problem) -> RawResponse:
        """``problem`` answered as this operation declares its status (:func:`problem_response`)."""
        try:
            prepared = self.prepared()
        except Exception:  # the types did not import: the plain document still answers
            logger.exception("operation %s: types unavailable", self.op.operation_id)
            return problem_response(problem, self.op.responses)
        return problem_response(
            problem, self.op.responses, prepared.types.responses, prepared.responses
        )

    def _invalid(self, prepared: _Prepared, detail: str, errors: list[dict[str, str]]) -> Problem:
        """The invalid-request problem, with the framework's status (FastAPI 422, Flask 400)
        unless the contract declares that status with a schema no problem document fits and
        declares the other one (400/422) with one it fits: GitHub's merge-async declares its
        400 as a closed merge result and its 422 as a validation error."""
        own = Problem(self.invalid_status, "Invalid request", detail, errors=errors)
        if self._fits(own, prepared) is not False:
            return own
        other = Problem(422 if own.status == 400 else 400, "Invalid request", detail, errors=errors)
        return other if self._fits(other, prepared) else own

    def _fits(self, problem: Problem, prepared: _Prepared) -> bool | None:
        """Whether the answer to ``problem`` fits the status the operation declares for it
        exactly (None: not declared exactly; True: declared without a JSON schema to fit)."""
        declared = next((r for r in self.op.responses if r.status == str(problem.status)), None)
        if declared is None:
            return None
        if problem_media(self.op.responses, problem.status) == PROBLEM_JSON:
            return True
        adapter = prepared.responses.get(declared.status)
        if adapter is None:  # no schema: any document fits
            return True
        annotation = prepared.types.responses.get(declared.status)
        return fit_problem(problem, annotation, adapter) is not None

    def _arguments(
        self, prepared: _Prepared, raw: RawRequest, principal: Principal | None
    ) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """Handler arguments, or a Problem naming every bad field.

        Path parameters go by position, in ``op.params`` order (path order), as the
        generated signatures declare them: renaming one in the contract then keeps old
        handlers working.  Everything else goes by keyword.
        """
        op = self.op
        kwargs, errors = parse_params(op.params, prepared.params, raw)
        if op.body is not None:
            body, body_errors = parse_body(op.body, prepared.types.body, prepared.body, raw)
            if body is not NO_BODY and not body_errors:
                body_errors = self._contract_errors(prepared, raw)
            errors.extend(body_errors)
            if body is not NO_BODY:
                kwargs["body"] = body
            elif not errors:
                kwargs["body"] = None
        if errors:
            count = len({(e["in"], e["name"]) for e in errors})
            detail = f"{count} invalid field{'s' if count > 1 else ''}"
            raise self._invalid(prepared, detail, errors)
        kwargs["ctx"] = RequestContext(principal, raw.headers, raw.native, op.operation_id)
        args = tuple(kwargs.pop(p.name) for p in op.params if p.location == "path")
        return args, kwargs

    def _contract_errors(self, prepared: _Prepared, raw: RawRequest) -> list[dict[str, str]]:
        """A JSON body the models accepted, checked against the contract's own schema
        where the models are lax (:mod:`conformance`): a body the contract refuses is
        refused even if the generated types could not express why."""
        assert self.op.body is not None
        media = match_media(self.op.body.media, raw.content_type or "")
        schema = prepared.body_schemas.get(media.media_type) if media else None
        if schema is None or not raw.body:
            return []
        try:
            found = first_violation(self.contract, schema, json.loads(raw.body), request=True)
        except ValueError:
            return []
        return [] if found is None else [field_error("body", found[0], found[1])]


def handle(
    op: OperationSpec,
    raw: RawRequest,
    handler: object,
    hooks: SecurityHooks,
    *,
    mock: bool,
    contract: Mapping[str, Any],
    schemes: Mapping[str, SchemeSpec] | None = None,
    invalid_status: int = 400,
) -> RawResponse:
    """Serve one request without keeping an :class:`Endpoint` (validators not cached)."""
    endpoint = Endpoint(
        op,
        handler,
        hooks,
        schemes=schemes or {},
        contract=contract,
        mock=mock,
        invalid_status=invalid_status,
    )
    return endpoint.handle(raw)


async def handle_async(
    op: OperationSpec,
    raw: RawRequest,
    handler: object,
    hooks: SecurityHooks,
    *,
    mock: bool,
    contract: Mapping[str, Any],
    schemes: Mapping[str, SchemeSpec] | None = None,
    invalid_status: int = 422,
    run_sync: Callable[..., Any] | None = None,
) -> RawResponse:
    """The async twin of :func:`handle`."""
    endpoint = Endpoint(
        op,
        handler,
        hooks,
        schemes=schemes or {},
        contract=contract,
        mock=mock,
        invalid_status=invalid_status,
    )
    return await endpoint.handle_async(raw, run_sync)
