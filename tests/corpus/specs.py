"""The real published specs in ../shared/specs, as test parameters."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("APIGEN_SHARED") or Path(__file__).resolve().parents[3] / "shared")
SPECS = SHARED / "specs"

#: Multi-file specs: their root files (the other files are parts of them).
MULTI_FILE_ROOTS = (
    "real/oai-petstore-separate-v2/spec/swagger.yaml",
    "real/osv-parent-reference/openapi.yaml",
    "real/digitalocean/DigitalOcean-public.v2.yaml",
)
#: Specs whose refs leave their root's folder (they need --allow-outside-refs).
OUTSIDE_REFS = ("real/oai-petstore-separate-v2/spec/swagger.yaml",)
UNSUPPORTED = ("real/oai-3.2-tags-example.yaml",)


def real_specs() -> list[str]:
    if not SPECS.is_dir():
        return []
    single = sorted(
        str(p.relative_to(SPECS))
        for p in (SPECS / "real").glob("*.*")
        if p.is_file() and p.name != "README.md"
    )
    return single + list(MULTI_FILE_ROOTS)


def big_specs() -> list[str]:
    if not SPECS.is_dir():
        return []
    return sorted(str(p.relative_to(SPECS)) for p in (SPECS / "big").glob("*.*"))


def spec_path(rel: str) -> Path:
    if not SPECS.is_dir():
        pytest.skip(f"shared specs not found at {SPECS}")
    return SPECS / rel


def params(names: list[str]) -> list[object]:
    """Parametrize values; a single skipped placeholder when the corpus is absent."""
    if not names:
        return [
            pytest.param(
                "missing", marks=pytest.mark.skip(reason=f"../shared/specs not found at {SPECS}")
            )
        ]
    return names
