"""A multipart body's form class types each file field exactly as the body's model does.

The model decides whether a field is ``... | None`` (optional, nullable, or with a default
it keeps); a default that does not fit the field's type is left out, so a required file
field with such a default is required.  The form class redeclares the file fields for
type checkers: it must make the same decision, or mypy rejects the generated package
(a subclass may not widen ``bytes`` to ``UploadedFile | None``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from apigen import api

from ..client.tools import mypy_problems

SPEC = """
openapi: 3.0.3
info: {title: Forms, version: "1"}
paths:
  /upload:
    post:
      operationId: upload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [bad_default, good_default, plain]
              properties:
                bad_default: {type: string, format: binary, default: 5}
                good_default: {type: string, format: binary, default: "x"}
                plain: {type: string, format: binary}
                optional: {type: string, format: binary}
                nullable: {type: string, format: binary, nullable: true}
      responses:
        "204": {description: done}
"""


@pytest.mark.parametrize("framework", ["fastapi", "flask"])
def test_form_file_fields_agree_with_the_model(tmp_path: Path, framework: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    out = tmp_path / "service"
    result = api.generate_server(spec, out, framework=framework, formatter="none")
    generated = out / result.package / "_generated"
    forms = (generated / "forms.py").read_text(encoding="utf-8")
    model = (generated / "models" / "operations.py").read_text(encoding="utf-8")
    in_form = dict(re.findall(r"^        (\w+): (UploadedFile(?: \| None)?)$", forms, re.M))
    in_model = dict(re.findall(r"^    (\w+): (bytes(?: \| None)?)\b", model, re.M))
    assert in_form == {
        "bad_default": "UploadedFile",
        "good_default": "UploadedFile | None",
        "plain": "UploadedFile",
        "optional": "UploadedFile | None",
        "nullable": "UploadedFile | None",
    }
    assert {k: v.replace("UploadedFile", "bytes") for k, v in in_form.items()} == in_model
    if framework == "fastapi":  # the forms module is the same for both
        assert mypy_problems([result.package], [out], tmp_path) is None
