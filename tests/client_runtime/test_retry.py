"""Retries: backoff, Retry-After, idempotency rules, timeouts and connection failures."""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Callable

import httpx
import pytest
from runtime import (
    ApiConnectionError,
    ApiTimeoutError,
    AsyncBaseClient,
    BaseClient,
    OperationInfo,
    RateLimitError,
    RetryPolicy,
    ServerError,
    parse_retry_after,
    raise_for_status,
)

from .conftest import SleepRecorder
from .server import Received, Reply, ScriptedServer, echo, json_reply, unused_port

GET = OperationInfo("GET", "/flaky", "getFlaky")
POST = OperationInfo("POST", "/flaky", "createFlaky")
NO_JITTER = RetryPolicy(jitter=lambda: 1.0)


def failing(
    times: int, status: int = 503, headers: dict[str, str] | None = None
) -> Callable[[Received], Reply]:
    """Fail the first ``times`` requests with ``status``, then echo."""
    seen: list[Received] = []

    def handler(received: Received) -> Reply:
        seen.append(received)
        if len(seen) <= times:
            return json_reply(status, {"attempt": len(seen)}, headers)
        return echo(received)

    return handler


def client(server: ScriptedServer, sleeps: SleepRecorder, **kw: object) -> BaseClient:
    return BaseClient(base_url=server.base_url, sleep=sleeps, **kw)  # type: ignore[arg-type]


def test_get_is_retried_until_it_succeeds(server: ScriptedServer, sleeps: SleepRecorder) -> None:
    server.route("/flaky", failing(2))
    with client(server, sleeps, retry_policy=NO_JITTER) as c:
        response = c.request(GET)
    assert response.status_code == 200
    assert len(server.requests()) == 3
    assert sleeps.delays == [0.5, 1.0]  # exponential: base 0.5 s, doubling


def test_jittered_delays_stay_within_the_backoff_window(
    server: ScriptedServer, sleeps: SleepRecorder
) -> None:
    server.route("/flaky", failing(4, 500))
    with client(server, sleeps, max_retries=4) as c:
        assert c.request(GET).status_code == 200
    assert len(sleeps.delays) == 4
    for number, delay in enumerate(sleeps.delays):
        assert 0 <= delay <= min(8.0, 0.5 * 2**number)


def test_retries_are_bounded(server: ScriptedServer, sleeps: SleepRecorder) -> None:
    server.route("/flaky", failing(100, 502))
    with client(server, sleeps) as c:
        response = c.request(GET)
        with pytest.raises(ServerError):
            raise_for_status(response)
        assert len(server.requests()) == 3  # first attempt + max_retries=2
        c.request(GET, options={"max_retries": 0})
        assert len(server.requests()) == 4


@pytest.mark.parametrize(
    ("status", "retried"),
    [(408, True), (429, True), (500, True), (501, True), (400, False), (404, False)],
)
def test_which_statuses_are_retried(
    server: ScriptedServer, sleeps: SleepRecorder, status: int, retried: bool
) -> None:
    server.route("/flaky", failing(1, status))
    with client(server, sleeps) as c:
        c.request(GET)
    assert len(server.requests()) == (2 if retried else 1)


def test_post_is_not_retried_unless_opted_in(server: ScriptedServer, sleeps: SleepRecorder) -> None:
    server.route("/flaky", failing(1))
    with client(server, sleeps) as c:
        assert c.request(POST).status_code == 503
        assert len(server.requests()) == 1
        # An idempotency key lets the server de-duplicate, so retrying is safe.
        server.route("/flaky", failing(1))
        assert c.request(POST, options={"idempotency_key": "k-1"}).status_code == 200
    server.route("/flaky", failing(1))
    with client(server, sleeps) as c:
        # An explicit max_retries for the call is also an opt-in.
        assert c.request(POST, options={"max_retries": 1}).status_code == 200
    posts = server.requests()
    assert len(posts) == 5
    assert [r.header("Idempotency-Key") for r in posts[1:3]] == ["k-1", "k-1"]
    assert posts[0].header("Idempotency-Key") is None
    assert posts[3].header("Idempotency-Key") is None
    assert len(sleeps.delays) == 2


def test_operation_can_declare_itself_idempotent(
    server: ScriptedServer, sleeps: SleepRecorder
) -> None:
    server.route("/flaky", failing(1))
    search = OperationInfo("POST", "/flaky", "search", idempotent=True)
    assert GET.idempotent and not POST.idempotent
    assert OperationInfo("delete", "/x", "d").idempotent is True
    with client(server, sleeps) as c:
        assert c.request(search).status_code == 200


def test_retry_after_seconds_date_ms_and_cap(server: ScriptedServer, sleeps: SleepRecorder) -> None:
    in_30s = email.utils.formatdate(time.time() + 30, usegmt=True)
    for headers in (
        {"Retry-After": "1.5"},
        {"Retry-After": in_30s},
        {"Retry-After": "3600"},
        {"retry-after-ms": "250", "Retry-After": "9"},
        {"Retry-After": "soon"},
    ):
        server.route("/flaky", failing(1, 429, headers))
        with client(server, sleeps, retry_policy=RetryPolicy(jitter=lambda: 1.0)) as c:
            assert c.request(GET).status_code == 200
    seconds, date, capped, millis, garbage = sleeps.delays
    assert seconds == 1.5
    assert 27 <= date <= 30.5
    assert capped == 60.0  # max_retry_after
    assert millis == 0.25
    assert garbage == 0.5  # unparsable: back to exponential backoff


