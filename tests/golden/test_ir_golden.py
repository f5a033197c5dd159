"""Golden records of the IR built from our example contracts.

A change in normalisation shows up here as a reviewable diff of a readable
dump.  Update after an intended change with ``APIGEN_UPDATE_GOLDEN=1 pytest tests/golden``.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from apigen.ir.normalise import normalise
from apigen.spec.resolve import load_spec

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "specs" / "examples"
GOLDEN = Path(__file__).parent / "ir"
UPDATE = os.environ.get("APIGEN_UPDATE_GOLDEN") == "1"
SPECS = sorted(
    p for p in EXAMPLES.rglob("*.yaml") if p.parent.name not in ("paths", "schemas", "responses")
)


def dump(value: Any) -> Any:
    """Dataclasses as dicts tagged with their type, so a changed variant is visible."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {"@": type(value).__name__}
        for f in dataclasses.fields(value):
            if f.name == "locate":
                continue
            out[f.name] = dump(getattr(value, f.name))
        return out
    if isinstance(value, (list, tuple)):
        return [dump(v) for v in value]
    return value


@pytest.mark.parametrize("spec", SPECS, ids=[str(p.relative_to(EXAMPLES)) for p in SPECS])
def test_ir_matches_golden(spec: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # file names in sources are relative to the repo root
    api, warnings = normalise(load_spec(spec))
    text = (
        json.dumps(
            {"api": dump(api), "warnings": [w.format_text() for w in warnings]},
            indent=1,
            sort_keys=False,
            default=repr,
        )
        + "\n"
    )
    golden = GOLDEN / (str(spec.relative_to(EXAMPLES)).replace("/", "__") + ".json")
    if UPDATE or not golden.exists():
        golden.write_text(text)
    assert text == golden.read_text()
