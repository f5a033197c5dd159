"""``pytest SUITE --apigen-fuzz[=N]``: hypothesis-drawn requests, off by default.

Fuzzing must find what the example and generated cases miss (a planted 500 on a valid
request), raise no false alarm against a faithful implementation (the pet shop), and cost
nothing when it is not asked for (test_fuzz.py is not even collected).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .test_petstore_suite import summary
from .tools import CREDENTIALS, IN_PROCESS, PETSTORE, generate, run_suite


@pytest.fixture(scope="module")
def petstore_suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(PETSTORE, tmp_path_factory.mktemp("fuzz") / "contract-tests")


@pytest.fixture(scope="module")
def stockroom_suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .stockroom import SPEC

    folder = tmp_path_factory.mktemp("stockroom")
    (folder / "stockroom.yaml").write_text(SPEC, encoding="utf-8")
    return generate(folder / "stockroom.yaml", folder / "contract-tests")


STOCKROOM = ("--app", "tests.contract.stockroom:app")


def test_the_planted_500_is_missed_by_the_cases_and_found_by_fuzzing(stockroom_suite: Path) -> None:
    plain = run_suite(stockroom_suite, *STOCKROOM)
    assert plain.returncode == 0, plain.stdout
    fuzzed = run_suite(stockroom_suite, *STOCKROOM, "--apigen-fuzz=25", "-rfs")
    assert fuzzed.returncode == 1, fuzzed.stdout
    assert re.findall(r"^SKIPPED \[\d+\] \S+ (.*)", fuzzed.stdout, re.MULTILINE) == [
        "addNote: nothing in its requests can be made invalid (its form body is not broken on "
        "purpose)"
    ], fuzzed.stdout
    failed = re.findall(r"^FAILED \S+::(\S+) ", fuzzed.stdout, re.MULTILINE)
    assert failed == ["test_fuzz_valid_requests[addItem]"], fuzzed.stdout
    assert "addItem (POST /items), case 'fuzz: valid request'" in fuzzed.stdout
    assert "server error 500: no request may make the server fail" in fuzzed.stdout
    # shrunk to the smallest quantity that fails, and shown as a curl line
    assert re.search(r"curl .*'\{\"sku\": \"[^\"]*\", \"quantity\": 901\}'", fuzzed.stdout), (
        fuzzed.stdout
    )


def test_fuzzing_passes_on_the_faithful_pet_shop(petstore_suite: Path) -> None:
    result = run_suite(
        petstore_suite, "--app", "tests.contract.petshop:app", *IN_PROCESS, *CREDENTIALS,
        "--apigen-fuzz=20", "-m", "fuzz", "-rs",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    counts = summary(result.stdout)
    # 6 operations, valid and invalid; only operations with nothing to break are skipped
    assert counts["passed"] >= 9 and counts["passed"] + counts.get("skipped", 0) == 12
    assert set(re.findall(r"SKIPPED \[\d+\] \S+ (.*)", result.stdout)) <= {
        f"{op}: nothing in its requests can be made invalid"
        for op in ("getPet", "deletePet", "getInventory")
    }, result.stdout


def test_without_the_flag_fuzzing_is_not_collected(petstore_suite: Path) -> None:
    listed = run_suite(petstore_suite, "--collect-only", "-q")
    assert "test_fuzz" not in listed.stdout and listed.returncode == 0
    asked = run_suite(petstore_suite, "--collect-only", "-q", "--apigen-fuzz")
    assert "test_fuzz.py: 12" in asked.stdout, asked.stdout


def test_a_bad_count_is_a_usage_error(petstore_suite: Path) -> None:
    result = run_suite(petstore_suite, *IN_PROCESS, "--apigen-fuzz=many")
    assert result.returncode == 4
    assert "--apigen-fuzz=many: expected a count of requests" in result.stdout + result.stderr
