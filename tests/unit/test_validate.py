"""validate(): one test per check code, each with the exact pointer and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from apigen.errors import Diagnostic, Severity
from apigen.spec.resolve import RefPolicy, load_spec
from apigen.spec.validate import CHECKS, validate

from .conftest import WriteSpec


def check(
    write_spec: WriteSpec, text: str, name: str = "openapi.yaml", policy: RefPolicy | None = None
) -> list[Diagnostic]:
    path = write_spec(textwrap.dedent(text).lstrip("\n"), name)
    return validate(load_spec(path, policy))


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line of (dedented) ``text`` that contains ``needle``."""
    lines = textwrap.dedent(text).lstrip("\n").splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if needle in line]
    return hits[nth - 1]


def only(findings: list[Diagnostic], code: str) -> Diagnostic:
    matching = [d for d in findings if d.code == code]
    assert len(matching) == 1, [d.format_text() for d in findings]
    return matching[0]


def codes(findings: list[Diagnostic]) -> list[str]:
    return [d.code for d in findings]


# --------------------------------------------------------------------------- clean specs

CLEAN_30 = """
openapi: 3.0.3
info: {title: Pets, version: "1"}
tags:
  - name: pets
paths:
  /pets/{petId}:
    parameters:
      - name: petId
        in: path
        required: true
        schema: {type: integer, format: int32, default: 1}
    get:
      operationId: getPet
      tags: [pets]
      security: [{key: []}]
      parameters:
        - $ref: '#/components/parameters/Limit'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
          links:
            self:
              operationId: getPet
components:
  parameters:
    Limit:
      name: limit
      in: query
      schema: {type: integer, nullable: true, default: null}
      example: 3
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    Pet:
      allOf:
        - $ref: '#/components/schemas/Named'
        - type: object
          properties:
            kids: {type: array, items: {$ref: '#/components/schemas/Pet'}, default: []}
      required: [name, kids]
    Named:
      type: object
      properties:
        name: {type: string, default: Rex, pattern: '^[A-Z]'}
        when: {type: string, format: date-time, default: someday}
"""

CLEAN_20 = """
swagger: '2.0'
info: {title: Pets, version: '1'}
securityDefinitions:
  key: {type: apiKey, in: header, name: X-Key}
paths:
  /pets/{petId}:
    post:
      operationId: addPet
      security: [{key: []}]
      parameters:
        - {name: petId, in: path, required: true, type: string}
        - {name: limit, in: query, type: integer, default: 10}
        - {name: body, in: body, schema: {$ref: '#/definitions/Pet'}}
      responses:
        '200': {description: ok}
definitions:
  Pet:
    type: object
    required: [name]
    properties:
      name: {type: string, default: Rex}
"""

CLEAN_31 = """
openapi: 3.1.0
info: {title: Pets, version: '1'}
webhooks:
  newPet:
    post:
      operationId: newPet
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '200': {description: ok}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: [string, 'null'], default: null}
        tags: {type: array, prefixItems: [{type: string}], default: [a]}
"""


@pytest.mark.parametrize("text", [CLEAN_30, CLEAN_20, CLEAN_31], ids=["3.0", "2.0", "3.1"])
def test_clean_spec_reports_nothing(write_spec: WriteSpec, text: str) -> None:
    assert check(write_spec, text) == []


def test_every_code_is_registered() -> None:
    assert all(code == code.lower() and " " not in code for code in CHECKS)
    assert all(description.strip() for description in CHECKS.values())


# --------------------------------------------------------------------------- structure

MISSING_DESCRIPTION = """
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          content:
            application/json:
              schema: {type: string}
"""


def test_schema_violation_explains_the_best_oneof_branch(write_spec: WriteSpec) -> None:
    d = only(check(write_spec, MISSING_DESCRIPTION), "schema-violation")
    assert d.location.pointer == "/paths/~1a/get/responses/200"
    assert d.location.line == line_of(MISSING_DESCRIPTION, "'200':")
    assert "missing required field 'description'" in d.message
    assert "$ref" not in d.message and not d.blocking and d.severity is Severity.ERROR


