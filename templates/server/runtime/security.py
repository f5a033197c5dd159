"""Authentication: the developer's hooks, and the per-operation check the core runs.

The generated ``<package>/security.py`` subclasses :class:`SecurityHooks`; every hook
returns a :class:`Principal` to accept the credentials or ``None`` to reject them, and
the defaults reject everything, so a fresh server is closed until someone decides how
credentials are verified.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .problems import Problem
from .request import RawRequest
from .spec import SchemeSpec, SecurityRequirement
from .steps import Call, Steps

__all__ = ["Principal", "SecurityHooks", "authenticate"]


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a subject, the scopes granted, and any claims the hook extracted."""

    subject: str
    scopes: frozenset[str] = frozenset()
    claims: Mapping[str, Any] = field(default_factory=dict)


class SecurityHooks:
    """Credential verification; override the methods for the schemes the API uses.

    Hooks may be plain or ``async`` functions (FastAPI awaits them; Flask runs a coroutine
    to completion, so plain functions suit it better).  In mock mode, a hook left as
    defined here accepts any credential present, so a mock server is usable at once.
    ``scheme`` is the scheme's spec (``scheme.name`` is its key in
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


# ----------------------------------------------------------------------------- checking

_BEARER_KINDS = frozenset({"bearer", "oauth2", "openIdConnect"})


@dataclass(frozen=True, slots=True)
class _Outcome:
    """How one security alternative went."""

    principal: Principal | None = None
    missing: bool = False
    rejected: bool = False
    scopes: tuple[str, ...] = ()


def authenticate(
    security: tuple[SecurityRequirement, ...] | None,
    schemes: Mapping[str, SchemeSpec],
    raw: RawRequest,
    hooks: SecurityHooks,
    *,
    mock: bool = False,
) -> Steps[Principal | None]:
    """The caller's principal (``None``: anonymous allowed), or a 401/403 Problem raised.

    Alternatives are tried in order and the first that passes wins.  Anonymous access
    (an empty alternative) applies only when the request carries none of the credentials
    the other alternatives look for; rejected credentials never fall back to anonymous.
    In mock mode, hooks the developer has not overridden accept any credential present.
    """
    if not security:
        return None
    outcomes: list[_Outcome] = []
    anonymous = False
    for requirement in security:
        if not requirement:
            anonymous = True
            continue
        outcome = yield from _alternative(requirement, schemes, raw, hooks, mock)
        if outcome.principal is not None and not outcome.scopes:
            return outcome.principal
        outcomes.append(outcome)
    if anonymous and all(o.missing for o in outcomes):
        return None
    raise _failure(security, schemes, outcomes)


def _alternative(
    requirement: SecurityRequirement,
    schemes: Mapping[str, SchemeSpec],
    raw: RawRequest,
    hooks: SecurityHooks,
    mock: bool,
) -> Steps[_Outcome]:
    """Every scheme of one requirement must accept; the first scheme's principal is used."""
    first: Principal | None = None
    lacking: list[str] = []
    for name, scopes in requirement:
        scheme = schemes.get(name)
        credential = None if scheme is None else _credential(scheme, raw)
        if scheme is None or credential is None:
            return _Outcome(missing=True)
        if isinstance(credential, _Malformed):
            return _Outcome(rejected=True)
        principal = yield from _verify(scheme, credential, hooks, mock, scopes)
        if principal is None:
            return _Outcome(rejected=True)
        if scopes:
            allowed = yield Call(hooks.has_scopes, (principal, scopes))
            if not allowed:
                missing = [s for s in scopes if s not in principal.scopes]
                lacking.extend(missing or scopes)
        first = first or principal
    return _Outcome(principal=first, scopes=tuple(dict.fromkeys(lacking)))


class _Malformed:
    """An Authorization header for the scheme that cannot be decoded."""


def _credential(scheme: SchemeSpec, raw: RawRequest) -> tuple[str, ...] | _Malformed | None:
    """The scheme's credential as hook arguments; ``None`` when the request has none."""
    if scheme.kind == "apiKey":
        value = _api_key(scheme, raw)
        return (value,) if value else None
    authorization = raw.headers.get("authorization", "")
    kind, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.kind == "basic" and kind.lower() == "basic":
        return _basic(token)
    if scheme.kind in _BEARER_KINDS and kind.lower() == "bearer":
        return (token,) if token else _Malformed()
    return None


def _api_key(scheme: SchemeSpec, raw: RawRequest) -> str | None:
    wire = scheme.wire_name or ""
    if scheme.location == "query":
        return next((v for k, v in raw.query if k == wire), None)
    if scheme.location == "cookie":
        return raw.cookies.get(wire)
    return raw.headers.get(wire)


def _basic(token: str) -> tuple[str, str] | _Malformed:
    try:
        decoded = base64.b64decode(token, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return _Malformed()
    username, colon, password = decoded.partition(":")
    return (username, password) if colon else _Malformed()


def _verify(
    scheme: SchemeSpec,
    credential: tuple[str, ...],
    hooks: SecurityHooks,
    mock: bool,
    scopes: tuple[str, ...],
) -> Steps[Principal | None]:
    method_name = {"apiKey": "api_key", "basic": "basic"}.get(scheme.kind, "bearer")
    method = getattr(hooks, method_name)
    if mock and getattr(type(hooks), method_name) is getattr(SecurityHooks, method_name):
        return Principal("mock", frozenset(scopes))
    result = yield Call(method, (scheme, *credential))
    return result if isinstance(result, Principal) else None


def _failure(
    security: tuple[SecurityRequirement, ...],
    schemes: Mapping[str, SchemeSpec],
    outcomes: list[_Outcome],
) -> Problem:
    scoped = [o for o in outcomes if o.principal is not None]
    if scoped:
        needed = " ".join(scoped[0].scopes)
        challenge = f'Bearer error="insufficient_scope", scope="{_quote(needed)}"'
        return Problem(
            403, detail=f"insufficient scope: {needed}", headers={"WWW-Authenticate": challenge}
        )
    rejected = any(o.rejected for o in outcomes)
    detail = "credentials rejected" if rejected else "credentials required"
    names = dict.fromkeys(name for req in security for name, _ in req)
    challenges = [_challenge(schemes[n], rejected) for n in names if n in schemes]
    headers = {"WWW-Authenticate": ", ".join(dict.fromkeys(challenges)) or 'Basic realm="api"'}
    return Problem(401, detail=detail, headers=headers)


def _challenge(scheme: SchemeSpec, rejected: bool) -> str:
    """The ``WWW-Authenticate`` challenge for one scheme (RFC 9110, 6750)."""
    if scheme.kind == "basic":
        return 'Basic realm="api", charset="UTF-8"'
    if scheme.kind in _BEARER_KINDS:
        return 'Bearer realm="api", error="invalid_token"' if rejected else 'Bearer realm="api"'
    if scheme.kind == "apiKey":
        where = _quote(scheme.location or "header")
        return f'ApiKey realm="api", name="{_quote(scheme.wire_name or "")}", in="{where}"'
    token = "".join(ch for ch in (scheme.scheme_name or "") if ch.isalnum() or ch in "-_.")
    return f'{token or "Other"} realm="api"'


def _quote(text: str) -> str:
    """``text`` safe inside a quoted-string of a header (no quotes, backslashes, controls)."""
    cleaned = "".join(ch for ch in text if ch.isprintable() and ord(ch) < 128)
    return cleaned.replace("\\", "\\\\").replace('"', '\\"')
