"""What the tests call: ``api.send(OPERATION, case, ...)`` and the ``expect_*`` checks.

A test builds its request as plain data (path with values, query/header/cookie values
already serialised in their style, a body), so reading the test shows exactly what goes on
the wire.  Credentials are added here, per the operation's security requirements: the
first alternative whose schemes all have a credential configured is used; when none has,
the test is skipped with the names of the variables to set (a missing credential is not a
contract violation).
"""

from __future__ import annotations

import base64
import json as jsonlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NoReturn
from urllib.parse import quote, unquote

import httpx
import pytest

from .checks import Violation, check_headers, check_payload, check_status, coerce
from .contract import Contract, OperationSpec, status_key
from .report import Secret, render_failure

__all__ = ["Api", "Operation", "Result", "Settings"]

Pairs = Sequence[tuple[str, str]]
_UNSET: Any = object()
_MISSING: Any = object()


@dataclass(frozen=True)
class Operation:
    """An operation of the contract, as the tests name it (looked up by method and path)."""

    operation_id: str
    method: str
    path: str


@dataclass(frozen=True)
class Credential:
    value: str
    variable: str  # the environment variable it is documented under


@dataclass
class Settings:
    base_url: str
    accept_4xx: frozenset[int] = frozenset({400, 422})
    credentials: dict[str, Credential] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)  # scheme -> its env variable
    fuzz: int = 0  # --apigen-fuzz: requests per operation and kind (0: no fuzzing)


class Api:
    """The system under test, and the contract it is tested against."""

    def __init__(self, contract: Contract, client: httpx.Client, settings: Settings) -> None:
        self.contract = contract
        self.client = client
        self.settings = settings

    def path(self, operation: Operation, values: Mapping[str, Any]) -> str:
        """The operation's path with values filled in (``simple`` style, percent-encoded).

        A value taken from an earlier answer that the parameter's schema refuses skips the
        test: the contract let the server answer it, so the flow cannot go on, and that is
        no violation (mock servers answer such values all the time).
        """
        spec = self.contract.operation(operation.method, operation.path)
        schemas = dict(spec.path_schemas)
        template = operation.path
        for name, value in values.items():
            schema = schemas.get(name)
            text = _text(value)
            if schema is not None and self.contract.schemas.errors(
                schema.uri, schema.pointer, coerce(self.contract, schema, text)
            ):
                pytest.skip(
                    f"{operation.operation_id}: {text!r} from an earlier answer does not fit "
                    f"path parameter {name!r} ({schema.where}); the flow cannot go on"
                )
            template = template.replace("{" + name + "}", quote(text, safe=""))
        return template

    def send(
        self,
        operation: Operation,
        case: str,
        *,
        path: str | None = None,
        query: Pairs = (),
        headers: Pairs = (),
        cookies: Pairs = (),
        json: Any = _UNSET,
        form: Pairs | None = None,
        multipart: Sequence[tuple[str, str | None, bytes | str, str | None]] | None = None,
        content: bytes | str | None = None,
        content_type: str | None = None,
        auth: bool = True,
    ) -> Result:
        """Send one request; ``auth=False`` sends it without any credentials."""
        spec = self.contract.operation(operation.method, operation.path)
        title = f"{operation.operation_id} ({operation.method} {operation.path}), case {case!r}"
        headers, query, cookies = list(headers), list(query), list(cookies)
        secrets: list[Secret] = []
        if auth:
            secrets = self._authorise(spec, title, headers, query, cookies)
        if cookies:
            headers.append(("Cookie", "; ".join(f"{k}={v}" for k, v in cookies)))
        body: dict[str, Any] = {}
        if json is not _UNSET:
            body["content"] = jsonlib.dumps(json).encode("utf-8")
            headers.append(("Content-Type", content_type or "application/json"))
        elif form is not None:
            body["data"] = dict(_group(form))
        elif multipart is not None:
            body["files"] = [(n, (f, c, t) if t else (f, c)) for n, f, c, t in multipart]
        elif content is not None:
            body["content"] = content
            if content_type:
                headers.append(("Content-Type", content_type))
        url = self.settings.base_url.rstrip("/") + _wire_path(
            path if path is not None else operation.path
        )
        request = self.client.build_request(
            operation.method, url, params=tuple(query), headers=headers, **body
        )
        try:
            response = self.client.send(request)
        except httpx.HTTPError as exc:
            pytest.fail(f"{title}: the request failed: {type(exc).__name__}: {exc}", pytrace=False)
        response.read()
        return Result(self, spec, title, request, response, secrets)

    def _authorise(
        self,
        spec: OperationSpec,
        title: str,
        headers: list[tuple[str, str]],
        query: list[tuple[str, str]],
        cookies: list[tuple[str, str]],
    ) -> list[Secret]:
        if not spec.security:
            return []
        schemes = self.contract.schemes
        for alternative in spec.security:
            if not all(self._usable(name) for name in alternative):
                continue
            secrets = []
            for name in alternative:
                scheme, credential = schemes[name], self.settings.credentials[name]
                variable = "${" + credential.variable + "}"
                if scheme.kind == "apiKey":
                    where = _where(scheme.location)
                    target = {"query": query, "cookie": cookies}.get(where, headers)
                    key = scheme.parameter or name
                    target.append((key, credential.value))
                    secrets.append(Secret(where, key, credential.value, "", variable))
                elif scheme.kind == "basic":
                    token = base64.b64encode(credential.value.encode()).decode()
                    headers.append(("Authorization", f"Basic {token}"))
                    shell = f'$(printf %s "{variable}" | base64 | tr -d "\\n")'
                    secrets.append(
                        Secret("header", "Authorization", f"Basic {token}", "Basic ", shell)
                    )
                else:
                    headers.append(("Authorization", f"Bearer {credential.value}"))
                    bearer = f"Bearer {credential.value}"
                    secrets.append(Secret("header", "Authorization", bearer, "Bearer ", variable))
            return secrets
        wanted = " or ".join(
            " and ".join(self.settings.variables.get(n, n) for n in alt) for alt in spec.security
        )
        pytest.skip(f"{title}: needs credentials: set {wanted}")

    def _usable(self, scheme: str) -> bool:
        found = self.contract.schemes.get(scheme)
        return (
            found is not None
            and found.kind != "unsupported"
            and scheme in self.settings.credentials
        )


