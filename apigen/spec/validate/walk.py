"""The base of the semantic walk: its findings, and following ``$ref``s.

The walk is one object, :class:`~apigen.spec.validate.semantic._Checker`,
split into layers by what they visit: :mod:`.schemas`, :mod:`.bodies`
(content, responses, headers), :mod:`.parameters`, :mod:`.operations` (paths,
path items, operations, callbacks) and the top level in :mod:`.semantic`.
Each layer subclasses the one below, so calls only go downward (or stay in a
layer) and each module imports only its base.  Each layer keeps the state its
own checks need.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apigen.errors import Diagnostic, Location, Severity
from apigen.spec.load import Document
from apigen.spec.resolve import Spec, Target
from apigen.spec.validate.metaschema import (
    _DRAFT2020,
    _FRAGMENT_DEFS,
    _OAS31_DIALECT,
    _meta_validator,
)
from apigen.spec.validate.structural import _structural

__all__ = ["_Walk"]

_ERROR = Severity.ERROR


class _Walk:
    """What every layer of the walk shares: the spec, its version, the findings.

    :meth:`deref` is here, not in a layer, because every kind of object may be
    a ``$ref`` into another file, which the root's meta-schema check never sees.
    """

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.major = spec.major
        self.v2 = spec.major == "2.0"
        dialect = spec.root.root.get("jsonSchemaDialect")
        #: Schema Objects are checked against the OAS 3.1 dialect unless another is declared.
        self.dialect_checks = dialect in (None, _OAS31_DIALECT, _DRAFT2020)
        self.out: list[Diagnostic] = []
        self.fragments_seen: set[tuple[Path, str, str]] = set()

    def emit(
        self,
        code: str,
        message: str,
        document: Document,
        pointer: str,
        severity: Severity = _ERROR,
    ) -> None:
        self.out.append(Diagnostic(code, severity, message, Location(document.name, pointer)))

    def deref(self, value: Any, document: Document, pointer: str, kind: str) -> Target | None:
        """Follow $refs; None for a dangling or looping one (the resolver reports it)."""
        target = self.spec.deref(value, document, pointer)
        if isinstance(target.value, dict) and isinstance(target.value.get("$ref"), str):
            return None
        if target.document is not self.spec.root and kind in _FRAGMENT_DEFS[self.major]:
            key = (target.document.path, target.pointer, kind)
            if key not in self.fragments_seen:
                self.fragments_seen.add(key)
                validator = _meta_validator(self.major, kind, self.dialect_checks)
                self.out.extend(
                    _structural(validator, target.value, target.document, target.pointer, True)
                )
        return target
