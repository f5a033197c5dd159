"""The runtime's conformance check agrees with a real JSON Schema validator.

``conformance.violation`` vets the contract's examples in mock mode where the generated
models are lax.  Each case below is a (schema, value) pair from a real contract's habit;
the check must reach jsonschema-rs's verdict (formats asserted, 3.0 ``nullable`` written
as a ``"null"`` type for it).
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from apigen_server_runtime.conformance import violation

COMPONENTS = {
    "schemas": {
        "Link": {  # Box's shared_link: requires a property it never declares
            "type": "object",
            "required": ["url", "accessed"],
            "properties": {"url": {"type": "string", "format": "uri"}},
        },
        "Shares": {  # Slack's files.shares.private: a closed object without properties
            "type": "object",
            "properties": {"private": {"additionalProperties": False}},
        },
        "Price": {"type": ["number", "null"]},  # Twilio's price, as a 3.1 type list
        "Secret": {"type": "object", "required": ["password"],
                   "properties": {"password": {"type": "string", "writeOnly": True}}},
    }
}  # fmt: skip
CASES: list[tuple[Any, Any]] = [
    ({"$ref": "#/components/schemas/Link"}, {"url": "https://box.com/s/1"}),
    ({"$ref": "#/components/schemas/Link"}, {"url": "https://box.com/s/1", "accessed": 1}),
    ({"$ref": "#/components/schemas/Link"}, {"url": "/2010-04-01/Accounts.json", "accessed": 1}),
    ({"$ref": "#/components/schemas/Shares"}, {"private": {"D0L4B9P0Q": [1]}}),
    ({"$ref": "#/components/schemas/Shares"}, {"private": {}}),
    ({"$ref": "#/components/schemas/Price"}, "-0.0025"),
    ({"$ref": "#/components/schemas/Price"}, -0.0025),
    ({"$ref": "#/components/schemas/Price"}, None),
    ({"type": "integer"}, 3.0),
    ({"type": "integer"}, True),
    ({"type": "boolean"}, 0),
    ({"type": "string", "enum": ["error"]}, "about:blank"),
    ({"enum": [1, "a"]}, True),
    ({"const": False}, 0),
    ({"type": "string", "pattern": "^(A[A-Z0-9]{1,})?$"}, "string"),
    ({"type": "string", "pattern": "^(A[A-Z0-9]{1,})?$"}, ""),
    ({"type": "string", "minLength": 2, "maxLength": 3}, "abcd"),
    ({"type": "string", "format": "date-time"}, "2020-09-21T10:34:41-07:00"),
    ({"type": "string", "format": "date-time"}, "2020-13-21T10:34:41Z"),
    ({"type": "string", "format": "date"}, "2020-02-30"),
    ({"type": "string", "format": "uuid"}, "00000000-0000-4000-8000-000000000000"),
    ({"type": "string", "format": "email"}, "nobody"),
    ({"type": "string", "format": "ipv4"}, "2001:db8::1"),
    ({"type": "array", "items": {"type": "integer"}, "maxItems": 2}, [1, 2, 3]),
    ({"type": "array", "items": {"type": "integer"}}, [1, "2"]),
    ({"allOf": [{"type": "object"}, {"nullable": True}]}, None),  # Box: 3.0 nullable alone
    ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, 2.5),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 2),
    ({"oneOf": [{"type": "object"}, {"required": ["a"]}]}, {"a": 1}),  # GitHub's event payload
    ({"anyOf": [{"type": "object"}, {"required": ["a"]}]}, {"a": 1}),
    ({"type": "object", "patternProperties": {"^x-": {}}, "additionalProperties": False},
     {"x-a": 1}),
    ({"type": "object", "additionalProperties": {"type": "string"}}, {"a": 1}),
    ({"$ref": "#/components/schemas/Secret"}, {}),  # writeOnly: answers leave it out
]  # fmt: skip


def as_json_schema(schema: Any) -> Any:
    """3.0's ``nullable`` as JSON Schema's ``"null"`` type (allOf parts stay as they are)."""
    if isinstance(schema, dict):
        out = {
            k: as_json_schema(v) for k, v in schema.items() if k not in ("nullable", "writeOnly")
        }
        if schema.get("nullable") is True and isinstance(schema.get("type"), str):
            out["type"] = [schema["type"], "null"]
        return out
    if isinstance(schema, list):
        return [as_json_schema(v) for v in schema]
    return schema


def reference_verdict(schema: Any, value: Any) -> bool:
    components = as_json_schema(COMPONENTS)
    components["schemas"]["Secret"]["required"] = []  # what a response validator does
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema", **as_json_schema(schema),
            "components": components}  # fmt: skip
    return bool(jsonschema_rs.validator_for(root, validate_formats=True).is_valid(value))


@pytest.mark.parametrize(("schema", "value"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_the_verdict_is_the_validators(schema: Any, value: Any) -> None:
    found = violation({"components": COMPONENTS}, schema, value)
    assert (found is None) == reference_verdict(schema, value), found


def test_percent_encoded_refs_resolve() -> None:
    contract = {"paths": {"/a/{id}": {"schema": {"type": "integer"}}}}
    assert violation(contract, {"$ref": "#/paths/~1a~1%7Bid%7D/schema"}, "x") is not None
    assert violation(contract, {"$ref": "#/paths/~1a~1{id}/schema"}, 1) is None


def test_the_violation_names_where_and_why() -> None:
    found = violation({"components": COMPONENTS}, CASES[3][0], CASES[3][1])
    assert found == "/private/D0L4B9P0Q: no value is allowed"
    assert violation({}, {"type": "string", "enum": ["error"]}, "x") == (
        "/: 'x' is not one of the listed values"
    )


def test_a_request_may_fit_several_options_of_a_one_of() -> None:
    """Lenient on input: the models decide among overlapping options."""
    schema = {"oneOf": [{"type": "object"}, {"required": ["a"]}]}
    assert violation({}, schema, {"a": 1}) == "/: fits more than one option of a oneOf"
    assert violation({}, schema, {"a": 1}, request=True) is None
