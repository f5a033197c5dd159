"""Credentials for the spec's security schemes.

The client is given a mapping from scheme name (as in ``components.securitySchemes``) to one of
these objects, and applies the ones an operation's security requirement names. Each auth object
writes into ``RequestParts`` (headers, query parameters, cookies) instead of editing an
``httpx.Request``, so query and cookie credentials are encoded by the same code as ordinary
parameters. Auth is applied on every attempt, which is what lets expiring tokens refresh.
"""

from __future__ import annotations

import asyncio
import base64
import inspect
import threading
import time
import weakref
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias
from urllib.parse import quote, urlencode

import httpx

from ._errors import TokenRequestError
from ._params import Param

SecretSource: TypeAlias = str | Callable[[], str | Awaitable[str]]
"""A credential given as is, or as a (sync or async) callable asked for it on every request."""


@dataclass
class RequestParts:
    """The credential-carrying parts of a request being built."""

    headers: dict[str, str] = field(default_factory=dict)
    query: list[Param] = field(default_factory=list)
    cookies: list[Param] = field(default_factory=list)


class Auth(ABC):
    """Base class of credentials for one security scheme."""

    @abstractmethod
    def apply(self, parts: RequestParts, http: httpx.Client) -> None:
        """Add credentials for a request made with a synchronous client."""

    @abstractmethod
    async def aapply(self, parts: RequestParts, http: httpx.AsyncClient) -> None:
        """Add credentials for a request made with an asynchronous client."""

    def invalidate(self) -> bool:
        """Forget cached credentials after a 401; True if resending may now succeed.

        The client resends a request once when this returns True, so static credentials say
        False (resending the same secret cannot help) and refreshable ones say True.
        """
        return False


def _resolve(source: SecretSource) -> str:
    """A credential for the sync client; an async callable cannot be awaited here."""
    if isinstance(source, str):
        return source
    value = source()
    if inspect.isawaitable(value):
        if inspect.iscoroutine(value):
            value.close()  # avoid "coroutine was never awaited"
        raise TypeError("an async credential callable can only be used with the async client")
    return value


async def _aresolve(source: SecretSource) -> str:
    """A credential for the async client; sync and async callables both work."""
    if isinstance(source, str):
        return source
    value = source()
    return await value if inspect.isawaitable(value) else value


class _SecretAuth(Auth):
    """Auth carried by one secret string, static or produced by a callable."""

    def __init__(self, secret: SecretSource) -> None:
        self._secret = secret

    @abstractmethod
    def _write(self, parts: RequestParts, secret: str) -> None:
        """Put the secret where the scheme says."""

    def apply(self, parts: RequestParts, http: httpx.Client) -> None:
        self._write(parts, _resolve(self._secret))

    async def aapply(self, parts: RequestParts, http: httpx.AsyncClient) -> None:
        self._write(parts, await _aresolve(self._secret))

    def invalidate(self) -> bool:
        # A callable may hand out a fresh secret next time; a fixed string will not change.
        return callable(self._secret)


class ApiKeyAuth(_SecretAuth):
    """``type: apiKey``: a key sent in a header, a query parameter or a cookie."""

    def __init__(
        self, location: Literal["header", "query", "cookie"], name: str, key: SecretSource
    ) -> None:
        super().__init__(key)
        if location not in ("header", "query", "cookie"):
            raise ValueError(f"api key location must be header, query or cookie, not {location!r}")
        self.location = location
        self.name = name

    def _write(self, parts: RequestParts, secret: str) -> None:
        if self.location == "header":
            parts.headers[self.name] = secret
        elif self.location == "query":
            parts.query.append(Param(self.name, secret, "form", True))
        else:
            parts.cookies.append(Param(self.name, secret, "form", True))


class HttpBearerAuth(_SecretAuth):
    """``type: http, scheme: bearer``: ``Authorization: Bearer <token>``."""

    def __init__(self, token: SecretSource) -> None:
        super().__init__(token)

    def _write(self, parts: RequestParts, secret: str) -> None:
        parts.headers["Authorization"] = f"Bearer {secret}"


class OAuth2Token(HttpBearerAuth):
    """``type: oauth2`` with a token obtained elsewhere (authorization code, device flow...)."""


class OpenIdConnectToken(HttpBearerAuth):
    """``type: openIdConnect`` with an access or ID token obtained elsewhere."""


