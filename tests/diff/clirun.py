"""Run ``apigen`` in-process the way the console script does, and capture what it says."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from apigen.cli import main

REPO = Path(__file__).resolve().parents[2]
VERSIONS = REPO / "specs" / "examples" / "versions"
V1 = "specs/examples/versions/v1.yaml"
V2 = "specs/examples/versions/v2.yaml"


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    """``apigen ARGS`` through :func:`apigen.cli.main`; never lets a traceback through."""
    capsys.readouterr()
    try:
        main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    else:
        code = 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return Result(code, captured.out, captured.err)