UNKNOWN_FIELD = """
openapi: 3.0.3
info:
  title: T
  version: '1'
  colour: blue
paths: {}
"""


def test_schema_violation_points_at_the_unexpected_key(write_spec: WriteSpec) -> None:
    d = only(check(write_spec, UNKNOWN_FIELD), "schema-violation")
    assert d.location.pointer == "/info/colour"
    assert d.location.line == line_of(UNKNOWN_FIELD, "colour")
    assert "unexpected field 'colour'" in d.message


BAD_STYLE = """
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      parameters:
        - name: q
          in: query
          style: sideways
          schema: {type: string}
      responses:
        '200': {description: ok}
"""


def test_schema_violation_in_a_parameter_names_the_field(write_spec: WriteSpec) -> None:
    findings = check(write_spec, BAD_STYLE)
    assert findings and all(d.code == "schema-violation" for d in findings)
    d = findings[0]
    assert d.location.pointer == "/paths/~1a/get/parameters/0/style"
    assert d.location.line == line_of(BAD_STYLE, "style: sideways")
    assert "'sideways'" in d.message and "any of" not in d.message


STYLES_OF_ANOTHER_LOCATION = """
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: h, in: header, style: form, schema: {type: string}}
        - {name: c, in: cookie, style: simple, schema: {type: string}}
      responses:
        '200': {description: ok}
components:
  securitySchemes:
    key: {type: apiKey, in: body, name: k}
"""


def test_the_kind_of_an_object_picks_the_branch_its_error_is_told_from(
    write_spec: WriteSpec,
) -> None:
    """A parameter is one of four forms told apart by ``in``, a security scheme one of four
    told apart by ``type``: the fault is in the form the object says it is, not a ``in`` or
    ``type`` that another form wants ("'header' is not one of 'query'")."""
    found = {d.location.pointer: d.message for d in check(write_spec, STYLES_OF_ANOTHER_LOCATION)}
    assert found == {
        "/paths/~1a/get/parameters/0/style": "'form' is not one of 'simple'",
        "/paths/~1a/get/parameters/1/style": "'simple' is not one of 'form'",
        "/components/securitySchemes/key/in": "'body' is not one of 'header', 'query' or 'cookie'",
    }


def test_missing_info_is_blocking(write_spec: WriteSpec) -> None:
    text = "openapi: 3.0.3\npaths: {}\n"
    d = only(check(write_spec, text), "schema-violation")
    assert d.blocking and d.location.pointer == "" and d.location.line == 1
    assert "'info'" in d.message


def test_31_without_containers_is_blocking(write_spec: WriteSpec) -> None:
    text = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"
    d = only(check(write_spec, text), "schema-violation")
    assert d.blocking
    assert "'paths', 'components' or 'webhooks'" in d.message


DUPLICATE_REQUIRED_31 = """
openapi: 3.1.0
info: {title: T, version: '1'}
components:
  schemas:
    A:
      type: object
      required: [id, name, id]
"""


def test_31_schema_objects_are_checked_against_the_dialect(write_spec: WriteSpec) -> None:
    d = only(check(write_spec, DUPLICATE_REQUIRED_31), "schema-violation")
    assert d.location.pointer == "/components/schemas/A/required"
    assert d.location.line == line_of(DUPLICATE_REQUIRED_31, "required:")
    assert "repeats 'id'" in d.message


LINK_31 = """
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          links:
            good: {operationId: getA, server: {url: /v2}}
            bad: {operationId: getA, body: {url: /v2}}
"""


def test_31_link_server_field_is_accepted_and_body_is_not(write_spec: WriteSpec) -> None:
    d = only(check(write_spec, LINK_31), "schema-violation")
    assert d.location.pointer == "/paths/~1a/get/responses/200/links/bad/body"
    assert d.location.line == line_of(LINK_31, "bad:")


OPERATION_REF = """
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get: {$ref: 'ops/get_a.yaml'}
"""