class HttpBasicAuth(Auth):
    """``type: http, scheme: basic``: RFC 7617 credentials (UTF-8)."""

    def __init__(self, username: str, password: str) -> None:
        self.username = username
        self.password = password

    def _header(self) -> str:
        raw = f"{self.username}:{self.password}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")

    def apply(self, parts: RequestParts, http: httpx.Client) -> None:
        parts.headers["Authorization"] = self._header()

    async def aapply(self, parts: RequestParts, http: httpx.AsyncClient) -> None:
        parts.headers["Authorization"] = self._header()


class OAuth2ClientCredentials(Auth):
    """``type: oauth2`` client-credentials flow: fetches, caches and refreshes its own token.

    The token is requested from ``token_url`` with a form-encoded ``grant_type=client_credentials``
    (client id and secret in HTTP Basic auth by default, or in the body with
    ``auth_method="client_secret_post"``) through the client's own HTTP connection pool. It is
    reused until ``refresh_margin`` seconds before ``expires_in`` runs out (never more than half
    the token's lifetime early, so short-lived tokens are still reused), and dropped when the API
    answers 401 so that the request is retried once with a new token. Concurrent requests share
    one fetch.
    """

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        scopes: Sequence[str] = (),
        *,
        refresh_margin: float = 30.0,
        auth_method: Literal["client_secret_basic", "client_secret_post"] = "client_secret_basic",
        extra_params: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.scopes = tuple(scopes)
        self.refresh_margin = refresh_margin
        self.auth_method = auth_method
        self.extra_params = dict(extra_params or {})
        self._clock = clock
        self._token: str | None = None
        self._expires_at: float | None = None
        self._lock = threading.Lock()
        self._async_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    def _cached(self) -> str | None:
        """The cached token while it is still fresh enough to use, else None."""
        if self._token is None:
            return None
        if self._expires_at is not None and self._clock() >= self._expires_at:
            return None
        return self._token

    def _token_request(self) -> tuple[dict[str, str], bytes]:
        """Headers and form body of the RFC 6749 section 4.4 token request."""
        form = {"grant_type": "client_credentials"}
        if self.scopes:
            form["scope"] = " ".join(self.scopes)
        form.update(self.extra_params)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        if self.auth_method == "client_secret_basic":
            # RFC 6749 section 2.3.1: id and secret are form-encoded before Basic encoding.
            pair = f"{quote(self.client_id, safe='')}:{quote(self.client_secret, safe='')}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
        else:
            form["client_id"] = self.client_id
            form["client_secret"] = self.client_secret
        return headers, urlencode(form).encode("ascii")

    def _store(self, response: httpx.Response) -> str:
        """Validate the token response, cache the token with its refresh deadline."""
        if not response.is_success:
            raise TokenRequestError(
                f"token endpoint {self.token_url} answered {response.status_code}: "
                f"{response.text[:200]}",
                status_code=response.status_code,
                body=response.content,
            )
        try:
            payload = response.json()
            token = payload["access_token"]
        except (ValueError, KeyError, TypeError):
            token = None
            payload = None
        if not isinstance(token, str) or not token:
            raise TokenRequestError(
                f"token endpoint {self.token_url} returned no access_token",
                status_code=response.status_code,
                body=response.content,
            )
        lifetime = payload.get("expires_in") if isinstance(payload, dict) else None
        if isinstance(lifetime, (int, float)) and not isinstance(lifetime, bool):
            margin = min(self.refresh_margin, lifetime / 2)
            self._expires_at = self._clock() + lifetime - margin
        else:
            self._expires_at = None
        self._token = token
        return token

    def apply(self, parts: RequestParts, http: httpx.Client) -> None:
        with self._lock:
            token = self._cached()
            if token is None:
                headers, body = self._token_request()
                token = self._store(http.post(self.token_url, headers=headers, content=body))
        parts.headers["Authorization"] = f"Bearer {token}"

    async def aapply(self, parts: RequestParts, http: httpx.AsyncClient) -> None:
        loop = asyncio.get_running_loop()
        lock = self._async_locks.get(loop)
        if lock is None:
            lock = self._async_locks[loop] = asyncio.Lock()
        async with lock:
            token = self._cached()
            if token is None:
                headers, body = self._token_request()
                response = await http.post(self.token_url, headers=headers, content=body)
                token = self._store(response)
        parts.headers["Authorization"] = f"Bearer {token}"

    def invalidate(self) -> bool:
        self._token = None
        self._expires_at = None
        return True
