"""Security schemes: what each auth kind puts on the wire, how alternatives are chosen, and the
OAuth2 client-credentials flow (fetch, cache, refresh on expiry, retry once after a 401)."""

from __future__ import annotations

import asyncio
import base64
from urllib.parse import parse_qs

import pytest
from runtime import (
    ApiKeyAuth,
    AsyncBaseClient,
    Auth,
    AuthenticationRequiredError,
    BaseClient,
    HttpBasicAuth,
    HttpBearerAuth,
    OAuth2ClientCredentials,
    OAuth2Token,
    OpenIdConnectToken,
    OperationInfo,
    Param,
    TokenRequestError,
    UnauthorizedError,
    raise_for_status,
)

from .server import Received, Reply, ScriptedServer, json_reply


def secured(*alternatives: tuple[tuple[str, tuple[str, ...]], ...]) -> OperationInfo:
    return OperationInfo("GET", "/data", "getData", security=alternatives)


KEY_ONLY = secured((("key", ()),))


def send(server: ScriptedServer, op: OperationInfo, auth: dict[str, Auth]) -> Received:
    with BaseClient(base_url=server.base_url, auth=auth) as client:
        client.request(op, query=[Param("q", "1")])
    return server.requests()[-1]


def test_api_key_in_header_query_and_cookie(server: ScriptedServer) -> None:
    header = send(server, KEY_ONLY, {"key": ApiKeyAuth("header", "X-Api-Key", "s3cret")})
    assert header.header("X-Api-Key") == "s3cret"
    query = send(server, KEY_ONLY, {"key": ApiKeyAuth("query", "api_key", "a b/c")})
    assert query.raw_query == "q=1&api_key=a%20b%2Fc"
    cookie = send(server, KEY_ONLY, {"key": ApiKeyAuth("cookie", "sid", "tok=en")})
    assert cookie.header("Cookie") == "sid=tok=en"


def test_basic_bearer_oauth2_and_openid_tokens(server: ScriptedServer) -> None:
    basic = send(server, KEY_ONLY, {"key": HttpBasicAuth("ann", "pässword")})
    scheme, _, encoded = (basic.header("Authorization") or "").partition(" ")
    assert (scheme, base64.b64decode(encoded).decode()) == ("Basic", "ann:pässword")
    for auth in (HttpBearerAuth("t1"), OAuth2Token("t1"), OpenIdConnectToken("t1")):
        assert send(server, KEY_ONLY, {"key": auth}).header("Authorization") == "Bearer t1"


def test_token_callables_are_asked_on_every_request(server: ScriptedServer) -> None:
    tokens = iter(["first", "second"])
    with BaseClient(
        base_url=server.base_url, auth={"key": HttpBearerAuth(lambda: next(tokens))}
    ) as client:
        client.request(KEY_ONLY)
        client.request(KEY_ONLY)
    assert [r.header("Authorization") for r in server.requests()] == [
        "Bearer first",
        "Bearer second",
    ]


def test_async_token_callable(server: ScriptedServer) -> None:
    async def token() -> str:
        await asyncio.sleep(0)
        return "async-token"

    async def main() -> None:
        async with AsyncBaseClient(
            base_url=server.base_url, auth={"key": HttpBearerAuth(token)}
        ) as client:
            await client.request(KEY_ONLY)

    asyncio.run(main())
    assert server.requests()[0].header("Authorization") == "Bearer async-token"
    with (
        BaseClient(base_url=server.base_url, auth={"key": HttpBearerAuth(token)}) as client,
        pytest.raises(TypeError, match="async credential"),
    ):
        client.request(KEY_ONLY)


def test_first_satisfiable_alternative_is_used(server: ScriptedServer) -> None:
    op = secured((("oauth", ("read",)),), (("key", ()), ("app", ())))
    received = send(
        server,
        op,
        {"key": ApiKeyAuth("header", "X-Key", "k"), "app": ApiKeyAuth("query", "app", "a")},
    )
    assert received.header("X-Key") == "k"
    assert received.raw_query == "q=1&app=a"
    assert received.header("Authorization") is None


