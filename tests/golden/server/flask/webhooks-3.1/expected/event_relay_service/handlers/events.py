"""Handlers for the operations tagged events: your implementation of the contract.

apigen created this module and never rewrites it.  When the contract gains an operation, `apigen
generate server` appends a stub for it to the class below; when an operation goes away, it tells
you which method to remove.  A stub raises NotImplementedError, which the service answers with
501."""

from __future__ import annotations

from typing_extensions import override

from .._generated import models
from .._generated._runtime import Reply, RequestContext
from .._generated.interface import EventsHandlersBase


class EventsHandlers(EventsHandlersBase):
    """Implement each method; the signatures come from EventsHandlersBase, so mypy checks them
    against the contract.  Return the success body (a model, or a dict that validates as one),
    or Reply(status, body, headers) for any other declared response; raise Problem(status,
    title, detail) for an error document."""

    @override
    def get_event(self, event_id: str, *, ctx: RequestContext) -> models.Event | Reply:
        """GET /events/{eventId}"""
        raise NotImplementedError

    @override
    def get_event_summary(self, event_id: str, *, ctx: RequestContext) -> str | Reply:
        """GET /events/{eventId}/summary"""
        raise NotImplementedError

    @override
    def get_category_tree(self, *, ctx: RequestContext) -> models.Node | Reply:
        """GET /categories/tree"""
        raise NotImplementedError
