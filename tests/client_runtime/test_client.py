"""Client construction, per-call options, header precedence and client copies."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from runtime import (
    DEFAULT_TIMEOUT,
    ApiKeyAuth,
    AsyncBaseClient,
    BaseClient,
    HttpBearerAuth,
    OperationInfo,
    Param,
    RetryPolicy,
)

from .conftest import SleepRecorder
from .server import ScriptedServer, json_reply

OP = OperationInfo("get", "/things/{id}", "getThing", security=((("key", ()),), (("bearer", ()),)))

PUBLIC = OperationInfo("GET", "/things/{id}", "getThing")


def test_defaults() -> None:
    with BaseClient(base_url="http://127.0.0.1:9") as client:
        assert client.timeout == DEFAULT_TIMEOUT == httpx.Timeout(60.0, connect=10.0)
        assert client.max_retries == 2
        assert client.validate_responses is True
        assert client.http_client.timeout == DEFAULT_TIMEOUT
        assert client.http_client.follow_redirects is True
    assert client.http_client.is_closed
    assert OP.method == "GET" and OP.idempotent is True


def test_header_precedence(server: ScriptedServer) -> None:
    with BaseClient(
        base_url=server.base_url + "/v1",
        default_headers={"X-App": "default", "X-Param": "default", "Authorization": "none"},
        auth={"bearer": HttpBearerAuth("tok")},
    ) as client:
        client.request(OP, path_params=[Param("id", 7)], headers=[Param("X-Param", "param")])
        client.request(
            OP,
            path_params=[Param("id", 8)],
            options={"extra_headers": {"Authorization": "Bearer override", "X-App": "extra"}},
        )
    first, second = server.requests()
    assert first.raw_path == "/v1/things/7"
    assert (first.header("X-App"), first.header("X-Param")) == ("default", "param")
    assert first.header("Authorization") == "Bearer tok"  # credentials beat default headers
    assert second.header("Authorization") == "Bearer override"  # extra headers beat everything
    assert second.header("X-App") == "extra"


def test_with_options_copies_share_the_pool(server: ScriptedServer, sleeps: SleepRecorder) -> None:
    server.route("/things/*", lambda received: json_reply(503, {}))
    base = BaseClient(
        base_url=server.base_url,
        auth={"key": ApiKeyAuth("header", "X-Key", "k1")},
        default_headers={"X-A": "a"},
        sleep=sleeps,
    )
    copy = base.with_options(
        max_retries=0,
        timeout=None,
        default_headers={"X-B": "b"},
        auth={"key": ApiKeyAuth("header", "X-Key", "k2")},
        retry_policy=RetryPolicy(initial_delay=0.1),
    )
    assert type(copy) is BaseClient
    assert copy.http_client is base.http_client
    assert (copy.max_retries, copy.timeout, base.max_retries) == (0, None, 2)
    copy.request(OP, path_params=[Param("id", 1)])
    (received,) = server.requests()
    assert (received.header("X-A"), received.header("X-B")) == ("a", "b")
    assert received.header("X-Key") == "k2"
    copy.close()  # a copy does not own the pool
    assert not base.http_client.is_closed
    base.request(OP, path_params=[Param("id", 1)])
    assert len(server.requests()) == 4 and len(sleeps.delays) == 2
    assert server.requests()[-1].header("X-Key") == "k1"
    base.close()
    assert base.http_client.is_closed


def test_user_supplied_http_client_is_not_closed(server: ScriptedServer) -> None:
    with httpx.Client(headers={"X-From-Pool": "yes"}) as http:
        with BaseClient(base_url=server.base_url, http_client=http) as client:
            client.request(OperationInfo("GET", "/ping", "ping"))
        assert not http.is_closed
    assert server.requests()[0].header("X-From-Pool") == "yes"


def test_url_option_and_extra_query(server: ScriptedServer) -> None:
    with BaseClient(base_url=server.base_url + "/api") as client:
        client.request(
            PUBLIC,
            path_params=[Param("id", 1)],
            query=[Param("a", 1)],
            options={"url": "/next?cursor=x%2Fy", "extra_query": {"b": [1, 2]}},
        )
        client.request(
            PUBLIC, path_params=[Param("id", 1)], options={"url": server.url("/abs?z=1")}
        )
        with pytest.raises(ValueError, match="refusing"):
            client.request(PUBLIC, path_params=[Param("id", 1)], options={"url": "https://evil/"})
    first, second = server.requests()
    assert first.target == "/api/next?cursor=x%2Fy&b=1&b=2"
    assert second.target == "/abs?z=1"


def test_retries_are_logged(
    server: ScriptedServer, sleeps: SleepRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    server.route("/things/*", lambda received: json_reply(500, {}))
    with (
        caplog.at_level(logging.INFO),
        BaseClient(base_url=server.base_url, max_retries=1, sleep=sleeps) as client,
    ):
        client.request(
            OperationInfo("GET", "/things/{id}", "getThing"), path_params=[Param("id", 1)]
        )
    assert "retrying GET /things/1 (getThing)" in caplog.text
    assert "status 500" in caplog.text


def test_async_client_lifecycle(server: ScriptedServer) -> None:
    async def main() -> tuple[bool, bool]:
        client = AsyncBaseClient(
            base_url=server.base_url, auth={"key": ApiKeyAuth("query", "k", "v")}
        )
        copy = client.with_options(validate_responses=False)
        assert type(copy) is AsyncBaseClient and copy.validate_responses is False
        async with client:
            await copy.request(OP, path_params=[Param("id", 5)])
            await copy.aclose()
            still_open = not client.http_client.is_closed
        return still_open, client.http_client.is_closed

    assert asyncio.run(main()) == (True, True)
    assert server.requests()[0].target == "/things/5?k=v"
