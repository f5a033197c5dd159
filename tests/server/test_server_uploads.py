"""Multipart file parts reach handlers as ``UploadedFile`` (content, filename, content type).

Over real HTTP for both frameworks: 3.0 ``format: binary`` (kitchen-sink's uploadPhoto) and
3.1 ``contentMediaType`` (webhooks-3.1's uploadAttachment).  The handlers read
``body.<file>.filename`` as typed attributes, and mypy --strict accepts them: the generated
interface types the body as a ``forms`` class whose file fields are ``UploadedFile``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from apigen import api

from ..client.tools import mypy_problems
from .service import implement, imported, serve

EXAMPLES = Path(__file__).resolve().parents[2] / "specs" / "examples"
FRAMEWORKS = ("fastapi", "flask")
SECURITY = '''
from {package}._generated._runtime.security import Principal, SecurityHooks
from {package}._generated._runtime.spec import SchemeSpec

__all__ = ["Security"]


class Security(SecurityHooks):
    """Any API key or basic credentials will do."""

    def api_key(self, scheme: SchemeSpec, key: str) -> Principal | None:
        return Principal("key")

    def basic(self, scheme: SchemeSpec, username: str, password: str) -> Principal | None:
        return Principal(username)
'''
PHOTO = """
        photo = body.photo
        seen = {"filename": photo.filename or "", "type": photo.content_type or ""}
        seen["class"] = type(photo).__name__
        return models.Echo(
            method="POST", path="/", query="", headers=seen, cookies=[],
            body=photo.data.decode("latin-1"), content_type=body.caption,
        )
"""
ATTACHMENT = """
        file = body.file
        seen = f"{file.filename}|{file.content_type}|{type(file).__name__}"
        return models.Attachment(id=seen, size=len(file.data), label=body.label)
"""


class Project:
    def __init__(self, root: Path, package: str, http: httpx.Client) -> None:
        self.root = root
        self.package = package
        self.http = http


def _project(
    tmp: Path, spec: str, framework: str, module: str, method: str, body: str
) -> Iterator[Project]:
    package = f"{method}_{framework}"
    api.generate_server(EXAMPLES / spec, tmp, framework=framework, package=package)
    implement(tmp / package / "handlers" / f"{module}.py", method, body)
    (tmp / package / "security.py").write_text(SECURITY.format(package=package), "utf-8")
    with (
        imported(tmp, f"{package}.app") as app,
        serve(app.app, framework) as url,
        httpx.Client(base_url=url, timeout=20) as http,
    ):
        yield Project(tmp, package, http)


@pytest.fixture(scope="module", params=FRAMEWORKS)
def photos(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("photos")
    yield from _project(tmp, "kitchen-sink.yaml", request.param, "bodies", "upload_photo", PHOTO)


@pytest.fixture(scope="module", params=FRAMEWORKS)
def attachments(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("attachments")
    yield from _project(
        tmp, "webhooks-3.1.yaml", request.param, "attachments", "upload_attachment", ATTACHMENT
    )


def test_a_3_0_binary_part_arrives_with_its_filename_and_type(photos: Project) -> None:
    content = bytes(range(256))
    answer = photos.http.post(
        "/bodies/upload",
        files={"photo": ("cat.png", content, "image/png")},
        data={"caption": "Miso"},
        headers={"X-API-Key": "k"},
    )
    assert answer.status_code == 200, answer.text
    echo = answer.json()
    assert echo["headers"] == {"filename": "cat.png", "type": "image/png", "class": "UploadedFile"}
    assert echo["body"].encode("latin-1") == content
    assert echo["contentType"] == "Miso"


def test_a_text_field_sent_for_a_file_part_is_a_file_without_name(photos: Project) -> None:
    sent = {"photo": (None, "plain")}  # a part without filename or type: a text field
    answer = photos.http.post("/bodies/upload", files=sent, headers={"X-API-Key": "k"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["headers"] == {"filename": "", "type": "", "class": "UploadedFile"}
    assert answer.json()["body"] == "plain"


def test_a_3_1_content_media_type_part_arrives_as_a_file(attachments: Project) -> None:
    answer = attachments.http.post(
        "/attachments",
        files={"file": ("report.pdf", b"%PDF-1.7 ...", "application/pdf")},
        data={"label": "Q3"},
        auth=("ann", "pw"),
    )
    assert answer.status_code == 201, answer.text
    assert answer.json() == {
        "id": "report.pdf|application/pdf|UploadedFile",
        "size": 12,
        "label": "Q3",
    }


@pytest.mark.slow
def test_handlers_reading_file_attributes_pass_mypy_strict(attachments: Project) -> None:
    if attachments.package.endswith("flask"):
        pytest.skip("one framework is enough: the forms module is the same")
    problems = mypy_problems([attachments.package], [attachments.root], attachments.root)
    assert problems is None, problems
