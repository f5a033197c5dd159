"""The HTTP engine behind generated clients: ``BaseClient`` (sync) and ``AsyncBaseClient``.

Generated operation methods describe *what* to send (an ``OperationInfo`` plus parameters and a
body) and call ``request``; this module decides *how*: URL and header assembly, credential
selection, retries with backoff, one re-authentication after a 401, and turning transport
failures into ``ApiConnectionError``/``ApiTimeoutError``. Everything that is not I/O lives in
``_ClientCore`` so the sync and async clients cannot drift apart.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import TracebackType
from typing import ClassVar, Final, TypeVar

import httpx

from ._auth import Auth, RequestParts
from ._body import Body
from ._config import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ClientConfig,
    OperationInfo,
    RequestOptions,
    TimeoutTypes,
)
from ._errors import (
    OPERATION_ID_EXTENSION,
    ApiConnectionError,
    ApiTimeoutError,
    AuthenticationRequiredError,
    RequestInfo,
)
from ._params import (
    Param,
    cookie_header,
    encode_query,
    render_path,
    serialize_cookies,
    serialize_headers,
)
from ._retry import RetryPolicy

_log = logging.getLogger(__name__)
_ClientT = TypeVar("_ClientT", bound="_ClientCore")
_SyncT = TypeVar("_SyncT", bound="BaseClient")
_AsyncT = TypeVar("_AsyncT", bound="AsyncBaseClient")


class NotGiven:
    """Marks an argument that was not passed, where None is a meaningful value."""

    _instance: ClassVar[NotGiven | None] = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


@dataclass(frozen=True)
class _Plan:
    """Everything about one call that stays the same across its attempts."""

    op: OperationInfo
    url: str
    query: str
    headers: tuple[tuple[str, str], ...]
    extra_headers: tuple[tuple[str, str], ...]
    cookies: tuple[Param, ...]
    body: Body | None
    timeout: TimeoutTypes
    max_retries: int
    retryable: bool
    auths: tuple[Auth, ...]

    @property
    def info(self) -> RequestInfo:
        return RequestInfo(self.op.method, self.url, self.op.operation_id)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    """Scheme, host and port: what must match before credentials are sent."""
    return url.scheme, url.host, url.port


class _ClientCore:
    """Request planning and retry decisions shared by the sync and async clients."""

    idempotency_header: ClassVar[str] = "Idempotency-Key"
    """Header carrying ``RequestOptions["idempotency_key"]``; generated clients may override."""

    _config: ClientConfig
    _owns_http: bool

    @property
    def base_url(self) -> str:
        """The URL operation paths are appended to."""
        return self._config.base_url

    @property
    def timeout(self) -> TimeoutTypes:
        """Default timeout of every request."""
        return self._config.timeout

    @property
    def max_retries(self) -> int:
        """Default number of retries after the first attempt."""
        return self._config.max_retries

    @property
    def validate_responses(self) -> bool:
        """Whether generated code validates response bodies against the spec's schemas."""
        return self._config.validate_responses

    @property
    def auth(self) -> Mapping[str, Auth]:
        """Credentials by security scheme name."""
        return self._config.auth

    def with_options(
        self: _ClientT,
        *,
        base_url: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        auth: Mapping[str, Auth] | None = None,
        validate_responses: bool | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> _ClientT:
        """A copy of this client with some settings replaced; it shares the connection pool.

        ``default_headers`` and ``auth`` are merged into the current ones. Closing the copy
        does not close the shared pool; closing the original does.
        """
        config = self._config
        changes: dict[str, object] = {}
        if base_url is not None:
            changes["base_url"] = base_url
        if not isinstance(timeout, NotGiven):
            changes["timeout"] = timeout
        if max_retries is not None:
            changes["max_retries"] = max_retries
        if default_headers is not None:
            changes["default_headers"] = {**config.default_headers, **default_headers}
        if auth is not None:
            changes["auth"] = {**config.auth, **auth}
        if validate_responses is not None:
            changes["validate_responses"] = validate_responses
        if retry_policy is not None:
            changes["retry_policy"] = retry_policy
        clone = copy.copy(self)
        clone._config = replace(config, **changes)  # type: ignore[arg-type]
        clone._owns_http = False
        return clone

    def _select_auth(self, op: OperationInfo) -> tuple[Auth, ...]:
        """Credentials for the first satisfiable security alternative of ``op``.

        Alternatives that name schemes are preferred over an empty (anonymous) one, so
        optional auth is still sent when configured. Fails before any I/O when nothing fits.
        """
        if not op.security:
            return ()
        configured = self._config.auth
        anonymous_allowed = False
        for alternative in op.security:
            if not alternative:
                anonymous_allowed = True
                continue
            if all(name in configured for name, _scopes in alternative):
                names = dict.fromkeys(name for name, _scopes in alternative)
                return tuple(configured[name] for name in names)
        if anonymous_allowed:
            return ()
        raise AuthenticationRequiredError(
            op.operation_id,
            tuple(tuple(name for name, _scopes in alt) for alt in op.security if alt),
        )

    def _resolve_url(self, url: str) -> tuple[str, str]:
        """Split an explicit ``url`` option into (URL without query, query)."""
        target = httpx.URL(url)
        if target.is_relative_url:
            joined = self._config.base_url.rstrip("/") + "/" + url.lstrip("/")
            target = httpx.URL(joined)
        elif _origin(target) != _origin(httpx.URL(self._config.base_url)):
            raise ValueError(
                f"refusing to send credentials to {target.scheme}://{target.netloc.decode()}: "
                f"not the client's origin ({self._config.base_url})"
            )
        without_fragment = str(target).split("#", 1)[0]
        base, _, query = without_fragment.partition("?")
        return base, query

    def _plan(
        self,
        op: OperationInfo,
        path_params: Sequence[Param],
        query: Sequence[Param],
        headers: Sequence[Param],
        cookies: Sequence[Param],
        body: Body | None,
        options: RequestOptions | None,
    ) -> _Plan:
        """Resolve everything that does not change between attempts, failing early."""
        opts: RequestOptions = options or {}
        config = self._config
        auths = self._select_auth(op)
        extra_query = opts.get("extra_query") or {}
        extra = [Param(name, value, "form", True) for name, value in extra_query.items()]
        if "url" in opts:
            url, raw_query = self._resolve_url(opts["url"])
            query_string = "&".join(part for part in (raw_query, encode_query(extra)) if part)
        else:
            url = config.base_url.rstrip("/") + render_path(op.path, path_params)
            kept = [param for param in query if param.name not in extra_query]
            query_string = encode_query([*kept, *extra])
        header_pairs = [*config.default_headers.items(), *serialize_headers(headers)]
        if "idempotency_key" in opts:
            header_pairs.append((self.idempotency_header, opts["idempotency_key"]))
        return _Plan(
            op=op,
            url=url,
            query=query_string,
            headers=tuple(header_pairs),
            extra_headers=tuple((opts.get("extra_headers") or {}).items()),
            cookies=tuple(cookies),
            body=body,
            timeout=opts.get("timeout", config.timeout),
            max_retries=opts.get("max_retries", config.max_retries),
            retryable=bool(op.idempotent) or "idempotency_key" in opts or "max_retries" in opts,
            auths=auths,
        )

    def _build(
        self, http: httpx.Client | httpx.AsyncClient, plan: _Plan, parts: RequestParts
    ) -> httpx.Request:
        """Assemble one attempt's request; precedence: defaults < params < auth < extra."""
        query = "&".join(part for part in (plan.query, encode_query(parts.query)) if part)
        url = f"{plan.url}?{query}" if query else plan.url
        headers = httpx.Headers()
        for name, value in plan.headers:
            headers[name] = value
        encoded = plan.body.encode() if plan.body is not None else None
        if encoded is not None and encoded.content_type and "content-type" not in headers:
            headers["Content-Type"] = encoded.content_type
        for name, value in parts.headers.items():
            headers[name] = value
        cookie_pairs = serialize_cookies([*plan.cookies, *parts.cookies])
        if cookie_pairs:
            headers["Cookie"] = cookie_header(cookie_pairs)
        for name, value in plan.extra_headers:
            headers[name] = value
        return http.build_request(
            plan.op.method,
            url,
            headers=headers,
            content=encoded.content if encoded is not None else None,
            files=encoded.files if encoded is not None else None,
            timeout=plan.timeout,
            extensions={OPERATION_ID_EXTENSION: plan.op.operation_id},
        )

    def _delay_after_error(
        self, plan: _Plan, exc: httpx.RequestError, retries: int
    ) -> float | None:
        """Seconds to wait before retrying after a transport failure, or None to give up.

        A failure to connect is retried even for non-idempotent operations: the request never
        reached the server, so it cannot have been applied twice.
        """
        if retries >= plan.max_retries or not isinstance(exc, httpx.TransportError):
            return None
        never_sent = isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout))
        if not (plan.retryable or never_sent):
            return None
        return self._config.retry_policy.delay(retries, None)

    def _delay_after_response(
        self, plan: _Plan, response: httpx.Response, retries: int
    ) -> float | None:
        """Seconds to wait before retrying after an error status, or None to return it."""
        policy = self._config.retry_policy
        if retries >= plan.max_retries or not plan.retryable:
            return None
        if not policy.should_retry_status(response.status_code):
            return None
        return policy.delay(retries, response)

    @staticmethod
    def _reauthenticate(plan: _Plan, response: httpx.Response, done: bool) -> bool:
        """After a first 401, drop cached credentials and say whether to resend once."""
        if done or response.status_code != 401 or not plan.auths:
            return False
        return any([auth.invalidate() for auth in plan.auths])

    @staticmethod
    def _connection_error(plan: _Plan, exc: httpx.RequestError) -> ApiConnectionError:
        """Wrap an httpx transport error, keeping credentials out of the message."""
        info = plan.info
        if isinstance(exc, httpx.TimeoutException):
            return ApiTimeoutError(f"request timed out: {info.describe()}", request=info)
        detail = str(exc) or type(exc).__name__
        return ApiConnectionError(f"connection error: {info.describe()}: {detail}", request=info)

    @staticmethod
    def _log_retry(plan: _Plan, retries: int, delay: float, reason: str) -> None:
        """Log each retry so slow calls can be explained from the application log."""
        _log.info(
            "retrying %s in %.2fs (retry %d of %d) after %s",
            plan.info.describe(),
            delay,
            retries + 1,
            plan.max_retries,
            reason,
        )