class Result:
    """One request and its response, with the checks a test can make on them."""

    def __init__(
        self,
        api: Api,
        spec: OperationSpec,
        title: str,
        request: httpx.Request,
        response: httpx.Response,
        secrets: list[Secret],
    ) -> None:
        self.api = api
        self.spec = spec
        self.title = title
        self.request = request
        self.response = response
        self.secrets = secrets

    @property
    def status(self) -> int:
        return self.response.status_code

    # ------------------------------------------------------------------ checks

    def expect_conforms(self) -> Result:
        """A declared status (never a 5xx), and the content type, body and headers it declares."""
        declared, found = check_status(self.spec, self.response)
        if declared is not None and self.status < 500:
            found += self._payload(declared)
        return self._verdict(found)

    def expect_success(self) -> Result:
        """A 2xx that conforms to the contract (steps of a flow that must work)."""
        if not 200 <= self.status < 300:
            self._fail([Violation(f"expected a success (2xx), got {self.status}", self.spec.where)])
        return self.expect_conforms()

    def expect_rejected(self, *, allow_404: bool = False) -> Result:
        """An invalid request must be refused with a 4xx (which codes: ``--accept-4xx``).

        ``allow_404``: the path names a resource that may not exist, and a server may well
        look it up before it validates the rest.
        """
        accepted = self.api.settings.accept_4xx | ({404} if allow_404 else set())
        if self.status not in accepted:
            codes = ", ".join(str(c) for c in sorted(accepted))
            what = "server error" if self.status >= 500 else "status"
            rule = f"an invalid request must be rejected with {codes}"
            self._fail([Violation(f"{rule}; got {what} {self.status}")])
        return self._verdict(self._explicit_payload())

    def expect_unauthorised(self) -> Result:
        """A request without credentials to a secured operation must get 401 or 403."""
        if self.status not in (401, 403):
            return self._fail(
                [
                    Violation(
                        f"a request without credentials must get 401 or 403; got {self.status}",
                        self.spec.where + "/security",
                    )
                ]
            )
        return self._verdict(self._explicit_payload())

    def require_status(self, status: str) -> Result:
        """Skip the rest of a flow when the previous step answered something else."""
        declared = self.spec.response_for(self.status)
        if declared is None or declared.status != status_key(status):
            if self.status >= 500:
                self.expect_conforms()
            pytest.skip(
                f"{self.title}: answered {self.status}, not {status}; the link is not followed"
            )
        return self.expect_conforms()

    # ------------------------------------------------------------------ values

    def json(self, pointer: str = "") -> Any:
        """The response body (or the value at a JSON pointer in it); fails when absent."""
        value = _pointer(self._body(), pointer)
        if value is _MISSING:
            self._fail([Violation(f"the body has nothing at {pointer}, which a later step needs")])
        return value

    def _body(self) -> Any:
        try:
            return self.response.json()
        except ValueError:
            self._fail([Violation("the body is not JSON, but a later step needs a value from it")])

    def header(self, name: str) -> str:
        value: str | None = self.response.headers.get(name)
        if value is None:
            self._fail([Violation(f"header {name} is missing, and a later step needs it")])
        return value

    def location_id(self) -> str:
        """The last path segment of the ``Location`` header (the id of what was created)."""
        return self.header("Location").rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]

    def evaluate(self, expression: Any) -> Any:
        """An OpenAPI runtime expression (``$response.body#/id``...) or a constant."""
        if not isinstance(expression, str):
            return expression
        if not expression.startswith("$"):
            return re.sub(r"\{(\$[^}]+)\}", lambda m: _text(self.evaluate(m.group(1))), expression)
        return _evaluate(self, expression)

    def text(self, expression: Any) -> str:
        """:meth:`evaluate`, as parameter text (``true``, ``5``, JSON for structures)."""
        return _text(self.evaluate(expression))

    # ------------------------------------------------------------------ internals

    def _payload(self, declared: Any) -> list[Violation]:
        return check_payload(
            self.api.contract, declared, self.response, self.request.method
        ) + check_headers(self.api.contract, declared, self.response)

    def _explicit_payload(self) -> list[Violation]:
        """Body and headers, when the status is declared by code or range (not ``default``)."""
        declared = self.spec.response_for(self.status)
        if declared is None or declared.status == "default":
            return []
        return self._payload(declared)

    def _verdict(self, violations: list[Violation]) -> Result:
        if violations:
            self._fail(violations)
        return self

    def _fail(self, violations: list[Violation]) -> NoReturn:
        message = render_failure(self.title, violations, self.request, self.response, self.secrets)
        pytest.fail(message, pytrace=False)


