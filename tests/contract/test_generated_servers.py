"""The generated suite against the generated FastAPI and Flask services in mock mode.

``apigen generate server --mock`` answers from the contract (examples, or data generated
from the response schemas) and validates requests; the suite generated from the same
contract is run against it in-process (``--app``).  Every example contract and a sample
of real ones must pass, except the failures listed in :data:`KNOWN`: each is a real
contract violation of the generated service, found by the suite, with its reason.  When
the service is fixed the test fails until the entry is removed, so the list stays true.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from apigen import api

from ..corpus.specs import spec_path
from .tools import EXAMPLES, run_suite

#: (contract, framework) -> tests that fail, and why (the generated service's fault).
KNOWN: dict[tuple[str, str], tuple[set[str], str]] = {}
EXAMPLE_SPECS = ["petstore.yaml", "webhooks-3.1.yaml", "swagger2.yaml", "multifile/openapi.yaml",
                 "kitchen-sink.yaml"]  # fmt: skip
REAL_SAMPLE = [
    "real/oai-petstore-expanded.json",
    "real/train-travel.yaml",
    "real/oai-tictactoe.yaml",
    "real/oai-uber.json",  # Swagger 2.0
    "real/oai-link-example.yaml",  # links
    "real/scalar-galaxy.yaml",  # 3.1
    "real/openapi-core-petstore.yaml",  # an error schema of oneOf alternatives
    "real/twilio_messaging_v1.yaml",  # 58 operations, form bodies
    "real/docker-engine.yaml",  # Swagger 2.0, 107 operations, raw bodies
    "real/slack-web.json",  # Swagger 2.0, self-contradicting examples, patterns
    "real/box.json",  # closed error enums, undeclared required members, overlapping oneOf
]
CASES = [
    *[pytest.param(s, f, id=f"{s}-{f}") for s in EXAMPLE_SPECS for f in ("fastapi", "flask")],
    *[
        pytest.param(s, f, id=f"{s}-{f}", marks=pytest.mark.corpus)
        for s in REAL_SAMPLE
        for f in ("fastapi", "flask")
    ],
]


def credentials(suite: Path) -> list[str]:
    """A credential for every scheme; the mock service accepts any (user:password for basic)."""
    conftest = (suite / "conftest.py").read_text()
    schemes = re.findall(
        r"^    ['\"](.+)['\"]: ['\"]APIGEN_AUTH_\w+['\"],$", conftest, re.MULTILINE
    )
    return [arg for scheme in schemes for arg in ("--auth", f"{scheme}=user:token")]


@pytest.mark.slow
@pytest.mark.parametrize("spec, framework", CASES)
def test_suite_against_the_generated_mock_service(
    spec: str, framework: str, tmp_path: Path
) -> None:
    path = spec_path(spec) if spec.startswith("real/") else EXAMPLES / spec
    service = api.generate_server(
        path, tmp_path / "service", framework=framework, mock=True, formatter="none"
    )
    suite = api.generate_tests(path, tmp_path / "suite", formatter="none") and tmp_path / "suite"
    result = run_suite(
        suite, "--app", f"{service.package}.app:app", *credentials(suite),
        env={"PYTHONPATH": str(tmp_path / "service")},
    )  # fmt: skip
    failed = set(re.findall(r"^FAILED \S+::(\w+)", result.stdout, re.MULTILINE))
    expected, why = KNOWN.get((spec, framework), (set(), ""))
    assert failed == expected, (
        f"expected failures {sorted(expected)} ({why or 'none'}), got {sorted(failed)}:\n"
        + result.stdout[-6000:]
    )
    assert result.returncode == (1 if expected else 0), result.stdout[-3000:] + result.stderr
