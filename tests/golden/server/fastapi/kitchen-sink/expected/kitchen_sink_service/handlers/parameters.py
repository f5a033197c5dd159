"""Handlers for the operations tagged parameters: your implementation of the contract.

apigen created this module and never rewrites it.  When the contract gains an operation, `apigen
generate server` appends a stub for it to the class below; when an operation goes away, it tells
you which method to remove.  A stub raises NotImplementedError, which the service answers with
501."""

from __future__ import annotations

import uuid as _uuid
from typing import Annotated

from pydantic import Field
from typing_extensions import override

from .._generated import models
from .._generated._runtime import Reply, RequestContext
from .._generated.interface import ParametersHandlersBase


class ParametersHandlers(ParametersHandlersBase):
    """Implement each method; the signatures come from ParametersHandlersBase, so mypy checks them
    against the contract.  Return the success body (a model, or a dict that validates as one),
    or Reply(status, body, headers) for any other declared response; raise Problem(status,
    title, detail) for an error document."""

    @override
    async def path_simple(
        self, color: str, colors: list[str], rgb: models.Rgb, *, ctx: RequestContext
    ) -> models.Echo | Reply:
        """GET /parameters/path/simple/{color}/{colors}/{rgb}"""
        raise NotImplementedError

    @override
    async def path_simple_explode(
        self, color: str, colors: list[str], rgb: models.Rgb, *, ctx: RequestContext
    ) -> models.Echo | Reply:
        """GET /parameters/path/simple-explode/{color}/{colors}/{rgb}"""
        raise NotImplementedError

    @override
    async def path_label(
        self, color: str, colors: list[str], rgb: models.Rgb, *, ctx: RequestContext
    ) -> models.Echo | Reply:
        """GET /parameters/path/label/{color}/{colors}/{rgb}"""
        raise NotImplementedError

    @override
    async def path_label_explode(
        self, color: str, colors: list[str], rgb: models.Rgb, *, ctx: RequestContext
    ) -> models.Echo | Reply:
        """GET /parameters/path/label-explode/{color}/{colors}/{rgb}"""
        raise NotImplementedError

    @override
    async def path_matrix(
        self, color: str, colors: list[str], rgb: models.Rgb, *, ctx: RequestContext
    ) -> models.Echo | Reply:
        """GET /parameters/path/matrix/{color}/{colors}/{rgb}"""
        raise NotImplementedError

    @override
    async def path_matrix_explode(
        self, color: str, colors: list[str], rgb: models.Rgb, *, ctx: RequestContext
    ) -> models.Echo | Reply:
        """GET /parameters/path/matrix-explode/{color}/{colors}/{rgb}"""
        raise NotImplementedError

    @override
    async def query_form(
        self,
        *,
        color: str | None,
        colors: list[str] | None,
        rgb: models.Rgb | None,
        in_stock: bool | None,
        min_weight: Annotated[float, Field(ge=0)] | None,
        sort: models.QueryFormSort | None,
        ctx: RequestContext,
    ) -> models.Echo | Reply:
        """GET /parameters/query/form"""
        raise NotImplementedError

    @override
    async def query_form_flat(
        self,
        *,
        color: str | None,
        colors: list[str] | None,
        rgb: models.Rgb | None,
        ctx: RequestContext,
    ) -> models.Echo | Reply:
        """GET /parameters/query/form-flat"""
        raise NotImplementedError

    @override
    async def query_delimited(
        self,
        *,
        spaced: list[str] | None,
        spaced_rgb: models.Rgb | None,
        piped: list[str] | None,
        piped_rgb: models.Rgb | None,
        ctx: RequestContext,
    ) -> models.Echo | Reply:
        """GET /parameters/query/delimited"""
        raise NotImplementedError

    @override
    async def query_deep_object(
        self, *, rgb: models.Rgb | None, ctx: RequestContext
    ) -> models.Echo | Reply:
        """GET /parameters/query/deep"""
        raise NotImplementedError

    @override
    async def query_extras(
        self,
        *,
        filter: models.Rgb | None,
        return_to: str | None,
        q: str | None,
        ctx: RequestContext,
    ) -> models.Echo | Reply:
        """GET /parameters/query/extras"""
        raise NotImplementedError

    @override
    async def header_params(
        self,
        *,
        x_request_id: _uuid.UUID,
        x_color: str | None,
        x_colors: list[str] | None,
        x_rgb: models.Rgb | None,
        x_rgb_exploded: models.Rgb | None,
        x_dry_run: bool | None,
        ctx: RequestContext,
    ) -> models.Echo | Reply:
        """GET /parameters/headers"""
        raise NotImplementedError

    @override
    async def cookie_params(
        self,
        *,
        color: str | None,
        colors: list[str] | None,
        rgb: models.Rgb | None,
        tag_2: list[str] | None,
        ctx: RequestContext,
    ) -> models.Echo | Reply:
        """GET /parameters/cookies"""
        raise NotImplementedError
