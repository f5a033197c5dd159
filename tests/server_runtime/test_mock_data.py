"""Mock data generated from the response schemas of real specs validates against them.

For every response schema of a few real specs (Swagger 2.0, OpenAPI 3.0 and 3.1; heavy
``oneOf``/discriminator use, recursion, formats, patterns), the generator's value is checked
with jsonschema-rs: the whole document is the validation root (so every ``$ref`` resolves),
3.0 ``nullable`` is translated to a ``"null"`` type, formats are asserted.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema_rs
import pytest
from apigen_server_runtime.keywords import resolve_pointer
from apigen_server_runtime.mock import MockData, mock_response
from apigen_server_runtime.spec import OperationSpec, ResponseSpec

from apigen.spec.resolve import load_spec

REAL = Path(__file__).resolve().parents[3] / "shared" / "specs" / "real"
SPECS = [
    "oai-petstore-expanded.json",  # 3.0
    "spotify-fixed.yml",  # 3.0.3, nullable, many objects
    "twilio_messaging_v1.yaml",  # 3.0.1
    "asana.yaml",  # 3.0, big
    "scalar-galaxy.yaml",  # 3.1
    "train-travel.yaml",  # 3.1, oneOf
    "adyen-CheckoutService-v72.json",  # 3.1, oneOf, patterns
    "openai.yaml",  # 3.1, 1,400 schemas, discriminators, recursion
    "netlify.yml",  # Swagger 2.0
    "slack-web.json",  # Swagger 2.0, patterns with empty matches
    "box.json",  # 3.0, overlapping oneOf options
]
DRAFT2020 = "https://json-schema.org/draft/2020-12/schema"
DRAFT4 = "http://json-schema.org/draft-04/schema#"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not REAL.is_dir(), reason="../shared/specs is absent"),
]


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def response_schemas(doc: dict[str, Any]) -> Iterator[tuple[str, str, str, str]]:
    """(status, response pointer, media type, schema pointer) of every JSON response body."""
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            for status, response in (op.get("responses") or {}).items():
                pointer = f"/paths/{escape(path)}/{method}/responses/{escape(str(status))}"
                while isinstance(response, dict) and isinstance(response.get("$ref"), str):
                    pointer = response["$ref"].lstrip("#")
                    response = resolve_pointer(doc, response["$ref"])
                if not isinstance(response, dict):
                    continue
                if "schema" in response:  # Swagger 2.0
                    yield str(status), pointer, "application/json", f"{pointer}/schema"
                for media, entry in (response.get("content") or {}).items():
                    if isinstance(entry, dict) and "schema" in entry and "json" in media:
                        schema = f"{pointer}/content/{escape(media)}/schema"
                        yield str(status), pointer, media, schema


def as_json_schema(doc: dict[str, Any], oas30: bool) -> dict[str, Any]:
    """The document with OAS-isms made JSON Schema: 3.0 ``nullable`` (2.0 ``x-nullable``)
    becomes a ``"null"`` type; in 3.1 documents, 3.0-style boolean exclusive bounds (which
    openai.yaml still has) become numeric ones."""
    out = copy.deepcopy(doc)
    stack: list[Any] = [out]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if oas30 and (node.get("nullable") is True or node.get("x-nullable") is True):
                kind = node.get("type")
                if isinstance(kind, str):
                    node["type"] = [kind, "null"]
                if isinstance(node.get("enum"), list) and None not in node["enum"]:
                    node["enum"].append(None)
            if not oas30:
                for bound, limit in (
                    ("exclusiveMinimum", "minimum"),
                    ("exclusiveMaximum", "maximum"),
                ):
                    flag = node.get(bound)
                    if isinstance(flag, bool):
                        del node[bound]
                        if flag and limit in node:
                            node[bound] = node.pop(limit)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out


@pytest.fixture(scope="module", params=SPECS)
def loaded(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any], dict[str, Any]]:
    spec = load_spec(REAL / request.param)
    doc = spec.root.root
    return spec.major, doc, as_json_schema(doc, spec.major != "3.1")


def test_generated_data_validates(loaded: tuple[str, dict[str, Any], dict[str, Any]]) -> None:
    """One validator per spec: item i of an array must match response schema i."""
    major, doc, schema_doc = loaded
    pointers = sorted({schema for *_, schema in response_schemas(doc)})
    assert pointers
    values = [MockData(doc).value(resolve_pointer(doc, pointer)) for pointer in pointers]
    refs = [{"$ref": "#" + quote(pointer, safe="/~")} for pointer in pointers]
    if major == "3.1":
        tuple_schema = {"$schema": DRAFT2020, "prefixItems": refs}
    else:
        tuple_schema = {"$schema": DRAFT4, "items": refs}
    validator = jsonschema_rs.validator_for({**schema_doc, **tuple_schema}, validate_formats=True)
    failures = sorted(
        {
            f"{pointers[e.instance_path[0]]}: {e.message[:160]} at {list(e.instance_path[1:])}"
            for e in validator.iter_errors(values)
        }
    )
    assert failures == [], f"{len(failures)}/{len(pointers)} invalid:\n" + "\n".join(failures[:20])
    again = [MockData(doc).value(resolve_pointer(doc, pointer)) for pointer in pointers]
    assert json.dumps(again) == json.dumps(values)  # deterministic


def test_mock_response_prefers_declared_examples(
    loaded: tuple[str, dict[str, Any], dict[str, Any]],
) -> None:
    """Whole mock answers for every 2xx JSON response: parseable, examples used when given."""
    _, doc, _ = loaded
    answered = 0
    for status, pointer, media, schema_pointer in response_schemas(doc):
        if not (status.startswith("2") and status.isdigit()):
            continue
        op = OperationSpec(
            "x", "GET", "/x", "t", "x", responses=(ResponseSpec(status, (media,), (), pointer),)
        )
        answer = mock_response(op, doc)
        assert answer.status == int(status)
        data = json.loads(answer.body)
        media_object = resolve_pointer(doc, pointer).get("content", {}).get(media, {})
        if "example" in media_object:
            assert data == media_object["example"]
        else:
            assert schema_pointer  # generated (or a schema example): checked above
        answered += 1
    assert answered > 0
