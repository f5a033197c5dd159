"""Parsing successful responses: status-key matching, content kinds, validation and opt-out."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, TypeAdapter
from runtime import (
    AsyncBaseClient,
    BaseClient,
    NotFoundError,
    OperationInfo,
    ResponseKind,
    ResponseValidationError,
    match_status,
    parse,
)

from .server import Received, Reply, ScriptedServer, json_reply


class Pet(BaseModel):
    id: int
    name: str


PET = TypeAdapter(Pet)
PETS = TypeAdapter(list[Pet])
OP = OperationInfo("GET", "/pet", "getPet")


def reply_with(status: int, body: bytes, content_type: str = "application/json") -> httpx.Response:
    request = httpx.Request("GET", "http://127.0.0.1/pet")
    return httpx.Response(
        status, content=body, headers={"Content-Type": content_type}, request=request
    )


def test_match_status_prefers_exact_then_range_then_default() -> None:
    keys = ["default", "2xx", "200", "4XX"]
    assert match_status(keys, 200) == "200"
    assert match_status(keys, 201) == "2xx"
    assert match_status(keys, 404) == "4XX"
    assert match_status(keys, 500) == "default"
    assert match_status(["200"], 201) is None


def test_parse_picks_the_most_specific_adapter() -> None:
    adapters: dict[str, ResponseKind] = {"200": PET, "2XX": PETS, "default": "text"}
    assert parse(reply_with(200, b'{"id": 1, "name": "Rex"}'), adapters) == Pet(id=1, name="Rex")
    assert parse(reply_with(201, b'[{"id": 2, "name": "Tom"}]'), adapters) == [
        Pet(id=2, name="Tom")
    ]
    assert parse(reply_with(302, b"moved"), adapters) == "moved"


def test_content_kinds() -> None:
    assert parse(reply_with(204, b""), {"204": None}) is None
    assert parse(reply_with(200, b"\x00\xff", "image/png"), {"200": "bytes"}) == b"\x00\xff"
    assert parse(
        reply_with(200, "grüße".encode(), "text/plain; charset=utf-8"), {"200": "text"}
    ) == ("grüße")


def test_validation_error_and_opt_out() -> None:
    response = reply_with(200, b'{"id": "not a number"}')
    with pytest.raises(ResponseValidationError) as caught:
        parse(response, {"200": PET})
    error = caught.value
    assert error.response is response
    assert error.status_code == 200
    assert error.validation_error is not None
    assert {e["loc"] for e in error.validation_error.errors()} == {("id",), ("name",)}
    assert "2 error(s)" in str(error)
    assert parse(response, {"200": PET}, validate=False) == {"id": "not a number"}
    # Not even JSON: still a validation error, or the text when validation is off.
    with pytest.raises(ResponseValidationError):
        parse(reply_with(200, b"<html>"), {"200": PET})
    assert parse(reply_with(200, b"<html>"), {"200": PET}, validate=False) == "<html>"


def test_undocumented_status() -> None:
    response = reply_with(202, b'{"queued": true}')
    with pytest.raises(ResponseValidationError, match="status 202 is not documented"):
        parse(response, {"200": PET})
    assert parse(response, {"200": PET}, validate=False) == {"queued": True}


def test_documented_error_status_is_a_result() -> None:
    # An operation may list e.g. 404 among its results; ``default`` alone does not count.
    missing = reply_with(404, b'{"id": 0, "name": "none"}')
    assert parse(missing, {"200": PET, "404": PET}) == Pet(id=0, name="none")
    with pytest.raises(NotFoundError):
        parse(missing, {"200": PET, "default": PET})


def drifting(received: Received) -> Reply:
    return json_reply(
        200, {"id": 1, "name": "Rex", "extra": True} if "ok" in received.target else {"id": 1}
    )


def test_client_validate_responses_setting(server: ScriptedServer) -> None:
    server.route("/pet", drifting)
    with BaseClient(base_url=server.base_url) as client:
        assert client.validate_responses is True
        with pytest.raises(ResponseValidationError):
            parse(client.request(OP), {"200": PET}, client.validate_responses)
        lenient = client.with_options(validate_responses=False)
        raw: Any = parse(lenient.request(OP), {"200": PET}, lenient.validate_responses)
        assert raw == {"id": 1}


def test_async_parse(server: ScriptedServer) -> None:
    server.route("/pet", drifting)

    async def main() -> tuple[object, object]:
        async with AsyncBaseClient(base_url=server.base_url, validate_responses=False) as client:
            lenient = parse(await client.request(OP), {"200": PET}, client.validate_responses)
            strict = parse(
                await client.request(OP, options={"extra_query": {"ok": 1}}), {"200": PET}
            )
            return lenient, strict

    assert asyncio.run(main()) == ({"id": 1}, Pet(id=1, name="Rex"))
