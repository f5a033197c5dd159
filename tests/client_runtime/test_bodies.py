"""Each request body kind, as received and decoded by a real server (sync and async)."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Callable
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs

import pytest
from pydantic import BaseModel, ConfigDict, Field
from runtime import (
    AsyncBaseClient,
    BaseClient,
    BytesBody,
    FormBody,
    JsonBody,
    MultipartBody,
    OperationInfo,
    TextBody,
)

from .conftest import SleepRecorder
from .server import Received, Reply, ScriptedServer, echo

UPLOAD = OperationInfo("POST", "/upload", "upload")


class Pet(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    pet_name: str = Field(alias="petName")
    tag: str | None = None
    age: int = 1


def multipart_parts(received: Received) -> list[Message]:
    content_type = received.header("Content-Type")
    assert content_type is not None and content_type.startswith("multipart/form-data; boundary=")
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + received.body
    )
    assert message.is_multipart()
    return list(message.iter_parts())


def test_json_body_dumps_models_by_alias_without_unset_fields(server: ScriptedServer) -> None:
    with BaseClient(base_url=server.base_url) as client:
        client.request(UPLOAD, body=JsonBody(Pet(pet_name="Rex", tag=None)))
        client.request(UPLOAD, body=JsonBody({"pets": [Pet(pet_name="A")], "n": None}))
        client.request(
            UPLOAD, body=JsonBody({"op": "x"}, content_type="application/merge-patch+json")
        )
    first, second, third = server.requests()
    assert first.header("Content-Type") == "application/json"
    # ``tag`` was set explicitly (to None) so it is sent as null; ``age`` was never set.
    assert first.json() == {"petName": "Rex", "tag": None}
    assert second.json() == {"pets": [{"petName": "A"}], "n": None}
    assert third.header("Content-Type") == "application/merge-patch+json"


def test_form_body(server: ScriptedServer) -> None:
    with BaseClient(base_url=server.base_url) as client:
        client.request(
            UPLOAD,
            body=FormBody({"name": "a b&c", "tags": ["x", "y"], "ok": True, "skip": None}),
        )
    (received,) = server.requests()
    assert received.header("Content-Type") == "application/x-www-form-urlencoded"
    assert parse_qs(received.body.decode()) == {
        "name": ["a b&c"],
        "tags": ["x", "y"],
        "ok": ["true"],
    }


def test_multipart_with_fields_and_files(server: ScriptedServer) -> None:
    photo = io.BytesIO(b"\x89PNG fake image bytes")
    with BaseClient(base_url=server.base_url) as client:
        client.request(
            UPLOAD,
            body=MultipartBody(
                fields={"title": "Holiday", "public": False, "tags": ["a", "b"], "meta": {"k": 1}},
                files={
                    "photo": ("photo.png", photo, "image/png"),
                    "notes": [("a.txt", b"first"), ("b.txt", b"second", "text/plain")],
                },
            ),
        )
    (received,) = server.requests()
    parts = [
        (
            part.get_param("name", header="content-disposition"),
            part.get_filename(),
            part.get_content_type(),
            part.get_payload(decode=True),
        )
        for part in multipart_parts(received)
    ]
    assert parts == [
        ("title", None, "text/plain", b"Holiday"),
        ("public", None, "text/plain", b"false"),
        ("tags", None, "text/plain", b"a"),
        ("tags", None, "text/plain", b"b"),
        ("meta", None, "application/json", b'{"k":1}'),
        ("photo", "photo.png", "image/png", b"\x89PNG fake image bytes"),
        ("notes", "a.txt", "application/octet-stream", b"first"),
        ("notes", "b.txt", "text/plain", b"second"),
    ]


def test_form_body_field_styles(server: ScriptedServer) -> None:
    """The encoding object's style/explode per field; other fields stay exploded form."""
    fields = {"tags": ["x", "y"], "ids": [1, 2], "piped": ["p", "q"], "deep": {"a": "1"}}
    styles = {
        "tags": ("form", False),
        "piped": ("pipeDelimited", False),
        "deep": ("deepObject", True),
    }
    with BaseClient(base_url=server.base_url) as client:
        client.request(UPLOAD, body=FormBody(fields, styles=styles))
    (received,) = server.requests()
    assert received.body == b"tags=x,y&ids=1&ids=2&piped=p%7Cq&deep%5Ba%5D=1"


