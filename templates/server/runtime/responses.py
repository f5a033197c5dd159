"""Turning a handler's return value into a checked HTTP response."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["RawResponse", "Reply"]


@dataclass(frozen=True, slots=True)
class Reply:
    """A response other than the default one: any declared status, headers, media type.

    ``body`` goes through the type declared for ``status`` (a model, list, ``bytes``,
    ``str`` or ``None``).  ``media_type`` picks one of the declared media types (default:
    the first).
    """

    status: int
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    media_type: str | None = None


@dataclass(frozen=True, slots=True)
class RawResponse:
    """A finished response the adapters send as is."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    media_type: str | None = None