def test_operation_by_ref_is_one_finding_and_is_still_walked(write_spec: WriteSpec) -> None:
    write_spec(
        "operationId: getA\nparameters:\n  - {name: q, in: query, schema: {type: string}}\n"
        "  - {name: q, in: query, schema: {type: integer}}\n"
        "responses:\n  '200': {description: ok}\n",
        "ops/get_a.yaml",
    )
    findings = check(write_spec, OPERATION_REF)
    violation = only(findings, "schema-violation")
    assert violation.location.pointer == "/paths/~1a/get"
    assert "$ref is not allowed here" in violation.message
    dup = only(findings, "duplicate-parameter")
    assert dup.location.file.endswith("get_a.yaml") and dup.location.pointer == "/parameters/1"
    assert dup.location.line == 4


def test_external_fragments_are_checked_against_their_definition(
    write_spec: WriteSpec,
) -> None:
    write_spec("Pet:\n  type: object\n  properties:\n    name: {type: 5}\n", "schemas.yaml")
    text = """
    openapi: 3.0.3
    info: {title: T, version: '1'}
    paths: {}
    components:
      schemas:
        Pet: {$ref: 'schemas.yaml#/Pet'}
    """
    findings = check(write_spec, text)
    assert findings, "the fragment's bad type must be reported"
    d = findings[0]
    assert d.code == "schema-violation" and d.location.file.endswith("schemas.yaml")
    assert d.location.pointer == "/Pet/properties/name/type" and d.location.line == 4


# --------------------------------------------------------------------------- defaults

DEFAULTS_30 = """
openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Word: {type: string, default: 5}
    Nil: {type: string, default: null}
    NullOk: {type: string, nullable: true, default: null}
    Small: {type: integer, format: int32, default: 4294967296}
    Byte: {type: string, format: byte, default: '***'}
    Date: {type: string, format: date, default: not-a-date}
    ViaRef:
      allOf: [{$ref: '#/components/schemas/Positive'}]
      default: -1
    Positive: {type: integer, minimum: 0}
    Deep:
      type: object
      properties:
        kids: {type: array, items: {$ref: '#/components/schemas/Deep'}}
      default: {kids: [{kids: 3}]}
"""


def test_invalid_default_under_oas30_rules(write_spec: WriteSpec) -> None:
    findings = check(write_spec, DEFAULTS_30)
    flagged = {d.location.pointer: d for d in findings}
    assert set(codes(findings)) == {"invalid-default"}
    base = "/components/schemas/"
    assert set(flagged) == {
        base + "Word/default",
        base + "Nil/default",
        base + "Small/default",
        base + "Byte/default",
        base + "ViaRef/default",
        base + "Deep/default",
    }
    assert flagged[base + "Word/default"].location.line == line_of(DEFAULTS_30, "Word:")
    assert "not nullable" in flagged[base + "Nil/default"].message
    assert "/kids/0/kids" in flagged[base + "Deep/default"].message


def test_invalid_default_of_a_20_parameter(write_spec: WriteSpec) -> None:
    text = CLEAN_20.replace("type: integer, default: 10", "type: integer, default: ten")
    d = only(check(write_spec, text), "invalid-default")
    assert d.location.pointer == "/paths/~1pets~1{petId}/post/parameters/1/default"
    assert d.location.line == line_of(text, "default: ten")


def test_invalid_default_31(write_spec: WriteSpec) -> None:
    text = """
    openapi: 3.1.0
    info: {title: T, version: '1'}
    components:
      schemas:
        A: {type: string, default: null}
        B: {type: [string, 'null'], default: null}
        C:
          type: string
          nullable: true
          default: null
    """
    findings = check(write_spec, text)
    # C: as openapi-spec-validator, null with nullable: true is what the author
    # meant; the warning says how 3.1 spells it.
    assert [(d.code, d.location.pointer) for d in findings] == [
        ("invalid-default", "/components/schemas/A/default"),
        ("nullable-in-3.1", "/components/schemas/C/nullable"),
    ]
    assert "does not allow null" in findings[0].message


# --------------------------------------------------------------------------- schemas

