"""Error statuses become typed exceptions carrying the body parsed with the documented model."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from pydantic import BaseModel, TypeAdapter
from runtime import (
    ApiError,
    AsyncBaseClient,
    BadRequestError,
    BaseClient,
    ClientStatusError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    OperationInfo,
    Param,
    RateLimitError,
    SdkError,
    ServerError,
    UnauthorizedError,
    UnprocessableEntityError,
    error_class_for,
    parse,
    raise_for_status,
)

from .server import Received, Reply, ScriptedServer, json_reply


class Missing(BaseModel):
    message: str
    resource: str


class ClientProblem(BaseModel):
    message: str
    code: int


class Problem(BaseModel):
    title: str


ERRORS = {
    "404": TypeAdapter(Missing),
    "4XX": TypeAdapter(ClientProblem),
    "default": TypeAdapter(Problem),
}
OP = OperationInfo("GET", "/status/{code}", "getStatus")


def by_code(received: Received) -> Reply:
    code = int(received.path.rsplit("/", 1)[1])
    bodies: dict[int, object] = {
        404: {"message": "no such pet", "resource": "pet"},
        400: {"message": "bad field", "code": 7},
        409: {"unexpected": "shape"},
        500: {"title": "boom"},
    }
    if code == 502:
        return 502, {"Content-Type": "text/html"}, b"<html>Bad   gateway</html>"
    return json_reply(code, bodies.get(code, {"title": "other"}), {"X-Request-Id": "r-1"})


def fetch(server: ScriptedServer, code: int) -> httpx.Response:
    server.route("/status/*", by_code)
    with BaseClient(base_url=server.base_url, max_retries=0) as client:
        return client.request(
            OP, path_params=[Param("code", code)], query=[Param("api_key", "secret")]
        )


@pytest.mark.parametrize(
    ("code", "error_class"),
    [
        (400, BadRequestError),
        (401, UnauthorizedError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (418, ClientStatusError),
        (500, ServerError),
        (503, ServerError),
    ],
)
def test_status_maps_to_exception_class(
    server: ScriptedServer, code: int, error_class: type[ApiError]
) -> None:
    response = fetch(server, code)
    with pytest.raises(error_class) as caught:
        raise_for_status(response, ERRORS)
    error = caught.value
    assert type(error) is error_class
    assert isinstance(error, ApiError) and isinstance(error, SdkError)
    assert isinstance(error, ClientStatusError) == (code < 500)
    assert error.status_code == code
    assert error.headers["X-Request-Id"] == "r-1"
    assert error.body == response.content
    assert error.request.operation_id == "getStatus"
    assert error.request.method == "GET"
    assert str(error).startswith(f"{code} ")
    assert f"GET /status/{code} (getStatus)" in str(error)
    assert "secret" not in str(error)  # the query (credentials) stays out of messages


def test_error_body_parsed_with_most_specific_model(server: ScriptedServer) -> None:
    with pytest.raises(NotFoundError) as missing:
        raise_for_status(fetch(server, 404), ERRORS)
    assert missing.value.parsed == Missing(message="no such pet", resource="pet")
    assert "no such pet" in str(missing.value)

    with pytest.raises(BadRequestError) as bad:
        raise_for_status(fetch(server, 400), ERRORS)
    assert bad.value.parsed == ClientProblem(message="bad field", code=7)

    with pytest.raises(ServerError) as boom:
        raise_for_status(fetch(server, 500), ERRORS)
    assert boom.value.parsed == Problem(title="boom")


def test_unexpected_error_bodies_do_not_hide_the_error(server: ScriptedServer) -> None:
    # Does not match the 4XX model: the raw JSON is kept.
    with pytest.raises(ConflictError) as conflict:
        raise_for_status(fetch(server, 409), ERRORS)
    assert conflict.value.parsed == {"unexpected": "shape"}
    # Not JSON at all: parsed is None and the message quotes the body.
    with pytest.raises(ServerError) as gateway:
        raise_for_status(fetch(server, 502), ERRORS)
    assert gateway.value.parsed is None
    assert gateway.value.body == b"<html>Bad   gateway</html>"
    assert str(gateway.value).endswith("<html>Bad gateway</html>")
    # Without error models the JSON is still decoded.
    with pytest.raises(NotFoundError) as plain:
        raise_for_status(fetch(server, 404))
    assert plain.value.parsed == {"message": "no such pet", "resource": "pet"}


def test_success_statuses_do_not_raise(server: ScriptedServer) -> None:
    raise_for_status(fetch(server, 200), ERRORS)
    raise_for_status(fetch(server, 204), ERRORS)


def test_parse_raises_through_errors_mapping(server: ScriptedServer) -> None:
    with pytest.raises(NotFoundError) as caught:
        parse(fetch(server, 404), {"200": None}, errors=ERRORS)
    assert isinstance(caught.value.parsed, Missing)


def test_async_errors(server: ScriptedServer) -> None:
    server.route("/status/*", by_code)

    async def main() -> httpx.Response:
        async with AsyncBaseClient(base_url=server.base_url, max_retries=0) as client:
            return await client.request(OP, path_params=[Param("code", 404)])

    with pytest.raises(NotFoundError) as caught:
        parse(asyncio.run(main()), {"200": None}, errors=ERRORS)
    assert caught.value.parsed == Missing(message="no such pet", resource="pet")


def test_error_class_for() -> None:
    assert error_class_for(404) is NotFoundError
    assert error_class_for(451) is ClientStatusError
    assert error_class_for(599) is ServerError
    assert error_class_for(302) is ApiError
