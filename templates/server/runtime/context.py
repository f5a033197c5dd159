"""What every handler receives as ``ctx``: who is calling, and the request it came in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .security import Principal

__all__ = ["RequestContext"]


@dataclass(frozen=True, slots=True)
class RequestContext:
    """The authenticated caller and the request.

    ``principal`` is ``None`` for operations without security (or when an anonymous
    alternative matched); ``headers`` is case-insensitive; ``request`` is the framework's
    own request object (Starlette ``Request`` or Flask ``request``) for anything else.
    """

    principal: Principal | None
    headers: Mapping[str, str]
    request: object
    operation_id: str
