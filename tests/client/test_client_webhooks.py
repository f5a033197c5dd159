"""The client of specs/examples/webhooks-3.1.yaml on the wire: what 3.1 adds for bodies.

In OpenAPI 3.1 a file is ``type: string`` with ``contentMediaType`` (no ``format: binary``);
the echo app shows what a multipart upload of such a field really sends.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from apigen import api

from .echo_app import Echo, Reply, serve
from .tools import imported

SPEC = Path(__file__).resolve().parents[2] / "specs" / "examples" / "webhooks-3.1.yaml"
PACKAGE = "event_relay_client"


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("webhooks")
    assert api.generate_client(SPEC, out).package == PACKAGE
    with imported(out, PACKAGE) as module:
        yield module


def test_file_field_of_a_31_contract_is_sent_as_a_file(pkg: ModuleType) -> None:
    """Over real HTTP: the field is typed as a file, sent as a file part with a filename and
    the first content type the encoding lists (or the one the caller gives)."""
    echo = Echo()
    echo.then(Reply.json(201, {"id": "a1", "size": 12}), Reply.json(201, {"id": "a2", "size": 3}))
    models = importlib.import_module(f"{PACKAGE}.models")
    field = models.UploadAttachmentRequest.model_fields["file"]
    assert field.annotation == bytes | tuple[str, bytes] | tuple[str, bytes, str]
    document = b"%PDF-1.7 demo"
    with serve(echo.wsgi) as url, pkg.Client(f"{url}/api", basic_auth=("ops", "pw")) as client:
        client.attachments.upload_attachment(
            body=models.UploadAttachmentRequest(file=document, label="invoice")
        )
        plain = {part.name: part for part in echo.last.parts()}
        client.attachments.upload_attachment(
            body=models.UploadAttachmentRequest(file=("scan.jpg", b"\xff\xd8\xff", "image/jpeg"))
        )
        named = {part.name: part for part in echo.last.parts()}
    assert plain["label"].data == b"invoice"
    assert plain["file"].data == document
    assert plain["file"].filename is not None
    assert plain["file"].content_type == "application/pdf"  # encoding: the first listed type
    assert sorted(named) == ["file"]  # label: None, left out
    assert (named["file"].filename, named["file"].content_type) == ("scan.jpg", "image/jpeg")
    assert named["file"].data == b"\xff\xd8\xff"
