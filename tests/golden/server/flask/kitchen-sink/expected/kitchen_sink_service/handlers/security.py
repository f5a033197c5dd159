"""Handlers for the operations tagged security: your implementation of the contract.

apigen created this module and never rewrites it.  When the contract gains an operation, `apigen
generate server` appends a stub for it to the class below; when an operation goes away, it tells
you which method to remove.  A stub raises NotImplementedError, which the service answers with
501."""

from __future__ import annotations

from typing_extensions import override

from .._generated import models
from .._generated._runtime import Reply, RequestContext
from .._generated.interface import SecurityHandlersBase


class SecurityHandlers(SecurityHandlersBase):
    """Implement each method; the signatures come from SecurityHandlersBase, so mypy checks them
    against the contract.  Return the success body (a model, or a dict that validates as one),
    or Reply(status, body, headers) for any other declared response; raise Problem(status,
    title, detail) for an error document."""

    @override
    def auth_api_key_header(self, *, ctx: RequestContext) -> models.Echo | Reply:
        """GET /auth/api-key-header"""
        raise NotImplementedError

    @override
    def auth_api_key_query(self, *, ctx: RequestContext) -> models.Echo | Reply:
        """GET /auth/api-key-query"""
        raise NotImplementedError

    @override
    def auth_api_key_cookie(self, *, ctx: RequestContext) -> models.Echo | Reply:
        """GET /auth/api-key-cookie"""
        raise NotImplementedError

    @override
    def auth_basic(self, *, ctx: RequestContext) -> models.Echo | Reply:
        """GET /auth/basic"""
        raise NotImplementedError

    @override
    def auth_bearer(self, *, ctx: RequestContext) -> models.Echo | Reply:
        """GET /auth/bearer"""
        raise NotImplementedError

    @override
    def auth_oauth2(self, *, ctx: RequestContext) -> models.Echo | Reply:
        """GET /auth/oauth2"""
        raise NotImplementedError

    @override
    def auth_combined(self, *, ctx: RequestContext) -> models.Echo | Reply:
        """GET /auth/combined"""
        raise NotImplementedError
