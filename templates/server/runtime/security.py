"""Authentication: the developer's hooks, and the per-operation check the core runs.

The generated ``<package>/security.py`` subclasses :class:`SecurityHooks`; every hook
returns a :class:`Principal` to accept the credentials or ``None`` to reject them, and
the defaults reject everything, so a fresh server is closed until someone decides how
credentials are verified.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .spec import SchemeSpec

__all__ = ["Principal", "SecurityHooks"]


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a subject, the scopes granted, and any claims the hook extracted."""

    subject: str
    scopes: frozenset[str] = frozenset()
    claims: Mapping[str, Any] = field(default_factory=dict)


class SecurityHooks:
    """Credential verification; override the methods for the schemes the API uses.

    Hooks may be plain or ``async`` functions with the FastAPI adapter; the Flask adapter
    needs plain ones.  ``scheme`` is the scheme's spec (``scheme.name`` is its key in
    ``components.securitySchemes``).
    """

    def api_key(self, scheme: SchemeSpec, key: str) -> Principal | None:
        """Verify an apiKey credential (from a header, query parameter or cookie)."""
        return None

    def basic(self, scheme: SchemeSpec, username: str, password: str) -> Principal | None:
        """Verify HTTP basic credentials."""
        return None

    def bearer(self, scheme: SchemeSpec, token: str) -> Principal | None:
        """Verify a bearer token (http bearer, oauth2 and openIdConnect schemes)."""
        return None

    def has_scopes(self, principal: Principal, scopes: tuple[str, ...]) -> bool:
        """Whether ``principal`` may use an operation that requires ``scopes`` (all of them)."""
        return set(scopes) <= principal.scopes
