"""The generated suite FAILS, precisely, against deliberately broken implementations.

One test per kind of defect.  The suite is generated from a stricter copy of the example
contract (getPet's ETag header required, getInventory without ``default``: see
``tools.strict_petstore``); the faithful shop passes it, then each broken shop must fail it
with a message that names the operation, the case, the violated part of the contract, the
request as curl and the response.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .petshop import make_app, serve
from .tools import CREDENTIALS, IN_PROCESS, generate, run_suite, strict_petstore


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("strict")
    return generate(strict_petstore(folder), folder / "contract-tests")


def failures(suite: Path, defect: str, *args: str) -> tuple[str, list[str]]:
    """Run the suite in-process against the shop with ``defect``: (output, failed tests)."""
    result = run_suite(
        suite, "--app", "tests.contract.petshop:app", *IN_PROCESS, *CREDENTIALS, *args,
        env={"PETSHOP_DEFECTS": defect},
    )  # fmt: skip
    failed = re.findall(r"^FAILED \S+::(\w+)", result.stdout, re.MULTILINE)
    assert (result.returncode == 1) == bool(failed), result.stdout + result.stderr
    return result.stdout, sorted(failed)


def test_the_faithful_shop_passes_the_strict_suite(suite: Path) -> None:
    output, failed = failures(suite, "")
    assert failed == [], output
    with serve(make_app()) as url:  # and over real HTTP
        result = run_suite(suite, "--base-url", url, *CREDENTIALS)
    assert result.returncode == 0, result.stdout


def test_a_field_of_the_wrong_type(suite: Path) -> None:
    output, failed = failures(suite, "wrong-type")
    assert "test_list_pets_example" in failed and "test_flow_pets" in failed
    assert "listPets (GET /pets), case 'example': 1 contract violation" in output
    assert (
        "contract: petstore-strict.yaml#/paths/~1pets/get/responses/200/content/"
        "application~1json/schema" in output
    )
    assert (
        'at /0/id (body path): 42 is not of type "string"  '
        "[schema: petstore-strict.yaml#/components/schemas/Pet/allOf/1/properties/id/type]"
    ) in output
    assert "curl -sS -i -X GET 'http://apigen.test/v1/pets?status=available%2Creserved'" in output
    assert "HTTP 200 OK" in output


def test_a_missing_required_field(suite: Path) -> None:
    output, failed = failures(suite, "missing-field")
    assert "test_list_pets_generated" in failed
    assert 'at /0 (body path): "arrivedAt" is a required property' in output
    assert "[schema: petstore-strict.yaml#/components/schemas/Pet/allOf/1/required]" in output


def test_an_undeclared_status(suite: Path) -> None:
    output, failed = failures(suite, "undeclared-status")
    assert failed == ["test_get_inventory_generated"]
    assert "1. undeclared status 202 (the contract declares 200)" in output
    assert "contract: petstore-strict.yaml#/paths/~1store~1inventory/get/responses" in output
    assert "HTTP 202 Accepted" in output


def test_a_wrong_content_type(suite: Path) -> None:
    output, failed = failures(suite, "wrong-content-type")
    assert failed == ["test_get_inventory_generated"]
    assert "content type text/plain is not declared (expected application/json)" in output
    assert "contract: petstore-strict.yaml#/paths/~1store~1inventory/get/responses/200" in output


def test_an_unchecked_credential(suite: Path) -> None:
    output, failed = failures(suite, "unchecked-credential")
    assert failed == [
        "test_create_pet_without_credentials",
        "test_delete_pet_without_credentials",
        "test_get_pet_without_credentials",
        "test_list_pets_without_credentials",
        "test_update_pet_without_credentials",
    ]
    assert "a request without credentials must get 401 or 403; got 200" in output
    assert "contract: petstore-strict.yaml#/paths/~1pets/get/security" in output


def test_a_server_error_on_bad_input(suite: Path) -> None:
    output, failed = failures(suite, "crash-on-bad-input")
    assert failed == ["test_list_pets_query_limit_wrong_type"]
    assert "must be rejected with 400, 422; got server error 500" in output
    assert "curl -sS -i -X GET 'http://apigen.test/v1/pets?limit=not-a-number'" in output


def test_a_missing_required_header(suite: Path) -> None:
    output, failed = failures(suite, "missing-header")
    assert failed == ["test_flow_pets"]
    assert "getPet (GET /pets/{petId}), case 'flow: read': 1 contract violation" in output
    assert "1. required header ETag is missing" in output
    assert (
        "contract: petstore-strict.yaml#/paths/~1pets~1{petId}/get/responses/200/headers/ETag"
        in output
    )


def test_credentials_never_appear_in_messages(suite: Path) -> None:
    output, _ = failures(suite, "wrong-type")
    assert "token-abc" not in output and "key-123" not in output
    assert "-H 'authorization: Bearer '\"${APIGEN_AUTH_OAUTH2}\" -H" in output
