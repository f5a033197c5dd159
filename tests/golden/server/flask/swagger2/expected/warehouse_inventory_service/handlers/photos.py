"""Handlers for the operations tagged photos: your implementation of the contract.

apigen created this module and never rewrites it.  When the contract gains an operation, `apigen
generate server` appends a stub for it to the class below; when an operation goes away, it tells
you which method to remove.  A stub raises NotImplementedError, which the service answers with
501."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from typing_extensions import override

from .._generated import forms
from .._generated._runtime import Reply, RequestContext
from .._generated.interface import PhotosHandlersBase


class PhotosHandlers(PhotosHandlersBase):
    """Implement each method; the signatures come from PhotosHandlersBase, so mypy checks them
    against the contract.  Return the success body (a model, or a dict that validates as one),
    or Reply(status, body, headers) for any other declared response; raise Problem(status,
    title, detail) for an error document."""

    @override
    def get_photo(
        self, item_id: Annotated[int, Field(ge=1)], *, ctx: RequestContext
    ) -> bytes | Reply:
        """GET /items/{itemId}/photo"""
        raise NotImplementedError

    @override
    def upload_photo(
        self,
        item_id: Annotated[int, Field(ge=1)],
        *,
        body: forms.UploadPhotoFormForm,
        ctx: RequestContext,
    ) -> Reply | None:
        """PUT /items/{itemId}/photo"""
        raise NotImplementedError
