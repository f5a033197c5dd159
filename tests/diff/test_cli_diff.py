"""``apigen diff`` and ``apigen rules`` on the command line: exit codes, errors, output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from apigen.diff.registry import all_rules

from .clirun import REPO, V1, V2, run


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def small_api(**extra_params: Any) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
    ]
    params += [{"name": k, "in": "query", **v} for k, v in extra_params.items()]
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "parameters": params,
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }


def write(path: Path, doc: Any) -> str:
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return str(path)


# --------------------------------------------------------------------------- exit codes


@pytest.mark.parametrize("fail_on,code", [(None, 1), ("breaking", 1), ("warning", 1), ("never", 0)])
def test_breaking_pair_exit_codes(
    fail_on: str | None, code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["diff", V1, V2, "--format", "json"]
    if fail_on:
        args += ["--fail-on", fail_on]
    result = run(capsys, *args)
    assert result.code == code
    assert json.loads(result.out)["summary"]["breaking"] > 0


def test_info_only_pair_fails_nowhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write(tmp_path / "old.yaml", small_api())
    new = write(tmp_path / "new.yaml", small_api(q={"schema": {"type": "string"}}))
    for fail_on in ("breaking", "warning", "never"):
        result = run(capsys, "diff", old, new, "--fail-on", fail_on, "--format", "json")
        assert result.code == 0, fail_on
        summary = json.loads(result.out)["summary"]
        assert summary == {"breaking": 0, "warning": 0, "info": 1}


def test_warning_only_pair_fails_on_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path / "old.yaml", small_api(q={"schema": {"type": "string"}}))
    new = write(tmp_path / "new.yaml", small_api())  # parameter removed: a warning
    doc = json.loads(run(capsys, "diff", old, new, "--format", "json").out)
    assert doc["summary"] == {"breaking": 0, "warning": 1, "info": 0}
    assert doc["semver"] == "minor"
    assert run(capsys, "diff", old, new).code == 0
    assert run(capsys, "diff", old, new, "--fail-on", "warning").code == 1
    assert run(capsys, "diff", old, new, "--fail-on", "never").code == 0


def test_identical_specs(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "diff", V1, V1)
    assert result.code == 0
    assert "No changes." in result.out
    doc = json.loads(run(capsys, "diff", V1, V1, "--format", "json").out)
    assert doc["changes"] == [] and doc["semver"] == "none"


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.json"
    result = run(capsys, "diff", V1, V2, "--format", "json", "--output", str(target))
    assert result.code == 1
    assert result.out == ""
    assert json.loads(target.read_text())["base"] == V1


# --------------------------------------------------------------------------- errors


def one_line_error(result: Any, *needles: str) -> None:
    assert result.code == 2, result
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("apigen: error:")
    for needle in needles:
        assert needle in lines[0]


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    one_line_error(run(capsys, "diff", "nope.yaml", V2), "nope.yaml", "base")
    one_line_error(run(capsys, "diff", V1, "nope.yaml"), "nope.yaml", "revision")


def test_directory_is_not_a_spec(capsys: pytest.CaptureFixture[str]) -> None:
    one_line_error(run(capsys, "diff", "specs", V2), "not a file")


def test_broken_spec(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\ninfo: [unclosed\n")
    one_line_error(run(capsys, "diff", str(broken), V2), "broken.yaml", "base")
    not_openapi = tmp_path / "other.yaml"
    not_openapi.write_text("hello: world\n")
    one_line_error(run(capsys, "diff", V1, str(not_openapi)), "other.yaml", "revision")


def test_spec_with_dangling_ref(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = small_api()
    doc["paths"]["/pets"]["get"]["parameters"].append({"$ref": "missing.yaml#/X"})
    result = run(capsys, "diff", V1, write(tmp_path / "dangling.yaml", doc))
    one_line_error(result, "dangling.yaml")


def test_bad_git_ref(capsys: pytest.CaptureFixture[str]) -> None:
    one_line_error(
        run(capsys, "diff", f"git:no-such-ref-xyz:{V1}", V2), "no-such-ref-xyz", "unknown"
    )


def test_bad_format_option(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "diff", V1, V2, "--format", "xml")
    assert result.code == 2
    assert "xml" in result.err


def test_bad_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "diff.toml"
    config.write_text('levels = { "no-such-rule" = "info" }\n')
    one_line_error(run(capsys, "diff", V1, V2, "--config", str(config)), "no-such-rule")
    one_line_error(run(capsys, "diff", V1, V2, "--config", str(tmp_path / "nope.toml")), "nope")


def test_real_entry_point_no_traceback(tmp_path: Path) -> None:
    """The console script path: a subprocess, stderr checked for a traceback."""
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "apigen", "diff", str(broken), V2],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "broken.json" in done.stderr


# --------------------------------------------------------------------------- rules


def test_rules_text(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "rules")
    assert result.code == 0
    rules = all_rules()
    lines = result.out.splitlines()
    assert lines[0].split()[:5] == ["RULE", "LEVEL", "DIRECTION", "KIND", "SDK"]
    listed = {line.split()[0] for line in lines[1 : 1 + len(rules)]}
    assert listed == {r.id for r in rules}
    assert lines[-1] == f"{len(rules)} rules"
    sdk_line = next(line for line in lines if line.startswith("operation-id-changed "))
    assert " sdk " in sdk_line


def test_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(run(capsys, "rules", "--format", "json").out)
    rules = {r.id: r for r in all_rules()}
    assert [d["id"] for d in doc] == sorted(rules)
    for entry in doc:
        assert set(entry) == {"id", "level", "direction", "kind", "sdk", "bump", "description"}
        rule = rules[entry["id"]]
        assert entry["level"] == rule.level.label
        assert entry["direction"] == rule.direction
        assert entry["sdk"] is rule.sdk
    request = next(d for d in doc if d["id"] == "request-property-enum-value-removed")
    response = next(d for d in doc if d["id"] == "response-property-enum-value-removed")
    assert (request["direction"], response["direction"]) == ("request", "response")
    assert request["level"] != response["level"]


def test_rules_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "rules", "--format", "markdown").out
    rows = [line for line in out.splitlines() if line.startswith("| `")]
    assert len(rows) == len(all_rules())
    assert all(row.count(" | ") >= 5 for row in rows)


def test_library_entry_point() -> None:
    from apigen.diff.run import diff
    from apigen.errors import SpecError
    from apigen.ir.model import Api

    old, new, changes = diff(REPO / V1, REPO / V2)
    assert isinstance(old, Api) and isinstance(new, Api)
    assert old.version != new.version
    assert changes and all(c.line is None for c in changes)
    levels = [c.level for c in changes]
    assert levels == sorted(levels, reverse=True)
    with pytest.raises(SpecError):
        diff(REPO / V1, REPO / "README.md")
