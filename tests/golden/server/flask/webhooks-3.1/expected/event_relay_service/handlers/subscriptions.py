"""Handlers for the operations tagged subscriptions: your implementation of the contract.

apigen created this module and never rewrites it.  When the contract gains an operation, `apigen
generate server` appends a stub for it to the class below; when an operation goes away, it tells
you which method to remove.  A stub raises NotImplementedError, which the service answers with
501."""

from __future__ import annotations

import uuid as _uuid

from typing_extensions import override

from .._generated import models
from .._generated._runtime import Reply, RequestContext
from .._generated.interface import SubscriptionsHandlersBase


class SubscriptionsHandlers(SubscriptionsHandlersBase):
    """Implement each method; the signatures come from SubscriptionsHandlersBase, so mypy checks
    them against the contract.  Return the success body (a model, or a dict that validates as
    one), or Reply(status, body, headers) for any other declared response; raise Problem(status,
    title, detail) for an error document."""

    @override
    def list_subscriptions(
        self, *, filter: models.ListSubscriptionsFilter | None, ctx: RequestContext
    ) -> list[models.Subscription] | Reply:
        """GET /subscriptions"""
        raise NotImplementedError

    @override
    def subscribe(
        self, *, body: models.NewSubscription, ctx: RequestContext
    ) -> models.Subscription | Reply:
        """POST /subscriptions"""
        raise NotImplementedError

    @override
    def get_subscription(
        self, subscription_id: _uuid.UUID, *, ctx: RequestContext
    ) -> models.Subscription | Reply:
        """GET /subscriptions/{subscriptionId}"""
        raise NotImplementedError

    @override
    def unsubscribe(self, subscription_id: _uuid.UUID, *, ctx: RequestContext) -> Reply | None:
        """DELETE /subscriptions/{subscriptionId}"""
        raise NotImplementedError