REQUIRED_UNDEFINED = """
openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Base:
      type: object
      properties: {id: {type: string}}
    Pet:
      allOf:
        - $ref: '#/components/schemas/Base'
      properties:
        name: {type: string}
      required:
        - id
        - name
        - colour
"""


def test_required_property_undefined(write_spec: WriteSpec) -> None:
    d = only(check(write_spec, REQUIRED_UNDEFINED), "required-property-undefined")
    assert d.location.pointer == "/components/schemas/Pet/required/2"
    assert d.location.line == line_of(REQUIRED_UNDEFINED, "- colour")
    assert "'colour'" in d.message


def test_nullable_in_31_is_a_warning(write_spec: WriteSpec) -> None:
    text = """
    openapi: 3.1.0
    info: {title: T, version: '1'}
    components:
      schemas:
        A:
          type: string
          nullable: true
    """
    d = only(check(write_spec, text), "nullable-in-3.1")
    assert d.severity is Severity.WARNING and not d.blocking
    assert d.location.pointer == "/components/schemas/A/nullable"
    assert d.location.line == line_of(text, "nullable")


def test_cyclic_schemas_are_walked_once(write_spec: WriteSpec) -> None:
    text = """
    openapi: 3.0.3
    info: {title: T, version: '1'}
    paths: {}
    components:
      schemas:
        A: {$ref: '#/components/schemas/B'}
        B: {$ref: '#/components/schemas/A'}
        Node:
          type: object
          properties:
            next: {$ref: '#/components/schemas/Node'}
          default: {next: {next: {next: 1}}}
    """
    d = only(check(write_spec, text), "invalid-default")
    assert d.location.pointer == "/components/schemas/Node/default"


# --------------------------------------------------------------------------- parameters

DUP_PARAM = """
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: q, in: query, schema: {type: string}}
        - {name: q, in: header, schema: {type: string}}
        - {name: q, in: query, schema: {type: integer}}
      responses:
        '200': {description: ok}
"""


def test_duplicate_parameter(write_spec: WriteSpec) -> None:
    d = only(check(write_spec, DUP_PARAM), "duplicate-parameter")
    assert d.location.pointer == "/paths/~1a/get/parameters/2"
    assert d.location.line == line_of(DUP_PARAM, "type: integer")


PATH_PARAMS = """
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a/{id}/{sub}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {name: gone, in: path, required: true, schema: {type: string}}
    get:
      parameters:
        - {name: sub, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: ok}
    put:
      parameters:
        - {name: extra, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: ok}
"""


def test_path_parameter_undeclared(write_spec: WriteSpec) -> None:
    d = only(check(write_spec, PATH_PARAMS), "path-parameter-undeclared")
    assert d.location.pointer == "/paths/~1a~1{id}~1{sub}/put"
    assert d.location.line == line_of(PATH_PARAMS, "put:")
    assert "'sub'" in d.message and "PUT" in d.message


def test_path_parameter_unused(write_spec: WriteSpec) -> None:
    findings = [d for d in check(write_spec, PATH_PARAMS) if d.code == "path-parameter-unused"]
    assert [d.location.pointer for d in findings] == [
        "/paths/~1a~1{id}~1{sub}/parameters/1",
        "/paths/~1a~1{id}~1{sub}/put/parameters/0",
    ]
    assert [d.location.line for d in findings] == [
        line_of(PATH_PARAMS, "name: gone"),
        line_of(PATH_PARAMS, "name: extra"),
    ]


NOT_REQUIRED = """
swagger: '2.0'
info: {title: T, version: '1'}
paths:
  /a/{id}:
    get:
      parameters:
        - $ref: '#/parameters/Id'
      responses:
        '200': {description: ok}
parameters:
  Id:
    name: id
    in: path
    type: string
"""


def test_path_parameter_not_required_replaces_the_schema_violation(
    write_spec: WriteSpec,
) -> None:
    findings = check(write_spec, NOT_REQUIRED)
    d = only(findings, "path-parameter-not-required")
    assert d.location.pointer == "/parameters/Id"
    assert d.location.line == line_of(NOT_REQUIRED, "Id:")
    assert codes(findings) == ["path-parameter-not-required"]


