"""Tests of the server runtime template (``templates/server/runtime``).

The template is copied verbatim into generated servers as ``<pkg>/_generated/_runtime``; here
it is loaded from the template folder as the package ``apigen_server_runtime`` (a name no other
test uses: the client runtime tests import theirs as ``runtime``), so the tests exercise exactly
the shipped files.  Bytecode writing is off so no ``__pycache__`` lands in the template.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

RUNTIME_DIR = Path(__file__).resolve().parents[2] / "templates" / "server" / "runtime"
PACKAGE = "apigen_server_runtime"

sys.dont_write_bytecode = True
if PACKAGE not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        PACKAGE, RUNTIME_DIR / "__init__.py", submodule_search_locations=[str(RUNTIME_DIR)]
    )
    assert _spec is not None and _spec.loader is not None
    _module = importlib.util.module_from_spec(_spec)
    sys.modules[PACKAGE] = _module
    _spec.loader.exec_module(_module)
