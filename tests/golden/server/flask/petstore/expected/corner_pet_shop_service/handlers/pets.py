"""Handlers for the operations tagged pets: your implementation of the contract.

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
from .._generated.interface import PetsHandlersBase


class PetsHandlers(PetsHandlersBase):
    """Implement each method; the signatures come from PetsHandlersBase, so mypy checks them
    against the contract.  Return the success body (a model, or a dict that validates as one),
    or Reply(status, body, headers) for any other declared response; raise Problem(status,
    title, detail) for an error document."""

    @override
    def list_pets(
        self,
        *,
        limit: Annotated[int, Field(ge=1, le=100)],
        cursor: str | None,
        status: list[models.PetStatus] | None,
        x_request_id: Annotated[str, Field(max_length=64)] | None,
        ctx: RequestContext,
    ) -> list[models.Pet] | Reply:
        """GET /pets"""
        raise NotImplementedError

    @override
    def create_pet(
        self,
        *,
        x_request_id: Annotated[str, Field(max_length=64)] | None,
        body: models.NewPet,
        ctx: RequestContext,
    ) -> models.Pet | Reply:
        """POST /pets"""
        raise NotImplementedError

    @override
    def get_pet(
        self, pet_id: _uuid.UUID, *, if_none_match: str | None, ctx: RequestContext
    ) -> models.Pet | Reply:
        """GET /pets/{petId}"""
        raise NotImplementedError

    @override
    def update_pet(
        self, pet_id: _uuid.UUID, *, body: models.NewPet, ctx: RequestContext
    ) -> models.Pet | Reply:
        """PUT /pets/{petId}"""
        raise NotImplementedError

    @override
    def delete_pet(self, pet_id: _uuid.UUID, *, ctx: RequestContext) -> Reply | None:
        """DELETE /pets/{petId}"""
        raise NotImplementedError
