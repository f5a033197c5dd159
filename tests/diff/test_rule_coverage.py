"""Every rule in the registry is triggered by at least one fixture pair.

test_rules.py pins exact id sets for hand-written cases; this module adds a
case for each remaining rule (constraints, unions, bodies, statuses...) and
then checks that no registered rule is left without a fixture.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest

from apigen.diff.registry import RULES, SCHEMA_RULES

from .test_rules import BASE, CASES, Doc, create_op, diff, list_op, pet


def richer_base() -> Doc:
    doc = copy.deepcopy(BASE)
    props = pet(doc)["properties"]
    props["tag"].update({"minLength": 2, "pattern": "^[a-z]+$"})
    props["weight"] = {"type": "number", "minimum": 1, "maximum": 100, "multipleOf": 0.5}
    props["height"] = {
        "type": "number",
        "minimum": 0,
        "exclusiveMinimum": True,
        "maximum": 10,
        "exclusiveMaximum": True,
    }
    props["toys"] = {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 9}
    props["labels"] = {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "minProperties": 1,
        "maxProperties": 5,
    }
    props["mood"] = {"type": "string"}
    props["color"] = {"type": "string", "enum": ["red", "blue"]}
    props["either"] = {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    props["note"] = {"type": "string", "nullable": True}
    props["count"] = {"type": "number"}
    props["free"] = {}
    return doc


RICH = richer_base()


def prop(doc: Doc, name: str) -> Doc:
    result: Doc = pet(doc)["properties"][name]
    return result


Edit = Callable[[Doc], object]

#: (rule name as registered, edit of the richer base)
SCHEMA_CASES: list[tuple[str, Edit]] = [
    ("min-length-increased", lambda d: prop(d, "tag").update(minLength=3)),
    ("min-length-decreased", lambda d: prop(d, "tag").update(minLength=1)),
    ("max-length-decreased", lambda d: prop(d, "name").update(maxLength=20)),
    ("max-length-increased", lambda d: prop(d, "name").update(maxLength=80)),
    ("min-increased", lambda d: prop(d, "weight").update(minimum=2)),
    ("min-decreased", lambda d: prop(d, "weight").update(minimum=0)),
    ("max-decreased", lambda d: prop(d, "weight").update(maximum=90)),
    ("max-increased", lambda d: prop(d, "weight").update(maximum=200)),
    ("exclusive-min-increased", lambda d: prop(d, "height").update(minimum=1)),
    ("exclusive-min-decreased", lambda d: prop(d, "height").update(minimum=-1)),
    ("exclusive-max-decreased", lambda d: prop(d, "height").update(maximum=9)),
    ("exclusive-max-increased", lambda d: prop(d, "height").update(maximum=11)),
    ("min-items-increased", lambda d: prop(d, "toys").update(minItems=2)),
    ("min-items-decreased", lambda d: prop(d, "toys").update(minItems=0)),
    ("max-items-decreased", lambda d: prop(d, "toys").update(maxItems=5)),
    ("max-items-increased", lambda d: prop(d, "toys").update(maxItems=20)),
    ("min-properties-increased", lambda d: prop(d, "labels").update(minProperties=2)),
    ("min-properties-decreased", lambda d: prop(d, "labels").update(minProperties=0)),
    ("max-properties-decreased", lambda d: prop(d, "labels").update(maxProperties=3)),
    ("max-properties-increased", lambda d: prop(d, "labels").update(maxProperties=9)),
    ("pattern-changed", lambda d: prop(d, "tag").update(pattern="^[a-z0-9]+$")),
    ("pattern-removed", lambda d: prop(d, "tag").pop("pattern")),
    ("multiple-of-changed", lambda d: prop(d, "weight").update(multipleOf=1)),
    ("unique-items-added", lambda d: prop(d, "toys").update(uniqueItems=True)),
    ("enum-added", lambda d: prop(d, "mood").update(enum=["calm"])),
    ("enum-removed", lambda d: prop(d, "color").pop("enum")),
    ("any-of-removed", lambda d: prop(d, "either").update(anyOf=[{"type": "string"}])),
    ("any-of-added", lambda d: prop(d, "either")["anyOf"].append({"type": "boolean"})),
    ("became-not-nullable", lambda d: prop(d, "note").pop("nullable")),
    ("type-specialized", lambda d: prop(d, "count").update(type="integer")),
    ("type-generalized", lambda d: pet(d)["properties"].update(mood={})),
]


@pytest.mark.parametrize("rule,change", SCHEMA_CASES, ids=[c[0] for c in SCHEMA_CASES])
def test_schema_rule_fires_in_both_directions(tmp_path: Path, rule: str, change: Edit) -> None:
    rev = copy.deepcopy(RICH)
    change(rev)
    ids = {c.id for c in diff(RICH, rev, tmp_path)}
    assert ids == {f"request-property-{rule}", f"response-property-{rule}"}


def _add_status(status: str) -> Edit:
    return lambda d: list_op(d)["responses"].update({status: {"description": "x"}})


#: (rule id, edit of the base) for operation-level rules not in test_rules.py
OTHER_CASES: list[tuple[str, Edit]] = [
    ("response-success-status-added", _add_status("206")),
    ("response-non-success-status-added", _add_status("429")),
    (
        "response-header-added",
        lambda d: list_op(d)["responses"]["200"]["headers"].update(
            {"X-New": {"schema": {"type": "string"}}}
        ),
    ),
    ("request-parameter-deprecated", lambda d: list_op(d)["parameters"][0].update(deprecated=True)),
    (
        "new-required-request-body",
        lambda d: list_op(d).update(
            requestBody={
                "required": True,
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        ),
    ),
    (
        "new-optional-request-body",
        lambda d: list_op(d).update(
            requestBody={"content": {"application/json": {"schema": {"type": "object"}}}}
        ),
    ),
]


@pytest.mark.parametrize("rule,change", OTHER_CASES, ids=[c[0] for c in OTHER_CASES])
def test_operation_rule_fires(tmp_path: Path, rule: str, change: Edit) -> None:
    rev = copy.deepcopy(BASE)
    change(rev)
    assert {c.id for c in diff(BASE, rev, tmp_path)} == {rule}


def test_reactivated_and_became_optional(tmp_path: Path) -> None:
    old = copy.deepcopy(BASE)
    list_op(old)["deprecated"] = True
    list_op(old)["parameters"][0]["required"] = True
    ids = {c.id for c in diff(old, BASE, tmp_path)}
    assert ids == {"endpoint-reactivated", "request-parameter-became-optional"}


def test_path_removal_variants(tmp_path: Path) -> None:
    old = copy.deepcopy(BASE)
    old["paths"]["/pets/{petId}"]["get"].update(deprecated=True)
    new = copy.deepcopy(old)
    new["paths"].pop("/pets/{petId}")
    seen = {diff(old, new, tmp_path)[0].id}
    for sunset in ("2001-01-01", "2999-01-01"):
        old["paths"]["/pets/{petId}"]["get"]["x-sunset"] = sunset
        seen.add(diff(old, new, tmp_path)[0].id)
    assert seen == {
        "api-path-removed-deprecated",
        "api-path-removed-after-sunset",
        "api-path-removed-before-sunset",
    }
    assert create_op(old)  # the base keeps its other operations


def test_no_rule_without_a_fixture() -> None:
    covered_schema = {name for name, _ in SCHEMA_CASES}
    covered_ids = (
        {rule for rule, _ in OTHER_CASES}
        | {rid for _, _, ids in CASES for rid in ids}
        | {
            "endpoint-reactivated",
            "request-parameter-became-optional",
            "api-path-removed-deprecated",
            "api-path-removed-after-sunset",
            "api-path-removed-before-sunset",
            "api-removed-after-sunset",
            "api-removed-before-sunset",
            "api-removed-deprecated",
            "schema-renamed",  # test_false_positives.test_component_renamed
        }
    )
    for schema_rule in SCHEMA_RULES.values():
        ids = {schema_rule.id_for(c) for c in schema_rule.contexts}
        assert schema_rule.name in covered_schema or ids & covered_ids, schema_rule.name
    missing = [rid for rid in RULES if rid not in covered_ids]
    assert missing == []
