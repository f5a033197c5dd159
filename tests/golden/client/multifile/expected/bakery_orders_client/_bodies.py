"""Turn request bodies given as models or mappings into what the runtime sends."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from ._runtime import MultipartBody

__all__ = ["_fields", "_multipart"]


def _fields(body: object) -> dict[str, Any]:
    """A model (by wire names, unset fields left out) or a mapping, as plain fields."""
    if isinstance(body, BaseModel):
        return body.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(body, Mapping):
        return dict(body)
    raise TypeError(f"expected a model or a mapping, got {type(body).__name__}")


def _multipart(body: object) -> MultipartBody:
    """Files (bytes, file objects, (name, content[, type]) tuples) go as parts with filenames."""
    if isinstance(body, BaseModel):
        raw = {k: v for k, v in body.model_dump(by_alias=True, exclude_unset=True).items()}
    elif isinstance(body, Mapping):
        raw = dict(body)
    else:
        raise TypeError(f"expected a model or a mapping, got {type(body).__name__}")
    files = {k: v for k, v in raw.items() if _is_file(v)}
    fields = {k: v for k, v in raw.items() if k not in files}
    return MultipartBody(fields=fields, files=files)


def _is_file(value: object) -> bool:
    return isinstance(value, (bytes, bytearray, tuple)) or hasattr(value, "read")
