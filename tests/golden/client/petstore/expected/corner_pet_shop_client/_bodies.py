"""Turn request bodies given as models or mappings into what the runtime sends.

Models go through the models' own ``dump_request``: wire names, and neither unset fields
(a PATCH stays partial) nor readOnly fields (the server owns them), at every depth.  Models
inside lists and mappings are converted the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel

from ._runtime import MultipartBody
from .models._base import dump_request

__all__ = ["_fields", "_json", "_multipart"]


def _json(body: object, mode: Literal["json", "python"] = "json") -> Any:
    """``body`` with every model in it replaced by its request data."""
    if isinstance(body, BaseModel):
        return dump_request(body, mode=mode)
    if isinstance(body, Mapping):
        return {key: _json(value, mode) for key, value in body.items()}
    if isinstance(body, list):
        return [_json(value, mode) for value in body]
    if isinstance(body, tuple):  # kept a tuple: a multipart (filename, content) file
        return tuple(_json(value, mode) for value in body)
    return body


def _fields(body: object) -> dict[str, Any]:
    """A model or a mapping, as plain form fields."""
    if isinstance(body, (BaseModel, Mapping)):
        fields: dict[str, Any] = _json(body)
        return fields
    raise TypeError(f"expected a model or a mapping, got {type(body).__name__}")


def _multipart(body: object, content_types: Mapping[str, str] | None = None) -> MultipartBody:
    """Files (bytes, file objects, (name, content[, type]) tuples, or lists of them) go as
    parts with filenames; ``content_types``: the spec's per-part encoding."""
    if not isinstance(body, (BaseModel, Mapping)):
        raise TypeError(f"expected a model or a mapping, got {type(body).__name__}")
    raw: dict[str, Any] = _json(body, "python")
    files = {k: v for k, v in raw.items() if _is_file(v) or _is_file_list(v)}
    fields = {k: v for k, v in raw.items() if k not in files}
    return MultipartBody(fields=fields, files=files, content_types=content_types)


def _is_file(value: object) -> bool:
    return isinstance(value, (bytes, bytearray, tuple)) or hasattr(value, "read")


def _is_file_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(_is_file(v) for v in value)
