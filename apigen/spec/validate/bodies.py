"""The walk's layer for what carries schemas: content, request bodies, responses, headers.

Headers and parameters share the checks on the object that is its own schema
(2.0) or holds one (``schema``/``content``, ``example``/``examples``), so
those live here too, below :mod:`.parameters`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apigen.errors import join_pointer
from apigen.spec.load import Document
from apigen.spec.resolve import Spec, Target
from apigen.spec.validate.schemas import _SchemaWalk

__all__ = ["_BodyWalk"]


class _BodyWalk(_SchemaWalk):
    """Walks bodies, responses and headers down to their schemas; collects links."""

    def __init__(self, spec: Spec) -> None:
        super().__init__(spec)
        self.params_seen: set[tuple[Path, str]] = set()  # parameters and headers
        #: Link Objects, checked once every operationId is known.
        self.links: list[Target] = []

    def _simple_default(self, obj: dict[str, Any], doc: Document, pointer: str) -> None:
        """2.0 parameters, headers and items: the object is its own schema."""
        if "default" in obj:
            problem = self.values.check(obj, doc, obj["default"])
            if problem is not None:
                self.emit("invalid-default", problem, doc, join_pointer(pointer, "default"))

    def _exclusive(self, obj: dict[str, Any], doc: Document, pointer: str, what: str) -> None:
        if "schema" in obj and "content" in obj and what != "media type":
            self.emit(
                "parameter-schema-and-content",
                f"a {what} must have either schema or content, not both",
                doc,
                pointer,
            )
        if "example" in obj and "examples" in obj:
            self.emit(
                "mutually-exclusive-example",
                f"a {what} must have either example or examples, not both",
                doc,
                pointer,
            )

    def _content(self, content: Any, doc: Document, pointer: str) -> None:
        if not isinstance(content, dict):
            return
        for media_type, media in content.items():
            if not isinstance(media, dict):
                continue
            media_pointer = join_pointer(pointer, media_type)
            self._exclusive(media, doc, media_pointer, "media type")
            if "schema" in media:
                self._schema(media["schema"], doc, join_pointer(media_pointer, "schema"))
            encoding = media.get("encoding")
            if isinstance(encoding, dict):
                for name, enc in encoding.items():
                    if isinstance(enc, dict):
                        headers_pointer = join_pointer(media_pointer, "encoding", name, "headers")
                        self._headers(enc.get("headers"), doc, headers_pointer)

    def _request_body(self, value: Any, document: Document, pointer: str) -> None:
        target = self.deref(value, document, pointer, "request-body")
        if target is not None and isinstance(target.value, dict):
            content_pointer = join_pointer(target.pointer, "content")
            self._content(target.value.get("content"), target.document, content_pointer)

    def _response(self, value: Any, document: Document, pointer: str) -> None:
        target = self.deref(value, document, pointer, "response")
        if target is None or not isinstance(target.value, dict):
            return
        response, doc, base = target.value, target.document, target.pointer
        if self.v2:
            if "schema" in response:
                self._schema(response["schema"], doc, join_pointer(base, "schema"))
        else:
            self._content(response.get("content"), doc, join_pointer(base, "content"))
            links = response.get("links")
            if isinstance(links, dict):
                for name, link in links.items():
                    link_target = self.deref(link, doc, join_pointer(base, "links", name), "link")
                    if link_target is not None and isinstance(link_target.value, dict):
                        self.links.append(link_target)
        self._headers(response.get("headers"), doc, join_pointer(base, "headers"))

    def _headers(self, headers: Any, doc: Document, pointer: str) -> None:
        if isinstance(headers, dict):
            for name, header in headers.items():
                self._header(header, doc, join_pointer(pointer, name))

    def _header(self, value: Any, document: Document, pointer: str) -> None:
        target = self.deref(value, document, pointer, "header")
        if target is None or not isinstance(target.value, dict):
            return
        key = (target.document.path, target.pointer)
        if key in self.params_seen:
            return
        self.params_seen.add(key)
        header, doc, base = target.value, target.document, target.pointer
        if self.v2:
            self._simple_default(header, doc, base)
            return
        self._exclusive(header, doc, base, "header")
        if "schema" in header:
            self._schema(header["schema"], doc, join_pointer(base, "schema"))
        self._content(header.get("content"), doc, join_pointer(base, "content"))
