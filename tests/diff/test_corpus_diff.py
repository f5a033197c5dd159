"""``apigen diff --format json`` on every real version pair in ../shared/specs/pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..corpus.specs import SPECS, params
from .clirun import run

pytestmark = pytest.mark.corpus

KEYS = ["id", "level", "method", "path", "pointer", "file", "line", "message"]


def pairs() -> list[str]:
    folder = SPECS / "pairs"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def side(folder: Path, name: str) -> Path:
    (found,) = sorted(folder.glob(f"{name}.*"))
    return found


@pytest.mark.parametrize("pair", params(pairs()))
def test_diff_real_pair(pair: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = SPECS / "pairs" / pair
    old, new = side(folder, "old"), side(folder, "new")
    result = run(capsys, "diff", str(old), str(new), "--format", "json", "--fail-on", "breaking")
    assert result.code in (0, 1), result.err
    doc = json.loads(result.out)
    assert list(doc) == ["base", "revision", "summary", "semver", "changes"]
    assert (doc["base"], doc["revision"]) == (str(old), str(new))
    assert list(doc["summary"]) == ["breaking", "warning", "info"]
    assert doc["semver"] in ("major", "minor", "patch", "none")
    for change in doc["changes"]:
        assert list(change) == KEYS
        assert change["level"] in doc["summary"]
        assert isinstance(change["message"], str) and change["message"]
        assert change["line"] is None or (isinstance(change["line"], int) and change["line"] > 0)
        assert change["file"] in (doc["base"], doc["revision"]) or change["file"]
    counts = {level: sum(c["level"] == level for c in doc["changes"]) for level in doc["summary"]}
    assert counts == doc["summary"]
    assert result.code == (1 if counts["breaking"] else 0)
    assert (doc["semver"] == "major") == bool(counts["breaking"])
    assert (doc["semver"] == "none") == (not doc["changes"])
