"""One project made by ``apigen new demo`` for the whole session; tests copy it before editing."""

from __future__ import annotations

from pathlib import Path

import pytest

from .tools import apigen_process


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``apigen new demo`` with the starter contract, server, client and contract tests."""
    base = tmp_path_factory.mktemp("new")
    made = apigen_process("new", "demo", cwd=base)
    assert made.returncode == 0, made.stdout + made.stderr
    return base / "demo"