def _wire_path(path: str) -> str:
    """The path as sent: characters a URL path cannot hold literally percent-encoded.

    Box's contract has ``/schema#add`` and ``/schema#update``: unencoded, the ``#`` would
    start a fragment and the request would go to ``/schema``.  Values already filled in are
    percent-encoded, so ``%`` is kept as it is.
    """
    return quote(path, safe="/%:@!$&'()*+,;=~")


def _where(location: str | None) -> Literal["header", "query", "cookie"]:
    if location == "query":
        return "query"
    return "cookie" if location == "cookie" else "header"


def _group(pairs: Iterable[tuple[str, str]]) -> Mapping[str, Any]:
    """Form pairs -> httpx ``data`` (repeated names become lists)."""
    grouped: dict[str, Any] = {}
    for key, value in pairs:
        if key in grouped:
            current = grouped[key]
            grouped[key] = [*current, value] if isinstance(current, list) else [current, value]
        else:
            grouped[key] = value
    return grouped


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return jsonlib.dumps(value)
    return str(value)


def _evaluate(result: Result, expression: str) -> Any:
    request, response = result.request, result.response
    if expression == "$statusCode":
        return response.status_code
    if expression == "$url":
        return str(request.url)
    if expression == "$method":
        return request.method
    source, _, rest = expression[1:].partition(".")
    where, _, name = rest.partition(".")
    if rest.startswith("body"):
        pointer = rest.partition("#")[2]
        value = _pointer(result._body() if source == "response" else _json(request), pointer)
        if value is _MISSING:
            # The link names a value this answer does not have: it says nothing about it.
            pytest.skip(f"{result.title}: {expression} finds nothing; the link is not followed")
        return value
    if source == "response" and where == "header":
        return result.header(name)
    if source == "request" and where == "header":
        return request.headers.get(name)
    if source == "request" and where == "query":
        return request.url.params.get(name)
    if source == "request" and where == "path":
        return _path_value(result.spec.path, request.url.path, name)
    raise ValueError(f"runtime expression not supported: {expression}")


def _pointer(value: Any, pointer: str) -> Any:
    """The value at a JSON pointer, or ``_MISSING``."""
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        elif isinstance(value, dict) and key in value:
            value = value[key]
        else:
            return _MISSING
    return value


def _json(request: httpx.Request) -> Any:
    try:
        return jsonlib.loads(request.content or b"null")
    except ValueError:
        return _MISSING


def _path_value(template: str, path: str, name: str) -> str | None:
    """The value of path parameter ``name`` in a sent path, by matching the template."""
    parts = re.split(r"\{([^}]+)\}", template)  # literal, name, literal, name, ..., literal
    pattern = "".join("([^/]+)" if i % 2 else re.escape(part) for i, part in enumerate(parts))
    match = re.search(pattern + "$", path)
    if not match:
        return None
    values = dict(zip(parts[1::2], match.groups(), strict=True))
    return unquote(values[name]) if name in values else None
