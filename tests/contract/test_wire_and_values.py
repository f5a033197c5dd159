"""Request values: serialisation by style, deterministic generation, pattern examples."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest

from apigen.api import build
from apigen.ir.model import Parameter, Primitive, Source
from apigen.render.tests_check import ContractCheck
from apigen.render.tests_values import ValueMaker, pattern_example
from apigen.render.tests_view import build_tests_view
from apigen.render.tests_wire import path_value, query_pairs, text_value

from .tools import EXAMPLES

ARRAY = [3, 4, 5]
OBJECT = {"role": "admin", "firstName": "Alex"}


def param(location: str, style: str, explode: bool, name: str = "id") -> Parameter:
    return Parameter(name, name, location, Primitive("string"), True, style, explode,  # type: ignore[arg-type]
                     Source("api.yaml", "/p"))  # fmt: skip


# The table of the OpenAPI specification (Parameter Object, "Style Examples").
@pytest.mark.parametrize(
    "style, explode, value, expected",
    [
        ("simple", False, 5, "5"),
        ("simple", False, ARRAY, "3,4,5"),
        ("simple", True, ARRAY, "3,4,5"),
        ("simple", False, OBJECT, "role,admin,firstName,Alex"),
        ("simple", True, OBJECT, "role=admin,firstName=Alex"),
        ("label", False, 5, ".5"),
        ("label", False, ARRAY, ".3,4,5"),
        ("label", True, ARRAY, ".3.4.5"),
        ("label", False, OBJECT, ".role,admin,firstName,Alex"),
        ("label", True, OBJECT, ".role=admin.firstName=Alex"),
        ("matrix", False, 5, ";id=5"),
        ("matrix", False, ARRAY, ";id=3,4,5"),
        ("matrix", True, ARRAY, ";id=3;id=4;id=5"),
        ("matrix", False, OBJECT, ";id=role,admin,firstName,Alex"),
        ("matrix", True, OBJECT, ";role=admin;firstName=Alex"),
    ],
)
def test_path_styles(style: str, explode: bool, value: Any, expected: str) -> None:
    encoded = path_value(param("path", style, explode), value)
    assert encoded.replace("%2C", ",") == expected


@pytest.mark.parametrize(
    "style, explode, value, expected",
    [
        ("form", True, 5, [("id", "5")]),
        ("form", False, ARRAY, [("id", "3,4,5")]),
        ("form", True, ARRAY, [("id", "3"), ("id", "4"), ("id", "5")]),
        ("form", False, OBJECT, [("id", "role,admin,firstName,Alex")]),
        ("form", True, OBJECT, [("role", "admin"), ("firstName", "Alex")]),
        ("spaceDelimited", False, ARRAY, [("id", "3 4 5")]),
        ("pipeDelimited", False, ARRAY, [("id", "3|4|5")]),
        ("deepObject", True, OBJECT, [("id[role]", "admin"), ("id[firstName]", "Alex")]),
    ],
)
def test_query_styles(
    style: str, explode: bool, value: Any, expected: list[tuple[str, str]]
) -> None:
    assert query_pairs(param("query", style, explode), value) == expected


def test_header_values_and_path_encoding() -> None:
    assert text_value(param("header", "simple", False), ARRAY) == "3,4,5"
    assert text_value(param("header", "simple", True), OBJECT) == "role=admin,firstName=Alex"
    assert text_value(param("header", "simple", False), True) == "true"
    assert path_value(param("path", "simple", False), "a/b c") == "a%2Fb%20c"


PATTERNS = [r"^[A-Z]{2}-\d{4}$", r"^(foo|bar)+_[a-z0-9]{3,}$", r"\w+@\w+\.com", r"^[^/]+/[^/]+$",
            r"^v\d+(\.\d+){2}$"]  # fmt: skip


@pytest.mark.parametrize("pattern", PATTERNS)
def test_pattern_examples_match(pattern: str) -> None:
    text = pattern_example(pattern, random.Random(1))
    assert text is not None and re.search(pattern, text)


def test_unsatisfiable_patterns_give_none() -> None:
    assert pattern_example(r"(?P<x>a)(?P=x)b(?!b)c", random.Random(1)) in (None, "aabc")
    assert pattern_example("[", random.Random(1)) is None


def views(name: str) -> Any:
    built = build(EXAMPLES / name)
    return build_tests_view(built.api, name, ContractCheck(built.spec))


def test_views_are_deterministic() -> None:
    assert views("petstore.yaml") == views("petstore.yaml")


def test_generated_values_are_seeded_per_operation_and_case() -> None:
    built = build(EXAMPLES / "petstore.yaml")
    model = built.api.model("NewPet")
    first = ValueMaker(built.api, "createPet:generated").model(model, 0)
    assert first == ValueMaker(built.api, "createPet:generated").model(model, 0)
    assert first != ValueMaker(built.api, "createPet:example").model(model, 0)
    assert "id" not in ValueMaker(built.api, "x").model(built.api.model("Pet"), 0)  # readOnly


@pytest.mark.parametrize(
    "spec", ["petstore.yaml", "webhooks-3.1.yaml", "swagger2.yaml", "multifile/openapi.yaml"]
)
def test_every_positive_value_is_valid_and_every_negative_invalid(spec: str) -> None:
    """Checked again here with the full contract, independently of the builder's own checks."""
    built = build(EXAMPLES / spec)
    check = ContractCheck(built.spec)
    view = build_tests_view(built.api, spec, check)
    ops = {op.id: op for op in built.api.operations}
    seen = 0
    for module in view.modules:
        for op_view in module.operations:
            op = ops[op_view.operation_id]
            media = op.body.content if op.body else ()
            for case in op_view.cases:
                body = case.steps[0].request.body
                if body is None or body.kind != "json":
                    continue
                where = next(
                    (check.media(m) for m in media if m.media_type == body.media_type), None
                )
                verdict = check.valid(where, body.value)
                seen += verdict is not None
                assert verdict is not (case.marker == "negative" and "body" in case.test_name), case
    assert seen > 0


def test_notes_say_why_a_case_is_missing(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n"
        "      requestBody:\n        required: true\n        content:\n"
        "          application/xml: {schema: {type: object}}\n"
        "      responses: {'200': {description: ok}}\n"
        "  /b:\n    get:\n      parameters:\n        - {name: n, in: query, required: true,"
        " example: 'x', schema: {type: integer}}\n      responses: {'200': {description: ok}}\n"
    )
    built = build(spec)
    view = build_tests_view(built.api, "api.yaml", ContractCheck(built.spec))
    notes = {op.operation_id: op.notes for m in view.modules for op in m.operations}
    assert notes["post_a"] == ("no body is generated for application/xml",)
    assert notes["get_b"] == ("the example of query parameter 'n' does not match its schema",)
