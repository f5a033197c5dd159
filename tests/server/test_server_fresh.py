"""A first run into a folder that does not exist writes files while it renders.

The models are written by the child process that renders them, the rest while the models
finish (:class:`apigen.render.write.FreshFolder`).  The tree, the manifest and the plan
must be exactly those of a run into an existing empty folder (planned, then written), and
a run that fails on the way must leave no folder behind, child process or not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apigen import api
from apigen.errors import ApigenError, UsageError
from apigen.render import format as format_module

from .test_server_parallel import spec


def _tree(root: Path) -> dict[str, bytes]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 models: enough for the forked child (see test_server_parallel)."""
    path = tmp_path_factory.mktemp("fresh") / "many.json"
    path.write_text(json.dumps(spec()), encoding="utf-8")
    return path


def test_a_first_run_into_a_new_folder_is_the_planned_one(many: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    fresh = tmp_path / "new" / "deeper"
    planned = api.generate_server(many, empty, framework="fastapi", formatter="none")
    streamed = api.generate_server(many, fresh, framework="fastapi", formatter="none")
    assert streamed.plan == planned.plan
    assert len(streamed.plan.create) > 1000
    assert _tree(fresh) == _tree(empty)
    again = api.generate_server(many, fresh, framework="fastapi", formatter="none")
    assert not again.plan.changed  # the manifest records every file written on the way


def test_a_dry_run_creates_no_folder(many: Path, tmp_path: Path) -> None:
    result = api.generate_server(many, tmp_path / "new", framework="flask", dry_run=True)
    assert result.plan.create and not (tmp_path / "new").exists()


def test_a_refused_first_run_leaves_no_folder(many: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not a Python identifier"):
        api.generate_server(many, tmp_path / "new" / "deeper", framework="fastapi", package="a-b")
    assert list(tmp_path.iterdir()) == []  # nor the parent it made


def test_a_first_run_failing_while_the_models_are_written_leaves_no_folder(
    many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The formatter fails (ruff missing, say) while the child is writing models into the
    folder: the child is stopped before the folder is removed, so nothing comes back."""

    def no_formatter(formatter: str, argv: list[str]) -> None:
        raise ApigenError(f"formatter {formatter} could not run: not installed")

    monkeypatch.setattr(format_module, "_call", no_formatter)
    with pytest.raises(ApigenError, match="could not run"):
        api.generate_server(many, tmp_path / "new", framework="fastapi")
    assert list(tmp_path.iterdir()) == []
