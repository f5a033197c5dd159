"""Handlers for untagged operations: your implementation of the contract.

apigen created this module and never rewrites it.  When the contract gains an operation, `apigen
generate server` appends a stub for it to the class below; when an operation goes away, it tells
you which method to remove.  A stub raises NotImplementedError, which the service answers with
501."""

from __future__ import annotations

from typing_extensions import override

from .._generated import models
from .._generated._runtime import Reply, RequestContext
from .._generated.interface import DefaultHandlersBase


class DefaultHandlers(DefaultHandlersBase):
    """Implement each method; the signatures come from DefaultHandlersBase, so mypy checks them
    against the contract.  Return the success body (a model, or a dict that validates as one),
    or Reply(status, body, headers) for any other declared response; raise Problem(status,
    title, detail) for an error document."""

    @override
    async def get_health(self, *, ctx: RequestContext) -> models.Echo | Reply:
        """GET /health"""
        raise NotImplementedError
