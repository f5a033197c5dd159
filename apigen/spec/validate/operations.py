"""The walk's layer for paths, path items, operations, callbacks and security requirements.

Path-template checks (parameters declared and used, templates that differ only
in parameter names) apply to ``paths`` only: webhooks, callbacks and
``components.pathItems`` have no template to match.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from apigen.errors import Severity, join_pointer
from apigen.spec.load import Document
from apigen.spec.resolve import Spec
from apigen.spec.validate.parameters import _Param, _ParameterWalk

__all__ = ["_OperationWalk"]

_ERROR = Severity.ERROR
_WARNING = Severity.WARNING

_TEMPLATE_PARAM = re.compile(r"\{([^{}]+)\}")
_METHODS_2 = ("get", "put", "post", "delete", "options", "head", "patch")
_METHODS_3 = (*_METHODS_2, "trace")


class _OperationWalk(_ParameterWalk):
    """Walks path items and their operations; records operationIds for links."""

    def __init__(self, spec: Spec) -> None:
        super().__init__(spec)
        self.methods = _METHODS_2 if self.v2 else _METHODS_3
        self.items_seen: set[tuple[Path, str]] = set()
        self.ops_seen: set[tuple[Path, str]] = set()
        self.operation_ids: dict[str, str] = {}
        self.schemes: set[str] = set()  # the security schemes defined; set by the top level

    def _security(self, requirements: Any, document: Document, pointer: str) -> None:
        if not isinstance(requirements, list):
            return
        where = "securityDefinitions" if self.v2 else "components.securitySchemes"
        for i, requirement in enumerate(requirements):
            if not isinstance(requirement, dict):
                continue
            for name in requirement:
                if name not in self.schemes:
                    self.emit(
                        "undefined-security-scheme",
                        f"security scheme {name!r} is not defined in {where}",
                        document,
                        join_pointer(pointer, i, name),
                    )

    def _paths(self, paths: dict[str, Any], document: Document) -> None:
        shapes: dict[str, list[tuple[str, set[str]]]] = {}
        for template, item in paths.items():
            if template.startswith("x-"):
                continue
            pointer = join_pointer("/paths", template)
            shape = _TEMPLATE_PARAM.sub("{}", template)
            value = self.spec.deref(item, document, pointer).value
            methods = {m for m in self.methods if isinstance(value, dict) and m in value}
            for other, other_methods in shapes.get(shape, ()):
                common = sorted(methods & other_methods)
                if common:  # the same request matches two operations
                    clash = ", ".join(m.upper() for m in common)
                    severity, why = _ERROR, f"both define {clash}, so routing is ambiguous"
                else:  # the spec's MUST NOT, but each request still has one operation
                    severity, why = _WARNING, "they share no method"
                self.emit(
                    "duplicate-path-template",
                    f"path {template!r} is the same as {other!r} up to parameter names; {why}",
                    document,
                    pointer,
                    severity,
                )
                break
            shapes.setdefault(shape, []).append((template, methods))
            self._path_item(item, document, pointer, template, template)

    def _path_item(
        self, value: Any, document: Document, pointer: str, template: str | None, where: str
    ) -> None:
        target = self.deref(value, document, pointer, "path-item")
        if target is None or not isinstance(target.value, dict):
            return
        key = (target.document.path, target.pointer)
        if template is None and key in self.items_seen:
            return
        self.items_seen.add(key)
        item, doc, base = target.value, target.document, target.pointer
        shared = self._parameters(item.get("parameters"), doc, join_pointer(base, "parameters"))
        names = set(_TEMPLATE_PARAM.findall(template)) if template is not None else set()
        if template is not None:
            for param in shared:
                if param.where == "path" and param.name not in names:
                    self._unused(param, template)
        for method in self.methods:
            if method in item:
                # Operations are not meant to be $refs, but some specs (DigitalOcean) do it;
                # the meta-schema reports it, the walk follows it like every other tool.
                op = self.deref(item[method], doc, join_pointer(base, method), "operation")
                if op is not None:
                    self._operation(
                        op.value, op.document, op.pointer, method, template, shared, where
                    )

    def _unused(self, param: _Param, template: str) -> None:
        self.emit(
            "path-parameter-unused",
            f"path parameter {param.name!r} does not appear in the path {template!r}",
            param.document,
            param.pointer,
        )

    def _operation(
        self,
        op: Any,
        doc: Document,
        pointer: str,
        method: str,
        template: str | None,
        shared: list[_Param],
        where: str,
    ) -> None:
        if not isinstance(op, dict):
            return
        label = f"{method.upper()} {where}"
        key = (doc.path, pointer)
        op_id = op.get("operationId")
        if key not in self.ops_seen and op_id is not None:
            text = str(op_id)
            if text in self.operation_ids:
                self.emit(
                    "duplicate-operation-id",
                    f"operationId {text!r} is already used by {self.operation_ids[text]}",
                    doc,
                    join_pointer(pointer, "operationId"),
                )
            else:
                self.operation_ids[text] = label
        self.ops_seen.add(key)
        self._security(op.get("security"), doc, join_pointer(pointer, "security"))
        own = self._parameters(op.get("parameters"), doc, join_pointer(pointer, "parameters"))
        merged = {(p.name, p.where): p for p in shared}
        merged.update({(p.name, p.where): p for p in own})

        if template is not None:
            names = set(_TEMPLATE_PARAM.findall(template))
            declared = {name for name, where_ in merged if where_ == "path"}
            for name in sorted(names - declared):
                self.emit(
                    "path-parameter-undeclared",
                    f"path parameter {name!r} of {template!r} is not declared for {method.upper()}",
                    doc,
                    pointer,
                )
            for param in own:
                if param.where == "path" and param.name not in names:
                    self._unused(param, template)

        if self.v2:
            self._bodies(list(merged.values()))
        else:
            if "requestBody" in op:
                self._request_body(op["requestBody"], doc, join_pointer(pointer, "requestBody"))
            callbacks = op.get("callbacks")
            if isinstance(callbacks, dict):
                for name, callback in callbacks.items():
                    self._callback(callback, doc, join_pointer(pointer, "callbacks", name), name)
            if self.major == "3.1" and "responses" not in op:
                self.emit(
                    "operation-without-responses",
                    f"{label} declares no responses",
                    doc,
                    pointer,
                    _WARNING,
                )
        responses = op.get("responses")
        if isinstance(responses, dict):
            for code, response in responses.items():
                if not str(code).startswith("x-"):
                    self._response(response, doc, join_pointer(pointer, "responses", code))

    def _callback(self, value: Any, document: Document, pointer: str, name: str) -> None:
        target = self.deref(value, document, pointer, "callback")
        if target is None or not isinstance(target.value, dict):
            return
        for expression, item in target.value.items():
            if not expression.startswith("x-"):
                item_pointer = join_pointer(target.pointer, expression)
                where = f"callback {name!r} {expression}"
                self._path_item(item, target.document, item_pointer, None, where)