SCHEMA_AND_CONTENT = """
openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  parameters:
    Filter:
      name: filter
      in: query
      schema: {type: string}
      content:
        application/json:
          schema: {type: object}
"""


def test_parameter_schema_and_content(write_spec: WriteSpec) -> None:
    findings = check(write_spec, SCHEMA_AND_CONTENT)
    d = only(findings, "parameter-schema-and-content")
    assert d.location.pointer == "/components/parameters/Filter"
    assert d.location.line == line_of(SCHEMA_AND_CONTENT, "Filter:")
    assert "schema-violation" not in codes(findings)


BODIES = """
swagger: '2.0'
info: {title: T, version: '1'}
paths:
  /a:
    post:
      parameters:
        - {name: one, in: body, schema: {type: object}}
        - {name: two, in: body, schema: {type: object}}
      responses:
        '200': {description: ok}
    put:
      parameters:
        - {name: one, in: body, schema: {type: object}}
        - {name: f, in: formData, type: string}
      responses:
        '200': {description: ok}
"""


def test_multiple_body_parameters(write_spec: WriteSpec) -> None:
    findings = [d for d in check(write_spec, BODIES) if d.code == "multiple-body-parameters"]
    assert [d.location.pointer for d in findings] == [
        "/paths/~1a/post/parameters/1",
        "/paths/~1a/put/parameters/1",
    ]
    assert findings[0].location.line == line_of(BODIES, "name: two")
    assert "formData" in findings[1].message


EXAMPLES_31 = """
openapi: 3.1.0
info: {title: T, version: '1'}
components:
  parameters:
    animal:
      name: animal
      in: header
      schema: {}
      example: bear
      examples:
        one: {value: bear}
"""


def test_mutually_exclusive_example(write_spec: WriteSpec) -> None:
    d = only(check(write_spec, EXAMPLES_31), "mutually-exclusive-example")
    assert d.location.pointer == "/components/parameters/animal"
    assert d.location.line == line_of(EXAMPLES_31, "animal:")


def test_mutually_exclusive_example_30_replaces_the_schema_violation(
    write_spec: WriteSpec,
) -> None:
    text = MISSING_DESCRIPTION.replace(
        "schema: {type: string}",
        "schema: {type: string}\n              example: a\n"
        "              examples: {one: {value: a}}",
    ).replace("'200':", "'200':\n          description: ok")
    findings = check(write_spec, text)
    assert codes(findings) == ["mutually-exclusive-example"]
    assert findings[0].location.pointer == "/paths/~1a/get/responses/200/content/application~1json"


# --------------------------------------------------------------------------- operations

DUP_OPERATION_ID = """
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: fetch
      responses:
        '200': {description: ok}
  /b:
    get:
      operationId: fetch
      responses:
        '200': {description: ok}
"""


def test_duplicate_operation_id(write_spec: WriteSpec) -> None:
    d = only(check(write_spec, DUP_OPERATION_ID), "duplicate-operation-id")
    assert d.location.pointer == "/paths/~1b/get/operationId"
    assert d.location.line == line_of(DUP_OPERATION_ID, "operationId", nth=2)
    assert "GET /a" in d.message


def test_duplicate_operation_id_in_a_callback(write_spec: WriteSpec) -> None:
    text = """
    openapi: 3.0.3
    info: {title: T, version: '1'}
    paths:
      /a:
        post:
          operationId: hook
          callbacks:
            done:
              '{$request.body#/url}':
                post:
                  operationId: hook
                  responses:
                    '200': {description: ok}
          responses:
            '200': {description: ok}
    """
    d = only(check(write_spec, text), "duplicate-operation-id")
    assert d.location.pointer == (
        "/paths/~1a/post/callbacks/done/{$request.body#~1url}/post/operationId"
    )


DUP_TEMPLATE = """
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a/{x}:
    get:
      parameters: [{name: x, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
  /a/{y}:
    get:
      parameters: [{name: y, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
  /b/{x}:
    get:
      parameters: [{name: x, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
  /b/{y}:
    delete:
      parameters: [{name: y, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
"""


