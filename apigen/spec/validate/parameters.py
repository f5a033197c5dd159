"""The walk's parameter layer: duplicates in a list, path parameters required, 2.0 bodies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from apigen.errors import join_pointer
from apigen.spec.load import Document
from apigen.spec.resolve import Target
from apigen.spec.validate.bodies import _BodyWalk

__all__ = ["_Param", "_ParameterWalk"]


@dataclass(frozen=True, slots=True)
class _Param:
    name: str
    where: str  # the value of "in"
    document: Document  # where it is listed (the $ref site, if a $ref)
    pointer: str


class _ParameterWalk(_BodyWalk):
    """Walks parameter lists; returns what the operation layer matches against the path."""

    def _parameters(self, value: Any, document: Document, pointer: str) -> list[_Param]:
        if not isinstance(value, list):
            return []
        out: list[_Param] = []
        first: dict[tuple[str, str], int] = {}
        for i, raw in enumerate(value):
            site = join_pointer(pointer, i)
            target = self.deref(raw, document, site, "parameter")
            if target is None or not isinstance(target.value, dict):
                continue
            name, where = target.value.get("name"), target.value.get("in")
            if not isinstance(name, str) or not isinstance(where, str):
                continue
            self._parameter(target)
            key = (name, where)
            if key in first:
                self.emit(
                    "duplicate-parameter",
                    f"parameter {name!r} (in: {where}) is already listed at index {first[key]}",
                    document,
                    site,
                )
            else:
                first[key] = i
            out.append(_Param(name, where, document, site))
        return out

    def _parameter(self, target: Target) -> None:
        key = (target.document.path, target.pointer)
        if key in self.params_seen:
            return
        self.params_seen.add(key)
        param, doc, pointer = target.value, target.document, target.pointer
        if not isinstance(param, dict):
            return
        if param.get("in") == "path" and param.get("required") is not True:
            self.emit(
                "path-parameter-not-required",
                f"path parameter {param.get('name')!r} must have required: true",
                doc,
                pointer,
            )
        if self.v2:
            if param.get("in") == "body":
                if "schema" in param:
                    self._schema(param["schema"], doc, join_pointer(pointer, "schema"))
            else:
                self._simple_default(param, doc, pointer)
            return
        self._exclusive(param, doc, pointer, "parameter")
        if "schema" in param:
            self._schema(param["schema"], doc, join_pointer(pointer, "schema"))
        self._content(param.get("content"), doc, join_pointer(pointer, "content"))

    def _bodies(self, params: list[_Param]) -> None:
        bodies = [p for p in params if p.where == "body"]
        forms = [p for p in params if p.where == "formData"]
        for extra in bodies[1:]:
            self.emit(
                "multiple-body-parameters",
                f"body parameter {extra.name!r}: an operation can have only one body parameter",
                extra.document,
                extra.pointer,
            )
        if bodies and forms:
            first = forms[0]
            self.emit(
                "multiple-body-parameters",
                f"formData parameter {first.name!r} cannot be combined with "
                f"body parameter {bodies[0].name!r}",
                first.document,
                first.pointer,
            )
