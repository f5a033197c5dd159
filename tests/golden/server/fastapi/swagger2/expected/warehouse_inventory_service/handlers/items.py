"""Handlers for the operations tagged items: your implementation of the contract.

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
from .._generated.interface import ItemsHandlersBase


class ItemsHandlers(ItemsHandlersBase):
    """Implement each method; the signatures come from ItemsHandlersBase, so mypy checks them
    against the contract.  Return the success body (a model, or a dict that validates as one),
    or Reply(status, body, headers) for any other declared response; raise Problem(status,
    title, detail) for an error document."""

    @override
    async def list_items(
        self,
        *,
        page: Annotated[int, Field(ge=1)],
        page_size: Annotated[int, Field(ge=1, le=200)],
        sku: list[str] | None,
        ctx: RequestContext,
    ) -> list[models.Item] | Reply:
        """GET /items"""
        raise NotImplementedError

    @override
    async def create_item(
        self, *, body: models.NewItem, ctx: RequestContext
    ) -> models.Item | Reply:
        """POST /items"""
        raise NotImplementedError

    @override
    async def get_item(
        self, item_id: Annotated[int, Field(ge=1)], *, ctx: RequestContext
    ) -> models.Item | Reply:
        """GET /items/{itemId}"""
        raise NotImplementedError

    @override
    async def delete_item(
        self, item_id: Annotated[int, Field(ge=1)], *, ctx: RequestContext
    ) -> Reply | None:
        """DELETE /items/{itemId}"""
        raise NotImplementedError

    @override
    async def adjust_stock(
        self,
        item_id: Annotated[int, Field(ge=1)],
        *,
        body: models.StockAdjustment,
        ctx: RequestContext,
    ) -> models.Item | Reply:
        """PATCH /items/{itemId}"""
        raise NotImplementedError
