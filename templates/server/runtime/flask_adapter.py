"""Serve OperationSpecs with Flask (sync handlers, one blueprint per tag)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import Flask

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
) -> Flask:
    """A Flask app serving ``operations`` (work in progress: signature is final)."""
    raise NotImplementedError
