"""How this service checks credentials.  Yours to edit: apigen creates it once, never again.

For every operation that declares security in the contract, the generated code takes the
credentials its schemes name from the request (an API key from a header, query parameter or
cookie; HTTP basic user and password; a bearer token) and calls the matching hook of
``Security``.  A missing credential is answered 401 with ``WWW-Authenticate`` before any hook
runs; a hook returning ``None`` gives 401; handlers find an accepted caller in
``ctx.principal``.
"""

from __future__ import annotations

from kitchen_sink_service._generated._runtime.security import SecurityHooks

__all__ = ["Security"]


class Security(SecurityHooks):
    """The credential checks: define the hooks your contract's security schemes use.

    A hook not defined here refuses every credential (the inherited default), so a new
    service answers 401 on every secured operation until you decide how callers are verified.
    In mock mode (``APIGEN_MOCK=1``) undefined hooks accept any credential instead, so clients
    can be tried out first.  ``scheme.name`` is the scheme's key in
    ``components.securitySchemes``; return a ``Principal`` to accept the caller, ``None`` to
    refuse.

    ``api_key(self, scheme: SchemeSpec, key: str) -> Principal | None``
        An API key (``type: apiKey``).  Look it up and return its owner; compare secrets with
        ``hmac.compare_digest``, never ``==``.
    ``basic(self, scheme: SchemeSpec, username: str, password: str) -> Principal | None``
        HTTP basic credentials.  Check the password against a stored hash (argon2, bcrypt).
    ``bearer(self, scheme: SchemeSpec, token: str) -> Principal | None``
        A bearer token: ``http`` bearer, ``oauth2`` and ``openIdConnect`` schemes.  Verify its
        signature, issuer, audience and expiry (or introspect it), and put the scopes it grants
        in the principal.
    ``has_scopes(self, principal: Principal, scopes: tuple[str, ...]) -> bool``
        Whether the principal may call an operation that requires ``scopes``; ``False`` gives
        403.  The default demands every listed scope; override it for scope hierarchies.

    For example (``Principal`` comes from ``kitchen_sink_service._generated._runtime.security``,
    ``SchemeSpec`` from ``kitchen_sink_service._generated._runtime.spec``, ``override`` from
    ``typing_extensions``)::

        @override
        def api_key(self, scheme: SchemeSpec, key: str) -> Principal | None:
            owner = find_key_owner(key)
            return Principal(subject=owner, scopes=frozenset({"pets:read"})) if owner else None

    Hooks may be ``async def`` with FastAPI; Flask needs plain functions.
    """
