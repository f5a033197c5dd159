"""Handlers for the operations tagged widgets: your implementation of the contract.

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
from .._generated.interface import WidgetsHandlersBase


class WidgetsHandlers(WidgetsHandlersBase):
    """Implement each method; the signatures come from WidgetsHandlersBase, so mypy checks them
    against the contract.  Return the success body (a model, or a dict that validates as one),
    or Reply(status, body, headers) for any other declared response; raise Problem(status,
    title, detail) for an error document."""

    @override
    def list_widgets(
        self, *, limit: Annotated[int, Field(ge=1, le=100)], cursor: str | None, ctx: RequestContext
    ) -> models.WidgetPage | Reply:
        """GET /widgets"""
        raise NotImplementedError

    @override
    def create_widget(self, *, body: models.Widget, ctx: RequestContext) -> models.Widget | Reply:
        """POST /widgets"""
        raise NotImplementedError

    @override
    def list_all_widgets(self, *, ctx: RequestContext) -> list[models.Widget] | Reply:
        """GET /widgets/all"""
        raise NotImplementedError

    @override
    def get_widget(
        self, widget_id: Annotated[str, Field(pattern="^w[0-9]+$")], *, ctx: RequestContext
    ) -> models.Widget | Reply:
        """GET /widgets/{widgetId}"""
        raise NotImplementedError

    @override
    def delete_widget(
        self, widget_id: Annotated[str, Field(pattern="^w[0-9]+$")], *, ctx: RequestContext
    ) -> Reply | None:
        """DELETE /widgets/{widgetId}"""
        raise NotImplementedError

    @override
    def publish_widget(
        self, widget_id: Annotated[str, Field(pattern="^w[0-9]+$")], *, ctx: RequestContext
    ) -> models.Widget | models.Job | Reply:
        """POST /widgets/{widgetId}/publish"""
        raise NotImplementedError

    @override
    def download_manual(
        self, widget_id: Annotated[str, Field(pattern="^w[0-9]+$")], *, ctx: RequestContext
    ) -> bytes | Reply:
        """GET /widgets/{widgetId}/manual"""
        raise NotImplementedError

    @override
    def get_widget_label(
        self, widget_id: Annotated[str, Field(pattern="^w[0-9]+$")], *, ctx: RequestContext
    ) -> str | Reply:
        """GET /widgets/{widgetId}/label"""
        raise NotImplementedError
