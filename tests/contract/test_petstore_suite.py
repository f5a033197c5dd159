"""The suite generated from specs/examples/petstore.yaml passes against a faithful server.

The server is a hand-written implementation of the contract (tests/contract/petshop.py),
run over real HTTP on 127.0.0.1 (``--base-url``) and called in-process as a WSGI app and as
an ASGI app (``--app``).  pytest runs the generated suite in a subprocess, as a user would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .petshop import make_app, serve
from .tools import CREDENTIALS, IN_PROCESS, PETSTORE, generate, run_suite


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(PETSTORE, tmp_path_factory.mktemp("suite") / "contract-tests")


def summary(output: str) -> dict[str, int]:
    """pytest's last line -> {"passed": 19, "skipped": 0, ...}."""
    last = output.strip().splitlines()[-1]
    return {kind: int(n) for n, kind in re.findall(r"(\d+) (\w+)", last)}


def test_passes_over_http(suite: Path) -> None:
    with serve(make_app()) as url:
        result = run_suite(suite, "--base-url", url, *CREDENTIALS, "--junitxml", "report.xml")
    assert result.returncode == 0, result.stdout + result.stderr
    counts = summary(result.stdout)
    assert counts.get("passed", 0) >= 19 and "skipped" not in counts, result.stdout
    assert (suite / "report.xml").read_text().count("<testcase") == counts["passed"]


def test_passes_in_process_wsgi(suite: Path) -> None:
    result = run_suite(suite, "--app", "tests.contract.petshop:app", *IN_PROCESS, *CREDENTIALS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skipped" not in summary(result.stdout)


def test_passes_in_process_asgi_with_lifespan(suite: Path) -> None:
    # The ASGI shop answers 503 to requests that arrive before its lifespan startup.
    result = run_suite(suite, "--app", "tests.contract.petshop:asgi_app", *IN_PROCESS, *CREDENTIALS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skipped" not in summary(result.stdout)


def test_without_credentials_secured_operations_skip_and_security_cases_pass(suite: Path) -> None:
    with serve(make_app()) as url:
        result = run_suite(suite, "--base-url", url, "-rs")
    assert result.returncode == 0, result.stdout + result.stderr
    counts = summary(result.stdout)
    assert counts["skipped"] > 0 and counts["passed"] >= 6
    assert "needs credentials: set APIGEN_AUTH_API_KEY or APIGEN_AUTH_BEARER_AUTH" in result.stdout


def test_credentials_from_environment_variables(suite: Path) -> None:
    env = {"APIGEN_AUTH_API_KEY": "key-123", "APIGEN_AUTH_BEARER_AUTH": "token-abc",
           "APIGEN_AUTH_OAUTH2": "token-abc"}  # fmt: skip
    with serve(make_app()) as url:
        result = run_suite(suite, env={**env, "APIGEN_BASE_URL": url})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skipped" not in summary(result.stdout)


def test_no_target_is_a_usage_error(suite: Path) -> None:
    result = run_suite(suite)
    assert result.returncode == 4
    assert "need a target: --base-url URL" in result.stderr


def test_unknown_scheme_and_bad_codes_are_usage_errors(suite: Path) -> None:
    bad_auth = run_suite(suite, "--base-url", "http://127.0.0.1:9", "--auth", "nope=1")
    assert bad_auth.returncode == 4 and "unknown security scheme" in bad_auth.stdout
    bad_codes = run_suite(suite, "--base-url", "http://127.0.0.1:9", "--accept-4xx", "200")
    assert bad_codes.returncode == 4 and "only 4xx statuses" in bad_codes.stderr


def test_markers_select_kinds_of_case(suite: Path) -> None:
    listed = run_suite(suite, "-m", "negative", "--collect-only")
    names = re.findall(r"::(test_\w+)", listed.stdout)
    assert sorted(names) == [
        "test_create_pet_body_name_wrong_type",
        "test_create_pet_body_without_name",
        "test_list_pets_query_limit_wrong_type",
        "test_update_pet_body_name_wrong_type",
        "test_update_pet_body_without_name",
    ]
    with serve(make_app()) as url:
        result = run_suite(suite, "--base-url", url, *CREDENTIALS, "-m", "negative")
    assert result.returncode == 0 and summary(result.stdout)["passed"] == len(names)