def test_multipart_part_content_types(server: ScriptedServer) -> None:
    """Declared part types apply to text parts and to files without their own type; objects
    stay JSON whatever is declared for them."""
    types = {"note": "text/markdown", "meta": "application/xml", "scan": "image/png", "doc": "x/y"}
    with BaseClient(base_url=server.base_url) as client:
        client.request(
            UPLOAD,
            body=MultipartBody(
                fields={"note": "# hi", "meta": {"k": 1}},
                files={"scan": b"PNG", "doc": ("d.pdf", b"PDF", "application/pdf")},
                content_types=types,
            ),
        )
    (received,) = server.requests()
    parts = [
        (part.get_param("name", header="content-disposition"), part.get_content_type())
        for part in multipart_parts(received)
    ]
    assert parts == [
        ("note", "text/markdown"),
        ("meta", "application/json"),
        ("scan", "image/png"),
        ("doc", "application/pdf"),
    ]


def test_multipart_with_only_fields_is_still_multipart(server: ScriptedServer) -> None:
    with BaseClient(base_url=server.base_url) as client:
        client.request(UPLOAD, body=MultipartBody(fields={"a": "1"}))
    (received,) = server.requests()
    (part,) = multipart_parts(received)
    assert part.get_payload(decode=True) == b"1"


def test_octet_and_text_bodies(server: ScriptedServer) -> None:
    with BaseClient(base_url=server.base_url) as client:
        client.request(UPLOAD, body=BytesBody(b"\x00\x01\xff"))
        client.request(UPLOAD, body=BytesBody(io.BytesIO(b"streamed"), "image/png"))
        client.request(UPLOAD, body=TextBody("grüße"))
        client.request(UPLOAD, body=TextBody("<a/>", "application/xml"))
    binary, stream, text, xml = server.requests()
    assert (binary.header("Content-Type"), binary.body) == (
        "application/octet-stream",
        b"\x00\x01\xff",
    )
    assert (stream.header("Content-Type"), stream.body) == ("image/png", b"streamed")
    assert text.header("Content-Type") == "text/plain; charset=utf-8"
    assert text.body.decode("utf-8") == "grüße"
    assert (xml.header("Content-Type"), xml.body) == ("application/xml", b"<a/>")


def fail_first_attempt() -> Callable[[Received], Reply]:
    calls: list[Received] = []

    def handler(received: Received) -> Reply:
        calls.append(received)
        return (503, {}, b"busy") if len(calls) == 1 else echo(received)

    return handler


@pytest.mark.parametrize(("kind", "offset"), [("multipart", 0), ("multipart", 7), ("bytes", 7)])
def test_file_bodies_are_resent_in_full_on_retry(
    server: ScriptedServer, sleeps: SleepRecorder, kind: str, offset: int
) -> None:
    server.route("/upload", fail_first_attempt())
    data = io.BytesIO(b"header-"[:offset] + b"x" * 100_000)
    data.read(offset)  # the upload starts where the caller left the file
    body = MultipartBody(files={"f": ("f.bin", data)}) if kind == "multipart" else BytesBody(data)
    put = OperationInfo("PUT", "/upload", "put")
    with BaseClient(base_url=server.base_url, sleep=sleeps) as client:
        assert client.request(put, body=body).status_code == 200
    attempts = server.requests()
    assert len(attempts) == 2
    assert len(sleeps.delays) == 1
    for received in attempts:
        if kind == "bytes":
            assert received.body == b"x" * 100_000
        else:
            (part,) = multipart_parts(received)
            assert part.get_payload(decode=True) == b"x" * 100_000


def test_async_bodies(server: ScriptedServer) -> None:
    async def main() -> None:
        async with AsyncBaseClient(base_url=server.base_url) as client:
            await client.request(UPLOAD, body=JsonBody([1, "two"]))
            await client.request(
                UPLOAD, body=MultipartBody({"x": 1}, {"f": ("f.txt", b"data", "text/plain")})
            )
            await client.request(UPLOAD, body=FormBody({"a": "b"}))

    asyncio.run(main())
    json_req, multipart, form = server.requests()
    assert json.loads(json_req.body) == [1, "two"]
    names = [
        part.get_param("name", header="content-disposition") for part in multipart_parts(multipart)
    ]
    assert names == ["x", "f"]
    assert form.body == b"a=b"
