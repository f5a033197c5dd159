"""Generated services over real HTTP: petstore on uvicorn (FastAPI) and werkzeug (Flask).

Each framework's project is generated once, then edited the way a developer would: three
pets handlers implemented, ``security.py`` checking an API key and two bearer tokens.  The
rest stays stubs, which must answer 501.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest

from apigen import api

from .service import implement_petstore, imported, serve

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "specs" / "examples"
PETSTORE = EXAMPLES / "petstore.yaml"
FRAMEWORKS = ("fastapi", "flask")
INVALID = {"fastapi": 422, "flask": 400}
KEY = {"X-API-Key": "secret-key"}
WRITER = {"Authorization": "Bearer writer"}
READER = {"Authorization": "Bearer reader"}
NEW_PET = {"name": "Miso", "animal": {"kind": "cat", "indoor": True}, "intakeNotes": "shy"}


class Service:
    def __init__(self, framework: str, http: httpx.Client) -> None:
        self.framework = framework
        self.http = http

    @property
    def invalid(self) -> int:
        return INVALID[self.framework]


@pytest.fixture(scope="module", params=FRAMEWORKS)
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Service]:
    framework: str = request.param
    root = tmp_path_factory.mktemp(f"petstore-{framework}")
    package = f"pets_{framework}"
    api.generate_server(PETSTORE, root, framework=framework, package=package)
    implement_petstore(root, package)
    with (
        imported(root, f"{package}.app") as module,
        serve(module.app, framework) as url,
        httpx.Client(base_url=url, timeout=20) as http,
    ):
        yield Service(framework, http)


def problem(response: httpx.Response, status: int, *, declared: bool = True) -> dict[str, Any]:
    """An error answer.  Every petstore operation declares ``default`` (and some 400/409) as
    application/json with its Error schema: its errors are sent so, fitted to that schema;
    answers outside any operation (no such path) are application/problem+json."""
    assert response.status_code == status, response.text
    media = "application/json" if declared else "application/problem+json"
    assert response.headers["content-type"] == media
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    if declared:
        assert isinstance(body["code"], str) and isinstance(body["message"], str)
    return body


def fields(body: dict[str, Any]) -> set[tuple[str, str]]:
    return {(e["in"], e["name"]) for e in body.get("errors", [])}


def test_stubs_answer_501(service: Service) -> None:
    body = problem(service.http.get("/store/inventory"), 501)
    assert "getInventory" in body["detail"]
    pet = f"/pets/{uuid.uuid4()}"
    problem(service.http.delete(pet, headers={"Authorization": "Bearer admin"}), 401)


def test_implemented_handlers_get_typed_values_and_answer_typed_results(service: Service) -> None:
    created = service.http.post("/pets", json={**NEW_PET, "status": "available"}, headers=WRITER)
    assert created.status_code == 201, created.text
    pet = created.json()
    assert pet["name"] == "Miso" and pet["animal"] == {"kind": "cat", "indoor": True}
    assert "intakeNotes" not in pet  # writeOnly: never in a response
    assert created.headers["location"] == f"/pets/{pet['id']}"
    assert created.headers["x-by"] == "writer"
    uuid.UUID(pet["id"])
    fetched = service.http.get(f"/pets/{pet['id']}", headers=KEY)
    assert fetched.status_code == 200 and fetched.json() == pet
    listed = service.http.get(
        "/pets",
        params={"limit": "1", "status": "reserved,available"},
        headers={**KEY, "X-Request-Id": "r-1"},
    )
    assert listed.status_code == 200
    assert [p["id"] for p in listed.json()] == [pet["id"]]
    assert listed.headers["x-request-id"] == "int:PetStatus,PetStatus:r-1"
    missing = service.http.get(f"/pets/{uuid.uuid4()}", headers=KEY)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_invalid_requests_name_every_bad_field(service: Service) -> None:
    body = problem(
        service.http.get("/pets", params={"limit": "0"}, headers={**KEY, "X-Request-Id": "x" * 65}),
        service.invalid,
    )
    assert fields(body) == {("query", "limit"), ("header", "X-Request-Id")}
    body = problem(service.http.get("/pets/not-a-uuid", headers=KEY), service.invalid)
    assert fields(body) == {("path", "petId")}
    body = problem(service.http.post("/pets", json={"name": ""}, headers=WRITER), service.invalid)
    assert {("body", "/name"), ("body", "/animal")} <= fields(body)
    bad_json = service.http.post(
        "/pets", content=b"{", headers={**WRITER, "Content-Type": "application/json"}
    )
    problem(bad_json, service.invalid)
    problem(
        service.http.post("/pets", content=b"x", headers={**WRITER, "Content-Type": "text/plain"}),
        415,
    )


def test_unknown_enum_values_in_requests_are_rejected(service: Service) -> None:
    body = problem(
        service.http.get("/pets", params={"status": "lost"}, headers=KEY), service.invalid
    )
    assert fields(body) == {("query", "status")}
    assert "'available'" in body["errors"][0]["message"]
    sent = {**NEW_PET, "status": "lost"}
    body = problem(service.http.post("/pets", json=sent, headers=WRITER), service.invalid)
    assert fields(body) == {("body", "/status")}


def test_the_same_models_keep_enums_open_outside_requests(service: Service) -> None:
    models = importlib.import_module(f"pets_{service.framework}._generated.models")
    lost = {"name": "x", "animal": {"kind": "cat"}, "status": "lost"}
    assert models.Pet.model_validate(lost).status.value == "lost"  # responses, any data: open
    with pytest.raises(pydantic.ValidationError, match="'available'"):
        models.Pet.model_validate(lost, context={"closed_enums": True})
    listed = {**lost, "status": "adopted"}
    assert models.Pet.model_validate(listed, context={"closed_enums": True}).status == "adopted"


def test_error_answers_fit_the_contracts_error_schema(service: Service) -> None:
    """petstore declares 409 as its Error schema (required code and message)."""
    sent = {**NEW_PET, "name": "Boom"}
    body = problem(service.http.post("/pets", json=sent, headers=WRITER), 409)
    assert body["code"] == "conflict" and body["message"] == "Conflict: Boom is here already"
    assert body["detail"] == "Boom is here already"  # the problem members stay


def test_security_401_and_403(service: Service) -> None:
    body = problem(service.http.get("/pets"), 401)
    assert body["title"] == "Unauthorized"
    challenge = service.http.get("/pets").headers["www-authenticate"]
    assert "Bearer" in challenge
    problem(service.http.get("/pets", headers={"X-API-Key": "wrong"}), 401)
    problem(service.http.get("/pets", headers={"Authorization": "Bearer nobody"}), 401)
    some_pet = f"/pets/{uuid.uuid4()}"
    # updatePet needs oauth2 pets:write: the reader's token is valid but lacks the scope
    problem(service.http.put(some_pet, json=NEW_PET, headers=READER), 403)
    problem(service.http.put(some_pet, json=NEW_PET, headers=WRITER), 501)
    # deletePet needs pets:write and pets:admin
    problem(service.http.delete(some_pet, headers=WRITER), 403)


def test_handler_errors_become_problems(service: Service) -> None:
    body = problem(
        service.http.post("/pets", json={**NEW_PET, "name": "Boom"}, headers=WRITER), 409
    )
    assert body["detail"] == "Boom is here already"
    body = problem(
        service.http.post("/pets", json={**NEW_PET, "name": "Crash"}, headers=WRITER), 500
    )
    assert "a bug" not in json.dumps(body) and "Traceback" not in json.dumps(body)


def test_contract_is_served(service: Service) -> None:
    served = service.http.get("/openapi.json")
    assert served.status_code == 200
    assert served.json()["info"]["title"] == "Corner Pet Shop"
    problem(service.http.get("/no/such/path"), 404, declared=False)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_mock_mode_answers_with_the_contracts_examples(
    framework: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = f"mock_{framework}"
    api.generate_server(PETSTORE, tmp_path, framework=framework, package=package)
    monkeypatch.setenv("APIGEN_MOCK", "1")
    with (
        imported(tmp_path, f"{package}.app") as module,
        serve(module.app, framework) as url,
        httpx.Client(base_url=url, timeout=20) as http,
    ):
        assert http.get("/store/inventory").json() == {
            "available": 12,
            "reserved": 3,
            "adopted": 40,
        }
        pets = http.get("/pets", headers=KEY)  # undefined hooks accept credentials in mock mode
        assert pets.status_code == 200
        assert [p["name"] for p in pets.json()] == ["Miso", "Rex"]
        created = http.post("/pets", json=NEW_PET, headers=WRITER)
        assert created.status_code == 201 and "id" in created.json()
        problem(http.get("/pets", params={"limit": "500"}, headers=KEY), INVALID[framework])


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_generated_mock_flag_is_the_default_and_env_overrides_it(
    framework: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = f"mockflag_{framework}"
    api.generate_server(PETSTORE, tmp_path, framework=framework, package=package, mock=True)
    monkeypatch.delenv("APIGEN_MOCK", raising=False)
    with imported(tmp_path, f"{package}._generated.app") as generated:
        assert generated.MOCK is True
        with serve(generated.create_app(), framework) as url:
            assert httpx.get(f"{url}/store/inventory", timeout=20).status_code == 200
        monkeypatch.setenv("APIGEN_MOCK", "0")
        with serve(generated.create_app(), framework) as url:
            assert httpx.get(f"{url}/store/inventory", timeout=20).status_code == 501


ROUND_TRIP = [
    "petstore.yaml",
    "kitchen-sink.yaml",
    "webhooks-3.1.yaml",
    "swagger2.yaml",
    "multifile/openapi.yaml",
]


@pytest.mark.parametrize("example", ROUND_TRIP)
def test_fastapi_openapi_json_round_trips_through_diff(example: str, tmp_path: Path) -> None:
    """The FastAPI app's own /openapi.json is the contract: ``apigen diff`` finds nothing."""
    out = tmp_path / "service"
    package = "round_trip_" + example.split(".")[0].replace("-", "_").replace("/", "_")
    api.generate_server(EXAMPLES / example, out, framework="fastapi", package=package)
    with imported(out, f"{package}.app") as module, serve(module.app, "fastapi") as url:
        fetched = httpx.get(f"{url}/openapi.json", timeout=20)
        docs = httpx.get(f"{url}/docs", timeout=20)
    assert fetched.status_code == 200 and docs.status_code == 200
    served = tmp_path / "served.json"
    served.write_bytes(fetched.content)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "apigen",
            "diff",
            str(EXAMPLES / example),
            str(served),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["breaking"] == 0 and report["changes"] == [], report
