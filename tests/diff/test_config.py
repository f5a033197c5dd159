"""Diff configuration: levels, ignores (with operations and expiry), fail-on, discovery."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from apigen.diff.config import (
    DiffConfig,
    Ignore,
    apply_config,
    find_pyproject,
    load_config,
    parse_config,
)
from apigen.diff.model import Change, Level
from apigen.errors import UsageError

from .clirun import REPO, V1, V2, run

TODAY = datetime.date(2026, 6, 1)


def change(
    id: str,
    method: str | None = "get",
    path: str | None = "/pets/{petId}",
    level: Level = Level.BREAKING,
) -> Change:
    label = f"{method.upper()} {path}: " if method else ""
    return Change(id, level, label + "something", method, path, "/x", "api.yaml", None)


# --------------------------------------------------------------------------- parsing


def test_parse_full_config() -> None:
    config = parse_config(
        {
            "fail-on": "warning",
            "levels": {"operation-id-changed": "breaking"},
            "ignore": [
                {
                    "rule": "request-parameter-became-required",
                    "operation": "GET /pets/{id}",
                    "reason": "never optional in practice",
                    "until": datetime.date(2027, 1, 31),
                },
                {"rule": "endpoint-added", "reason": "noise", "until": "2027-02-01"},
            ],
        }
    )
    assert config.fail_on == "warning"
    assert config.levels == {"operation-id-changed": Level.BREAKING}
    assert config.ignore[0].until == datetime.date(2027, 1, 31)
    assert config.ignore[1].until == datetime.date(2027, 2, 1)
    assert config.ignore[1].operation is None


@pytest.mark.parametrize(
    "table,needle",
    [
        ({"levels": {"no-such-rule": "info"}}, "'no-such-rule'"),
        ({"levels": {"endpoint-added": "fatal"}}, "fatal"),
        ({"levels": ["endpoint-added"]}, "levels"),
        ({"ignore": [{"rule": "no-such-rule", "reason": "x"}]}, "'no-such-rule'"),
        ({"ignore": [{"rule": "endpoint-added"}]}, "reason"),
        ({"ignore": [{"reason": "x"}]}, "rule"),
        ({"ignore": [{"rule": "endpoint-added", "reason": "x", "until": "soon"}]}, "until"),
        ({"ignore": [{"rule": "endpoint-added", "reason": "x", "operation": "FETCH /a"}]}, "FETCH"),
        ({"ignore": [{"rule": "endpoint-added", "reason": "x", "operation": "GET pets"}]}, "pets"),
        ({"ignore": [{"rule": "endpoint-added", "reason": "x", "why": "y"}]}, "'why'"),
        ({"ignore": {"rule": "endpoint-added"}}, "ignore"),
        ({"fail-on": "sometimes"}, "sometimes"),
        ({"fail_on": "warning"}, "fail-on"),
    ],
)
def test_config_errors_name_the_fault(table: dict[str, Any], needle: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_config(table, Path("pyproject.toml"))
    message = info.value.format_message()
    assert needle in message
    assert message.startswith("pyproject.toml:")
    assert info.value.exit_code == 2


# --------------------------------------------------------------------------- applying


def test_levels_override_and_resort() -> None:
    changes = [
        change("api-removed-without-deprecation"),
        change("endpoint-added", level=Level.INFO),
    ]
    config = DiffConfig(
        levels={"api-removed-without-deprecation": Level.INFO, "endpoint-added": Level.WARNING}
    )
    applied = apply_config(changes, config, TODAY)
    assert [(c.id, c.level) for c in applied.changes] == [
        ("endpoint-added", Level.WARNING),
        ("api-removed-without-deprecation", Level.INFO),
    ]
    assert applied.notes == [] and applied.ignored == []


def test_ignore_matches_operation_with_any_param_names() -> None:
    target = "request-parameter-became-required"
    changes = [
        change(target, "get", "/pets/{petId}"),
        change(target, "delete", "/pets/{petId}"),
        change(target, "get", "/pets"),
        change("endpoint-added", "get", "/pets/{petId}"),
    ]
    ignore = Ignore(target, "accepted", "get /pets/{id}/")
    applied = apply_config(changes, DiffConfig(ignore=(ignore,)), TODAY)
    assert [(c.id, c.method, c.path) for c in applied.changes] == [
        (target, "get", "/pets"),
        (target, "delete", "/pets/{petId}"),
        ("endpoint-added", "get", "/pets/{petId}"),
    ]
    assert [c.method for c, _ in applied.ignored] == ["get"]


def test_ignore_path_only_and_everywhere() -> None:
    target = "request-parameter-became-required"
    changes = [change(target, "get"), change(target, "delete"), change(target, None, None)]
    by_path = apply_config(changes, DiffConfig(ignore=(Ignore(target, "r", "/pets/{x}"),)), TODAY)
    assert [c.method for c in by_path.changes] == [None]
    everywhere = apply_config(changes, DiffConfig(ignore=(Ignore(target, "r"),)), TODAY)
    assert everywhere.changes == []


def test_ignore_expiry() -> None:
    target = "request-parameter-became-required"
    changes = [change(target)]
    until = datetime.date(2026, 5, 31)
    config = DiffConfig(ignore=(Ignore(target, "a reason", "GET /pets/{id}", until),))
    # on its last day it still applies
    assert apply_config(changes, config, until).changes == []
    expired = apply_config(changes, config, TODAY)
    assert [c.id for c in expired.changes] == [target]
    (note,) = expired.notes
    assert "2026-05-31" in note and target in note and "GET /pets/{id}" in note
    assert "a reason" in note


# --------------------------------------------------------------------------- loading


def test_pyproject_found_upward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.apigen.diff]\nfail-on = "never"\n'
        'levels = { "endpoint-added" = "warning" }\n'
    )
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_pyproject() == tmp_path / "pyproject.toml"
    config = load_config()
    assert config.fail_on == "never"
    assert config.levels == {"endpoint-added": Level.WARNING}


def test_nearest_pyproject_without_table_means_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.apigen.diff]\nfail-on = "never"\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "inner"\n')
    monkeypatch.chdir(inner)
    assert load_config() == DiffConfig()


def test_config_file_top_level_or_tool_table(tmp_path: Path) -> None:
    top = tmp_path / "top.toml"
    top.write_text('fail-on = "warning"\n[tool.other]\nx = 1\n')
    assert load_config(top).fail_on == "warning"
    nested = tmp_path / "nested.toml"
    nested.write_text('[tool.apigen.diff]\nfail-on = "never"\n')
    assert load_config(nested).fail_on == "never"


def test_invalid_toml(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("levels = {\n")
    with pytest.raises(UsageError, match=r"bad\.toml: invalid TOML"):
        load_config(bad)


# --------------------------------------------------------------------------- CLI


def write_config(path: Path, body: str) -> str:
    path.write_text(body)
    return str(path)


BREAKING_IN_V2 = (
    "request-property-enum-value-removed",
    "response-optional-property-removed",
    "api-path-removed-without-deprecation",
    "request-parameter-became-required",
)


def ignores(until: str) -> str:
    return "".join(
        f'[[ignore]]\nrule = "{rule}"\nreason = "accepted in review"\nuntil = {until}\n'
        for rule in BREAKING_IN_V2
    )


def test_cli_ignores_make_the_build_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    config = write_config(tmp_path / "c.toml", ignores("2999-01-01"))
    result = run(capsys, "diff", V1, V2, "--config", config, "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["summary"]["breaking"] == 0
    assert doc["semver"] == "minor"
    assert result.err == ""


def test_cli_expired_ignores_warn_and_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    config = write_config(tmp_path / "c.toml", ignores("2000-01-01"))
    result = run(capsys, "diff", V1, V2, "--config", config, "--format", "json")
    assert result.code == 1
    assert json.loads(result.out)["summary"]["breaking"] == 6
    warnings = result.err.strip().splitlines()
    assert len(warnings) == 4
    assert all(w.startswith("apigen: warning: ignore of ") for w in warnings)
    assert all("expired on 2000-01-01" in w for w in warnings)


def test_cli_levels_and_fail_on_from_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    levels = ", ".join(f'"{rule}" = "info"' for rule in BREAKING_IN_V2)
    config = write_config(tmp_path / "c.toml", f'fail-on = "warning"\nlevels = {{ {levels} }}\n')
    result = run(capsys, "diff", V1, V2, "--config", config, "--format", "json")
    doc = json.loads(result.out)
    assert doc["summary"]["breaking"] == 0
    assert doc["summary"]["warning"] > 0
    assert result.code == 1  # fail-on = warning from the config
    # the command line wins over the config
    assert run(capsys, "diff", V1, V2, "--config", config, "--fail-on", "breaking").code == 0


def test_cli_reads_pyproject_of_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.apigen.diff]\nfail-on = "never"\n')
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "diff", str(REPO / V1), str(REPO / V2)).code == 0