class BaseClient(_ClientCore):
    """Synchronous client over ``httpx.Client``; generated clients subclass it.

    ``timeout`` applies to every request (default 60 s, 10 s to connect) even when you pass your
    own ``http_client``, whose pool, proxies and transport are otherwise used as configured.
    ``max_retries`` counts retries after the first attempt. ``auth`` maps security scheme names
    to credentials. ``sleep`` is how the client waits between retries (injectable for tests).
    """

    def __init__(
        self,
        *,
        base_url: str,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        auth: Mapping[str, Auth] | None = None,
        validate_responses: bool = True,
        retry_policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._config = ClientConfig(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=dict(default_headers or {}),
            auth=dict(auth or {}),
            validate_responses=validate_responses,
            retry_policy=retry_policy or RetryPolicy(),
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=timeout, follow_redirects=True)
        self._sleep = sleep

    @property
    def http_client(self) -> httpx.Client:
        """The underlying httpx client (shared by ``with_options`` copies)."""
        return self._http

    def request(
        self,
        op: OperationInfo,
        *,
        path_params: Sequence[Param] = (),
        query: Sequence[Param] = (),
        headers: Sequence[Param] = (),
        cookies: Sequence[Param] = (),
        body: Body | None = None,
        options: RequestOptions | None = None,
    ) -> httpx.Response:
        """Send ``op`` and return the final response, whatever its status.

        Retries transient failures as configured and re-authenticates once after a 401. The
        status is not checked here; pass the response to ``parse`` (or ``raise_for_status``).
        Raises ``AuthenticationRequiredError`` before sending when credentials are missing, and
        ``ApiConnectionError``/``ApiTimeoutError`` when no response could be obtained.
        """
        plan = self._plan(op, path_params, query, headers, cookies, body, options)
        retries = 0
        reauthenticated = False
        while True:
            try:
                parts = RequestParts()
                for auth in plan.auths:
                    auth.apply(parts, self._http)
                response = self._http.send(self._build(self._http, plan, parts))
            except httpx.RequestError as exc:
                delay = self._delay_after_error(plan, exc, retries)
                if delay is None:
                    raise self._connection_error(plan, exc) from exc
                reason = type(exc).__name__
            else:
                if self._reauthenticate(plan, response, reauthenticated):
                    reauthenticated = True
                    response.close()
                    continue
                delay = self._delay_after_response(plan, response, retries)
                if delay is None:
                    return response
                response.close()
                reason = f"status {response.status_code}"
            self._log_retry(plan, retries, delay, reason)
            self._sleep(delay)
            retries += 1

    def close(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self: _SyncT) -> _SyncT:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncBaseClient(_ClientCore):
    """Asynchronous twin of ``BaseClient`` over ``httpx.AsyncClient``."""

    def __init__(
        self,
        *,
        base_url: str,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        auth: Mapping[str, Auth] | None = None,
        validate_responses: bool = True,
        retry_policy: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._config = ClientConfig(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=dict(default_headers or {}),
            auth=dict(auth or {}),
            validate_responses=validate_responses,
            retry_policy=retry_policy or RetryPolicy(),
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout, follow_redirects=True)
        self._sleep = sleep

    @property
    def http_client(self) -> httpx.AsyncClient:
        """The underlying httpx client (shared by ``with_options`` copies)."""
        return self._http

    async def request(
        self,
        op: OperationInfo,
        *,
        path_params: Sequence[Param] = (),
        query: Sequence[Param] = (),
        headers: Sequence[Param] = (),
        cookies: Sequence[Param] = (),
        body: Body | None = None,
        options: RequestOptions | None = None,
    ) -> httpx.Response:
        """Send ``op`` and return the final response; see ``BaseClient.request``."""
        plan = self._plan(op, path_params, query, headers, cookies, body, options)
        retries = 0
        reauthenticated = False
        while True:
            try:
                parts = RequestParts()
                for auth in plan.auths:
                    await auth.aapply(parts, self._http)
                response = await self._http.send(self._build(self._http, plan, parts))
            except httpx.RequestError as exc:
                delay = self._delay_after_error(plan, exc, retries)
                if delay is None:
                    raise self._connection_error(plan, exc) from exc
                reason = type(exc).__name__
            else:
                if self._reauthenticate(plan, response, reauthenticated):
                    reauthenticated = True
                    await response.aclose()
                    continue
                delay = self._delay_after_response(plan, response, retries)
                if delay is None:
                    return response
                await response.aclose()
                reason = f"status {response.status_code}"
            self._log_retry(plan, retries, delay, reason)
            await self._sleep(delay)
            retries += 1

    async def aclose(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: _AsyncT) -> _AsyncT:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
