"""Answers: statuses, serialisation through the declared types, errors, routing, mock mode."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from . import petshop
from .conftest import Api


def is_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    return body


def test_default_status_is_the_lowest_declared_2xx(api: Api) -> None:
    assert api.http.post("/pets", json={"name": "a"}).status_code == 201
    assert api.http.get("/pets").status_code == 200


def test_reply_with_another_declared_status(api: Api) -> None:
    response = api.http.get("/pets/3")
    assert response.status_code == 404
    assert response.json() == {"detail": "no pet 3"}


def test_problem_raised_by_a_handler(api: Api) -> None:
    response = api.http.get("/pets/410")
    body = is_problem(response, 410)
    assert (body["title"], body["detail"]) == ("Gone", "that pet left")
    assert response.headers["x-why"] == "moved"


def test_models_dumped_by_wire_name_without_write_only_fields(api: Api) -> None:
    assert api.http.get("/pets/1").json()["pet-type"] == "cat"
    assert api.http.get("/accounts/me").json() == {"id": 5, "login": "neo"}


def test_no_content(api: Api) -> None:
    response = api.http.delete("/pets/1")
    assert response.status_code == 204
    assert response.content == b""


def test_reply_picks_a_declared_media_type_and_headers(api: Api) -> None:
    response = api.http.get("/pets/1/card")
    assert response.status_code == 200
    assert response.text == "card of 1"
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["x-card"] == "yes"


def test_undeclared_media_type_breaks_the_contract(api: Api) -> None:
    is_problem(api.http.get("/pets/2/card"), 500)


@pytest.mark.parametrize("path", ["/broken", "/undeclared"])
def test_contract_breaches_are_500_and_logged(
    api: Api, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        body = is_problem(api.http.get(path), 500)
    assert set(body) == {"type", "title", "status", "detail"}
    assert "not-a-number" not in json.dumps(body)
    assert any("breaks the contract" in r.getMessage() for r in caplog.records)


def test_unexpected_exception_is_500_logged_with_traceback_but_not_sent(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = api.http.get("/crash")
    body = is_problem(response, 500)
    assert "secret" not in response.text and "Traceback" not in response.text
    assert body["detail"] == "the server failed to answer this request"
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and "secret database password" in str(logged[0].exc_info[1])


def test_not_implemented_is_501(api: Api) -> None:
    body = is_problem(api.http.get("/todo"), 501)
    assert "todo" in body["detail"]


def test_missing_handler_object_or_method_is_501(api: Api) -> None:
    is_problem(api.http.get("/nobody"), 501)
    is_problem(api.http.get("/orphan"), 501)


def test_literal_segments_win_over_templates(api: Api) -> None:
    assert api.http.get("/pets/mine").json()[0]["name"] == "Tom"
    assert api.http.get("/pets/1").json()["id"] == 1


def test_head_options_trace_operations(api: Api) -> None:
    head = api.http.head("/pets/1")
    assert (head.status_code, head.headers["x-exists"], head.content) == (200, "true", b"")
    options = api.http.options("/pets")
    assert options.status_code == 204
    assert options.headers["allow"] == "GET, POST, OPTIONS, TRACE"
    trace = api.http.request("TRACE", "/pets", headers={"X-Trace": "t1"})
    assert trace.text == "trace_pets t1"


def test_head_of_a_get_only_path_and_automatic_options(api: Api) -> None:
    head = api.http.head("/pets/mine")
    assert (head.status_code, head.content) == (200, b"")
    options = api.http.options("/pets/mine")
    assert options.status_code == 200
    assert {m.strip() for m in options.headers["allow"].split(",")} >= {"GET", "HEAD"}


def test_unknown_path_404_and_wrong_method_405(api: Api) -> None:
    is_problem(api.http.get("/nowhere"), 404)
    response = api.http.put("/pets/mine")
    is_problem(response, 405)
    assert {m.strip() for m in response.headers["allow"].split(",")} >= {"GET", "HEAD"}


def test_openapi_json_is_the_contract(api: Api) -> None:
    response = api.http.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == petshop.CONTRACT


def test_fastapi_openapi_method_and_docs_use_the_contract() -> None:
    from .conftest import build, client_for

    app = build("fastapi")
    assert app.openapi() == petshop.CONTRACT
    assert (app.title, app.version) == ("Pet Shop", "1.2.3")
    with client_for(app, "fastapi") as http:
        docs = http.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text


# ----------------------------------------------------------------------------- mock mode


def test_mock_mode_answers_with_declared_examples(make_api: Any) -> None:
    api = make_api(mock=True)
    assert api.http.get("/todo").json() == {"id": 1, "name": "Tom", "pet-type": "cat"}
    text = api.http.get("/todo/text")
    assert (text.text, text.headers["content-type"].split(";")[0]) == ("hi", "text/plain")
    empty = api.http.delete("/todo/empty")
    assert (empty.status_code, empty.content) == (204, b"")


def test_mock_mode_generates_schema_valid_data(make_api: Any) -> None:
    import jsonschema_rs

    api = make_api(mock=True)
    response = api.http.get("/todo/generated")
    assert response.status_code == 201
    schema = {**petshop.CONTRACT["components"]["responses"]["PetList"]["content"]}
    schema = schema["application/json"]["schema"]
    validator = jsonschema_rs.Draft202012Validator(
        {**schema, "components": petshop.CONTRACT["components"]}
    )
    data = response.json()
    assert validator.is_valid(data), list(validator.iter_errors(data))
    assert len(data["pets"]) == 2 and data["pets"][0] != data["pets"][1]
    assert api.http.get("/todo/generated").content == response.content  # deterministic


def test_mock_mode_still_validates_and_runs_implemented_handlers(make_api: Any) -> None:
    api = make_api(mock=True)
    assert api.http.get("/pets/1").json()["name"] == "Tom"
    assert api.http.get("/pets/x").status_code == api.invalid


@pytest.mark.parametrize(("env", "mock", "status"), [("1", False, 200), ("0", True, 501)])
def test_environment_overrides_mock_mode(
    make_api: Any, monkeypatch: pytest.MonkeyPatch, env: str, mock: bool, status: int
) -> None:
    monkeypatch.setenv("APIGEN_MOCK", env)
    api = make_api(mock=mock)
    assert api.http.get("/todo").status_code == status
