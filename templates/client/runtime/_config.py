"""Static descriptions of operations and the knobs a client call can turn.

``OperationInfo`` is what generated code emits once per operation (a module-level constant);
``RequestOptions`` is what a user may pass to any single call; ``ClientConfig`` is the client's
resolved settings, immutable so ``with_options`` copies can share everything else safely.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias, TypedDict

import httpx

from ._auth import Auth
from ._retry import RetryPolicy

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})

TimeoutTypes: TypeAlias = float | httpx.Timeout | None
"""Seconds for every phase, a full ``httpx.Timeout``, or None for no timeout at all."""

SecurityRequirement: TypeAlias = tuple[tuple[str, tuple[str, ...]], ...]
"""One alternative of an operation's ``security``: (scheme name, scopes) pairs, all needed."""


@dataclass(frozen=True)
class OperationInfo:
    """What the runtime needs to know about an operation, fixed at generation time.

    ``security`` lists the alternatives from the spec (the operation's own, or the document's
    default); an empty tuple means the operation needs no credentials, and an empty alternative
    ``()`` among others means credentials are optional. ``idempotent`` decides whether failed
    attempts are retried automatically; left as None it follows the HTTP method.
    """

    method: str
    path: str
    operation_id: str
    security: tuple[SecurityRequirement, ...] = ()
    idempotent: bool | None = None

    def __post_init__(self) -> None:
        """Normalise the method and derive ``idempotent`` from it when not given."""
        method = self.method.upper()
        object.__setattr__(self, "method", method)
        if self.idempotent is None:
            object.__setattr__(self, "idempotent", method in IDEMPOTENT_METHODS)


class RequestOptions(TypedDict, total=False):
    """Per-call overrides; every key is optional and absent means "use the client's setting".

    - ``timeout``: replaces the client timeout (None disables it).
    - ``max_retries``: replaces the client's; passing it also opts a non-idempotent operation
      into retries.
    - ``extra_headers``: added last, so they can override anything, including credentials.
    - ``extra_query``: added to the query; a name the operation already sends is replaced.
    - ``idempotency_key``: sent as the client's idempotency header; opts into retries, since the
      server can then de-duplicate.
    - ``url``: send to this URL (absolute, same origin as the client, or relative to the base
      URL) instead of the operation's path and query; used to follow pagination links.
    """

    timeout: TimeoutTypes
    max_retries: int
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, object]
    idempotency_key: str
    url: str


@dataclass(frozen=True)
class ClientConfig:
    """A client's resolved settings (see ``BaseClient`` for what each means)."""

    base_url: str
    timeout: TimeoutTypes
    max_retries: int
    default_headers: Mapping[str, str]
    auth: Mapping[str, Auth]
    validate_responses: bool
    retry_policy: RetryPolicy
