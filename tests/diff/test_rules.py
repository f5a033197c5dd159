"""One base/revision pair per rule, asserting the exact set of rule ids reported.

The base is a small but complete API; each case edits a copy of it.  Shared
components are used both in a request and in responses, so the same edit
must come out with the request-side id and level on one operation and the
response-side id and level on another: that is what "direction" means.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from apigen.diff.engine import compare
from apigen.diff.model import Change, Level
from apigen.diff.registry import all_rules
from apigen.ir.model import Api
from apigen.ir.normalise import normalise
from apigen.spec.resolve import load_spec

Doc = dict[str, Any]

PET = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {
        "id": {"type": "integer", "format": "int64", "readOnly": True},
        "name": {"type": "string", "maxLength": 50},
        "status": {"type": "string", "enum": ["available", "sold"]},
        "tag": {"type": "string"},
        "kind": {"oneOf": [{"$ref": "#/components/schemas/Cat"},
                           {"$ref": "#/components/schemas/Dog"}]},
    },
}


def ok(schema: Doc, status: str = "200") -> Doc:
    return {status: {"description": "ok", "content": {"application/json": {"schema": schema}}}}


PET_REF = {"$ref": "#/components/schemas/Pet"}

BASE: Doc = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1"},
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "tags": ["pets"],
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "headers": {"X-Next": {"required": True, "schema": {"type": "string"}},
                                    "X-Rate": {"schema": {"type": "integer"}}},
                        "content": {"application/json": {
                            "schema": {"type": "array", "items": PET_REF}}},
                    },
                },
            },
            "post": {
                "operationId": "createPet",
                "tags": ["pets"],
                "security": [{"oauth": ["write"]}],
                "requestBody": {"content": {"application/json": {"schema": PET_REF}}},
                "responses": ok(PET_REF, "201"),
            },
        },
        "/pets/{petId}": {
            "get": {
                "operationId": "getPet",
                "tags": ["pets"],
                "parameters": [{"name": "petId", "in": "path", "required": True,
                                "schema": {"type": "integer"}}],
                "responses": {**ok(PET_REF), "404": {"description": "not found"}},
            },
        },
    },
    "components": {
        "schemas": {
            "Pet": PET,
            "Cat": {"type": "object", "properties": {"meows": {"type": "boolean"}}},
            "Dog": {"type": "object", "properties": {"barks": {"type": "boolean"}}},
        },
        "securitySchemes": {
            "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            "oauth": {"type": "oauth2", "flows": {"clientCredentials": {
                "tokenUrl": "https://auth.example/token",
                "scopes": {"read": "r", "write": "w"}}}},
        },
    },
}


def build(doc: Doc, tmp_path: Path, name: str) -> Api:
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    api, _ = normalise(load_spec(path))
    return api


def diff(base: Doc, revision: Doc, tmp_path: Path) -> list[Change]:
    return compare(build(base, tmp_path, "base.json"), build(revision, tmp_path, "rev.json"))


def pet(doc: Doc) -> Doc:
    result: Doc = doc["components"]["schemas"]["Pet"]
    return result


def list_op(doc: Doc) -> Doc:
    result: Doc = doc["paths"]["/pets"]["get"]
    return result


def create_op(doc: Doc) -> Doc:
    result: Doc = doc["paths"]["/pets"]["post"]
    return result


def edit(func: Callable[[Doc], object]) -> Callable[[Doc], Doc]:
    def apply(doc: Doc) -> Doc:
        doc = copy.deepcopy(doc)
        func(doc)
        return doc

    return apply


# (case id, edit, exact set of rule ids expected)
CASES: list[tuple[str, Callable[[Doc], Doc], set[str]]] = [
    ("identical", edit(lambda d: None), set()),
    ("endpoint-added", edit(lambda d: d["paths"]["/pets/{petId}"].__setitem__(
        "delete", {"operationId": "deletePet", "responses": {"204": {"description": "gone"}}})),
     {"endpoint-added"}),
    ("operation-removed", edit(lambda d: d["paths"]["/pets"].pop("post")),
     {"api-removed-without-deprecation"}),
    ("path-removed", edit(lambda d: d["paths"].pop("/pets/{petId}")),
     {"api-path-removed-without-deprecation"}),
    ("deprecated", edit(lambda d: list_op(d).__setitem__("deprecated", True)),
     {"endpoint-deprecated"}),
    ("summary", edit(lambda d: list_op(d).__setitem__("summary", "List them")),
     {"api-description-changed"}),
    ("new-required-param", edit(lambda d: list_op(d)["parameters"].append(
        {"name": "owner", "in": "query", "required": True, "schema": {"type": "string"}})),
     {"new-required-request-parameter"}),
    ("new-optional-param", edit(lambda d: list_op(d)["parameters"].append(
        {"name": "owner", "in": "query", "schema": {"type": "string"}})),
     {"new-optional-request-parameter"}),
    ("param-removed", edit(lambda d: list_op(d).__setitem__("parameters", [])),
     {"request-parameter-removed"}),
    ("param-became-required", edit(lambda d: list_op(d)["parameters"][0].__setitem__(
        "required", True)), {"request-parameter-became-required"}),
    ("param-moved", edit(lambda d: list_op(d)["parameters"][0].__setitem__("in", "header")),
     {"request-parameter-location-changed"}),
    ("param-explode", edit(lambda d: list_op(d)["parameters"][0].__setitem__("explode", False)),
     {"request-parameter-style-changed"}),
    ("param-default", edit(lambda d: list_op(d)["parameters"][0]["schema"].__setitem__(
        "default", 20)), {"request-parameter-default-value-changed"}),
    ("param-type", edit(lambda d: list_op(d)["parameters"][0].__setitem__(
        "schema", {"type": "string"})), {"request-parameter-type-changed"}),
    ("param-max-decreased", edit(lambda d: list_op(d)["parameters"][0]["schema"].__setitem__(
        "maximum", 50)), {"request-parameter-max-decreased"}),
    ("param-max-increased", edit(lambda d: list_op(d)["parameters"][0]["schema"].__setitem__(
        "maximum", 500)), {"request-parameter-max-increased"}),
    ("param-min-added", edit(lambda d: list_op(d)["parameters"][0]["schema"].__setitem__(
        "minimum", 1)), {"request-parameter-min-increased"}),
    ("param-widened", edit(lambda d: list_op(d)["parameters"][0]["schema"].__setitem__(
        "type", "number")), {"request-parameter-type-generalized"}),
    ("body-became-required", edit(lambda d: create_op(d)["requestBody"].__setitem__(
        "required", True)), {"request-body-became-required"}),
    ("body-media-removed", edit(lambda d: create_op(d)["requestBody"].__setitem__(
        "content", {"application/xml": {"schema": PET_REF}})),
     {"request-body-media-type-removed", "request-body-media-type-added"}),
    ("body-removed", edit(lambda d: create_op(d).pop("requestBody")), {"request-body-removed"}),
    # Shared Pet edits: request side on createPet, response side on all three.
    ("pet-property-removed", edit(lambda d: pet(d)["properties"].pop("tag")),
     {"request-optional-property-removed", "response-optional-property-removed"}),
    ("pet-required-property-removed", edit(lambda d: (
        pet(d)["properties"].pop("name"), pet(d).__setitem__("required", ["id"]))),
     {"request-required-property-removed", "response-required-property-removed"}),
    ("pet-new-required", edit(lambda d: (
        pet(d)["properties"].__setitem__("age", {"type": "integer"}),
        pet(d)["required"].append("age"))),
     {"new-required-request-property", "new-required-response-property"}),
    ("pet-new-optional", edit(lambda d: pet(d)["properties"].__setitem__(
        "age", {"type": "integer"})),
     {"new-optional-request-property", "new-optional-response-property"}),
    ("pet-became-required", edit(lambda d: pet(d)["required"].append("tag")),
     {"request-property-became-required", "response-property-became-required"}),
    ("pet-became-optional", edit(lambda d: pet(d).__setitem__("required", ["id"])),
     {"request-property-became-optional", "response-property-became-optional"}),
    ("pet-readonly-required-added", edit(lambda d: (
        pet(d)["properties"].__setitem__("created", {"type": "string", "readOnly": True}),
        pet(d)["required"].append("created"))),
     {"new-required-response-property"}),  # readOnly: never sent by clients
    ("pet-type-changed", edit(lambda d: pet(d)["properties"].__setitem__(
        "tag", {"type": "integer"})),
     {"request-property-type-changed", "response-property-type-changed"}),
    ("pet-format-changed", edit(lambda d: pet(d)["properties"]["id"].__setitem__(
        "format", "int32")), {"response-property-format-changed"}),  # readOnly id
    ("pet-enum-value-removed", edit(lambda d: pet(d)["properties"]["status"].__setitem__(
        "enum", ["available"])),
     {"request-property-enum-value-removed", "response-property-enum-value-removed"}),
    ("pet-enum-value-added", edit(lambda d: pet(d)["properties"]["status"]["enum"].append(
        "pending")),
     {"request-property-enum-value-added", "response-property-enum-value-added"}),
    ("pet-max-length", edit(lambda d: pet(d)["properties"]["name"].__setitem__(
        "maxLength", 10)),
     {"request-property-max-length-decreased", "response-property-max-length-decreased"}),
    ("pet-pattern", edit(lambda d: pet(d)["properties"]["name"].__setitem__("pattern", "^[a-z]+$")),
     {"request-property-pattern-added", "response-property-pattern-added"}),
    ("pet-nullable", edit(lambda d: pet(d)["properties"]["tag"].__setitem__("nullable", True)),
     {"request-property-became-nullable", "response-property-became-nullable"}),
    ("pet-closed", edit(lambda d: pet(d).__setitem__("additionalProperties", False)),
     {"request-additional-properties-closed", "response-additional-properties-closed"}),
    ("pet-oneof-removed", edit(lambda d: pet(d)["properties"]["kind"].__setitem__(
        "oneOf", [{"$ref": "#/components/schemas/Cat"}])),
     {"request-property-one-of-removed", "response-property-one-of-removed"}),
    ("pet-oneof-added", edit(lambda d: (
        d["components"]["schemas"].__setitem__("Bird", {"type": "object", "properties": {
            "sings": {"type": "boolean"}}}),
        pet(d)["properties"]["kind"]["oneOf"].append({"$ref": "#/components/schemas/Bird"}))),
     {"request-property-one-of-added", "response-property-one-of-added"}),
    ("nested-in-union", edit(lambda d: d["components"]["schemas"]["Cat"]["properties"].pop(
        "meows")),
     {"request-optional-property-removed", "response-optional-property-removed"}),
    ("success-status-removed", edit(lambda d: d["paths"]["/pets/{petId}"]["get"][
        "responses"].__setitem__("200", None) or d["paths"]["/pets/{petId}"]["get"][
        "responses"].pop("200")), {"response-success-status-removed"}),
    ("error-status-removed", edit(lambda d: d["paths"]["/pets/{petId}"]["get"][
        "responses"].pop("404")), {"response-non-success-status-removed"}),
    ("response-media-removed", edit(lambda d: list_op(d)["responses"]["200"].__setitem__(
        "content", {"text/csv": {"schema": {"type": "string"}}})),
     {"response-media-type-removed", "response-media-type-added"}),
    ("required-header-removed", edit(lambda d: list_op(d)["responses"]["200"][
        "headers"].pop("X-Next")), {"required-response-header-removed"}),
    ("optional-header-removed", edit(lambda d: list_op(d)["responses"]["200"][
        "headers"].pop("X-Rate")), {"optional-response-header-removed"}),
    ("header-became-optional", edit(lambda d: list_op(d)["responses"]["200"]["headers"][
        "X-Next"].pop("required")), {"response-header-became-optional"}),
    ("response-body-items-type", edit(lambda d: list_op(d)["responses"]["200"]["content"][
        "application/json"]["schema"].__setitem__("items", {"type": "string"})),
     {"response-body-type-changed"}),
    ("security-added", edit(lambda d: list_op(d).__setitem__("security", [{"key": []}])),
     {"api-security-added"}),
    ("scope-added", edit(lambda d: create_op(d).__setitem__(
        "security", [{"oauth": ["write", "read"]}])), {"api-security-scope-added"}),
    ("security-removed", edit(lambda d: create_op(d).__setitem__("security", [])),
     {"api-security-removed"}),
    ("global-security-added", edit(lambda d: d.__setitem__("security", [{"key": []}])),
     {"api-global-security-added", "api-security-added"}),
    ("scheme-removed", edit(lambda d: d["components"]["securitySchemes"].pop("key")),
     {"api-security-scheme-removed"}),
    ("scheme-changed", edit(lambda d: d["components"]["securitySchemes"]["key"].__setitem__(
        "in", "query")), {"api-security-scheme-type-changed"}),
    ("operation-id-changed", edit(lambda d: list_op(d).__setitem__("operationId", "findPets")),
     {"operation-id-changed"}),
    ("tag-changed", edit(lambda d: list_op(d).__setitem__("tags", ["animals"])),
     {"api-tag-changed"}),
]


@pytest.mark.parametrize("name,change,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_fixture(tmp_path: Path, name: str, change: Callable[[Doc], Doc],
                      expected: set[str]) -> None:
    changes = diff(BASE, change(BASE), tmp_path)
    assert {c.id for c in changes} == expected, [c.message for c in changes]


def test_direction_decides_level(tmp_path: Path) -> None:
    changes = diff(BASE, CASES_BY_NAME["pet-enum-value-added"](BASE), tmp_path)
    levels = {(c.id, c.method, c.path): c.level for c in changes}
    assert levels[("request-property-enum-value-added", "post", "/pets")] == Level.INFO
    assert levels[("response-property-enum-value-added", "get", "/pets")] == Level.WARNING
    # reported on every operation that uses the shared component
    assert {(m, p) for (i, m, p) in levels if i.startswith("response")} == {
        ("get", "/pets"), ("post", "/pets"), ("get", "/pets/{petId}")}


def test_removal_points_at_the_base(tmp_path: Path) -> None:
    [change] = diff(BASE, CASES_BY_NAME["operation-removed"](BASE), tmp_path)
    assert change.side == "base" and change.file is not None and change.file.endswith("base.json")
    assert change.pointer == "/paths/~1pets/post" and change.level == Level.BREAKING


def test_sunset_lowers_the_level(tmp_path: Path) -> None:
    old = copy.deepcopy(BASE)
    create_op(old).update({"deprecated": True, "x-sunset": "2001-01-01"})
    new = copy.deepcopy(old)
    new["paths"]["/pets"].pop("post")
    [gone] = diff(old, new, tmp_path)
    assert (gone.id, gone.level) == ("api-removed-after-sunset", Level.INFO)
    create_op(old)["x-sunset"] = "2999-01-01"
    [early] = diff(old, new, tmp_path)
    assert (early.id, early.level) == ("api-removed-before-sunset", Level.BREAKING)
    create_op(old).pop("x-sunset")
    [plain] = diff(old, new, tmp_path)
    assert (plain.id, plain.level) == ("api-removed-deprecated", Level.WARNING)


def test_webhooks_reverse_direction(tmp_path: Path) -> None:
    base = {"openapi": "3.1.0", "info": {"title": "H", "version": "1"}, "webhooks": {
        "petAdded": {"post": {"operationId": "petAdded", "requestBody": {"content": {
            "application/json": {"schema": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"}, "kind": {"type": "string", "enum": ["a"]}}}}}},
            "responses": {"200": {"description": "ok"}}}}}}
    rev = copy.deepcopy(base)
    body = rev["webhooks"]["petAdded"]["post"]["requestBody"]["content"]["application/json"]
    body["schema"]["properties"]["kind"]["enum"].append("b")
    [change] = diff(base, rev, tmp_path)
    # The API sends this body to the subscriber: a new enum value is a warning for them.
    assert change.id == "request-property-enum-value-added" and change.level == Level.WARNING


def test_every_registered_rule_id_is_unique_and_described() -> None:
    rules = all_rules()
    assert len({r.id for r in rules}) == len(rules)
    assert all(r.description and r.message for r in rules)


CASES_BY_NAME = {name: change for name, change, _ in CASES}