def test_missing_credentials_fail_before_sending(server: ScriptedServer) -> None:
    op = secured((("oauth", ("read",)),), (("key", ()), ("app", ())))
    with pytest.raises(AuthenticationRequiredError) as caught:
        send(server, op, {"key": ApiKeyAuth("header", "X-Key", "k")})
    assert "'getData'" in str(caught.value)
    assert "oauth or key + app" in str(caught.value)
    assert caught.value.alternatives == (("oauth",), ("key", "app"))
    assert server.requests() == []


def test_optional_and_absent_security(server: ScriptedServer) -> None:
    optional = secured((), (("key", ()),))
    assert send(server, optional, {}).header("X-Key") is None
    assert (
        send(server, optional, {"key": ApiKeyAuth("header", "X-Key", "k")}).header("X-Key") == "k"
    )
    public = OperationInfo("GET", "/data", "public")
    assert send(server, public, {"key": ApiKeyAuth("header", "X-Key", "k")}).header("X-Key") is None


# --- OAuth2 client credentials ------------------------------------------------------------

OAUTH_OP = secured((("oauth", ("read",)),))


class TokenServer:
    """Issues tok1, tok2, ... and accepts only the tokens it has not revoked."""

    def __init__(self, server: ScriptedServer, expires_in: int | None = 100) -> None:
        self.issued: list[str] = []
        self.revoked: set[str] = set()
        self.expires_in = expires_in
        self.reject_client = False
        server.route("/token", self.token)
        server.route("/data", self.data)

    def token(self, received: Received) -> Reply:
        if self.reject_client:
            return json_reply(400, {"error": "invalid_client"})
        token = f"tok{len(self.issued) + 1}"
        self.issued.append(token)
        payload: dict[str, object] = {"access_token": token, "token_type": "Bearer"}
        if self.expires_in is not None:
            payload["expires_in"] = self.expires_in
        return json_reply(200, payload)

    def data(self, received: Received) -> Reply:
        auth = received.header("Authorization") or ""
        token = auth.removeprefix("Bearer ")
        if token not in self.issued or token in self.revoked:
            return json_reply(401, {"message": "bad token"})
        return json_reply(200, {"token": token})


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def credentials(server: ScriptedServer, clock: Clock | None = None, **kw: object) -> Auth:
    return OAuth2ClientCredentials(
        server.url("/token"),
        "my-client",
        "s3cr:et",
        ["read", "write"],
        clock=clock or Clock(),
        **kw,  # type: ignore[arg-type]
    )


def test_client_credentials_fetches_and_caches(server: ScriptedServer) -> None:
    tokens = TokenServer(server)
    with BaseClient(base_url=server.base_url, auth={"oauth": credentials(server)}) as client:
        assert client.request(OAUTH_OP).json() == {"token": "tok1"}
        assert client.request(OAUTH_OP).json() == {"token": "tok1"}
    assert tokens.issued == ["tok1"]
    (token_request,) = server.requests("/token")
    assert token_request.method == "POST"
    assert token_request.header("Content-Type") == "application/x-www-form-urlencoded"
    assert parse_qs(token_request.body.decode()) == {
        "grant_type": ["client_credentials"],
        "scope": ["read write"],
    }
    scheme, _, encoded = (token_request.header("Authorization") or "").partition(" ")
    assert scheme == "Basic"
    assert base64.b64decode(encoded).decode() == "my-client:s3cr%3Aet"


def test_client_credentials_in_body(server: ScriptedServer) -> None:
    TokenServer(server)
    auth = credentials(server, auth_method="client_secret_post", extra_params={"audience": "api"})
    with BaseClient(base_url=server.base_url, auth={"oauth": auth}) as client:
        client.request(OAUTH_OP)
    (token_request,) = server.requests("/token")
    assert token_request.header("Authorization") is None
    assert parse_qs(token_request.body.decode()) == {
        "grant_type": ["client_credentials"],
        "scope": ["read write"],
        "audience": ["api"],
        "client_id": ["my-client"],
        "client_secret": ["s3cr:et"],
    }


