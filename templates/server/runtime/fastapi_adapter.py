"""Serve OperationSpecs with FastAPI (async handlers)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI

from .security import SecurityHooks
from .spec import OperationSpec, SchemeSpec

__all__ = ["build_app"]


def build_app(
    operations: Sequence[OperationSpec],
    handlers: Mapping[str, object],
    hooks: SecurityHooks,
    contract: Mapping[str, Any],
    *,
    schemes: Mapping[str, SchemeSpec] | None = None,
    mock: bool = False,
    title: str | None = None,
    version: str | None = None,
) -> FastAPI:
    """A FastAPI app serving ``operations`` (work in progress: signature is final)."""
    raise NotImplementedError
