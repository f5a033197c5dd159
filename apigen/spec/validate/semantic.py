"""The semantic checks: one walk over paths, webhooks, callbacks and components.

:class:`_Checker` is the top layer of the walk (see :mod:`.walk`): it starts
from the root document, reaches components that nothing references, and
checks links last, once every operationId is known.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from apigen.errors import join_pointer
from apigen.spec.load import Document
from apigen.spec.resolve import Target
from apigen.spec.validate.operations import _OperationWalk

__all__ = ["_Checker"]


class _Checker(_OperationWalk):
    """Every semantic finding of a spec: :meth:`run` fills :attr:`out`."""

    def run(self) -> None:
        root = self.spec.root
        tree: dict[str, Any] = root.root
        self._tags(tree.get("tags"), root)
        if self.v2:
            defined = tree.get("securityDefinitions")
        else:
            components = tree.get("components")
            defined = components.get("securitySchemes") if isinstance(components, dict) else None
        self.schemes = set(defined) if isinstance(defined, dict) else set()
        self._security(tree.get("security"), root, "/security")

        paths = tree.get("paths")
        if isinstance(paths, dict):
            self._paths(paths, root)
        webhooks = tree.get("webhooks")
        if not self.v2 and isinstance(webhooks, dict):
            for name, item in webhooks.items():
                pointer = join_pointer("/webhooks", name)
                self._path_item(item, root, pointer, None, f"webhook {name!r}")
        if self.v2:
            self._components_2(tree, root)
        else:
            self._components_3(tree.get("components"), root)
        for link in self.links:
            self._link(link)

    def _tags(self, tags: Any, document: Document) -> None:
        if not isinstance(tags, list):
            return
        first: dict[str, int] = {}
        for i, tag in enumerate(tags):
            name = tag.get("name") if isinstance(tag, dict) else None
            if not isinstance(name, str):
                continue
            if name in first:
                self.emit(
                    "duplicate-tag",
                    f"tag {name!r} is already declared (/tags/{first[name]})",
                    document,
                    f"/tags/{i}/name",
                )
            else:
                first[name] = i

    def _components_2(self, tree: dict[str, Any], root: Document) -> None:
        definitions = tree.get("definitions")
        if isinstance(definitions, dict):
            for name, schema in definitions.items():
                self._schema(schema, root, join_pointer("/definitions", name))
        parameters = tree.get("parameters")
        if isinstance(parameters, dict):
            for name, param in parameters.items():
                target = self.deref(param, root, join_pointer("/parameters", name), "parameter")
                if target is not None:
                    self._parameter(target)
        responses = tree.get("responses")
        if isinstance(responses, dict):
            for name, response in responses.items():
                self._response(response, root, join_pointer("/responses", name))

    def _components_3(self, components: Any, root: Document) -> None:
        if not isinstance(components, dict):
            return

        def section(name: str) -> Iterable[tuple[str, Any, str]]:
            entries = components.get(name)
            if isinstance(entries, dict):
                for key, value in entries.items():
                    yield key, value, join_pointer("/components", name, key)

        for _, schema, pointer in section("schemas"):
            self._schema(schema, root, pointer)
        for _, param, pointer in section("parameters"):
            target = self.deref(param, root, pointer, "parameter")
            if target is not None:
                self._parameter(target)
        for _, response, pointer in section("responses"):
            self._response(response, root, pointer)
        for _, body, pointer in section("requestBodies"):
            self._request_body(body, root, pointer)
        for _, header, pointer in section("headers"):
            self._header(header, root, pointer)
        for _, link, pointer in section("links"):
            target = self.deref(link, root, pointer, "link")
            if target is not None and isinstance(target.value, dict):
                self.links.append(target)
        for name, callback, pointer in section("callbacks"):
            self._callback(callback, root, pointer, name)
        for name, item, pointer in section("pathItems"):
            self._path_item(item, root, pointer, None, f"path item {name!r}")

    def _link(self, target: Target) -> None:
        op_id = target.value.get("operationId")
        if isinstance(op_id, str) and op_id not in self.operation_ids:
            self.emit(
                "unknown-link-operation",
                f"link operationId {op_id!r} names no operation of this API",
                target.document,
                join_pointer(target.pointer, "operationId"),
            )
