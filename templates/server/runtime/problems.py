"""RFC 9457 problem documents: the one error format every runtime answer uses."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

__all__ = ["PROBLEM_JSON", "Problem", "field_error"]

PROBLEM_JSON = "application/problem+json"


def field_error(location: str, name: str, message: str) -> dict[str, str]:
    """A problem ``errors`` entry: ``{"in": location, "name": name, "message": message}``."""
    return {"in": location, "name": name, "message": message}


class Problem(Exception):
    """An error answer.  Handlers raise it to reply with a problem document.

    ``errors`` lists field errors (see :func:`field_error`); ``headers`` are extra response
    headers (``WWW-Authenticate`` for 401, ``Allow`` for 405).
    """

    def __init__(
        self,
        status: int,
        title: str | None = None,
        detail: str | None = None,
        *,
        errors: Sequence[Mapping[str, str]] = (),
        headers: Mapping[str, str] | None = None,
        type: str = "about:blank",
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        self.status = status
        self.title = title or _phrase(status)
        self.detail = detail
        self.errors = [dict(e) for e in errors]
        self.headers = dict(headers or {})
        self.type = type
        self.extra = dict(extra or {})
        super().__init__(f"{status} {self.title}" + (f": {detail}" if detail else ""))

    def document(self) -> dict[str, Any]:
        """The JSON object of the problem document."""
        doc: dict[str, Any] = {"type": self.type, "title": self.title, "status": self.status}
        if self.detail is not None:
            doc["detail"] = self.detail
        if self.errors:
            doc["errors"] = self.errors
        for key, value in self.extra.items():
            doc.setdefault(key, value)
        return doc

    def body(self) -> bytes:
        """The serialised document (UTF-8 JSON)."""
        return json.dumps(self.document(), ensure_ascii=False, default=str).encode()


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
