"""Handlers for the operations tagged orders: your implementation of the contract.

apigen created this module and never rewrites it.  When the contract gains an operation, `apigen
generate server` appends a stub for it to the class below; when an operation goes away, it tells
you which method to remove.  A stub raises NotImplementedError, which the service answers with
501."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from typing_extensions import override

from .._generated import models
from .._generated._runtime import Reply, RequestContext
from .._generated.interface import OrdersHandlersBase


class OrdersHandlers(OrdersHandlersBase):
    """Implement each method; the signatures come from OrdersHandlersBase, so mypy checks them
    against the contract.  Return the success body (a model, or a dict that validates as one),
    or Reply(status, body, headers) for any other declared response; raise Problem(status,
    title, detail) for an error document."""

    @override
    def list_orders(
        self,
        *,
        limit: Annotated[int, Field(ge=1, le=50)],
        status: models.ListOrdersStatus | None,
        ctx: RequestContext,
    ) -> list[models.Order_2] | Reply:
        """GET /orders"""
        raise NotImplementedError

    @override
    def place_order(self, *, body: models.NewOrder, ctx: RequestContext) -> models.Order_2 | Reply:
        """POST /orders"""
        raise NotImplementedError

    @override
    def get_order(
        self, order_id: Annotated[str, Field(pattern="^ord_[a-z0-9]{8}$")], *, ctx: RequestContext
    ) -> models.Order_2 | Reply:
        """GET /orders/{orderId}"""
        raise NotImplementedError

    @override
    def cancel_order(
        self, order_id: Annotated[str, Field(pattern="^ord_[a-z0-9]{8}$")], *, ctx: RequestContext
    ) -> Reply | None:
        """DELETE /orders/{orderId}"""
        raise NotImplementedError
