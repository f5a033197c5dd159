"""A first run of the client generator into a folder that does not exist writes while it
renders (see tests/server/test_server_fresh.py): the models already in the formatter's
layout as they are rendered, the ones ruff lays out differently after the formatter pass.
The tree, manifest and plan must be those of a run into an existing empty folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from apigen import api
from apigen.errors import ApigenError
from apigen.render import format as format_module

from ..server.test_server_parallel import spec

#: Long enough that black wraps the annotation in parentheses, which ruff's layout drops:
#: this model goes through the formatter, the others are written as rendered.
LONG = "Relayout" + "x" * 85


def _spec() -> dict[str, Any]:
    doc = spec()
    doc["components"]["schemas"][LONG] = {
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {"type": "string", "enum": ["a", "b"], "description": "What it is, said."}
        },
    }
    return doc


def _tree(root: Path) -> dict[str, bytes]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fresh") / "many.json"
    path.write_text(json.dumps(_spec()), encoding="utf-8")
    return path


def test_a_first_run_into_a_new_folder_is_the_planned_one(many: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    fresh = tmp_path / "new"
    planned = api.generate_client(many, empty)
    streamed = api.generate_client(many, fresh)
    assert streamed.plan == planned.plan and len(streamed.plan.create) > 1000
    tree = _tree(fresh)
    assert tree == _tree(empty)
    relaid = [text for text in tree.values() if f"kind: {LONG}Kind = Field(".encode() in text]
    assert len(relaid) == 1  # ruff's layout, not the renderer's black one
    assert not api.generate_client(many, fresh).plan.changed


def test_a_failed_first_run_leaves_no_folder(
    many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_formatter(formatter: str, argv: list[str]) -> None:
        raise ApigenError(f"formatter {formatter} could not run: not installed")

    monkeypatch.setattr(format_module, "_call", no_formatter)
    with pytest.raises(ApigenError, match="could not run"):
        api.generate_client(many, tmp_path / "new")
    assert list(tmp_path.iterdir()) == []