def test_client_credentials_refreshes_before_expiry(server: ScriptedServer) -> None:
    tokens = TokenServer(server, expires_in=100)
    clock = Clock()
    auth = credentials(server, clock, refresh_margin=30)
    with BaseClient(base_url=server.base_url, auth={"oauth": auth}) as client:
        client.request(OAUTH_OP)
        clock.now += 69  # still more than the 30 s margin left
        client.request(OAUTH_OP)
        assert tokens.issued == ["tok1"]
        clock.now += 2  # inside the margin: refresh proactively
        assert client.request(OAUTH_OP).json() == {"token": "tok2"}
    assert tokens.issued == ["tok1", "tok2"]


def test_short_lived_tokens_are_still_reused(server: ScriptedServer) -> None:
    tokens = TokenServer(server, expires_in=10)
    clock = Clock()
    with BaseClient(
        base_url=server.base_url, auth={"oauth": credentials(server, clock, refresh_margin=30)}
    ) as client:
        client.request(OAUTH_OP)
        clock.now += 4.9  # margin is capped at half the lifetime
        client.request(OAUTH_OP)
        clock.now += 0.2
        client.request(OAUTH_OP)
    assert tokens.issued == ["tok1", "tok2"]


def test_client_credentials_retries_once_after_401(server: ScriptedServer) -> None:
    tokens = TokenServer(server, expires_in=None)
    with BaseClient(base_url=server.base_url, auth={"oauth": credentials(server)}) as client:
        client.request(OAUTH_OP)
        tokens.revoked.add("tok1")  # e.g. revoked server-side before it expired
        response = client.request(OAUTH_OP)
        assert response.json() == {"token": "tok2"}
        # A token that keeps being refused is re-fetched once, then the 401 is returned.
        tokens.revoked.add("tok2")
        tokens.revoked.add("tok3")
        response = client.request(OAUTH_OP)
    assert response.status_code == 401
    with pytest.raises(UnauthorizedError, match="bad token"):
        raise_for_status(response)
    assert tokens.issued == ["tok1", "tok2", "tok3"]
    assert len(server.requests("/data")) == 5


def test_static_credentials_are_not_resent_after_401(server: ScriptedServer) -> None:
    server.route("/data", lambda received: json_reply(401, {}))
    with BaseClient(
        base_url=server.base_url, auth={"key": ApiKeyAuth("header", "X", "k")}
    ) as client:
        assert client.request(KEY_ONLY).status_code == 401
    assert len(server.requests("/data")) == 1


def test_token_endpoint_errors(server: ScriptedServer) -> None:
    tokens = TokenServer(server)
    tokens.reject_client = True
    with (
        BaseClient(base_url=server.base_url, auth={"oauth": credentials(server)}) as client,
        pytest.raises(TokenRequestError, match="answered 400") as caught,
    ):
        client.request(OAUTH_OP)
    assert caught.value.status_code == 400
    assert server.requests("/data") == []


def test_async_client_credentials(server: ScriptedServer) -> None:
    tokens = TokenServer(server, expires_in=None)
    auth = credentials(server)

    async def main() -> list[object]:
        async with AsyncBaseClient(base_url=server.base_url, auth={"oauth": auth}) as client:
            # Concurrent first requests share one token fetch.
            responses = await asyncio.gather(*(client.request(OAUTH_OP) for _ in range(5)))
            tokens.revoked.add("tok1")
            responses.append(await client.request(OAUTH_OP))
            return [r.json()["token"] for r in responses]

    assert asyncio.run(main()) == ["tok1"] * 5 + ["tok2"]
    assert tokens.issued == ["tok1", "tok2"]

    async def again() -> object:
        async with AsyncBaseClient(base_url=server.base_url, auth={"oauth": auth}) as client:
            return (await client.request(OAUTH_OP)).json()["token"]

    # The same auth object keeps working under another event loop.
    tokens.revoked.add("tok2")
    assert asyncio.run(again()) == "tok3"
