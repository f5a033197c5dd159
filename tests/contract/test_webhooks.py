"""Webhooks and callbacks: requests the API sends, so a contract suite has nothing to call.

The suite lists each one (README.md, and a skipped test with the reason, marker ``webhook``
or ``callback``), and a contract of webhooks only still generates, collects and passes.
"""

from __future__ import annotations

import re
from pathlib import Path

from .tools import EXAMPLES, generate, run_suite

WEBHOOKS_ONLY = """\
openapi: 3.1.0
info: {title: Pings, version: '1'}
webhooks:
  ping:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {at: {type: string, format: date-time}}}
      responses:
        '204': {description: Received.}
"""


def test_webhooks_and_callbacks_are_listed_and_skipped(tmp_path: Path) -> None:
    suite = generate(EXAMPLES / "webhooks-3.1.yaml", tmp_path / "suite")
    readme = (suite / "README.md").read_text()
    for line in (
        "- webhook eventDelivered: POST (`webhooks-3.1.yaml#/webhooks/eventDelivered/post`)",
        "- webhook subscriptionPaused: POST",
        "- callback onConfirm of subscribe: POST {$request.body#/url}",
    ):
        assert line in readme
    result = run_suite(suite, "--base-url", "http://127.0.0.1:9", "-m", "webhook or callback",
                       "-rs")  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    reasons = re.findall(r"SKIPPED \[1\] test_webhooks.py:\d+: (.*)", result.stdout)
    assert sorted(r.split(":")[0] for r in reasons) == [
        "callback onConfirm of subscribe",
        "webhook eventDelivered",
        "webhook subscriptionPaused",
    ], result.stdout
    assert all(r.endswith("nothing to call (README.md)") for r in reasons)


def test_a_contract_of_webhooks_only_collects_and_passes(tmp_path: Path) -> None:
    (tmp_path / "pings.yaml").write_text(WEBHOOKS_ONLY, encoding="utf-8")
    suite = generate(tmp_path / "pings.yaml", tmp_path / "suite")
    assert not (suite / "test_fuzz.py").exists()
    result = run_suite(suite, "--base-url", "http://127.0.0.1:9", "--junitxml", "report.xml")
    assert result.returncode == 0, result.stdout + result.stderr  # not pytest's 5: no tests
    assert "1 skipped" in result.stdout
    assert "<skipped " in (suite / "report.xml").read_text()
