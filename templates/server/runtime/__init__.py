"""Runtime of the generated server: copied verbatim into ``<package>/_generated/_runtime/``.

No dependency on apigen.  The core (every module but the adapters) imports only pydantic;
``fastapi_adapter`` imports FastAPI, ``flask_adapter`` Flask, and a generated project holds
only the adapter of its framework (import it by module, it is not re-exported here).

API summary (what generated code uses; keep current):

- ``spec``: frozen dataclasses the generated ``operations.py`` instantiates.
  ``ParamSpec(name, wire, location, style, explode, required, shape="scalar",
  default=MISSING, allow_empty=False, properties=(), content=None)``;
  ``MediaSpec(media_type, kind)`` with kind ``json|form|multipart|binary|text``;
  ``BodySpec(required, media)``; ``ResponseSpec(status, media=(), headers=(), pointer="")``;
  ``SchemeSpec(name, kind, location=None, wire_name=None, scheme_name=None)`` with kind
  ``apiKey|basic|bearer|oauth2|openIdConnect|other``;
  ``SecurityRequirement = tuple[tuple[scheme, tuple[scope, ...]], ...]`` (AND; ``()`` =
  anonymous allowed); ``OperationSpec(operation_id, method, path, tag_module, handler,
  params=(), body=None, responses=(), security=None, deprecated=False, types=...)`` where
  ``security`` is a tuple of alternatives (OR), ``None``/``()`` = no security, and
  ``types`` a zero-arg callable returning ``OperationTypes(params={py name: annotation},
  body={media type: annotation}, responses={status: annotation or None})``, called once on
  first use.  ``media_kind(media_type)`` classifies a media type.
- ``request``: ``RawRequest`` (adapter -> core), ``UploadedFile(filename, content_type,
  data)``, ``Headers`` (case-insensitive mapping).
- ``security``: ``Principal(subject, scopes=frozenset(), claims={})``; ``SecurityHooks``
  with ``api_key(scheme, key)``, ``basic(scheme, username, password)``,
  ``bearer(scheme, token)`` -> ``Principal | None`` (deny by default) and
  ``has_scopes(principal, scopes)``.
- ``context``: ``RequestContext(principal, headers, request, operation_id)`` (``ctx``).
- ``problems``: ``Problem(status, title=None, detail=None, *, errors=(), headers=None)``,
  raise it from a handler; rendered as ``application/problem+json``.
- ``responses``: ``Reply(status, body=None, headers={}, media_type=None)``; ``RawResponse``.
- adapters: ``build_app(operations, handlers, hooks, contract, *, schemes=None,
  mock=False, title=None, version=None)`` -> ``FastAPI`` / ``Flask``.  ``handlers`` maps
  ``OperationSpec.tag_module`` to the handler object whose method ``OperationSpec.handler``
  serves the operation; ``contract`` is the OpenAPI document served at ``/openapi.json``;
  ``schemes`` maps scheme names to ``SchemeSpec``; ``mock`` is the generation-time default,
  env ``APIGEN_MOCK=1``/``0`` overrides it at run time.
"""

from .context import RequestContext
from .problems import PROBLEM_JSON, Problem
from .request import Headers, RawRequest, UploadedFile
from .responses import RawResponse, Reply
from .security import Principal, SecurityHooks
from .spec import (
    MISSING,
    BodySpec,
    MediaSpec,
    OperationSpec,
    OperationTypes,
    ParamSpec,
    ResponseSpec,
    SchemeSpec,
    SecurityRequirement,
    media_kind,
)

__all__ = [
    "MISSING",
    "PROBLEM_JSON",
    "BodySpec",
    "Headers",
    "MediaSpec",
    "OperationSpec",
    "OperationTypes",
    "ParamSpec",
    "Principal",
    "Problem",
    "RawRequest",
    "RawResponse",
    "Reply",
    "RequestContext",
    "ResponseSpec",
    "SchemeSpec",
    "SecurityHooks",
    "SecurityRequirement",
    "UploadedFile",
    "media_kind",
]
