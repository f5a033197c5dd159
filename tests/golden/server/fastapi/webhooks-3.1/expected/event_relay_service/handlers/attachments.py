"""Handlers for the operations tagged attachments: your implementation of the contract.

apigen created this module and never rewrites it.  When the contract gains an operation, `apigen
generate server` appends a stub for it to the class below; when an operation goes away, it tells
you which method to remove.  A stub raises NotImplementedError, which the service answers with
501."""

from __future__ import annotations

from typing_extensions import override

from .._generated import forms, models
from .._generated._runtime import Reply, RequestContext
from .._generated.interface import AttachmentsHandlersBase


class AttachmentsHandlers(AttachmentsHandlersBase):
    """Implement each method; the signatures come from AttachmentsHandlersBase, so mypy checks them
    against the contract.  Return the success body (a model, or a dict that validates as one),
    or Reply(status, body, headers) for any other declared response; raise Problem(status,
    title, detail) for an error document."""

    @override
    async def upload_attachment(
        self, *, body: forms.UploadAttachmentRequestForm, ctx: RequestContext
    ) -> models.Attachment | Reply:
        """POST /attachments"""
        raise NotImplementedError

    @override
    async def download_attachment(
        self, attachment_id: str, *, ctx: RequestContext
    ) -> bytes | Reply:
        """GET /attachments/{attachmentId}/content"""
        raise NotImplementedError
