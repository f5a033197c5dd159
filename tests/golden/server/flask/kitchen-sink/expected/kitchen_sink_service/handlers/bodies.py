"""Handlers for the operations tagged bodies: your implementation of the contract.

apigen created this module and never rewrites it.  When the contract gains an operation, `apigen
generate server` appends a stub for it to the class below; when an operation goes away, it tells
you which method to remove.  A stub raises NotImplementedError, which the service answers with
501."""

from __future__ import annotations

from typing_extensions import override

from .._generated import forms, models
from .._generated._runtime import Reply, RequestContext
from .._generated.interface import BodiesHandlersBase


class BodiesHandlers(BodiesHandlersBase):
    """Implement each method; the signatures come from BodiesHandlersBase, so mypy checks them
    against the contract.  Return the success body (a model, or a dict that validates as one),
    or Reply(status, body, headers) for any other declared response; raise Problem(status,
    title, detail) for an error document."""

    @override
    def submit_contact_form(
        self, *, body: models.ContactForm, ctx: RequestContext
    ) -> models.Echo | Reply:
        """POST /bodies/form"""
        raise NotImplementedError

    @override
    def upload_photo(
        self, *, body: forms.PhotoUploadForm, ctx: RequestContext
    ) -> models.Echo | Reply:
        """POST /bodies/upload"""
        raise NotImplementedError

    @override
    def put_blob(self, *, body: bytes, ctx: RequestContext) -> models.Echo | Reply:
        """PUT /bodies/blob"""
        raise NotImplementedError

    @override
    def post_note(self, *, body: str, ctx: RequestContext) -> models.Echo | Reply:
        """POST /bodies/note"""
        raise NotImplementedError
