"""Every real spec in ../shared/specs generates a suite that pytest collects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from apigen import api
from apigen.spec.resolve import RefPolicy

from ..corpus.specs import OUTSIDE_REFS, UNSUPPORTED, params, real_specs, spec_path
from .tools import run_suite

pytestmark = pytest.mark.corpus


@pytest.mark.parametrize("rel", params([s for s in real_specs() if s not in UNSUPPORTED]))
def test_generated_suite_collects(rel: str, tmp_path: Path) -> None:
    spec = spec_path(rel)
    policy = RefPolicy(allow_outside=rel in OUTSIDE_REFS)
    out = tmp_path / "suite"
    api.generate_tests(spec, out, policy=policy, formatter="none")
    result = run_suite(out, "--collect-only")
    # One test at least per operation: count the operations the modules declare.
    operations = sum(
        len(re.findall(r"^\w+ = Operation\(", m.read_text(), re.MULTILINE))
        for m in out.glob("test_*.py")
        if m.name != "test_flows.py"
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    if operations == 0:  # webhooks only: nothing to call, each listed as a skipped test
        assert "test_webhooks.py::test_webhook_" in result.stdout, result.stdout[-500:]
        return
    found = re.search(r"(\d+) tests? collected", result.stdout)
    assert found is not None and int(found.group(1)) >= operations, result.stdout[-500:]