def test_rate_limit_error_after_retries(server: ScriptedServer, sleeps: SleepRecorder) -> None:
    server.route("/flaky", failing(100, 429, {"Retry-After": "0"}))
    with client(server, sleeps, max_retries=1) as c:
        response = c.request(GET)
    assert sleeps.delays == [0.0]
    with pytest.raises(RateLimitError) as caught:
        raise_for_status(response)
    assert caught.value.headers["Retry-After"] == "0"


def test_real_sleep_is_used_by_default(server: ScriptedServer) -> None:
    server.route("/flaky", failing(1))
    policy = RetryPolicy(initial_delay=0.05, jitter=lambda: 1.0)
    with BaseClient(base_url=server.base_url, retry_policy=policy) as c:
        started = time.monotonic()
        assert c.request(GET).status_code == 200
        assert time.monotonic() - started >= 0.05


def slow(server: ScriptedServer) -> Callable[[Received], Reply]:
    def handler(received: Received) -> Reply:
        server.stopping.wait(2.0)
        return echo(received)

    return handler


def test_timeout_raises_api_timeout_error(server: ScriptedServer, sleeps: SleepRecorder) -> None:
    server.route("/flaky", slow(server))
    with client(server, sleeps, timeout=0.2, max_retries=1) as c:
        with pytest.raises(ApiTimeoutError, match=r"timed out: GET /flaky \(getFlaky\)") as caught:
            c.request(GET)
        assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
        assert len(server.requests()) == 2  # a read timeout on GET is retried
        # Per-call timeout overrides the client's.
    with client(server, sleeps, timeout=30, max_retries=0) as c, pytest.raises(ApiTimeoutError):
        c.request(GET, options={"timeout": 0.2})


def test_connection_refused(sleeps: SleepRecorder) -> None:
    base_url = f"http://127.0.0.1:{unused_port()}"
    with BaseClient(base_url=base_url, sleep=sleeps) as c:
        with pytest.raises(ApiConnectionError) as caught:
            c.request(GET)
        assert not isinstance(caught.value, ApiTimeoutError)
        assert caught.value.request is not None
        assert caught.value.request.operation_id == "getFlaky"
        assert len(sleeps.delays) == 2
        # Nothing reached the server, so even a POST is retried.
        with pytest.raises(ApiConnectionError):
            c.request(POST)
        assert len(sleeps.delays) == 4


def hang_up_once() -> Callable[[Received], Reply]:
    calls: list[Received] = []

    def handler(received: Received) -> Reply:
        calls.append(received)
        return (0, {}, b"") if len(calls) == 1 else echo(received)

    return handler


def test_dropped_connection(server: ScriptedServer, sleeps: SleepRecorder) -> None:
    server.route("/flaky", hang_up_once())
    with client(server, sleeps) as c:
        # The POST may have been processed before the connection dropped: not retried.
        with pytest.raises(ApiConnectionError, match="POST /flaky"):
            c.request(POST)
        server.route("/flaky", hang_up_once())
        assert c.request(GET).status_code == 200
    assert len(server.requests()) == 3


def test_async_retries(server: ScriptedServer, sleeps: SleepRecorder) -> None:
    server.route("/flaky", failing(2, 500, {"Retry-After": "2"}))

    async def main() -> int:
        async with AsyncBaseClient(base_url=server.base_url, sleep=sleeps.asleep) as c:
            status = (await c.request(GET)).status_code
            assert (await c.request(POST)).status_code == 200
            return status

    assert asyncio.run(main()) == 200
    assert sleeps.delays == [2.0, 2.0]
    assert len(server.requests()) == 4  # 3 GET attempts + 1 POST (echoed, not retried)


def test_async_timeout_and_refused(server: ScriptedServer, sleeps: SleepRecorder) -> None:
    server.route("/flaky", slow(server))

    async def main() -> None:
        async with AsyncBaseClient(
            base_url=server.base_url, timeout=0.2, max_retries=0, sleep=sleeps.asleep
        ) as c:
            with pytest.raises(ApiTimeoutError):
                await c.request(GET)
        async with AsyncBaseClient(
            base_url=f"http://127.0.0.1:{unused_port()}", sleep=sleeps.asleep
        ) as c:
            with pytest.raises(ApiConnectionError):
                await c.request(GET)

    asyncio.run(main())
    assert len(sleeps.delays) == 2


def test_parse_retry_after() -> None:
    def headers(**values: str) -> httpx.Headers:
        return httpx.Headers({k.replace("_", "-"): v for k, v in values.items()})

    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 12, usegmt=True)
    assert parse_retry_after(headers(retry_after="3")) == 3.0
    assert parse_retry_after(headers(retry_after=date), now=lambda: now) == pytest.approx(12)
    past = email.utils.formatdate(now - 100, usegmt=True)
    assert parse_retry_after(headers(retry_after=past), now=lambda: now) == 0.0
    assert parse_retry_after(headers(retry_after="-1")) is None
    assert parse_retry_after(headers(retry_after="later")) is None
    assert parse_retry_after(headers(retry_after_ms="1500")) == 1.5
    assert parse_retry_after(headers()) is None


def test_backoff_doubles_up_to_the_cap() -> None:
    assert [NO_JITTER.backoff(n) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert RetryPolicy(jitter=lambda: 0.25).backoff(2) == 0.5