def test_duplicate_path_template(write_spec: WriteSpec) -> None:
    findings = [d for d in check(write_spec, DUP_TEMPLATE) if d.code == "duplicate-path-template"]
    assert [(d.location.pointer, d.severity) for d in findings] == [
        ("/paths/~1a~1{y}", Severity.ERROR),
        ("/paths/~1b~1{y}", Severity.WARNING),
    ]
    assert findings[0].location.line == line_of(DUP_TEMPLATE, "/a/{y}:")
    assert "GET" in findings[0].message


SECURITY = """
openapi: 3.0.3
info: {title: T, version: '1'}
security:
  - key: []
  - nope: []
paths:
  /a:
    get:
      security:
        - other: [read]
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
"""


def test_undefined_security_scheme(write_spec: WriteSpec) -> None:
    findings = check(write_spec, SECURITY)
    assert codes(findings) == ["undefined-security-scheme"] * 2
    assert [d.location.pointer for d in findings] == [
        "/security/1/nope",
        "/paths/~1a/get/security/0/other",
    ]
    assert [d.location.line for d in findings] == [
        line_of(SECURITY, "nope"),
        line_of(SECURITY, "other"),
    ]


def test_undefined_security_scheme_20(write_spec: WriteSpec) -> None:
    text = CLEAN_20.replace("security: [{key: []}]", "security: [{oauth: []}]")
    d = only(check(write_spec, text), "undefined-security-scheme")
    assert d.location.pointer == "/paths/~1pets~1{petId}/post/security/0/oauth"
    assert "securityDefinitions" in d.message


def test_unknown_link_operation(write_spec: WriteSpec) -> None:
    text = CLEAN_30.replace("operationId: getPet\n", "operationId: getPet\n", 1).replace(
        "              operationId: getPet", "              operationId: getPets"
    )
    d = only(check(write_spec, text), "unknown-link-operation")
    assert d.location.pointer == "/paths/~1pets~1{petId}/get/responses/200/links/self/operationId"
    assert d.location.line == line_of(text, "operationId: getPets")


def test_operation_without_responses_31(write_spec: WriteSpec) -> None:
    text = CLEAN_31.replace("      responses:\n        '200': {description: ok}\n", "")
    d = only(check(write_spec, text), "operation-without-responses")
    assert d.severity is Severity.WARNING
    assert d.location.pointer == "/webhooks/newPet/post"
    assert d.location.line == line_of(text, "post:")


DUP_TAGS = """
openapi: 3.0.3
info: {title: T, version: '1'}
tags:
  - name: pets
  - name: stores
  - name: pets
paths: {}
"""


def test_duplicate_tag(write_spec: WriteSpec) -> None:
    findings = check(write_spec, DUP_TAGS)
    assert codes(findings) == ["duplicate-tag"]  # the meta-schema's uniqueItems is redundant
    d = findings[0]
    assert d.location.pointer == "/tags/2/name"
    assert d.location.line == line_of(DUP_TAGS, "name: pets", nth=2)


# --------------------------------------------------------------------------- files

DUP_KEYS = """
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      responses: {'200': {description: ok}}
    get:
      responses: {'204': {description: none}}
"""


def test_duplicate_key_yaml(write_spec: WriteSpec) -> None:
    d = only(check(write_spec, DUP_KEYS), "duplicate-key")
    assert d.location.pointer == "/paths/~1a/get"
    assert d.location.line == line_of(DUP_KEYS, "get:", nth=2)
    assert "'get'" in d.message


def test_duplicate_key_json(write_spec: WriteSpec) -> None:
    text = (
        '{"openapi": "3.0.3",\n "info": {"title": "T", "version": "1"},\n'
        ' "paths": {},\n "paths": {}}\n'
    )
    d = only(check(write_spec, text, "openapi.json"), "duplicate-key")
    assert d.location.pointer == "/paths" and d.location.line == 4


