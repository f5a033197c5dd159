"""The suite's support package (templates/tests/support), imported for unit tests.

It is imported under its own name, ``_contract``, exactly as a generated suite imports it,
but from the templates folder, so these tests exercise the files apigen copies.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

SUPPORT = Path(__file__).resolve().parents[2] / "templates" / "tests"


def support(module: str) -> ModuleType:
    """``_contract.<module>`` from templates/tests/support."""
    if "_contract" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "_contract", SUPPORT / "support" / "__init__.py",
            submodule_search_locations=[str(SUPPORT / "support")],
        )  # fmt: skip
        assert spec is not None and spec.loader is not None
        package = importlib.util.module_from_spec(spec)
        sys.modules["_contract"] = package
        spec.loader.exec_module(package)
    return importlib.import_module(f"_contract.{module}")
