"""An error schema that is ``oneOf`` several objects: the fitted document matches one only.

GitHub's 422 answers are ``oneOf`` ``validation-error`` and ``validation-error-simple``:
both require ``message`` and ``documentation_url`` and differ only in their optional
``errors`` (objects with a ``code`` in one, text in the other).  A document with the two
required members matches both, which ``oneOf`` forbids; the runtime adds the optional
member that only one option accepts.  Checked against the schemas with jsonschema-rs.
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs
from apigen_server_runtime import Problem
from apigen_server_runtime.fitting import fit_problem
from pydantic import BaseModel, TypeAdapter


class ErrorsItem(BaseModel):
    resource: str | None = None
    field: str | None = None
    message: str | None = None
    code: str


class ValidationError(BaseModel):
    message: str
    documentation_url: str
    errors: list[ErrorsItem] | None = None


class ValidationErrorSimple(BaseModel):
    message: str
    documentation_url: str
    errors: list[str] | None = None


BOTH: dict[str, Any] = {"type": "object", "required": ["message", "documentation_url"],
                        "properties": {"message": {"type": "string"},
                                       "documentation_url": {"type": "string"}}}  # fmt: skip
SCHEMA: dict[str, Any] = {
    "oneOf": [
        {**BOTH, "properties": {**BOTH["properties"], "errors": {"type": "array", "items": {
            "type": "object", "required": ["code"],
            "properties": {"code": {"type": "string"}, "field": {"type": "string"}}}}}},
        {**BOTH, "properties": {**BOTH["properties"], "errors": {
            "type": "array", "items": {"type": "string"}}}},
    ]
}  # fmt: skip
UNION = ValidationError | ValidationErrorSimple


def fitted(problem: Problem, annotation: Any) -> dict[str, Any] | None:
    return fit_problem(problem, annotation, TypeAdapter(annotation))


def test_a_oneof_error_gets_the_member_only_one_option_accepts() -> None:
    errors = [{"in": "body", "name": "/billing_email", "message": "not a string"}]
    problem = Problem(422, detail="1 invalid field", errors=errors)
    doc = fitted(problem, UNION)
    assert doc is not None and doc["errors"] == ["body /billing_email: not a string"]
    assert jsonschema_rs.validator_for(SCHEMA).is_valid(doc)
    without = {k: v for k, v in doc.items() if k != "errors"}
    assert not jsonschema_rs.validator_for(SCHEMA).is_valid(without)  # it matches both


def test_without_field_errors_the_problem_line_tells_the_options_apart() -> None:
    doc = fitted(Problem(422, detail="bad"), UNION)
    assert doc is not None and doc["errors"] == ["Unprocessable Entity: bad"]
    assert jsonschema_rs.validator_for(SCHEMA).is_valid(doc)


def test_a_single_model_is_fitted_as_before() -> None:
    doc = fitted(Problem(422, detail="bad"), ValidationError)
    assert doc is not None and "errors" not in doc
    assert doc["message"] == "Unprocessable Entity: bad"
