"""The exceptions a generated client raises, and the mapping from HTTP statuses to them.

Callers catch by meaning (``NotFoundError``, ``RateLimitError``, any ``ClientStatusError``)
instead of comparing status codes, and still get everything needed to debug: status, headers,
the raw body, the body parsed with the error model the spec documents, and which request failed.
Every exception derives from ``SdkError`` so "anything this client raised" is one ``except``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from ._status import match_status

OPERATION_ID_EXTENSION = "operation_id"
_BODY_EXCERPT = 200


@dataclass(frozen=True)
class RequestInfo:
    """What was being requested when an error happened (for messages and logs)."""

    method: str
    url: str
    operation_id: str | None = None

    @classmethod
    def from_request(cls, request: httpx.Request) -> RequestInfo:
        """Describe an httpx request; the client stores the operation id in its extensions."""
        operation_id = request.extensions.get(OPERATION_ID_EXTENSION)
        return cls(
            method=request.method,
            url=str(request.url),
            operation_id=operation_id if isinstance(operation_id, str) else None,
        )

    def describe(self) -> str:
        """``GET /pets/1 (getPet)``: the path only, so credentials in a query never leak."""
        path = httpx.URL(self.url).path
        suffix = f" ({self.operation_id})" if self.operation_id else ""
        return f"{self.method} {path}{suffix}"


class SdkError(Exception):
    """Base class of every exception raised by the client runtime."""


class ApiError(SdkError):
    """The server answered with an error status.

    ``body`` is the raw payload; ``parsed`` is that payload validated against the error model
    the spec documents for the status, or the plain decoded JSON when there is no model or the
    payload does not match it (an unexpected error body must not hide the error itself), or None
    when the body is not JSON.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        headers: httpx.Headers,
        body: bytes,
        parsed: Any | None,
        request: RequestInfo,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.headers = headers
        self.body = body
        self.parsed = parsed
        self.request = request
        self.response = response

    @classmethod
    def from_response(cls, response: httpx.Response, parsed: Any | None = None) -> ApiError:
        """Build the exception class that fits ``response.status_code``."""
        error_class = error_class_for(response.status_code)
        request = RequestInfo.from_request(response.request)
        reason = response.reason_phrase or "error"
        message = f"{response.status_code} {reason} from {request.describe()}"
        detail = _detail(parsed, response)
        if detail:
            message = f"{message}: {detail}"
        return error_class(
            message,
            status_code=response.status_code,
            headers=response.headers,
            body=response.content,
            parsed=parsed,
            request=request,
            response=response,
        )


class ClientStatusError(ApiError):
    """A 4xx status; the specific classes below cover the common ones."""


class BadRequestError(ClientStatusError):
    """400: the server rejected the request as malformed."""


class UnauthorizedError(ClientStatusError):
    """401: credentials missing, wrong or expired."""


class ForbiddenError(ClientStatusError):
    """403: authenticated, but not allowed to do this."""


class NotFoundError(ClientStatusError):
    """404: the resource does not exist."""


class ConflictError(ClientStatusError):
    """409: the request conflicts with the resource's current state."""


class UnprocessableEntityError(ClientStatusError):
    """422: well-formed, but semantically invalid (usually a validation failure)."""


class RateLimitError(ClientStatusError):
    """429: too many requests; raised once retries (which honour Retry-After) are used up."""


class ServerError(ApiError):
    """A 5xx status; raised once retries are used up."""


class ApiConnectionError(SdkError):
    """No usable response: connection refused or reset, DNS failure, protocol error..."""

    def __init__(self, message: str, *, request: RequestInfo | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class ApiTimeoutError(ApiConnectionError):
    """The request timed out (connect, read, write or pool timeout)."""


class ResponseValidationError(SdkError):
    """The response does not match what the spec documents for the operation.

    Raised instead of handing back half-valid data. ``validation_error`` holds pydantic's
    detailed report when the body was decoded (None for undocumented statuses); pass
    ``validate_responses=False`` to the client to receive the raw JSON instead.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        validation_error: ValidationError | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.response = response
        self.validation_error = validation_error
        self.status_code = response.status_code
        self.body = response.content


class AuthenticationError(SdkError):
    """Base class of problems with obtaining or choosing credentials (no request was made)."""


class AuthenticationRequiredError(AuthenticationError):
    """The operation needs credentials for a security scheme the client was not given."""

    def __init__(self, operation_id: str, alternatives: tuple[tuple[str, ...], ...]) -> None:
        options = " or ".join(" + ".join(names) for names in alternatives)
        super().__init__(
            f"operation {operation_id!r} requires authentication; configure credentials for: "
            f"{options}"
        )
        self.operation_id = operation_id
        self.alternatives = alternatives


class TokenRequestError(AuthenticationError):
    """The OAuth2 token endpoint refused to issue a token, or answered with something unusable."""

    def __init__(self, message: str, *, status_code: int | None, body: bytes) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.body = body


_STATUS_ERRORS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for(status_code: int) -> type[ApiError]:
    """The most specific exception class for a status code."""
    if status_code in _STATUS_ERRORS:
        return _STATUS_ERRORS[status_code]
    if 400 <= status_code < 500:
        return ClientStatusError
    if status_code >= 500:
        return ServerError
    return ApiError


def _detail(parsed: Any | None, response: httpx.Response) -> str:
    """A short human hint: a conventional message field, else the start of the body."""
    data = parsed.model_dump() if isinstance(parsed, BaseModel) else parsed
    if isinstance(data, Mapping):
        for key in ("message", "detail", "error_description", "error", "title"):
            value = data.get(key)
            if isinstance(value, str) and value:
                return value[:_BODY_EXCERPT]
    text = response.content[:_BODY_EXCERPT].decode("utf-8", "replace").strip()
    return " ".join(text.split())


def _decode_error_body(response: httpx.Response, adapter: TypeAdapter[Any] | None) -> Any | None:
    """The body validated by ``adapter``, else plain JSON, else None."""
    if not response.content:
        return None
    if adapter is not None:
        try:
            return adapter.validate_json(response.content)
        except ValidationError:
            pass  # fall back to the raw JSON below
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def raise_for_status(
    response: httpx.Response,
    error_models: Mapping[str, TypeAdapter[Any] | None] | None = None,
) -> None:
    """Raise the fitting ``ApiError`` subclass if ``response`` has a 4xx/5xx status.

    ``error_models`` maps the spec's response keys (``"404"``, ``"4XX"``, ``"default"``) to the
    adapter for that error body; the most specific key for the status is used.
    """
    if response.status_code < 400:
        return
    models = error_models or {}
    key = match_status(models, response.status_code)
    adapter = models[key] if key is not None else None
    raise ApiError.from_response(response, _decode_error_body(response, adapter))
