"""Generated values checked against the contract's own schemas, before they are written.

Positive values must be valid and negative ones invalid, as jsonschema-rs says in the
contract's dialect (request direction: ``readOnly`` properties are not required).  The
validation code is the suite's own support module, loaded from the templates: one
implementation serves apigen (for requests) and the generated suite (for responses).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from apigen.errors import escape_pointer
from apigen.ir.model import MediaType, Parameter
from apigen.render.templates import templates_dir
from apigen.spec.resolve import Spec

__all__ = ["ContractCheck", "Location", "load_support", "relative_name"]

Location = tuple[str, str]  # (document URI, JSON pointer)


def load_support(name: str) -> ModuleType:
    """A module of the generated suite's support package, loaded from the templates.

    The same file serves both sides (one implementation): the suite validates responses
    with it, apigen validates the request values it writes.
    """
    qualified = f"apigen._tests_support_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    path = templates_dir() / "tests" / "support" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(qualified, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[qualified]
        raise
    return module


class ContractCheck:
    """Validates generated values against the contract's schemas (request direction)."""

    def __init__(self, spec: Spec) -> None:
        self.schemas_module = load_support("schemas")
        root = spec.root.path.parent
        self.names = {d.name: relative_name(d.path, root) for d in spec.documents.values()}
        uri = self.schemas_module.document_uri
        self.uris = {name: uri(rel) for name, rel in self.names.items()}
        self.is_v2 = spec.major == "2.0"
        documents = {uri(relative_name(d.path, root)): d.root for d in spec.documents.values()}
        self.store = self.schemas_module.SchemaStore(documents, spec.major, "request")

    def valid(self, where: Location | None, value: Any) -> bool | None:
        """True/False, or None when the schema cannot be checked (then the value is used)."""
        if where is None:
            return None
        result = self.store.is_valid(where[0], where[1], value)
        return None if result is None else bool(result)

    def parameter(self, p: Parameter) -> Location | None:
        if self.is_v2:
            return None  # 2.0 parameter objects are not schemas (``required: true``...)
        uri = self.uris.get(p.source.file)
        if uri is None:
            return None
        if p.media_type:
            return uri, f"{p.source.pointer}/content/{escape_pointer(p.media_type)}/schema"
        return uri, p.source.pointer + "/schema"

    def media(self, m: MediaType) -> Location | None:
        uri = self.uris.get(m.source.file)
        return None if uri is None else (uri, m.source.pointer + "/schema")


def relative_name(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()