def test_resolver_findings_are_included_and_located(write_spec: WriteSpec) -> None:
    text = """
    openapi: 3.0.3
    info: {title: T, version: '1'}
    paths: {}
    components:
      schemas:
        A: {$ref: '#/components/schemas/Missing'}
    """
    d = only(check(write_spec, text), "unresolved-ref")
    # Not blocking: generators type a dangling reference as any value, with a warning.
    assert not d.blocking and d.location.pointer == "/components/schemas/A/$ref"
    assert d.location.line == line_of(text, "A:")


def test_findings_are_sorted_unique_and_registered(write_spec: WriteSpec, tmp_path: Path) -> None:
    text = DUP_OPERATION_ID + "  /c:\n    get:\n      operationId: fetch\n"
    findings = check(write_spec, text)
    keys = [
        (d.location.file, d.location.line or 0, d.location.column or 0, d.code) for d in findings
    ]
    assert keys == sorted(keys)
    assert len(set(findings)) == len(findings)
    assert {d.code for d in findings} <= set(CHECKS)
    assert all(d.location.line is not None for d in findings)
    again = validate(load_spec(tmp_path / "openapi.yaml"))
    assert again == findings


MALFORMED = """
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    parameters: 5
    get: "nope"
    put:
      parameters: [1, {name: 3}, {$ref: '#/nope'}]
      responses: [1, 2]
      callbacks: {x: 5, y: {'{$url}': 7}}
      security: [5, {a: 1}]
      requestBody: {content: {a/b: 5, c/d: {schema: 5, encoding: 3}}}
    post:
      responses: {'200': {description: ok, content: 7, headers: [], links: {a: 5}}}
components:
  schemas:
    A: 5
    B: {allOf: 3, required: 4, default: !!binary aGVsbG8=, type: 7, properties: [1]}
    C: {allOf: [5, {$ref: '#/x'}], required: [a, 5]}
  parameters: {P: 5}
  responses: []
  callbacks: {c: {'{$x}': {get: {operationId: 5}}}}
tags: [5, {name: 1}, {name: a}, {name: a}]
security: {}
"""


def test_malformed_document_is_reported_not_crashed_on(write_spec: WriteSpec) -> None:
    findings = check(write_spec, MALFORMED)
    assert all(d.location.line is not None for d in findings)
    by_pointer = {d.location.pointer: d for d in findings}
    assert by_pointer["/paths/~1a/get"].message == "expected 'object', got string"
    assert by_pointer["/components/schemas/B/type"].message == "expected 'string', got integer"
    assert "example" not in by_pointer["/paths/~1a/put/requestBody/content/a~1b"].message
    assert "!!binary" in by_pointer["/components/schemas/B/default"].message
    assert {"unresolved-ref", "duplicate-tag", "required-property-undefined"} <= set(
        codes(findings)
    )
    assert not any(d.blocking for d in findings if d.code == "schema-violation")


def test_31_fragments_in_other_files_get_the_dialect(write_spec: WriteSpec) -> None:
    write_spec(
        "P:\n  name: id\n  in: somewhere\n  schema: {type: string}\n"
        "S:\n  type: object\n  properties:\n    a: {type: strin}\n",
        "parts.yaml",
    )
    text = """
    openapi: 3.1.0
    info: {title: T, version: '1'}
    components:
      parameters:
        P: {$ref: 'parts.yaml#/P'}
      schemas:
        S: {$ref: 'parts.yaml#/S'}
    """
    findings = check(write_spec, text)
    assert [(d.location.pointer, d.location.line) for d in findings] == [
        ("/P/in", 3),
        ("/S/properties/a/type", 8),
    ]
    assert all(d.location.file.endswith("parts.yaml") for d in findings)
    assert "'somewhere' is not one of 'query'" in findings[0].message


def test_31_other_dialect_skips_the_oas_dialect_checks(write_spec: WriteSpec) -> None:
    text = """
    openapi: 3.1.0
    info: {title: T, version: '1'}
    jsonSchemaDialect: http://json-schema.org/draft-07/schema#
    components:
      schemas:
        Tuple: {type: array, items: [{type: string}]}
        Bad: 5
    """
    d = only(check(write_spec, text), "schema-violation")
    assert d.location.pointer == "/components/schemas/Bad"
