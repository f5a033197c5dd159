"""The client of specs/examples/webhooks-3.1.yaml on the wire: what 3.1 adds for bodies.

In OpenAPI 3.1 a file is ``type: string`` with ``contentMediaType`` (no ``format: binary``);
the echo app shows what a multipart upload of such a field really sends.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from apigen import api

from .echo_app import Echo, Reply
from .tools import imported

SPEC = Path(__file__).resolve().parents[2] / "specs" / "examples" / "webhooks-3.1.yaml"
PACKAGE = "event_relay_client"


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("webhooks")
    assert api.generate_client(SPEC, out).package == PACKAGE
    with imported(out, PACKAGE) as module:
        yield module


@pytest.mark.xfail(
    strict=True,
    reason="generator gap: a 3.1 file field (type: string, contentMediaType) is typed str, "
    "so multipart sends it as a text field without a filename (apigen/render/models.py "
    "annotations and templates/client/_bodies.py _is_file only know bytes)",
)
def test_file_field_of_a_31_contract_is_sent_as_a_file(pkg: ModuleType) -> None:
    echo = Echo()
    echo.then(Reply.json(201, {"id": "a1", "size": 12}))
    models = importlib.import_module(f"{PACKAGE}.models")
    document = b"%PDF-1.7 demo"
    with (
        httpx.Client(transport=httpx.WSGITransport(app=echo.wsgi)) as http,
        pkg.Client("http://relay.test/api", basic_auth=("ops", "pw"), http_client=http) as client,
    ):
        client.attachments.upload_attachment(
            body=models.UploadAttachmentRequest(file=document, label="invoice")
        )
    parts = {part.name: part for part in echo.last.parts()}
    assert parts["label"].data == b"invoice"
    assert parts["file"].data == document
    assert parts["file"].filename is not None
